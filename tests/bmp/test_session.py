"""The router-session state machine bound to the in-memory StreamDecoder."""

from __future__ import annotations

from hypothesis.stateful import run_state_machine_as_test

from faultbook.bmp.session import InMemoryRouterSession, PeerStateTracker

from .budget import budget


def test_in_memory_session() -> None:
    run_state_machine_as_test(InMemoryRouterSession, settings=budget(0.5, stateful_step_count=25))


class IntentionalViolations(InMemoryRouterSession):
    intentional_violations = True


def test_in_memory_session_with_intentional_violations() -> None:
    run_state_machine_as_test(IntentionalViolations, settings=budget(0.5, stateful_step_count=25))


def test_tracker_flags_route_monitoring_for_down_peer() -> None:
    from ipaddress import IPv4Address

    from faultbook.bmp.bgp import Update
    from faultbook.bmp.bmp import Initiation, PeerHeader, RouteMonitoring

    t = PeerStateTracker()
    t.apply(Initiation(()))
    t.apply(
        RouteMonitoring(
            PeerHeader(0, 0, 0, IPv4Address("192.0.2.1"), 1, IPv4Address("1.1.1.1")), Update()
        )
    )
    assert t.problems == ["RouteMonitoring for peer 192.0.2.1 not up"]
