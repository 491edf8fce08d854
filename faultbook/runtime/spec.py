"""A service spec says what to run and how to tell it is ready, for both runtimes."""

from __future__ import annotations

import signal
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from faultbook.observe.probes import Probe


@dataclass(frozen=True)
class Endpoint:
    """Where a client reaches a service port from the host."""

    host: str
    port: int

    def url(self, scheme: str = "http", path: str = "") -> str:
        """A URL for this endpoint."""
        return f"{scheme}://{self.host}:{self.port}{path}"

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Launch:
    """A command line with its environment and user."""

    argv: list[str]
    env: Mapping[str, str] = field(default_factory=dict)
    user: str | None = None
    log_files: tuple[Path, ...] = ()
    #: octets of each log file followed onto the timeline (None: all)
    tail_limit: int | None = None
    #: the service's config files (host paths, or paths inside its container), for diagnostics
    config_files: tuple[Path, ...] = ()


class ServiceSpec(ABC):
    """What a service is: its ports, its ready line, how to start and stop it, how to probe it."""

    #: the short name of the service kind (also the default component name)
    kind: str = ""
    #: named ports and the port each listens on inside a container
    container_ports: Mapping[str, int] = {}
    #: the port a client uses
    main_port: str = ""
    #: a regex matching the line the real service prints when it accepts clients
    ready_pattern: str = ""
    #: the signal of a graceful stop
    stop_signal: signal.Signals = signal.SIGTERM
    #: binaries the process runtime needs, with the Debian package that provides each
    binaries: Mapping[str, str] = {}
    #: launch a signal sentinel in its process group (for systems under test)
    sentinel: bool = False
    #: in a container, share the host's network instead of the stack's (nothing is published:
    #: the service binds 127.0.0.1 on its host ports itself and reaches host services there)
    host_network: bool = False

    @abstractmethod
    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        """The command that runs the service as a host process on the given host ports."""

    def prepare_process(self, data_dir: Path, ports: Mapping[str, int]) -> None:  # noqa: B027
        """Create the data dir contents once before the first process start (default: nothing)."""

    @abstractmethod
    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        """The container command (it initialises its own data on first start)."""

    @abstractmethod
    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        """Client checks the operator's guide uses: pg_isready, redis-cli PING, etcdctl health."""
