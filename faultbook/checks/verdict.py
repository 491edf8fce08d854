"""Turning a scenario's checks into one test outcome, with known defects as strict xfails.

A scenario test records every check as a Verdict. ``conclude`` then passes when all held,
raises KnownDefectReproduced (the xfail's ``raises``) when exactly the registered defects
failed, and fails on anything else: an unregistered failure, or a registered defect that no
longer reproduces (so its registration must go).
"""

from __future__ import annotations

from faultbook.report.record import TestRecord
from faultbook.scenario import KnownDefect


class KnownDefectReproduced(AssertionError):
    """The registered defects of the real system showed again, with their evidence.

    Scenarios with known defects are marked xfail(strict=True, raises=KnownDefectReproduced):
    a fix of the real system turns the test into XPASS(strict), a failure, which is the signal
    to remove the registration.
    """


def conclude(record: TestRecord, defects: list[KnownDefect]) -> None:
    """Judge the record's verdicts against the registered defects (see module doc)."""
    by_check = {d.check: d for d in defects}
    failed = [v for v in record.verdicts if not v.ok]
    unexpected = [v for v in failed if v.name not in by_check]
    for v in failed:
        if v.name in by_check:
            v.known_defect = by_check[v.name].id
    if unexpected:
        lines = [f"{v.name}: measured {v.measured!r}, budget {v.budget!r}. {v.detail}".strip()
                 for v in unexpected]
        raise AssertionError("; ".join(lines))
    reproduced = {v.name for v in failed}
    gone = [d for d in defects if d.check not in reproduced]
    checked = {v.name for v in record.verdicts}
    missing = [d for d in gone if d.check not in checked]
    if missing:
        raise AssertionError(
            "known defect(s) registered for checks this scenario never ran: "
            + ", ".join(f"{d.id} ({d.check})" for d in missing))
    if failed and gone:
        raise AssertionError(
            "known defect(s) no longer reproduce, remove their registration: "
            + ", ".join(f"{d.id} ({d.check})" for d in gone))
    if failed:
        raise KnownDefectReproduced(
            "; ".join(f"{by_check[v.name].id}: {by_check[v.name].title} "
                      f"(measured {v.measured!r}, budget {v.budget!r})" for v in failed))
