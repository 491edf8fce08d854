"""Bad input gets one clear line naming the fix."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from faultbook.config import Settings
from faultbook.errors import ConfigError, MissingBinaryError, PortInUseError, UnknownRuntimeError
from faultbook.ports import PortAllocator
from faultbook.services.registry import spec_for
from faultbook.stack import Stack
from tests.childrun import ROOT


def run_pytest(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full_env = {**os.environ, **(env or {})}
    full_env.pop("FAULTBOOK_RUN_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=full_env,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def error_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("ERROR:")]


def test_unknown_runtime_is_one_line(tmp_path: Path) -> None:
    done = run_pytest(
        "tests/inner/noop.py", "--runtime=bogus", "--faultbook-reports", str(tmp_path)
    )
    assert done.returncode == 4
    assert error_lines(done) == [
        "ERROR: unknown runtime 'bogus': use --runtime=auto, --runtime=container or --runtime=process"
    ]


def test_unreachable_engine_is_one_line(tmp_path: Path) -> None:
    done = run_pytest(
        "tests/inner/noop.py",
        "--runtime=container",
        "--faultbook-reports",
        str(tmp_path),
        env={"DOCKER_HOST": "unix:///nonexistent/engine.sock"},
    )
    assert done.returncode == 4
    (line,) = error_lines(done)
    assert line.startswith(
        "ERROR: container engine at unix:///nonexistent/engine.sock is unreachable"
    )
    assert "python -m faultbook.provision" in line and "--runtime=process" in line


def test_unknown_scenario_is_one_line(tmp_path: Path) -> None:
    done = run_pytest(
        "tests/inner/noop.py",
        "--runtime=process",
        "--scenario",
        "no-such-fault",
        "--faultbook-reports",
        str(tmp_path),
    )
    assert done.returncode == 4
    (line,) = error_lines(done)
    assert line.startswith("ERROR: unknown scenario 'no-such-fault'")


def test_malformed_setting_is_one_line(tmp_path: Path) -> None:
    done = run_pytest(
        "tests/inner/noop.py",
        "--runtime=process",
        "--faultbook-reports",
        str(tmp_path),
        env={"FAULTBOOK_START_TIMEOUT": "soon"},
    )
    assert done.returncode == 4
    assert error_lines(done) == [
        "ERROR: FAULTBOOK_START_TIMEOUT='soon' is not a number: set it to seconds, "
        "e.g. FAULTBOOK_START_TIMEOUT=30"
    ]


def test_unknown_runtime_in_settings() -> None:
    with pytest.raises(UnknownRuntimeError, match="use --runtime=auto"):
        Settings(runtime="vm")


def test_missing_binary_names_the_package(tmp_path: Path) -> None:
    settings = Settings(
        runtime="process",
        state_dir=tmp_path / "state",
        data_root=tmp_path / "data",
        pg_bin=Path("/nonexistent/pg/bin"),
    )
    with (
        Stack(settings, "process", tmp_path / "logs", kinds=spec_for) as st,
        pytest.raises(MissingBinaryError) as caught,
    ):
        st.add("postgres")
    message = str(caught.value)
    assert message == (
        "/nonexistent/pg/bin/postgres not found: install it with "
        "`apt-get install -y postgresql-15` or run `python -m faultbook.provision`"
    )


def test_port_held_by_a_stranger_names_it(tmp_path: Path) -> None:
    stranger = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import socket,sys,time\n"
            "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); print(s.getsockname()[1], flush=True)\n"
            "sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert stranger.stdout is not None
        port = int(stranger.stdout.readline())
        allocator = PortAllocator(tmp_path / "ports", (20000, 32000))
        with pytest.raises(PortInUseError) as caught:
            allocator.claim(port)
        assert str(caught.value) == (
            f"port {port} on 127.0.0.1 is held by pid {stranger.pid} (python3), which this suite "
            "did not start: stop it or choose another port"
        ) or str(caught.value).startswith(
            f"port {port} on 127.0.0.1 is held by pid {stranger.pid} ("
        )
    finally:
        stranger.kill()
        stranger.wait()


def test_bad_port_range() -> None:
    with pytest.raises(ConfigError, match="FAULTBOOK_PORT_RANGE"):
        Settings.from_env({"FAULTBOOK_PORT_RANGE": "lots"})


def test_squatted_service_port_fails_with_the_services_own_line(tmp_path: Path) -> None:
    settings = Settings(
        runtime="process", state_dir=tmp_path / "state", data_root=tmp_path / "data"
    )
    with Stack(settings, "process", tmp_path / "logs", kinds=spec_for) as st:
        redis = st.add("redis", start=False)
        with socket.socket() as squatter:
            squatter.bind(("127.0.0.1", redis.endpoint.port))
            squatter.listen()
            with pytest.raises(Exception, match="not ready") as caught:
                redis.start()
        lines = [line.text for line in st.timeline.lines("redis")]
        assert any("Address already in use" in line for line in lines), lines
        assert "redis" in str(caught.value)


def test_a_second_service_of_one_component_name_is_refused(tmp_path: Path) -> None:
    settings = Settings(
        runtime="process", state_dir=tmp_path / "state", data_root=tmp_path / "data"
    )
    with Stack(settings, "process", tmp_path / "logs", kinds=spec_for) as st:
        first = st.add("redis", start=False)
        with pytest.raises(ConfigError, match="component name of its own"):
            st.add("redis", start=False)
        second = st.add("redis", component="redis-2", start=False)
        assert st.services == {"redis": first, "redis-2": second}
