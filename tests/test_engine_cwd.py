"""A podman service left running in a removed folder is recognised (its containers cannot start)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from faultbook.provision.podman import cwd_gone


def test_a_process_in_a_removed_folder_is_recognised() -> None:
    folder = Path(tempfile.mkdtemp())
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                            cwd=folder, stdin=subprocess.PIPE)
    try:
        assert not cwd_gone(proc.pid)
        os.rmdir(folder)
        assert cwd_gone(proc.pid)
    finally:
        proc.communicate(b"", timeout=10)
    assert not cwd_gone(None)
