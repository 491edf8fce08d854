"""The service kinds a stack can name."""

from __future__ import annotations

from faultbook.config import Settings
from faultbook.errors import ConfigError
from faultbook.runtime.spec import ServiceSpec
from faultbook.services.etcd import EtcdSpec
from faultbook.services.postgres import PostgresSpec
from faultbook.services.redis import RedisSpec

HALFSTACK = ("postgres", "redis", "etcd")


def spec_for(kind: str, settings: Settings) -> ServiceSpec:
    """The spec of a service kind; ConfigError names the known kinds."""
    if kind == "postgres":
        return PostgresSpec(settings.pg_bin)
    if kind == "redis":
        return RedisSpec()
    if kind == "etcd":
        return EtcdSpec()
    raise ConfigError(f"unknown service {kind!r}: use one of {', '.join(HALFSTACK)}")
