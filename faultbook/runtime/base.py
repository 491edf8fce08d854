"""The service interface both runtimes implement, and the shared start/ready logic."""

from __future__ import annotations

import signal
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from faultbook.config import Settings
from faultbook.errors import ServiceStartError, WaitTimeout
from faultbook.observe.logstream import LogSink
from faultbook.observe.matchers import wait_for
from faultbook.observe.outcome import Outcome
from faultbook.observe.probes import ProbeLog, TcpProbe
from faultbook.observe.resources import tree
from faultbook.observe.timeline import Timeline
from faultbook.ports import PortAllocator
from faultbook.runtime.spec import Endpoint, Launch, ServiceSpec


@dataclass
class RunContext:
    """What every service of one stack shares: settings, timeline, ports, folders."""

    settings: Settings
    timeline: Timeline
    ports: PortAllocator
    logs_dir: Path
    data_dir: Path
    probes: ProbeLog = field(init=False)

    def __post_init__(self) -> None:
        self.probes = ProbeLog(self.timeline)


class Service(ABC):
    """One component of a stack, whatever runs it.

    Subclasses implement the runtime hooks (``_launch``, ``_signal``, ``_pause``...); the
    start/ready/stop protocol and the timeline marks live here.
    """

    runtime_name = "base"

    def __init__(self, spec: ServiceSpec, ctx: RunContext, component: str | None = None) -> None:
        self.spec = spec
        self.ctx = ctx
        self.component = component or spec.kind
        self.host_ports: dict[str, int] = {
            name: ctx.ports.allocate() for name in spec.container_ports
        }
        self.sink = LogSink(ctx.logs_dir / f"{self.component}.log")
        self.outcomes: list[Outcome] = []
        self.started_at: float | None = None
        self.ready_seconds: list[float] = []
        self._exited = threading.Event()
        self._exited.set()
        self.paused = False
        #: the command line of the latest launch (its config files too), for the stack manifest
        self.launched: Launch | None = None

    # -- what a client sees -------------------------------------------------------------
    @property
    def endpoints(self) -> dict[str, Endpoint]:
        """Host endpoints by port name."""
        return {name: Endpoint("127.0.0.1", port) for name, port in self.host_ports.items()}

    @property
    def endpoint(self) -> Endpoint:
        """The endpoint clients use."""
        return self.endpoints[self.spec.main_port]

    @property
    def timeline(self) -> Timeline:
        """The stack's timeline."""
        return self.ctx.timeline

    @property
    @abstractmethod
    def ident(self) -> str:
        """The pid or container id, for people reading a report."""

    @property
    @abstractmethod
    def pid(self) -> int | None:
        """The host pid of the service's main process, while it runs."""

    def processes(self) -> list[psutil.Process]:
        """The live host processes of the service (for resource samples)."""
        return tree(self.pid)

    def is_running(self) -> bool:
        """True from launch until exit."""
        return not self._exited.is_set()

    # -- lifecycle ----------------------------------------------------------------------
    def start(self, wait_ready: bool = True) -> None:
        """Launch, then wait for the ready line and an accepted TCP connection."""
        since = self.timeline.seq
        self.timeline.mark(self.component, "start", f"start ({self.runtime_name})")
        self.started_at = time.monotonic()
        self._exited.clear()
        self._launch()
        if wait_ready:
            self.wait_ready(since)

    def wait_ready(self, since: int) -> float:
        """Block until ready; return seconds since start. Raises ServiceStartError."""
        timeout = self.ctx.settings.start_timeout
        try:
            wait_for(
                self.timeline,
                self.spec.ready_pattern,
                self.component,
                timeout,
                since,
                fail_on_exit=True,
            )
            self.ctx.probes.poll_until_ok(
                TcpProbe(self.endpoint.host, self.endpoint.port, timeout=1.0),
                self.component,
                within=timeout,
                interval=0.05,
                phase="ready",
            )
        except (WaitTimeout, ServiceStartError) as exc:
            raise ServiceStartError(
                self.component,
                f"not ready: {exc}",
                [line.text for line in self.timeline.lines(self.component)[-5:]],
            ) from exc
        except Exception as exc:
            raise ServiceStartError(self.component, f"not ready: {exc}") from exc
        elapsed = time.monotonic() - (self.started_at or time.monotonic())
        self.ready_seconds.append(elapsed)
        self.timeline.mark(self.component, "ready", f"ready after {elapsed:.2f}s", seconds=elapsed)
        return elapsed

    def stop(self, timeout: float | None = None) -> Outcome | None:
        """Graceful stop with the service's stop signal; SIGKILL after ``timeout``."""
        timeout = self.ctx.settings.stop_timeout if timeout is None else timeout
        if not self.is_running():
            return self.last_outcome
        self.timeline.mark(self.component, "stop", f"stop ({self.spec.stop_signal.name})")
        if self.paused:
            self.resume()
        self._graceful_stop(timeout)
        if not self._exited.wait(timeout + 5):
            self.kill(signal.SIGKILL, group=True)
            self._exited.wait(10)
        return self.last_outcome

    def kill(self, sig: int = signal.SIGKILL, group: bool = False) -> None:
        """Send ``sig`` to the main process (or its whole process group)."""
        name = signal.Signals(sig).name
        self.timeline.mark(self.component, "signal", f"{name}{' (group)' if group else ''}")
        self._signal(sig, group)

    def pause(self) -> None:
        """Freeze every process of the service."""
        self.timeline.mark(self.component, "pause", "pause")
        self._pause()
        self.paused = True

    def resume(self) -> None:
        """Thaw it."""
        self._resume()
        self.paused = False
        self.timeline.mark(self.component, "resume", "resume")

    def restart(self) -> None:
        """Stop if running, then start again with the same data and ports."""
        self.stop()
        self.start()

    def wait_exit(self, timeout: float) -> Outcome | None:
        """Wait for the current run to end; None if it is still running after ``timeout``."""
        if not self._exited.wait(timeout):
            return None
        return self.last_outcome

    @property
    def last_outcome(self) -> Outcome | None:
        """The outcome of the most recent run that ended."""
        return self.outcomes[-1] if self.outcomes else None

    def _record_exit(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        self.timeline.mark(
            self.component,
            "exit",
            outcome.label,
            exit_code=outcome.exit_code,
            signal=outcome.signal,
            duration=round(outcome.duration, 3),
        )
        self._exited.set()

    def health(self, phase: str = "") -> list[tuple[str, bool, str]]:
        """Run the guide's client checks; return (name, ok, detail) each."""
        results = []
        for probe in self.spec.health_probes(self.endpoint):
            result = self.ctx.probes.run(probe, self.component, phase)
            results.append((result.name, result.ok, result.detail))
        return results

    def close(self) -> None:
        """Tear down everything this service left: processes or container, ports, files."""
        try:
            self._teardown()
        finally:
            for port in self.host_ports.values():
                self.ctx.ports.release(port)
            self.sink.close()

    def env_for_clients(self) -> Mapping[str, str]:
        """Extra environment for client commands (none by default)."""
        return {}

    # -- runtime hooks ------------------------------------------------------------------
    @abstractmethod
    def _launch(self) -> None:
        """Start the service and its log pumps."""

    @abstractmethod
    def _graceful_stop(self, timeout: float) -> None:
        """Ask the service to stop."""

    @abstractmethod
    def _signal(self, sig: int, group: bool) -> None:
        """Deliver a signal."""

    @abstractmethod
    def _pause(self) -> None:
        """Freeze."""

    @abstractmethod
    def _resume(self) -> None:
        """Thaw."""

    @abstractmethod
    def _teardown(self) -> None:
        """Remove everything; must not raise for a service that is already gone."""
