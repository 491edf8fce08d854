"""Readers that move a component's output, line by line, onto the timeline and into its log file."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from faultbook.observe.timeline import Timeline


class LineSplitter:
    """Turns arbitrary byte chunks into complete decoded lines."""

    def __init__(self) -> None:
        self._buf = b""

    def feed(self, chunk: bytes) -> list[str]:
        """Return the complete lines the chunk finished."""
        self._buf += chunk
        *done, self._buf = self._buf.split(b"\n")
        return [raw.decode("utf-8", "replace") for raw in done]

    def flush(self) -> list[str]:
        """Return a trailing line without newline, if any."""
        rest, self._buf = self._buf, b""
        return [rest.decode("utf-8", "replace")] if rest else []


class LogSink:
    """The per-component log file on disk; appends survive restarts of the component."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._fh: IO[str] = path.open("a", encoding="utf-8")

    def write(self, text: str) -> None:
        """Append one line."""
        with self._lock:
            if not self._fh.closed:
                self._fh.write(text + "\n")
                self._fh.flush()

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._fh.close()


class StreamPump(threading.Thread):
    """Reads chunks from a source until it ends and publishes each line."""

    def __init__(
        self,
        name: str,
        chunks: Iterable[bytes],
        timeline: Timeline,
        component: str,
        stream: str,
        sink: LogSink | None,
        on_end: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(name=f"faultbook-pump-{name}", daemon=True)
        self._chunks = chunks
        self._timeline = timeline
        self._component = component
        self._stream = stream
        self._sink = sink
        self._on_end = on_end

    def _publish(self, text: str) -> None:
        self._timeline.add_line(self._component, text, self._stream)
        if self._sink is not None:
            self._sink.write(text)

    def run(self) -> None:
        splitter = LineSplitter()
        try:
            for chunk in self._chunks:
                for text in splitter.feed(chunk):
                    self._publish(text)
        except (OSError, ValueError):
            pass  # the source was closed under us: the component is gone
        except Exception as exc:  # a client library's stream error ends the pump, not the test
            self._timeline.mark(self._component, "stream.error", type(exc).__name__, error=str(exc))
        finally:
            for text in splitter.flush():
                self._publish(text)
            if self._on_end is not None:
                self._on_end()


def pipe_chunks(pipe: IO[bytes]) -> Iterable[bytes]:
    """Chunks from a pipe as soon as they are written (read1 returns what is there)."""
    read1 = pipe.read1 if isinstance(pipe, io.BufferedReader) else io.BufferedReader(pipe).read1  # type: ignore[arg-type,type-var]
    while True:
        chunk = read1(65536)
        if not chunk:
            return
        yield chunk


def file_chunks(path: Path, stop: threading.Event, interval: float = 0.02,
                limit: int | None = None, start: int = 0) -> Iterable[bytes]:
    """Follow a file a program writes (tail -F); ends when ``stop`` is set and the file is drained.

    It is followed from octet ``start`` (its size before this run of the program began: what an
    earlier run appended is not this run's), from its beginning when it is shorter (rewritten).
    With ``limit``, following stops after that many octets with one line saying so (a flooding
    program must not fill the runner's memory).
    """
    handle: IO[bytes] | None = None
    taken = 0
    try:
        while True:
            if handle is None and path.exists():
                handle = path.open("rb")
                if start and os.fstat(handle.fileno()).st_size >= start:
                    handle.seek(start)
            chunk = handle.read(65536) if handle is not None else b""
            if chunk:
                if limit is not None and taken + len(chunk) > limit:
                    cut = chunk[: max(limit - taken, 0)]
                    yield cut[: cut.rfind(b"\n") + 1]
                    yield f"\n[faultbook: stopped following {path.name} after {limit} octets]\n".encode()
                    return
                taken += len(chunk)
                yield chunk
                continue
            if stop.is_set():
                return
            stop.wait(interval)
    finally:
        if handle is not None:
            handle.close()
