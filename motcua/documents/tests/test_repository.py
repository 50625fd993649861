"""The local stand-in of the citizen's e-data repository, and its demo papers."""

from __future__ import annotations

import hashlib
import io

import magic
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from motcua.documents.models import RepositoryPaper, StoredFile
from motcua.documents.repository import (
    LocalRepository,
    PaperNotFound,
    get_repository,
    seed_demo_repository,
)

pytestmark = pytest.mark.django_db
AN = "019085001234"


@pytest.fixture
def seeded() -> LocalRepository:
    seed_demo_repository()
    return LocalRepository()


def test_the_demo_citizen_has_her_papers_listed(seeded):
    items = {item.title: item for item in seeded.papers_for(AN)}

    assert {"Giấy khai sinh", "Căn cước công dân", "Giấy xác nhận thông tin về cư trú"} <= set(
        items
    )
    assert len(items) >= 4
    birth = items["Giấy khai sinh"]
    assert (birth.kind, birth.from_national) == ("verified", True)
    assert birth.issuer.startswith("UBND xã ")
    assert items["Căn cước công dân"].kind == "verified"
    assert items["Giấy xác nhận thông tin về cư trú"].kind == "result"


def test_each_demo_paper_is_a_valid_pdf(seeded):
    for item in seeded.papers_for(AN):
        with seeded.open(AN, item.ref) as handle:
            content = handle.read()
        assert magic.from_buffer(content[:2048], mime=True) == "application/pdf"
        assert (item.content_type, item.size) == ("application/pdf", len(content))


def test_seeding_again_adds_nothing_and_rewrites_a_lost_file(seeded):
    paper = RepositoryPaper.objects.get(id_number=AN, title="Giấy khai sinh")
    default_storage.delete(paper.file)

    assert seed_demo_repository() == 0

    assert RepositoryPaper.objects.filter(id_number=AN).count() == len(seeded.papers_for(AN))
    paper.refresh_from_db()
    assert default_storage.exists(paper.file)


def test_the_command_seeds_the_repository():
    out = io.StringIO()

    call_command("seed_repository", stdout=out)

    assert "019085001234: 4" in out.getvalue()
    assert RepositoryPaper.objects.filter(id_number=AN).count() == 4


def test_another_id_number_sees_nothing(seeded):
    ref = seeded.papers_for(AN)[0].ref

    assert seeded.papers_for("001085009999") == []
    assert seeded.papers_for("") == []
    assert seeded.get("001085009999", ref) is None
    assert seeded.get(AN, "not-a-reference") is None
    with pytest.raises(PaperNotFound):
        seeded.copy_to_store("001085009999", ref, owner=None)


def test_copy_to_store_makes_an_independent_stored_file(seeded, citizen_an):
    item = seeded.get(AN, seeded.papers_for(AN)[0].ref)
    assert item is not None
    paper = RepositoryPaper.objects.get(pk=item.ref)
    with default_storage.open(paper.file, "rb") as handle:
        original = handle.read()

    copy = seeded.copy_to_store(AN, item.ref, owner=citizen_an)
    default_storage.delete(paper.file)  # the repository changes; the dossier's copy stays

    assert isinstance(copy, StoredFile)
    assert copy.owner == citizen_an
    assert copy.name.startswith("papers/")
    assert copy.name != paper.file
    assert copy.filename == f"{item.title}.pdf"
    assert (copy.content_type, copy.size) == ("application/pdf", len(original))
    assert copy.sha256 == hashlib.sha256(original).hexdigest()
    with copy.open() as handle:
        assert handle.read() == original


def test_the_repository_comes_from_the_settings(settings):
    assert isinstance(get_repository(), LocalRepository)

    settings.PAPER_REPOSITORY = "motcua.documents.tests.test_repository.EmptyRepository"

    assert isinstance(get_repository(), EmptyRepository)


class EmptyRepository(LocalRepository):
    """A source of another class, as the national repository's client will be."""
