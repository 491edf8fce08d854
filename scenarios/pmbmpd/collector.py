"""pmbmpd as a collector under the BMP kit: its service on a stack, its msglog read back, its log."""

from __future__ import annotations

import signal

from faultbook.bmpkit.collector import Collector, LogSource
from faultbook.bmpkit.msglog import MsglogReader
from faultbook.runtime.base import Service
from faultbook.stack import Stack
from scenarios.pmbmpd.spec import PmbmpdSpec

#: concurrent sessions a batch opens (pmbmpd refuses routers past bmp_daemon_max_peers)
MAX_PEERS = 256


def start(stack: Stack, component: str = "pmbmpd") -> Collector:
    """pmbmpd on ``stack``, ready, with its msglog and log file read by offsets."""
    return of_service(stack, stack.add(PmbmpdSpec(max_peers=MAX_PEERS), component))


def of_service(stack: Stack, service: Service) -> Collector:
    """A pmbmpd already on ``stack`` as the kit's collector (its msglog and log file)."""
    data = stack.ctx.data_dir / service.component
    return Collector("pmbmpd", service, MsglogReader(PmbmpdSpec.msglog(data)),
                     LogSource(PmbmpdSpec.logfile(data)), stop_signal=signal.SIGINT)
