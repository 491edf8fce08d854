"""Port exclusivity: the system's ports are its own while it runs and free once it ended."""

from __future__ import annotations

from faultbook.checks.base import HistoryCheck
from faultbook.checks.verdict import Verdict
from faultbook.history import History


class PortsReleased(HistoryCheck):
    """Nothing listens on any of the system's ports after it ended."""

    def judge(self, history: History) -> list[Verdict]:
        if history.ending is None:
            return [self.verdict(False, None, {}, "the system's end was never recorded",
                                 inconclusive=True)]
        held = history.ending.held_ports
        return [self.verdict(not held, held, {})]


class AloneOnPort(HistoryCheck):
    """Each time it was looked at while serving, one socket of the system's own held its port."""

    def judge(self, history: History) -> list[Verdict]:
        if not history.ports:
            return [self.verdict(False, None, {"listeners": 1},
                                 "the port was never looked at while the system served",
                                 inconclusive=True)]
        return [self.verdict(not view.foreign and view.listeners == 1,
                             {"listeners": view.listeners, "foreign_pids": view.foreign},
                             {"listeners": 1}, view.moment)
                for view in history.ports]
