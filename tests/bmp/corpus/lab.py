"""The recording lab shared by the corpus recipes: a decoding BMP collector and the daemons.

Every wait is bounded (STEP_TIMEOUT) and event-driven (the collector's condition variable).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from faultbook.bmp.bmp import Message
from faultbook.bmp.codec import StreamDecoder
from faultbook.bmp.errors import DecodeError

STEP_TIMEOUT = 30.0


def free_port() -> int:
    """A free TCP port on 127.0.0.1, picked by the kernel."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Collector:
    """Accepts BMP connections and decodes them; ``wait`` blocks until a predicate holds."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_server(("127.0.0.1", port))
        self.messages: list[tuple[int, Message]] = []
        self.errors: list[str] = []
        self.cond = threading.Condition()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, addr = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._read, args=(conn, addr[1]), daemon=True).start()

    def _read(self, conn: socket.socket, port: int) -> None:
        dec = StreamDecoder()
        with conn:
            while chunk := conn.recv(65536):
                try:
                    msgs = dec.feed(chunk)
                except DecodeError as e:  # the message is skipped; framing survives
                    self.errors.append(f"{port}: {e}")
                    print("decode error:", e, flush=True)
                    continue
                with self.cond:
                    self.messages += [(port, m) for m in msgs]
                    self.cond.notify_all()

    def wait(self, what: str, pred: Callable[[list[Message]], bool]) -> bool:
        """Wait until ``pred`` holds for the messages so far (at most STEP_TIMEOUT)."""
        with self.cond:
            ok = self.cond.wait_for(lambda: pred([m for _, m in self.messages]), STEP_TIMEOUT)
        print("ok:" if ok else "MISSED:", what, flush=True)
        return ok

    def wait_more(self, what: str, kind: type, before: int, n: int = 1) -> bool:
        """Wait until ``n`` more messages of ``kind`` than ``before`` arrived."""
        return self.wait(what, lambda ms: sum(isinstance(m, kind) for m in ms) >= before + n)

    def all(self) -> list[Message]:
        with self.cond:
            return [m for _, m in self.messages]

    def count(self, kind: type) -> int:
        with self.cond:
            return sum(isinstance(m, kind) for _, m in self.messages)


class Lab:
    """The daemons of one recording, all stopped by ``close``."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, argv: list[str]) -> None:
        log = open(self.work / f"{name}.out", "wb")  # noqa: SIM115 - kept open for the daemon
        # own session: the daemon (behind runuser) is stopped with its whole process group
        self.procs[name] = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def frr(self, name: str, conf: str, port: int, **ports: int) -> None:
        """Start FRR bgpd ``name`` (again, if its folder exists) with ``conf`` formatted."""
        d = self.work / name
        d.mkdir(exist_ok=True)
        (d / "bgpd.conf").write_text(conf.format(dir=d, **ports))
        shutil.chown(d, "frr", "frr")
        self.start(name, ["runuser", "-u", "frr", "--", "/usr/lib/frr/bgpd", "-f",
                          str(d / "bgpd.conf"), "-M", "bmp", "-S", "-Z", "-n", "-l", "127.0.0.1",
                          "-p", str(port), "-P", "0", "--vty_socket", str(d), "-i",
                          str(d / "bgpd.pid")])

    def gobgp(self, name: str, conf: str) -> None:
        d = self.work / name
        d.mkdir()
        (d / "gobgpd.toml").write_text(conf)
        shutil.chown(d, "nobody")
        self.start(name, ["runuser", "-u", "nobody", "--", "gobgpd", "-f", str(d / "gobgpd.toml"),
                          "--api-hosts", f"unix://{d}/api.sock", "--pprof-disable"])

    def cli(self, name: str, *args: str) -> None:
        sock = self.work / name / "api.sock"
        deadline = time.monotonic() + STEP_TIMEOUT
        while not sock.exists():  # gobgpd creates its API socket once it is up
            if time.monotonic() > deadline or self.procs[name].poll() is not None:
                raise SystemExit(f"{name}: no API socket")
            time.sleep(0.1)
        subprocess.run(["gobgp", "--target", f"unix://{sock}", *args], check=True)

    def vtysh(self, name: str, *cmds: str) -> None:
        argv = ["vtysh", "--vty_socket", str(self.work / name), "-d", "bgpd"]
        for c in cmds:
            argv += ["-c", c]
        subprocess.run(argv, check=True)

    def signal(self, name: str, sig: int) -> None:
        os.killpg(self.procs[name].pid, sig)
        self.procs[name].wait(STEP_TIMEOUT)

    def capture(self, ports: list[int]) -> None:
        """Start dumpcap on lo for ``ports`` into cap.pcapng; return once it writes the file."""
        filt = " or ".join(f"tcp port {p}" for p in ports)
        self.start("dumpcap", ["dumpcap", "-q", "-i", "lo", "-f", filt, "-w",
                               str(self.work / "cap.pcapng")])
        deadline = time.monotonic() + STEP_TIMEOUT
        while not (self.work / "cap.pcapng").exists():
            if time.monotonic() > deadline or self.procs["dumpcap"].poll() is not None:
                raise SystemExit("dumpcap did not start")
            time.sleep(0.1)

    def close(self) -> None:
        """Stop every daemon's process group: SIGTERM, then SIGKILL after 10 s."""
        for p in self.procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs.values():
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(10)


def record(out: Path, ports: dict[str, int], scenario: Callable[[Lab, Collector], None]) -> None:
    """Run ``scenario`` with a collector on ``ports["bmp"]``, every port captured into ``out``."""
    work = Path(tempfile.mkdtemp(prefix="bmp-record-"))
    os.chmod(work, 0o755)
    lab = Lab(work)
    col = Collector(ports["bmp"])
    lab.capture(list(ports.values()))
    try:
        scenario(lab, col)
    finally:
        lab.close()
        shutil.copy(work / "cap.pcapng", out)
        print("ports", ports, "work", work)
