"""``faultbook report``: render a run's one report (RUN_DIR/report.html) again, or merge shards."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from faultbook.cli.common import EXIT_FINDINGS, EXIT_OK, Progress, add_progress_option
from faultbook.errors import ConfigError
from faultbook.report.page import REPORT_NAME, load_runs, run_folder, write_report

FAILING = ("failed", "xpassed")


def add_parser(subparsers: Any) -> None:
    """Register ``report``."""
    parser = subparsers.add_parser(
        "report", help="render a run's report.html again, or one report from shards",
        description="Render RUN_DIR/report.html from the artifacts of a run (reports/<run>/): a "
                    "summary table, the doc drift table, and per test the fault, signatures in "
                    "context, invariants, recovery, known defects, a timeline picture and its full "
                    "logs. With --merge, render one report from the folders of a sharded run.",
        epilog="exit codes: 0 every test passed or reproduced only known defects, 1 a test failed, "
               "2 bad usage")
    parser.add_argument("run_dir", metavar="RUN_DIR", type=Path, nargs="?",
                        help="a run folder, e.g. reports/latest")
    parser.add_argument("--merge", nargs="+", metavar="DIR", type=Path, default=[],
                        help="the shards of one run (--shard=K/N), merged into one report: each "
                             "a run folder, or the --faultbook-reports folder of a shard (its "
                             "newest run)")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path,
                        help=f"where to write the page (default: RUN_DIR/{REPORT_NAME}; with "
                             f"--merge, ./{REPORT_NAME})")
    add_progress_option(parser)


def _folders(args: argparse.Namespace) -> list[Path]:
    if args.merge and args.run_dir is not None:
        raise ConfigError("give either RUN_DIR or --merge DIR..., not both: e.g. "
                          "faultbook report --merge shard-1 shard-2 -o merged.html")
    folders: list[Path] = list(args.merge) or ([args.run_dir] if args.run_dir is not None else [])
    if not folders:
        raise ConfigError("name a run folder: faultbook report reports/latest "
                          "(or --merge DIR... for shards)")
    for folder in folders:
        if not folder.is_dir():
            raise ConfigError(f"{folder} is not a folder: give a run folder such as reports/latest")
    return [run_folder(f) for f in folders]


def run(args: argparse.Namespace) -> int:
    """Write the page; 1 when the run has failed tests."""
    folders = _folders(args)
    tests = load_runs(folders)
    if not tests:
        raise ConfigError(f"{', '.join(map(str, folders))} holds no test artifacts "
                          "(no */timeline.json): give a run folder such as reports/latest")
    output = args.output or (Path(REPORT_NAME).resolve() if args.merge else None)
    if output is not None and output.is_dir():
        output = output / REPORT_NAME
    progress = Progress("faultbook report", args.progress)
    path = write_report(folders, output, progress)
    progress.done()
    print(path)
    failed = [t for t in tests if t.status() in FAILING]
    return EXIT_FINDINGS if failed else EXIT_OK
