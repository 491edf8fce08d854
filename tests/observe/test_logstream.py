"""Following a log file: from where this run of its program began, never an earlier run's lines."""

from __future__ import annotations

import threading
from pathlib import Path

from faultbook.observe.logstream import file_chunks


def follow(path: Path, start: int) -> bytes:
    stop = threading.Event()
    stop.set()  # drain what is there, then end
    return b"".join(file_chunks(path, stop, start=start))


def test_a_restarted_programs_log_is_followed_from_its_own_start(tmp_path: Path) -> None:
    log = tmp_path / "collector.log"
    log.write_bytes(b"earlier run: waiting for data\n")
    before = log.stat().st_size
    with log.open("ab") as fh:
        fh.write(b"this run: waiting for data\n")
    assert follow(log, before) == b"this run: waiting for data\n"


def test_a_rewritten_log_is_followed_from_its_beginning(tmp_path: Path) -> None:
    log = tmp_path / "collector.log"
    log.write_bytes(b"short\n")
    assert follow(log, 1000) == b"short\n"
    assert follow(log, 0) == b"short\n"
