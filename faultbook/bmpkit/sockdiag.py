"""Accept-queue length of a listening TCP socket, asked of the kernel over NETLINK_SOCK_DIAG
(only the listening sockets are walked: far cheaper than rendering /proc/net/tcp)."""

from __future__ import annotations

import socket
import struct

NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
TCP_LISTEN = 10
_HDR = struct.Struct("=IHHII")
#: inet_diag_req_v2: family, protocol, ext, pad, states, then a zeroed inet_diag_sockid (48)
_REQ = struct.Struct("=BBBBI48x")
#: inet_diag_msg: family, state, timer, retrans, sockid (sport big-endian first), expires,
#: rqueue (for a listener: connections waiting to be accepted), wqueue, uid, inode
_MSG = struct.Struct("=BBBB2s46xIIIII")


def listen_queues(sock: socket.socket | None = None) -> dict[int, int]:
    """Each IPv4 listening TCP port and the connections in its accept queue."""
    own = sock is None
    nl = sock or socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG)
    try:
        body = _REQ.pack(socket.AF_INET, socket.IPPROTO_TCP, 0, 0, 1 << TCP_LISTEN)
        nl.send(_HDR.pack(_HDR.size + len(body), SOCK_DIAG_BY_FAMILY,
                          NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + body)
        out: dict[int, int] = {}
        while True:
            data = nl.recv(1 << 16)
            off = 0
            while off + _HDR.size <= len(data):
                length, kind, _, _, _ = _HDR.unpack_from(data, off)
                if kind == NLMSG_DONE:
                    return out
                if kind == NLMSG_ERROR or length < _HDR.size:
                    raise OSError("sock_diag refused the request")
                if length >= _HDR.size + _MSG.size:
                    msg = _MSG.unpack_from(data, off + _HDR.size)
                    out[struct.unpack(">H", msg[4])[0]] = msg[6]
                off += (length + 3) & ~3
    finally:
        if own:
            nl.close()
