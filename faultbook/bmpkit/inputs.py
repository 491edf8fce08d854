"""Named BMP inputs pinned by hand, as hex: the malformations a collector's guide describes and
the inputs that exposed real defects. Each is what one router connection carries after a valid
Initiation and Peer Up (unless its entry says it is sent alone)."""

from __future__ import annotations

#: a Route Monitoring's common header and per-peer header (peer 192.0.2.9, AS 65009)
RM_PEER = "030000005f0000000000000000000000000000000000000000000000c00002090000fdf10a0000096b0137470004e9ae"
MARKER = "ffffffffffffffffffffffffffffffff"
ATTRS = "4001010040020602010000fdf1400304c0000209"

#: BGP length 19 (0x0013) for a 47-octet UPDATE
BGP_LEN_19 = RM_PEER + MARKER + "0013" + "02" + "0000" + "0014" + ATTRS + "180a6300"
#: NEXT_HOP length 255, past the attribute area
ATTR_OVERRUN = (RM_PEER + MARKER + "002f" + "02" + "0000" + "0014" + ATTRS[:-14] + "4003ff"
                + ATTRS[-8:] + "180a6300")
#: the BGP marker's first octet 0
BAD_MARKER = RM_PEER + "00" + MARKER[2:] + "002f" + "02" + "0000" + "0014" + ATTRS + "180a6300"
#: a BMP common header announcing 4 GiB, then 20 octets (the router then closes)
LONG_THEN_EOF = "03ffffffff00" + "00" * 20
#: an Initiation with BMP version 0 (sent alone)
VERSION_0 = "000000001f040001000a626d702066757a7a65720002000766757a7a2d7231"
#: an Initiation with BMP length 0 (sent alone)
LENGTH_0 = "0300000000040001000a626d702066757a7a65720002000766757a7a2d7231"
#: a message of unknown type 7
UNKNOWN_TYPE = "030000001a070000000000000000000000000000000000000000"

#: found by the session fuzzer, minimised by hand: a Peer Up whose OPENs lack the 4-octet AS
#: capability (a 2-octet AS session), then a Route Monitoring whose UPDATE has AS4_PATH, NLRI and
#: no AS_PATH
AS4_WITHOUT_AS_PATH = (
    "030000009b0302400000000000000164000000000000000000000000000dacc400001692000093660005797b"
    "000004da00000000000000000000000042a09e937c75aee7ffffffffffffffffffffffffffffffff00280104"
    "6c9c00cd223036920b0f010d020671040c5bb6dcffffffffffffffffffffffffffffffff002301040097031f"
    "000000d406e8040569d73f000000014a000000037c654e"
    "03000000710002400000000000000164000000000000000000000000000dacc400001692000093660005797b"
    "000004daffffffffffffffffffffffffffffffff00410200000026d01100220208000008b7000757c973fe5d"
    "8a000000020000000205801d1c0000015f079d8423181790a9")
