"""TCP faults between a client and a service, through a proxy the suite runs on 127.0.0.1.

Modes: pass (forward), latency (delay every chunk), reset (RST every connection, open or new),
blackhole (accept, forward nothing), slice (forward in small pieces, with a delay between).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import socket
import struct
import threading
from dataclasses import dataclass

from faultbook.faults.base import Fault
from faultbook.observe.evidence import Evidence
from faultbook.observe.timeline import Timeline


class ProxyMode(enum.Enum):
    """What the proxy does to traffic."""

    PASS = "pass"
    LATENCY = "latency"
    RESET = "reset"
    BLACKHOLE = "blackhole"
    SLICE = "slice"


@dataclass
class ProxySettings:
    """The current mode and its parameters."""

    mode: ProxyMode = ProxyMode.PASS
    latency: float = 0.0
    slice_bytes: int = 1
    slice_delay: float = 0.001


def _rst(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class TcpProxy:
    """A proxy from 127.0.0.1:``listen_port`` to ``upstream``, running in its own thread."""

    component = "proxy"

    def __init__(self, timeline: Timeline, listen_port: int, upstream: tuple[str, int]) -> None:
        self.timeline = timeline
        self.listen_port = listen_port
        self.upstream = upstream
        self.settings = ProxySettings()
        self.connections = 0
        #: chunks or connections the current non-pass mode acted on (reset on each mode change)
        self.affected = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._thread = threading.Thread(
            target=self._loop.run_forever, daemon=True, name=f"faultbook-proxy-{listen_port}"
        )

    def start(self) -> TcpProxy:
        """Listen and forward."""
        self._thread.start()
        fut = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        fut.result(timeout=10)
        self.timeline.mark(
            self.component,
            "start",
            f"proxy :{self.listen_port} -> {self.upstream[0]}:{self.upstream[1]}",
        )
        return self

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.listen_port)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        if self.settings.mode is ProxyMode.RESET:
            self.affected += 1
            _rst(writer)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            _rst(writer)
            return
        self._writers.update((writer, up_writer))
        try:
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        finally:
            for w in (writer, up_writer):
                self._writers.discard(w)
                with contextlib.suppress(Exception):
                    w.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while chunk := await reader.read(65536):
                s = self.settings
                if s.mode is not ProxyMode.PASS:
                    self.affected += 1
                if s.mode is ProxyMode.BLACKHOLE:
                    continue
                if s.mode is ProxyMode.RESET:
                    _rst(writer)
                    return
                if s.mode is ProxyMode.LATENCY and s.latency > 0:
                    await asyncio.sleep(s.latency)  # the injected delay itself
                if s.mode is ProxyMode.SLICE:
                    for i in range(0, len(chunk), max(s.slice_bytes, 1)):
                        writer.write(chunk[i : i + s.slice_bytes])
                        await writer.drain()
                        await asyncio.sleep(s.slice_delay)  # the injected gap between slices
                    continue
                writer.write(chunk)
                await writer.drain()
        with contextlib.suppress(Exception):
            writer.write_eof()

    def set_mode(self, mode: ProxyMode, **params: float) -> None:
        """Switch mode now; RESET also resets the connections already open (done when this
        returns: the proxy's loop has reset them, bounded by 5 s)."""
        self.settings = ProxySettings(mode, **params)  # type: ignore[arg-type]
        self.affected = 0
        self.timeline.mark(self.component, "proxy.mode", mode.value, **params)
        if mode is ProxyMode.RESET:

            async def reset_all() -> None:
                for w in list(self._writers):
                    self.affected += 1
                    _rst(w)

            asyncio.run_coroutine_threadsafe(reset_all(), self._loop).result(timeout=5.0)

    def fault(self, mode: ProxyMode, **params: float) -> ProxyFault:
        """A fault that sets ``mode`` when injected and PASS when healed."""
        return ProxyFault(self, mode, params)

    def close(self) -> None:
        """Stop listening and drop every connection."""

        async def shutdown() -> None:
            if self._server is not None:
                self._server.close()
            for w in list(self._writers):
                w.transport.abort()

        if self._thread.is_alive():
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(timeout=5)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        self._loop.close()


class ProxyFault(Fault):
    """A TCP fault between client and service: set a proxy mode, heal back to pass-through."""

    component = "proxy"

    def __init__(self, proxy: TcpProxy, mode: ProxyMode, params: dict[str, float]) -> None:
        super().__init__(proxy.timeline)
        self.proxy, self.mode, self.params = proxy, mode, params

    @property
    def name(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return (
            f"tcp {self.mode.value}{f' ({extra})' if extra else ''} via :{self.proxy.listen_port}"
        )

    def _inject(self) -> None:
        self.proxy.set_mode(self.mode, **self.params)

    def _confirm(self) -> Evidence:
        n = self.proxy.affected
        return Evidence(self.name, n > 0, f"{self.mode.value} applied to {n} chunk(s) or connection(s)",
                        {"affected": n})

    def _heal(self) -> None:
        self.proxy.set_mode(ProxyMode.PASS)
