"""Nothing a system created through the container engine outlives it: after it stopped, no
container or network whose creation by it was recorded is left. Volumes and images it left (caches
a system may keep on purpose) are reported beside the verdict, never hidden."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from faultbook.checks.verdict import Check, Verdict
from faultbook.observe.engine_events import EngineObject

#: kinds that are findings when left behind (they run, or hold addresses)
LIVE_KINDS = ("container", "network")


class NothingOutlives(Check):
    """After the system stopped, none of the containers or networks it created is left."""

    name = "nothing it created outlives it"

    def judge(self, created: Sequence[EngineObject], present: Mapping[str, str]) -> list[Verdict]:
        """``present``: the created objects the engine still had after the stop, with their state."""
        live = {label: state for label, state in present.items() if label.split()[0] in LIVE_KINDS}
        kept = sorted(label for label in present if label not in live)
        return [self.verdict(not live, live, {},
                             ", ".join(f"{label} ({state})" for label, state in live.items()),
                             created=sorted({o.label for o in created}), kept=kept)]
