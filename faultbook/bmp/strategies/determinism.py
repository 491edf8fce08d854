"""Derandomized draws that depend on nothing but the strategy and the test.

Hypothesis (6.131 and later) mixes into its draws constants it mines from the source of every
local module loaded into the process. A derandomized run then drew different cases depending on
what else the process had imported (pytest or the command line, one test file or the whole
suite, an editable or an installed package), so a case digest differed across processes.
``pin_constants`` turns that source off; it runs when the strategies are imported.
"""

from __future__ import annotations

from hypothesis.internal.conjecture import providers
from hypothesis.internal.constants_ast import Constants

__all__ = ["pin_constants"]


def pin_constants() -> None:
    """Draw no constants from local modules (a no-op for Hypothesis versions without them)."""
    get = getattr(providers, "_get_local_constants", None)
    if get is None or getattr(get, "pinned", False):
        return
    empty = Constants()

    def none() -> Constants:
        return empty

    none.pinned = True  # type: ignore[attr-defined]
    providers._get_local_constants = none
    providers.CONSTANTS_CACHE.cache.clear()
