"""The recorded FRR 8.4 / GoBGP 3.10 captures in tests/bmp/corpus (README there) and how to
read them: each BMP connection with the dialect of the speaker its Initiation names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from faultbook.bmp.bmp import Message
from faultbook.bmp.codec import iter_messages
from faultbook.bmp.dialects import DialectSessions
from faultbook.bmp.pcap import streams_to_port

CORPUS = Path(__file__).parent / "corpus"


@dataclass(frozen=True)
class Recording:
    """One capture file and the collector port of its recording (README)."""

    file: str
    bmp_port: int

    @property
    def path(self) -> Path:
        return CORPUS / self.file

    def streams(self) -> dict[int, bytes]:
        """The speaker-to-collector byte streams, keyed by the speaker's source port."""
        return {f.sport: d for f, d in streams_to_port(self.path, self.bmp_port).items()}


IPV4 = Recording("frr_gobgp_sessions.pcapng", 54561)
IPV6 = Recording("frr_gobgp_ipv6.pcapng", 51211)
RECORDINGS = (IPV4, IPV6)


def decoded(stream: bytes) -> tuple[str, list[Message]]:
    """The dialect name and the messages of one BMP connection."""
    sessions = DialectSessions()
    msgs = list(iter_messages(stream, sessions=sessions))
    return sessions.dialect.name, msgs
