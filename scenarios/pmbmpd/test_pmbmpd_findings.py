"""pmbmpd findings of the BMP kit pinned to their inputs as strict expected failures: RFC 7606
length errors in communities stored, a short BGP length ignored, a fresh session lost after many
sessions close at once, the codec strata's CI draws that pmbmpd mishandles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import faultbook.bmpkit.profiles  # noqa: F401  (registers the profiles)
from faultbook.bmpkit.batch import Runner
from faultbook.bmpkit.cases import Case, announce
from faultbook.bmpkit.collector import Collector
from faultbook.bmpkit.generate import ci_seed
from faultbook.checks.verdict import KnownDefect, KnownDefectReproduced
from faultbook.fixtures import node_stack
from faultbook.report.record import TestRecord
from faultbook.stack import Stack
from scenarios.pmbmpd import defects
from scenarios.pmbmpd.collector import start

pytestmark = pytest.mark.runtime("process")

_BGP = 48  # a Route Monitoring's BGP message offset


def _framed(bgp: bytes, head: bytes) -> bytes:
    """A Route Monitoring with ``head``'s per-peer header around the BGP message ``bgp``."""
    rest = head[6:_BGP] + bgp
    return head[:1] + (6 + len(rest)).to_bytes(4, "big") + head[5:6] + rest


def with_attribute(prefix: str, attribute: bytes) -> bytes:
    """``announce(prefix)`` with one more path attribute (flags, type, length, value as given)."""
    frame = announce(prefix)
    bgp = frame[_BGP:]
    at = 21 + int.from_bytes(bgp[19:21], "big")
    size = int.from_bytes(bgp[at : at + 2], "big")
    attrs = bgp[at + 2 : at + 2 + size] + attribute
    body = bgp[19:at] + len(attrs).to_bytes(2, "big") + attrs + bgp[at + 2 + size :]
    return _framed(bgp[:16] + (19 + len(body)).to_bytes(2, "big") + bgp[18:19] + body, frame)


def short_bgp_length(routes: int = 12, short: int = 3) -> bytes:
    """``announce`` with ``routes`` more /24s in its NLRI, its BGP length ``short`` too small."""
    frame = announce("10.41.0.0/24")
    bgp = frame[_BGP:] + b"".join(bytes((24, 10, 41, i)) for i in range(1, routes + 1))
    return _framed(bgp[:16] + (len(bgp) - short).to_bytes(2, "big") + bgp[18:], frame)


@pytest.fixture(scope="module")
def pmbmpd_stack(request: pytest.FixtureRequest) -> Iterator[Stack]:
    with node_stack(request) as stack:
        yield stack


@pytest.fixture(scope="module")
def pmbmpd(pmbmpd_stack: Stack) -> Collector:
    return start(pmbmpd_stack)


@pytest.fixture(autouse=True)
def _recorded(record: TestRecord, pmbmpd_stack: Stack) -> None:
    """Each test's record holds the collector's lines, probes and resources of its time."""
    record.attach(pmbmpd_stack.timeline, pmbmpd_stack.probes, pmbmpd_stack.sampler)
    record.facts.setdefault("system_runtime", "pmbmpd: process")


SINGLE = [
    ("large-communities-11-octets", with_attribute("10.40.1.0/24", bytes((0xC0, 32, 11)) + bytes(11)),
     defects.COMMUNITY_LENGTH_STORED),
    ("large-communities-13-octets", with_attribute("10.40.2.0/24", bytes((0xC0, 32, 13)) + bytes(13)),
     defects.COMMUNITY_LENGTH_STORED),
    ("extended-communities-7-octets",
     with_attribute("10.40.3.0/24", bytes((0xC0, 16, 7)) + bytes(7)),
     defects.COMMUNITY_LENGTH_STORED),
    ("bgp_length_mismatch: BGP length 92 for 95", short_bgp_length(),
     defects.BGP_LENGTH_SHORT_STORED),
]


@pytest.mark.xfail(strict=True, raises=KnownDefectReproduced)
@pytest.mark.parametrize(("name", "payload", "known"), SINGLE, ids=[s[0] for s in SINGLE])
def test_single_input(pmbmpd: Collector, record: TestRecord, name: str, payload: bytes,
                      known: KnownDefect) -> None:
    record.conclude(Runner(pmbmpd).run([Case(name, "pinned", payload)]).verdicts, (known,))


@pytest.mark.xfail(strict=True, raises=KnownDefectReproduced)
def test_many_valid_sessions_closed_at_once(pmbmpd: Collector, record: TestRecord) -> None:
    cases = [Case(f"valid {i}", "pinned", announce(f"10.42.{i}.0/24")) for i in range(120)]
    known = (defects.CANARY_LOST, defects.CLOSES_BACKLOG, defects.CLOSES_CPU)
    record.conclude(Runner(pmbmpd).run(cases).verdicts, known)


#: strata of the codec whose seed in the CI draw (derandomized, the fuzz test's) pmbmpd mishandles
STRATA = [
    ("Route Monitoring AS_PATH", defects.MP_NLRI_PHANTOMS),
    ("Route Monitoring MP_UNREACH 2/128", defects.MP_NLRI_PHANTOMS),
    ("Route Monitoring AS4_PATH", defects.BAD_PREFIX_LENGTH_STORED),
    ("Route Monitoring MP_REACH 1/128", defects.BAD_PREFIX_LENGTH_STORED),
    ("Route Monitoring MP_UNREACH 1/2", defects.MULTICAST_WITHDRAW_LOST),
]


@pytest.mark.xfail(strict=True, raises=KnownDefectReproduced)
@pytest.mark.parametrize(("stratum", "known"), STRATA, ids=[s[0] for s in STRATA])
def test_stratum_seed(pmbmpd: Collector, record: TestRecord, stratum: str,
                      known: KnownDefect) -> None:
    record.conclude(Runner(pmbmpd).run([ci_seed(stratum)]).verdicts, (known,))
