"""The faultbook command: --help, exit codes, one-line errors."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from faultbook.cli import COMMANDS, build_parser, main
from tests.report.samples import write_run


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def empty_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    state = tmp_path / "state"
    monkeypatch.setenv("FAULTBOOK_STATE_DIR", str(state))
    return state


def test_every_registered_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    names = [name.rsplit(".", 1)[-1] for name in COMMANDS]
    assert {"health", "diagnose", "report"} <= set(names)
    for name in names:
        with pytest.raises(SystemExit) as done:
            main([name, "--help"])
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith(f"usage: faultbook {name}") and "exit codes" in out


def test_console_script_help() -> None:
    done = subprocess.run([sys.executable, "-m", "faultbook.cli", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "health" in done.stdout and "diagnose" in done.stdout


def test_no_command_and_unknown_option_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(["health", "--bogus"])
    assert done.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--bogus" in err and "--help" in err


def test_bad_stack_id_is_one_line(empty_state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["health", "--stack", "nope"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no running stack" in err
    (empty_state / "stacks").mkdir(parents=True)
    (empty_state / "stacks" / "1-1.json").write_text(json.dumps(
        {"id": "1-1", "runtime": "process", "updated": 1.0, "services": []}))
    for argv in (["health", "--stack", "nope"], ["diagnose", "--stack", "nope"]):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1
        assert "no stack with id 'nope'" in err and "1-1" in err and "--stack latest" in err


def test_unreachable_endpoint_is_a_finding(empty_state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = _closed_port()
    assert main(["health", "--redis", f"127.0.0.1:{port}", "--postgres", f"127.0.0.1:{port}"]) == 1
    captured = capsys.readouterr()
    assert "redis-cli PING" in captured.out and "FAIL" in captured.out
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and f"127.0.0.1:{port}" in err and "2 of 2 checks failed" in err


def test_manager_both_paths_reported(empty_state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = _closed_port()
    assert main(["health", "--manager", f"http://127.0.0.1:{port}", "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [r["check"] for r in rows] == ["GET /server/version", "GET /"]


def test_malformed_endpoints_are_usage_errors(empty_state: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    for argv, fix in ((["health", "--redis", "localhost"], "--redis 127.0.0.1:6379"),
                      (["health", "--manager", "127.0.0.1:8081"], "--manager http://127.0.0.1:8081"),
                      (["diagnose", "--endpoints", "redis"], "KIND=ADDR"),
                      (["diagnose", "--log-file", "/nonexistent/x.log"], "--log-file")):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and fix in err, err


def test_report_renders_and_exits_1_on_failures(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    run_dir = write_run(tmp_path / "run")
    assert main(["report", str(run_dir)]) == 1
    assert capsys.readouterr().out.strip() == str((run_dir / "report.html").resolve())
    assert "<svg" in (run_dir / "report.html").read_text()
    assert not (run_dir / "faultbook.html").exists()
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert "not a folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty")]) == 2
    capsys.readouterr()
    assert main(["report"]) == 2
    assert main(["report", str(run_dir), "--merge", str(run_dir)]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2 and "name a run folder" in errors[0] and "not both" in errors[1]


def test_progress_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_dir = write_run(tmp_path / "run")
    main(["report", str(run_dir)])
    assert capsys.readouterr().err == ""
    main(["report", str(run_dir), "--progress"])
    assert "[3/3]" in capsys.readouterr().err


def test_parser_builds_once_per_module() -> None:
    parser = build_parser()
    assert parser.parse_args(["report", "x"]).command == "report"
