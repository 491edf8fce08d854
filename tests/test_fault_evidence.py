"""Every fault reports evidence that it happened; one that did not take effect is inconclusive."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from faultbook.checks.fault_effect import FaultTookEffect
from faultbook.config import Settings
from faultbook.faults import PortSquat, ProxyMode, TcpProxy
from faultbook.observe.timeline import Timeline
from faultbook.ports import PortAllocator


class NeverHeld(PortSquat):
    """A deliberately broken squatter: it never binds the port."""

    def _inject(self) -> None:
        pass


@pytest.fixture
def ports() -> Iterator[PortAllocator]:
    settings = Settings.from_env()
    allocator = PortAllocator(settings.state_dir / "ports", settings.port_range)
    yield allocator
    for port in list(allocator.held):
        allocator.release(port)


def free_port(ports: PortAllocator) -> int:
    return ports.allocate()


def test_a_squatter_holding_the_port_is_confirmed(ports: PortAllocator) -> None:
    port = free_port(ports)
    try:
        squat = PortSquat(Timeline(), port)
        with squat:
            pass
        assert squat.evidence is not None and squat.evidence.measured["held"]
        assert FaultTookEffect().judge(squat.evidence)[0].ok
    finally:
        ports.release(port)


def test_a_squatter_that_never_held_the_port_is_inconclusive(ports: PortAllocator) -> None:
    port = free_port(ports)
    try:
        squat = NeverHeld(Timeline(), port)
        with squat:
            pass
        [v] = FaultTookEffect().judge(squat.evidence)
        assert not v.ok and v.inconclusive
    finally:
        ports.release(port)


def echo_server() -> tuple[socket.socket, int]:
    server = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                while data := conn.recv(4096):
                    conn.sendall(data)

    threading.Thread(target=serve, daemon=True).start()
    return server, server.getsockname()[1]


@pytest.mark.parametrize("traffic", [True, False], ids=["bytes-through", "no-bytes"])
def test_a_proxy_fault_is_confirmed_only_by_real_bytes(ports: PortAllocator, traffic: bool) -> None:
    server, upstream = echo_server()
    port = free_port(ports)
    proxy = TcpProxy(Timeline(), port, ("127.0.0.1", upstream)).start()
    try:
        fault = proxy.fault(ProxyMode.LATENCY, latency=0.05)
        with fault:
            if traffic:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
                    c.sendall(b"ping")
                    assert c.recv(4) == b"ping"
        [v] = FaultTookEffect().judge(fault.evidence)
        assert v.ok is traffic and v.inconclusive is not traffic, v
    finally:
        proxy.close()
        server.close()
        ports.release(port)
