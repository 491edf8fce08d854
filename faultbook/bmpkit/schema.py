"""A collector's shipped schema applied as it ships: statement by statement on the database its
configuration names, each refusal recorded with the database's first error line (what the set-up
checker judges)."""

from __future__ import annotations

import psycopg

from faultbook.bmpkit.checkers.setup import SetupRecord


def statements(sql: str) -> list[str]:
    """The statements of a schema file (``--`` comment lines dropped, split on ``;``)."""
    body = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    return [s for s in (part.strip() for part in body.split(";")) if s]


def apply(dsn: str, kept: list[str], rec: SetupRecord) -> SetupRecord:
    """Apply ``kept`` one by one (autocommit) on ``dsn``, adding each to ``rec``'s applied or
    failed statements."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        for stmt in kept:
            try:
                conn.execute(stmt)  # type: ignore[arg-type]
            except psycopg.Error as exc:
                rec.failed.append((stmt, str(exc).splitlines()[0]))
            else:
                rec.applied.append(stmt)
    return rec
