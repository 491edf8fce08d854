"""The checkers of drills and pinned entries can fail: signatures on a double that prints nothing
(and hold on a correct one), real senders and the PyBMP guide's claims on records that lack what
they judge (and hold on records that have it)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from faultbook.bmpkit import inputs
from faultbook.bmpkit.batch import Runner
from faultbook.bmpkit.cases import Case
from faultbook.bmpkit.checkers.senders import RealSenders, SendersRecord
from faultbook.bmpkit.checkers.signatures import LogSignatures
from faultbook.bmpkit.store import Row, Snapshot
from faultbook.config import Settings
from faultbook.observe.signature import Signature
from faultbook.stack import Stack
from scenarios.pybmp import claims
from tests.bmp_doubles.spec import start_double

DISCARDED = LogSignatures((Signature("double", r"^INFO \[{router}\] packet discarded: ", "a section"),))
BAD_MARKER = Case("bad marker", "pinned", bytes.fromhex(inputs.BAD_MARKER))


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    with Stack(Settings.from_env(), "process", Path(tempfile.mkdtemp()) / "logs") as s:
        yield s


@pytest.mark.runtime("process")
@pytest.mark.parametrize(("flaw", "holds"), [("silent", False), ("none", True)])
def test_signatures(stack: Stack, flaw: str, holds: bool) -> None:
    result = Runner(start_double(stack, flaw), (DISCARDED,)).run([BAD_MARKER])
    assert [v.ok for v in result.verdicts] == [holds], result.verdicts


def _senders(rows: list[Row], seconds: float | None) -> SendersRecord:
    return SendersRecord(Snapshot(rows), ("frr-r1", "GoBGP"), "10.20.1.0/24", seconds, 15.0)


STORED = [Row("init", 1, raw={"bmp_init_info_sysname": "frr-r1"}),
          Row("init", 2, raw={"bmp_init_info_sysname": "GoBGP"}), Row("peer_up", 1)]


def test_real_senders_fail_on_a_store_missing_them() -> None:
    verdicts = RealSenders().judge(_senders(STORED[:1], None))
    assert [v.ok for v in verdicts] == [True, False, False, False]


def test_real_senders_hold_on_a_store_with_them() -> None:
    assert all(v.ok for v in RealSenders().judge(_senders(STORED, 1.5)))


GUIDE_LINES = [
    "2026-11-21 06:39:04,817 - src.main - INFO - Starting BMP Collector...",
    "2026-11-21 06:39:04,818 - src.bmp.server - INFO - BMP server listening on 127.0.0.1:11019",
    "2026-11-21 06:39:05,001 - src.bmp.server - INFO - New connection from 127.0.0.1:40000",
    "2026-11-21 06:39:05,002 - src.bmp.parser - ERROR - Invalid BMP message format from x",
    "2026-11-21 06:39:05,003 - src.bmp.bgp_parser - ERROR - Malformed BGP update in BMP message",
    "2026-11-21 06:39:05,004 - src.bmp.server - ERROR - Connection lost from 127.0.0.1:40000: "
    "Connection reset by peer",
]
PAGE = "\n".join(f"{m} 1" for m in claims.METRICS)


def test_guide_claims_hold_on_the_guide_s_own_lines() -> None:
    assert all(v.ok for v in claims.judge(claims.ClaimsRecord(GUIDE_LINES, PAGE)))


def test_each_guide_claim_fails_without_its_evidence() -> None:
    verdicts = claims.judge(claims.ClaimsRecord(["not the guide's format"], None))
    assert not any(v.ok for v in verdicts)
    assert {v.name for v in verdicts} == {c.name for c in claims.CLAIMS}
