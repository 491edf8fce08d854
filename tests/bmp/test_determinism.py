"""A derandomized draw is the same in every process: whatever the hash seed and whatever else
the process imported (Hypothesis mines constants from loaded modules; see
``faultbook.bmp.strategies.determinism``)."""

from __future__ import annotations

import os
import subprocess
import sys

#: draws a stratified set of cases (every malformation family, sessions, messages)
#: derandomized and prints one digest of them
DRAW = """
import hashlib, importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
from hypothesis import HealthCheck, settings
from faultbook.bmpkit.generate import stratified

digest = hashlib.sha256()
run = settings(max_examples=1, derandomize=True, database=None, deadline=None,
               suppress_health_check=list(HealthCheck))
stratified(lambda case: digest.update(case.label.encode() + case.payload), per_kind=3, base=run)
print(digest.hexdigest())
"""


def _digest(hash_seed: str, *imports: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    env.pop("CI", None)
    run = subprocess.run([sys.executable, "-c", DRAW, *imports], capture_output=True, text=True,
                         timeout=120, env=env, check=True)
    return run.stdout.strip()


def test_derandomized_cases_are_the_same_in_every_process() -> None:
    alone = _digest("1")
    assert len(alone) == 64
    assert _digest("2", "faultbook.cli", "faultbook.checks.verdict") == alone
