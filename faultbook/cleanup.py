"""Sweeping what dead runs left behind: processes, containers, networks, port locks, data dirs.

Ownership is read from the marks every resource carries (an environment variable on processes,
labels on containers and networks); only resources whose owning runner is gone are touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from faultbook.ownership import ENV_OWNER, LABEL_OWNER, Owner, dead_ledgers, me
from faultbook.runtime.engine import Engine


@dataclass
class SweepReport:
    """What a sweep removed."""

    processes: list[int] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    locks: list[str] = field(default_factory=list)
    data_dirs: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing was left behind."""
        return not (
            self.processes or self.containers or self.networks or self.locks or self.data_dirs
        )

    def summary(self) -> str:
        """One line for the terminal."""
        return (
            f"swept {len(self.processes)} process(es), {len(self.containers)} container(s), "
            f"{len(self.networks)} network(s), {len(self.locks)} port lock(s), "
            f"{len(self.data_dirs)} data dir(s) left by dead runs"
        )


def _dead(token: str | None) -> bool:
    if not token:
        return False
    owner = Owner.parse(token)
    return owner is not None and owner != me() and not owner.alive()


def owned_processes(token_filter: str | None = None) -> list[tuple[psutil.Process, str]]:
    """Processes carrying an owner mark (of ``token_filter`` only, if given)."""
    out = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error, OSError):
            token = proc.environ().get(ENV_OWNER)
            if token and (token_filter is None or token == token_filter):
                out.append((proc, token))
    return out


def _ledger_victims(state_dir: Path) -> list[psutil.Process]:
    """Members of the sessions that dead owners' ledgers list (a process may rewrite its environ)."""
    victims = []
    ledgers = dead_ledgers(state_dir)
    leaders = {pid: created for _path, items in ledgers for pid, created in items}
    if leaders:
        for proc in psutil.process_iter():
            with contextlib.suppress(psutil.Error, OSError):
                sid = os.getsid(proc.pid)
                if sid in leaders and proc.create_time() >= leaders[sid] - 0.05:
                    victims.append(proc)
    for path, _items in ledgers:
        with contextlib.suppress(OSError):
            path.unlink()
    return victims


def sweep_processes(state_dir: Path) -> list[int]:
    """Kill every process whose owning runner is dead."""
    found = {proc.pid: proc for proc, token in owned_processes() if _dead(token)}
    for proc in _ledger_victims(state_dir):
        found.setdefault(proc.pid, proc)
    victims = list(found.values())
    for proc in victims:
        with contextlib.suppress(psutil.Error):
            proc.send_signal(signal.SIGCONT)
            proc.send_signal(signal.SIGKILL)
    psutil.wait_procs(victims, timeout=5)
    return [p.pid for p in victims]


def sweep_engine(engine: Engine) -> tuple[list[str], list[str]]:
    """Remove containers and networks whose owning runner is dead."""
    containers, networks = [], []
    for container in engine.ours("container"):
        if _dead(container.labels.get(LABEL_OWNER)):
            with contextlib.suppress(Exception):
                container.remove(force=True, v=True)
                containers.append(container.id[:12])
    for network in engine.ours("network"):
        if _dead((network.attrs.get("Labels") or {}).get(LABEL_OWNER)):
            with contextlib.suppress(Exception):
                network.remove()
                networks.append(network.name)
    return containers, networks


def sweep_files(state_dir: Path, data_root: Path) -> tuple[list[str], list[str]]:
    """Remove port locks and data dirs of dead runs."""
    locks, dirs = [], []
    lock_dir = state_dir / "ports"
    if lock_dir.is_dir():
        for lock in lock_dir.iterdir():
            with contextlib.suppress(OSError):
                if _dead(lock.read_text().strip()):
                    lock.unlink()
                    locks.append(lock.name)
    manifests = state_dir / "stacks"
    if manifests.is_dir():
        for manifest in manifests.glob("*.json"):
            pid = manifest.stem.partition("-")[0]
            if pid.isdigit() and not psutil.pid_exists(int(pid)):
                with contextlib.suppress(OSError):
                    manifest.unlink()
    data = data_root
    if data.is_dir():
        for entry in data.iterdir():
            pid = entry.name.partition("-")[0]
            if pid.isdigit() and int(pid) != os.getpid() and not psutil.pid_exists(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)
                dirs.append(entry.name)
    return locks, dirs


def sweep(state_dir: Path, data_root: Path, engine: Engine | None) -> SweepReport:
    """Sweep everything a dead run may have left."""
    report = SweepReport(processes=sweep_processes(state_dir))
    if engine is not None:
        report.containers, report.networks = sweep_engine(engine)
    report.locks, report.data_dirs = sweep_files(state_dir, data_root)
    return report
