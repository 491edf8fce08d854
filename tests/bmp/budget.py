"""Hypothesis example budgets of the codec tests, scaled from the active project profile.

The profiles are ``ci``, ``dev`` and ``nightly`` from ``faultbook.bmpkit.profiles`` (pick one with
``--hypothesis-profile``; conftest registers them). A codec example costs microseconds where a
collector example costs seconds, so each property asks for ``weight`` times the profile's count:
the profile bounds the run, the weight says how much a property needs relative to the others.
Shrinking stays on: it costs nothing while the properties hold.
"""

from __future__ import annotations

from typing import Any

from hypothesis import Phase, settings


def budget(weight: int, **overrides: Any) -> settings:
    """Settings of the active profile with ``weight`` times its example count."""
    active = settings()
    return settings(
        active,
        max_examples=max(1, active.max_examples * weight),
        phases=list(Phase),
        **overrides,
    )
