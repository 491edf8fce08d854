"""A test's timeline as inline SVG: one lane per component, fault marks, log lines, CPU and RSS."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from faultbook.report.artifacts import TestArtifacts
from faultbook.report.logparse import parse_line

WIDTH = 1100
LEFT = 120
RIGHT = 24
TOP = 48
EVENTS_H = 40
RES_H = 26
GAP = 8

LEVEL_COLORS = {
    "CRITICAL": "#8b0000", "ERROR": "#d62728", "WARNING": "#ff8c00", "NOTICE": "#17a2b8",
    "INFO": "#1f77b4", "DEBUG": "#9e9e9e", "TRACE": "#c8c8c8", "": "#b0b0b0",
}
#: vertical position inside the events row (0 top .. 1 bottom) by level
LEVEL_ROWS = {"CRITICAL": 0.12, "ERROR": 0.12, "WARNING": 0.32, "NOTICE": 0.52,
              "INFO": 0.52, "DEBUG": 0.75, "TRACE": 0.75, "": 0.88}
MARK_SYMBOLS = {"start": "▶", "ready": "✓", "exit": "✕", "signal": "⚡", "stop": "■",
                "pause": "⏸", "resume": "⏵"}
#: a point stands for every line of a level in this many pixels of a lane
BIN_PX = 4
#: levels whose points show their first line on hover, and how many characters of it
TITLE_CHARS = {"CRITICAL": 200, "ERROR": 200, "WARNING": 120}
#: points with a hover text per lane (errors first come first); the rest are drawn plain
TITLED_BINS = 40
#: fault marks named on the picture (the rest are drawn unnamed)
LABELLED_FAULTS = 3
CPU_COLOR = "#e377c2"
RSS_COLOR = "#6a3d9a"


def _nice_step(span: float) -> float:
    raw = span / 8
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for mult in (1, 2, 5, 10):
        if raw <= mult * mag:
            return mult * mag
    return 10 * mag


def _fmt_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def _levels(lines: list[dict[str, Any]]) -> list[str]:
    """Each line's level; continuation lines take their record's level."""
    out: list[str] = []
    last: dict[str, str] = {}
    for e in lines:
        comp = str(e.get("component", ""))
        rec = parse_line(str(e.get("text", "")))
        level = rec.level if rec is not None else last.get(comp, "")
        last[comp] = level
        out.append(level)
    return out


def _bins(lines: list[dict[str, Any]], lane_y: Mapping[str, float],
          x: Callable[[float], float]) -> dict[tuple[str, str, int], list[dict[str, Any]]]:
    """Lines grouped by (component, level, pixel column), in time order within each group."""
    groups: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for e, level in zip(lines, _levels(lines), strict=True):
        comp = str(e.get("component", ""))
        if comp in lane_y:
            column = int((x(float(e["t"])) - LEFT) // BIN_PX)
            groups.setdefault((comp, level, column), []).append(e)
    return groups


def timeline_svg(test: TestArtifacts) -> str:
    """The SVG picture of one test (empty string when the test has no timeline)."""
    comps = test.components()
    times = [float(e["t"]) for e in test.entries if "t" in e]
    times += [float(r["t"]) for r in test.resources if "t" in r]
    if not comps or not times:
        return ""
    tmin, tmax = min(times), max(times)
    span = max(tmax - tmin, 0.5)
    tmax = tmin + span * 1.02
    plot_w = WIDTH - LEFT - RIGHT
    lane_h = EVENTS_H + RES_H
    height = TOP + len(comps) * (lane_h + GAP) + 38
    lane_y = {c: TOP + i * (lane_h + GAP) for i, c in enumerate(comps)}

    def x(t: float) -> float:
        return LEFT + (t - tmin) / (tmax - tmin) * plot_w

    out: list[str] = [
        f'<svg class="fb-timeline" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="timeline of {escape(test.nodeid)}" font-family="sans-serif" font-size="11">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    bottom = TOP + len(comps) * (lane_h + GAP) - GAP
    # fault windows first, so everything else draws on top
    injects = test.marks("fault.inject")
    heals = test.marks("fault.heal")
    for inj in injects:
        after = [h for h in heals if h["t"] >= inj["t"] and h.get("label") == inj.get("label")]
        end = float(after[0]["t"]) if after else tmax
        out.append(f'<rect class="fb-fault-window" x="{x(inj["t"]):.1f}" y="{TOP - 4}" '
                   f'width="{max(x(end) - x(inj["t"]), 1.5):.1f}" height="{bottom - TOP + 8}" '
                   f'fill="#d62728" fill-opacity="0.07"/>')
    # lanes
    for comp in comps:
        y = lane_y[comp]
        out.append(f'<g class="fb-lane" data-component="{escape(comp)}">')
        out.append(f'<rect x="{LEFT}" y="{y}" width="{plot_w}" height="{EVENTS_H}" '
                   f'fill="#f6f8fa" stroke="#d0d7de"/>')
        out.append(f'<rect x="{LEFT}" y="{y + EVENTS_H}" width="{plot_w}" height="{RES_H}" '
                   f'fill="#fbfbfd" stroke="#d0d7de"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y + EVENTS_H / 2 + 4}" text-anchor="end" '
                   f'font-weight="bold" font-size="12">{escape(comp)}</text>')
        out.append(f'<text x="{LEFT - 8}" y="{y + EVENTS_H + 10}" text-anchor="end" '
                   f'fill="#666" font-size="9">cpu / rss</text>')
        out.append("</g>")
    # time axis
    step = _nice_step(span)
    k = 0
    while k * step <= span * 1.02:
        tx = x(tmin + k * step)
        out.append(f'<line x1="{tx:.1f}" y1="{TOP - 4}" x2="{tx:.1f}" y2="{bottom}" '
                   f'stroke="#000" stroke-opacity="0.06"/>')
        out.append(f'<text x="{tx:.1f}" y="{bottom + 14}" text-anchor="middle" fill="#555">'
                   f'{k * step:g}s</text>')
        k += 1
    # resources: CPU and RSS per lane
    for comp in comps:
        samples = sorted((r for r in test.resources if r.get("component") == comp),
                         key=lambda r: r["t"])
        if not samples:
            continue
        y0 = lane_y[comp] + EVENTS_H + RES_H - 3
        cpu_max = max(max(float(s.get("cpu_percent") or 0) for s in samples), 1.0)
        rss_max = max(max(float(s.get("rss") or 0) for s in samples), 1.0)
        for key, top, color in (("cpu_percent", cpu_max, CPU_COLOR), ("rss", rss_max, RSS_COLOR)):
            pts = " ".join(f"{x(s['t']):.1f},{y0 - float(s.get(key) or 0) / top * (RES_H - 6):.1f}"
                           for s in samples)
            out.append(f'<polyline class="fb-{key}" points="{pts}" fill="none" '
                       f'stroke="{color}" stroke-width="1.5"/>')
        out.append(f'<text x="{LEFT - 8}" y="{lane_y[comp] + EVENTS_H + RES_H - 3}" '
                   f'text-anchor="end" font-size="9" fill="#666">≤{cpu_max:.0f}% · '
                   f'{_fmt_bytes(rss_max)}</text>')
    # log lines as points, binned: one point per lane, level and BIN_PX pixels of time; the first
    # bins of errors and warnings carry their line on hover, the rest are one path per level
    titled: dict[str, int] = {}
    plain: dict[tuple[str, str], list[str]] = {}
    for (comp, level, column), group in _bins(test.lines(), lane_y, x).items():
        cx = column * BIN_PX + BIN_PX / 2 + LEFT
        cy = lane_y[comp] + 4 + LEVEL_ROWS.get(level, 0.88) * (EVENTS_H - 8)
        if level not in TITLE_CHARS or titled.get(comp, 0) >= TITLED_BINS:
            plain.setdefault((comp, level), []).append(f"M{cx:.1f},{cy:.1f}h0")
            continue
        titled[comp] = titled.get(comp, 0) + 1
        first = group[0]
        count = f"{len(group)} lines from " if len(group) > 1 else ""
        out.append(f'<circle class="fb-line" cx="{cx:.1f}" cy="{cy:.1f}" r="3" '
                   f'fill="{LEVEL_COLORS.get(level, "#b0b0b0")}" fill-opacity="0.8">'
                   f'<title>{count}{escape(level)} {first.get("rel", 0):.3f}s: '
                   f'{escape(str(first.get("text", ""))[:TITLE_CHARS[level]])}</title></circle>')
    for (comp, level), points in plain.items():
        out.append(f'<path class="fb-lines" data-points="{len(points)}" d="{"".join(points)}" '
                   f'stroke="{LEVEL_COLORS.get(level, "#b0b0b0")}" stroke-opacity="0.8" '
                   f'stroke-width="6" stroke-linecap="round"><title>{escape(level or "other")} '
                   f'lines of {escape(comp)}</title></path>')
    # lifecycle marks
    for m in test.marks(*MARK_SYMBOLS):
        comp = str(m.get("component", ""))
        if comp not in lane_y:
            continue
        out.append(f'<text class="fb-mark" x="{x(m["t"]):.1f}" y="{lane_y[comp] + EVENTS_H - 3}" '
                   f'text-anchor="middle" font-size="10" fill="#333">{MARK_SYMBOLS[m["kind"]]}'
                   f'<title>{escape(m["kind"])}: {escape(str(m.get("label", "")))}</title></text>')
    # signatures
    for sig in test.facts.get("signatures", []) or []:
        comp = str(sig.get("component", ""))
        if not sig.get("matched") or sig.get("t") is None or comp not in lane_y:
            continue
        sx, sy = x(float(sig["t"])), lane_y[comp] + EVENTS_H / 2
        out.append(f'<path class="fb-signature" d="M{sx:.1f},{sy - 8:.1f} L{sx + 7:.1f},{sy:.1f} '
                   f'L{sx:.1f},{sy + 8:.1f} L{sx - 7:.1f},{sy:.1f} Z" fill="#ffd700" '
                   f'stroke="#000" stroke-width="1.2"><title>signature '
                   f'/{escape(str(sig.get("pattern", "")))}/: '
                   f'{escape(str(sig.get("text", ""))[:200])}</title></path>')
    # fault marks on top
    for marks, color, word in ((injects, "#d62728", "inject"), (heals, "#2ca02c", "heal")):
        for n, m in enumerate(marks):
            mx = x(m["t"])
            out.append(f'<line class="fb-fault-{word}" x1="{mx:.1f}" y1="{TOP - 6}" x2="{mx:.1f}" '
                       f'y2="{bottom + 2}" stroke="{color}" stroke-width="2" '
                       f'stroke-dasharray="{"0" if word == "inject" else "5,3"}"/>')
            if n >= LABELLED_FAULTS:  # a fuzz run injects hundreds: the first few are named
                continue
            anchor = "start" if mx < WIDTH - 260 else "end"
            dx = 4 if anchor == "start" else -4
            ly = TOP - 24 if word == "inject" else TOP - 10
            out.append(f'<text x="{mx + dx:.1f}" y="{ly}" text-anchor="{anchor}" '
                       f'fill="{color}" font-weight="bold">{word}: '
                       f'{escape(str(m.get("label", ""))[:50])}</text>')
    out.append(_legend(bottom + 30))
    out.append("</svg>")
    return "".join(out)


def _legend(y: float) -> str:
    items = [("circle", LEVEL_COLORS["ERROR"], "error"), ("circle", LEVEL_COLORS["WARNING"], "warning"),
             ("circle", LEVEL_COLORS["INFO"], "info / notice"), ("circle", LEVEL_COLORS["DEBUG"], "debug"),
             ("diamond", "#ffd700", "signature matched"), ("line", "#d62728", "fault injected"),
             ("dash", "#2ca02c", "healed"), ("line", CPU_COLOR, "cpu %"), ("line", RSS_COLOR, "rss")]
    out = [f'<g class="fb-legend" transform="translate({LEFT},{y})">']
    xpos = 0.0
    for shape, color, label in items:
        if shape == "circle":
            out.append(f'<circle cx="{xpos + 5}" cy="-4" r="4" fill="{color}"/>')
        elif shape == "diamond":
            out.append(f'<path d="M{xpos + 5},-11 L{xpos + 11},-4 L{xpos + 5},3 L{xpos - 1},-4 Z" '
                       f'fill="{color}" stroke="#000"/>')
        else:
            dash = ' stroke-dasharray="4,2"' if shape == "dash" else ""
            out.append(f'<line x1="{xpos}" y1="-4" x2="{xpos + 12}" y2="-4" stroke="{color}" '
                       f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{xpos + 16}" y="0" fill="#333">{escape(label)}</text>')
        xpos += 22 + 6.5 * len(label)
    out.append("</g>")
    return "".join(out)
