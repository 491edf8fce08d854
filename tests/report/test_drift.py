"""Doc drift classification: confirmed, contradicted, never seen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from faultbook.report.docitems import KINDS
from faultbook.report.drift import (
    CONFIRMED,
    CONTRADICTED,
    NEVER_SEEN,
    Evidence,
    check_drift,
    check_run,
)
from faultbook.report.guides import doc_items
from tests.report.samples import write_run


def _by_doc(results: list[Any], documented: str) -> Any:
    return next(r for r in results if r.item.documented == documented)


def test_every_item_names_its_guide_section() -> None:
    assert len(doc_items()) > 40
    assert all(i.section and i.guide and i.kind in KINDS for i in doc_items())


def test_shutdown_lines_are_contradicted_by_the_real_manager(tmp_path: Path) -> None:
    results = check_run(write_run(tmp_path))
    shutting = _by_doc(results, "[INFO] Shutting down the manager service...")
    assert shutting.status == CONTRADICTED
    assert shutting.real.endswith("INFO ai.backend.manager.server [18500] shutting down...")
    assert shutting.component == "manager"
    stopped = _by_doc(results, "[INFO] Manager service stopped gracefully")
    assert stopped.status == CONTRADICTED and stopped.real.endswith("terminated.")
    fmt = _by_doc(results, "[LEVEL] message")
    assert fmt.status == CONTRADICTED


def test_commands_from_probes(tmp_path: Path) -> None:
    results = check_run(write_run(tmp_path))
    version = _by_doc(results, "curl -s http://127.0.0.1:8081/server/version")
    assert version.status == CONTRADICTED and version.real.startswith("404")
    assert _by_doc(results, "redis-cli ping").status == CONFIRMED
    assert _by_doc(results, "pg_isready -U postgres").status == NEVER_SEEN


def test_greps_and_never_seen(tmp_path: Path) -> None:
    results = check_run(write_run(tmp_path))
    assert _by_doc(results, 'grep -E "(ERROR|CRITICAL|Exception|Traceback)"').status == CONFIRMED
    assert _by_doc(results, "bmp_active_connections").status == NEVER_SEEN
    assert _by_doc(results, "TIMESTAMP - LOGGER_NAME - LEVEL - MESSAGE").status == NEVER_SEEN


def test_pybmp_lines_confirmed_or_contradicted() -> None:
    evidence = Evidence(lines=[
        ("pybmp", "2024-01-15 10:30:45 - src.main - INFO - Starting BMP Collector..."),
        ("pybmp", "2024-01-15 10:50:00 - src.bmp.server - ERROR - unsupported BMP version 9 from 127.0.0.1"),
        ("pybmp", "process_resident_memory_bytes 2.56e+08"),
    ])
    results = check_drift(evidence)
    assert _by_doc(results, "src.main - INFO - Starting BMP Collector...").status == CONFIRMED
    assert _by_doc(results, "TIMESTAMP - LOGGER_NAME - LEVEL - MESSAGE").status == CONFIRMED
    invalid = _by_doc(results, "src.bmp.parser - ERROR - Invalid BMP message format from 192.168.1.10")
    assert invalid.status == CONTRADICTED and "unsupported BMP version" in invalid.real
    assert _by_doc(results, "process_resident_memory_bytes").status == CONFIRMED
    # a manager-scoped item never looks at BMP lines
    assert _by_doc(results, "[INFO] Shutting down the manager service...").status == NEVER_SEEN


def test_another_collector_never_judges_pybmp_items() -> None:
    evidence = Evidence(lines=[
        ("pmbmpd", "INFO ( default/core/BMP ): [127.64.0.1] BMP connection reset by peer (104)."),
        ("pmbmpd", "INFO ( default/core/BMP ): waiting for BMP data on 127.0.0.1:1790"),
    ])
    results = check_drift(evidence)
    lost = "src.bmp.server - ERROR - Connection lost from 192.168.1.10: [Errno 104] Connection reset by peer"
    assert _by_doc(results, lost).status == NEVER_SEEN
    assert _by_doc(results, "src.bmp.server - INFO - BMP server listening for connections").status \
        == NEVER_SEEN


def test_a_command_counts_only_from_the_components_it_names() -> None:
    answer = {"name": "GET /metrics", "status": 200, "detail": "# HELP go_gc_duration_seconds"}
    other = Evidence(probes=[{**answer, "component": "node-exporter"}])
    own = Evidence(probes=[{**answer, "component": "pybmp"}])
    unnamed = Evidence(probes=[answer])
    documented = "curl -s http://localhost:9090/metrics"
    assert _by_doc(check_drift(other), documented).status == NEVER_SEEN
    assert _by_doc(check_drift(own), documented).status == CONFIRMED
    assert _by_doc(check_drift(unnamed), documented).status == CONFIRMED
