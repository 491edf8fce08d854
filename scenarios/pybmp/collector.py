"""PyBMP as a collector under the BMP kit: the suite's PostgreSQL with its schema, PyBMP from the
user's checkout, its tables read back, its stdout as its log."""

from __future__ import annotations

from faultbook.bmpkit.collector import Collector, LogSource
from faultbook.services.postgres import PostgresSpec
from faultbook.stack import Stack
from scenarios.pybmp.spec import PyBmpSpec, checkout, load_schema, schema_of
from scenarios.pybmp.store import PyBmpStore

#: PyBMP flushes buffered routes every BATCH_TIMEOUT_SECONDS (documented; 5 by default)
FLUSH_SECONDS = 1


def start(stack: Stack, path: str | None, component: str = "pybmp") -> Collector:
    """PostgreSQL with PyBMP's schema, then PyBMP, ready, on ``stack``."""
    root = checkout(path)
    db = stack.add(PostgresSpec(stack.settings.pg_bin), "postgres")
    setup = load_schema(db, schema_of(root))
    stack.timeline.mark(component, "detail", f"schema applied: {len(setup.applied)} statement(s), "
                        f"{len(setup.left_out)} left out, {len(setup.failed)} refused",
                        left_out=[s[:160] for s in setup.left_out],
                        refused=[f"{s[:100]} -- {e}" for s, e in setup.failed])
    service = stack.add(PyBmpSpec(root, db.endpoint.port, flush_seconds=FLUSH_SECONDS), component)
    return Collector("pybmp", service, PyBmpStore(db.endpoint.port), LogSource(service.sink.path),
                     setup=setup)
