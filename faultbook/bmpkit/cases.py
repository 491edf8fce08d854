"""A case: the octets one router connection carries, how they are cut and how it ends.

Each case gets its own prefix space in the batch: the runner appends a marker route (a /24 under
100.64.0.0/10 indexed by the case's slot) after the payload, which must be stored when the
collector keeps the connection open and the framing reaches it (liveness on the same connection).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from faultbook.bmpkit.messages import announce, initiation, peer_up
from faultbook.bmpkit.segment import Segmentation, plan_named


def marker_prefix(slot: int) -> str:
    """The marker /24 of a batch slot (100.64.0.0/10 holds 16,384 of them)."""
    n = slot % (64 * 256)
    return f"100.{64 + n // 256}.{n % 256}.0/24"


PRELUDE = initiation() + peer_up()

__all__ = ["PRELUDE", "Case", "announce", "marker_prefix"]


@dataclass(frozen=True)
class Case:
    """One connection's input: ``payload`` after a valid Initiation and Peer Up (``prelude``)."""

    label: str
    family: str
    payload: bytes
    prelude: bool = True
    segmentation: Segmentation = field(default_factory=Segmentation)
    end: str = "close"
    #: append the slot's marker route (liveness on the same connection)
    marker: bool = True
    #: the inputs a train carries one after another on this connection (empty: one input)
    parts: tuple[Case, ...] = ()

    @property
    def inputs(self) -> int:
        """How many inputs the connection carries."""
        return len(self.parts) or 1

    def split(self) -> list[Case]:
        """A train's inputs, each on a connection of its own and cut as the train was (the case
        itself when it is one input)."""
        if not self.parts:
            return [self]
        if repr(self.segmentation) == repr(Segmentation()):
            return list(self.parts)
        return [p.cut(self.segmentation) for p in self.parts]

    def stream(self, slot: int) -> bytes:
        """Everything the connection carries in batch slot ``slot``."""
        return ((PRELUDE if self.prelude else b"") + self.payload
                + (announce(marker_prefix(slot)) if self.marker else b""))

    def cut(self, plan: Segmentation) -> Case:
        """The same octets, cut another way."""
        return replace(self, label=f"{self.label} [{plan!r}]", segmentation=plan)

    def to_json(self) -> dict[str, Any]:
        """As plain data (the payload in hex)."""
        return {"label": self.label, "family": self.family, "payload_hex": self.payload.hex(),
                "prelude": self.prelude, "segmentation": repr(self.segmentation),
                "end": self.end, "marker": self.marker,
                **({"parts": [p.to_json() for p in self.parts]} if self.parts else {})}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Case:
        """Back from ``to_json``."""
        return cls(str(obj["label"]), str(obj.get("family", "saved")),
                   bytes.fromhex(str(obj["payload_hex"])), bool(obj.get("prelude", True)),
                   plan_named(str(obj.get("segmentation", "whole"))), str(obj.get("end", "close")),
                   bool(obj.get("marker", True)),
                   tuple(cls.from_json(p) for p in obj.get("parts", ())))
