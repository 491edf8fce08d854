"""Active checks: TCP connect, HTTP status and latency, client commands (pg_isready, redis-cli...)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from faultbook.errors import WaitTimeout
from faultbook.observe.timeline import Timeline


@dataclass(frozen=True)
class ProbeResult:
    """One probe run: did it pass, how long it took, what it saw."""

    name: str
    ok: bool
    latency: float
    detail: str
    t: float
    status: int | None = None


class Probe(ABC):
    """A check that can be run at any moment and never raises."""

    name: str = "probe"

    @abstractmethod
    def _check(self) -> tuple[bool, str, int | None]:
        """Return (ok, detail, status)."""

    def run(self) -> ProbeResult:
        """Run once and time it."""
        t = time.time()
        start = time.monotonic()
        try:
            ok, detail, status = self._check()
        except Exception as exc:  # a probe reports failure, it does not raise
            ok, detail, status = False, f"{type(exc).__name__}: {exc}", None
        return ProbeResult(self.name, ok, time.monotonic() - start, detail[:500], t, status)


class TcpProbe(Probe):
    """Passes when a TCP connection to host:port is accepted."""

    def __init__(self, host: str, port: int, timeout: float = 2.0, name: str | None = None) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.name = name or f"tcp {host}:{port}"

    def _check(self) -> tuple[bool, str, int | None]:
        with socket.create_connection((self.host, self.port), timeout=self.timeout):
            return True, "connected", None


class HttpProbe(Probe):
    """Passes on an HTTP status in ``ok_statuses``; any answer is recorded with its status."""

    def __init__(
        self,
        url: str,
        timeout: float = 5.0,
        ok_statuses: Sequence[int] = range(200, 300),
        name: str | None = None,
    ) -> None:
        self.url, self.timeout, self.ok_statuses = url, timeout, ok_statuses
        self.name = name or f"http {url}"

    def _check(self) -> tuple[bool, str, int | None]:
        try:
            with urllib.request.urlopen(self.url, timeout=self.timeout) as resp:
                body = resp.read(400).decode("utf-8", "replace")
                return resp.status in self.ok_statuses, body, resp.status
        except urllib.error.HTTPError as exc:
            body = exc.read(400).decode("utf-8", "replace")
            return exc.code in self.ok_statuses, body, exc.code


class CommandProbe(Probe):
    """Passes when a client command exits 0 (or a code in ``ok_codes``) and prints ``expect``."""

    def __init__(
        self,
        argv: Sequence[str],
        name: str,
        timeout: float = 10.0,
        ok_codes: Sequence[int] = (0,),
        expect: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.argv, self.timeout, self.ok_codes = list(argv), timeout, ok_codes
        self.expect = re.compile(expect) if expect else None
        self.env = {**os.environ, **env} if env else None
        self.name = name

    def _check(self) -> tuple[bool, str, int | None]:
        try:
            done = subprocess.run(
                self.argv,
                capture_output=True,
                timeout=self.timeout,
                stdin=subprocess.DEVNULL,
                env=self.env,
            )
        except subprocess.TimeoutExpired:
            return False, f"timed out after {self.timeout:g}s", None
        out = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
        ok = done.returncode in self.ok_codes and (
            self.expect is None or bool(self.expect.search(out))
        )
        return ok, out, done.returncode


class ProbeLog:
    """Every probe result of a test, also marked on the timeline."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        #: (phase, component, result) of every run
        self.results: list[tuple[str, str, ProbeResult]] = []
        self._lock = threading.Lock()

    def run(self, probe: Probe, component: str, phase: str = "") -> ProbeResult:
        """Run a probe and record its result under ``component`` and ``phase``."""
        result = probe.run()
        with self._lock:
            self.results.append((phase, component, result))
        self.timeline.mark(
            component,
            "probe",
            f"{probe.name}: {'ok' if result.ok else 'FAIL'}",
            ok=result.ok,
            latency=round(result.latency, 4),
            status=result.status,
            phase=phase,
            detail=result.detail[:200],
        )
        return result

    def poll_until_ok(
        self, probe: Probe, component: str, within: float, interval: float = 0.1, phase: str = ""
    ) -> ProbeResult:
        """Run ``probe`` until it passes; WaitTimeout after ``within`` seconds."""
        deadline = time.monotonic() + within
        waiter = threading.Event()
        last = probe.run()
        while not last.ok:
            if time.monotonic() >= deadline:
                self.run(probe, component, phase)
                raise WaitTimeout(
                    f"{component}: probe {probe.name!r} did not pass within {within:g}s "
                    f"(last: {last.detail[:200]})"
                )
            waiter.wait(interval)
            last = probe.run()
        with self._lock:
            self.results.append((phase, component, last))
        self.timeline.mark(
            component,
            "probe",
            f"{probe.name}: ok",
            ok=True,
            latency=round(last.latency, 4),
            status=last.status,
            phase=phase,
        )
        return last

    def to_json(self) -> list[dict[str, object]]:
        """The results as plain dicts."""
        with self._lock:
            return [{"phase": phase, "component": component, **asdict(result)}
                    for phase, component, result in self.results]

    def write(self, path: Path) -> None:
        """Write the results as JSON."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=1))
