"""The broken collector double as a service (a host process on the suite's stack): rows in its
msglog file, or in the stack's PostgreSQL with the schema it ships applied as shipped."""

from __future__ import annotations

import signal
import sys
from collections.abc import Mapping
from pathlib import Path

import psycopg

from faultbook.bmpkit import schema
from faultbook.bmpkit.checkers.setup import SetupRecord
from faultbook.bmpkit.collector import Collector, LogSource
from faultbook.bmpkit.msglog import MsglogReader
from faultbook.errors import ConfigError
from faultbook.observe.probes import Probe, TcpProbe
from faultbook.runtime.base import Service
from faultbook.services.base import Endpoint, Launch, ServiceSpec
from faultbook.services.postgres import PostgresSpec
from faultbook.stack import Stack
from tests.bmp_doubles.dbstore import DbStore

SCRIPT = Path(__file__).with_name("collector.py")
#: the schema the double ships, and one with a statement PostgreSQL refuses
SCHEMA = Path(__file__).with_name("schema.sql")
SCHEMA_REFUSED = Path(__file__).with_name("schema_refused.sql")


class DoubleSpec(ServiceSpec):
    """``collector.py --flaw FLAW``."""

    kind = "bmp-double"
    container_ports = {"bmp": 1790}
    main_port = "bmp"
    ready_pattern = r"listening on 127\.0\.0\.1:\d+"
    stop_signal = signal.SIGTERM

    def __init__(self, flaw: str, dsn: str | None = None, voice: str = "plain") -> None:
        self.flaw = flaw
        self.dsn = dsn
        self.voice = voice
        if voice != "plain":
            self.container_ports = {"bmp": 1790, "metrics": 9090}

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        extra = ["--dsn", self.dsn] if self.dsn else []
        if "metrics" in ports:
            extra += ["--metrics-port", str(ports["metrics"])]
        return Launch([sys.executable, str(SCRIPT), "--port", str(ports["bmp"]), "--flaw", self.flaw,
                       "--msglog", str(data_dir / "msglog.json"), "--log", str(data_dir / "double.log"),
                       "--voice", self.voice, *extra])

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        raise ConfigError("the double runs as a host process only")

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [TcpProbe(endpoint.host, endpoint.port, timeout=1.0)]


def start_double(stack: Stack, flaw: str, voice: str = "plain") -> Collector:
    """The double with one flaw, ready (a component of its own, also when the stack already runs
    a double with that flaw)."""
    component = f"double-{flaw}-{len(stack.services)}"
    service = stack.add(DoubleSpec(flaw, voice=voice), component)
    data = stack.ctx.data_dir / component
    return Collector(component, service, MsglogReader(data / "msglog.json"),
                     LogSource(data / "double.log"), stop_signal=signal.SIGTERM)


def _postgres(stack: Stack) -> Service:
    """The stack's PostgreSQL (component ``postgres``, the name its faults address), started
    when the stack has none yet."""
    return stack.services.get("postgres") or stack.add(PostgresSpec(stack.settings.pg_bin),
                                                       "postgres")


def apply_shipped(db: Service, database: str, shipped: Path) -> SetupRecord:
    """A database of its own on ``db``, then ``shipped`` applied as shipped."""
    admin = f"host=127.0.0.1 port={db.endpoint.port} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {database}")  # type: ignore[arg-type]
    return schema.apply(f"{admin.rsplit(' ', 1)[0]} dbname={database}",
                        schema.statements(shipped.read_text()),
                        SetupRecord(shipped.name, database))


def start_db_double(stack: Stack, flaw: str, shipped: Path = SCHEMA) -> Collector:
    """The double keeping its rows in the stack's PostgreSQL, in a database of its own with the
    ``shipped`` schema applied (what applying it did is the collector's ``setup``)."""
    component = f"double-db-{flaw}-{len(stack.services)}"
    db = _postgres(stack)
    database = component.replace("-", "_")
    setup = apply_shipped(db, database, shipped)
    dsn = f"host=127.0.0.1 port={db.endpoint.port} user=postgres dbname={database}"
    service = stack.add(DoubleSpec(flaw, dsn=dsn), component)
    return Collector(component, service, DbStore(dsn),
                     LogSource(stack.ctx.data_dir / component / "double.log"),
                     stop_signal=signal.SIGTERM, setup=setup)
