"""A run interrupted by SIGINT, or killed by SIGKILL, leaves nothing once the next run started."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from faultbook.cleanup import owned_processes
from faultbook.ownership import LABEL, LABEL_RUN
from faultbook.ports import listening_ports
from faultbook.session import RunState
from tests.childrun import ChildRun


def leftovers(state: RunState, info: dict[str, object]) -> dict[str, list[object]]:
    """What of the child run is still here: processes, listening ports, containers, networks."""
    procs = [p.pid for p, _ in owned_processes(str(info["owner"]))]
    listening = listening_ports()
    ports = [p for p in info["ports"] if p in listening]  # type: ignore[attr-defined]
    containers: list[object] = []
    networks: list[object] = []
    engine = state.engine_if_up()
    if engine is not None:
        filt: dict[str, str | list[str] | bool] = {"label": [f"{LABEL}=1", f"{LABEL_RUN}={info['run']}"]}
        containers = [c.name for c in engine.client.containers.list(all=True, filters=filt)]
        networks = [n.name for n in engine.client.networks.list(filters=filt)]
    return {"processes": procs, "ports": ports, "containers": containers, "networks": networks}


def start_holder(tmp_path: Path, runtime: str) -> tuple[ChildRun, dict[str, object]]:
    info_file = tmp_path / "hold.json"
    child = ChildRun(
        ["tests/inner/hold_stack.py", f"--runtime={runtime}"],
        tmp_path / "reports",
        {"FAULTBOOK_HOLD_INFO": str(info_file)},
    )
    if not child.wait_line("FAULTBOOK-HOLD-READY", within=120):
        child.wait(5)
        pytest.fail(f"child run never held its stack:\n{child.tail()}")
    return child, json.loads(info_file.read_text())


def test_sigint_leaves_nothing(faultbook_state: RunState, runtime: str, tmp_path: Path) -> None:
    child, info = start_holder(tmp_path, runtime)
    assert info["ports"], info
    child.proc.send_signal(signal.SIGINT)
    code = child.wait(within=90)
    assert code != 0, child.tail()
    left = leftovers(faultbook_state, info)
    assert left == {"processes": [], "ports": [], "containers": [], "networks": []}, left


def test_sigkill_swept_by_next_run(faultbook_state: RunState, runtime: str, tmp_path: Path) -> None:
    child, info = start_holder(tmp_path, runtime)
    child.proc.send_signal(signal.SIGKILL)
    assert child.wait(within=30) == -signal.SIGKILL
    before = leftovers(faultbook_state, info)
    assert before["ports"], f"a SIGKILLed runner should have left its stack running: {before}"
    nxt = ChildRun(["tests/inner/noop.py", f"--runtime={runtime}"], tmp_path / "reports2")
    assert nxt.wait(within=120) == 0, nxt.tail()
    assert "left by dead runs" in "\n".join(nxt.output), nxt.tail()
    after = leftovers(faultbook_state, info)
    assert after == {"processes": [], "ports": [], "containers": [], "networks": []}, after
