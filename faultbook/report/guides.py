"""The guides of the systems in use: what each documents (doc items), how each kind of its
components is health-checked and the formats they log in, found without the package importing
any system.

A system declares one ``Guide`` in its folder and names it in the ``faultbook.guides`` entry point
group (like ``pytest11`` plugins): ``[project.entry-points."faultbook.guides"]`` ``name =
"module:GUIDE"``. A system that is not installed registers its guide from its ``conftest.py``
with ``register(GUIDE)``. The halfstack's own services need no guide: they are always here.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points

from faultbook.errors import ConfigError
from faultbook.report.docitems import DocItem
from faultbook.report.health import HALFSTACK, HealthKind
from faultbook.report.logformat import LogFormat

GROUP = "faultbook.guides"


@dataclass(frozen=True)
class Guide:
    """One system's operator guide: the items it documents, the health kinds of its components,
    the formats its components log in."""

    name: str
    doc_items: tuple[DocItem, ...] = ()
    health: tuple[HealthKind, ...] = ()
    log_formats: tuple[LogFormat, ...] = ()


_registered: list[Guide] = []
_installed: list[Guide] | None = None


def register(guide: Guide) -> Guide:
    """Add a guide (once; a system's conftest calls this when it is not installed)."""
    if guide not in _registered:
        _registered.append(guide)
    return guide


def installed() -> list[Guide]:
    """The guides the ``faultbook.guides`` entry points name (loaded once)."""
    global _installed
    if _installed is None:
        found = []
        for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
            try:
                guide = point.load()
            except ImportError as exc:
                raise ConfigError(f"the {GROUP} entry point {point.name} = {point.value} does not "
                                  f"import ({exc}): reinstall the project (pip install -e .)") from exc
            if not isinstance(guide, Guide):
                raise ConfigError(f"the {GROUP} entry point {point.name} = {point.value} is not a "
                                  "faultbook.report.guides.Guide: point it at the system's GUIDE")
            found.append(guide)
        _installed = found
    return _installed


def guides() -> list[Guide]:
    """Every guide in use: installed ones, then registered ones."""
    return [*installed(), *(g for g in _registered if g not in installed())]


def doc_items() -> tuple[DocItem, ...]:
    """Every documented item of every guide in use."""
    return tuple(item for guide in guides() for item in guide.doc_items)


def log_formats() -> tuple[LogFormat, ...]:
    """Every log format a guide in use declares."""
    return tuple(form for guide in guides() for form in guide.log_formats)


def health_kinds() -> dict[str, HealthKind]:
    """The health kinds by component kind: the halfstack's, then each guide's."""
    return {k.kind: k for k in (*HALFSTACK, *(k for g in guides() for k in g.health))}
