"""pmacct's pmbmpd (Debian package pmacct) as a BMP collector under test.

Its configuration is rendered per start with the allocated port; its log file and JSON message
log are followed onto the timeline (streams ``pmbmpd.log`` and ``msglog.json``) and read back by
the BMP kit (``faultbook.bmpkit.msglog``). It blocks SIGTERM
while idle, so a graceful stop is SIGINT.
"""

from __future__ import annotations

import signal
from collections.abc import Mapping
from pathlib import Path

from faultbook.errors import ConfigError
from faultbook.observe.probes import Probe, TcpProbe
from faultbook.services.base import Endpoint, Launch, ServiceSpec

#: octets of each of its files followed onto the timeline (a flooding pmbmpd writes ~10 MB/s)
TAIL_LIMIT = 16 << 20

CONFIG = """! rendered by faultbook
bmp_daemon_ip: 127.0.0.1
bmp_daemon_port: {port}
bmp_daemon_max_peers: {max_peers}
bmp_daemon_msglog_file: {msglog}
bmp_daemon_msglog_output: json
logfile: {logfile}
debug: true
"""


class PmbmpdSpec(ServiceSpec):
    """pmbmpd listening on 127.0.0.1 with a JSON msglog and a debug log file."""

    kind = "pmbmpd"
    container_ports = {"bmp": 1790}
    main_port = "bmp"
    ready_pattern = r"waiting for BMP data on 127\.0\.0\.1:\d+"
    stop_signal = signal.SIGINT
    binaries = {"pmbmpd": "pmacct"}

    def __init__(self, max_peers: int = 16) -> None:
        self.max_peers = max_peers

    @staticmethod
    def msglog(data_dir: Path) -> Path:
        """Where it writes its JSON message log."""
        return data_dir / "msglog.json"

    @staticmethod
    def logfile(data_dir: Path) -> Path:
        """Where it writes its log."""
        return data_dir / "pmbmpd.log"

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        conf = data_dir / "pmbmpd.conf"
        conf.write_text(CONFIG.format(port=ports["bmp"], max_peers=self.max_peers,
                                      msglog=self.msglog(data_dir), logfile=self.logfile(data_dir)))
        return Launch(["pmbmpd", "-f", str(conf)],
                      log_files=(self.logfile(data_dir), self.msglog(data_dir)),
                      tail_limit=TAIL_LIMIT, config_files=(conf,))

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        raise ConfigError("pmbmpd runs as a host process only: use --runtime=process")

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [TcpProbe(endpoint.host, endpoint.port, timeout=1.0)]
