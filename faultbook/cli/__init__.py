"""The ``faultbook`` command: diagnostics a person reads (health, diagnose, report).

Each subcommand is a module with ``add_parser(subparsers)`` and ``run(args) -> int``, registered
by one line in COMMANDS. Exit codes: 0 ok, 1 findings or failures, 2 bad usage.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from faultbook.cli.common import EXIT_USAGE, OneLineParser
from faultbook.errors import FaultbookError

#: subcommand modules, one line each
COMMANDS: list[str] = [
    "faultbook.cli.health",
    "faultbook.cli.diagnose",
    "faultbook.cli.report",
    "faultbook.cli.replay",
]


def build_parser() -> OneLineParser:
    """The top-level parser with every registered subcommand."""
    parser = OneLineParser(
        prog="faultbook",
        description="Diagnostics for stacks the faultbook suite started, and reports of its runs.",
        epilog="exit codes: 0 ok, 1 findings or failures, 2 bad usage",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name in COMMANDS:
        module = importlib.import_module(name)
        before = set(sub.choices)
        module.add_parser(sub)
        for added in set(sub.choices) - before:
            sub.choices[added].set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the subcommand; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args._run(args))
    except FaultbookError as exc:
        print(f"faultbook {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"faultbook {args.command}: interrupted", file=sys.stderr)
        return 130
