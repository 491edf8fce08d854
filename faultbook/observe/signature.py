"""A signature: a line the real system printed under a fault, as a regex."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Signature:
    """A line the real system printed under this fault, as a regex, and the guide section it verifies."""

    component: str
    pattern: str
    section: str = ""
    note: str = ""
