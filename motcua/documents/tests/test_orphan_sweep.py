"""Files left by a killed request are swept by the worker (security review D13)."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from motcua.documents.models import StoredFile
from motcua.dossiers.models import Paper
from motcua.dossiers.tests.factories import walk_in
from motcua.outbox.periodic import periodic_jobs, run_job

pytestmark = pytest.mark.django_db

TWO_DAYS = 2 * 24 * 3600


def _file(root: Path, name: str, *, age: float = 0) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    if age:
        then = time.time() - age
        os.utime(path, (then, then))
    return path


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_d13_orphan_file_removed_by_periodic_sweep(media: Path, citizen_an):
    orphan = _file(media, "papers/2026/12/3d081f1c-0000-4000-8000-000000000001.pdf", age=TWO_DAYS)
    fresh = _file(media, "papers/2026/12/56a42893-0000-4000-8000-000000000002.pdf")
    stored = StoredFile.store(
        io.BytesIO(b"%PDF-1.4\n%%EOF\n"),
        extension="pdf",
        filename="to-khai.pdf",
        content_type="application/pdf",
        owner=citizen_an,
    )
    kept = Path(default_storage.path(stored.name))
    then = time.time() - TWO_DAYS
    os.utime(kept, (then, then))
    [job] = [j for j in periodic_jobs() if j.name == "orphan-files"]

    assert run_job(job)

    assert not orphan.exists()
    assert fresh.exists()  # may belong to a request still running
    assert kept.exists()  # a stored file's bytes


def test_d13_a_scan_kept_beside_its_pdf_and_a_papers_file_stay(
    media: Path, demo_catalog, counter_cuong, citizen_an
):
    stored = StoredFile.store(
        io.BytesIO(b"%PDF-1.4\n%%EOF\n"),
        extension="pdf",
        filename="anh.pdf",
        content_type="application/pdf",
        owner=citizen_an,
    )
    scan = _file(media, "papers/2026/12/scan.jpg", age=TWO_DAYS)
    StoredFile.objects.filter(pk=stored.pk).update(scan_name="papers/2026/12/scan.jpg")
    named = _file(media, "papers/2026/12/named-by-a-paper.pdf", age=TWO_DAYS)
    dossier = walk_in(counter_cuong, citizen_an)
    Paper.objects.create(
        dossier=dossier, name="Tờ khai", file="papers/2026/12/named-by-a-paper.pdf"
    )
    out = io.StringIO()

    call_command("sweep_orphan_files", stdout=out)

    assert scan.exists()
    assert named.exists()
    assert "Orphan files deleted: 0" in out.getvalue()
