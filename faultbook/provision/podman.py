"""Podman as the container engine: containers.conf plus a Docker-compatible API socket."""

from __future__ import annotations

import contextlib
import http.client
import logging
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from faultbook.provision import ProvisionError, locked
from faultbook.provision.apt import ensure_packages

__all__ = [
    "CONTAINERS_CONF",
    "ENGINE_PACKAGES",
    "EngineInfo",
    "ensure_engine",
    "ping",
    "write_containers_conf",
]

log = logging.getLogger(__name__)

ENGINE_PACKAGES = ("podman", "runc", "mmdebstrap")

# crun cannot handle this kernel's cgroups and setting default rlimits is refused: without
# these settings every `podman run` fails here ("error setting rlimit type 7").
CONTAINERS_CONF = """\
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
"""

_SOCKET_NAME = "podman.sock"
_PID_NAME = "podman.pid"
_LOG_NAME = "podman-service.log"
_LOCK_NAME = "engine.lock"
_PING_TIMEOUT = 1.0  # per /_ping request, seconds
_POLL_INTERVAL = 0.05  # between /_ping attempts while the service starts, seconds
_START_DEADLINE = 30.0  # overall bound for the service to answer, seconds
_MAX_UNIX_PATH = 107  # sun_path is 108 bytes including the NUL


@dataclass(frozen=True)
class EngineInfo:
    """Where the Docker-compatible API answers and the containers.conf podman must use."""

    docker_host: str
    containers_conf: Path
    pid: int | None  # the podman service's pid when known (None: not ours, or unknown)

    def env(self) -> dict[str, str]:
        """Environment for docker-py / testcontainers / podman CLI users of this engine."""
        return {
            "DOCKER_HOST": self.docker_host,
            "CONTAINERS_CONF": str(self.containers_conf),
            # Ryuk cannot be pulled (no registry); /.dockerenv exists so the gateway mode breaks.
            "TESTCONTAINERS_RYUK_DISABLED": "true",
            "TESTCONTAINERS_CONNECTION_MODE": "docker_host",
        }


