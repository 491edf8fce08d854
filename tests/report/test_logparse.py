"""Log parsing with real lines: the guides' samples and what PostgreSQL, Redis and etcd printed."""

from __future__ import annotations

from datetime import UTC, datetime

from faultbook.report.logparse import parse_line, parse_lines, strip_capture


def test_backendai_line_with_traceback_attached() -> None:
    lines = [
        "2026-11-21 06:02:40.101 ERROR ai.backend.manager.server [18500] could not connect to db",
        "Traceback (most recent call last):",
        '  File "/srv/manager/server.py", line 12, in main',
        "    await connect()",
        "ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 8100)",
        "2026-11-21 06:02:41.000 INFO ai.backend.manager.server [18500] terminated.",
    ]
    records = parse_lines(lines)
    assert len(records) == 2
    first, last = records
    assert (first.fmt, first.level, first.logger, first.pid) == (
        "backend.ai", "ERROR", "ai.backend.manager.server", 18500)
    assert first.timestamp == datetime(2026, 11, 21, 6, 2, 40, 101000, tzinfo=UTC)
    assert len(first.continuation) == 4
    assert first.continuation[-1].startswith("ConnectionRefusedError")
    assert "critical" in first.categories() and "connection" in first.categories()
    assert last.message == "terminated." and "shutdown" in last.categories()


def test_backendai_shutdown_line_without_timestamp() -> None:
    rec = parse_line("INFO ai.backend.manager.server [18500] shutting down...")
    assert rec is not None and rec.level == "INFO" and rec.pid == 18500
    assert rec.message == "shutting down..."


def test_guide_bracket_lines() -> None:
    rec = parse_line("[INFO] Shutting down the manager service...")
    assert rec is not None and (rec.fmt, rec.level) == ("bracket", "INFO")
    rec = parse_line("[WARNING] Deprecated '--logger=capnslog' flag is set; use '--logger=zap' flag instead")
    assert rec is not None and rec.level == "WARNING"


def test_pybmp_lines_with_and_without_millis() -> None:
    rec = parse_line("2024-01-15 10:30:45,123 - module_name - INFO - Message content")
    assert rec is not None
    assert (rec.fmt, rec.logger, rec.level, rec.message) == (
        "pybmp", "module_name", "INFO", "Message content")
    assert rec.timestamp == datetime(2024, 1, 15, 10, 30, 45, 123000, tzinfo=UTC)
    rec = parse_line("2024-01-15 10:45:00 - src.bmp.server - ERROR - Connection lost from "
                     "192.168.1.10: [Errno 104] Connection reset by peer")
    assert rec is not None and rec.level == "ERROR" and rec.logger == "src.bmp.server"
    assert rec.timestamp == datetime(2024, 1, 15, 10, 45, tzinfo=UTC)
    assert "disconnect" in rec.categories()
    rec = parse_line("WARNING - No data received from 192.168.1.10 for 60 seconds")
    assert rec is not None and rec.level == "WARNING"
    rec = parse_line("2024-01-15 10:50:05 - src.bmp.bgp_parser - ERROR - Malformed BGP update in BMP message")
    assert rec is not None and {"critical", "malformed"} <= set(rec.categories())


def test_postgres_lines_with_detail_attached() -> None:
    records = parse_lines([
        "2026-11-21 06:02:34.328 UTC [18430] LOG:  database system is ready to accept connections",
        "2026-11-21 06:03:46.596 UTC [23136] LOG:  redo done at 0/151F370 system usage: CPU: user: "
        "0.00 s, system: 0.00 s, elapsed: 0.00 s",
        "2026-11-21 06:05:00.001 UTC [23200] FATAL:  password authentication failed for user \"x\"",
        "2026-11-21 06:05:00.001 UTC [23200] DETAIL:  Role \"x\" does not exist.",
    ])
    assert [r.level for r in records] == ["INFO", "INFO", "CRITICAL"]
    assert records[0].pid == 18430 and records[0].raw_level == "LOG"
    assert records[0].message == "database system is ready to accept connections"
    assert records[2].raw_level == "FATAL" and records[2].continuation == [
        '2026-11-21 06:05:00.001 UTC [23200] DETAIL:  Role "x" does not exist.']
    assert "fatal" in records[2].categories()


def test_redis_lines() -> None:
    rec = parse_line("18036:M 21 Nov 2026 06:02:21.225 # User requested shutdown...")
    assert rec is not None
    assert (rec.fmt, rec.pid, rec.logger, rec.level) == ("redis", 18036, "redis.master", "WARNING")
    assert rec.timestamp == datetime(2026, 11, 21, 6, 2, 21, 225000, tzinfo=UTC)
    rec = parse_line("23789:M 21 Nov 2026 06:04:01.408 * Ready to accept connections")
    assert rec is not None and rec.level == "NOTICE"
    rec = parse_line("18036:signal-handler (1795240941) Received SIGTERM scheduling shutdown...")
    assert rec is not None and rec.logger == "redis.signal-handler" and rec.pid == 18036
    assert rec.timestamp == datetime.fromtimestamp(1795240941, tz=UTC)


def test_etcd_capnslog_and_raft_lines() -> None:
    rec = parse_line("2026-11-21 06:02:21.817862 N | pkg/osutil: received terminated signal, "
                     "shutting down...")
    assert rec is not None
    assert (rec.fmt, rec.level, rec.logger) == ("etcd", "NOTICE", "pkg/osutil")
    assert rec.message == "received terminated signal, shutting down..."
    rec = parse_line("2026-11-21 06:04:36.553937 I | etcdmain: etcd Version: 3.4.23")
    assert rec is not None and rec.level == "INFO" and rec.logger == "etcdmain"
    rec = parse_line("raft2026/11/21 06:04:42 INFO: raft.node: c7c50c0c4570285a elected leader "
                     "c7c50c0c4570285a at term 3")
    assert rec is not None and rec.logger == "raft" and rec.level == "INFO"
    assert rec.timestamp == datetime(2026, 11, 21, 6, 4, 42, tzinfo=UTC)


def test_pmacct_line() -> None:
    rec = parse_line("INFO ( default/core ): waiting for BMP data on 127.0.0.1:1790")
    assert rec is not None and (rec.fmt, rec.logger, rec.level) == ("pmacct", "default/core", "INFO")
    rec = parse_line("WARN ( default/core ): [127.0.0.1] BMP peer down")
    assert rec is not None and rec.level == "WARNING"


def test_unknown_lines_and_capture_prefix() -> None:
    records = parse_lines(["something else entirely", "", "another"])
    assert [r.fmt for r in records] == ["raw", "raw"]
    stamp, stream, text = strip_capture(
        "2026-11-21T06:04:01.406Z stdout: 23789:C 21 Nov 2026 06:04:01.406 # Configuration loaded")
    assert stream == "stdout" and text.startswith("23789:C")
    assert stamp == datetime(2026, 11, 21, 6, 4, 1, 406000, tzinfo=UTC)
