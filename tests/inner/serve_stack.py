"""Run by tests/test_parallel.py: each test starts its own halfstack and checks its clients."""

from __future__ import annotations

import pytest

from faultbook.fixtures import StackMaker
from tests.clients import CLIENTS


@pytest.mark.parametrize("n", [1, 2])
def test_own_stack(stack: StackMaker, runtime: str, n: int) -> None:
    st = stack("postgres", "redis", "etcd")
    for kind, service in st.services.items():
        CLIENTS[kind].roundtrip(service.endpoint)
