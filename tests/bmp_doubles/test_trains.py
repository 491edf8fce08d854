"""Trains: every seed carried exactly once, an input that ends the session only last, and a
failing train bisected down to the one input that broke the collector."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from faultbook.bmp.bmp import PeerDown, Termination, Tlv
from faultbook.bmp.codec import encode
from faultbook.bmpkit.batch import Runner
from faultbook.bmpkit.cases import Case, announce
from faultbook.bmpkit.checkers import LIVENESS
from faultbook.bmpkit.messages import PEER
from faultbook.bmpkit.segment import Bytewise, PerMessage
from faultbook.bmpkit.trains import couple, ends_session, names_a_train, train_of, travels_alone
from faultbook.config import Settings
from faultbook.stack import Stack
from tests.bmp_doubles.spec import start_double


def route(i: int) -> Case:
    return Case(f"route {i}", "valid", announce(f"10.33.{i}.0/24"), segmentation=PerMessage())


DOWN = Case("peer down", "peer_down", encode(PeerDown(PEER, 4)))
TERM = Case("termination", "termination", encode(Termination((Tlv(1, b"\x00\x00"),))))
BROKEN = Case("bad length", "bmp_length", b"\x03\x00\x00\x00\x02\x00")
RESET = Case("reset", "session", announce("10.34.0.0/24"), end="reset")


def test_every_seed_is_carried_once_and_session_enders_go_last() -> None:
    seeds = [route(i) for i in range(7)] + [DOWN, TERM, BROKEN, RESET]
    trains = couple(seeds, 4)
    carried = [p for t in trains for p in (t.parts or (t,))]
    assert sorted(c.label for c in carried) == sorted(c.label for c in seeds)
    for t in trains:
        parts = list(t.parts or (t,))
        assert len(parts) <= 4
        assert not any(ends_session(p) for p in parts[:-1])
    assert RESET in trains  # its own end: alone


def test_what_ends_a_session_and_what_travels_alone() -> None:
    assert ends_session(DOWN) and ends_session(TERM) and ends_session(BROKEN)
    assert not ends_session(route(1))
    assert travels_alone(RESET) and travels_alone(Case("no prelude", "session", b"",
                                                       prelude=False))
    assert not travels_alone(route(1))  # its own cut does not count


def test_a_train_is_its_inputs_in_order_and_splits_back_cut_as_it_was() -> None:
    parts = [route(1), route(2), DOWN]
    train = train_of(parts).cut(Bytewise())
    assert train.payload == b"".join(p.payload for p in parts)
    assert train.inputs == 3
    assert names_a_train(train.label) and not names_a_train(parts[0].label)
    assert [p.label for p in train.split()] == [f"{p.label} [bytewise]" for p in parts]
    assert all(repr(p.segmentation) == "bytewise" for p in train.split())
    assert Case.from_json(train.to_json()).to_json() == train.to_json()


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    with Stack(Settings.from_env(), "process", Path(tempfile.mkdtemp()) / "logs") as s:
        yield s


@pytest.mark.runtime("process")
def test_a_failing_train_is_bisected_to_the_input_that_broke_the_collector(stack: Stack) -> None:
    die = Case("route 198.51.100.0/24", "valid", announce("198.51.100.0/24"))
    runner = Runner(start_double(stack, "die"))
    result = runner.run([train_of([route(1), die, route(2)]), route(3)])
    assert any(v.name == LIVENESS.name for v in result.findings)
    found = runner.bisect(result)
    assert [[c.label for c in r.cases] for r in found] == [[die.label]]
    assert any(v.name == LIVENESS.name for v in found[0].findings)
