"""Where a stream is cut into send() calls: one class per way of cutting."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from faultbook.bmpkit.history import frame_stream


class Segmentation:
    """Whole stream in one write."""

    name = "whole"

    def cuts(self, data: bytes) -> list[int]:
        """Offsets (0 < cut < len) where a new write starts."""
        return []

    def chunks(self, data: bytes) -> list[bytes]:
        """The writes."""
        edges = [0, *sorted(set(c for c in self.cuts(data) if 0 < c < len(data))), len(data)]
        return [data[a:b] for a, b in itertools.pairwise(edges) if b > a]

    def __repr__(self) -> str:
        return self.name


class Bytewise(Segmentation):
    """One octet per write (bounded: the first ``limit`` octets, then the rest whole)."""

    name = "bytewise"

    def __init__(self, limit: int = 64) -> None:
        self.limit = limit

    def cuts(self, data: bytes) -> list[int]:
        return list(range(1, min(len(data), self.limit) + 1))


class SplitHeaders(Segmentation):
    """Every message's common header split in two (after its 3rd octet)."""

    name = "split-headers"

    def cuts(self, data: bytes) -> list[int]:
        frames, _ = frame_stream(data)
        return [off + 3 for off, _ in frames]


class PerMessage(Segmentation):
    """One message per write."""

    name = "per-message"

    def cuts(self, data: bytes) -> list[int]:
        frames, _ = frame_stream(data)
        return [off for off, _ in frames]


@dataclass(repr=False)
class RandomCuts(Segmentation):
    """Cuts at seeded random offsets."""

    seed: int
    count: int = 8
    name = "random-cuts"

    def cuts(self, data: bytes) -> list[int]:
        rng = random.Random(self.seed)
        return [rng.randrange(1, len(data)) for _ in range(self.count)] if len(data) > 1 else []

    def __repr__(self) -> str:
        return f"random-cuts({self.seed})"


PLANS: tuple[Segmentation, ...] = (Segmentation(), Bytewise(), SplitHeaders(), PerMessage(),
                                   RandomCuts(1), RandomCuts(2))


def plan_named(name: str) -> Segmentation:
    """A plan from its repr (as saved in a reproducer)."""
    for plan in PLANS:
        if repr(plan) == name:
            return plan
    if name.startswith("random-cuts("):
        return RandomCuts(int(name[len("random-cuts(") : -1]))
    raise ValueError(f"unknown segmentation {name!r}: use one of {', '.join(map(repr, PLANS))}")
