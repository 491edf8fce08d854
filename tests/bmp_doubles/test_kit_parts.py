"""The kit's plumbing: the accept-queue reading it paces on, and seeds drawn ahead."""

from __future__ import annotations

import socket
import time

from hypothesis import HealthCheck, Phase, settings

from faultbook.bmpkit.collector import _proc_listen_queue, listen_queue
from faultbook.bmpkit.generate import KINDS
from faultbook.bmpkit.pool import SeedPool


def test_listen_queue_counts_connections_not_yet_accepted() -> None:
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(4)
        port = srv.getsockname()[1]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        try:
            assert listen_queue(port) == _proc_listen_queue(port) == 3
            srv.accept()[0].close()
            assert listen_queue(port) == 2
        finally:
            for c in clients:
                c.close()


def test_seed_pool_draws_every_kind_and_stops_at_its_deadline() -> None:
    kinds: set[str] = set()
    pool = SeedPool(per_kind=1, base=settings(database=None, deadline=None,
                                               phases=[Phase.generate],
                                               suppress_health_check=list(HealthCheck)))
    for twins in pool.take(time.monotonic() + 120):
        kinds.add(twins[0].family)
        if kinds >= set(KINDS):
            break
    assert kinds >= set(KINDS)
    assert not pool.alive()
