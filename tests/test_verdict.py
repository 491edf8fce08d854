"""conclude: known defects pinned to a check object and a predicate on the evidence."""

from __future__ import annotations

import pytest

from faultbook.checks.verdict import Check, KnownDefect, KnownDefectReproduced, Verdict, conclude

ALIVE = Check("collector alive")
STORED = Check("every valid message stored")
SEGV = KnownDefect("X-SEGV", ALIVE, "dies", "SIGSEGV", when=lambda v: v.measured == "SIGSEGV")


def test_all_held_passes() -> None:
    conclude([ALIVE.verdict(True, "running")], [])


def test_unregistered_failure_fails() -> None:
    with pytest.raises(AssertionError, match="every valid message stored"):
        conclude([STORED.verdict(False, 3, 0)], [])


def test_registered_failure_with_matching_evidence_is_known() -> None:
    v = ALIVE.verdict(False, "SIGSEGV", "running")
    with pytest.raises(KnownDefectReproduced, match="X-SEGV"):
        conclude([v], [SEGV])
    assert v.known_defect == "X-SEGV"


def test_same_check_failing_differently_fails_loudly() -> None:
    with pytest.raises(AssertionError) as info:
        conclude([ALIVE.verdict(False, "SIGABRT", "running")], [SEGV])
    assert not isinstance(info.value, KnownDefectReproduced)


def test_defect_gone_while_another_known_holds_fails() -> None:
    other = KnownDefect("X-LOSS", STORED, "loses", "1 lost")
    with pytest.raises(AssertionError, match="no longer reproduce"):
        conclude([ALIVE.verdict(True), STORED.verdict(False, 1, 0)], [SEGV, other])


def test_defect_for_a_check_never_run_fails() -> None:
    with pytest.raises(AssertionError, match="never ran"):
        conclude([STORED.verdict(True)], [SEGV])


def test_inconclusive_fails_whatever_is_registered() -> None:
    v = Verdict("fault took effect", False, inconclusive=True)
    with pytest.raises(AssertionError, match="inconclusive"):
        conclude([v], [])


def test_check_needs_a_name() -> None:
    with pytest.raises(ValueError, match="needs a name"):
        Check()


def test_intermittent_defect_may_be_absent_but_must_match_when_it_fails() -> None:
    flaky = KnownDefect("X-FLAKY", STORED, "sometimes", "1 of 2 runs", when=lambda v: v.measured == 1,
                        intermittent=True)
    with pytest.raises(KnownDefectReproduced, match="X-SEGV"):
        conclude([ALIVE.verdict(False, "SIGSEGV"), STORED.verdict(True)], [SEGV, flaky])
    with pytest.raises(KnownDefectReproduced, match="X-FLAKY"):
        conclude([ALIVE.verdict(False, "SIGSEGV"), STORED.verdict(False, 1)], [SEGV, flaky])
    with pytest.raises(AssertionError) as info:
        conclude([ALIVE.verdict(False, "SIGSEGV"), STORED.verdict(False, 7)], [SEGV, flaky])
    assert not isinstance(info.value, KnownDefectReproduced)
