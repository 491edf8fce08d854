"""Trains: several inputs one after another on one router connection.

A collector pays for every connection it accepts and closes (pmbmpd about 20-30 ms of CPU per
close), so one connection per input lets the collector's connection handling, not its parsing or
the checks, set the pace. A train carries inputs that leave the session as it was (same peer up,
framing intact) followed by at most one input that may end it (a Peer Down, a Termination, or
framing a collector cannot follow); every message keeps its expected outcome in the session the
train builds, and the marker after the last input proves the connection still stores. Inputs
that bring their own prelude or end their connection their own way travel alone.

A failing train is split into its inputs when bisected (``Case.split``), so a reproducer is
always one input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from faultbook.bmpkit.cases import Case
from faultbook.bmpkit.history import frame_stream
from faultbook.bmpkit.segment import Segmentation

#: how a train's label begins (a finding's evidence names its case by label)
LABEL = "train of"
#: BMP message types after which the session is not what the next input expects
_ENDS_SESSION = frozenset({2, 5})  # Peer Down, Termination


def travels_alone(case: Case) -> bool:
    """An input that shapes its own connection (no prelude, another end, no marker, or already
    a train). Its cut does not count: a train is cut every way as a whole."""
    return not case.prelude or case.end != "close" or not case.marker or bool(case.parts)


def ends_session(case: Case) -> bool:
    """Whether what follows this input on its connection would arrive in another session state:
    its framing breaks, or it ends a peer or the session."""
    frames, ambiguous = frame_stream(case.payload)
    return ambiguous is not None or any(frame[5] in _ENDS_SESSION for _, frame in frames)


def train_of(inputs: Sequence[Case]) -> Case:
    """One connection carrying ``inputs`` in order (a single input stays itself)."""
    if len(inputs) == 1:
        return inputs[0]
    label = f"{LABEL} {len(inputs)}: " + " + ".join(c.label for c in inputs)
    whole = Segmentation()
    return Case(label, "train", b"".join(c.payload for c in inputs), segmentation=whole,
                parts=tuple(replace(c, segmentation=whole) for c in inputs))


def names_a_train(label: str) -> bool:
    """Whether a case label is a train's (its input not known until it is split)."""
    return label.startswith(LABEL)


def couple(seeds: Iterable[Case], length: int) -> list[Case]:
    """Every seed exactly once: trains of up to ``length`` inputs (those that keep the session
    first, at most one that ends it last), and the seeds that travel alone."""
    alone: list[Case] = []
    keeping: list[Case] = []
    ending: list[Case] = []
    for seed in seeds:
        if travels_alone(seed) or length <= 1:
            alone.append(seed)
        else:
            (ending if ends_session(seed) else keeping).append(seed)
    trains: list[Case] = []
    while keeping or ending:
        head = keeping[: length - 1 if ending else length]
        del keeping[: len(head)]
        tail = [ending.pop(0)] if ending else []
        trains.append(train_of(head + tail))
    return trains + alone
