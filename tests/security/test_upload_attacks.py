"""The upload attack set of the security review (§1.3), sent as the review sent it: to
POST /api/v1/drafts/{id}/papers with citizen_an's write token, into the contract slot of her
draft. A refused file gets 422 with a message naming it; an acceptable one gets 201.

The multipart bodies are written by hand: a test client would drop the path from
"../../etc/passwd.pdf" before the server ever saw it. Every file is made on the spot.
"""

from __future__ import annotations

import io
import secrets
import zipfile
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.catalog.models import RequiredDocument
from motcua.documents.tests import samples
from motcua.submissions.models import Draft

from .conftest import RENTING_CASE, bearer

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>\n"
)
MEGABYTE = 1024 * 1024


def multipart(
    document: int, filename: str, content: bytes, content_type: str = "application/pdf"
) -> tuple[bytes, str]:
    """A multipart body with the slot and one file, its name sent byte for byte (UTF-8)."""
    boundary = f"motcua-{secrets.token_hex(8)}"
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="document"\r\n\r\n{document}\r\n'
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    )
    tail = f"\r\n--{boundary}--\r\n"
    return head.encode() + content + tail.encode(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def upload(an_draft: Draft, citizen_an: User) -> Any:
    """Send one file into the contract slot of citizen_an's draft, with her write token."""
    slot = RequiredDocument.objects.get(
        version=an_draft.procedure_version, group=RENTING_CASE, name__startswith="Hợp đồng"
    )
    authorization = bearer(citizen_an)

    def send(filename: str, content: bytes, content_type: str = "application/pdf") -> Any:
        body, multipart_type = multipart(slot.pk, filename, content, content_type)
        return Client().generic(
            "POST",
            f"/api/v1/drafts/{an_draft.pk}/papers",
            body,
            content_type=multipart_type,
            headers={"Authorization": authorization},
        )

    return send


def zip_first_polyglot() -> bytes:
    """A ZIP holding a program and a page, with a PDF after it: a ZIP to unzip tools."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.exe", samples.exe())
        archive.writestr("index.html", HTML)
    return out.getvalue() + samples.pdf()


def zip_bomb(megabytes: int = 200) -> bytes:
    """About 200 KB that unzip to `megabytes` MB of zeros."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("zeros.bin", "w", force_zip64=True) as member,
    ):
        block = bytes(MEGABYTE)
        for _ in range(megabytes):
            member.write(block)
    return out.getvalue()


def pdf_with_eicar() -> bytes:
    """A valid PDF whose second line is a comment holding the EICAR test string."""
    header, _newline, rest = samples.pdf().partition(b"\n")
    return header + b"\n%" + samples.eicar() + b"\n" + rest


# (attack, file name, content, content type the browser claims)
REFUSED = [
    ("exe_renamed_pdf", "setup.exe.pdf", samples.exe(), "application/pdf"),
    ("zip_first_polyglot", "hop-dong.pdf", zip_first_polyglot(), "application/pdf"),
    ("html_renamed_jpg", "anh.jpg", HTML, "image/jpeg"),
    ("html_behind_jpeg_magic", "anh-2.jpg", b"\xff\xd8\xff\xe0" + HTML, "image/jpeg"),
    ("svg_with_script", "hinh.svg", SVG, "image/svg+xml"),
    ("svg_renamed_png", "hinh.png", SVG, "image/png"),
    ("eicar_as_text_named_pdf", "eicar.pdf", samples.eicar(), "application/pdf"),
    ("png_30000x30000", "anh-lon.png", samples.png_bomb(30_000, 30_000), "image/png"),
    ("png_9000x9000", "anh-81mp.png", samples.png_bomb(9_000, 9_000), "image/png"),
    ("empty_file", "trong.pdf", b"", "application/pdf"),
]


@pytest.mark.parametrize(
    ("filename", "content", "content_type"),
    [row[1:] for row in REFUSED],
    ids=[row[0] for row in REFUSED],
)
def test_upload_attack_is_refused_with_a_message_naming_the_file(
    upload: Any, filename: str, content: bytes, content_type: str
) -> None:
    response = upload(filename, content, content_type)

    assert response.status_code == 422, response.content
    assert filename in response.json()["message"]


def test_upload_zip_bomb_renamed_pdf_is_refused_without_unzipping(upload: Any) -> None:
    response = upload("hop-dong.pdf", zip_bomb())

    assert response.status_code == 422, response.content
    assert "hop-dong.pdf" in response.json()["message"]


def test_upload_of_50_mb_is_refused_over_the_10_mb_limit(upload: Any) -> None:
    response = upload("lon.pdf", samples.pdf() + bytes(50 * MEGABYTE))

    assert response.status_code == 422, response.content
    message = response.json()["message"]
    assert "lon.pdf" in message
    assert "10 MB" in message


@pytest.mark.parametrize(
    ("filename", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\x.pdf", "x.pdf"),
    ],
    ids=["unix_path", "windows_path"],
)
def test_upload_name_with_a_path_is_refused(upload: Any, filename: str, shown: str) -> None:
    response = upload(filename, samples.pdf())

    assert response.status_code == 422, response.content
    assert shown in response.json()["message"]


def test_upload_name_of_300_characters_is_refused(upload: Any) -> None:
    filename = "hop-dong-thue-nha-" * 16 + "x" * 8 + ".pdf"  # 300 characters
    assert len(filename) == 300

    response = upload(filename, samples.pdf())

    assert response.status_code == 422, response.content
    assert filename[:40] in response.json()["message"]


@pytest.mark.parametrize(
    ("filename", "stored"),
    [
        ("a\x00b.exe.pdf", "ab.exe.pdf"),
        ("hop-dong\u202efdp.exe", "hop-dongfdp.exe.pdf"),
    ],
    ids=["nul_in_name", "rtl_override_in_name"],
)
def test_upload_name_is_stored_without_invisible_characters(
    upload: Any, filename: str, stored: str
) -> None:
    response = upload(filename, samples.pdf())

    assert response.status_code == 201, response.content
    assert response.json()["title"] == stored


def test_upload_of_a_sixth_file_into_one_slot_is_refused(upload: Any) -> None:
    for number in range(1, 6):
        assert upload(f"trang-{number}.pdf", samples.pdf()).status_code == 201

    response = upload("trang-6.pdf", samples.pdf())

    assert response.status_code == 422, response.content
    assert "5" in response.json()["message"]


@pytest.mark.usefixtures("clamd")  # skipped without a clamd, except on CI
def test_upload_eicar_inside_a_valid_pdf_is_refused_by_the_scanner(upload: Any) -> None:
    response = upload("hop-dong.pdf", pdf_with_eicar())

    assert response.status_code == 422, response.content
    assert "hop-dong.pdf" in response.json()["message"]
