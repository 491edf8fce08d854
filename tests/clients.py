"""Real clients of the halfstack, used by the tests: psycopg, redis-py, etcdctl."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from faultbook.runtime.spec import Endpoint


class ClientError(Exception):
    """What a real client raised or printed, as one message."""


def postgres_roundtrip(ep: Endpoint, timeout: float = 3.0) -> None:
    """Connect, write and read back a row."""
    try:
        with psycopg.connect(
            host=ep.host,
            port=ep.port,
            user="postgres",
            dbname="postgres",
            connect_timeout=max(int(timeout), 2),
        ) as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS fb_probe (v text)")
            token = uuid.uuid4().hex
            conn.execute("INSERT INTO fb_probe VALUES (%s)", (token,))
            row = conn.execute("SELECT v FROM fb_probe WHERE v = %s", (token,)).fetchone()
            if row is None or row[0] != token:
                raise ClientError("row written was not read back")
    except psycopg.Error as exc:
        raise ClientError(f"{type(exc).__name__}: {exc}") from exc


def redis_roundtrip(ep: Endpoint, timeout: float = 2.0) -> None:
    """SET then GET a key."""
    client = redis.Redis(
        host=ep.host,
        port=ep.port,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )
    try:
        token = uuid.uuid4().hex
        client.set("fb_probe", token)
        if client.get("fb_probe") != token.encode():
            raise ClientError("value written was not read back")
    except redis.RedisError as exc:
        raise ClientError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        client.close()


def etcd_roundtrip(ep: Endpoint, timeout: float = 3.0) -> None:
    """etcdctl put then get."""
    token = uuid.uuid4().hex
    env = {**os.environ, "ETCDCTL_API": "3"}
    base = [
        "etcdctl",
        "--endpoints",
        ep.url(),
        f"--dial-timeout={timeout:g}s",
        f"--command-timeout={timeout:g}s",
    ]
    for args in (["put", "fb_probe", token], ["get", "fb_probe", "--print-value-only"]):
        done = subprocess.run(
            [*base, *args],
            capture_output=True,
            env=env,
            timeout=timeout * 3,
            check=False,
        )
        out = (done.stdout + done.stderr).decode(errors="replace").strip()
        if done.returncode != 0:
            raise ClientError(
                f"etcdctl exit {done.returncode}: {out.splitlines()[-1] if out else ''}"
            )
    if token not in out:
        raise ClientError(f"value written was not read back: {out!r}")


@dataclass(frozen=True)
class Client:
    """A client of one service kind and the errors it reports when the service is down or frozen."""

    roundtrip: Callable[[Endpoint], None]
    down_error: str
    frozen_error: str


CLIENTS = {
    "postgres": Client(
        postgres_roundtrip,
        r"OperationalError: .*Connection refused",
        r"ConnectionTimeout: connection timeout expired",
    ),
    "redis": Client(
        redis_roundtrip,
        r"ConnectionError: Error 111 connecting to .*Connection refused",
        r"TimeoutError: Timeout reading from socket",
    ),
    "etcd": Client(
        etcd_roundtrip,
        r"etcdctl exit 1: Error: context deadline exceeded",
        r"etcdctl exit 1: Error: context deadline exceeded",
    ),
}
