"""What a BGP session negotiated, as needed to decode its UPDATEs (RFC 6793, RFC 7911, RFC 4760)."""

from __future__ import annotations

from dataclasses import dataclass

from .common import AFI_IPV4, SAFI_UNICAST

__all__ = ["DEFAULT_CONTEXT", "Family", "SessionContext"]

Family = tuple[int, int]


@dataclass(frozen=True)
class SessionContext:
    """Decoding context of one direction of one BGP session.

    ``four_octet_as``: AS numbers in AS_PATH and AGGREGATOR take 4 octets (both OPENs carried
    capability 65 and the BMP per-peer A flag is clear). ``add_path``: the AFI/SAFIs whose NLRI
    carry a 4-octet path identifier in this direction. ``families``: the AFI/SAFIs negotiated by
    multiprotocol capabilities (IPv4 unicast alone when neither OPEN carried one).
    """

    four_octet_as: bool = True
    add_path: frozenset[Family] = frozenset()
    families: frozenset[Family] = frozenset({(AFI_IPV4, SAFI_UNICAST)})

    def path_ids(self, afi: int, safi: int) -> bool:
        """Whether NLRI of this AFI/SAFI carry path identifiers."""
        return (afi, safi) in self.add_path

    def negotiated(self, afi: int, safi: int) -> bool:
        """Whether this AFI/SAFI was negotiated."""
        return (afi, safi) in self.families

    @classmethod
    def legacy(cls, four_byte_as: bool) -> SessionContext:
        """The context the old ``four_byte_as`` flag stood for (no ADD-PATH)."""
        return DEFAULT_CONTEXT if four_byte_as else cls(four_octet_as=False)


DEFAULT_CONTEXT = SessionContext()
