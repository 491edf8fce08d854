"""pmbmpd as a collector under the BMP kit: its service on a stack, its msglog read back, its log."""

from __future__ import annotations

import signal

from faultbook.bmpkit.collector import Collector, LogSource
from faultbook.bmpkit.msglog import MsglogReader
from faultbook.services.bmp.pmbmpd import PmbmpdSpec
from faultbook.stack import Stack

#: concurrent sessions a batch opens (pmbmpd refuses routers past bmp_daemon_max_peers)
MAX_PEERS = 256


def start(stack: Stack, component: str = "pmbmpd") -> Collector:
    """pmbmpd on ``stack``, ready, with its msglog and log file read by offsets."""
    service = stack.add(PmbmpdSpec(max_peers=MAX_PEERS), component)
    data = stack.ctx.data_dir / component
    return Collector("pmbmpd", service, MsglogReader(PmbmpdSpec.msglog(data)),
                     LogSource(PmbmpdSpec.logfile(data)), stop_signal=signal.SIGINT)
