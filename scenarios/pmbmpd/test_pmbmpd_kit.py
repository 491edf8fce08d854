"""pmbmpd judged by the BMP kit: stratified fuzz batches (every malformation family, whole sessions,
single messages of every type, every segmentation) over concurrent connections, every checker on,
a failing batch bisected to its input and saved for replay; the registered defects' inputs as
strict xfails; graceful stops. Profiles: faultbook.bmpkit.profiles (``--hypothesis-profile``)."""

from __future__ import annotations

import hashlib
import json
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import faultbook.bmpkit.profiles  # noqa: F401  (registers the profiles)
from faultbook.bmpkit.batch import Feeder, Runner, stop_with
from faultbook.bmpkit.cases import PRELUDE, Case
from faultbook.bmpkit.checkers import GRACEFUL_STOP
from faultbook.bmpkit.collector import Collector
from faultbook.bmpkit.generate import KINDS, stratified, variants
from faultbook.checks.verdict import KnownDefect, KnownDefectReproduced, Verdict, conclude
from faultbook.config import Settings
from faultbook.stack import Stack
from scenarios.bmp.catalog import AS4_WITHOUT_AS_PATH, BGP_LEN_19, LONG_THEN_EOF
from scenarios.pmbmpd import defects
from scenarios.pmbmpd.collector import start

pytestmark = pytest.mark.runtime("process")
REPRO = Path("reports") / "bmp-reproducers"


@pytest.fixture(scope="module")
def pmbmpd() -> Iterator[Collector]:
    with Stack(Settings.from_env(), "process", Path(tempfile.mkdtemp()) / "logs") as stack:
        yield start(stack)


def registered(v: Verdict) -> KnownDefect | None:
    """The registered defect a failed verdict is, if any."""
    return next((d for d in defects.ALL if d.matches(v)), None)


def save(case: Case, findings: list[Verdict]) -> Path:
    """A reproducer: the case (its prelude included, so ``faultbook replay`` and
    ``Case.from_json`` both take it) and its findings as JSON."""
    REPRO.mkdir(parents=True, exist_ok=True)
    octets = (PRELUDE if case.prelude else b"") + case.payload
    path = REPRO / f"{hashlib.sha256(octets).hexdigest()[:16]}.json"
    saved = {**case.to_json(), "payload_hex": octets.hex(), "prelude": False}
    path.write_text(json.dumps({"case": saved, "label": case.label, "findings": [
        {"checker": v.name, "measured": v.measured, "detail": v.detail} for v in findings]},
        default=str, indent=1))
    return path


def test_fuzz(pmbmpd: Collector) -> None:
    """Seeds of every kind (stratified), each with its segmentation twins, gathered into batches
    of concurrent connections; every failing batch bisected; only registered defects allowed."""
    feeder = Feeder(Runner(pmbmpd), bisect=lambda v: registered(v) is None)
    drawn = stratified(lambda seed: feeder.add(variants(seed)))
    feeder.flush()
    assert drawn >= len(KINDS), f"only {drawn} seeds for {len(KINDS)} kinds"
    unexpected = []
    for one in feeder.failing:
        new = [v for v in one.findings if registered(v) is None]
        if not new:
            continue
        if new and len(one.cases) == 1:
            save(one.cases[0], one.findings)
        unexpected += new
    assert not unexpected, "; ".join(f"{v.name}: {v.measured!r} {v.evidence.get('case', '')}"
                                      for v in unexpected)


PINNED = [
    ("bgp-length-short", BGP_LEN_19, "close", (defects.PHANTOMS,)),
    ("as4path-without-as-path", AS4_WITHOUT_AS_PATH, "close",
     (defects.SEGV, defects.SEGV_LOSS)),
    ("long-message-then-eof", LONG_THEN_EOF, "close",
     (defects.FLOOD_LOG, defects.FLOOD_REPEAT, defects.SLOT_LEAK)),
]


@pytest.mark.xfail(strict=True, raises=KnownDefectReproduced)
@pytest.mark.parametrize(("name", "payload", "end", "known"), PINNED, ids=[p[0] for p in PINNED])
def test_pinned(pmbmpd: Collector, name: str, payload: str, end: str,
                known: tuple[KnownDefect, ...]) -> None:
    case = Case(name, "pinned", bytes.fromhex(payload), end=end,
                marker=name != "long-message-then-eof")
    conclude(Runner(pmbmpd).run([case]).verdicts, known)


STOPS = [pytest.param(signal.SIGTERM, (defects.SIGTERM_IGNORED,), id="SIGTERM",
                      marks=pytest.mark.xfail(strict=True, raises=KnownDefectReproduced)),
         pytest.param(signal.SIGINT, (), id="SIGINT")]


@pytest.mark.parametrize(("sig", "known"), STOPS)
def test_graceful_stop(pmbmpd: Collector, sig: int, known: tuple[KnownDefect, ...]) -> None:
    conclude(GRACEFUL_STOP.judge_stops([stop_with(pmbmpd, sig)]), known)
