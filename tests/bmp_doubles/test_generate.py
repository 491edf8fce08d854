"""The generator's stratified draw: under the CI profile every kind of seed is drawn, every
stratum of the codec among them, each kind from a derandomized seed of its own."""

from __future__ import annotations

from hypothesis import settings

import faultbook.bmpkit.profiles  # noqa: F401  (registers the profiles)
from faultbook.bmp.strategies import STRATA
from faultbook.bmpkit.cases import Case
from faultbook.bmpkit.generate import KINDS, STRATUM, kind_named, stratified


def ci_draw() -> list[Case]:
    out: list[Case] = []
    stratified(out.append, base=settings.get_profile("ci"))
    return out


def test_the_ci_draw_covers_every_stratum_and_kind() -> None:
    drawn = ci_draw()
    families = {c.family for c in drawn}
    assert families == set(KINDS)
    assert {f"{STRATUM} {s.name}" for s in STRATA} <= families
    assert len(STRATA) == 45


def test_the_ci_draw_is_the_same_every_run_and_kinds_draw_apart() -> None:
    first, again = ci_draw(), ci_draw()
    assert [c.payload for c in first] == [c.payload for c in again]
    assert len({kind_named(k).seed for k in KINDS}) == len(KINDS)
