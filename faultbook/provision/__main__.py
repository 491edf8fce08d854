"""``python -m faultbook.provision [--state-dir DIR] [--skip-images] [-v]``.

Makes the container engine answer and builds the halfstack image if missing. The one-line
summary goes to stderr; stdout gets ``export NAME=value`` lines, so
``eval "$(python -m faultbook.provision)"`` sets up the calling shell.
"""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from faultbook.provision import default_state_dir
from faultbook.provision.apt import ensure_packages
from faultbook.provision.images import HALFSTACK_NAME, HALFSTACK_PACKAGES, ensure_image, image_ref
from faultbook.provision.podman import EngineInfo, ensure_engine
from faultbook.provision.progress import StepProgress, run_steps
from faultbook.provision.pyenv import ensure_backendai, ensure_backendai_agent
from faultbook.runtime.engine import ENGINE_ENV_FILE

PROG = "python -m faultbook.provision"
#: what the process runtime and the project's tests run on the host
HOST_PACKAGES = ("postgresql-15", "postgresql-client-15", "redis-server", "redis-tools",
                 "etcd-server", "etcd-client", "chromium", "pmacct", "tshark", "frr", "gobgpd",
                 "prometheus", "prometheus-node-exporter")


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Provision Podman (Docker API) and the halfstack image."
    )
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=default_state_dir(),
        help="engine socket, containers.conf, logs and image build cache (default: %(default)s)",
    )
    parser.add_argument("--skip-images", action="store_true", help="do not build missing images")
    parser.add_argument("--backendai", action="store_true",
                        help="also create the Python 3.13 environment with the Backend.AI manager")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the provisioning; return the process exit status."""
    args = _parse(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    engines: list[EngineInfo] = []

    def steps(progress: StepProgress) -> str:
        with progress.step("Debian packages") as step:
            installed = ensure_packages(HOST_PACKAGES)
            step.note = f"{len(installed)} installed" if installed else "all present"
        with progress.step("container engine") as step:
            engine = ensure_engine(args.state_dir)
            state = args.state_dir.expanduser()
            state.mkdir(parents=True, exist_ok=True)
            (state / ENGINE_ENV_FILE).write_text(
                "".join(f"{k}={v}\n" for k, v in engine.env().items()))
            engine_note = "engine answers"
            if engine.pid is not None:
                engine_note += f" (podman service pid {engine.pid})"
            step.note = f"{engine_note} at {engine.docker_host}"
        image_note = "images skipped"
        if not args.skip_images:
            with progress.step(f"image {image_ref(HALFSTACK_NAME)}") as step:
                built = ensure_image(
                    HALFSTACK_NAME,
                    HALFSTACK_PACKAGES,
                    args.state_dir.expanduser().resolve() / "images",
                    containers_conf=engine.containers_conf,
                )
                step.note = "built" if built else "present"
            image_note = f"{image_ref(HALFSTACK_NAME)} {step.note}"
        if args.backendai:
            with progress.step("Backend.AI manager environment") as step:
                venv = ensure_backendai(args.state_dir)
                step.note = f"{venv.name} ready"
            image_note += f"; Backend.AI manager env {venv.name} ready"
            with progress.step("Backend.AI agent environment") as step:
                agent_venv = ensure_backendai_agent(args.state_dir)
                step.note = f"{agent_venv.name} ready"
            image_note += f"; Backend.AI agent env {agent_venv.name} ready"
        engines.append(engine)
        return (f"{len(installed)} package(s) installed; {engine_note} at {engine.docker_host}; "
                f"{image_note}")

    code = run_steps(PROG, steps)
    for engine in engines:
        for key, value in engine.env().items():
            print(f"export {key}={shlex.quote(value)}")
    return code


if __name__ == "__main__":
    sys.exit(main())
