"""Graceful-stop runs against a real Redis: SIGTERM and SIGINT each end it with exit 0."""

from __future__ import annotations

import pytest

from faultbook.fixtures import StackMaker
from faultbook.stops import graceful_stop_verdicts


@pytest.mark.runtime("process")
def test_redis_stops_gracefully_on_sigterm_and_sigint(stack: StackMaker, runtime: str) -> None:
    redis = stack("redis").services["redis"]
    verdicts = graceful_stop_verdicts("redis", redis, within=15.0)
    by_name = {v.name: v for v in verdicts}
    stop = by_name["redis stops gracefully on SIGTERM and SIGINT"]
    assert stop.ok, stop
    assert set(stop.measured) == {"SIGTERM", "SIGINT"}
    assert stop.measured["SIGINT"]["outcome"] == "exit 0"
    assert by_name["no ERROR line or traceback during a normal shutdown (SIGTERM)"].ok
