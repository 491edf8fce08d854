"""A diagnostics bundle: what the Backend.AI guide's §6.1 script collects, in one .tar.gz.

System info, container status, images, networks with their inspect JSON, every component's
logs with timestamps, process info, config files and the §7.3 health table, plus MANIFEST.json
(every file and where it came from) and SUMMARY.txt (what a person reads first).
"""

from __future__ import annotations

import io
import json
import os
import platform
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faultbook.report.health import Check, HealthRow, render_table, run_checks, status_row
from faultbook.report.stacks import process_state

Step = Callable[[str], None]


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=1, default=str) + "\n").encode()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name).strip("_") or "unnamed"


@dataclass
class Sources:
    """What to collect: a stack manifest, named containers, log and config files, health checks."""

    manifest: dict[str, Any] | None = None
    containers: list[str] = field(default_factory=list)
    log_files: list[Path] = field(default_factory=list)
    configs: list[Path] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    engine: Any = None


@dataclass
class Bundle:
    """Files collected so far, their origins, and what could not be collected."""

    root: str
    files: dict[str, bytes] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    health: list[HealthRow] = field(default_factory=list)

    def add(self, name: str, data: bytes | str, origin: str) -> None:
        """Add a file (``name`` relative to the bundle root)."""
        self.files[name] = data.encode() if isinstance(data, str) else data
        self.origins[name] = origin

    def problem(self, text: str) -> None:
        """Note one thing that could not be collected."""
        self.problems.append(" ".join(text.split())[:300])


def collect_system(bundle: Bundle, engine: Any) -> None:
    """uname, Python, and the container engine's version (Docker API)."""
    u = platform.uname()
    lines = [f"uname: {u.system} {u.node} {u.release} {u.version} {u.machine}",
             f"python: {platform.python_version()}", f"collected: {time.strftime('%Y-%m-%dT%H:%M:%S%z')}"]
    if engine is not None:
        try:
            version = engine.client.version()
            lines.append(f"engine: {engine.docker_host}")
            lines.append(f"engine version: {version.get('Version')} (API {version.get('ApiVersion')}, "
                         f"{'; '.join(c.get('Name', '') for c in version.get('Components') or [])})")
            bundle.add("engine_version.json", _json(version), "Docker API GET /version")
        except Exception as exc:
            bundle.problem(f"engine version: {type(exc).__name__}: {exc}")
    bundle.add("system_info.txt", "\n".join(lines) + "\n", "uname, python, Docker API /version")


def _container_ids(sources: Sources) -> list[str]:
    ids = [str(s["container_id"]) for s in (sources.manifest or {}).get("services", [])
           if s.get("container_id")]
    return ids + [c for c in sources.containers if c not in ids]


def collect_containers(bundle: Bundle, sources: Sources, step: Step) -> list[Any]:
    """Status of ours (or the named ones), each container's inspect JSON and logs with timestamps."""
    engine = sources.engine
    if engine is None:
        return []
    found = []
    for ident in _container_ids(sources):
        try:
            found.append(engine.client.containers.get(ident))
        except Exception as exc:
            bundle.problem(f"container {ident}: {type(exc).__name__}: {exc}")
    try:
        listed = list(engine.ours("container")) if sources.manifest else []
    except Exception as exc:
        bundle.problem(f"containers.list: {type(exc).__name__}: {exc}")
        listed = []
    by_id = {c.id: c for c in [*listed, *found]}
    rows = [f"{'NAME':40} {'STATUS':10} {'IMAGE':45} ID"]
    for c in by_id.values():
        image = (c.attrs.get("Config") or {}).get("Image", "")
        rows.append(f"{c.name:40} {c.status:10} {image:45} {c.id[:12]}")
    bundle.add("containers_status.txt", "\n".join(rows) + "\n", "containers.list(all=True)")
    for c in found:
        step(f"container {c.name}")
        bundle.add(f"containers/{_safe(c.name)}.inspect.json", _json(c.attrs), f"inspect {c.id}")
        try:
            logs = c.logs(stdout=True, stderr=True, timestamps=True)
            bundle.add(f"logs/{_safe(c.name)}.log", logs, f"container logs {c.name} (timestamps)")
        except Exception as exc:
            bundle.problem(f"logs of {c.name}: {type(exc).__name__}: {exc}")
    return found


