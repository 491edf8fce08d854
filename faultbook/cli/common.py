"""What every subcommand shares: one-line usage errors, the progress line, stack and endpoint options."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn, TextIO

from faultbook.config import Settings
from faultbook.errors import ConfigError
from faultbook.report.health import Check, guide_checks
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
    """--manager, --postgres, --redis, --etcd: endpoints to check without a stack."""
    parser.add_argument("--manager", metavar="URL", action="append", default=[],
                        help="Backend.AI manager API, e.g. http://127.0.0.1:8081")
    parser.add_argument("--postgres", metavar="HOST:PORT", action="append", default=[],
                        help="PostgreSQL, checked with pg_isready")
    parser.add_argument("--redis", metavar="HOST:PORT", action="append", default=[],
                        help="Redis, checked with redis-cli PING")
    parser.add_argument("--etcd", metavar="URL", action="append", default=[],
                        help="etcd client URL, checked with etcdctl endpoint health")


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
    """``value`` when it is a usable endpoint for ``option``; ConfigError naming the form otherwise."""
    if option in ("manager", "etcd"):
        if _URL.match(value) or (option == "etcd" and _HOSTPORT.match(value)):
            return value
        raise ConfigError(f"--{option} {value!r} is not a URL: use e.g. --{option} "
                          f"http://127.0.0.1:{8081 if option == 'manager' else 2379}")
    if not _HOSTPORT.match(value) or not 0 < int(value.rsplit(":", 1)[1]) < 65536:
        raise ConfigError(f"--{option} {value!r} is not HOST:PORT: use e.g. --{option} "
                          f"127.0.0.1:{5432 if option == 'postgres' else 6379}")
    return value


def endpoint_checks(pairs: list[tuple[str, str]]) -> list[Check]:
    """Checks for (kind, endpoint) pairs the user named."""
    checks: list[Check] = []
    for kind, value in pairs:
        checks += guide_checks(kind, kind, check_endpoint(kind, value))
    return checks


def manifest_checks(manifest: dict[str, Any] | None) -> list[Check]:
    """Checks for every service of a stack manifest."""
    checks: list[Check] = []
    for service in (manifest or {}).get("services", []):
        endpoint = main_endpoint(service)
        if endpoint:
            checks += guide_checks(str(service.get("component")), str(service.get("kind")), endpoint)
    return checks


def named_endpoints(args: Any) -> list[tuple[str, str]]:
    """(kind, endpoint) from --manager/--postgres/--redis/--etcd."""
    return [(kind, value) for kind in ("manager", "postgres", "redis", "etcd")
            for value in getattr(args, kind, None) or []]
