"""The valid BMP messages the kit builds for a monitored router: Initiation, Peer Up (both OPENs
with the 4-octet AS capability) and a Route Monitoring announcing one prefix."""

from __future__ import annotations

from ipaddress import IPv4Address

from faultbook.bmp.bgp import (
    AsPath,
    AsPathSegment,
    CapabilitiesParameter,
    FourOctetAsCapability,
    MultiprotocolCapability,
    NextHop,
    Open,
    Origin,
    Prefix,
    Update,
)
from faultbook.bmp.bmp import Initiation, PeerHeader, PeerUp, RouteMonitoring, Tlv
from faultbook.bmp.codec import encode

PEER = PeerHeader(0, 0, 0, IPv4Address("192.0.2.9"), 65009, IPv4Address("10.0.0.9"))


def _open(asn: int, bgp_id: str) -> Open:
    caps = (MultiprotocolCapability(1, 1), FourOctetAsCapability(asn))
    return Open(asn if asn < 65536 else 23456, 90, IPv4Address(bgp_id), (CapabilitiesParameter(caps),))


def initiation(name: str = "faultbook") -> bytes:
    """An Initiation with sysDescr and sysName."""
    return encode(Initiation((Tlv(1, b"faultbook BMP oracle"), Tlv(2, name.encode()))))


def peer_up(peer: PeerHeader = PEER) -> bytes:
    """A Peer Up for ``peer`` whose OPENs carry the 4-octet AS capability."""
    return encode(PeerUp(peer, IPv4Address("127.0.0.1"), 30179, 179,
                         _open(65001, "10.0.0.1"), _open(peer.asn, str(peer.bgp_id))))


def announce(prefix: str, peer: PeerHeader = PEER) -> bytes:
    """A Route Monitoring announcing ``prefix`` from ``peer``."""
    addr, length = prefix.split("/")
    attrs = (Origin(0), AsPath((AsPathSegment(2, (peer.asn,)),)), NextHop(IPv4Address("192.0.2.9")))
    upd = Update((), attrs, (Prefix(IPv4Address(addr), int(length)),))
    return encode(RouteMonitoring(peer, upd))


#: the per-peer header of PEER, as hex (for tools that build Route Monitoring themselves)
PEER_HEADER_HEX = announce("10.0.0.0/24")[6:48].hex()
