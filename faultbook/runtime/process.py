"""Process runtime: each service is a local process in a session of its own, tree owned via psutil."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time

import psutil

from faultbook.errors import MissingBinaryError, ServiceStartError
from faultbook.observe.logstream import StreamPump, file_chunks, pipe_chunks
from faultbook.observe.outcome import Outcome
from faultbook.observe.sentinel import wrap
from faultbook.observe.signals import SentinelRecord
from faultbook.ownership import owner_env, record_spawn
from faultbook.runtime.base import RunContext, Service
from faultbook.runtime.spec import ServiceSpec


def session_members(sid: int) -> list[psutil.Process]:
    """Every live process whose session id is ``sid`` (the leader's pid)."""
    members = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error, ProcessLookupError, PermissionError):
            if os.getsid(proc.pid) == sid and proc.status() != psutil.STATUS_ZOMBIE:
                members.append(proc)
    return members


def kill_tree(leader: int, sig: int = signal.SIGKILL) -> list[int]:
    """Signal a session leader, its descendants and its session; return the pids signalled."""
    procs: dict[int, psutil.Process] = {p.pid: p for p in session_members(leader)}
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(leader)
        procs.setdefault(root.pid, root)
        for child in root.children(recursive=True):
            procs.setdefault(child.pid, child)
    for proc in procs.values():
        with contextlib.suppress(psutil.Error):
            proc.send_signal(sig)
    return sorted(procs)


def require_binary(path_or_name: str, package: str) -> str:
    """The full path of a binary, or MissingBinaryError naming the package."""
    found = (
        path_or_name
        if os.path.isabs(path_or_name) and os.access(path_or_name, os.X_OK)
        else shutil.which(path_or_name)
    )
    if not found:
        raise MissingBinaryError(path_or_name, package)
    return found


class ProcessService(Service):
    """A service run from host binaries, in a session of its own."""

    runtime_name = "process"

    def __init__(self, spec: ServiceSpec, ctx: RunContext, component: str | None = None) -> None:
        super().__init__(spec, ctx, component)
        for binary, package in spec.binaries.items():
            require_binary(binary, package)
        self.data_dir = ctx.data_dir / self.component
        self._popen: subprocess.Popen[bytes] | None = None
        self._prepared = False
        self._pumps: list[threading.Thread] = []
        self._tail_stop = threading.Event()
        self.session_pids: set[int] = set()
        self.signals = (SentinelRecord(ctx.logs_dir.absolute() / f"{self.component}.signals.jsonl",
                                       f"{self.component} sentinel")
                        if spec.sentinel else None)

    @property
    def ident(self) -> str:
        return f"pid {self.pid}" if self.pid else "not running"

    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen is not None and self.is_running() else None

    def processes(self) -> list[psutil.Process]:
        return self.members()

    def members(self) -> list[psutil.Process]:
        """The live processes of the current run (the whole session), its sentinel aside."""
        if self._popen is None:
            return []
        procs = {p.pid: p for p in session_members(self._popen.pid)}
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(self._popen.pid)
            procs.setdefault(root.pid, root)
            for child in root.children(recursive=True):
                procs.setdefault(child.pid, child)
        sentinels = self.signals.pids() if self.signals is not None else set()
        return [p for pid, p in procs.items() if pid not in sentinels]

    def _launch(self) -> None:
        if not self._prepared:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.spec.prepare_process(self.data_dir, self.host_ports)
            self._prepared = True
        launch = self.spec.process_launch(self.data_dir, self.host_ports)
        argv = list(launch.argv)
        if self.signals is not None:
            self.signals.path.parent.mkdir(parents=True, exist_ok=True)
            argv = wrap(argv, self.signals.path)
        self.launched = launch
        env = {**os.environ, **launch.env, **owner_env()}
        # what earlier runs appended to its log files is theirs: this run's followers start after
        before = {path: path.stat().st_size if path.exists() else 0 for path in launch.log_files}
        started = time.monotonic()
        try:
            popen = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
                env=env,
                cwd=self.data_dir,
                user=launch.user,
            )
        except OSError as exc:
            self._exited.set()
            raise ServiceStartError(self.component, f"cannot run {launch.argv[0]}: {exc}") from exc
        self._popen = popen
        self.session_pids.add(popen.pid)
        record_spawn(self.ctx.settings.state_dir, popen.pid)
        self.timeline.mark(
            self.component, "spawn", f"pid {popen.pid}", pid=popen.pid, argv=launch.argv
        )
        assert popen.stdout is not None and popen.stderr is not None
        self._pumps = [
            StreamPump(
                f"{self.component}-out",
                pipe_chunks(popen.stdout),
                self.timeline,
                self.component,
                "stdout",
                self.sink,
            ),
            StreamPump(
                f"{self.component}-err",
                pipe_chunks(popen.stderr),
                self.timeline,
                self.component,
                "stderr",
                self.sink,
            ),
        ]
        self._tail_stop = threading.Event()
        for path in launch.log_files:
            self._pumps.append(
                StreamPump(
                    f"{self.component}-{path.name}",
                    file_chunks(path, self._tail_stop, limit=launch.tail_limit,
                                start=before[path]),
                    self.timeline,
                    self.component,
                    path.name,
                    self.sink,
                )
            )
        for pump in self._pumps:
            pump.start()
        threading.Thread(
            target=self._reap,
            args=(popen, started),
            daemon=True,
            name=f"faultbook-reap-{self.component}",
        ).start()

    def _reap(self, popen: subprocess.Popen[bytes], started: float) -> None:
        returncode = popen.wait()
        ended = time.monotonic()
        for pump in self._pumps[:2]:
            pump.join(timeout=2)
        self._tail_stop.set()
        self._record_exit(Outcome.from_returncode(returncode, started, ended))

    def _graceful_stop(self, timeout: float) -> None:
        if self._popen is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._popen.pid, self.spec.stop_signal)

    def _signal(self, sig: int, group: bool) -> None:
        if self._popen is None:
            return
        with contextlib.suppress(ProcessLookupError):
            if group:
                os.killpg(self._popen.pid, sig)
            else:
                os.kill(self._popen.pid, sig)

    def _pause(self) -> None:
        for proc in self.members():
            with contextlib.suppress(psutil.Error):
                proc.send_signal(signal.SIGSTOP)

    def _resume(self) -> None:
        for proc in self.members():
            with contextlib.suppress(psutil.Error):
                proc.send_signal(signal.SIGCONT)

    def _teardown(self) -> None:
        for sid in self.session_pids:
            kill_tree(sid, signal.SIGCONT)
            kill_tree(sid, signal.SIGKILL)
        if self._popen is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._popen.wait(timeout=10)
        self._tail_stop.set()
        for sid in self.session_pids:
            psutil.wait_procs(session_members(sid), timeout=5)
