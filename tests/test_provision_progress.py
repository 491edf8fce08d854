"""Provisioning's progress: a line per step with its duration, a live status on a terminal only."""

from __future__ import annotations

import io
import re
import threading

import pytest

from faultbook.provision import ProvisionError
from faultbook.provision.progress import StepProgress, run_steps


class Terminal(io.StringIO):
    """A stream that says when the live status line was drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn = threading.Event()

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text.endswith("s") and "..." in text:
            self.drawn.set()
        return super().write(text)


def test_a_line_per_step_and_a_final_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    out = Terminal()
    progress = StepProgress("prov", out)
    assert not progress.live  # quiet under CI, even on a terminal
    with progress.step("packages") as step:
        step.note = "3 installed"
    with pytest.raises(RuntimeError), progress.step("image"):
        raise RuntimeError("boom")
    progress.finish("3 package(s) installed")
    lines = out.getvalue().splitlines()
    assert re.fullmatch(r"prov: packages: 3 installed \(\d+\.\ds\)", lines[0])
    assert re.fullmatch(r"prov: image: failed \(\d+\.\ds\)", lines[1])
    assert re.fullmatch(r"prov: done in \d+\.\ds: 3 package\(s\) installed", lines[2])
    assert "\r" not in out.getvalue()


def test_live_status_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    out = Terminal()
    progress = StepProgress("prov", out)
    assert progress.live
    with progress.step("image") as step:
        assert out.drawn.wait(10), "no live status line while the step ran"
        step.note = "built"
    assert re.search(r"\r\x1b\[Kprov: image\.\.\. \d+s", out.getvalue())
    assert re.search(r"prov: image: built \(\d+\.\ds\)\n$", out.getvalue())


def test_a_failing_step_is_one_line_naming_the_fix(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")

    def steps(progress: StepProgress) -> str:
        with progress.step("image"):
            raise ProvisionError("mmdebstrap exited with 1; fix: see build.log")

    assert run_steps("prov", steps) == 1
    err = capsys.readouterr().err.splitlines()
    assert re.fullmatch(r"prov: image: failed \(\d+\.\ds\)", err[0])
    assert err[1:] == ["prov: error: mmdebstrap exited with 1; fix: see build.log"]
    assert run_steps("prov", lambda progress: "nothing to do") == 0
    assert re.fullmatch(r"prov: done in \d+\.\ds: nothing to do\n", capsys.readouterr().err)
