"""``faultbook report RUN_DIR``: render a run's HTML (RUN_DIR/faultbook.html) from its artifacts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from faultbook.cli.common import EXIT_FINDINGS, EXIT_OK, Progress, add_progress_option
from faultbook.errors import ConfigError
from faultbook.report.artifacts import load_run
from faultbook.report.html import write_standalone

FAILING = ("failed", "xpassed")


def add_parser(subparsers: Any) -> None:
    """Register ``report``."""
    parser = subparsers.add_parser(
        "report", help="(re)render a run's HTML report",
        description="Render RUN_DIR/faultbook.html from the artifacts of a run (reports/<run>/): "
                    "a summary table, the doc drift table, and per test the fault, signatures in "
                    "context, invariants, recovery, known defects and a timeline picture.",
        epilog="exit codes: 0 every test passed or reproduced only known defects, 1 a test failed, "
               "2 bad usage")
    parser.add_argument("run_dir", metavar="RUN_DIR", type=Path,
                        help="a run folder, e.g. reports/latest")
    add_progress_option(parser)


def run(args: argparse.Namespace) -> int:
    """Write the page; 1 when the run has failed tests."""
    run_dir: Path = args.run_dir
    if not run_dir.is_dir():
        raise ConfigError(f"{run_dir} is not a folder: give a run folder such as reports/latest")
    tests = load_run(run_dir)
    if not tests:
        raise ConfigError(f"{run_dir} holds no test artifacts (no */timeline.json): give a run "
                          "folder such as reports/latest")
    progress = Progress("faultbook report", args.progress)
    path = write_standalone(run_dir, progress)
    progress.done()
    print(path)
    failed = [t for t in tests if t.status() in FAILING]
    return EXIT_FINDINGS if failed else EXIT_OK
