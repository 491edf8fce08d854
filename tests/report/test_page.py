"""The run's one report: labels, known defects once, fuzz facts, embedded logs, merged shards."""

from __future__ import annotations

import base64
import gzip
import re
import shutil
from pathlib import Path

from faultbook.cli import main
from faultbook.report.artifacts import load_run
from faultbook.report.embedded import LogEmbedder
from faultbook.report.html import test_card as card_of
from faultbook.report.page import render
from tests.report.samples import FUZZ_REPLAY, write_run


def _card(page: str, anchor: str) -> str:
    start = page.index(f"id='{anchor}'")
    end = page.find("<div class='card", start)
    return page[start:end if end > 0 else len(page)]


def _embedded(page: str) -> dict[str, str]:
    blocks = re.findall(r"<script type='application/gzip' id='([^']+)'>([^<]+)</script>", page)
    return {ident: gzip.decompress(base64.b64decode(data)).decode() for ident, data in blocks}


def test_rows_and_cards_name_both_runtimes(tmp_path: Path) -> None:
    run_dir = write_run(tmp_path)
    page = render([run_dir], run_dir / "report.html")
    assert "<th>stack runtime</th><th>system runtime</th>" in page
    assert re.search(r"manager-redis-stop \[container\]</a></td><td>container</td>"
                     r"<td>manager: process</td>", page)
    card = _card(page, "fb-test_redis_stop_process")
    assert "stack runtime <b>container</b>; system runtime <b>manager: process</b>" \
        in card
    titles = re.findall(r"<tr><td><a href='#[^']+'>([^<]+)</a>", page)
    assert len(titles) == len(set(titles)) == 3


def test_known_defect_evidence_once_and_traceback_folded(tmp_path: Path) -> None:
    run_dir = write_run(tmp_path)
    card = _card(render([run_dir], run_dir / "report.html"), "fb-test_redis_stop_process")
    assert card.count("manager hangs on shutdown") == 1
    assert "reproduce BAI-1 (evidence below)" in card
    fold = re.search(r"<details><summary>pytest's report: the strict xfail's traceback</summary>"
                     r"<pre>(.*?)</pre></details>", card, re.S)
    assert fold is not None and "KnownDefectReproduced: BAI-1" in fold.group(1)
    assert card.count("KnownDefectReproduced") == 1


def test_fuzz_card_and_row(tmp_path: Path) -> None:
    run_dir = write_run(tmp_path)
    page = render([run_dir], run_dir / "report.html")
    row = re.search(r"<tr><td><a href='#fb-test_fuzz_process'>.*?</tr>", page)
    assert row is not None and "fuzz: 40 cases, 2 families, 1 findings" in row.group(0)
    assert "case 39" not in row.group(0)
    card = _card(page, "fb-test_fuzz_process")
    assert "<th>cases run</th><td>40</td>" in card
    assert "bgp_marker (15), bmp_length (25)" in card
    assert "PMBMPD-SINK-FLOOD" in card
    assert "<td>bmp_length</td><td>PMBMPD-SINK-FLOOD + session closed: 25</td>" in card
    assert f"<code>{FUZZ_REPLAY}</code>" in card and "fuzz-failures/case-1.bin" in card
    assert "and 20 more events" in card
    assert "<div class='headline'>fuzz: 40 cases, 2 families, 1 findings." in card


def test_full_logs_embedded_compressed_and_expanded_by_the_page(tmp_path: Path) -> None:
    run_dir = write_run(tmp_path)
    page = render([run_dir], run_dir / "report.html")
    logs = _embedded(page)
    expected = {p.read_text() for p in run_dir.glob("*/logs/*.log") if p.stat().st_size}
    assert set(logs.values()) == expected
    assert "DecompressionStream('gzip')" in page and "data-log=" in page
    assert not re.search(r"(src|href)=[\"']https?:", page)


def test_logs_past_the_budget_are_linked(tmp_path: Path) -> None:
    run_dir = write_run(tmp_path)
    test = next(t for t in load_run(run_dir) if t.scenario)
    logs = LogEmbedder(run_dir, budget=10)
    card = card_of(test, logs)
    assert logs.blocks == [] and "too large to embed" in card
    assert "href='test_redis_stop_process/logs/manager.log'" in card


def test_merge_of_shards_is_one_report(tmp_path: Path) -> None:
    run_dir = write_run(tmp_path / "whole")
    shard_a, shard_b = tmp_path / "shard-1", tmp_path / "shard-2"
    for shard, names in ((shard_a, ["test_redis_stop_process"]),
                         (shard_b, ["test_plain", "test_fuzz_process"])):
        shard.mkdir()
        for name in names:
            shutil.copytree(run_dir / name, shard / name)
    out = tmp_path / "merged" / "report.html"
    assert main(["report", "--merge", str(shard_a), str(shard_b), "-o", str(out)]) == 1
    page = out.read_text()
    assert page.count("<div class='card") == 3 and "from 2 shards" in page
    assert "href=\"../shard-1/test_redis_stop_process/timeline.json\"" in page
    assert len(_embedded(page)) == 2  # the plain test has no logs
