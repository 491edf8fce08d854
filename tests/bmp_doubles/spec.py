"""The broken collector double as a service (a host process on the suite's stack)."""

from __future__ import annotations

import signal
import sys
from collections.abc import Mapping
from pathlib import Path

from faultbook.bmpkit.collector import Collector, LogSource
from faultbook.bmpkit.msglog import MsglogReader
from faultbook.errors import ConfigError
from faultbook.observe.probes import Probe, TcpProbe
from faultbook.services.base import Endpoint, Launch, ServiceSpec
from faultbook.stack import Stack

SCRIPT = Path(__file__).with_name("collector.py")


class DoubleSpec(ServiceSpec):
    """``collector.py --flaw FLAW``."""

    kind = "bmp-double"
    container_ports = {"bmp": 1790}
    main_port = "bmp"
    ready_pattern = r"listening on 127\.0\.0\.1:\d+"
    stop_signal = signal.SIGTERM

    def __init__(self, flaw: str) -> None:
        self.flaw = flaw

    def process_launch(self, data_dir: Path, ports: Mapping[str, int]) -> Launch:
        return Launch([sys.executable, str(SCRIPT), "--port", str(ports["bmp"]), "--flaw", self.flaw,
                       "--msglog", str(data_dir / "msglog.json"), "--log", str(data_dir / "double.log")])

    def container_launch(self, host_ports: Mapping[str, int]) -> Launch:
        raise ConfigError("the double runs as a host process only")

    def health_probes(self, endpoint: Endpoint) -> list[Probe]:
        return [TcpProbe(endpoint.host, endpoint.port, timeout=1.0)]


def start_double(stack: Stack, flaw: str) -> Collector:
    """The double with one flaw, ready (a component of its own, also when the stack already runs
    a double with that flaw)."""
    component = f"double-{flaw}-{len(stack.services)}"
    service = stack.add(DoubleSpec(flaw), component)
    data = stack.ctx.data_dir / component
    return Collector(component, service, MsglogReader(data / "msglog.json"),
                     LogSource(data / "double.log"), stop_signal=signal.SIGTERM)
