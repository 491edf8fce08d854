"""A stack: the services of one scenario, run by one runtime, sharing one timeline."""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import os
import shutil
import tempfile
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from faultbook.config import Settings
from faultbook.errors import ConfigError
from faultbook.observe.probes import ProbeLog
from faultbook.observe.resources import ResourceSampler
from faultbook.observe.timeline import Timeline
from faultbook.ports import PortAllocator
from faultbook.runtime.base import RunContext, Service
from faultbook.runtime.engine import Engine, resolve_docker_host
from faultbook.runtime.spec import ServiceSpec

_LIVE: weakref.WeakSet[Stack] = weakref.WeakSet()
_COUNTER = itertools.count(1)


SECRET_WORDS = ("PASSWORD", "SECRET", "TOKEN", "KEY")


def masked_env(env: Any) -> dict[str, str]:
    """A launch's own environment with secret-looking values masked."""
    return {k: ("***" if any(w in k.upper() for w in SECRET_WORDS) else str(v))
            for k, v in dict(env).items()}


@atexit.register
def _close_live_stacks() -> None:
    """Last line of defence when a runner exits without its teardown having run."""
    for stack in list(_LIVE):
        stack.close()


def make_data_root(base: Path) -> Path:
    """A scratch folder every service user (postgres too) can traverse."""
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o755)
    path = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=base))
    os.chmod(path, 0o755)
    return path


class Stack:
    """Starts services in order, and tears all of them down even when a test failed."""

    def __init__(
        self,
        settings: Settings,
        runtime: str,
        logs_dir: Path,
        timeline: Timeline | None = None,
        engine: Engine | None = None,
        kinds: Callable[[str, Settings], ServiceSpec] | None = None,
    ) -> None:
        self.settings = settings
        #: resolves a service named by its kind ('postgres') to its spec
        self.kinds = kinds
        self.runtime = runtime
        self.ctx = RunContext(
            settings=settings,
            timeline=timeline or Timeline(),
            ports=PortAllocator(settings.state_dir / "ports", settings.port_range),
            logs_dir=logs_dir,
            data_dir=make_data_root(settings.data_root),
        )
        self.services: dict[str, Service] = {}
        self._engine = engine
        self._own_engine = False
        self._network: Any = None
        self.sampler = ResourceSampler()
        self.sampler.start()
        self.closed = False
        self.id = f"{os.getpid()}-{next(_COUNTER)}"
        self.manifest_path = settings.state_dir / "stacks" / f"{self.id}.json"
        _LIVE.add(self)

    @property
    def timeline(self) -> Timeline:
        """The stack's timeline."""
        return self.ctx.timeline

    @property
    def probes(self) -> ProbeLog:
        """The stack's probe log."""
        return self.ctx.probes

    @property
    def engine(self) -> Engine:
        """The container engine (connected on first use)."""
        if self._engine is None:
            host = resolve_docker_host(self.settings.docker_host, self.settings.state_dir)
            self._engine = Engine(host or "unix:///var/run/docker.sock")
            self._own_engine = True
        return self._engine

    def add(
        self, kind: str | ServiceSpec, component: str | None = None, start: bool = True
    ) -> Service:
        """Create (and by default start) a service of ``kind``; ConfigError if the stack already
        has a service of that component name (the first would be lost to the stack's stop)."""
        spec = self._spec(kind) if isinstance(kind, str) else kind
        name = component or spec.kind
        if name in self.services:
            raise ConfigError(f"stack {self.id} already has a service named {name!r}: give the "
                              "second one a component name of its own (add(..., component=...))")
        service: Service
        if self.runtime == "container":
            from faultbook.runtime.container import ContainerService

            if self._network is None:
                self._network = self.engine.create_network("stack")
            service = ContainerService(spec, self.ctx, self.engine, self._network, component)
        else:
            from faultbook.runtime.process import ProcessService

            service = ProcessService(spec, self.ctx, component)
        self.services[service.component] = service
        self.sampler.watch(service.component, service.processes)
        try:
            if start:
                service.start()
        finally:
            self.write_manifest()
        return service

    def _spec(self, kind: str) -> ServiceSpec:
        if self.kinds is None:
            raise ConfigError(f"this stack resolves no service kinds: pass a ServiceSpec for {kind!r} "
                              "or build the stack with kinds=spec_for")
        return self.kinds(kind, self.settings)

    def manifest(self) -> dict[str, Any]:
        """What runs where: read by `faultbook diagnose` and `faultbook health`."""
        services = []
        for service in self.services.values():
            services.append({
                "component": service.component,
                "kind": service.spec.kind,
                "runtime": service.runtime_name,
                "ident": service.ident,
                "pid": service.pid,
                "container_id": getattr(service, "container_id", None),
                "endpoints": {name: str(ep) for name, ep in service.endpoints.items()},
                "log_file": str(service.sink.path),
                "command": list(service.launched.argv) if service.launched else [],
                "env": masked_env(service.launched.env) if service.launched else {},
                "config_files": [str(p) for p in service.launched.config_files]
                if service.launched else [],
                "health": [getattr(p, "argv", None) or getattr(p, "url", None)
                           for p in service.spec.health_probes(service.endpoint)],
            })
        return {"id": self.id, "runtime": self.runtime, "owner_pid": os.getpid(),
                "updated": time.time(), "logs_dir": str(self.ctx.logs_dir),
                "docker_host": self._engine.docker_host if self._engine is not None else None,
                "services": services}

    def write_manifest(self) -> None:
        """Write (or refresh) the manifest in the state dir."""
        with contextlib.suppress(OSError):
            self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
            self.manifest_path.write_text(json.dumps(self.manifest(), indent=1, default=str))

    def __getitem__(self, component: str) -> Service:
        return self.services[component]

    def close(self) -> None:
        """Tear everything down, newest first; never raises."""
        if self.closed:
            return
        self.closed = True
        self.sampler.stop()
        for service in reversed(list(self.services.values())):
            with contextlib.suppress(Exception):
                service.close()
        if self._network is not None:
            with contextlib.suppress(Exception):
                self._network.remove()
        if self._own_engine and self._engine is not None:
            self._engine.close()
        shutil.rmtree(self.ctx.data_dir, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.manifest_path.unlink()
        _LIVE.discard(self)

    def ports(self) -> set[int]:
        """Every host port the stack's services were given."""
        return {port for service in self.services.values() for port in service.host_ports.values()}

    def sessions(self) -> set[int]:
        """Session ids of the stack's processes (process runtime)."""
        return {
            sid
            for service in self.services.values()
            for sid in getattr(service, "session_pids", set())
        }

    def container_ids(self) -> set[str]:
        """Ids of the stack's containers."""
        return {
            cid
            for service in self.services.values()
            if (cid := getattr(service, "container_id", None))
        }

    def __enter__(self) -> Stack:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
