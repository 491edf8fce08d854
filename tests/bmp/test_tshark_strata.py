"""tshark agrees with the codec, value by value, on every stratum: each message type, each
AFI/SAFI reachable and withdrawn (EVPN by route type) and each path attribute kind, drawn
within what tshark 4.0 guesses right (4-octet AS, no ADD-PATH), one message per connection so
no guess carries over. Its blind spots are the ones listed in test_tshark_sessions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from faultbook.bmp.codec import encode
from faultbook.bmp.pcap import write_pcap_streams
from faultbook.bmp.strategies import STRATA

from .test_strata import assert_every_family, drawn
from .tshark_fields import MESSAGE_FIELDS, disagreements, tshark_rows

TSHARK = shutil.which("tshark")
pytestmark = pytest.mark.skipif(TSHARK is None, reason="tshark is not installed")

#: UPDATE fields the strata must compare with values (every other is compared when present)
CORE_VALUES = frozenset({
    "bgp.withdrawn_prefix", "bgp.nlri_prefix", "bgp.prefix_length",
    "bgp.update.path_attribute.origin", "bgp.update.path_attribute.as_path_segment.type",
    "bgp.update.path_attribute.as_path_segment.as4", "bgp.update.path_attribute.next_hop",
    "bgp.update.path_attribute.multi_exit_disc", "bgp.update.path_attribute.local_pref",
    "bgp.update.path_attribute.originator_id", "bgp.update.path_attribute.aggregator_as",
    "bgp.update.path_attribute.community_as", "bgp.update.path_attribute.community_value",
    "bgp.large_communities.ga", "bgp.large_communities.ldp1", "bgp.large_communities.ldp2",
    "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv4",
    "bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6",
    "bgp.mp_reach_nlri_ipv4_prefix", "bgp.mp_reach_nlri_ipv6_prefix",
    "bgp.mp_unreach_nlri_ipv4_prefix", "bgp.mp_unreach_nlri_ipv6_prefix",
    "bgp.update.path_attribute.mp_unreach_nlri.afi", "bgp.rd", "bgp.label_stack",
    "bgp.evpn.nlri.rt",
})


def test_tshark_reads_every_stratum(tmp_path: Path) -> None:
    assert TSHARK is not None
    assert_every_family(tshark_safe=True)
    msgs = [m for s in STRATA for m in drawn(s, tshark_safe=True)]
    write_pcap_streams(tmp_path / "strata.pcap", [[encode(m)] for m in msgs], mss=60000)
    rows = tshark_rows(TSHARK, tmp_path / "strata.pcap", 11019, MESSAGE_FIELDS)
    assert len(rows) == len(msgs)
    mismatches, compared = disagreements(msgs, rows)
    assert not mismatches, "\n".join(mismatches[:20])
    assert {f for f, n in compared.items() if n} >= CORE_VALUES, compared
