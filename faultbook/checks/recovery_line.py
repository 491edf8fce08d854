"""A recovery line after every logged outage: a system that logged that a dependency was gone
also logs, at a level an operator reads (not DEBUG), that it is back, within a bound of the heal.
Lines are anything with ``t`` (wall seconds) and ``text``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from faultbook.checks.log_quality import Line
from faultbook.checks.verdict import Check, Verdict

#: words of a line saying a connection or a dependency is back (done, not attempted)
RECOVERY = re.compile(r"(?i)\b(reconnected|recovered|restored|re-?established|"
                      r"connection (is )?back|back online|connected to)\b")
#: words of a line still reporting the outage or an attempt, whatever else it says
#: ("Health check signaled reconnect: Client Not Connected ..., reconnecting immediately...")
STILL_DOWN = re.compile(r"(?i)\b(not connected|disconnected|reconnecting|retry(ing)?|fail(ed|ure)?|"
                        r"unable|cannot|can't|refused|timed? ?out|lost|error)\b")
#: levels an operator does not read in production
QUIET_LEVELS = re.compile(r"\b(DEBUG|TRACE)\b")


def says_recovered(text: str) -> bool:
    """A line, at a level an operator reads, saying that something is back and nothing else."""
    return RECOVERY.search(text) is not None and STILL_DOWN.search(text) is None \
        and QUIET_LEVELS.search(text[:40]) is None


class RecoveryLogged(Check):
    """After the heal of an outage the system logged, a recovery line within ``within`` seconds."""

    def __init__(self, dependency: str, within: float, name: str | None = None) -> None:
        super().__init__(name or f"a recovery line after the logged {dependency} outage")
        self.dependency = dependency
        self.within = within

    def judge(self, lines: Iterable[Line], outage_lines: int, healed: float) -> list[Verdict]:
        """``lines``: the system's lines; ``outage_lines``: how many lines logged the outage;
        ``healed``: when the dependency came back (wall seconds)."""
        if not outage_lines:
            return [self.verdict(True, None, f"within {self.within:g}s", "no outage was logged")]
        after = [line for line in lines if healed <= line.t <= healed + self.within]
        found = next((line for line in after if says_recovered(line.text)), None)
        return [self.verdict(found is not None,
                             round(found.t - healed, 3) if found else None, f"within {self.within:g}s",
                             found.text[:200] if found else
                             f"{outage_lines} line(s) logged the outage; none said it was over",
                             lines_after_heal=len(after))]
