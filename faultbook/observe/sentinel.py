"""A signal sentinel: a tiny process in the process group (and session) of a system under test,
recording every signal it receives with the sender's pid, so a group-wide signal the system sends
(``kill(0, SIGINT)``) is seen.

``python -I sentinel.py RECORD -- ARGV...`` double-forks the sentinel (re-parented, so the system
never waits for it), then execs ARGV in place, keeping the launcher's pid, session and process
group. ``python -I sentinel.py RECORD --watch PID`` is the sentinel of PID, in its own group (the
suite's runner). The sentinel writes one JSON line per signal to RECORD (its own pid first) and
ends once the watched process is gone. Standard library only: it runs under any interpreter,
whatever environment the system's launch sets.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

#: the signals a sentinel can wait for (all but SIGKILL and SIGSTOP)
CATCHABLE = set(signal.valid_signals()) - {signal.SIGKILL, signal.SIGSTOP}


def wrap(argv: Sequence[str], record: Path, python: str = sys.executable) -> list[str]:
    """``argv`` launched with a sentinel recording into ``record``."""
    return [python, "-I", str(Path(__file__).resolve()), str(record.absolute()), "--", *argv]


def _sender(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()[:200]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def watch(record: Path, system: int, listening: int | None) -> None:
    """Record every signal until ``system`` is gone (the sentinel's loop); closing the
    ``listening`` pipe end tells the launcher the sentinel is in place."""
    signal.pthread_sigmask(signal.SIG_BLOCK, CATCHABLE)
    with record.open("a", buffering=1) as out:
        out.write(json.dumps({"sentinel": os.getpid(), "system": system, "t": time.time()}) + "\n")
        if listening is not None:
            os.close(listening)
        while True:
            info = signal.sigtimedwait(CATCHABLE, 0.25)
            if info is None:
                if not alive(system):
                    return
                continue
            out.write(json.dumps({
                "signo": info.si_signo, "pid": info.si_pid, "uid": info.si_uid,
                "code": info.si_code, "t": time.time(), "sender": _sender(info.si_pid)}) + "\n")


def main(args: Sequence[str]) -> None:
    """Fork the sentinel, then exec the system (or, with --watch, be the sentinel of PID)."""
    if len(args) == 3 and args[1] == "--watch":
        watch(Path(args[0]), int(args[2]), None)
        return
    if len(args) < 3 or args[1] != "--":
        sys.exit("usage: sentinel.py RECORD -- ARGV... | sentinel.py RECORD --watch PID")
    record, argv = Path(args[0]), list(args[2:])
    system = os.getpid()
    ready, listening = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(ready)
        if os.fork() == 0:
            with contextlib.suppress(BaseException):
                watch(record, system, listening)
            os._exit(0)
        os._exit(0)
    os.close(listening)
    os.waitpid(child, 0)
    os.read(ready, 1)  # EOF once the sentinel listens (or died)
    os.close(ready)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
