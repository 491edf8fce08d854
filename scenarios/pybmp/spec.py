"""PyBMP, taken from the user: a checkout (``--pybmp=PATH`` / FAULTBOOK_PYBMP), its schema file
(FAULTBOOK_PYBMP_SCHEMA, default ``schema.sql`` in the checkout) and its Python environment
(FAULTBOOK_PYBMP_PYTHON, default ``python3``), run against the suite's PostgreSQL.

TimescaleDB is not in Debian: the schema is loaded with its TimescaleDB statements (the extension,
hypertables, continuous aggregates and their policies) left out, and the timeline says which.
Its tables are read back by ``scenarios.pybmp.store``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import psycopg

from faultbook.bmpkit.checkers.setup import SetupRecord
from faultbook.bmpkit.schema import apply, statements
from faultbook.errors import ConfigError
from faultbook.observe.probes import Probe, TcpProbe
from faultbook.runtime.base import Service
from faultbook.services.base import Endpoint, Launch, ServiceSpec

DB_NAME, DB_USER, DB_PASSWORD = "bmp_collector", "bmp_user", "faultbook-bmp"
TIMESCALE = re.compile(r"timescaledb|create_hypertable|add_retention_policy|"
                       r"add_continuous_aggregate_policy|time_bucket|drop_chunks", re.I)


def checkout(path: str | None) -> Path:
    """The PyBMP checkout, or ConfigError naming the option."""
    if not path:
        raise ConfigError("PyBMP not configured: pass --pybmp=PATH or set FAULTBOOK_PYBMP")
    root = Path(path).expanduser()
    if not (root / "main.py").is_file():
        raise ConfigError(f"{root} is not a PyBMP checkout (no main.py): fix --pybmp/FAULTBOOK_PYBMP")
    return root


def split_schema(sql: str) -> tuple[list[str], list[str]]:
    """(kept, left out) statements: TimescaleDB-specific ones are left out."""
    stmts = statements(sql)
    return ([s for s in stmts if not TIMESCALE.search(s)], [s for s in stmts if TIMESCALE.search(s)])


class PyBmpSpec(ServiceSpec):
    """``python main.py`` from the user's checkout, configured by environment variables."""

    kind = "pybmp"
    container_ports = {"bmp": 11019, "metrics": 9090}
    main_port = "bmp"
    ready_pattern = r"BMP server listening on"

    def __init__(self, root: Path, db_port: int, flush_seconds: int | None = None) -> None:
        self.root = root
        self.db_port = db_port
        #: BATCH_TIMEOUT_SECONDS (PyBMP's documented route flush interval), its default if None
        self.flush_seconds = flush_seconds
        self.python = os.environ.get("FAULTBOOK_PYBMP_PYTHON", "python3")

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        env = {"DB_HOST": "127.0.0.1", "DB_PORT": str(self.db_port), "DB_NAME": DB_NAME,
               "DB_USER": DB_USER, "DB_PASSWORD": DB_PASSWORD, "BMP_LISTEN_HOST": "127.0.0.1",
               "BMP_LISTEN_PORT": str(ports["bmp"]), "METRICS_PORT": str(ports["metrics"]),
               "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"), "PYTHONUNBUFFERED": "1"}
        if self.flush_seconds is not None:
            env["BATCH_TIMEOUT_SECONDS"] = str(self.flush_seconds)
        return Launch([self.python, str(self.root / "main.py")], env=env)

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        raise ConfigError("PyBMP runs from the user's checkout as a host process: use --runtime=process")

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [TcpProbe(endpoint.host, endpoint.port, timeout=1.0)]


def load_schema(db: Service, schema: Path) -> SetupRecord:
    """Create PyBMP's role and the database its configuration names, then apply its schema
    statement by statement; TimescaleDB's statements are left out (not in Debian), every other
    refusal is recorded with PostgreSQL's error."""
    admin = f"host=127.0.0.1 port={db.endpoint.port} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {DB_USER} LOGIN PASSWORD '{DB_PASSWORD}'")
        conn.execute(f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}")
    kept, dropped = split_schema(schema.read_text())
    rec = SetupRecord(str(schema.name), DB_NAME, left_out=dropped,
                      left_out_because="TimescaleDB is not in Debian: its statements need it")
    return apply(f"host=127.0.0.1 port={db.endpoint.port} user={DB_USER} password={DB_PASSWORD} "
                 f"dbname={DB_NAME}", kept, rec)


def schema_of(root: Path) -> Path:
    """PyBMP's schema file (FAULTBOOK_PYBMP_SCHEMA, default ``schema.sql`` in the checkout)."""
    schema = Path(os.environ.get("FAULTBOOK_PYBMP_SCHEMA", str(root / "schema.sql")))
    if not schema.is_file():
        raise ConfigError(f"PyBMP schema {schema} not found: set FAULTBOOK_PYBMP_SCHEMA")
    return schema
