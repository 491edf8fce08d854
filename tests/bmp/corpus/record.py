"""Record real FRR and GoBGP BMP sessions into a pcapng (see README.md in this folder).

Usage: python tests/bmp/corpus/record.py OUT.pcapng   (as root: dumpcap on lo, runuser)

Two router pairs on 127.0.0.1, ports drawn free at random, both speakers of each pair exporting
BMP to an in-process collector, everything captured on lo with dumpcap:

* pair A: FRR bgpd (AS 65001) <-> gobgpd (AS 65002): 4-octet AS, ADD-PATH, IPv4 unicast,
  VPNv4 and EVPN; FRR monitors pre/post-policy and mirrors, GoBGP monitors "all"
  (pre, post and Loc-RIB);
* pair B: FRR bgpd (AS 65011, no capabilities sent) <-> gobgpd (AS 65012): a 2-octet AS session.

Then peers go down (reset, disable, deconfiguration, killed speaker) and FRR drops its BMP target
(it sends no Termination: that step waits out its deadline). Every step waits for the messages
it causes, with a deadline.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path

from lab import Collector, Lab, free_port, record  # type: ignore[import-not-found]

from faultbook.bmp.bmp import Message, PeerDown, PeerUp, RouteMonitoring, Termination

FRR_A = """frr defaults traditional
hostname rec-frr-a
log file {dir}/bgpd.log debugging
!
router bgp 65001
 bgp router-id 10.0.0.1
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 127.0.0.1 remote-as 65002
 neighbor 127.0.0.1 port {peer}
 neighbor 127.0.0.1 timers connect 1
 !
 address-family ipv4 unicast
  network 10.10.1.0/24
  network 10.10.2.0/24
  aggregate-address 10.10.0.0/16
  neighbor 127.0.0.1 route-map NH-OUT out
  neighbor 127.0.0.1 addpath-tx-all-paths
 exit-address-family
 address-family ipv4 vpn
  neighbor 127.0.0.1 activate
 exit-address-family
 address-family l2vpn evpn
  neighbor 127.0.0.1 activate
 exit-address-family
 !
 bmp targets rec
  bmp connect 127.0.0.1 port {bmp} min-retry 500 max-retry 2000
  bmp monitor ipv4 unicast pre-policy
  bmp monitor ipv4 unicast post-policy
  bmp monitor ipv4 vpn pre-policy
  bmp monitor l2vpn evpn pre-policy
  bmp mirror
  bmp stats interval 2000
 exit
!
route-map NH-OUT permit 10
 set ip next-hop 192.0.2.1
exit
!
"""

FRR_B = """frr defaults traditional
hostname rec-frr-b
log file {dir}/bgpd.log debugging
!
router bgp 65011
 bgp router-id 10.0.0.11
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 127.0.0.1 remote-as 65012
 neighbor 127.0.0.1 port {peer}
 neighbor 127.0.0.1 timers connect 1
 neighbor 127.0.0.1 dont-capability-negotiate
 !
 address-family ipv4 unicast
  network 10.11.1.0/24
  aggregate-address 10.11.0.0/16
  neighbor 127.0.0.1 route-map NH-OUT out
 exit-address-family
 !
 bmp targets rec
  bmp connect 127.0.0.1 port {bmp} min-retry 500 max-retry 2000
  bmp monitor ipv4 unicast pre-policy
  bmp monitor ipv4 unicast post-policy
 exit
!
route-map NH-OUT permit 10
 set ip next-hop 192.0.2.11
exit
!
"""

GOBGP = """[global.config]
  as = {asn}
  router-id = "{rid}"
  port = {port}
  local-address-list = ["127.0.0.1"]
  [global.apply-policy.config]
    export-policy-list = ["nh-out"]
    default-export-policy = "accept-route"

