"""The one report of a run: RUN_DIR/report.html, rendered from the run's artifacts.

Written at the end of every run, again by ``faultbook report RUN_DIR``, and by
``faultbook report --merge DIR...`` for the shards of one run. Self-contained: inline styles and
pictures, full logs embedded compressed (see faultbook.report.embedded), no network.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path

from faultbook.report.artifacts import TestArtifacts, load_run
from faultbook.report.drift import check_run
from faultbook.report.embedded import LogEmbedder
from faultbook.report.html import CSS, drift_section, summary_table, test_card

REPORT_NAME = "report.html"


def is_run_folder(path: Path) -> bool:
    """True for a folder holding test artifacts (``*/timeline.json``)."""
    return any(path.glob("*/timeline.json"))


def run_folder(path: Path) -> Path:
    """``path`` itself when it is a run folder, else the newest run folder inside it (a reports
    folder, e.g. one shard's ``--faultbook-reports``); ``path`` when there is none."""
    if is_run_folder(path):
        return path.resolve()
    runs = sorted(p for p in path.iterdir() if p.is_dir() and not p.is_symlink()
                  and is_run_folder(p)) if path.is_dir() else []
    return runs[-1].resolve() if runs else path.resolve()


def load_runs(run_dirs: Sequence[Path]) -> list[TestArtifacts]:
    """Every test of the given run folders (shards of one run), in the order they ran."""
    tests = [t for d in run_dirs for t in load_run(d)]
    tests.sort(key=lambda t: t.t0)
    return tests


def render(run_dirs: Sequence[Path], out: Path,
           progress: Callable[[str], None] | None = None) -> str:
    """The page for ``run_dirs``, to be written at ``out`` (links are relative to it)."""
    tests = load_runs(run_dirs)
    logs = LogEmbedder(out.parent)
    cards = []
    for i, test in enumerate(tests, 1):
        if progress is not None:
            progress(f"[{i}/{len(tests)}] {test.title}")
        base = os.path.relpath(test.folder.parent, out.parent)
        cards.append(test_card(test, logs, "" if base == "." else base + "/"))
    drift = check_run(*run_dirs)
    name = ", ".join(d.name for d in run_dirs)
    shards = f" from {len(run_dirs)} shards" if len(run_dirs) > 1 else ""
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>faultbook: "
            f"{escape(name)}</title><style>body{{margin:16px 24px}}{CSS}</style></head>"
            f"<body><div class='fb'><h1>faultbook run {escape(name)}</h1>"
            f"<div class='muted'>{len(tests)} tests{shards}; rendered {stamp}; open a card's "
            f"full logs to read them here</div>"
            f"{summary_table(tests)}{drift_section(drift)}"
            f"<h2>Each test</h2>{''.join(cards)}</div>{logs.tail()}</body></html>")


def write_report(run_dirs: Sequence[Path], out: Path | None = None,
                 progress: Callable[[str], None] | None = None) -> Path:
    """Write the report (default: the first run folder's report.html); returns its path."""
    path = out or run_dirs[0] / REPORT_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render(run_dirs, path, progress))
    tmp.replace(path)
    return path
