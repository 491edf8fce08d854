"""The skips the catalogs expect on a machine without optional systems (everything else that skips
under CI fails the run; see ``faultbook.skips``)."""

from __future__ import annotations

import pytest

from faultbook.skips import ExpectedSkip


def pytest_faultbook_expected_skips(config: pytest.Config) -> list[ExpectedSkip]:
    return [
        *(ExpectedSkip(f"scenarios/{folder}/*", r"^PyBMP not configured",
                       "PyBMP is never shipped with the suite: point it at a checkout")
          for folder in ("pybmp", "monitoring")),
        *(ExpectedSkip(f"scenarios/{folder}/*", r"^not applicable: ",
                       "catalog entries a collector does not support, each with its reason")
          for folder in ("pmbmpd", "pybmp")),
        ExpectedSkip("scenarios/backendai_agent/*", r"^the agent catalog is opt-in",
                     "the agent's catalog runs when selected (-k agent, FAULTBOOK_AGENT=1)"),
    ]
