"""What breaks a stack: one module per fault kind (the fault and its typed spec)."""

from faultbook.faults.base import Fault, FaultSpec, FaultTarget, Phase
from faultbook.faults.kill import Kill, KillFault
from faultbook.faults.pause import Pause, PauseFault
from faultbook.faults.portsquat import PortSquat, Squat
from faultbook.faults.stop import Stop, StopFault
from faultbook.faults.tcpproxy import ProxyMode, TcpProxy

__all__ = [
    "Fault",
    "FaultSpec",
    "FaultTarget",
    "Kill",
    "KillFault",
    "Pause",
    "PauseFault",
    "Phase",
    "PortSquat",
    "ProxyMode",
    "Squat",
    "Stop",
    "StopFault",
    "TcpProxy",
]
