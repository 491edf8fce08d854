"""The pmbmpd msglog reader, on lines pmbmpd 1.7.7 wrote (verbatim formats)."""

from __future__ import annotations

from pathlib import Path

from faultbook.checks.bmp_input import expected_for, frame_routes, valid_messages
from faultbook.services.bmp.msglog import parse_line, read_msglog
from faultbook.services.bmp.router import announce, valid_session

INIT = ('{"event_type": "log", "seq": 6, "timestamp": "0000-00-00 00:00:00.000000", '
        '"timestamp_arrival": "2026-11-21 05:58:04.659206", "bmp_router": "127.0.0.1", '
        '"bmp_router_port": 59822, "bmp_msg_type": "init", '
        '"bmp_init_info_sysdescr": "FRRouting 8.4.4", "bmp_init_info_sysname": "frr-r1"}')
ROUTE = ('{"seq": 10, "log_type": "withdraw", "timestamp": "2026-11-21 05:34:14.044330", '
         '"is_post": 0, "is_in": 1, "event_type": "log", "afi": 1, "safi": 1, '
         '"ip_prefix": "10.20.1.0/24", "timestamp_arrival": "2026-11-21 05:58:04.668907", '
         '"bmp_router": "127.0.0.1", "bmp_router_port": 59822, "peer_ip": "127.0.0.1", '
         '"peer_tcp_port": 0, "bmp_msg_type": "route_monitor"}')
OPEN = ('{"seq": 29, "timestamp": "2026-11-21 05:58:16.373695", "bmp_router": "127.0.0.1", '
        '"bmp_router_port": 47426, "event_type": "log_init"}')
CLOSE = ('{"seq": 37, "timestamp": "2026-11-21 05:58:16.631094", "bmp_router": "127.0.0.1", '
         '"bmp_router_port": 47426, "event_type": "log_close"}')


def test_parse_each_kind() -> None:
    init, route, opened, closed = (parse_line(t) for t in (INIT, ROUTE, OPEN, CLOSE))
    assert init is not None and init.kind == "init" and init.conn == 59822
    assert init.raw["bmp_init_info_sysname"] == "frr-r1"
    assert route is not None and (route.kind, route.prefix, route.action, route.peer) == (
        "route", "10.20.1.0/24", "withdraw", "127.0.0.1")
    assert opened is not None and opened.kind == "open" and opened.conn == 47426
    assert closed is not None and closed.kind == "close"


def test_partial_and_garbage_lines_are_skipped(tmp_path: Path) -> None:
    assert parse_line("") is None
    assert parse_line('{"seq": 1, "bmp_msg_type": "init"') is None
    assert parse_line('{"event_type": "log", "bmp_msg_type": "mystery"}') is None
    path = tmp_path / "msglog.json"
    path.write_text("\n".join([OPEN, INIT, "not json", ROUTE]) + "\n" + CLOSE[:30])
    assert [r.kind for r in read_msglog(path)] == ["open", "init", "route"]
    assert read_msglog(tmp_path / "absent.json") == []


def test_expected_records_of_a_valid_session() -> None:
    data = valid_session("10.1.2.0/24")
    exp = expected_for(valid_messages(data))
    assert exp.counts == {"init": 1, "peer_up": 1}
    assert exp.routes == {("update", "10.1.2.0/24")}
    assert frame_routes(data) == {"10.1.2.0/24"}


def test_frame_routes_ignore_the_bgp_length() -> None:
    msg = bytearray(announce("10.99.0.0/24"))
    msg[48 + 16 : 48 + 18] = (19).to_bytes(2, "big")
    assert valid_messages(bytes(msg)) == []
    assert frame_routes(bytes(msg)) == {"10.99.0.0/24"}
