"""Acceptance (issue 6 §5): a Vietnamese scan received at the counter becomes a searchable PDF
through the worker, and officers find its key phrases with and without diacritics.

Real OCR (ocrmypdf + tesseract `vie`), about 3 s of CPU for the one page. Like the other OCR,
browser and concurrency tests it runs on PostgreSQL only (architecture.md, "Tests and CI").
Without tesseract it is skipped on a developer's machine, and fails on CI (CI set), which
installs tesseract-ocr-vie.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from motcua.accounts.models import User
from motcua.backoffice.intake import Scan, WalkIn, receive_walk_in
from motcua.documents.choices import TextSource, TextState
from motcua.documents.models import StoredFile
from motcua.dossiers.choices import Channel
from motcua.dossiers.tests.factories import CENTRE, COMMITTEE, agency, version

from . import samples

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="OCR tests run on PostgreSQL only (architecture.md)",
    ),
    pytest.mark.django_db(transaction=True),
]
LINES = (
    "GIẤY KHAI SINH",
    "Họ, chữ đệm, tên: Nguyễn Thị Hương",
    "Nơi sinh: phường Bắc Kạn, tỉnh Thái Nguyên",
)


@pytest.fixture
def tesseract_vie() -> None:
    """tesseract with its Vietnamese data; skipped without it, except on CI, which fails."""
    found = shutil.which("tesseract")
    languages = (
        subprocess.run(
            [found, "--list-langs"], capture_output=True, text=True, check=False
        ).stdout.split()
        if found
        else []
    )
    if "vie" not in languages:
        message = "tesseract with Vietnamese (apt install tesseract-ocr tesseract-ocr-vie)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run OCR: no {message}")
        pytest.skip(f"no {message}")


@pytest.mark.usefixtures("tesseract_vie")
def test_a_counter_scan_is_recognised_and_found_by_its_key_phrases(
    client, demo_catalog, counter_cuong: User, officer_binh: User, citizen_an: User
):
    procedure = version("1.004222")
    document = procedure.documents.order_by("position")[0]
    scan = SimpleUploadedFile(
        "giay-khai-sinh.png", samples.vietnamese_scan(*LINES), content_type="image/png"
    )
    dossier = receive_walk_in(
        WalkIn(
            officer=counter_cuong,
            counter=agency(CENTRE),
            applicant=citizen_an,
            version=procedure,
            competent_agency=agency(COMMITTEE),
            channel=Channel.IN_PERSON,
            scans=[Scan(document=document, upload=scan)],
        )
    )

    out = io.StringIO()
    call_command("run_worker", "--once", "--worker-id", "ocr-test", stdout=out)

    stored = StoredFile.objects.get()
    paper = dossier.papers.get()
    assert (stored.text_state, stored.text_source) == (TextState.DONE, TextSource.OCR), (
        stored.text_error
    )
    assert paper.file == stored.name
    assert stored.content_type == "application/pdf"
    assert stored.scan_name.endswith(".png")
    for phrase in ("Giấy khai sinh", "Nguyễn Thị Hương", "phường Bắc Kạn, tỉnh Thái Nguyên"):
        assert phrase.lower() in stored.text.lower()
    client.force_login(officer_binh)
    for query in ("Nguyễn Thị Hương", "nguyen thi huong", "bac kan thai nguyen"):
        found = client.get("/api/v1/papers/search", {"q": query}).json()
        assert [item["paper_id"] for item in found["items"]] == [paper.pk], query
        assert found["items"][0]["recognised"] is True
    page = client.get(f"/mot-cua/ho-so/{dossier.code}/giay-to/{paper.pk}/")
    assert page["Content-Type"] == "application/pdf"
