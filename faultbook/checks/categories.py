"""The guide's log greps hit the lines the fault caused (a healthy start's noise left out)."""

from __future__ import annotations

from collections.abc import Iterable

from faultbook.checks.base import HistoryCheck
from faultbook.checks.verdict import Verdict
from faultbook.history import History
from faultbook.observe.categories import GUIDE_CATEGORIES, Category, categorize


class CategoriesHit(HistoryCheck):
    """Each named category has at least one line under the fault."""

    name = "§7.1 categories"

    def __init__(self, *names: str, categories: Iterable[Category] = GUIDE_CATEGORIES) -> None:
        super().__init__()
        self.names = names
        self.categories = tuple(categories)

    def judge(self, history: History) -> list[Verdict]:
        hits = categorize(history.lines(), self.categories)
        return [Verdict(f"§7.1 category {name} hit by the fault's lines", bool(hits[name]),
                        len(hits[name]), ">= 1", hits[name][0].text[:200] if hits[name] else "")
                for name in self.names]
