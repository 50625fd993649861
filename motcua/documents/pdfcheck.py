"""Two checks of an uploaded PDF's raw bytes, cheap enough for the web request (security review
D2 and its note on polyglots). No PDF library: a damaged cross-reference table must not stop
them, and they must not do more work than they allow.

- inflated_size(): how many bytes the PDF's compressed streams inflate to, counted up to a
  budget and no further. A "decompression bomb" (77 KB that pdfminer inflates to 50 MB and
  then needs minutes and GBs to parse) is refused at intake; the sandbox of the worker stops
  the rest. Every `stream` … `endstream` region is fed to zlib in pieces with `max_length`, the
  output counted and thrown away: no more than `budget` and a few 64 KB pieces are inflated,
  and never more than a piece is held. A stream whose inflated bytes are zlib data again
  (`/Filter [/FlateDecode /FlateDecode]`) is followed through up to _DEPTH layers, each
  layer's output counted. Streams that are not zlib (JPEG photos) stop at their first bytes.
- without_trailing_data(): the PDF cut after its last `%%EOF` line, when something other than
  white space follows it (a ZIP appended to make a PDF/ZIP polyglot). PDF readers ignore
  what follows; other programs must not find it in our storage.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Iterator

_PIECE = 64 * 1024  # bytes of input, and at most of output, per step
_DEPTH = 3  # zlib layers followed inside one stream
# "stream" then CRLF or LF starts a stream's data ("endstream" is not a start).
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_ENDSTREAM = re.compile(rb"endstream")
_EOF = re.compile(rb"%%EOF[ \t]*(?:\r\n|\r|\n)?")
_WHITE = b"\x00\t\n\x0c\r "


def inflated_size(pdf: bytes, budget: int) -> int:
    """The bytes the zlib streams of `pdf` inflate to, or some number over `budget` as soon as
    the total passes it."""
    ends = [m.start() for m in _ENDSTREAM.finditer(pdf)]
    view = memoryview(pdf)
    total, position = 0, 0
    while total <= budget and (found := _STREAM.search(pdf, position)):
        start = found.end()
        # The data runs to the next "endstream" (or the end of the file when none follows);
        # the next stream is looked for after it, so no byte is fed to zlib twice.
        after = bisect_left(ends, start)
        stop = ends[after] if after < len(ends) else len(pdf)
        for piece in _layers(_pieces(view[start:stop]), _DEPTH):
            total += len(piece)
            if total > budget:
                break
        position = max(stop, start)
    return total


def _pieces(data: memoryview) -> Iterator[bytes]:
    for offset in range(0, len(data), _PIECE):
        yield bytes(data[offset : offset + _PIECE])


def _layers(pieces: Iterable[bytes], depth: int) -> Iterator[bytes]:
    """Every piece inflated from `pieces`, and, while the output is zlib data again and layers
    are left, every piece inflated from that output too: all of them count."""
    inflated = _inflate(pieces)
    first = next(inflated, b"")
    yield first
    if depth <= 1 or not _looks_like_zlib(first):
        yield from inflated
        return
    passed: list[bytes] = []

    def outer() -> Iterator[bytes]:
        yield first
        for piece in inflated:
            passed.append(piece)
            yield piece

    for inner in _layers(outer(), depth - 1):
        yield inner
        yield from passed
        passed.clear()
    yield from passed
    yield from inflated  # what follows where the inner layer stopped (damaged, or ended)


def _inflate(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """`pieces` inflated, at most _PIECE bytes out per step; stops quietly where the data stops
    being zlib (not compressed, damaged, or past the end of its compressed data)."""
    inflater = zlib.decompressobj()
    for piece in pieces:
        data = piece
        while data and not inflater.eof:
            try:
                out = inflater.decompress(data, _PIECE)
            except zlib.error:
                return
            if out:
                yield out
            data = inflater.unconsumed_tail
        if inflater.eof:
            return


def _looks_like_zlib(data: bytes) -> bool:
    """A zlib header: deflate with a window of at most 32 KB, and the header's check bits."""
    return (
        len(data) >= 2
        and data[0] & 0x0F == 8
        and data[0] >> 4 <= 7
        and (data[0] << 8 | data[1]) % 31 == 0
    )


def without_trailing_data(pdf: bytes) -> bytes:
    """`pdf` up to its last `%%EOF` line (with its end of line), when what follows is more than
    white space; otherwise `pdf` as it is (also a PDF without `%%EOF`)."""
    last = None
    for found in _EOF.finditer(pdf):
        last = found
    if last is None or not pdf[last.end() :].strip(_WHITE):
        return pdf
    return pdf[: last.end()]
