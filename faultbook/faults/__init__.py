"""What breaks a stack: one module per fault kind, each recorded on the timeline."""

from faultbook.faults.base import Fault, Phase
from faultbook.faults.kill import KillFault
from faultbook.faults.pause import PauseFault
from faultbook.faults.portsquat import PortSquat
from faultbook.faults.stop import StopFault
from faultbook.faults.tcpproxy import ProxyMode, TcpProxy

__all__ = [
    "Fault",
    "KillFault",
    "PauseFault",
    "Phase",
    "PortSquat",
    "ProxyMode",
    "StopFault",
    "TcpProxy",
]
