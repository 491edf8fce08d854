"""``faultbook health``: each component's health checks as a table, for a stack or endpoints."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from faultbook.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Progress,
    add_endpoint_options,
    add_progress_option,
    add_stack_options,
    endpoint_checks,
    manifest_checks,
    named_endpoints,
    settings,
    stack_manifest,
)
from faultbook.report.health import HealthRow, failures, render_table, run_checks, status_row
from faultbook.report.stacks import engine_for, process_state


def add_parser(subparsers: Any) -> None:
    """Register ``health``."""
    parser = subparsers.add_parser(
        "health", help="run the guides' health checks",
        description="Run each component's health checks (the halfstack's redis-cli PING, etcdctl "
                    "endpoint health, pg_isready, and those each system's guide declares) against "
                    "a stack the suite started or the endpoints named, and print them as a table.",
        epilog="exit codes: 0 every check passed, 1 a check failed, 2 bad usage")
    add_stack_options(parser)
    add_endpoint_options(parser)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    add_progress_option(parser)


def status_rows(manifest: dict[str, Any]) -> list[HealthRow]:
    """Each component's run state: container status (Docker API) or process state (psutil)."""
    rows = []
    ids = {str(s["container_id"]): str(s["component"]) for s in manifest.get("services", [])
           if s.get("container_id")}
    if ids:
        try:
            with engine_for(manifest.get("docker_host"), settings().state_dir) as engine:
                for cid, component in ids.items():
                    try:
                        status = engine.client.containers.get(cid).status
                        rows.append(status_row(component, cid[:12], status == "running", status))
                    except Exception as exc:
                        rows.append(status_row(component, cid[:12], False, type(exc).__name__))
        except Exception as exc:
            rows += [status_row(c, i[:12], False, str(exc)) for i, c in ids.items()]
    for s in manifest.get("services", []):
        if not s.get("container_id"):
            state = process_state(s.get("pid"))
            rows.append(status_row(str(s.get("component")), f"pid {s.get('pid')}", state.ok,
                                   state.detail))
    return rows


def run(args: argparse.Namespace) -> int:
    """Run the checks; 1 when any failed."""
    pairs = named_endpoints(args)
    checks = endpoint_checks(pairs)
    manifest = stack_manifest(args, needed=not pairs)
    checks += manifest_checks(manifest)
    progress = Progress("faultbook health", args.progress)
    rows = status_rows(manifest) if manifest else []
    rows += run_checks(checks, lambda c: progress(f"{c.component}: {c.probe.name}"))
    progress.done()
    if args.json:
        print(json.dumps([r.to_json() for r in rows], indent=1))
    else:
        if manifest:
            print(f"stack {manifest.get('id')} ({manifest.get('runtime')})")
        print(render_table(rows))
    failed = failures(rows)
    if failed:
        first = failed[0]
        print(f"faultbook health: {len(failed)} of {len(rows)} checks failed; first: "
              f"{first.component} {first.check} at {first.target}: {first.detail[:120]}",
              file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK
