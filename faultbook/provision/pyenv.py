"""Python environments for systems under test that need their own interpreter.

The Backend.AI manager 26.9.6 needs Python 3.13: a virtualenv made from pyenv's 3.13 with the
manager and its CLI from PyPI, created once and cached under the state dir. The agent of the
same release gets an environment of its own beside it (an environment is rebuilt whenever its
package list changes, so the two lists never share one). One builder at a time (flock).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from faultbook.provision import ProvisionError, locked

log = logging.getLogger(__name__)

BACKENDAI_VERSION = "26.9.6"
BACKENDAI_PACKAGES = (f"backend.ai-manager=={BACKENDAI_VERSION}", f"backend.ai-cli=={BACKENDAI_VERSION}")
AGENT_PACKAGES = (f"backend.ai-agent=={BACKENDAI_VERSION}", f"backend.ai-cli=={BACKENDAI_VERSION}")
MARKER = "faultbook-env.json"


def find_python(minor: str) -> Path:
    """An interpreter for Python ``minor`` (e.g. '3.13'): pyenv's, else one on PATH."""
    roots = [os.environ.get("PYENV_ROOT", ""), str(Path.home() / ".pyenv")]
    for root in filter(None, roots):
        versions = sorted(Path(root, "versions").glob(f"{minor}.*"), reverse=True)
        for version in versions:
            candidate = version / "bin" / f"python{minor}"
            if candidate.exists():
                return candidate
    found = shutil.which(f"python{minor}")
    if found:
        return Path(found)
    raise ProvisionError(
        f"no Python {minor} found: install it with `pyenv install {minor}` (or put python{minor} on PATH)")


def env_path(state_dir: Path, name: str) -> Path:
    """Where the environment ``name`` lives."""
    return state_dir.expanduser() / "venvs" / name


def ensure_env(state_dir: Path, name: str, python_minor: str, packages: Sequence[str]) -> Path:
    """A virtualenv with exactly ``packages`` installed; rebuilt only when they change."""
    venv = env_path(state_dir, name)
    venv.parent.mkdir(parents=True, exist_ok=True)
    with locked(venv.parent / f"{name}.lock"):
        return _ensure_env(venv, python_minor, packages)


def _ensure_env(venv: Path, python_minor: str, packages: Sequence[str]) -> Path:
    marker = venv / MARKER
    wanted = {"python": python_minor, "packages": list(packages)}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return venv
    python = find_python(python_minor)
    if venv.exists():
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    log.info("creating %s with %s", venv, python)
    steps = [[str(python), "-m", "venv", str(venv)],
             [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", *packages]]
    for argv in steps:
        done = subprocess.run(argv, capture_output=True, text=True, check=False,
                              stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
            raise ProvisionError(f"`{' '.join(argv[:3])} ...` failed (exit {done.returncode}: "
                                 f"{tail[0][:200]}); fix the package index access and rerun")
    marker.write_text(json.dumps(wanted))
    return venv


def ensure_backendai(state_dir: Path) -> Path:
    """The Backend.AI manager's environment; its CLI is ``<env>/bin/backend.ai``."""
    return ensure_env(state_dir, f"backendai-{BACKENDAI_VERSION}", "3.13", BACKENDAI_PACKAGES)


def ensure_backendai_agent(state_dir: Path) -> Path:
    """The Backend.AI agent's environment (same release and Python as the manager's)."""
    return ensure_env(state_dir, f"backendai-agent-{BACKENDAI_VERSION}", "3.13", AGENT_PACKAGES)
