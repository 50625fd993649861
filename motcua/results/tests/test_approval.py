"""The leader's approval signs the result, once, whatever the number of deliveries; the
dossier records the e-result for Decision 766 and the citizen's repository gets the file."""

from __future__ import annotations

import io

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.documents.models import RepositoryPaper
from motcua.documents.pdf import minimal_pdf
from motcua.dossiers.models import Dossier, Fact
from motcua.dossiers.tests.factories import at
from motcua.events.models import EventMessage
from motcua.events.publish import deliver_event
from motcua.results import drafting
from motcua.results.models import Result
from motcua.results.verify import verify_result

from .conftest import approve, signed_file


def signed_bytes(result: Result) -> bytes:
    with signed_file(result).open() as handle:
        return handle.read()


def test_approval_signs_the_default_document_when_nothing_was_drafted(
    dossier, leader_dung, citizen_an, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(dossier, leader_dung)

    result = Result.objects.get(dossier=dossier)
    assert result.generated
    assert result.is_signed
    assert result.signed_by == leader_dung
    assert result.certificate is not None
    assert result.certificate.agency == dossier.competent_agency
    assert verify_result(result).ok
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.e_result_code == result.code
    assert dossier.e_result_url == f"https://dichvucong.example.vn/kiem-tra-ket-qua/{result.code}/"
    assert (
        Fact.objects.filter(dossier=dossier, event="e_result", flags={"e_result": True}).count()
        == 1
    )


def test_the_signed_file_carries_the_verification_link_in_its_signature(
    dossier, leader_dung, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(dossier, leader_dung)

    result = Result.objects.get(dossier=dossier)
    reader = PdfFileReader(io.BytesIO(signed_bytes(result)))
    signature = reader.embedded_signatures[0]
    assert signature.field_name == "KetQuaKySo"
    appearance = signature.sig_field["/AP"]["/N"].get_object()
    assert appearance is not None  # the visible stamp: QR code and text
    assert signature.sig_object["/Reason"] == "Phê duyệt kết quả giải quyết thủ tục hành chính"


def test_a_redelivered_event_signs_only_once(
    dossier, leader_dung, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(dossier, leader_dung)
    first = Result.objects.get(dossier=dossier)

    row = EventMessage.objects.get(event="dossier.approve", subscriber="results.sign")
    deliver_event(row)  # as after a worker died before recording the delivery
    deliver_event(row)

    again = Result.objects.get(dossier=dossier)
    assert (again.signed_file_id, again.sha256) == (first.signed_file_id, first.sha256)
    assert (
        RepositoryPaper.objects.filter(
            id_number="019085001234", file=signed_file(first).name
        ).count()
        == 1
    )
    assert Fact.objects.filter(dossier=dossier, event="e_result").count() == 1


def test_the_decision_after_approval_keeps_the_signature(
    dossier, leader_dung, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(dossier, leader_dung)
    signed = Result.objects.get(dossier=dossier).signed_file_id
    with (
        time_machine.travel(at("2026-03-04 10:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        Dossier.objects.get(pk=dossier.pk).apply("decide", by=leader_dung)

    assert Result.objects.get(dossier=dossier).signed_file_id == signed


def test_the_specialists_upload_is_what_gets_signed(
    dossier, officer_binh, leader_dung, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile(
        "quyet-dinh.pdf", minimal_pdf("Quyet dinh so 12", ["Noi dung rieng"])
    )
    draft = drafting.upload(dossier, upload, officer_binh)
    assert not draft.generated

    with django_capture_on_commit_callbacks(execute=True):
        approve(dossier, leader_dung)

    result = Result.objects.get(dossier=dossier)
    assert result.code == draft.code
    assert b"Noi dung rieng" in signed_bytes(result)
    assert verify_result(result).ok


def test_the_signed_result_goes_into_the_citizens_repository(
    dossier, leader_dung, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(dossier, leader_dung)

    result = Result.objects.get(dossier=dossier)
    paper = result.repository_paper
    assert paper is not None
    assert paper.id_number == "019085001234"
    assert paper.kind == RepositoryPaper.Kind.RESULT
    assert paper.issuer == dossier.competent_agency.name
    assert paper.file == signed_file(result).name


def test_a_refusal_signs_nothing(dossier, leader_dung, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(at("2026-03-04 09:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        dossier.apply("refuse", by=leader_dung, note="Không đủ điều kiện")

    assert not Result.objects.filter(dossier=dossier).exists()
    assert Dossier.objects.get(pk=dossier.pk).e_result_code == ""


def test_without_a_key_the_event_waits_for_the_worker(
    demo_catalog,
    demo_ca,
    counter_cuong,
    officer_binh,
    citizen_an,
    leader_dung,
    django_capture_on_commit_callbacks,
):
    from .conftest import appraised

    dossier = appraised(counter_cuong, officer_binh, citizen_an)
    with django_capture_on_commit_callbacks(execute=True):
        approve(dossier, leader_dung)

    row = EventMessage.objects.get(event="dossier.approve", subscriber="results.sign")
    assert row.delivered_at is None
    assert row.attempts == 1
    assert not Result.objects.filter(dossier=dossier, signed_file__isnull=False).exists()
