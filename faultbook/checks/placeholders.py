"""Log messages carry values, not unformatted %-placeholders."""

from __future__ import annotations

import re

from faultbook.checks.base import HistoryCheck
from faultbook.checks.verdict import Verdict
from faultbook.history import History

RAW = re.compile(r"%(?:\.\d+)?[dfs]\b")


class PlaceholdersFilled(HistoryCheck):
    """No line of the system under the fault has a literal %d / %.1f / %s."""

    def judge(self, history: History) -> list[Verdict]:
        bad = [line.text for line in history.lines(with_noise=True) if RAW.search(line.text)]
        return [self.verdict(not bad, len(bad), 0, bad[0][:200] if bad else "")]
