"""The engine socket proxy and the events recorder, against the real engine: what passes the
proxy is attributed, what others do on the same engine is not; cutting the proxy refuses
clients without touching the engine."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
import requests

from faultbook.faults.sockproxy import EngineUnreachable, UnixSocketProxy
from faultbook.observe.engine_events import EngineEventRecorder, remove, still_present
from faultbook.observe.timeline import Mark, Timeline
from faultbook.session import RunState


@pytest.fixture
def proxy(faultbook_state: RunState, tmp_path: Path) -> Iterator[UnixSocketProxy]:
    upstream = Path(faultbook_state.engine.docker_host.removeprefix("unix://"))
    proxy = UnixSocketProxy(Timeline(), tmp_path / "engine.sock", upstream).start()
    try:
        yield proxy
    finally:
        proxy.close()


def test_only_what_passed_the_proxy_is_attributed(faultbook_state: RunState,
                                                  proxy: UnixSocketProxy) -> None:
    engine = faultbook_state.engine.client
    recorder = EngineEventRecorder(engine, proxy.timeline).start()
    tag = uuid.uuid4().hex[:8]
    via_proxy = docker.DockerClient(base_url=proxy.docker_host)
    try:
        via_proxy.volumes.create(f"fbtest-proxied-{tag}")
        engine.volumes.create(f"fbtest-direct-{tag}")
        seen = proxy.timeline.watch(lambda e: isinstance(e, Mark) and e.kind == "engine.create"
                                    and e.label == f"volume fbtest-direct-{tag}", 0,
                                    time.monotonic() + 20)
        assert seen is not None, "the engine never announced the direct volume"
        recorder.stop()
        mine = recorder.created_by(proxy)
        assert [o.name for o in mine] == [f"fbtest-proxied-{tag}"], mine
        assert still_present(engine, mine) == {f"volume fbtest-proxied-{tag}": "present"}
        assert remove(engine, mine) == [f"volume fbtest-proxied-{tag}"]
        assert still_present(engine, mine) == {}
    finally:
        recorder.stop()
        via_proxy.close()
        engine.volumes.get(f"fbtest-direct-{tag}").remove(force=True)


def test_engine_unreachable_refuses_the_system_only(faultbook_state: RunState,
                                                    proxy: UnixSocketProxy) -> None:
    client = docker.DockerClient(base_url=proxy.docker_host, timeout=5)
    try:
        assert client.ping()
        with EngineUnreachable(proxy) as fault:
            with pytest.raises(requests.exceptions.ConnectionError):
                client.ping()
            assert fault.confirm().confirmed
            assert faultbook_state.engine.client.ping()  # the suite's engine never noticed
        assert client.ping()
    finally:
        client.close()
