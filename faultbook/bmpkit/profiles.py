"""Hypothesis profiles of the BMP fuzz tests (one seed per example, every kind in rotation):
``ci`` (derandomized, one seed per kind), ``dev`` (random, one), ``nightly`` (many). Pick one with
``--hypothesis-profile``; the default is ``ci`` under CI=true, else ``dev``. Shrinking is off:
bisection finds the input instead."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

BASE = settings(deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=list(HealthCheck))

settings.register_profile("ci", BASE, max_examples=16, derandomize=True, database=None)
settings.register_profile("dev", BASE, max_examples=16)
settings.register_profile("nightly", BASE, max_examples=200)
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")
