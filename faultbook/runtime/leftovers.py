"""What a test left behind once its stack was torn down."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from faultbook.ownership import run_id
from faultbook.ports import listening_ports
from faultbook.runtime.engine import Engine
from faultbook.runtime.process import session_members


@dataclass
class Leftovers:
    """Processes, listening ports and containers of ours still present."""

    processes: list[str] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing is left."""
        return not (self.processes or self.ports or self.containers)

    def to_json(self) -> dict[str, Any]:
        """As a plain dict."""
        return asdict(self)


def find_leftovers(
    ports: set[int],
    engine: Engine | None = None,
    container_ids: set[str] | None = None,
    sessions: set[int] | None = None,
) -> Leftovers:
    """Our processes still alive (marked, or in a session we started), ``ports`` still listened
    on, our containers still present."""
    found = Leftovers()
    procs = {}
    for sid in sessions or ():
        procs.update({proc.pid: proc for proc in session_members(sid)})
    for proc in procs.values():
        try:
            found.processes.append(f"{proc.pid} {' '.join(proc.cmdline())[:120]}")
        except Exception:
            found.processes.append(str(proc.pid))
    listening = listening_ports()
    found.ports = sorted(p for p in ports if p in listening)
    if engine is not None and container_ids:
        for container in engine.ours("container", run_id()):
            if container.id in container_ids:
                found.containers.append(container.id[:12])
    return found
