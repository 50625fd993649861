"""Applying online through the pages: draft, questions, papers, check answers, submit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion, RequiredDocument
from motcua.dossiers.models import Dossier, Fact
from motcua.submissions.models import Draft

from .conftest import RENTING_CASE, exe, pdf

pytestmark = pytest.mark.django_db


def start(client: Client, code: str = "1.004222") -> Draft:
    response = client.post(f"/thu-tuc/{code}/nop-truc-tuyen/")
    assert response.status_code == 302
    return Draft.objects.latest("created_at")


def post_page(
    client: Client, draft: Draft, number: int, data: dict[str, Any], query: str = ""
) -> Any:
    return client.post(f"/ho-so-nhap/{draft.pk}/trang/{number}/{query}", data)


def fill_renting(client: Client, draft: Draft) -> None:
    """The pages of 1.004222 for a citizen renting a flat, with no family moving along."""
    assert (
        post_page(
            client,
            draft,
            1,
            {
                "ho_ten": "Nguyễn Văn An",
                "ngay_sinh-day": "12",
                "ngay_sinh-month": "3",
                "ngay_sinh-year": "1985",
                "gioi_tinh": "male",
            },
        ).status_code
        == 302
    )
    assert (
        post_page(
            client, draft, 2, {"so_dinh_danh": "019085001234", "dien_thoai": "0912000001"}
        ).status_code
        == 302
    )
    assert (
        post_page(
            client,
            draft,
            3,
            {
                "dia_chi_moi-street": "Số 7, tổ 2",
                "dia_chi_moi-commune": "05443",
                "da_thuong_tru": "no",
                "hinh_thuc": "thue_muon",
            },
        ).status_code
        == 302
    )
    assert (
        post_page(
            client,
            draft,
            4,
            {
                "chu_ho_ten": "Trần Văn Hòa",
                "chu_ho_so_dinh_danh": "019070004321",
                "quan_he_chu_ho": "người thuê nhà",
                "dien_tich": "45",
            },
        ).status_code
        == 302
    )
    assert post_page(client, draft, 5, {"co_thanh_vien": "no"}).status_code == 302
    assert post_page(client, draft, 7, {"cam_doan": "yes"}).status_code == 302


def attach_renting_papers(client: Client, draft: Draft) -> None:
    papers = f"/ho-so-nhap/{draft.pk}/giay-to/"
    assert client.post(papers, {"case": RENTING_CASE}).status_code == 302
    contract, area = _renting_slots(draft)
    ref = next(
        item.ref
        for item in client.get(papers).context["repository"]
        if item.title == "Căn cước công dân"
    )  # from the national database
    response = client.post(papers, {f"file-{contract.pk}": pdf(), f"reuse-{area.pk}": ref})
    assert response.status_code == 302


def _renting_slots(draft: Draft) -> tuple[RequiredDocument, RequiredDocument]:
    docs = RequiredDocument.objects.filter(version=draft.procedure_version, group=RENTING_CASE)
    return docs.get(name__startswith="Hợp đồng"), docs.get(name__startswith="Thông tin chứng")


def test_the_procedure_page_offers_to_apply_online_only_to_signed_in_people(
    client: Client, an_client: Client
) -> None:
    assert "Đăng nhập để nộp trực tuyến" in client.get("/thu-tuc/1.004222/").content.decode()
    assert "Bắt đầu nộp trực tuyến" in an_client.get("/thu-tuc/1.004222/").content.decode()


def test_a_new_draft_is_prefilled_from_the_profile_and_routed_to_the_citizens_commune(
    an_client: Client,
) -> None:
    draft = start(an_client)
    assert draft.answers["ho_ten"] == "Nguyễn Văn An"
    assert draft.answers["so_dinh_danh"] == "019085001234"
    assert draft.answers["ngay_sinh"] == "1985-03-12"
    assert draft.competent_agency is not None
    assert draft.competent_agency.code == "000.02.31.H19"  # Công an Phường Phan Đình Phùng


def test_a_wrong_answer_is_listed_in_the_error_summary_and_kept_for_correction(
    an_client: Client,
) -> None:
    draft = start(an_client)
    response = post_page(
        an_client, draft, 2, {"so_dinh_danh": "019190001234", "dien_thoai": "12345"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Lỗi:" in page
    assert 'href="#so_dinh_danh"' in page
    assert 'href="#dien_thoai"' in page
    assert 'value="019190001234"' in page  # what was typed is shown again
    draft.refresh_from_db()
    assert draft.answers["dien_thoai"] == "12345"
    assert (
        post_page(
            an_client, draft, 2, {"so_dinh_danh": "019085001234", "dien_thoai": "0912 000 001"}
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.answers["dien_thoai"] == "0912000001"


def test_a_page_hidden_by_an_earlier_answer_is_skipped(an_client: Client) -> None:
    draft = start(an_client)
    response = post_page(
        an_client,
        draft,
        3,
        {
            "dia_chi_moi-street": "Số 1",
            "dia_chi_moi-commune": "05443",
            "da_thuong_tru": "no",
            "hinh_thuc": "so_huu",
        },
    )
    assert response["Location"] == f"/ho-so-nhap/{draft.pk}/"
    assert an_client.get(f"/ho-so-nhap/{draft.pk}/trang/4/").status_code == 404


def test_a_family_member_row_can_be_added_without_losing_the_page(an_client: Client) -> None:
    draft = start(an_client)
    post_page(an_client, draft, 5, {"co_thanh_vien": "yes"})
    response = post_page(
        an_client,
        draft,
        6,
        {
            "thanh_vien-count": "1",
            "thanh_vien-0-ho_ten": "Nguyễn Thị Lan",
            "thanh_vien-0-ngay_sinh-day": "1",
            "thanh_vien-0-ngay_sinh-month": "6",
            "thanh_vien-0-ngay_sinh-year": "2015",
            "thanh_vien-0-quan_he": "con",
            "action": "add-row:thanh_vien",
        },
    )
    assert response.status_code == 200
    assert 'name="thanh_vien-1-ho_ten"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers["thanh_vien"][0]["ho_ten"] == "Nguyễn Thị Lan"


def test_a_refused_file_is_explained_and_the_other_files_are_kept(an_client: Client) -> None:
    draft = start(an_client)
    papers = f"/ho-so-nhap/{draft.pk}/giay-to/"
    an_client.post(papers, {"case": RENTING_CASE})
    contract, area = _renting_slots(draft)
    response = an_client.post(
        papers, {f"file-{contract.pk}": exe(), f"file-{area.pk}": pdf("dien-tich.pdf")}
    )
    assert response.status_code == 200
    assert "hop-dong.pdf" in response.content.decode()
    assert [p.title for p in draft.papers.all()] == ["dien-tich.pdf"]


def test_the_whole_dossier_is_submitted_once_with_its_papers(
    an_client: Client, citizen_an: User
) -> None:
    draft = start(an_client)
    fill_renting(an_client, draft)
    attach_renting_papers(an_client, draft)
    check = an_client.get(f"/ho-so-nhap/{draft.pk}/kiem-tra/")
    assert "Trần Văn Hòa" in check.content.decode()
    assert "Trước khi có thể nộp" not in check.content.decode()
    first = an_client.post(f"/ho-so-nhap/{draft.pk}/kiem-tra/")
    second = an_client.post(f"/ho-so-nhap/{draft.pk}/kiem-tra/")  # a double click
    dossier = Dossier.objects.get(applicant=citizen_an)
    assert first["Location"] == second["Location"] == f"/ho-so-cua-toi/{dossier.reference}/"
    assert (dossier.status, dossier.channel, dossier.code) == (1, 2, None)
    assert dossier.competent_agency.code == "000.02.31.H19"
    assert dossier.receiving_unit.code == "000.01.31.H19"
    assert dossier.answers["dien_tich"] == 45
    assert sorted((p.reused, p.from_national_repository) for p in dossier.papers.all()) == [
        (False, False),
        (True, True),
    ]
    assert Fact.objects.get(dossier=dossier, event="papers").flags["reused"] == 1


def test_submission_is_stopped_until_every_part_is_complete(an_client: Client) -> None:
    draft = start(an_client)
    response = an_client.post(f"/ho-so-nhap/{draft.pk}/kiem-tra/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Trước khi có thể nộp" in page
    assert "Hãy chọn trường hợp của bạn" in page
    assert not Dossier.objects.exists()


def test_an_eligibility_rule_stops_submission_with_its_message(an_client: Client) -> None:
    draft = start(an_client)
    fill_renting(an_client, draft)
    attach_renting_papers(an_client, draft)
    post_page(
        an_client,
        draft,
        3,
        {
            "dia_chi_moi-street": "Số 7, tổ 2",
            "dia_chi_moi-commune": "05443",
            "da_thuong_tru": "yes",
            "hinh_thuc": "thue_muon",
        },
    )
    response = an_client.post(f"/ho-so-nhap/{draft.pk}/kiem-tra/")
    assert "Bạn đã có thường trú tại địa chỉ này" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_draft_pinned_to_an_old_version_must_be_updated_first(an_client: Client) -> None:
    draft = start(an_client)
    fill_renting(an_client, draft)
    attach_renting_papers(an_client, draft)
    old = draft.procedure_version
    new = ProcedureVersion.objects.get(pk=old.pk)
    new.pk, new.number, new.valid_from = None, 2, dt.date(2026, 1, 1)
    new.save()
    ProcedureVersion.objects.filter(pk=old.pk).update(valid_until=dt.date(2025, 12, 31))
    for document in RequiredDocument.objects.filter(version=old):
        document.pk, document.version = None, new
        document.save()
    response = an_client.post(f"/ho-so-nhap/{draft.pk}/kiem-tra/")
    assert response["Location"] == f"/ho-so-nhap/{draft.pk}/"
    assert "Thủ tục đã thay đổi" in an_client.get(response["Location"]).content.decode()
    an_client.post(f"/ho-so-nhap/{draft.pk}/cap-nhat/")
    draft.refresh_from_db()
    assert draft.procedure_version == new
    assert draft.papers.count() == 2  # the papers follow to the same documents
    assert draft.answers == {}  # the new version has no online form yet: nothing to keep


def test_another_citizen_gets_404_on_a_draft(an_client: Client, volunteer_bao: User) -> None:
    draft = start(an_client)
    other = Client()
    other.force_login(volunteer_bao)
    for url in (
        f"/ho-so-nhap/{draft.pk}/",
        f"/ho-so-nhap/{draft.pk}/trang/1/",
        f"/ho-so-nhap/{draft.pk}/giay-to/",
        f"/ho-so-nhap/{draft.pk}/kiem-tra/",
    ):
        assert other.get(url).status_code == 404
    assert other.post(f"/ho-so-nhap/{draft.pk}/kiem-tra/").status_code == 404


def test_my_dossiers_lists_drafts_being_prepared(an_client: Client) -> None:
    draft = start(an_client)
    page = an_client.get("/ho-so-cua-toi/").content.decode()
    assert f"/ho-so-nhap/{draft.pk}/" in page


def test_a_person_applies_for_an_organisation_they_act_for(
    an_client: Client, citizen_an: User
) -> None:
    from motcua.accounts.organisations import declare

    rep = declare(
        citizen_an, tax_code="4600123456", name="Công ty TNHH Chè Tân Cương", title="Giám đốc"
    )
    draft = start(an_client)
    response = an_client.post(
        f"/ho-so-nhap/{draft.pk}/noi-nop/",
        {"agency": "000.02.31.H19", "on_behalf": rep.organisation_id},
    )
    assert response.status_code == 302
    fill_renting(an_client, draft)
    attach_renting_papers(an_client, draft)
    an_client.post(f"/ho-so-nhap/{draft.pk}/kiem-tra/")
    dossier = Dossier.objects.get()
    assert (dossier.applicant_kind, dossier.organisation_tax_code) == ("organisation", "4600123456")
    assert dossier.applicant == citizen_an


@pytest.mark.parametrize(
    ("case", "expected"),
    [("exe", "không phải"), ("oversized", "MB"), ("path", "đường dẫn"), ("virus", "mã độc")],
)
def test_each_bad_file_is_refused_with_a_clear_message_and_the_draft_keeps_the_rest(
    an_client: Client, settings: Any, request: pytest.FixtureRequest, case: str, expected: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.documents.tests.samples import eicar

    if case == "virus":
        request.getfixturevalue("clamd")  # skipped without clamd, except in CI
    settings.PAPER_MAX_BYTES = 50_000
    bad = {
        "exe": exe(),
        "oversized": SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * 60_000),
        "path": pdf("..\\..\\windows\\hop-dong.pdf"),
        "virus": SimpleUploadedFile("hop-dong.pdf", b"%PDF-1.4\n" + eicar()),
    }[case]
    draft = start(an_client)
    fill_renting(an_client, draft)
    papers = f"/ho-so-nhap/{draft.pk}/giay-to/"
    an_client.post(papers, {"case": RENTING_CASE})
    contract, area = _renting_slots(draft)
    response = an_client.post(
        papers, {f"file-{contract.pk}": bad, f"file-{area.pk}": pdf("dien-tich.pdf")}
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert [p.title for p in draft.papers.all()] == ["dien-tich.pdf"]
    draft.refresh_from_db()
    assert draft.answers["chu_ho_ten"] == "Trần Văn Hòa"  # the answers are all still there
