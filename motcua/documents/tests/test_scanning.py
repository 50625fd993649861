"""The clamd INSTREAM client: against a real clamd when one runs (always on CI), and against a
stand-in server for the answers a real one gives only in trouble."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable

import pytest

from motcua.documents import scanning
from motcua.documents.checks import DEFAULT_TYPES, Rejected, UploadRules
from motcua.documents.intake import accept
from motcua.documents.models import StoredFile

from . import samples

RULES = UploadRules(DEFAULT_TYPES, 10 * 1024 * 1024)


class StandInClamd:
    """A one-connection server on 127.0.0.1 that reads one INSTREAM and answers `reply`."""

    def __init__(self, reply: bytes) -> None:
        self.reply = reply
        self.received = b""
        self.server = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.server.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _peer = self.server.accept()
        with connection, self.server:
            assert connection.recv(10) == b"zINSTREAM\0"
            while size := struct.unpack("!L", self._exactly(connection, 4))[0]:
                self.received += self._exactly(connection, size)
            connection.sendall(self.reply)

    @staticmethod
    def _exactly(connection: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            data += connection.recv(size - len(data))
        return data


@pytest.fixture
def stand_in(settings) -> Callable[[bytes], StandInClamd]:
    def start(reply: bytes) -> StandInClamd:
        server = StandInClamd(reply)
        settings.CLAMD_ADDRESS = server.address
        return server

    return start


def test_the_bytes_go_in_length_prefixed_chunks_and_ok_means_clean(stand_in):
    server = stand_in(b"stream: OK\0")

    assert scanning.scan([b"abc", b"", b"d" * 70_000]) is None
    server.thread.join(5)
    assert server.received == b"abc" + b"d" * 70_000


def test_found_gives_the_signature_name(stand_in):
    stand_in(b"stream: Win.Test.EICAR_HDB-1 FOUND\0")

    assert scanning.scan([b"x"]) == "Win.Test.EICAR_HDB-1"


def test_an_error_answer_means_the_scanner_is_unavailable(stand_in):
    stand_in(b"INSTREAM size limit exceeded. ERROR\0")

    with pytest.raises(scanning.ScannerUnavailable, match="size limit"):
        scanning.scan([b"x"])


@pytest.mark.parametrize("address", ["127.0.0.1:1", "/nonexistent/clamd.ctl", "nonsense"])
def test_an_unreachable_clamd_is_unavailable(settings, address):
    settings.CLAMD_ADDRESS = address

    with pytest.raises(scanning.ScannerUnavailable):
        scanning.scan([b"x"])
    assert scanning.ping() is False


@pytest.mark.django_db
def test_an_upload_is_refused_when_clamd_cannot_be_reached(settings, media):
    settings.CLAMD_ADDRESS = "127.0.0.1:1"

    with pytest.raises(Rejected) as caught:
        accept(samples.upload("don.pdf", samples.pdf()), RULES, owner=None)

    assert caught.value.message == (
        "“don.pdf” could not be checked for viruses just now. Please try again in a few minutes."
    )
    assert not StoredFile.objects.exists()


def test_the_real_clamd_finds_the_eicar_test_string(clamd):
    assert scanning.ping()
    assert scanning.scan([samples.eicar()])
    assert scanning.scan([samples.eicar() + b"\nand more text after it\n"])
    assert scanning.scan([b"%PDF-1.4\n", samples.eicar(), b"\n%%EOF\n"])
    assert scanning.scan([samples.pdf()]) is None


@pytest.mark.django_db
def test_a_pdf_carrying_the_eicar_test_string_is_refused(clamd, media):
    infected = b"%PDF-1.4\n" + samples.eicar() + b"\n" + samples.pdf()

    with pytest.raises(Rejected) as caught:
        accept(samples.upload("hoa-don.pdf", infected), RULES, owner=None)

    assert caught.value.message.startswith("“hoa-don.pdf”: the file contains malicious code (")
    assert not StoredFile.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.django_db
def test_a_clean_pdf_passes_the_real_clamd(clamd):
    stored = accept(samples.upload("don.pdf", samples.pdf()), RULES, owner=None)

    assert stored.content_type == "application/pdf"
