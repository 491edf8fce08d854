"""Provision the local container engine (Podman with a Docker API) and locally built images.

Submodules: ``apt`` (Debian packages), ``podman`` (engine + API socket), ``images``
(mmdebstrap + ``podman import``). ``python -m faultbook.provision`` runs all of it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from faultbook.config import default_state_dir as _configured_state_dir
from faultbook.errors import FaultbookError

__all__ = ["ProvisionError", "default_state_dir", "locked"]


class ProvisionError(FaultbookError):
    """Provisioning failed; the message is one line that names the fix.

    Typical fixes: run as root (apt-get needs it), run ``apt-get update`` when the
    package lists are stale, pass a shorter ``--state-dir`` when the socket path is
    too long, or read the log file named in the message (podman service, image build).
    """


def default_state_dir() -> Path:
    """The suite's state dir (``$FAULTBOOK_STATE_DIR`` or ``~/.local/state/faultbook``)."""
    return _configured_state_dir(os.environ)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive flock on ``path``: one starter or builder at a time on this machine."""
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
