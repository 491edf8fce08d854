"""Two runs at once, and a run with -n 2, do not collide on ports, names or data."""

from __future__ import annotations

from pathlib import Path

from tests.childrun import ChildRun


def test_two_runs_at_once(runtime: str, tmp_path: Path) -> None:
    runs = [
        ChildRun(["tests/inner/serve_stack.py", f"--runtime={runtime}"], tmp_path / f"r{i}")
        for i in range(2)
    ]
    codes = [run.wait(within=300) for run in runs]
    assert codes == [0, 0], "\n---\n".join(run.tail() for run in runs)


def test_xdist_two_workers(runtime: str, tmp_path: Path) -> None:
    run = ChildRun(
        ["tests/inner/serve_stack.py", f"--runtime={runtime}", "-n", "2"], tmp_path / "r"
    )
    assert run.wait(within=300) == 0, run.tail()
    assert any("2 passed" in line for line in run.output), run.tail()
