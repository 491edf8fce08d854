"""What a system under test creates through the container engine, from the engine's own events.

The recorder follows the engine's ``/events`` stream (on the suite's own engine connection, not
the system's) while the system runs. An object counts as the system's when the engine announced
its creation and named it (id or name) in its answer to a creation request the system sent
through the suite's socket proxy: others using the same engine at the same moment are never
attributed to it, nor is anything carrying the suite's own labels.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import docker
import docker.errors

from faultbook.observe.timeline import Timeline
from faultbook.ownership import LABEL

#: image events whose actor is an archive, not the image: the proxy knows the reference
LOADS = frozenset({"load", "loadfromarchive"})
#: how long before the engine's event the creation request may have passed the proxy
ATTRIBUTION_WINDOW = 30.0


@dataclass(frozen=True)
class EngineObject:
    """One object the engine reported created: kind, id (or name), readable name, when."""

    kind: str
    ident: str
    name: str
    action: str
    t: float

    @property
    def label(self) -> str:
        """'volume backendai-krunner...' for people reading a report."""
        return f"{self.kind} {self.name or self.ident[:12]}"


class ObjectKind:
    """One kind of engine object: which events create it, how the suite looks one up and
    removes it."""

    name = ""
    actions: frozenset[str] = frozenset({"create"})
    #: removal order: dependents first
    order = 0

    def collection(self, client: docker.DockerClient) -> Any:
        """The SDK collection of this kind."""
        return getattr(client, f"{self.name}s")

    def state(self, client: docker.DockerClient, obj: EngineObject) -> str:
        """'present' (or a container's status); raises NotFound when gone."""
        self.collection(client).get(obj.ident)
        return "present"

    def remove(self, client: docker.DockerClient, obj: EngineObject) -> None:
        """Remove it."""
        self.collection(client).get(obj.ident).remove()


class ContainerKind(ObjectKind):
    name = "container"

    def state(self, client: docker.DockerClient, obj: EngineObject) -> str:
        return str(client.containers.get(obj.ident).status)

    def remove(self, client: docker.DockerClient, obj: EngineObject) -> None:
        client.containers.get(obj.ident).remove(force=True)


class VolumeKind(ObjectKind):
    name = "volume"
    order = 2

    def remove(self, client: docker.DockerClient, obj: EngineObject) -> None:
        client.volumes.get(obj.ident).remove(force=True)


class ImageKind(ObjectKind):
    name = "image"
    actions = frozenset({"load", "loadfromarchive", "pull", "import", "tag", "build", "commit"})
    order = 3

    def remove(self, client: docker.DockerClient, obj: EngineObject) -> None:
        client.images.remove(obj.ident)


class NetworkKind(ObjectKind):
    name = "network"
    order = 1


KINDS: Mapping[str, ObjectKind] = {k.name: k for k in (ContainerKind(), VolumeKind(), ImageKind(),
                                                        NetworkKind())}


def _object(event: Mapping[str, Any]) -> EngineObject | None:
    kind = str(event.get("Type", ""))
    action = str(event.get("Action", "")).split(":")[0]
    if kind not in KINDS or action not in KINDS[kind].actions:
        return None
    actor = event.get("Actor") or {}
    attrs = actor.get("Attributes") or {}
    if any(key.startswith(LABEL) for key in attrs):
        return None  # the suite's own
    t = event.get("timeNano", 0) / 1e9 or float(event.get("time", time.time()))
    name = str(attrs.get("name", ""))
    ident = str(name if kind == "volume" else actor.get("ID") or name)
    if kind == "image" and action == "tag":
        ident = name  # a tag of an image that may be older: the tag is what was created
    return EngineObject(kind, ident, name, action, t)


class AnsweredRequests(Protocol):
    """What a socket proxy in front of the engine saw it answer the system with (the suite's
    UnixSocketProxy is one): the objects it named as created and the images it loaded."""

    @property
    def created(self) -> set[str]: ...

    @property
    def loaded(self) -> list[Any]: ...


class EngineEventRecorder:
    """Follows the engine's events in a thread from ``start`` until ``stop``."""

    component = "engine-events"

    def __init__(self, client: docker.DockerClient, timeline: Timeline) -> None:
        self.client = client
        self.timeline = timeline
        self.events: list[dict[str, Any]] = []
        self._stream: Any = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()

    def start(self) -> EngineEventRecorder:
        """Subscribe; returns once the engine accepted the subscription."""
        self._stream = self.client.events(decode=True, since=int(time.time()) - 1)
        self._thread = threading.Thread(target=self._follow, daemon=True, name="faultbook-engine-events")
        self._thread.start()
        return self

    def _follow(self) -> None:
        with contextlib.suppress(Exception):  # the stream ends when closed
            for event in self._stream:
                self.events.append(event)
                created = _object(event)
                if created is not None:
                    self.timeline.mark(self.component, "engine.create", created.label,
                                       object_kind=created.kind, ident=created.ident, action=created.action)

    def stop(self, settle: float = 1.0) -> None:
        """Stop following (after ``settle`` seconds, for events still in flight)."""
        if self._thread is None:
            return
        self._thread.join(timeout=settle)
        with contextlib.suppress(Exception):
            self._stream.close()
        self._thread.join(timeout=5)
        self._thread = None

    def created(self) -> list[EngineObject]:
        """Every creation the engine announced (the suite's own excluded)."""
        return [obj for event in list(self.events) if (obj := _object(event)) is not None]

    def created_by(self, proxy: AnsweredRequests) -> list[EngineObject]:
        """The creations the engine answered the system's own requests with (through ``proxy``);
        an image load is named by the reference the engine answered the system with."""
        mine: list[EngineObject] = []
        for obj in self.created():
            if obj.action in LOADS:
                mine.extend(EngineObject("image", img.ref, img.ref, obj.action, img.t)
                            for img in proxy.loaded if abs(img.t - obj.t) <= ATTRIBUTION_WINDOW
                            and all(m.ident != img.ref for m in mine))
            elif obj.ident in proxy.created or obj.name in proxy.created:
                mine.append(obj)
        return mine


def still_present(client: docker.DockerClient, objects: Iterable[EngineObject]) -> dict[str, str]:
    """Which of ``objects`` the engine still has, each with its state ('running', 'present'...)."""
    found: dict[str, str] = {}
    for obj in objects:
        with contextlib.suppress(docker.errors.NotFound, docker.errors.APIError):
            found[obj.label] = KINDS[obj.kind].state(client, obj)
    return found


def remove(client: docker.DockerClient, objects: Iterable[EngineObject]) -> list[str]:
    """Remove exactly ``objects`` (containers first, images last); returns what was removed."""
    removed = []
    for obj in sorted(objects, key=lambda o: KINDS[o.kind].order):
        with contextlib.suppress(docker.errors.NotFound, docker.errors.APIError):
            KINDS[obj.kind].remove(client, obj)
            removed.append(obj.label)
    return removed
