"""``python -m faultbook.provision.suite_image``: the suite itself as a local image, for running
shards where there is no checkout (a Kubernetes Indexed Job, see deploy/).

Built like the halfstack image (mmdebstrap + ``podman import``, no registry): Debian's packages
for the process runtime, the repository at /opt/faultbook (its committed files), the suite
installed from wheels made on this machine into /opt/venv, and the Backend.AI manager's
environment with its interpreter copied at the paths provisioning made them. Pods run
``--runtime=process``.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from faultbook.provision import ProvisionError, default_state_dir
from faultbook.provision.images import ensure_image, image_ref
from faultbook.provision.podman import ensure_engine
from faultbook.provision.progress import StepProgress, run_steps
from faultbook.provision.pyenv import ensure_backendai, find_python

PROG = "python -m faultbook.provision.suite_image"
SUITE_NAME = "faultbook-suite"
REPO = Path(__file__).resolve().parents[2]
#: the image's interpreter, used to build its wheels so that version markers resolve as there
DEBIAN_PYTHON = Path("/usr/bin/python3")
#: the process runtime's services, and Python for the suite (no browser: pods render no pages)
SUITE_PACKAGES = ("postgresql-15", "postgresql-client-15", "redis-server", "redis-tools",
                  "etcd-server", "etcd-client", "pmacct", "tshark", "frr", "gobgpd", "python3",
                  "python3-venv", "ca-certificates", "procps", "iproute2")


def _run(argv: list[str], what: str) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        raise ProvisionError(f"{what} failed (exit {done.returncode}: {tail[0][:200]}); "
                             f"fix: run `{' '.join(argv[:4])} ...` by hand")


def hooks(source_tar: Path, wheels: Path, copied: Sequence[Path]) -> list[str]:
    """mmdebstrap customize hooks: the repository, the suite's venv, the copied environments."""
    q = shlex.quote
    out = [f'mkdir -p "$1/opt/faultbook" && tar -C "$1/opt/faultbook" -xf {q(str(source_tar))}',
           f'mkdir -p "$1/tmp/wheels" && cp -a {q(str(wheels))}/. "$1/tmp/wheels/"',
           'chroot "$1" python3 -m venv /opt/venv',
           'chroot "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin /opt/venv/bin/pip install -q '
           '--no-index --find-links /tmp/wheels "faultbook[dev]"',
           'rm -rf "$1/tmp/wheels"']
    for path in copied:
        out.append(f'mkdir -p "$1{q(str(path.parent))}" && cp -a {q(str(path))} "$1{q(str(path))}"')
    return out


def build(state_dir: Path, progress: StepProgress) -> bool:
    """Build the image unless it exists; True when this call built it."""
    with tempfile.TemporaryDirectory(prefix="faultbook-suite.") as tmp:
        work = Path(tmp)
        with progress.step("the repository's committed files") as step:
            source = work / "source.tar"
            _run(["git", "-C", str(REPO), "archive", "--format=tar", "-o", str(source), "HEAD"],
                 "git archive (a git checkout of the suite is needed)")
            step.note = f"{source.stat().st_size // 1000} kB"
        with progress.step("wheels of the suite and its dependencies") as step:
            wheels = work / "wheels"
            _run([str(DEBIAN_PYTHON), "-m", "pip", "wheel", "-q", "-w", str(wheels), f"{REPO}[dev]"],
                 "pip wheel (with Debian's python3 and python3-pip)")
            step.note = f"{len(list(wheels.glob('*.whl')))} wheels"
        with progress.step("Backend.AI manager environment") as step:
            venv = ensure_backendai(state_dir)
            interpreter = find_python("3.13").resolve().parent.parent
            step.note = f"{venv} with {interpreter}"
        with progress.step(f"image {image_ref(SUITE_NAME)}") as step:
            engine = ensure_engine(state_dir)
            built = ensure_image(
                SUITE_NAME, SUITE_PACKAGES, state_dir.expanduser().resolve() / "images",
                containers_conf=engine.containers_conf,
                hooks=hooks(source, wheels, [interpreter, venv]),
                changes=["WORKDIR /opt/faultbook", "ENV PATH=/opt/venv/bin:/usr/local/sbin:"
                         "/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "ENV HOME=/root",
                         f"ENV FAULTBOOK_STATE_DIR={state_dir.expanduser().resolve()}"])
            step.note = "built" if built else "present (podman rmi it to rebuild)"
    return built


def main(argv: Sequence[str] | None = None) -> int:
    """Build the suite's image; the exit status."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--state-dir", type=Path, default=default_state_dir(),
                        help="the state dir provisioning uses (default: %(default)s)")
    args = parser.parse_args(argv)

    def steps(progress: StepProgress) -> str:
        built = build(args.state_dir, progress)
        return (f"{image_ref(SUITE_NAME)} {'built' if built else 'present'}; run shards with "
                "deploy/k8s-indexed-job.yaml")

    return run_steps(PROG, steps)

if __name__ == "__main__":
    sys.exit(main())
