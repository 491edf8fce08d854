"""Log categories: the Backend.AI guide's §7.1 greps, plus the suite's extensions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from faultbook.observe.timeline import LogLine


@dataclass(frozen=True)
class Category:
    """A named grep."""

    name: str
    pattern: re.Pattern[str]
    source: str


#: §7.1 "Error Pattern Detection", verbatim (case-sensitive, as grep -E runs them)
GUIDE_CATEGORIES = (
    Category("critical", re.compile(r"(ERROR|CRITICAL|Exception|Traceback)"), "§7.1"),
    Category("connection", re.compile(r"(Connection.*failed|timeout|refused)"), "§7.1"),
    Category("port", re.compile(r"(Port.*busy|Address.*in use)"), "§7.1"),
)

#: the suite's extensions: what the guides' greps miss
EXTRA_CATEGORIES = (
    Category("fatal", re.compile(r"\b(FATAL|PANIC)\b|panic:"), "faultbook"),
    Category("shutdown", re.compile(r"(?i)shutting down|terminated\.|shut down|exit, bye"), "faultbook"),
    Category("disconnect", re.compile(r"(?i)connection (lost|reset|closed)|broken pipe|EOF"), "faultbook"),
    Category("malformed", re.compile(r"(?i)malformed|invalid|unexpected|corrupt|bad (length|marker)"),
             "faultbook"),
)

ALL_CATEGORIES = GUIDE_CATEGORIES + EXTRA_CATEGORIES


def categories_of(text: str, categories: Iterable[Category] = ALL_CATEGORIES) -> list[str]:
    """The names of the categories whose grep matches ``text``."""
    return [cat.name for cat in categories if cat.pattern.search(text)]


def categorize(lines: Iterable[LogLine], categories: Iterable[Category] = ALL_CATEGORIES
               ) -> dict[str, list[LogLine]]:
    """Lines per category (a line can be in several)."""
    cats = list(categories)
    out: dict[str, list[LogLine]] = {c.name: [] for c in cats}
    for line in lines:
        for cat in cats:
            if cat.pattern.search(line.text):
                out[cat.name].append(line)
    return out
