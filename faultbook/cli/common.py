"""What every subcommand shares: one-line usage errors, the progress line, stack and endpoint options."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn, TextIO

from faultbook.config import Settings
from faultbook.errors import ConfigError
from faultbook.report.guides import health_kinds
from faultbook.report.health import Check
from faultbook.report.stacks import find_stack, main_endpoint

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

_HOSTPORT = re.compile(r"^[A-Za-z0-9_.\-\[\]:]+:\d{1,5}$")
_URL = re.compile(r"^https?://[^/\s]+(/\S*)?$")


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line naming the fix, with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class Progress:
    """A one-line progress display on stderr, shown only on a TTY or when asked for."""

    def __init__(self, prog: str, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(enabled) or self.stream.isatty()
        self.prog = prog
        self.shown = False

    def __call__(self, message: str) -> None:
        if self.enabled:
            self.stream.write(f"\r\x1b[K{self.prog}: {message[:100]}")
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        """End the progress line."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    """--progress: show progress on stderr even when it is not a terminal."""
    parser.add_argument("--progress", action="store_true", default=None,
                        help="show progress on stderr (default: only when stderr is a terminal)")


def add_stack_options(parser: argparse.ArgumentParser) -> None:
    """--stack and --runtime: which stack the suite started."""
    parser.add_argument("--stack", metavar="ID|latest",
                        help="a stack the suite started (its manifest in the state dir); "
                             "default: latest when no endpoints/containers/log files are named")
    parser.add_argument("--runtime", choices=("container", "process"),
                        help="with --stack latest: the newest stack of this runtime")


def add_endpoint_options(parser: argparse.ArgumentParser) -> None:
    """One option per health kind in use (--postgres, --redis, --etcd, and each guide's kinds):
    endpoints to check without a stack."""
    for kind in health_kinds().values():
        parser.add_argument(f"--{kind.kind}", metavar="URL" if kind.url else "HOST:PORT",
                            action="append", default=[], dest=f"endpoint_{kind.kind}",
                            help=f"{kind.help}, e.g. {kind.example}")


def settings() -> Settings:
    """Settings from the environment."""
    return Settings.from_env()


def stack_manifest(args: Any, needed: bool) -> dict[str, Any] | None:
    """The manifest --stack names; with ``needed`` and no --stack, the latest one."""
    ident = args.stack or ("latest" if needed else None)
    if ident is None:
        return None
    return find_stack(ident, settings().state_dir, getattr(args, "runtime", None))


def check_endpoint(option: str, value: str) -> str:
    """``value`` when it is a usable endpoint for ``option`` (a health kind); ConfigError naming
    the form otherwise."""
    kind = health_kinds().get(option)
    if kind is None:
        raise ConfigError(f"no health check for {option!r}: use one of {', '.join(health_kinds())}")
    if kind.url and _URL.match(value):
        return value
    if kind.hostport and _HOSTPORT.match(value) and 0 < int(value.rsplit(":", 1)[1]) < 65536:
        return value
    form = "a URL" if kind.url else "HOST:PORT"
    raise ConfigError(f"--{option} {value!r} is not {form}: use e.g. --{option} {kind.example}")


def endpoint_checks(pairs: list[tuple[str, str]]) -> list[Check]:
    """Checks for (kind, endpoint) pairs the user named."""
    checks: list[Check] = []
    for kind, value in pairs:
        checks += health_kinds()[kind].checks(kind, check_endpoint(kind, value))
    return checks


def manifest_checks(manifest: dict[str, Any] | None) -> list[Check]:
    """Checks for every service of a stack manifest whose kind has health checks."""
    checks: list[Check] = []
    kinds = health_kinds()
    for service in (manifest or {}).get("services", []):
        endpoint = main_endpoint(service)
        kind = kinds.get(str(service.get("kind")))
        if endpoint and kind is not None:
            checks += kind.checks(str(service.get("component")), endpoint)
    return checks


def named_endpoints(args: Any) -> list[tuple[str, str]]:
    """(kind, endpoint) from the endpoint options (--postgres, --redis, --etcd, ...)."""
    return [(kind, value) for kind in health_kinds()
            for value in getattr(args, f"endpoint_{kind}", None) or []]
