"""Real BMP senders (Debian packages): FRR 8.4 bgpd with its BMP module, and GoBGP 3.10.

They peer with each other on 127.0.0.1 (each rewrites the next hop on export, or the session
flaps) and both export BMP to the collector: ``start_senders`` starts the pair on a stack, and
``gobgp_add_route`` adds a route in GoBGP through its CLI.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from faultbook.errors import ConfigError
from faultbook.observe.probes import Probe, TcpProbe
from faultbook.runtime.base import Service
from faultbook.services.base import Endpoint, Launch, ServiceSpec
from faultbook.stack import Stack

#: the sysName each router puts in its Initiation
SYSNAMES = ("frr-r1", "GoBGP")

FRR_CONF = """frr defaults traditional
hostname frr-r1
log file {log} debugging
!
router bgp 65001
 bgp router-id 10.0.0.1
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 127.0.0.1 remote-as 65002
 neighbor 127.0.0.1 port {peer_port}
 neighbor 127.0.0.1 timers connect 1
 !
 address-family ipv4 unicast
  network 10.10.1.0/24
  network 10.10.2.0/24
  neighbor 127.0.0.1 route-map NH-OUT out
 exit-address-family
 !
 bmp targets faultbook
  bmp connect 127.0.0.1 port {bmp_port} min-retry 500 max-retry 2000
  bmp monitor ipv4 unicast pre-policy
  bmp monitor ipv4 unicast post-policy
  bmp stats interval 10000
 exit
!
route-map NH-OUT permit 10
 set ip next-hop 192.0.2.1
exit
!
"""

GOBGP_CONF = """[global.config]
  as = 65002
  router-id = "10.0.0.2"
  port = {port}
  local-address-list = ["127.0.0.1"]
  [global.apply-policy.config]
    export-policy-list = ["nh-out"]
    default-export-policy = "accept-route"

[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = 65001
  [neighbors.transport.config]
    remote-port = {peer_port}
    local-address = "127.0.0.1"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"

[[bmp-servers]]
  [bmp-servers.config]
    address = "127.0.0.1"
    port = {bmp_port}
    route-monitoring-policy = "pre-policy"

[[policy-definitions]]
  name = "nh-out"
  [[policy-definitions.statements]]
    name = "set-nh"
    [policy-definitions.statements.actions]
      route-disposition = "accept-route"
      [policy-definitions.statements.actions.bgp-actions]
        set-next-hop = "192.0.2.2"
"""


def _give(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    os.chown(path, entry.pw_uid, entry.pw_gid)


class _Sender(ServiceSpec):
    container_ports = {"bgp": 179}
    main_port = "bgp"
    user = "nobody"

    def __init__(self) -> None:
        self.peer_port = 0
        self.bmp_port = 0

    def _check(self) -> None:
        if not (self.peer_port and self.bmp_port):
            raise ConfigError(f"{self.kind}: set peer_port and bmp_port before starting it")

    def prepare_process(self, data_dir: Path, ports: Mapping[str, int]) -> None:
        if os.geteuid() == 0:
            _give(data_dir, self.user)

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        raise ConfigError(f"{self.kind} runs as a host process only: use --runtime=process")

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [TcpProbe(endpoint.host, endpoint.port, timeout=1.0)]


class FrrBgpdSpec(_Sender):
    """FRR bgpd without zebra, its BMP module connecting to the collector."""

    kind = "frr"
    ready_pattern = r"bmp\[127\.0\.0\.1\]: connect in progress"
    binaries = {"/usr/lib/frr/bgpd": "frr"}
    user = "frr"

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        self._check()
        log = data_dir / "bgpd.log"
        conf = data_dir / "bgpd.conf"
        conf.write_text(FRR_CONF.format(log=log, peer_port=self.peer_port, bmp_port=self.bmp_port))
        return Launch(["/usr/lib/frr/bgpd", "-f", str(conf), "-M", "bmp", "-S", "-Z", "-n",
                       "-l", "127.0.0.1", "-p", str(ports["bgp"]), "-P", "0",
                       "--vty_socket", str(data_dir), "-i", str(data_dir / "bgpd.pid")],
                      user=self.user if os.geteuid() == 0 else None, log_files=(log,),
                      tail_limit=4 << 20)


class GobgpdSpec(_Sender):
    """GoBGP with a [[bmp-servers]] block, its API on a unix socket only."""

    kind = "gobgp"
    ready_pattern = r"gobgpd started"
    binaries = {"gobgpd": "gobgpd", "gobgp": "gobgpd"}

    @staticmethod
    def api(data_dir: Path) -> str:
        """Its API address (for the gobgp CLI's --target)."""
        return f"unix://{data_dir / 'api.sock'}"

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        self._check()
        conf = data_dir / "gobgpd.toml"
        conf.write_text(GOBGP_CONF.format(port=ports["bgp"], peer_port=self.peer_port,
                                          bmp_port=self.bmp_port))
        return Launch([shutil.which("gobgpd") or "gobgpd", "-f", str(conf),
                       "--api-hosts", self.api(data_dir), "--pprof-disable"],
                      user=self.user if os.geteuid() == 0 else None)


def start_senders(stack: Stack, bmp_port: int) -> tuple[Service, Service]:
    """FRR bgpd and GoBGP on ``stack``, peered, both exporting BMP to 127.0.0.1:``bmp_port``."""
    frr_spec, gobgp_spec = FrrBgpdSpec(), GobgpdSpec()
    frr = stack.add(frr_spec, start=False)
    gobgp = stack.add(gobgp_spec, start=False)
    for spec, other in ((frr_spec, gobgp), (gobgp_spec, frr)):
        spec.peer_port = other.endpoint.port
        spec.bmp_port = bmp_port
    frr.start()
    gobgp.start()
    return frr, gobgp


def gobgp_add_route(stack: Stack, gobgp: Service, prefix: str, next_hop: str) -> None:
    """``gobgp global rib add`` on a GoBGP of ``stack``; ConfigError with its stderr on failure."""
    api = GobgpdSpec.api(stack.ctx.data_dir / gobgp.component)
    cli = subprocess.run(["gobgp", "--target", api, "global", "rib", "add", prefix, "-a", "ipv4",
                          "nexthop", next_hop], capture_output=True, text=True, timeout=10,
                         check=False)
    if cli.returncode != 0:
        raise ConfigError(f"gobgp global rib add failed: {cli.stderr.strip()[:200]}")
