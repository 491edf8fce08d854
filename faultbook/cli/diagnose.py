"""``faultbook diagnose``: the guide's §6.1 collection (system, containers, logs, health) as a .tar.gz."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path
from typing import Any

from faultbook.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Progress,
    add_progress_option,
    add_stack_options,
    endpoint_checks,
    manifest_checks,
    settings,
    stack_manifest,
)
from faultbook.errors import ConfigError
from faultbook.report.bundle import Sources, collect, write_archive
from faultbook.report.guides import health_kinds
from faultbook.report.stacks import engine_for


def add_parser(subparsers: Any) -> None:
    """Register ``diagnose``."""
    parser = subparsers.add_parser(
        "diagnose", help="collect a diagnostics bundle (.tar.gz)",
        description="Collect what the Backend.AI guide's §6.1 script collects: system info, engine "
                    "version, container status, images, networks with inspect JSON, every "
                    "component's logs with timestamps, process info, config files and the §7.3 "
                    "health table, into one .tar.gz with MANIFEST.json and SUMMARY.txt.",
        epilog="exit codes: 0 bundle complete and healthy, 1 bundle written with failed checks "
               "or missing pieces, 2 bad usage")
    add_stack_options(parser)
    parser.add_argument("--containers", nargs="+", metavar="NAME", default=[],
                        help="containers (names or ids) to collect, through the Docker API")
    parser.add_argument("--log-file", nargs="+", metavar="PATH", default=[], type=Path,
                        help="log files to include")
    parser.add_argument("--config", nargs="+", metavar="PATH", default=[], type=Path,
                        help="config files to include (e.g. manager.toml)")
    parser.add_argument("--endpoints", nargs="+", metavar="KIND=ADDR", default=[],
                        help="endpoints to health-check, KIND one of "
                             f"{', '.join(health_kinds())} (e.g. redis=127.0.0.1:6379)")
    parser.add_argument("-o", "--output", metavar="ARCHIVE", type=Path,
                        help="where to write the bundle (default: ./faultbook-diagnose-TIME.tar.gz)")
    add_progress_option(parser)


def parse_endpoints(values: list[str]) -> list[tuple[str, str]]:
    """KIND=ADDR pairs; ConfigError naming the form for anything else."""
    pairs = []
    for value in values:
        kind, sep, addr = value.partition("=")
        if not sep or kind not in health_kinds() or not addr:
            raise ConfigError(f"--endpoints {value!r} is not KIND=ADDR: use e.g. --endpoints "
                              f"redis=127.0.0.1:6379 (KIND one of {', '.join(health_kinds())})")
        pairs.append((kind, addr))
    return pairs


def run(args: argparse.Namespace) -> int:
    """Collect and write the bundle; 1 when a check failed or a piece is missing."""
    pairs = parse_endpoints(args.endpoints)
    checks = endpoint_checks(pairs)
    named = bool(args.containers or args.log_file or pairs or args.config)
    manifest = stack_manifest(args, needed=not named)
    missing = [p for p in [*args.log_file, *args.config] if not p.is_file()]
    if missing:
        raise ConfigError(f"{missing[0]} is not a readable file: check the path given to "
                          "--log-file/--config")
    output = args.output or Path(f"faultbook-diagnose-{time.strftime('%Y%m%d-%H%M%S')}.tar.gz")
    if output.is_dir():
        raise ConfigError(f"-o {output} is a folder: name the archive, e.g. -o {output}/bundle.tar.gz")
    progress = Progress("faultbook diagnose", args.progress)
    with contextlib.ExitStack() as stack:
        engine = None
        wants_engine = args.containers or (manifest or {}).get("runtime") == "container"
        if wants_engine:
            engine = stack.enter_context(
                engine_for((manifest or {}).get("docker_host"), settings().state_dir))
        sources = Sources(manifest=manifest, containers=list(args.containers),
                          log_files=list(args.log_file), configs=list(args.config),
                          checks=checks + manifest_checks(manifest), engine=engine)
        bundle = collect(sources, progress)
    progress("writing archive")
    path = write_archive(bundle, output)
    progress.done()
    failed = [r for r in bundle.health if r.state == "FAIL"]
    print(path)
    if failed or bundle.problems:
        what = [f"{len(failed)} failed checks"] if failed else []
        what += [f"{len(bundle.problems)} pieces not collected"] if bundle.problems else []
        first = (f"{failed[0].component} {failed[0].check}: {failed[0].detail[:100]}" if failed
                 else bundle.problems[0][:140])
        print(f"faultbook diagnose: {', '.join(what)}; first: {first} (see SUMMARY.txt in {path})",
              file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK
