"""A real run's report as a person opens it in Chromium: written when the run ends, labels
right, every timeline drawn, and a catalog-sized run's report under the size bound."""

from __future__ import annotations

import re
from pathlib import Path

from faultbook.cli import main
from tests.childrun import ChildRun
from tests.report.browser import (
    TIMELINES_ONLY,
    chromium,
    first_log_expanded,
    measure,
    screenshot,
)
from tests.report.png import read_png
from tests.report.scale import scale_run

MAX_HEIGHT = 6000
#: the catalog's 57 tests and a few more
CARDS = 60
MAX_OCTETS = 10_000_000


def _check_timelines(page: Path, shot: Path, timelines: int) -> None:
    """Every timeline laid out at a readable size and drawn (its pixels not blank)."""
    layout = measure(page, extra=TIMELINES_ONLY)
    boxes = layout["boxes"]
    assert len(boxes) == timelines, f"{page.name}: {len(boxes)} timelines laid out, wanted {timelines}"
    image = read_png(screenshot(page, shot, int(layout["height"]) + 20, extra=TIMELINES_ONLY))
    for x, y, w, h in boxes:
        assert w > 500 and h > 100, f"{page.name}: a timeline is {w:.0f}x{h:.0f}px"
        ink = image.ink(int(x), int(y), int(x + w), int(y + h))
        assert ink > 0.02, f"{page.name}: the timeline at y={y:.0f} is blank ({ink:.3f}, {shot})"


def _check_labels(page: str) -> None:
    rows = re.findall(r"<tr><td><a href='#[^']+'>([^<]+)</a></td><td>(\w+)</td><td>([^<]+)</td>",
                      page)
    assert rows, "no summary rows"
    assert len({name for name, _, _ in rows}) == len(rows), "two rows carry the same name"
    for name, stack_rt, system_rt in rows:
        assert stack_rt in ("container", "process"), (name, stack_rt)
        assert re.fullmatch(r"(\w[\w-]*: (container|process)(, )?)+|container|process", system_rt), \
            (name, system_rt)


def test_run_writes_its_report_and_it_renders(tmp_path: Path) -> None:
    chromium()
    child = ChildRun(["tests/report/inner/page_run.py", "--runtime=process"], tmp_path / "reports")
    assert child.wait(within=240) == 1, child.tail()  # one test fails on purpose
    run_dir = next(p for p in (tmp_path / "reports").iterdir() if p.is_dir() and not p.is_symlink())
    page = run_dir / "report.html"
    assert page.is_file(), "the run wrote no report.html"
    assert sorted(p.name for p in run_dir.glob("*.html")) == ["report.html"]
    assert f"faultbook: report {page}" in child.tail()
    _check_labels(page.read_text())
    layout = measure(page)
    image = read_png(screenshot(page, tmp_path / "report.png",
                                min(int(layout["height"]) + 20, MAX_HEIGHT)))
    assert image.ink() > 0.02, "the report's screenshot is blank"
    _check_timelines(page, tmp_path / "timelines.png", timelines=2)
    logs = {p.read_text() for p in run_dir.glob("*/logs/*.log") if p.stat().st_size}
    shown = first_log_expanded(page)
    assert shown in logs, shown[:200]

    catalog = scale_run(run_dir, tmp_path / "catalog", CARDS)
    assert main(["report", str(catalog)]) == 1
    big = catalog / "report.html"
    size = big.stat().st_size
    assert size < MAX_OCTETS, f"a {CARDS}-test report is {size / 1e6:.1f} MB"
    text = big.read_text()
    _check_labels(text)
    assert text.count("<details class='log'") + text.count("<div class='log'>") >= CARDS
    _check_timelines(big, tmp_path / "catalog-timelines.png", timelines=CARDS)
