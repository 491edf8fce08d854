"""`faultbook diagnose` and `faultbook health` against a stack the suite started, in both runtimes."""

from __future__ import annotations

import json
import re
import tarfile
from pathlib import Path

import pytest

from faultbook.cli import main
from faultbook.fixtures import StackMaker
from scenarios.backendai.service import Dependencies, ManagerSpec
from scenarios.pmbmpd.spec import PmbmpdSpec


def _read(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        out = {}
        for member in tar.getmembers():
            f = tar.extractfile(member)
            if f is not None:
                out[member.name.split("/", 1)[1]] = f.read()
    return out


def test_health_of_a_suite_stack(stack: StackMaker, runtime: str, capsys: pytest.CaptureFixture[str]) -> None:
    st = stack("postgres", "redis", "etcd")
    assert main(["health", "--stack", st.id]) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    for check in ("pg_isready", "redis-cli PING", "etcdctl endpoint health", "status"):
        assert re.search(rf"{re.escape(check)}\s.*\sok\s", out), out


def test_diagnose_bundle_of_a_suite_stack(stack: StackMaker, runtime: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    st = stack("postgres", "redis", "etcd")
    archive = tmp_path / "bundle.tar.gz"
    code = main(["diagnose", "--stack", st.id, "-o", str(archive)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.strip() == str(archive)
    files = _read(archive)
    manifest = json.loads(files["MANIFEST.json"])
    assert manifest["problems"] == []
    assert set(manifest["files"]) == set(files) - {"MANIFEST.json"}
    summary = files["SUMMARY.txt"].decode()
    assert "health: " in summary and " 0 failed" in summary
    assert b"uname: Linux" in files["system_info.txt"]
    health = json.loads(files["health.json"])
    assert {h["check"] for h in health} >= {"pg_isready", "redis-cli PING", "etcdctl endpoint health",
                                            "status"}
    assert all(h["state"] == "ok" for h in health), health
    assert json.loads(files["stack.json"])["id"] == st.id
    logs = {name: data.decode() for name, data in files.items() if name.startswith("logs/")}
    joined = "\n".join(logs.values())
    assert "database system is ready to accept connections" in joined
    assert "Ready to accept connections" in joined
    assert "ready to serve client requests" in joined
    if runtime == "container":
        assert b"engine version:" in files["system_info.txt"]
        assert len([n for n in files if n.startswith("containers/")]) == 3
        assert any(n.startswith("networks/") for n in files)
        assert "images.txt" in files
        status = files["containers_status.txt"].decode()
        assert status.count("running") >= 3, status
        # container logs carry the engine's timestamps
        assert all(re.match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", text) for text in logs.values())
    else:
        procs = json.loads(files["processes.json"])
        assert {p["component"] for p in procs} == {"postgres", "redis", "etcd"}
        assert all(p["ok"] and p["cmdline"] for p in procs), procs
        assert len(logs) == 3


def test_diagnose_bundles_every_config_of_the_stack(stack: StackMaker, runtime: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    st = stack("postgres", "redis", "etcd")
    if runtime == "process":
        st.add(PmbmpdSpec())  # a collector: its config file is written at launch
    archive = tmp_path / "bundle.tar.gz"
    assert main(["diagnose", "--stack", st.id, "-o", str(archive)]) == 0, capsys.readouterr().err
    files = _read(archive)
    assert json.loads(files["MANIFEST.json"])["problems"] == []
    assert b"listen_addresses" in files["configs/postgres/command.txt"]
    assert b"max_connections" in files["configs/postgres/postgresql.conf"]
    assert b"trust" in files["configs/postgres/pg_hba.conf"]
    assert b"redis-server" in files["configs/redis/command.txt"]
    assert b"etcd" in files["configs/etcd/command.txt"]
    if runtime == "process":
        assert b"bmp_daemon_port:" in files["configs/pmbmpd/pmbmpd.conf"]


def test_the_manager_names_its_manager_toml(tmp_path: Path) -> None:
    spec = ManagerSpec(tmp_path / "venv", Dependencies(5432, 6379, 2379), tmp_path / "keys")
    ports = {"api": 8081, "internal": 8080, "termui": 1, "webui": 2, "metric": 3}
    launch = spec.process_launch(tmp_path, ports)
    assert launch.config_files == (tmp_path / "manager.toml",)
    assert "[db]" in launch.config_files[0].read_text()