def collect_images_networks(bundle: Bundle, engine: Any, containers: list[Any]) -> None:
    """``docker images`` and the containers' networks with their inspect JSON."""
    try:
        rows = [f"{'REPOSITORY:TAG':60} {'ID':14} SIZE"]
        for image in engine.client.images.list():
            tags = image.tags or ["<none>"]
            size = int(image.attrs.get("Size") or 0)
            rows.extend(f"{t:60} {image.short_id.split(':')[-1]:14} {size / 1e6:.1f}MB" for t in tags)
        bundle.add("images.txt", "\n".join(rows) + "\n", "images.list()")
    except Exception as exc:
        bundle.problem(f"images: {type(exc).__name__}: {exc}")
    names: dict[str, None] = {}
    for c in containers:
        for net in ((c.attrs.get("NetworkSettings") or {}).get("Networks") or {}):
            names.setdefault(net, None)
    rows = []
    for name in names:
        try:
            net = engine.client.networks.get(name)
            bundle.add(f"networks/{_safe(name)}.inspect.json", _json(net.attrs), f"network inspect {name}")
            rows.append(f"{name:50} {net.attrs.get('Driver', '')}  {net.short_id}")
        except Exception as exc:
            bundle.problem(f"network {name}: {type(exc).__name__}: {exc}")
    bundle.add("networks.txt", "\n".join(rows) + "\n", "networks of the collected containers")


def collect_processes(bundle: Bundle, manifest: dict[str, Any]) -> None:
    """psutil info for every process the manifest lists."""
    info = []
    for service in manifest.get("services", []):
        if service.get("runtime") == "container" or service.get("container_id"):
            continue
        state = process_state(service.get("pid"))
        info.append({"component": service.get("component"), "ok": state.ok,
                     "detail": state.detail, **state.info})
    if info:
        bundle.add("processes.json", _json(info), "psutil")


def collect_files(bundle: Bundle, paths: list[Path], folder: str, what: str) -> None:
    """Copy files (log files, configs) into ``folder``."""
    used: set[str] = set()
    for path in paths:
        name = _safe(path.name)
        while name in used:
            name = "_" + name
        used.add(name)
        try:
            bundle.add(f"{folder}/{name}", path.read_bytes(), f"{what} {path}")
        except OSError as exc:
            bundle.problem(f"{what} {path}: {exc.strerror or exc}")


def manifest_log_files(manifest: dict[str, Any]) -> list[Path]:
    """The process runtime's log files the manifest names."""
    return [Path(s["log_file"]) for s in manifest.get("services", [])
            if s.get("log_file") and not s.get("container_id")]


def _container_file(engine: Any, container_id: str, path: str) -> bytes:
    """One file copied out of a container through the Docker API (OSError when it cannot be)."""
    try:
        stream, _stat = engine.client.containers.get(container_id).get_archive(path)
        with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as tar:
            member = tar.next()
            data = tar.extractfile(member) if member is not None else None
            if data is None:
                raise OSError(f"{path} is no file")
            return data.read()
    except OSError:
        raise
    except Exception as exc:
        raise OSError(str(exc)[:200]) from exc


def collect_stack_configs(bundle: Bundle, manifest: dict[str, Any], engine: Any) -> None:
    """Per service of the stack: its command line and environment, and every config file it
    named (from the host, or out of its container), into configs/<component>/."""
    for service in manifest.get("services", []):
        folder = f"configs/{_safe(str(service.get('component')))}"
        argv = [str(a) for a in service.get("command") or []]
        env = service.get("env") or {}
        if argv:
            text = " \\\n  ".join(argv) + "\n" + "".join(f"{k}={v}\n" for k, v in env.items())
            bundle.add(f"{folder}/command.txt", text, "the launch in the stack's manifest")
        container = service.get("container_id")
        for name in service.get("config_files") or []:
            where = f"{folder}/{_safe(Path(name).name)}"
            try:
                if container:
                    if engine is None:
                        raise OSError("no container engine to copy it from")
                    bundle.add(where, _container_file(engine, str(container), str(name)),
                               f"config {name} in container {str(container)[:12]}")
                else:
                    bundle.add(where, Path(name).read_bytes(), f"config {name}")
            except OSError as exc:
                bundle.problem(f"config {name} of {service.get('component')}: "
                               f"{exc.strerror or exc}")


