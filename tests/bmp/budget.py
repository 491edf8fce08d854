"""Hypothesis example budgets of the codec tests, scaled from the active project profile.

The profiles are ``ci``, ``dev`` and ``nightly`` from ``faultbook.bmpkit.profiles`` (pick one with
``--hypothesis-profile``; conftest registers them). Each property asks for ``weight`` times the
profile's count: the profile bounds the run, the weight says what a property needs relative to
the others (cheap byte fuzzing more, whole generated sessions less).
Shrinking stays on: it costs nothing while the properties hold.
"""

from __future__ import annotations

from typing import Any

from hypothesis import Phase, settings


def budget(weight: float, **overrides: Any) -> settings:
    """Settings of the active profile with ``weight`` times its example count."""
    active = settings()
    return settings(
        active,
        max_examples=max(1, round(active.max_examples * weight)),
        phases=list(Phase),
        **overrides,
    )
