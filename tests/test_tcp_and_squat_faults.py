"""TCP faults through the proxy, and port squatting, against a real Redis."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest

from faultbook.faults import PortSquat, ProxyMode, TcpProxy
from faultbook.fixtures import StackMaker
from faultbook.observe.matchers import wait_for
from faultbook.report.record import TestRecord
from faultbook.runtime.spec import Endpoint
from tests.clients import ClientError, redis_roundtrip


@pytest.fixture
def proxied_redis(stack: StackMaker) -> Iterator[tuple[TcpProxy, Endpoint]]:
    st = stack("redis")
    redis = st.services["redis"]
    proxy = TcpProxy(
        st.timeline, st.ctx.ports.allocate(), (redis.endpoint.host, redis.endpoint.port)
    )
    proxy.start()
    yield proxy, Endpoint("127.0.0.1", proxy.listen_port)
    proxy.close()
    st.ctx.ports.release(proxy.listen_port)


def timed(ep: Endpoint) -> float:
    start = time.monotonic()
    redis_roundtrip(ep)
    return time.monotonic() - start


def test_latency_reset_blackhole_slice(
    proxied_redis: tuple[TcpProxy, Endpoint], record: TestRecord
) -> None:
    proxy, ep = proxied_redis
    base = timed(ep)
    with proxy.fault(ProxyMode.LATENCY, latency=0.2):
        slow = timed(ep)
    record.verdict("latency added per round trip", slow >= 0.4, round(slow, 3), ">= 0.4 s")
    assert slow >= 0.4 > base
    with proxy.fault(ProxyMode.RESET), pytest.raises(ClientError, match=r"ConnectionError"):
        redis_roundtrip(ep)
    with proxy.fault(ProxyMode.BLACKHOLE), pytest.raises(ClientError, match=r"TimeoutError"):
        redis_roundtrip(ep, timeout=0.5)
    with proxy.fault(ProxyMode.SLICE, slice_bytes=1, slice_delay=0.001):
        redis_roundtrip(ep)
    redis_roundtrip(ep)
    kinds = [m.label for m in proxy.timeline.marks("proxy.mode")]
    assert kinds == ["latency", "pass", "reset", "pass", "blackhole", "pass", "slice", "pass"]


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
@pytest.mark.parametrize("reuseport", [False, True], ids=["plain", "reuseport"])
def test_squatted_port_before_start(stack: StackMaker, runtime: str, host: str, reuseport: bool) -> None:
    st = stack()
    redis = st.add("redis", start=False)
    squat = PortSquat(st.timeline, redis.endpoint.port, host=host, reuseport=reuseport)
    with squat, pytest.raises(Exception, match=r"not ready|did not start") as caught:
        redis.start()
    text = "\n".join(line.text for line in st.timeline.lines("redis")) + str(caught.value)
    assert re.search(r"[Aa]ddress already in use", text), text
    redis.start()
    wait_for(st.timeline, r"Ready to accept connections", "redis", within=1, since=squat.heal().seq)
    redis_roundtrip(redis.endpoint)