def collect_health(bundle: Bundle, sources: Sources, containers: list[Any], step: Step) -> None:
    """The §7.3 table: each component's run state, then the guide's checks."""
    rows: list[HealthRow] = []
    for c in containers:
        rows.append(status_row(c.name, c.short_id, c.status == "running", c.status))
    for service in (sources.manifest or {}).get("services", []):
        if not service.get("container_id"):
            state = process_state(service.get("pid"))
            rows.append(status_row(str(service.get("component")), f"pid {service.get('pid')}",
                                   state.ok, state.detail))
    rows += run_checks(sources.checks, lambda c: step(f"health {c.component}: {c.probe.name}"))
    bundle.health = rows
    bundle.add("health.txt", render_table(rows) + "\n", "§7.3 checks")
    bundle.add("health.json", _json([r.to_json() for r in rows]), "§7.3 checks")


def collect(sources: Sources, step: Step = lambda _msg: None) -> Bundle:
    """Everything the sources name, into a Bundle (never raises for one missing piece)."""
    bundle = Bundle(root=f"faultbook-diagnose-{time.strftime('%Y%m%d-%H%M%S')}")
    step("system info")
    collect_system(bundle, sources.engine)
    step("containers")
    containers = collect_containers(bundle, sources, step)
    if sources.engine is not None:
        step("images and networks")
        collect_images_networks(bundle, sources.engine, containers)
    manifest = sources.manifest or {}
    if manifest:
        bundle.add("stack.json", _json(manifest), "the stack's manifest")
        collect_processes(bundle, manifest)
    step("log files")
    collect_files(bundle, [*manifest_log_files(manifest), *sources.log_files], "logs", "log file")
    step("config files")
    collect_stack_configs(bundle, manifest, sources.engine)
    if sources.configs:
        collect_files(bundle, sources.configs, "configs", "config")
    collect_health(bundle, sources, containers, step)
    return bundle


def summary_text(bundle: Bundle) -> str:
    """SUMMARY.txt: what was collected, the health table, what is missing."""
    failed = [r for r in bundle.health if r.state == "FAIL"]
    lines = [f"faultbook diagnose bundle {bundle.root}",
             f"files: {len(bundle.files)}; health: {len(bundle.health) - len(failed)} ok, "
             f"{len(failed)} failed; problems: {len(bundle.problems)}", "", "health (§7.3):",
             render_table(bundle.health) if bundle.health else "(no checks)", ""]
    if bundle.problems:
        lines += ["not collected:", *(f"- {p}" for p in bundle.problems), ""]
    lines += ["files:", *(f"- {n}  <- {bundle.origins[n]}" for n in sorted(bundle.files))]
    return "\n".join(lines) + "\n"


def write_archive(bundle: Bundle, path: Path) -> Path:
    """Write the bundle, MANIFEST.json and SUMMARY.txt as one .tar.gz."""
    files = dict(bundle.files)
    files["SUMMARY.txt"] = summary_text(bundle).encode()
    files["MANIFEST.json"] = _json({
        "root": bundle.root, "created": time.time(), "host": platform.node(),
        "files": {n: {"bytes": len(files[n]), "from": bundle.origins.get(n, "")} for n in sorted(files)
                  if n != "MANIFEST.json"},
        "problems": bundle.problems, "health": [r.to_json() for r in bundle.health]})
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    now = time.time()
    with tarfile.open(tmp, "w:gz") as tar:
        for name in ["SUMMARY.txt", "MANIFEST.json", *sorted(n for n in files if n not in
                                                              ("SUMMARY.txt", "MANIFEST.json"))]:
            info = tarfile.TarInfo(f"{bundle.root}/{name}")
            info.size, info.mtime, info.mode = len(files[name]), int(now), 0o644
            tar.addfile(info, io.BytesIO(files[name]))
    tmp.replace(path)
    return path
