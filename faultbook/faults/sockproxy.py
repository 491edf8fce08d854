"""A Unix-socket proxy the suite owns, between a system under test and the container engine.

The system is pointed at the proxy's socket (``DOCKER_HOST=unix://...``), never at the engine's.
Cutting the proxy makes the engine unreachable for that system alone: the listener closes, every
open connection is aborted, and new connections are refused, while the engine itself (shared by
the suite) is never touched. Every HTTP request line passing through is recorded, so what the
system asked the engine for can be told apart from what others did on the same engine.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from faultbook.faults.base import Fault
from faultbook.observe.evidence import Evidence
from faultbook.observe.timeline import Timeline

REQUEST_LINE = re.compile(rb"(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD) (/\S*) HTTP/1\.[01]\r\n")
#: what the engine answers to an image load: the reference it stored
LOADED = re.compile(rb'Loaded image(?: ID)?: ([^\s"\\]+)')
#: a creation request, and the identifiers in the engine's answer to one
CREATE = re.compile(r"/(containers|volumes|networks)/create")
IDENT = re.compile(rb'"(?:Id|Name)"\s*:\s*"([^"]+)"')


@dataclass(frozen=True)
class ProxiedRequest:
    """One request the system sent to the engine: when (wall clock), method and path."""

    t: float
    method: str
    path: str


@dataclass
class _Exchange:
    """One connection's request in flight (HTTP/1.1 answers in order, one at a time)."""

    last: ProxiedRequest | None = None


@dataclass(frozen=True)
class LoadedImage:
    """An image reference the engine told the system it loaded, and when (wall clock)."""

    t: float
    ref: str


class UnixSocketProxy:
    """Forwards ``path`` to ``upstream`` from a thread of its own; ``cut`` and ``restore`` it."""

    component = "engine-proxy"

    def __init__(self, timeline: Timeline, path: Path, upstream: Path) -> None:
        self.timeline = timeline
        self.path = path
        self.upstream = upstream
        self.requests: list[ProxiedRequest] = []
        self.loaded: list[LoadedImage] = []
        #: ids and names the engine gave in answer to the system's creation requests
        self.created: set[str] = set()
        self.connections = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self._server: asyncio.base_events.Server | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name=f"faultbook-sockproxy-{path.name}")

    @property
    def docker_host(self) -> str:
        """The DOCKER_HOST value that leads to this proxy."""
        return f"unix://{self.path}"

    def _call(self, coro: object) -> None:
        asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=10)  # type: ignore[arg-type]

    def start(self) -> UnixSocketProxy:
        """Listen and forward."""
        self._thread.start()
        self._call(self._listen())
        self.timeline.mark(self.component, "start", f"proxy {self.path} -> {self.upstream}")
        return self

    async def _listen(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self._server = await asyncio.start_unix_server(self._handle, str(self.path))

    async def _stop_listening(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()

    def cut(self) -> None:
        """Close the listener and every open connection: connects are refused from now on."""
        self._call(self._stop_listening())

    def restore(self) -> None:
        """Listen again on the same path."""
        self._call(self._listen())

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_unix_connection(str(self.upstream))
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        exchange = _Exchange()
        try:
            await asyncio.gather(self._pipe(reader, up_writer, exchange, request=True),
                                 self._pipe(up_reader, writer, exchange, request=False))
        finally:
            for w in (writer, up_writer):
                self._writers.discard(w)
                with contextlib.suppress(Exception):
                    w.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    exchange: _Exchange, request: bool) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while chunk := await reader.read(65536):
                if request:
                    self._requests(chunk, exchange)
                else:
                    self._answer(chunk, exchange)
                writer.write(chunk)
                await writer.drain()
        with contextlib.suppress(Exception):
            writer.write_eof()

    def _requests(self, chunk: bytes, exchange: _Exchange) -> None:
        now = time.time()
        for m in REQUEST_LINE.finditer(chunk[:8192]):
            exchange.last = ProxiedRequest(now, m.group(1).decode(), m.group(2).decode())
            self.requests.append(exchange.last)

    def _answer(self, chunk: bytes, exchange: _Exchange) -> None:
        last = exchange.last
        if last is not None and last.method == "POST" and CREATE.search(last.path):
            self.created.update(m.group(1).decode() for m in IDENT.finditer(chunk[:65536]))
        if len(chunk) < 8192:  # load progress is small JSON lines; image layers are not read
            self.loaded.extend(LoadedImage(time.time(), m.group(1).decode())
                               for m in LOADED.finditer(chunk))

    async def _shutdown(self) -> None:
        await self._stop_listening()  # aborted connections end their handlers
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        if tasks:
            await asyncio.wait(tasks, timeout=5)

    def close(self) -> None:
        """Stop listening, drop every connection, remove the socket file."""
        if self._thread.is_alive():
            with contextlib.suppress(Exception):
                self._call(self._shutdown())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        self._loop.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class EngineUnreachable(Fault):
    """The container engine, as one system reaches it through the suite's proxy, goes away."""

    def __init__(self, proxy: UnixSocketProxy) -> None:
        super().__init__(proxy.timeline)
        self.proxy = proxy
        self.component = proxy.component

    @property
    def name(self) -> str:
        return f"engine unreachable via {self.proxy.path.name}"

    def _inject(self) -> None:
        self.proxy.cut()

    def _heal(self) -> None:
        self.proxy.restore()

    def _confirm(self) -> Evidence:
        """A client connecting to the socket the system uses is refused."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(2.0)
            try:
                client.connect(str(self.proxy.path))
                refused, detail = False, "connected"
            except OSError as exc:
                refused, detail = True, f"{type(exc).__name__}: {exc.strerror or exc}"
        return Evidence(self.name, refused, f"a client connecting to {self.proxy.path.name} got: {detail}",
                        {"client_refused": refused})
