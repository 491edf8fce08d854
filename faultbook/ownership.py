"""Who owns what: every process, container and network the suite starts carries its owner's mark.

The owner is the test runner process (pid plus its start time, so a reused pid is not mistaken for
it). Anything whose owner is no longer alive is a leftover of a dead run and may be swept.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import psutil

ENV_OWNER = "FAULTBOOK_OWNER"
ENV_RUN = "FAULTBOOK_RUN"
LABEL = "faultbook"
LABEL_OWNER = "faultbook.owner"
LABEL_RUN = "faultbook.run"
LABEL_COMPONENT = "faultbook.component"


@dataclass(frozen=True)
class Owner:
    """A runner process identity: ``pid:create_time``."""

    pid: int
    create_time: float

    @property
    def token(self) -> str:
        """The string stamped on resources."""
        return f"{self.pid}:{self.create_time:.2f}"

    @classmethod
    def parse(cls, token: str) -> Owner | None:
        """Read a token back; None when it is not one."""
        pid, _, created = token.partition(":")
        try:
            return cls(int(pid), float(created))
        except ValueError:
            return None

    def alive(self) -> bool:
        """True while the owning runner still runs."""
        try:
            proc = psutil.Process(self.pid)
            return abs(proc.create_time() - self.create_time) < 0.05 and proc.status() != "zombie"
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return False


@cache
def me() -> Owner:
    """This process as an owner."""
    proc = psutil.Process(os.getpid())
    return Owner(proc.pid, round(proc.create_time(), 2))


@cache
def run_id() -> str:
    """The run this process belongs to (shared by xdist workers through the environment)."""
    return os.environ.get(ENV_RUN) or uuid.uuid4().hex[:10]


def owner_env() -> dict[str, str]:
    """Environment entries that mark a spawned process as ours."""
    return {ENV_OWNER: me().token, ENV_RUN: run_id()}


def labels(component: str) -> dict[str, str]:
    """Labels that mark a container or network as ours."""
    return {LABEL: "1", LABEL_OWNER: me().token, LABEL_RUN: run_id(), LABEL_COMPONENT: component}


def ledger_path(state_dir: Path, owner: Owner) -> Path:
    """The file listing the session leaders an owner spawned."""
    return state_dir / "owners" / f"{owner.pid}-{owner.create_time:.2f}.jsonl"


def record_spawn(state_dir: Path, pid: int) -> None:
    """Note a spawned session leader, so a sweep finds its session even if it rewrites its environ."""
    path = ledger_path(state_dir, me())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        created = psutil.Process(pid).create_time()
    except psutil.Error:
        return
    with path.open("a") as fh:
        fh.write(json.dumps({"pid": pid, "create_time": created, "owner": me().token}) + "\n")


def dead_ledgers(state_dir: Path) -> list[tuple[Path, list[tuple[int, float]]]]:
    """Ledgers of owners no longer alive, with the (pid, create_time) of each leader they list."""
    out: list[tuple[Path, list[tuple[int, float]]]] = []
    folder = state_dir / "owners"
    if not folder.is_dir():
        return out
    for path in folder.glob("*.jsonl"):
        pid, _, created = path.stem.partition("-")
        owner = Owner.parse(f"{pid}:{created}")
        if owner is None or owner.alive():
            continue
        leaders = []
        for line in path.read_text().splitlines():
            with contextlib.suppress(ValueError, KeyError):
                item = json.loads(line)
                leaders.append((int(item["pid"]), float(item["create_time"])))
        out.append((path, leaders))
    return out
