"""Settings resolved once from options and the environment, with defaults in one dataclass."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from faultbook.errors import ConfigError, UnknownRuntimeError

RUNTIMES = ("auto", "container", "process")
DEFAULT_IMAGE = "localhost/faultbook-halfstack:bookworm"


def default_state_dir(env: Mapping[str, str]) -> Path:
    """Where the suite keeps ownership records, port locks and the engine socket."""
    base = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(env.get("FAULTBOOK_STATE_DIR", str(Path(base) / "faultbook")))


def _float(env: Mapping[str, str], key: str, default: float) -> float:
    raw = env.get(key)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(
            f"{key}={raw!r} is not a number: set it to seconds, e.g. {key}=30"
        ) from None


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with its default; ``from_env`` reads FAULTBOOK_* variables."""

    runtime: str = "auto"
    reports_dir: Path = Path("reports")
    state_dir: Path = field(default_factory=lambda: default_state_dir(os.environ))
    data_root: Path = Path("/var/tmp/faultbook-data")
    docker_host: str | None = None
    image: str = DEFAULT_IMAGE
    images: Mapping[str, str] = field(default_factory=dict)
    pg_bin: Path = Path("/usr/lib/postgresql/15/bin")
    start_timeout: float = 60.0
    stop_timeout: float = 20.0
    port_range: tuple[int, int] = (20000, 32000)

    def __post_init__(self) -> None:
        if self.runtime not in RUNTIMES:
            raise UnknownRuntimeError(self.runtime)

    def image_for(self, service: str) -> str:
        """The image a service runs from: a per-service override, else the local halfstack."""
        return self.images.get(service, self.image)

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed (None values are ignored)."""
        kept = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **kept)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Resolve settings from FAULTBOOK_* variables (and DOCKER_HOST)."""
        env = os.environ if env is None else env
        images = {
            key.removeprefix("FAULTBOOK_IMAGE_").lower(): value
            for key, value in env.items()
            if key.startswith("FAULTBOOK_IMAGE_") and value
        }
        low, _, high = env.get("FAULTBOOK_PORT_RANGE", "20000-32000").partition("-")
        try:
            port_range = (int(low), int(high))
        except ValueError:
            raise ConfigError(
                f"FAULTBOOK_PORT_RANGE={env.get('FAULTBOOK_PORT_RANGE')!r} is not LOW-HIGH: "
                "set it like FAULTBOOK_PORT_RANGE=20000-32000"
            ) from None
        return cls(
            runtime=env.get("FAULTBOOK_RUNTIME", "auto"),
            reports_dir=Path(env.get("FAULTBOOK_REPORTS", "reports")),
            state_dir=default_state_dir(env),
            data_root=Path(env.get("FAULTBOOK_DATA_ROOT", "/var/tmp/faultbook-data")),
            docker_host=env.get("DOCKER_HOST") or None,
            image=env.get("FAULTBOOK_IMAGE", DEFAULT_IMAGE),
            images=images,
            pg_bin=Path(env.get("FAULTBOOK_PG_BIN", "/usr/lib/postgresql/15/bin")),
            start_timeout=_float(env, "FAULTBOOK_START_TIMEOUT", 60.0),
            stop_timeout=_float(env, "FAULTBOOK_STOP_TIMEOUT", 20.0),
            port_range=port_range,
        )
