"""What a fault saw of its own effect while it held."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """What a fault saw of its own effect: confirmed or not, how, and what was measured."""

    fault: str
    confirmed: bool
    how: str
    measured: dict[str, Any] = field(default_factory=dict)
