"""Saving a failing BMP case as bytes plus JSON, and loading it back (``faultbook replay``)."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from faultbook.checks.bmp_case import Case
from faultbook.checks.verdict import Verdict
from faultbook.errors import ConfigError


def save_failure(folder: Path, case: Case, target: str, failed: list[Verdict],
                 extra: dict[str, Any] | None = None) -> Path:
    """Write ``<digest>.bin`` (the octets) and ``<digest>.json``; returns the JSON's path."""
    folder.mkdir(parents=True, exist_ok=True)
    data = case.octets()
    stem = hashlib.sha256(data).hexdigest()[:16]
    (folder / f"{stem}.bin").write_bytes(data)
    meta = {"case": {**case.to_json(), "prelude": False, "payload_hex": data.hex()},
            "label": case.label, "target": target, "saved": time.time(),
            "expected": {v.name: v.budget for v in failed},
            "seen": {v.name: v.measured for v in failed},
            "details": {v.name: v.detail for v in failed}, **(extra or {})}
    path = folder / f"{stem}.json"
    path.write_text(json.dumps(meta, indent=1, default=str))
    return path


def load_case(path: Path) -> tuple[Case, dict[str, Any]]:
    """A saved case from its .json (or its .bin, with the .json beside it when there is one)."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such file: name a saved .json or .bin case")
    meta_path = path.with_suffix(".json")
    meta: dict[str, Any] = {}
    if meta_path.is_file():
        try:
            meta = json.loads(meta_path.read_text())
        except ValueError as exc:
            raise ConfigError(f"{meta_path}: not a saved case ({exc}): name a .bin instead") from None
    spec = meta.get("case", {})
    data = path.read_bytes() if path.suffix == ".bin" else bytes.fromhex(spec.get("payload_hex", ""))
    if not data:
        raise ConfigError(f"{path}: carries no octets: name a saved case's .bin or .json")
    return Case(str(spec.get("label", path.stem)), data, valid=bool(spec.get("valid", False)),
                prelude=False, close_after=bool(spec.get("close_after", False)),
                reset_after=bool(spec.get("reset_after", False))), meta
