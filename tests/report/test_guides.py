"""Guides are found through the faultbook.guides entry points or registered by a conftest; the
package names no system."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.metadata import EntryPoint

import pytest

from faultbook.cli import main
from faultbook.errors import ConfigError
from faultbook.observe.probes import HttpProbe
from faultbook.report import guides
from faultbook.report.docitems import log_line
from faultbook.report.drift import CONFIRMED, Evidence, check_drift
from faultbook.report.guides import Guide, doc_items, health_kinds, register
from faultbook.report.health import Check, HealthKind


class ToyHealth(HealthKind):
    kind = "toy"
    url = True
    hostport = False
    example = "http://127.0.0.1:1"
    help = "a toy"

    def checks(self, component: str, endpoint: str) -> list[Check]:
        return [Check(component, self.kind, endpoint, HttpProbe(endpoint, name="GET toy"))]


TOY = Guide("Toy guide", (log_line("Toy guide", "§1", "toy started", r"toy started"),),
            (ToyHealth(),))


@pytest.fixture
def toy() -> Iterator[Guide]:
    register(TOY)
    yield TOY
    guides._registered.remove(TOY)


def test_installed_guides_come_from_entry_points() -> None:
    names = {g.name for g in guides.installed()}
    assert {"Backend.AI guide", "PyBMP guide", "Backend.AI guide (monitoring)"} <= names
    assert {"postgres", "redis", "etcd", "manager", "prometheus", "node-exporter"} <= set(health_kinds())


def test_a_system_kind_is_a_health_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["health", "--prometheus", "http://127.0.0.1:1", "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [r["check"] for r in rows] == ["GET /-/healthy", "GET /-/ready", "GET /api/v1/targets",
                                          "GET /api/v1/label/__name__/values"]
    assert {r["state"] for r in rows} == {"FAIL"}


def test_a_registered_guide_is_used(toy: Guide) -> None:
    assert TOY.doc_items[0] in doc_items() and "toy" in health_kinds()
    register(TOY)
    assert guides.guides().count(TOY) == 1
    results = check_drift(Evidence(lines=[("toy", "toy started")]))
    assert [r.status for r in results if r.item.guide == "Toy guide"] == [CONFIRMED]


def test_a_broken_entry_point_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guides, "_installed", None)
    for value, fix in (("no_such_module_x:GUIDE", "reinstall"), ("faultbook.errors:ConfigError",
                                                                  "point it at the system's GUIDE")):
        point = EntryPoint("broken", value, guides.GROUP)
        monkeypatch.setattr(guides, "entry_points", lambda group, p=point: [p])
        with pytest.raises(ConfigError, match=fix):
            guides.installed()
        monkeypatch.setattr(guides, "_installed", None)
    monkeypatch.undo()
    assert guides.installed()
