"""Run by tests/test_cleanup.py in a child pytest: start a stack, say where it is, then hold it."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from faultbook.fixtures import StackMaker
from faultbook.ownership import me, run_id


def test_hold(stack: StackMaker, runtime: str) -> None:
    st = stack("postgres", "redis")
    info = {
        "owner": me().token,
        "run": run_id(),
        "ports": sorted(st.ports()),
        "containers": sorted(st.container_ids()),
    }
    Path(os.environ["FAULTBOOK_HOLD_INFO"]).write_text(json.dumps(info))
    print("FAULTBOOK-HOLD-READY", flush=True)
    assert not threading.Event().wait(float(os.environ.get("FAULTBOOK_HOLD_SECONDS", "120")))
