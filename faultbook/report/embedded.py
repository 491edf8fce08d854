"""Full logs inside the report, gzip-compressed and expanded in the page only when a reader opens one.

A log is embedded as base64 gzip in a ``<script type="application/gzip">`` block (never run, just
text the parser skips over) and inflated by the browser's own DecompressionStream when its fold
opens: no network, no external files. A log over the per-log bound, or past the page's budget,
is linked instead (the run folder's file, beside the report).
"""

from __future__ import annotations

import base64
import gzip
import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

#: a log larger than this once compressed (and base64-encoded) is linked, not embedded
PER_LOG_MAX = 1_000_000
#: octets of embedded logs (compressed, base64) in one page at most; later logs are linked
PAGE_BUDGET = 5_000_000

SCRIPT = """<script>
document.addEventListener('toggle', function (ev) {
  var d = ev.target;
  if (!d.dataset || !d.dataset.log || d.dataset.done) return;
  d.dataset.done = '1';
  var pre = d.querySelector('pre');
  var raw = atob(document.getElementById(d.dataset.log).textContent.trim());
  var bytes = new Uint8Array(raw.length);
  for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  new Response(stream).text().then(function (t) { pre.textContent = t; },
    function (e) { pre.textContent = 'cannot expand this log here: ' + e; });
}, true);
</script>"""


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1048576:.1f} MB"


@dataclass
class LogEmbedder:
    """Embeds logs into one page while its budget lasts; links them after that."""

    page_dir: Path
    budget: int = PAGE_BUDGET
    per_log: int = PER_LOG_MAX
    used: int = 0
    blocks: list[str] = field(default_factory=list)
    _count: int = 0

    def link(self, path: Path) -> str:
        """The path of ``path`` relative to the page."""
        return os.path.relpath(path, self.page_dir)

    def fold(self, path: Path) -> str:
        """One log's fold: embedded when it fits, else a link to the file."""
        try:
            data = path.read_bytes()
        except OSError:
            return ""
        lines = data.count(b"\n")
        head = f"{escape(path.name)} <span class='muted'>{lines} lines, {_size(len(data))}</span>"
        if not data:
            return f"<div class='log'>{head} (empty)</div>"
        packed = base64.b64encode(gzip.compress(data, compresslevel=6, mtime=0))
        if len(packed) > self.per_log or self.used + len(packed) > self.budget:
            return (f"<div class='log'>{head} <a href='{escape(self.link(path))}'>open the file</a> "
                    "<span class='muted'>(too large to embed; beside this report in the run "
                    "folder)</span></div>")
        self.used += len(packed)
        self._count += 1
        ident = f"fb-log-{self._count}"
        self.blocks.append(f"<script type='application/gzip' id='{ident}'>"
                           f"{packed.decode()}</script>")
        return f"<details class='log' data-log='{ident}'><summary>{head}</summary><pre></pre></details>"

    def logs_section(self, folder: Path) -> str:
        """Every component log of a test folder, folded."""
        logs = sorted((folder / "logs").glob("*.log"))
        if not logs:
            return ""
        return "<h4>Full logs</h4>" + "".join(self.fold(p) for p in logs)

    def tail(self) -> str:
        """The embedded blocks and the script that expands them, for the end of the page."""
        return "".join(self.blocks) + (SCRIPT if self.blocks else "")
