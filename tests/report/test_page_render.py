"""A real run's pages rendered by headless Chromium: not blank, and every timeline drawn."""

from __future__ import annotations

from pathlib import Path

from faultbook.cli import main
from tests.childrun import ChildRun
from tests.report.browser import chromium, measure, screenshot
from tests.report.png import read_png

MAX_HEIGHT = 6000


def _check_page(page: Path, shot: Path, timelines: int, query: str = "") -> None:
    layout = measure(page, query)
    boxes = layout["boxes"]
    assert len(boxes) == timelines, f"{page.name}: {len(boxes)} timelines laid out, wanted {timelines}"
    height = min(int(layout["height"]) + 20, MAX_HEIGHT)
    image = read_png(screenshot(page, shot, height, query))
    assert image.ink() > 0.02, f"{page.name}: the screenshot is blank ({shot})"
    for x, y, w, h in boxes:
        assert w > 500 and h > 100, f"{page.name}: a timeline is {w:.0f}x{h:.0f}px"
        if y + h <= image.height:
            ink = image.ink(int(x), int(y), int(x + w), int(y + h))
            assert ink > 0.02, f"{page.name}: the timeline at y={y:.0f} is blank ({ink:.3f}, {shot})"


def test_real_run_renders_in_chromium(tmp_path: Path) -> None:
    chromium()
    child = ChildRun(["tests/report/inner/page_run.py", "--runtime=process"], tmp_path / "reports")
    assert child.wait(within=240) == 1, child.tail()  # one test fails on purpose
    run_dir = next(p for p in (tmp_path / "reports").iterdir() if p.is_dir() and not p.is_symlink())
    assert main(["report", str(run_dir)]) == 1
    _check_page(run_dir / "faultbook.html", tmp_path / "faultbook.png", timelines=2)
    # pytest-html collapses passed rows; ?collapsed= expands all of them
    _check_page(run_dir / "report.html", tmp_path / "report.png", timelines=2, query="?collapsed=")
