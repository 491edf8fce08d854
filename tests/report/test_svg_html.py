"""The timeline picture and the HTML: lanes, fault marks, signatures, summary, drift."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from faultbook.report.artifacts import load_run
from faultbook.report.html import summary_table
from faultbook.report.page import render
from faultbook.report.svg import timeline_svg
from tests.report.samples import write_run

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_has_lanes_marks_points_and_curves(tmp_path: Path) -> None:
    tests = load_run(write_run(tmp_path))
    scen = next(t for t in tests if t.scenario)
    root = ET.fromstring(timeline_svg(scen))
    lanes = [g.get("data-component") for g in root.iter(f"{SVG}g") if g.get("class") == "fb-lane"]
    assert lanes == ["redis", "manager"]
    classes = [el.get("class") for el in root.iter()]
    assert classes.count("fb-fault-inject") == 1 and classes.count("fb-fault-heal") == 1
    assert classes.count("fb-signature") == 1
    points = sum(int(el.get("data-points", 1)) for el in root.iter()
                 if el.get("class") in ("fb-line", "fb-lines"))
    assert points == 10
    assert classes.count("fb-cpu_percent") == 2 and classes.count("fb-rss") == 2
    colors = {c.get("fill") for c in root.iter(f"{SVG}circle") if c.get("class") == "fb-line"}
    assert "#d62728" in colors  # the ERROR line
    inject = next(el for el in root.iter() if el.get("class") == "fb-fault-inject")
    heal = next(el for el in root.iter() if el.get("class") == "fb-fault-heal")
    assert float(inject.get("x1", 0)) < float(heal.get("x1", 0))


def test_outcomes_from_artifacts(tmp_path: Path) -> None:
    tests = {t.name: t for t in load_run(write_run(tmp_path))}
    assert tests["test_redis_stop_process"].status() == "known defect"
    scen = tests["test_redis_stop_process"]
    assert scen.stack_runtime == "container"
    assert scen.system_runtime == "manager: process"
    assert scen.title == "manager-redis-stop [container]"
    assert tests["test_plain"].status() == "failed"


def test_page_answers_what_where_why(tmp_path: Path) -> None:
    run_dir = write_run(tmp_path)
    page = render([run_dir], run_dir / "report.html")
    assert page.count("<svg") == 3
    assert "manager-redis-stop" in page and "known defect" in page
    assert re.search(r"<mark class='hit'>\s*[\d.]+s\s+2026-11-21 06:02:21.200 ERROR", page)
    assert "BAI-1" in page and "manager hangs on shutdown" in page
    assert "1.80s" in page
    assert "1 of 1 checks failed: nothing left after teardown" in page
    assert "Doc drift" in page and "contradicted" in page
    assert not re.search(r"(src|href)=[\"']https?:", page)


def test_summary_table_has_a_row_per_test(tmp_path: Path) -> None:
    table = summary_table(load_run(write_run(tmp_path)))
    assert table.count("<tr><td><a href='#fb-") == 3
