"""The outcome RFC 7606 prescribes for a received UPDATE, computed from its octets.

``update_outcome(bgp, context)`` reads one BGP message (19-octet header included) the way a
receiver with the given ``SessionContext`` would, and returns a ``Verdict``: the most severe
``Outcome`` any error calls for, why (the RFC rule), the attribute type involved and the offset.
Severity order: stored-as-sent < attribute-discard < treat-as-withdraw < afi-safi-disable <
session-reset. Rules applied:

* header errors, inconsistent Withdrawn Routes or Total Path Attribute Length: session reset
  (RFC 4271 6.1, 6.3);
* an attribute overrunning the attribute area, or too few octets left for an attribute header:
  treat-as-withdraw (RFC 7606 4);
* a second MP_REACH_NLRI or MP_UNREACH_NLRI: session reset; any other repeated attribute:
  attribute discard (RFC 7606 3 g);
* a malformed attribute (wrong length or value, or wrong Optional/Transitive flags, RFC 7606
  3 c): ORIGIN, AS_PATH (also a zero-length segment), NEXT_HOP, MED, LOCAL_PREF, COMMUNITIES,
  ORIGINATOR_ID, CLUSTER_LIST, EXTENDED COMMUNITIES, LARGE_COMMUNITY: treat-as-withdraw
  (RFC 7606 7.1-7.10, 7.14, RFC 8092 6); ATOMIC_AGGREGATE, AGGREGATOR, AS4_PATH,
  AS4_AGGREGATOR, AIGP: attribute discard (RFC 7606 7.6, 7.7, RFC 6793 6, RFC 7311 3.4);
  MP_REACH_NLRI/MP_UNREACH_NLRI: AFI/SAFI disable when the AFI/SAFI is readable and other
  families were negotiated, else session reset (RFC 7606 7.11, 5.3); attributes RFC 7606 does
  not revise (PMSI_TUNNEL): session reset (RFC 4271 6.3);
* AS4_PATH or AS4_AGGREGATOR on a 4-octet AS session: attribute discard (RFC 6793 3);
* an unrecognized well-known attribute: session reset (RFC 4271 6.3);
* NLRI present without ORIGIN or AS_PATH, or IPv4 NLRI without NEXT_HOP: treat-as-withdraw
  (RFC 7606 3 d);
* a withdrawn-routes or NLRI field that does not parse (prefix length, overrun, path
  identifiers the context does not expect or misses): AFI/SAFI disable for IPv4 unicast when
  other families were negotiated, else session reset (RFC 7606 5.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ._reader import Reader
from .bgp import (
    AFI_IPV4,
    BGP_HEADER_LENGTH,
    DEFAULT_CONTEXT,
    MARKER,
    SAFI_UNICAST,
    AsPath,
    AttrFlag,
    AttrType,
    SessionContext,
    decode_attribute,
)
from .bgp.prefix import decode_prefixes
from .errors import DecodeError

__all__ = ["Outcome", "Verdict", "update_outcome"]


class Outcome(Enum):
    """What a receiver does with an UPDATE, in increasing severity."""

    STORED_AS_SENT = "stored-as-sent"
    ATTRIBUTE_DISCARD = "attribute-discard"
    TREAT_AS_WITHDRAW = "treat-as-withdraw"
    AFI_SAFI_DISABLE = "afi-safi-disable"
    SESSION_RESET = "session-reset"

    @property
    def severity(self) -> int:
        """Position in the order above."""
        return list(Outcome).index(self)


@dataclass(frozen=True)
class Verdict:
    """The expected outcome, the rule that gives it, the attribute type (if any) and offset."""

    outcome: Outcome
    reason: str = "well-formed"
    type_code: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class _Rule:
    """How one attribute type is checked: the action for a malformed one and its flags."""

    action: Outcome
    optional: bool
    transitive: bool
    rfc: str
    nonzero: bool = False


_TAW, _DISCARD, _RESET = Outcome.TREAT_AS_WITHDRAW, Outcome.ATTRIBUTE_DISCARD, Outcome.SESSION_RESET
_RULES: dict[int, _Rule] = {
    AttrType.ORIGIN: _Rule(_TAW, False, True, "RFC 7606 7.1"),
    AttrType.AS_PATH: _Rule(_TAW, False, True, "RFC 7606 7.2"),
    AttrType.NEXT_HOP: _Rule(_TAW, False, True, "RFC 7606 7.3"),
    AttrType.MULTI_EXIT_DISC: _Rule(_TAW, True, False, "RFC 7606 7.4"),
    AttrType.LOCAL_PREF: _Rule(_TAW, False, True, "RFC 7606 7.5"),
    AttrType.ATOMIC_AGGREGATE: _Rule(_DISCARD, False, True, "RFC 7606 7.6"),
    AttrType.AGGREGATOR: _Rule(_DISCARD, True, True, "RFC 7606 7.7"),
    AttrType.COMMUNITIES: _Rule(_TAW, True, True, "RFC 7606 7.8", nonzero=True),
    AttrType.ORIGINATOR_ID: _Rule(_TAW, True, False, "RFC 7606 7.9"),
    AttrType.CLUSTER_LIST: _Rule(_TAW, True, False, "RFC 7606 7.10", nonzero=True),
    AttrType.MP_REACH_NLRI: _Rule(_RESET, True, False, "RFC 7606 7.11"),
    AttrType.MP_UNREACH_NLRI: _Rule(_RESET, True, False, "RFC 7606 7.11"),
    AttrType.EXTENDED_COMMUNITIES: _Rule(_TAW, True, True, "RFC 7606 7.14", nonzero=True),
    AttrType.AS4_PATH: _Rule(_DISCARD, True, True, "RFC 6793 6"),
    AttrType.AS4_AGGREGATOR: _Rule(_DISCARD, True, True, "RFC 6793 6"),
    AttrType.PMSI_TUNNEL: _Rule(_RESET, True, True, "RFC 4271 6.3 (not revised by RFC 7606)"),
    AttrType.AIGP: _Rule(_DISCARD, True, False, "RFC 7311 3.4"),
    AttrType.LARGE_COMMUNITY: _Rule(_TAW, True, True, "RFC 8092 6", nonzero=True),
}
_MP = (AttrType.MP_REACH_NLRI, AttrType.MP_UNREACH_NLRI)


class _Findings:
    """Collects verdicts and keeps the most severe (the first of equal severity)."""

    def __init__(self) -> None:
        self.worst = Verdict(Outcome.STORED_AS_SENT)

    def add(self, outcome: Outcome, reason: str, type_code: int | None, offset: int) -> None:
        if outcome.severity > self.worst.outcome.severity:
            self.worst = Verdict(outcome, reason, type_code, offset)


def _nlri_outcome(ctx: SessionContext, afi: int, safi: int) -> Outcome:
    others = ctx.families - {(afi, safi)}
    if ctx.negotiated(afi, safi) and others:
        return Outcome.AFI_SAFI_DISABLE
    return Outcome.SESSION_RESET


def _mp_outcome(value: bytes, ctx: SessionContext) -> Outcome:
    if len(value) < 3:
        return Outcome.SESSION_RESET
    return _nlri_outcome(ctx, int.from_bytes(value[:2], "big"), value[2])


def _check_attribute(
    data: bytes, start: int, end: int, flags: int, type_code: int, ctx: SessionContext,
    found: _Findings,
) -> None:
    rule = _RULES.get(type_code)
    if rule is None:
        if not flags & AttrFlag.OPTIONAL:
            found.add(_RESET, "unrecognized well-known attribute (RFC 4271 6.3)", type_code, start)
        return
    value = data[start:end]
    action = _mp_outcome(_value_of(data, start, end), ctx) if type_code in _MP else rule.action
    if bool(flags & AttrFlag.OPTIONAL) != rule.optional or (
        rule.transitive and not flags & AttrFlag.TRANSITIVE
    ) or (not rule.transitive and flags & AttrFlag.TRANSITIVE):
        found.add(action, f"attribute flags {flags:#04x} ({rule.rfc}, RFC 7606 3 c)", type_code, start)
        return
    try:
        attr = decode_attribute(Reader(value, "attribute"), ctx)
    except DecodeError as e:
        found.add(action, f"malformed: {e} ({rule.rfc})", type_code, start)
        return
    if rule.nonzero and not _value_of(data, start, end):
        found.add(action, f"zero length ({rule.rfc})", type_code, start)
    if isinstance(attr, AsPath) and any(not s.asns for s in attr.segments):
        found.add(action, f"zero-length AS_PATH segment ({rule.rfc})", type_code, start)
    if type_code in (AttrType.AS4_PATH, AttrType.AS4_AGGREGATOR) and ctx.four_octet_as:
        found.add(_DISCARD, "AS4_* from a 4-octet AS speaker (RFC 6793 3)", type_code, start)


def _value_of(data: bytes, start: int, end: int) -> bytes:
    head = 4 if data[start] & AttrFlag.EXTENDED_LENGTH else 3
    return data[start + head : end]


def _attributes(
    data: bytes, pos: int, end: int, ctx: SessionContext, found: _Findings
) -> set[int]:
    seen: set[int] = set()
    while pos < end:
        flags = data[pos]
        head = 4 if flags & AttrFlag.EXTENDED_LENGTH else 3
        if end - pos < head:
            found.add(_TAW, "too few octets for an attribute header (RFC 7606 4)", None, pos)
            return seen
        type_code = data[pos + 1]
        length = int.from_bytes(data[pos + 2 : pos + head], "big")
        if pos + head + length > end:
            found.add(_TAW, "attribute overruns the attribute area (RFC 7606 4)", type_code, pos)
            return seen
        if type_code in seen:
            dup = _RESET if type_code in _MP else _DISCARD
            found.add(dup, "repeated attribute (RFC 7606 3 g)", type_code, pos)
        else:
            seen.add(type_code)
            _check_attribute(data, pos, pos + head + length, flags, type_code, ctx, found)
        pos += head + length
    return seen


def _prefix_field(data: bytes, start: int, end: int, ctx: SessionContext, found: _Findings) -> int:
    """Parse an IPv4 unicast prefix field; return the number of prefixes (0 on error)."""
    try:
        r = Reader(data, "BGP UPDATE", start, end)
        return len(decode_prefixes(r, AFI_IPV4, "prefix", False, ctx.path_ids(AFI_IPV4, SAFI_UNICAST)))
    except DecodeError as e:
        found.add(_nlri_outcome(ctx, AFI_IPV4, SAFI_UNICAST), f"{e} (RFC 7606 5.3)", None, start)
        return 0


def update_outcome(bgp: bytes, context: SessionContext = DEFAULT_CONTEXT) -> Verdict:
    """The RFC 7606 outcome of receiving the BGP message ``bgp`` on a session with ``context``."""
    found = _Findings()
    data = bytes(bgp)
    n = len(data)
    if n < BGP_HEADER_LENGTH + 4 or data[:16] != MARKER or data[18] != 2:
        return Verdict(_RESET, "not an UPDATE with a valid header (RFC 4271 6.1)")
    if int.from_bytes(data[16:18], "big") != n:
        return Verdict(_RESET, "BGP length differs from the message (RFC 4271 6.1)", None, 16)
    wlen = int.from_bytes(data[19:21], "big")
    if 21 + wlen + 2 > n:
        return Verdict(_RESET, "Withdrawn Routes Length overruns (RFC 4271 6.3)", None, 19)
    _prefix_field(data, 21, 21 + wlen, context, found)
    apos = 21 + wlen
    alen = int.from_bytes(data[apos : apos + 2], "big")
    if apos + 2 + alen > n:
        return Verdict(_RESET, "Total Path Attribute Length overruns (RFC 4271 6.3)", None, apos)
    seen = _attributes(data, apos + 2, apos + 2 + alen, context, found)
    nlri = _prefix_field(data, apos + 2 + alen, n, context, found)
    if nlri or AttrType.MP_REACH_NLRI in seen:
        missing = [t for t in (AttrType.ORIGIN, AttrType.AS_PATH) if t not in seen]
        if nlri and AttrType.NEXT_HOP not in seen:
            missing.append(AttrType.NEXT_HOP)
        for t in missing:
            found.add(_TAW, f"missing well-known mandatory {t.name} (RFC 7606 3 d)", int(t), apos)
    return found.worst
