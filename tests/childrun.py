"""Running a child pytest with the plugin, streaming its output line by line."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from faultbook.ownership import ENV_OWNER, ENV_RUN
from faultbook.session import ENV_RUN_DIR

ROOT = Path(__file__).resolve().parent.parent


def default_dispositions() -> None:
    """In the child before exec: the ending signals as a terminal would leave them, whatever this
    runner inherited (a background shell leaves SIGINT ignored)."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


class ChildRun:
    """A pytest subprocess in its own session, its output lines queued as they arrive."""

    def __init__(
        self, args: list[str], reports: Path, extra_env: dict[str, str] | None = None
    ) -> None:
        env = {k: v for k, v in os.environ.items() if k not in (ENV_RUN, ENV_RUN_DIR, ENV_OWNER)}
        env.update(extra_env or {})
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "-s",
                "--faultbook-reports",
                str(reports),
                *args,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=default_dispositions,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            text = raw.decode(errors="replace").rstrip("\n")
            self.output.append(text)
            self.lines.put(text)
        self.lines.put(None)

    def wait_line(self, needle: str, within: float) -> bool:
        """True once a line containing ``needle`` arrived; False on timeout or end of output."""
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                return False
            if line is None:
                return False
            if needle in line:
                return True
        return False

    def wait(self, within: float) -> int:
        """The exit code (kills the child's session after ``within`` seconds)."""
        try:
            return self.proc.wait(timeout=within)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            return self.proc.wait(timeout=10)

    def tail(self, n: int = 15) -> str:
        """The last lines of output, for failure messages."""
        return "\n".join(self.output[-n:])