class _UnixHTTPConnection(http.client.HTTPConnection):
    """HTTPConnection over a unix socket."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def ping(docker_host: str, timeout: float = _PING_TIMEOUT) -> bool:
    """Return True when ``GET /_ping`` on docker_host (unix:// or tcp://) answers 200 OK."""
    url = urlsplit(docker_host)
    conn: http.client.HTTPConnection
    if url.scheme == "unix":
        path = url.path or url.netloc
        if not path or not os.path.exists(path):
            return False
        conn = _UnixHTTPConnection(path, timeout)
    elif url.scheme in ("tcp", "http") and url.hostname:
        conn = http.client.HTTPConnection(url.hostname, url.port or 2375, timeout=timeout)
    else:
        return False
    try:
        conn.request("GET", "/_ping")
        resp = conn.getresponse()
        body = resp.read(64)
        return resp.status == 200 and body.strip() == b"OK"
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def write_containers_conf(state_dir: Path) -> Path:
    """Write ``state_dir/containers.conf`` (atomically, only when it differs); return its path."""
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "containers.conf"
    with contextlib.suppress(FileNotFoundError):
        if path.read_text() == CONTAINERS_CONF:
            return path
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(CONTAINERS_CONF)
    os.replace(tmp, path)
    return path



def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_pid(state_dir: Path) -> int | None:
    try:
        pid = int((state_dir / _PID_NAME).read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _pid_alive(pid) else None


def cwd_gone(pid: int | None) -> bool:
    """True when process ``pid`` runs in a folder that was removed (its containers cannot start:
    conmon inherits the folder and fails with 'Failed to get working directory')."""
    if pid is None:
        return False
    try:
        return os.readlink(f"/proc/{pid}/cwd").endswith(" (deleted)")
    except OSError:
        return False


def _stop_stale_service(state_dir: Path, docker_host: str) -> None:
    """SIGTERM a service recorded in the pid file that no longer works on docker_host, and wait
    (bounded) until it is gone."""
    pid = _read_pid(state_dir)
    if pid is None:
        return
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return
    if b"podman" in cmdline[0] and os.fsencode(docker_host) in cmdline:
        log.warning("podman service pid %d does not work on %s; terminating it", pid, docker_host)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 15)
        deadline = time.monotonic() + _START_DEADLINE
        while _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(_POLL_INTERVAL)


def _log_tail(path: Path) -> str:
    try:
        lines = [ln.strip() for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return "no log"
    return lines[-1] if lines else "empty log"


def _start_service(state_dir: Path, sock: Path, conf: Path) -> int:
    """Start ``podman system service`` in its own session; wait for /_ping; return its pid."""
    docker_host = f"unix://{sock}"
    log_path = state_dir / _LOG_NAME
    # the service outlives every run: it must not carry a run's ownership marks
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAULTBOOK_")}
    env["CONTAINERS_CONF"] = str(conf)
    argv = ["podman", "system", "service", "--time=0", docker_host]
    log.info("starting %s", " ".join(argv))
    with log_path.open("ab") as log_fh:
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log_fh,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # survives this process and its terminal
                close_fds=True,
                cwd=state_dir,  # never a checkout's folder: conmon fails once that is removed
            )
        except OSError as exc:
            raise ProvisionError(
                f"cannot run podman ({exc}); fix: apt-get install -y podman runc"
            ) from exc
    (state_dir / _PID_NAME).write_text(f"{proc.pid}\n")
    started = time.monotonic()
    deadline = started + _START_DEADLINE
    while True:
        if ping(docker_host):
            log.info(
                "podman service pid %d answered after %.2fs", proc.pid, time.monotonic() - started
            )
            return proc.pid
        code = proc.poll()
        if code is not None:
            raise ProvisionError(
                f"podman system service exited with {code} ({_log_tail(log_path)}); "
                f"fix: see {log_path}"
            )
        if time.monotonic() >= deadline:
            proc.terminate()
            raise ProvisionError(
                f"podman system service did not answer /_ping within {_START_DEADLINE:.0f}s; "
                f"fix: see {log_path}"
            )
        time.sleep(_POLL_INTERVAL)


def ensure_engine(state_dir: Path) -> EngineInfo:
    """Make a Docker-compatible API answer and return where it is.

    Installs podman, runc and mmdebstrap if missing and writes ``state_dir/containers.conf``.
    An existing ``DOCKER_HOST`` that answers /_ping is used as it is; otherwise the socket
    ``state_dir/podman.sock`` is used, starting ``podman system service --time=0`` on it
    (in its own session, left running for later runs) when it does not answer.
    """
    state_dir = state_dir.expanduser().resolve()
    ensure_packages(ENGINE_PACKAGES)
    conf = write_containers_conf(state_dir)

    existing = os.environ.get("DOCKER_HOST")
    if existing and ping(existing):
        log.info("using existing DOCKER_HOST=%s", existing)
        return EngineInfo(docker_host=existing, containers_conf=conf, pid=None)

    sock = state_dir / _SOCKET_NAME
    if len(os.fsencode(sock)) > _MAX_UNIX_PATH:
        raise ProvisionError(
            f"socket path {sock} is too long for a unix socket; fix: pass a shorter --state-dir"
        )
    docker_host = f"unix://{sock}"
    with locked(state_dir / _LOCK_NAME):
        if ping(docker_host) and not cwd_gone(_read_pid(state_dir)):
            log.info("podman service already answers on %s", docker_host)
            return EngineInfo(
                docker_host=docker_host, containers_conf=conf, pid=_read_pid(state_dir)
            )
        _stop_stale_service(state_dir, docker_host)
        pid = _start_service(state_dir, sock, conf)
    return EngineInfo(docker_host=docker_host, containers_conf=conf, pid=pid)
