"""The kit's pmacct msglog reader, on lines pmbmpd 1.7.7 wrote (verbatim formats)."""

from __future__ import annotations

from ipaddress import IPv4Address
from pathlib import Path

from faultbook.bmp.bgp import Prefix, Update
from faultbook.bmp.bgp.mp import MpUnreachNlri
from faultbook.bmp.bmp import RouteMonitoring
from faultbook.bmp.codec import encode
from faultbook.bmpkit.cases import PRELUDE
from faultbook.bmpkit.frameroutes import frame_routes, multiprotocol_routes
from faultbook.bmpkit.messages import PEER, announce
from faultbook.bmpkit.msglog import MsglogReader, parse_line

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
    assert route is not None and route.route is not None
    assert (route.kind, route.route.prefix, route.route.action, route.route.peer) == (
        "route", "10.20.1.0/24", "withdraw", "127.0.0.1")
    assert opened is not None and opened.kind == "open" and opened.conn == 47426
    assert closed is not None and closed.kind == "close"


def test_partial_and_garbage_lines_are_skipped(tmp_path: Path) -> None:
    assert parse_line("") is None
    assert parse_line('{"seq": 1, "bmp_msg_type": "init"') is None
    assert parse_line('{"event_type": "log", "bmp_msg_type": "mystery"}') is None
    path = tmp_path / "msglog.json"
    reader = MsglogReader(path)
    assert reader.read().rows == []
    path.write_text("\n".join([OPEN, INIT, "not json", ROUTE]) + "\n" + CLOSE[:30])
    assert [r.kind for r in reader.read().rows] == ["open", "init", "route"]


def test_frame_routes_of_a_valid_session() -> None:
    assert frame_routes(PRELUDE + announce("10.1.2.0/24")) == {"10.1.2.0/24"}


def test_frame_routes_ignore_the_bgp_length() -> None:
    msg = bytearray(announce("10.99.0.0/24"))
    msg[48 + 16 : 48 + 18] = (19).to_bytes(2, "big")
    assert frame_routes(bytes(msg)) == {"10.99.0.0/24"}


def test_multiprotocol_routes_are_those_inside_mp_attributes() -> None:
    withdraw = MpUnreachNlri(1, 2, (Prefix(IPv4Address("10.7.0.0"), 16),))
    mp = encode(RouteMonitoring(PEER, Update((), (withdraw,), ())))
    plain = announce("10.1.2.0/24")
    assert multiprotocol_routes(PRELUDE + plain + mp) == {"10.7.0.0/16"}
    assert frame_routes(PRELUDE + plain + mp) == {"10.1.2.0/24", "10.7.0.0/16"}
