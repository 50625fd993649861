"""The admin shows stored files read-only, and the repository papers without their files."""

from __future__ import annotations

import pytest

from motcua.documents.checks import DEFAULT_TYPES, UploadRules
from motcua.documents.intake import accept
from motcua.documents.models import RepositoryPaper
from motcua.documents.repository import seed_demo_repository

from . import samples

pytestmark = pytest.mark.django_db


def test_the_administrator_sees_stored_files_but_cannot_change_them(client, admin_em):
    stored = accept(
        samples.upload("don.pdf", samples.pdf()), UploadRules(DEFAULT_TYPES, 10**7), owner=None
    )
    client.force_login(admin_em)

    listing = client.get("/admin/documents/storedfile/")
    page = client.get(f"/admin/documents/storedfile/{stored.pk}/change/")

    assert listing.status_code == 200
    assert "don.pdf" in listing.text
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert client.get("/admin/documents/storedfile/add/").status_code == 403


def test_the_administrator_corrects_a_repository_paper_but_not_its_file(client, admin_em):
    seed_demo_repository()
    paper = RepositoryPaper.objects.get(title="Giấy khai sinh")
    client.force_login(admin_em)

    page = client.get(f"/admin/documents/repositorypaper/{paper.pk}/change/")

    assert page.status_code == 200
    assert 'name="issuer"' in page.text
    assert 'name="file"' not in page.text
    assert client.get("/admin/documents/repositorypaper/add/").status_code == 403
