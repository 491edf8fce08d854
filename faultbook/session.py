"""The state of one pytest run: settings, chosen runtimes, run folder, engine, sweep result."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from faultbook.cleanup import SweepReport, sweep
from faultbook.config import RUNTIMES, Settings
from faultbook.errors import UnknownRuntimeError
from faultbook.ownership import ENV_RUN, run_id
from faultbook.runtime.engine import Engine, resolve_docker_host
from faultbook.runtime.select import choose_runtime

ENV_RUN_DIR = "FAULTBOOK_RUN_DIR"


def parse_runtimes(value: str) -> list[str]:
    """'container,process' -> ['container', 'process']; each must be a known runtime."""
    names = [part.strip() for part in value.split(",") if part.strip()] or ["auto"]
    for name in names:
        if name not in RUNTIMES:
            raise UnknownRuntimeError(name)
    return names


@dataclass
class RunState:
    """Shared by every fixture of one runner process."""

    settings: Settings
    runtimes: list[str]
    run_dir: Path
    sweep_report: SweepReport | None = None
    sweep_error: str = ""
    _engine: Engine | None = field(default=None, repr=False)

    @classmethod
    def create(cls, settings: Settings, runtime_option: str, reports_dir: Path) -> RunState:
        """Resolve runtimes ('auto' picks one) and the run folder (shared with xdist workers)."""
        wanted = parse_runtimes(runtime_option)
        runtimes: list[str] = []
        for name in wanted:
            chosen = choose_runtime(settings.with_(runtime=name))
            if chosen not in runtimes:
                runtimes.append(chosen)
        run_dir = Path(
            os.environ.get(ENV_RUN_DIR)
            or reports_dir / f"{time.strftime('%Y%m%d-%H%M%S')}-{run_id()}"
        )
        os.environ.setdefault(ENV_RUN_DIR, str(run_dir))
        os.environ.setdefault(ENV_RUN, run_id())
        run_dir.mkdir(parents=True, exist_ok=True)
        latest = reports_dir / "latest"
        if run_dir.parent.resolve() == reports_dir.resolve():
            try:
                if latest.is_symlink() or latest.exists():
                    latest.unlink()
                latest.symlink_to(run_dir.name)
            except OSError:
                pass
        return cls(settings.with_(reports_dir=reports_dir), runtimes, run_dir)

    def docker_host(self) -> str | None:
        """The Docker API this run uses, if any."""
        return resolve_docker_host(self.settings.docker_host, self.settings.state_dir)

    @property
    def engine(self) -> Engine:
        """The container engine (connected on first use; EngineUnreachableError if not)."""
        if self._engine is None:
            self._engine = Engine(self.docker_host() or "unix:///var/run/docker.sock")
        return self._engine

    def engine_if_up(self) -> Engine | None:
        """The engine when one answers, else None (for sweeping)."""
        if self._engine is not None:
            return self._engine
        if Engine.probe(self.docker_host()):
            return self.engine
        return None

    def sweep(self) -> SweepReport:
        """Remove what dead runs left behind."""
        self.sweep_report = sweep(
            self.settings.state_dir, self.settings.data_root, self.engine_if_up()
        )
        return self.sweep_report

    def close(self) -> None:
        """Release the engine client."""
        if self._engine is not None:
            self._engine.close()
