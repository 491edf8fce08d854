"""Container runtime: testcontainers over the Docker API (Docker, or Podman's compatible API)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable
from typing import Any

from testcontainers.core.docker_client import DockerClient

from faultbook.errors import ConfigError, ServiceStartError
from faultbook.observe.logstream import StreamPump
from faultbook.observe.outcome import Outcome
from faultbook.ownership import labels
from faultbook.runtime.base import RunContext, Service
from faultbook.runtime.engine import Engine
from faultbook.runtime.spec import ServiceSpec


class ContainerService(Service):
    """A service in a container carrying our labels, ports published on 127.0.0.1 only."""

    runtime_name = "container"

    def __init__(
        self,
        spec: ServiceSpec,
        ctx: RunContext,
        engine: Engine,
        network: Any = None,
        component: str | None = None,
    ) -> None:
        super().__init__(spec, ctx, component)
        self.engine = engine
        self.network = network
        self.image = ctx.settings.image_for(spec.kind)
        if not engine.image_exists(self.image):
            raise ConfigError(
                f"image {self.image} is missing: run `python -m faultbook.provision` to build it "
                f"or set FAULTBOOK_IMAGE_{spec.kind.upper()} to an image that exists"
            )
        self._client = DockerClient()  # reads DOCKER_HOST, which Engine set
        self._container: Any = None
        self._pump: StreamPump | None = None

    @property
    def ident(self) -> str:
        return (
            f"container {self._container.short_id}"
            if self._container is not None
            else "not created"
        )

    @property
    def container_id(self) -> str | None:
        """The container id once created."""
        return self._container.id if self._container is not None else None

    @property
    def pid(self) -> int | None:
        if self._container is None or not self.is_running():
            return None
        with contextlib.suppress(Exception):
            self._container.reload()
            pid = int(self._container.attrs["State"]["Pid"])
            return pid or None
        return None

    def _create(self) -> None:
        """Create (not start) the container through testcontainers' Docker client."""
        launch = self.spec.container_launch(self.host_ports)
        self.launched = launch
        kwargs: dict[str, Any] = {
            "name": f"faultbook-{self.component}-{self.host_ports[self.spec.main_port]}",
            "stop_signal": self.spec.stop_signal.name,
        }
        if launch.user:
            kwargs["user"] = launch.user
        ports: dict[str, Any] = {f"{cport}/tcp": ("127.0.0.1", self.host_ports[name])
                                 for name, cport in self.spec.container_ports.items()}
        if self.spec.host_network:
            kwargs["network_mode"] = "host"
            ports = {}
        elif self.network is not None:
            kwargs["network"] = self.network.name
        try:
            self._container = self._client.create(
                self.image, command=launch.argv, environment=dict(launch.env), ports=ports,
                labels=labels(self.component), **kwargs)
        except Exception as exc:
            self._exited.set()
            raise ServiceStartError(self.component, f"container not created: {exc}"[:400]) from exc

    def _launch(self) -> None:
        started = time.monotonic()
        if self._container is None:
            self._create()
        try:
            # attached before the start, so the stream carries exactly this run's output, live
            chunks: Iterable[bytes] = self._container.attach(stdout=True, stderr=True, stream=True,
                                                             logs=False)
            self._container.start()
        except Exception as exc:
            self._exited.set()
            raise ServiceStartError(self.component, f"container did not start: {exc}"[:400]) from exc
        self.timeline.mark(self.component, "spawn", self.ident, container=self._container.id)
        self._pump = StreamPump(self.component, chunks, self.timeline, self.component,
                                "stdout+stderr", self.sink)
        self._pump.start()
        threading.Thread(target=self._reap, args=(started,), daemon=True,
                         name=f"faultbook-reap-{self.component}").start()

    def _reap(self, started: float) -> None:
        code = -1
        with contextlib.suppress(Exception):
            code = int(self._container.wait()["StatusCode"])
        ended = time.monotonic()
        if self._pump is not None:
            self._pump.join(timeout=2)
        self._record_exit(Outcome.from_container(code, started, ended))

    def _graceful_stop(self, timeout: float) -> None:
        with contextlib.suppress(Exception):
            self._container.stop(timeout=int(max(timeout, 1)))

    def _signal(self, sig: int, group: bool) -> None:
        with contextlib.suppress(Exception):
            self._container.kill(signal=int(sig))

    def _pause(self) -> None:
        self._container.pause()

    def _resume(self) -> None:
        with contextlib.suppress(Exception):
            self._container.unpause()

    def _teardown(self) -> None:
        if self._container is not None:
            with contextlib.suppress(Exception):
                self._container.remove(force=True, v=True)
        if self._pump is not None:
            self._pump.join(timeout=2)
