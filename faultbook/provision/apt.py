"""Install Debian packages with apt-get, only those not installed yet."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Sequence

from faultbook.provision import ProvisionError

__all__ = ["ensure_packages", "missing_packages"]

log = logging.getLogger(__name__)

_APT_ENV = {"DEBIAN_FRONTEND": "noninteractive", "NEEDRESTART_MODE": "a"}
# Wait for another apt/dpkg run (other sessions share the machine) instead of failing at once.
_APT_OPTS = ("-o", "DPkg::Lock::Timeout=300", "-o", "Acquire::Retries=3")
_updated = False


def missing_packages(packages: Sequence[str]) -> list[str]:
    """Return the packages (in the given order) that dpkg does not report as installed."""
    wanted = list(dict.fromkeys(packages))
    if not wanted:
        return []
    if shutil.which("dpkg-query") is None:
        raise ProvisionError("dpkg-query not found: this needs a Debian/Ubuntu host (apt + dpkg)")
    names = [p.split(":", 1)[0] for p in wanted]
    # Exit status is 1 when some name is unknown to dpkg; stdout still lists the known ones.
    proc = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${db:Status-Abbrev}\n", *names],
        capture_output=True,
        text=True,
        check=False,
    )
    installed = {
        fields[0]
        for fields in (line.split() for line in proc.stdout.splitlines())
        if len(fields) >= 2 and fields[1].startswith("ii")
    }
    return [pkg for pkg, name in zip(wanted, names, strict=True) if name not in installed]


def _run_apt(args: list[str], fix: str) -> None:
    env = {**os.environ, **_APT_ENV}
    proc = subprocess.run(
        ["apt-get", *_APT_OPTS, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        err = [ln.strip() for ln in proc.stderr.splitlines() if ln.strip()]
        out = [ln.strip() for ln in proc.stdout.splitlines() if ln.strip()]
        errors = [ln for ln in err if ln.startswith("E:")]
        last = (errors or err or out or ["no output"])[-1]
        raise ProvisionError(
            f"apt-get {args[0]} failed (exit {proc.returncode}: {last}); fix: {fix}"
        )


def ensure_packages(packages: Sequence[str]) -> list[str]:
    """Install the packages that are not installed yet; return those installed by this call.

    Runs ``apt-get update`` at most once per process, and only when something is missing.
    Raises ProvisionError (one line naming the fix) when apt-get is unavailable or fails.
    """
    global _updated
    missing = missing_packages(packages)
    if not missing:
        return []
    if shutil.which("apt-get") is None:
        raise ProvisionError(
            f"apt-get not found; fix: install {' '.join(missing)} "
            "with this system's package manager"
        )
    if os.geteuid() != 0:
        raise ProvisionError(
            f"packages missing and not root; fix: sudo apt-get install -y {' '.join(missing)}"
        )
    if not _updated:
        log.info("apt-get update")
        _run_apt(
            ["update", "-q"], "check the network/apt sources, then run 'apt-get update' as root"
        )
        _updated = True
    log.info("apt-get install -y %s", " ".join(missing))
    _run_apt(
        ["install", "-y", *missing],
        f"run 'apt-get install -y {' '.join(missing)}' as root and read its output",
    )
    still = missing_packages(missing)
    if still:
        raise ProvisionError(
            f"apt-get reported success but {' '.join(still)} is not installed; "
            f"fix: run 'apt-get install -y {' '.join(still)}' as root and read its output"
        )
    return missing
