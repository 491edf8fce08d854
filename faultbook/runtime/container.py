"""Container runtime: testcontainers over the Docker API (Docker, or Podman's compatible API)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable
from typing import Any

from testcontainers.core.container import DockerContainer

from faultbook.errors import ConfigError, ServiceStartError
from faultbook.observe.logstream import StreamPump
from faultbook.observe.outcome import Outcome
from faultbook.ownership import labels
from faultbook.runtime.base import RunContext, Service
from faultbook.runtime.engine import Engine
from faultbook.services.base import ServiceSpec


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
        self._tc: DockerContainer | None = None
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
        launch = self.spec.container_launch(self.host_ports)
        argv: Any = launch.argv  # docker-py takes a list; testcontainers' hint says str
        tc = DockerContainer(self.image, command=argv, env=dict(launch.env))
        for name, cport in self.spec.container_ports.items():
            tc.ports[f"{cport}/tcp"] = ("127.0.0.1", self.host_ports[name])  # type: ignore[assignment]
        tc.with_name(f"faultbook-{self.component}-{self.host_ports[self.spec.main_port]}")
        kwargs: dict[str, Any] = {
            "labels": labels(self.component),
            "stop_signal": self.spec.stop_signal.name,
        }
        if launch.user:
            kwargs["user"] = launch.user
        if self.network is not None:
            kwargs["network"] = self.network.name
        tc.with_kwargs(**kwargs)
        self._tc = tc
        try:
            tc.start()
        except Exception as exc:
            self._exited.set()
            created = getattr(tc, "_container", None)
            if created is not None:
                with contextlib.suppress(Exception):
                    created.remove(force=True, v=True)
            raise ServiceStartError(
                self.component, f"container did not start: {exc}"[:400]
            ) from exc
        self._container = tc.get_wrapped_container()

    def _launch(self) -> None:
        started = time.monotonic()
        since = time.time()
        if self._container is None:
            self._create()
        else:
            self._container.start()
        self.timeline.mark(self.component, "spawn", self.ident, container=self._container.id)
        self._pump = StreamPump(
            self.component,
            self._log_chunks(since),
            self.timeline,
            self.component,
            "stdout+stderr",
            self.sink,
        )
        self._pump.start()
        threading.Thread(
            target=self._reap, args=(started,), daemon=True, name=f"faultbook-reap-{self.component}"
        ).start()

    def _log_chunks(self, since: float) -> Iterable[bytes]:
        stream = self._container.logs(
            stream=True, follow=True, stdout=True, stderr=True, since=since
        )
        yield from stream

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
