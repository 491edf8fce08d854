"""Record IPv6 unicast / VPNv6 BMP sessions and the rarer ends of a session (see README.md).

Usage: python tests/bmp/corpus/record_v6.py OUT.pcapng   (as root: dumpcap on lo, runuser)

One pair on 127.0.0.1, ports drawn free at random: FRR bgpd (AS 65021) <-> gobgpd (AS 65022)
with IPv4 and IPv6 unicast and VPNv6 over the IPv4 session, both exporting BMP to the
in-process collector of lab.py. Then: FRR is killed (GoBGP reports the peer down without a
NOTIFICATION) and restarted; GoBGP deconfigures the neighbor; GoBGP drops its BMP server
(Termination); GoBGP is killed (FRR reports the peer down without a NOTIFICATION).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path

from lab import Collector, Lab, free_port, record  # type: ignore[import-not-found]

from faultbook.bmp.bgp import MpReachVpn
from faultbook.bmp.bmp import Initiation, Message, PeerDown, PeerUp, RouteMonitoring, Termination

FRR = """frr defaults traditional
hostname rec-frr-c
log file {dir}/bgpd.log debugging
!
router bgp 65021
 bgp router-id 10.0.0.21
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 127.0.0.1 remote-as 65022
 neighbor 127.0.0.1 port {peer}
 neighbor 127.0.0.1 timers connect 1
 !
 address-family ipv4 unicast
  network 10.12.1.0/24
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:10::/48
  network 2001:db8:11::/48
  neighbor 127.0.0.1 activate
  neighbor 127.0.0.1 route-map NH6-OUT out
 exit-address-family
 address-family ipv6 vpn
  neighbor 127.0.0.1 activate
 exit-address-family
 !
 bmp targets rec
  bmp connect 127.0.0.1 port {bmp} min-retry 500 max-retry 2000
  bmp monitor ipv6 unicast pre-policy
  bmp monitor ipv6 unicast post-policy
  bmp monitor ipv6 vpn pre-policy
  bmp monitor ipv6 vpn post-policy
  bmp stats interval 2000
 exit
!
route-map NH6-OUT permit 10
 set ipv6 next-hop global 2001:db8::21
exit
!
"""

GOBGP = """[global.config]
  as = 65022
  router-id = "10.0.0.22"
  port = {port}
  local-address-list = ["127.0.0.1"]

[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = 65021
  [neighbors.transport.config]
    remote-port = {peer_port}
    local-address = "127.0.0.1"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l3vpn-ipv6-unicast"

[[bmp-servers]]
  [bmp-servers.config]
    address = "127.0.0.1"
    port = {bmp}
    route-monitoring-policy = "all"
    statistics-timeout = 15
"""

PORTS = {k: free_port() for k in ("bmp", "frr", "gobgp")}


def _ipv6_rm(vpn: bool) -> Callable[[list[Message]], bool]:
    def pred(ms: list[Message]) -> bool:
        return any(isinstance(m, RouteMonitoring) and any(
            getattr(a, "afi", 0) == 2 and isinstance(a, MpReachVpn) == vpn
            for a in m.update.attributes) for m in ms)
    return pred


def _down(reason: int) -> Callable[[list[Message]], bool]:
    return lambda ms: any(isinstance(m, PeerDown) and m.reason == reason for m in ms)


def _scenario(lab: Lab, col: Collector) -> None:
    lab.gobgp("gobgp", GOBGP.format(port=PORTS["gobgp"], peer_port=PORTS["frr"], bmp=PORTS["bmp"]))
    frr_ports = {"peer": PORTS["gobgp"], "bmp": PORTS["bmp"]}
    lab.frr("frr", FRR, PORTS["frr"], **frr_ports)
    col.wait("2 Peer Ups", lambda ms: sum(isinstance(m, PeerUp) for m in ms) >= 2)
    rib = ("global", "rib")
    lab.cli("gobgp", *rib, "-a", "ipv6", "add", "2001:db8:20::/48", "nexthop", "2001:db8::22",
            "community", "65022:100", "large-community", "65022:1:1", "med", "10")
    lab.cli("gobgp", *rib, "-a", "vpnv6", "add", "2001:db8:30::/48", "label", "200", "rd",
            "65022:1", "rt", "65022:1", "nexthop", "2001:db8::22")
    col.wait("IPv6 unicast Route Monitoring", _ipv6_rm(vpn=False))
    col.wait("VPNv6 Route Monitoring", _ipv6_rm(vpn=True))
    lab.cli("gobgp", *rib, "-a", "ipv6", "del", "2001:db8:20::/48")
    col.wait("IPv6 withdrawal", lambda ms: any(
        isinstance(m, RouteMonitoring) and any(a.type_code == 15 for a in m.update.attributes)
        for m in ms))
    # FRR killed: GoBGP's read fails, a Peer Down without NOTIFICATION (reason 4)
    ups, inits = col.count(PeerUp), col.count(Initiation)
    lab.signal("frr", signal.SIGKILL)
    col.wait("Peer Down reason 4 from GoBGP", _down(4))
    lab.frr("frr", FRR, PORTS["frr"], **frr_ports)
    col.wait_more("FRR's BMP back", Initiation, inits)
    col.wait_more("Peer Ups after the restart", PeerUp, ups, 2)
    downs = col.count(PeerDown)
    lab.cli("gobgp", "neighbor", "del", "127.0.0.1")
    col.wait_more("Peer Downs after deconfiguration", PeerDown, downs, 2)
    ups = col.count(PeerUp)
    lab.cli("gobgp", "neighbor", "add", "127.0.0.1", "as", "65021", "family",
            "ipv4-unicast,ipv6-unicast")
    col.wait_more("Peer Ups after the neighbor is configured again", PeerUp, ups, 2)
    lab.cli("gobgp", "bmp", "del", f"127.0.0.1:{PORTS['bmp']}")
    col.wait("Termination", lambda ms: any(isinstance(m, Termination) for m in ms))
    # GoBGP killed: FRR reads end of stream, a Peer Down without NOTIFICATION if it maps it (4)
    downs = col.count(PeerDown)
    lab.signal("gobgp", signal.SIGKILL)
    col.wait_more("FRR's Peer Down of a killed speaker", PeerDown, downs)
    lab.signal("frr", signal.SIGTERM)
    print("peer down reasons:", sorted({m.reason for m in col.all() if isinstance(m, PeerDown)}))
    print("decode errors:", len(col.errors))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: record_v6.py OUT.pcapng")
    record(Path(sys.argv[1]), PORTS, _scenario)
