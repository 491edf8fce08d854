"""Fixtures shared by the tests that run pytest in a subprocess."""

from __future__ import annotations

import pytest

#: what a subprocess run would otherwise inherit from the run that tests it
INHERITED = ("FAULTBOOK_RUN_DIR", "FAULTBOOK_RUN", "FAULTBOOK_OWNER", "FAULTBOOK_RUNTIME", "CI")


@pytest.fixture
def fresh_pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester whose runs are runs of their own: nothing of the calling run inherited, reports
    written under its own folder."""
    for name in INHERITED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FAULTBOOK_REPORTS", str(pytester.path / "fb-reports"))
    return pytester
