"""Printing (and optionally saving) a benchmark's JSON result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def emit(result: dict[str, Any], output: Path | None) -> None:
    """Print ``result`` as JSON; also write it to ``output`` when given."""
    text = json.dumps(result, indent=1, default=str)
    print(text)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text + "\n")