[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = {peer_as}
  [neighbors.transport.config]
    remote-port = {peer_port}
    local-address = "127.0.0.1"
{afi_safis}

[[bmp-servers]]
  [bmp-servers.config]
    address = "127.0.0.1"
    port = {bmp}
    route-monitoring-policy = "all"
    statistics-timeout = 15

[[policy-definitions]]
  name = "nh-out"
  [[policy-definitions.statements]]
    name = "set-nh"
    [policy-definitions.statements.actions]
      route-disposition = "accept-route"
      [policy-definitions.statements.actions.bgp-actions]
        set-next-hop = "{nh}"
"""

AFI_A = """  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.add-paths.config]
      receive = true
      send-max = 4
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l3vpn-ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
"""

AFI_B = """  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
"""


PORTS = {k: free_port() for k in ("bmp", "frr-a", "gobgp-a", "frr-b", "gobgp-b")}


def _has_rm(pred: Callable[[RouteMonitoring], bool]) -> Callable[[list[Message]], bool]:
    return lambda ms: any(isinstance(m, RouteMonitoring) and pred(m) for m in ms)


def _scenario(lab: Lab, col: Collector) -> None:
    a = dict(asn=65002, rid="10.0.0.2", port=PORTS["gobgp-a"], peer_as=65001,
             peer_port=PORTS["frr-a"], bmp=PORTS["bmp"], nh="192.0.2.2", afi_safis=AFI_A)
    b = dict(asn=65012, rid="10.0.0.12", port=PORTS["gobgp-b"], peer_as=65011,
             peer_port=PORTS["frr-b"], bmp=PORTS["bmp"], nh="192.0.2.12", afi_safis=AFI_B)
    lab.gobgp("gobgp-a", GOBGP.format(**a))
    lab.gobgp("gobgp-b", GOBGP.format(**b))
    lab.frr("frr-a", FRR_A, PORTS["frr-a"], peer=PORTS["gobgp-a"], bmp=PORTS["bmp"])
    lab.frr("frr-b", FRR_B, PORTS["frr-b"], peer=PORTS["gobgp-b"], bmp=PORTS["bmp"])
    col.wait("4 Peer Ups", lambda ms: sum(isinstance(m, PeerUp) for m in ms) >= 4)
    ga = ("global", "rib")
    lab.cli("gobgp-a", *ga, "add", "10.20.1.0/24", "-a", "ipv4", "nexthop", "192.0.2.2",
            "community", "65002:100", "large-community", "65002:1:1", "med", "10",
            "aigp", "metric", "20", "aggregator", "4200000000:10.0.0.2")
    lab.cli("gobgp-a", *ga, "add", "10.20.1.0/24", "-a", "ipv4", "nexthop", "192.0.2.3",
            "identifier", "2")
    lab.cli("gobgp-a", *ga, "-a", "vpnv4", "add", "10.30.1.0/24", "label", "100", "rd", "65002:1",
            "rt", "65002:1", "nexthop", "192.0.2.2")
    lab.cli("gobgp-a", *ga, "-a", "evpn", "add", "macadv", "aa:bb:cc:dd:ee:01", "10.40.0.1",
            "esi", "0", "etag", "0", "label", "100", "rd", "65002:2", "rt", "65002:2")
    lab.cli("gobgp-a", *ga, "-a", "evpn", "add", "multicast", "10.0.0.2", "etag", "0", "rd",
            "65002:2", "rt", "65002:2", "pmsi", "ingress-repl", "100", "10.0.0.2")
    lab.cli("gobgp-a", *ga, "-a", "evpn", "add", "prefix", "10.50.1.0/24", "172.16.0.1", "esi",
            "0", "etag", "0", "label", "100", "rd", "65002:3", "rt", "65002:3")
    lab.cli("gobgp-b", *ga, "add", "10.21.1.0/24", "-a", "ipv4", "nexthop", "192.0.2.12")
    col.wait("VPN and EVPN Route Monitoring", _has_rm(lambda m: any(
        a.type_code == 14 and getattr(a, "afi", 0) == 25 for a in m.update.attributes)))
    col.wait("2-octet AS session Route Monitoring", _has_rm(
        lambda m: m.context is not None and not m.context.four_octet_as))
    # GoBGP sends this AGGREGATOR with a 4-octet AS to the 2-octet peer: FRR resets the session
    downs = col.count(PeerDown)
    lab.cli("gobgp-b", *ga, "add", "10.21.2.0/24", "-a", "ipv4", "nexthop", "192.0.2.12",
            "aggregator", "65012:10.0.0.12")
    col.wait_more("Peer Down after the 4-octet AGGREGATOR", PeerDown, downs)
    ups = col.count(PeerUp)
    lab.cli("gobgp-b", *ga, "del", "10.21.2.0/24", "-a", "ipv4")
    col.wait_more("pair B up again", PeerUp, ups)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("reset by GoBGP", lambda: lab.cli("gobgp-a", "neighbor", "127.0.0.1", "reset")),
        ("clear by FRR", lambda: lab.vtysh("frr-a", "clear bgp *")),
    ]
    for what, act in steps:
        downs, ups = col.count(PeerDown), col.count(PeerUp)
        act()
        col.wait_more(f"Peer Downs after {what}", PeerDown, downs, 2)
        col.wait_more(f"Peer Ups after {what}", PeerUp, ups, 2)
    downs = col.count(PeerDown)
    lab.signal("gobgp-b", signal.SIGKILL)
    col.wait_more("Peer Down of a killed speaker", PeerDown, downs)
    downs = col.count(PeerDown)
    lab.cli("gobgp-a", "neighbor", "del", "127.0.0.1")
    col.wait_more("Peer Downs after deconfiguration", PeerDown, downs, 2)
    lab.vtysh("frr-a", "configure terminal", "router bgp 65001", "no bmp targets rec")
    col.wait("Termination", lambda ms: any(isinstance(m, Termination) for m in ms))
    lab.signal("gobgp-a", signal.SIGTERM)
    lab.signal("frr-b", signal.SIGTERM)
    print("decode errors:", len(col.errors))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: record.py OUT.pcapng")
    record(Path(sys.argv[1]), PORTS, _scenario)
