"""Nothing hidden in CI: every skip is listed with its reason; an undeclared skip fails under CI."""

from __future__ import annotations

import pytest

SKIPS = """
import pytest

@pytest.mark.scenario("a")
def test_declared():
    pytest.skip("collector not configured here")

@pytest.mark.scenario("b")
def test_surprise():
    pytest.skip("engine went away")
"""

DECLARED_ONLY = """
import pytest

@pytest.mark.scenario("a")
def test_declared():
    pytest.skip("collector not configured here")
"""

CONFTEST = """
from faultbook.skips import ExpectedSkip

def pytest_faultbook_expected_skips(config):
    return [ExpectedSkip("*::test_declared", r"^collector not configured", "optional system")]
"""


@pytest.fixture
def env(fresh_pytester: pytest.Pytester) -> pytest.Pytester:
    fresh_pytester.makeconftest(CONFTEST)
    return fresh_pytester


def test_every_skip_is_listed_with_its_reason(env: pytest.Pytester) -> None:
    env.makepyfile(test_skips=SKIPS)
    result = env.runpytest_subprocess("-p", "no:cacheprovider", "--runtime=process")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*faultbook: 2 skipped*",
                                 "SKIPPED test_skips.py::test_declared: collector not configured here",
                                 "SKIPPED test_skips.py::test_surprise: engine went away"])


def test_an_undeclared_skip_fails_under_ci(env: pytest.Pytester,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    env.makepyfile(test_skips=SKIPS)
    result = env.runpytest_subprocess("-p", "no:cacheprovider", "--runtime=process")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*unexpected skip under CI*test_surprise: engine went away"])
    assert "unexpected skip under CI*test_declared" not in result.stdout.str()


def test_declared_skips_pass_under_ci(env: pytest.Pytester,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    env.makepyfile(test_skips=DECLARED_ONLY)
    result = env.runpytest_subprocess("-p", "no:cacheprovider", "--runtime=process")
    assert result.ret == 0, result.stdout.str()
