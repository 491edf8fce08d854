"""The typed scenario: known defects must name a check the scenario runs, by object; catalogs
are values."""

from __future__ import annotations

import signal

import pytest

from faultbook.checks.exit_status import ExitsNonZero
from faultbook.checks.verdict import KnownDefect, KnownDefectReproduced, conclude
from faultbook.faults import Kill, Phase, Squat, Stop
from faultbook.scenario import Cataloged, Scenario
from tests.history_doubles import history

NONZERO = ExitsNonZero("exits non-zero")
EXIT0 = KnownDefect("X-EXIT0", NONZERO, "exits 0", "exit 0", when=lambda v: v.measured == "exit 0")


def test_a_defect_on_a_check_the_scenario_does_not_run_is_refused() -> None:
    with pytest.raises(ValueError, match="X-EXIT0"):
        Scenario("s", "sys", "§1", "t", Stop("db"), Phase.BEFORE_START, (), defects=(EXIT0,))


def test_a_scenario_is_a_catalog_entry_with_its_defects() -> None:
    s = Scenario("s", "sys", "§1", "t", Kill(signal.SIGKILL), Phase.WHILE_RUNNING, (NONZERO,),
                 exits=True, defects=(EXIT0,))
    assert isinstance(s, Cataloged) and s.defects_for("process") == [EXIT0]
    data = s.to_json()
    assert data["fault"] == "SIGKILL the system" and data["checks"] == ["exits non-zero"]
    assert data["defects"][0]["check"] == "exits non-zero"


def test_the_defect_holds_only_with_its_evidence() -> None:
    from faultbook.history import Ending
    from faultbook.observe.outcome import Outcome

    def judged(outcome: Outcome) -> list:  # type: ignore[type-arg]
        return NONZERO.judge(history(ending=Ending("exited", outcome, (), (), 0.0, {})))

    with pytest.raises(KnownDefectReproduced, match="X-EXIT0"):
        conclude(judged(Outcome(0, None, 0, 1)), [EXIT0])
    with pytest.raises(AssertionError, match=r"measured 'hung'"):
        conclude([*judged(Outcome(1, None, 0, 1)), NONZERO.verdict(False, "hung")], [EXIT0])


def test_fault_specs_describe_themselves() -> None:
    assert Stop("postgres").describe() == "stop postgres"
    assert Squat("0.0.0.0", reuseport=True).describe().startswith("squat 0.0.0.0")
    assert Kill(signal.SIGTERM, group=True, service="redis").describe() == "SIGTERM redis (process group)"
