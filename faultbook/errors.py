"""The suite's exception tree. Each message is one line that names the fix."""

from __future__ import annotations


class FaultbookError(Exception):
    """Base of every error the suite raises on purpose."""


class ConfigError(FaultbookError):
    """A setting or option has a value the suite cannot use; the message names the option."""


class UnknownRuntimeError(ConfigError):
    """``--runtime`` names no runtime; use auto, container or process."""

    def __init__(self, value: str) -> None:
        super().__init__(
            f"unknown runtime {value!r}: use --runtime=auto, --runtime=container or --runtime=process"
        )


class UnknownScenarioError(ConfigError):
    """A scenario name matches no catalog entry."""

    def __init__(self, name: str, known: list[str]) -> None:
        near = ", ".join(k for k in known if name.lower() in k.lower())[:300] or ", ".join(
            known[:8]
        )
        super().__init__(f"unknown scenario {name!r}: known ones include {near}")


class EngineUnreachableError(FaultbookError):
    """No Docker API answers; start Podman's API or choose the process runtime."""

    def __init__(self, docker_host: str, reason: str) -> None:
        super().__init__(
            f"container engine at {docker_host} is unreachable ({reason}): run "
            "`python -m faultbook.provision` to start Podman's Docker API, set DOCKER_HOST, "
            "or use --runtime=process"
        )


class MissingBinaryError(FaultbookError):
    """A program a service needs is not installed."""

    def __init__(self, binary: str, package: str) -> None:
        super().__init__(
            f"{binary} not found: install it with `apt-get install -y {package}` "
            "or run `python -m faultbook.provision`"
        )


class PortInUseError(FaultbookError):
    """A port the suite needs is held by a process the suite did not start."""

    def __init__(self, port: int, holder: str) -> None:
        super().__init__(
            f"port {port} on 127.0.0.1 is held by {holder}, which this suite did not start: "
            "stop it or choose another port"
        )


class ServiceError(FaultbookError):
    """A service of the stack misbehaved while the suite drove it."""

    def __init__(self, component: str, message: str, tail: list[str] | None = None) -> None:
        self.component = component
        self.tail = list(tail or [])
        last = f" (last line: {self.tail[-1].strip()[:200]})" if self.tail else ""
        super().__init__(f"{component}: {message}{last}")


class ServiceStartError(ServiceError):
    """A service did not become ready; its last log lines say why."""


class WaitTimeout(FaultbookError, AssertionError):
    """A bounded wait ran out before the awaited event happened."""


class NeverViolation(FaultbookError, AssertionError):
    """A line that must not appear during a window appeared."""
