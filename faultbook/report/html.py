"""The HTML pieces a person reads: per test what broke, where and why; the run summary; doc drift.

The page around them (one report.html per run) is assembled in faultbook.report.page.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from faultbook.observe.categories import ALL_CATEGORIES, categories_of
from faultbook.report.artifacts import TestArtifacts
from faultbook.report.drift import CONFIRMED, CONTRADICTED, NEVER_SEEN, DriftResult
from faultbook.report.embedded import LogEmbedder
from faultbook.report.fuzz import LABELS_SHOWN, FuzzFacts, fault_cell, fuzz_section
from faultbook.report.logparse import parse_line
from faultbook.report.svg import LEVEL_COLORS, timeline_svg

CONTEXT_LINES = 3
NOTABLE_MAX = 12
NOTABLE_CATEGORIES = {"critical", "connection", "port", "fatal"}

CSS = """
.fb{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:13px;color:#1f2328}
.fb h2{font-size:18px;margin:18px 0 8px}.fb h3{font-size:15px;margin:14px 0 6px}
.fb h4{font-size:13px;margin:12px 0 4px;color:#444}
.fb table{border-collapse:collapse;margin:4px 0 10px}
.fb th,.fb td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}
.fb th{background:#f0f3f6}.fb code,.fb pre{font-family:Menlo,Consolas,monospace;font-size:12px}
.fb pre{background:#f6f8fa;border:1px solid #d0d7de;padding:6px;margin:4px 0;white-space:pre-wrap;
word-break:break-all}
.fb .card{border:1px solid #d0d7de;border-left:6px solid #888;border-radius:4px;padding:8px 14px;
margin:14px 0;background:#fff}
.fb .card.passed{border-left-color:#2da44e}.fb .card.failed{border-left-color:#cf222e}
.fb .card.known{border-left-color:#bf8700}.fb .card.skipped{border-left-color:#8c959f}
.fb .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:bold;color:#fff;
font-size:12px}
.fb .b-passed,.fb .b-confirmed,.fb .b-ok{background:#2da44e}
.fb .b-failed,.fb .b-FAIL,.fb .b-xpassed{background:#cf222e}
.fb .b-known,.fb .b-contradicted{background:#bf8700}
.fb .b-skipped,.fb .b-never,.fb .b-unknown,.fb .b-xfailed{background:#8c959f}
.fb .headline{font-size:14px;margin:6px 0}.fb .why{color:#cf222e;font-weight:bold}
.fb mark.hit{background:#fff3b0;outline:1px solid #bf8700;display:block}
.fb .lvl{display:inline-block;width:8px;height:8px;border-radius:4px;margin-right:4px}
.fb .tag{background:#eaeef2;border-radius:3px;padding:0 4px;margin-left:4px;font-size:11px}
.fb .big{font-size:20px;font-weight:bold}.fb .muted{color:#666}
.fb svg.fb-timeline{border:1px solid #d0d7de;max-width:100%;height:auto;background:#fff}
.fb details.log{margin:2px 0}.fb details.log pre{max-height:480px;overflow:auto}
.fb details summary{cursor:pointer}.fb div.log{margin:2px 0}
"""


def _badge(status: str) -> str:
    cls = {"known defect": "known", "never seen": "never"}.get(status, status)
    return f'<span class="badge b-{escape(cls)}">{escape(status)}</span>'


def _card_class(status: str) -> str:
    return {"known defect": "known", "xfailed": "known", "xpassed": "failed",
            "skipped": "skipped", "unknown": "skipped"}.get(status, status)


def _short(value: Any, limit: int = 160) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def anchor(test: TestArtifacts) -> str:
    """The element id of a test's section."""
    return "fb-" + test.name


def _rel(test: TestArtifacts, t: float | None) -> str:
    return "" if t is None else f"{t - test.t0:.3f}s"


def headline(test: TestArtifacts) -> str:
    """One sentence: what was done, and what broke (or that nothing did)."""
    faults = test.marks("fault.inject")
    heals = test.marks("fault.heal")
    parts = []
    for m in faults:
        part = f"{escape(str(m.get('label', '')))} injected at {_rel(test, m['t'])}"
        healed = [h for h in heals if h.get("label") == m.get("label")]
        if healed:
            part += f", healed at {_rel(test, healed[0]['t'])}"
        parts.append(part)
    if len(parts) > LABELS_SHOWN:
        parts = [*parts[:LABELS_SHOWN], f"{len(parts) - LABELS_SHOWN} more"]
    done = "; ".join(parts) or "no fault injected"
    fuzz = FuzzFacts.of(test)
    if fuzz is not None:
        done = fuzz.cell()
    failed = [v for v in test.verdicts if not v.get("ok")]
    held = len(test.verdicts) - len(failed)
    status = test.status()
    if failed and status == "known defect":
        ids = ", ".join(sorted(set(test.known_defects()))) or "a registered defect"
        return (f"{done}. {held} of {len(test.verdicts)} checks held; the rest reproduce "
                f"{escape(ids)} (evidence below).")
    if failed:
        why = "; ".join(f"{escape(str(v['name']))} (measured {escape(_short(v.get('measured'), 80))}, "
                        f"budget {escape(_short(v.get('budget'), 60))})" for v in failed[:3])
        return (f"{done}. <span class='why'>{len(failed)} of {len(test.verdicts)} checks "
                f"failed: {why}</span>")
    reason = str(test.outcome.get("reason", ""))
    if status in ("failed", "xpassed") and reason:
        return f"{done}. <span class='why'>{escape(_short(reason, 400))}</span>"
    return f"{done}. {held} of {len(test.verdicts)} checks held."


def _signatures(test: TestArtifacts) -> str:
    sigs = test.facts.get("signatures") or []
    if not sigs:
        return ""
    lines = test.lines()
    by_seq = {e.get("seq"): i for i, e in enumerate(lines)}
    out = ["<h4>Signatures</h4>"]
    for sig in sigs:
        ok = bool(sig.get("matched"))
        head = (f"{_badge('ok' if ok else 'FAIL')} <b>{escape(str(sig.get('component', '')))}</b> "
                f"<code>/{escape(str(sig.get('pattern', '')))}/</code> "
                f"<span class='muted'>{escape(str(sig.get('section', '')))} "
                f"{escape(str(sig.get('note', '')))}</span>")
        out.append(f"<div>{head}</div>")
        if not ok:
            out.append("<div class='muted'>no line matched within the wait</div>")
            continue
        idx = by_seq.get(sig.get("seq"))
        if idx is None:
            out.append(f"<pre><mark class='hit'>{escape(str(sig.get('text', '')))}</mark></pre>")
            continue
        comp = lines[idx].get("component")
        same = [i for i, e in enumerate(lines) if e.get("component") == comp]
        pos = same.index(idx)
        window = same[max(0, pos - CONTEXT_LINES): pos + CONTEXT_LINES + 1]
        rows = []
        for i in window:
            e = lines[i]
            text = f"{float(e.get('rel', 0)):8.3f}s  {escape(str(e.get('text', '')))}"
            rows.append(f"<mark class='hit'>{text}</mark>" if i == idx else text)
        text = ""
        for row in rows:
            text += row if row.startswith("<mark") else row + "\n"
        out.append("<pre>" + text.rstrip("\n") + "</pre>")
    return "".join(out)


def _verdicts(test: TestArtifacts) -> str:
    if not test.verdicts:
        return ""
    rows = []
    for v in test.verdicts:
        flag = "ok" if v.get("ok") else ("known defect" if v.get("known_defect") else "FAIL")
        rows.append(f"<tr><td>{_badge(flag)}</td><td>{escape(str(v.get('name', '')))}</td>"
                    f"<td><code>{escape(_short(v.get('measured')))}</code></td>"
                    f"<td><code>{escape(_short(v.get('budget')))}</code></td>"
                    f"<td>{escape(_short(v.get('detail') or '', 200))}"
                    f"{' ' + escape(str(v['known_defect'])) if v.get('known_defect') else ''}</td></tr>")
    return ("<h4>Invariants</h4><table><tr><th></th><th>check</th><th>measured</th><th>budget</th>"
            "<th>detail</th></tr>" + "".join(rows) + "</table>")


FAULT_ROWS = 20


def _faults(test: TestArtifacts) -> str:
    marks = test.marks("fault.inject", "fault.heal", "signal", "exit", "stop", "pause", "resume")
    if not marks:
        return ""
    more = (f"<div class='muted'>and {len(marks) - FAULT_ROWS} more events (timeline.json)</div>"
            if len(marks) > FAULT_ROWS else "")
    marks = marks[:FAULT_ROWS]
    rows = "".join(f"<tr><td>{_rel(test, m['t'])}</td><td>{escape(str(m.get('component', '')))}</td>"
                   f"<td>{escape(str(m.get('kind', '')))}</td><td>{escape(str(m.get('label', '')))}"
                   f"</td></tr>" for m in marks)
    return ("<h4>Fault and process events</h4><table><tr><th>at</th><th>component</th><th>event</th>"
            f"<th>detail</th></tr>{rows}</table>{more}")


def _pytest_report(test: TestArtifacts) -> str:
    """pytest's own report of the test (the traceback), folded."""
    text = str(test.outcome.get("longrepr") or "")
    if not text:
        return ""
    what = ("the strict xfail's traceback" if test.status() == "known defect" else "traceback")
    return (f"<details><summary>pytest's report: {what}</summary><pre>{escape(text)}</pre>"
            "</details>")


def _recovery(test: TestArtifacts) -> str:
    seconds = test.facts.get("recovery_seconds")
    if seconds is None:
        return ""
    budget = ((test.scenario or {}).get("budgets") or {}).get("recovery_within")
    within = f" <span class='muted'>budget {budget}s</span>" if budget is not None else ""
    return f"<h4>Recovery</h4><div class='big'>{float(seconds):.2f}s</div>{within}"


def _defects(test: TestArtifacts) -> str:
    defects = (test.scenario or {}).get("defects") or []
    if not defects:
        return ""
    seen = set(test.known_defects())
    rows = "".join(
        f"<tr><td>{_badge('known defect' if d.get('id') in seen else 'unknown')}</td>"
        f"<td><b>{escape(str(d.get('id', '')))}</b> {escape(str(d.get('title', '')))}</td>"
        f"<td>{escape(str(d.get('check', '')))}</td><td>{escape(str(d.get('evidence', '')))}</td></tr>"
        for d in defects)
    return ("<h4>Known defects</h4><table><tr><th></th><th>defect</th><th>check</th>"
            f"<th>evidence</th></tr>{rows}</table>")


def notable_lines(test: TestArtifacts) -> list[tuple[dict[str, Any], str, list[str]]]:
    """Error and warning lines and §7.1 hits: (entry, level, categories), most severe first."""
    if "notable" not in test.memo:
        test.memo["notable"] = _notable_lines(test)
    found: list[tuple[dict[str, Any], str, list[str]]] = test.memo["notable"]
    return found


_NOTABLE = tuple(c for c in ALL_CATEGORIES if c.name in NOTABLE_CATEGORIES)


def _notable_lines(test: TestArtifacts) -> list[tuple[dict[str, Any], str, list[str]]]:
    found = []
    for e in test.lines():
        text = str(e.get("text", ""))
        rec = parse_line(text)
        level = rec.level if rec else ""
        cats = categories_of(text, _NOTABLE)
        if level in ("ERROR", "CRITICAL") or cats:
            found.append((e, level, cats))
    rank = {"CRITICAL": 0, "ERROR": 1, "WARNING": 3}
    found.sort(key=lambda f: (rank.get(f[1], 2), f[0].get("t", 0)))
    return found[:NOTABLE_MAX]


def _notable(test: TestArtifacts) -> str:
    found = notable_lines(test)
    if not found:
        return ""
    rows = []
    for e, level, cats in sorted(found, key=lambda f: f[0].get("t", 0)):
        color = LEVEL_COLORS.get(level, "#b0b0b0")
        tags = "".join(f"<span class='tag'>{escape(c)}</span>" for c in cats)
        rows.append(f"<tr><td>{float(e.get('rel', 0)):.3f}s</td><td>{escape(str(e.get('component')))}"
                    f"</td><td><span class='lvl' style='background:{color}'></span>{escape(level)}"
                    f"{tags}</td><td><code>{escape(_short(str(e.get('text', '')), 300))}</code></td></tr>")
    return ("<h4>Errors and §7.1 hits</h4><table><tr><th>at</th><th>component</th>"
            "<th>level</th><th>line</th></tr>" + "".join(rows) + "</table>")


def test_card(test: TestArtifacts, logs: LogEmbedder | None = None, link_base: str = "") -> str:
    """The whole card of one test (``logs`` embeds its full logs; links are relative to the page)."""
    status = test.status()
    scenario = test.scenario
    sub = (f"<div class='muted'>{escape(str(scenario.get('system', '')))} "
           f"{escape(str(scenario.get('section', '')))}: {escape(str(scenario.get('title', '')))}"
           f"</div>") if scenario else ""
    runtimes = (f"<div>stack runtime <b>{escape(test.stack_runtime or '-')}</b>; system runtime "
                f"<b>{escape(test.system_runtime or test.stack_runtime or '-')}</b> "
                f"<span class='muted'>{escape(test.nodeid)}</span></div>")
    svg = timeline_svg(test)
    links = " ".join(f'<a href="{escape(link_base + test.name)}/{n}">{n}</a>'
                     for n in ("timeline.json", "verdicts.json", "facts.json", "resources.json",
                               "probes.json", "logs/"))
    full_logs = logs.logs_section(test.folder) if logs is not None else ""
    return (f"<div class='card {_card_class(status)}' id='{escape(anchor(test))}'>"
            f"<h3>{_badge(status)} {escape(test.title)}</h3>{sub}{runtimes}"
            f"<div class='headline'>{headline(test)}</div>"
            f"{svg}{_recovery(test)}{fuzz_section(test)}{_signatures(test)}{_verdicts(test)}"
            f"{_defects(test)}{_faults(test)}{_notable(test)}{_pytest_report(test)}{full_logs}"
            f"<div class='muted'>artifacts: {links}</div></div>")


def summary_table(tests: list[TestArtifacts]) -> str:
    """One row per test: scenario, runtime, fault, outcome, key numbers."""
    rows = []
    for t in tests:
        sigs = t.facts.get("signatures") or []
        matched = sum(1 for s in sigs if s.get("matched"))
        held = sum(1 for v in t.verdicts if v.get("ok"))
        errors = sum(1 for _, level, _ in notable_lines(t) if level in ("ERROR", "CRITICAL"))
        rec = t.facts.get("recovery_seconds")
        rows.append(
            f"<tr><td><a href='#{escape(anchor(t))}'>{escape(t.title)}</a></td>"
            f"<td>{escape(t.stack_runtime or '-')}</td>"
            f"<td>{escape(t.system_runtime or t.stack_runtime or '-')}</td>"
            f"<td>{escape(fault_cell(t))}</td>"
            f"<td>{_badge(t.status())}</td><td>{held}/{len(t.verdicts)}</td>"
            f"<td>{f'{matched}/{len(sigs)}' if sigs else '-'}</td>"
            f"<td>{f'{float(rec):.2f}s' if rec is not None else '-'}</td><td>{errors}</td>"
            f"<td>{escape(', '.join(t.known_defects()) or '-')}</td></tr>")
    counts: dict[str, int] = {}
    for t in tests:
        counts[t.status()] = counts.get(t.status(), 0) + 1
    total = " ".join(f"{_badge(k)} {v}" for k, v in sorted(counts.items()))
    return (f"<h2>Scenarios and tests</h2><div>{total}</div>"
            "<table><tr><th>scenario / test</th><th>stack runtime</th><th>system runtime</th>"
            "<th>fault</th><th>outcome</th>"
            "<th>checks held</th><th>signatures</th><th>recovery</th><th>error lines</th>"
            "<th>known defects</th></tr>" + "".join(rows) + "</table>")


def drift_section(results: list[DriftResult]) -> str:
    """The doc drift table: seen items first, never-seen ones folded."""
    counts = {s: sum(1 for r in results if r.status == s) for s in (CONFIRMED, CONTRADICTED, NEVER_SEEN)}
    head = " ".join(f"{_badge(s)} {n}" for s, n in counts.items())

    def row(r: DriftResult) -> str:
        real = (f"<code>{escape(r.real)}</code> <span class='muted'>({escape(r.component)}, "
                f"{r.count} lines)</span>") if r.real else ""
        return (f"<tr><td>{_badge(r.status)}</td><td>{escape(r.item.guide)} {escape(r.item.section)}"
                f"</td><td>{escape(r.item.kind)}</td><td><code>{escape(r.item.documented)}</code></td>"
                f"<td>{real}</td></tr>")

    header = ("<table><tr><th></th><th>where documented</th><th>kind</th><th>the guide says</th>"
              "<th>the real system printed</th></tr>")
    seen = [r for r in results if r.status != NEVER_SEEN]
    never = [r for r in results if r.status == NEVER_SEEN]
    shown = (header + "".join(row(r) for r in seen) + "</table>" if seen else
             "<div class='muted'>nothing the guides document showed up in this run's output</div>")
    return (f"<h2>Doc drift: the guides against this run</h2><div>{head}</div>" + shown
            + (f"<details><summary>{len(never)} documented items never seen in this run</summary>"
               + header + "".join(row(r) for r in never) + "</table></details>" if never else ""))
