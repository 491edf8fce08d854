"""Hooks faultbook adds to pytest, for catalogs to implement."""

from __future__ import annotations

import pytest

from faultbook.skips import ExpectedSkip


@pytest.hookspec
def pytest_faultbook_expected_skips(config: pytest.Config) -> list[ExpectedSkip]:  # type: ignore[empty-body]
    """Skips a catalog expects (e.g. a system not configured on this machine), with reasons."""
