"""Headless Chromium for checking pages as a person sees them: screenshots and measured layout."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]

#: appended to a copy of the page: records each timeline's box and the page height in the DOM
MEASURE = """<script>window.addEventListener('load', function () { setTimeout(function () {
  var boxes = [];
  document.querySelectorAll('svg.fb-timeline').forEach(function (s) {
    var r = s.getBoundingClientRect();
    boxes.push([r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]);
  });
  var pre = document.createElement('pre'); pre.id = 'fb-measure';
  pre.textContent = JSON.stringify({boxes: boxes, height: document.documentElement.scrollHeight});
  document.body.appendChild(pre);
}, 200); });</script>"""


def chromium() -> str:
    """The Chromium binary; fails the test with the one-line fix when it is missing."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium not found: install it with `apt-get install -y chromium` "
                    "(or run `python -m faultbook.provision`)", pytrace=False)
    return found


def _run(args: list[str], within: float = 90) -> str:
    with tempfile.TemporaryDirectory(prefix="fb-chromium-") as profile:
        done = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=within,
                              stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        pytest.fail(f"chromium exited {done.returncode}: {done.stderr.strip()[-300:]}", pytrace=False)
    return done.stdout


#: appended to a copy of a page: every card shows only its title and its timeline picture
TIMELINES_ONLY = ("<style>.fb > :not(.card){display:none}.card{margin:0;padding:2px;border:0}"
                  ".card > :not(svg){display:none}</style>")


def measure(page: Path, query: str = "", extra: str = "") -> dict[str, Any]:
    """Each timeline SVG's box [x, y, width, height] and the page height, as laid out."""
    probe = page.with_name(page.stem + ".measure.html")
    probe.write_text(page.read_text() + extra + MEASURE)
    try:
        dom = _run(["--virtual-time-budget=5000", "--window-size=1400,1000", "--dump-dom",
                    probe.as_uri() + query])
    finally:
        probe.unlink()
    found = re.search(r'<pre id="fb-measure">(.*?)</pre>', dom, re.S)
    if found is None:
        pytest.fail(f"{page.name}: the page did not finish loading in Chromium", pytrace=False)
    data: dict[str, Any] = json.loads(found.group(1).replace("&quot;", '"'))
    return data


def screenshot(page: Path, out: Path, height: int, query: str = "", extra: str = "") -> Path:
    """A 1400px wide screenshot of ``page`` (plus ``extra`` markup), ``height`` pixels tall."""
    shown = page
    if extra:
        shown = page.with_name(page.stem + ".shot.html")
        shown.write_text(page.read_text() + extra)
    try:
        _run(["--virtual-time-budget=5000", f"--screenshot={out}", f"--window-size=1400,{height}",
              shown.as_uri() + query])
    finally:
        if extra:
            shown.unlink()
    return out


#: appended to a copy of a page: opens the first embedded log and reports what it shows
EXPAND = """<script>window.addEventListener('load', function () {
  var d = document.querySelector('details.log'); d.open = true;
  var pre = d.querySelector('pre'), tries = 0;
  (function wait() {
    if (!pre.textContent && tries++ < 50) { setTimeout(wait, 100); return; }
    var out = document.createElement('pre'); out.id = 'fb-expanded';
    out.textContent = JSON.stringify({log: d.dataset.log, text: pre.textContent});
    document.body.appendChild(out);
  })(); });</script>"""


def first_log_expanded(page: Path) -> str:
    """The text the page shows when a reader opens its first embedded log."""
    probe = page.with_name(page.stem + ".expand.html")
    probe.write_text(page.read_text() + EXPAND)
    try:
        dom = _run(["--virtual-time-budget=8000", "--dump-dom", probe.as_uri()])
    finally:
        probe.unlink()
    found = re.search(r'<pre id="fb-expanded">(.*?)</pre>', dom, re.S)
    if found is None:
        pytest.fail(f"{page.name}: opening a log showed nothing in Chromium", pytrace=False)
    data = json.loads(html.unescape(found.group(1)))
    return str(data["text"])
