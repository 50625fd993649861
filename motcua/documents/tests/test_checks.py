"""rules_for(): what a required document's upload slot accepts."""

from __future__ import annotations

from django.utils import translation

from motcua.catalog.models import Procedure, ProcedureVersion, RequiredDocument
from motcua.documents.checks import (
    DEFAULT_TYPES,
    JPEG,
    PDF,
    PNG,
    UploadRules,
    megabytes,
    rules_for,
)

MB = 1024 * 1024


def document(file_types: list[str], position: int = 2, code: str = "1.001193") -> RequiredDocument:
    version = ProcedureVersion(procedure=Procedure(code=code))
    return RequiredDocument(version=version, position=position, file_types=file_types)


def test_a_free_attachment_takes_pdf_jpeg_and_png_up_to_10_mb():
    assert rules_for(None) == UploadRules(frozenset({PDF, JPEG, PNG}), 10 * MB)


def test_file_type_words_map_to_content_types_and_unknown_words_are_ignored():
    rules = rules_for(document(["PDF", ".jpg", "docx"]))

    assert rules.allowed == frozenset({PDF, JPEG})


def test_a_document_naming_no_known_type_takes_the_defaults():
    assert rules_for(document([])).allowed == DEFAULT_TYPES
    assert rules_for(document(["docx", "zip"])).allowed == DEFAULT_TYPES


def test_the_size_limit_follows_the_settings(settings):
    settings.PAPER_MAX_BYTES = 5 * MB

    assert rules_for(document(["pdf"])).max_bytes == 5 * MB


def test_a_procedure_or_one_of_its_papers_may_have_its_own_limit(settings):
    settings.PAPER_MAX_BYTES_FOR = {"1.001193": 20 * MB, "1.001193/3": 30 * MB}

    assert rules_for(document(["pdf"], position=2)).max_bytes == 20 * MB
    assert rules_for(document(["pdf"], position=3)).max_bytes == 30 * MB
    assert rules_for(document(["pdf"], code="1.004222")).max_bytes == 10 * MB


def test_the_accepted_types_read_as_a_list_of_words():
    with translation.override("en"):
        assert rules_for(None).describe_types() == "PDF, JPEG or PNG"
        assert rules_for(document(["png"])).describe_types() == "PNG"


def test_sizes_read_in_megabytes_with_one_decimal_when_needed():
    with translation.override("en"):
        assert megabytes(10 * MB) == "10"
        assert megabytes(int(12.5 * MB)) == "12.5"
