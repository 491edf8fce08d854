"""Starting a collector under test on a stack and wrapping it as a BmpTarget."""

from __future__ import annotations

from faultbook.errors import ConfigError
from faultbook.services.bmp.msglog import MsglogStore
from faultbook.services.bmp.pmbmpd import PmbmpdSpec
from faultbook.services.bmp.target import TARGETS, BmpTarget
from faultbook.stack import Stack


def start_pmbmpd(stack: Stack, component: str = "pmbmpd") -> BmpTarget:
    """pmbmpd as a process of ``stack`` (its msglog followed on the timeline)."""
    service = stack.add(PmbmpdSpec(), component)
    log = PmbmpdSpec.logfile(stack.ctx.data_dir / component)
    return BmpTarget("pmbmpd", service, MsglogStore(stack.timeline, component), stack.sampler,
                     MsglogStore.stream, log)


def start_target(stack: Stack, name: str, pybmp: str | None = None,
                 runtime: str = "process") -> BmpTarget:
    """The named collector on ``stack``; ConfigError names the fix for a bad choice."""
    if name == "pmbmpd":
        return start_pmbmpd(stack)
    if name == "pybmp":
        from faultbook.services.bmp.pybmp import start_pybmp

        return start_pybmp(stack, pybmp, runtime)
    raise ConfigError(f"unknown target {name!r}: use one of {', '.join(TARGETS)}")
