"""A small client of clamd's INSTREAM command: send the bytes, get a signature name or None.

Our own few lines instead of a PyPI package: the `clamd` package has had no release since
2014 and `pyclamd` none since 2017, and the protocol is short (clamd(8), "INSTREAM"):

    zINSTREAM\\0, then chunks as <4-byte big-endian length><bytes>, then a zero length;
    the answer is "stream: OK", "stream: <signature> FOUND" or "<reason> ERROR", NUL-ended.

settings.CLAMD_ADDRESS is "host:port" or a unix socket path (starting with "/");
settings.CLAMD_TIMEOUT bounds connecting and each read or write, in seconds.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable, Iterator

from django.conf import settings

# clamd refuses a chunk over StreamMaxLength; Django's upload chunks are 64 KiB already.
PIECE = 64 * 1024
_MAX_REPLY = 4096


class ScannerUnavailable(Exception):
    """clamd could not be reached or could not scan; the upload is refused (fail closed)."""


def scan(chunks: Iterable[bytes]) -> str | None:
    """Scan the bytes that `chunks` yields; the signature found, or None when clean.

    Raises ScannerUnavailable when clamd is not configured, cannot be reached, or answers
    with an error (its stream size limit, for one). Exceptions raised by `chunks` itself pass
    through unchanged.
    """
    address = settings.CLAMD_ADDRESS
    if not address:
        raise ScannerUnavailable("CLAMD_ADDRESS is not set")
    try:
        with _connect(address, settings.CLAMD_TIMEOUT) as sock:
            return _instream(sock, chunks)
    except OSError as exc:
        raise ScannerUnavailable(f"clamd at {address}: {exc}") from exc


def ping(address: str | None = None, timeout: float = 2.0) -> bool:
    """Whether clamd answers PONG at `address` (settings.CLAMD_ADDRESS by default)."""
    address = settings.CLAMD_ADDRESS if address is None else address
    if not address:
        return False
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zPING\0")
            return _read_reply(sock) == "PONG"
    except OSError:
        return False


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(address)
        except OSError:
            sock.close()
            raise
        return sock
    host, _sep, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise OSError(f"CLAMD_ADDRESS must be host:port or a socket path, not {address!r}")
    return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)


def _instream(sock: socket.socket, chunks: Iterable[bytes]) -> str | None:
    sock.sendall(b"zINSTREAM\0")
    try:
        for piece in _pieces(chunks):
            sock.sendall(struct.pack("!L", len(piece)) + piece)
        sock.sendall(struct.pack("!L", 0))
    except (BrokenPipeError, ConnectionResetError):
        # clamd stops reading and answers when the stream passes its limit: read why.
        pass
    return _verdict(_read_reply(sock))


def _pieces(chunks: Iterable[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        # An empty piece would end the stream early.
        for start in range(0, len(chunk), PIECE):
            yield chunk[start : start + PIECE]


def _read_reply(sock: socket.socket) -> str:
    reply = b""
    while b"\0" not in reply and len(reply) < _MAX_REPLY:
        data = sock.recv(_MAX_REPLY)
        if not data:
            break
        reply += data
    return reply.split(b"\0", 1)[0].decode("utf-8", "replace").strip()


def _verdict(reply: str) -> str | None:
    """None for "stream: OK", the signature for "stream: <name> FOUND"; otherwise raises."""
    if reply == "stream: OK":
        return None
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        return reply.removeprefix("stream: ").removesuffix(" FOUND")
    raise ScannerUnavailable(f"clamd answered {reply!r}")
