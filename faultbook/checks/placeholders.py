"""Log messages carry values, not unformatted placeholders (the pattern of ``log_quality``)."""

from __future__ import annotations

from faultbook.checks.base import HistoryCheck
from faultbook.checks.log_quality import Placeholders
from faultbook.checks.verdict import Verdict
from faultbook.history import History


class PlaceholdersFilled(HistoryCheck):
    """No message of the system under the fault has a literal printf, ``%(name)s`` or ``{}``
    placeholder (the invariant ``LinesCheck(Placeholders())`` judges every line instead)."""

    def judge(self, history: History) -> list[Verdict]:
        return Placeholders(self.name).judge(history.lines(with_noise=True))
