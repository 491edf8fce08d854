"""What an operator guide documents, one item each: a log line, a log format, a metric, a grep, a
command. A system declares its guide's items in its folder (its ``Guide``); doc drift
(``faultbook.report.drift``) classifies each against what the real system printed."""

from __future__ import annotations

from dataclasses import dataclass

LOG_LINE = "log line"
FORMAT = "format"
METRIC = "metric"
COMMAND = "command"
GREP = "grep"
KINDS = (LOG_LINE, METRIC, COMMAND, GREP, FORMAT)


@dataclass(frozen=True)
class DocItem:
    """One thing a guide documents, and how to recognise it in real output.

    ``exact`` matches the documented wording; ``related`` matches the same event in any
    wording; ``sources`` restricts log lines to matching component names. For commands,
    ``probe`` matches the probe name and ``exact`` the probe's answer (``status detail``).
    """

    guide: str
    section: str
    kind: str
    documented: str
    exact: str
    related: str = ""
    sources: str = ""
    probe: str = ""


def log_line(guide: str, section: str, documented: str, exact: str, related: str = "",
             sources: str = "") -> DocItem:
    """A documented log line: its wording, the same event in any wording, which components."""
    return DocItem(guide, section, LOG_LINE, documented, exact, related, sources)


def log_format(guide: str, section: str, documented: str, exact: str, related: str,
               sources: str = "") -> DocItem:
    """A documented log line format: the documented shape, and what any line of it looks like."""
    return DocItem(guide, section, FORMAT, documented, exact, related, sources)


def metric(guide: str, section: str, name: str) -> DocItem:
    """A documented Prometheus metric name, as a scrape prints it."""
    return DocItem(guide, section, METRIC, name, rf"(^|\s){name}(\{{|\s)")


def command(guide: str, section: str, documented: str, probe: str, answer: str,
            sources: str = "") -> DocItem:
    """A documented command, recognised by the probe that ran it (against the components
    ``sources`` matches, when given) and the answer it must give."""
    return DocItem(guide, section, COMMAND, documented, answer, sources=sources, probe=probe)


def grep(guide: str, section: str, documented: str, pattern: str, sources: str = "") -> DocItem:
    """A documented grep over the logs."""
    return DocItem(guide, section, GREP, documented, pattern, sources=sources)
