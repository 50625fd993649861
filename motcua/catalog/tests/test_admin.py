"""The catalog admin: import and export views, unconfirmed values on show."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.agencies.models import Agency
from motcua.catalog.importing import DEMO_CATALOG, import_catalog
from motcua.catalog.models import Procedure, ProcedureVersion

from .files import catalog, version

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_em(client: Client) -> Client:
    user = get_user_model().objects.create_superuser(  # type: ignore[attr-defined]
        email="em@example.vn", password="x", full_name="Admin Em"
    )
    client.force_login(user)
    return client


@pytest.fixture
def officer_binh(client: Client) -> Client:
    user = get_user_model().objects.create_user(  # type: ignore[attr-defined]
        email="binh@example.vn", password="x", full_name="Officer Bình", is_staff=True
    )
    client.force_login(user)
    return client


@pytest.fixture
def demo(agencies: dict[str, Agency]) -> None:
    import_catalog(DEMO_CATALOG.read_bytes(), DEMO_CATALOG.name)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_the_import_page_shows_the_form(admin_em: Client) -> None:
    response = admin_em.get("/admin/catalog/procedure/import/")

    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content


def test_importing_a_good_file_writes_it_and_goes_back_to_the_list(
    admin_em: Client, agencies: dict[str, Agency]
) -> None:
    content = catalog(("1.001193", [version()]))
    response = admin_em.post(
        "/admin/catalog/procedure/import/", {"file": upload("catalog.json", content)}, follow=True
    )

    assert response.redirect_chain == [("/admin/catalog/procedure/", 302)]
    assert ProcedureVersion.objects.get().name == "Thủ tục đăng ký khai sinh"
    assert "1 phiên bản (1 mới, 0 cập nhật)" in response.content.decode()


def test_importing_a_bad_file_lists_every_error_and_imports_nothing(
    admin_em: Client, agencies: dict[str, Agency]
) -> None:
    content = catalog(
        ("1.001193", [version(time_limit_unit="ngày", implementing_agencies=["000.00.99.H19"])]),
        ("1.004222", [version(valid_from="1/7/2025")]),
    )
    response = admin_em.post(
        "/admin/catalog/procedure/import/", {"file": upload("catalog.json", content)}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="import-errors"' in page
    assert "Thủ tục 1.001193, phiên bản 1, trường &quot;time_limit_unit&quot;" in page
    assert "Thủ tục 1.004222, phiên bản 1, trường &quot;valid_from&quot;" in page
    assert response.context["errors"] == [
        'Thủ tục 1.001193, phiên bản 1, trường "time_limit_unit": giá trị "ngày" không hợp lệ; '
        "dùng một trong: working_days, working_hours, calendar_days, months, same_day hoặc để "
        "trống.",
        'Thủ tục 1.004222, phiên bản 1, trường "valid_from": ngày "1/7/2025" không hợp lệ; '
        "dùng dạng YYYY-MM-DD, ví dụ 2025-07-01.",
    ]
    assert not Procedure.objects.exists()


def test_importing_an_excel_file(admin_em: Client, demo: None) -> None:
    exported = admin_em.get("/admin/catalog/procedure/export/?format=xlsx").content
    ProcedureVersion.objects.all().delete()

    response = admin_em.post(
        "/admin/catalog/procedure/import/", {"file": upload("catalog.xlsx", exported)}
    )

    assert response.status_code == 302
    assert ProcedureVersion.objects.count() == 29


def test_checking_a_file_imports_nothing(admin_em: Client, agencies: dict[str, Agency]) -> None:
    content = catalog(("1.001193", [version()]))
    response = admin_em.post(
        "/admin/catalog/procedure/import/",
        {"file": upload("catalog.json", content), "dry_run": "on"},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 phiên bản (1 mới, 0 cập nhật)" in response.content.decode()
    assert not Procedure.objects.exists()


def test_only_json_and_xlsx_files_may_be_uploaded(admin_em: Client) -> None:
    response = admin_em.post(
        "/admin/catalog/procedure/import/", {"file": upload("catalog.csv", b"code")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_staff_without_catalog_rights_cannot_import(officer_binh: Client) -> None:
    assert officer_binh.get("/admin/catalog/procedure/import/").status_code == 403
    assert officer_binh.get("/admin/catalog/procedure/export/").status_code == 403


@pytest.mark.parametrize(
    ("query", "content_type", "suffix"),
    [
        ("", "application/json", ".json"),
        (
            "?format=xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
    ],
)
def test_export_downloads_the_catalog(
    admin_em: Client, demo: None, query: str, content_type: str, suffix: str
) -> None:
    response = admin_em.get(f"/admin/catalog/procedure/export/{query}")

    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith('attachment; filename="motcua-catalog-')
    assert response["Content-Disposition"].endswith(f'{suffix}"')
    if suffix == ".json":
        assert json.loads(response.content) == json.loads(DEMO_CATALOG.read_bytes())
    else:
        assert BytesIO(response.content).read(2) == b"PK"


def test_the_procedure_list_shows_unconfirmed_fields_and_the_tools(
    admin_em: Client, demo: None
) -> None:
    page = admin_em.get("/admin/catalog/procedure/?q=1.001612").content.decode()

    assert "time_limit, fees, online_level, documents" in page
    assert "/admin/catalog/procedure/import/" in page
    assert "/admin/catalog/procedure/export/?format=xlsx" in page


def test_the_version_form_warns_about_unconfirmed_values(admin_em: Client, demo: None) -> None:
    birth = ProcedureVersion.objects.get(procedure__code="1.001193")
    page = admin_em.get(f"/admin/catalog/procedureversion/{birth.pk}/change/").content.decode()

    assert 'id="unconfirmed-warning"' in page
    assert "bản ghi 2026 không có mô tả lệ phí" in page


def test_a_confirmed_version_shows_no_warning(admin_em: Client, demo: None) -> None:
    residence = ProcedureVersion.objects.get(procedure__code="1.004222")
    page = admin_em.get(f"/admin/catalog/procedureversion/{residence.pk}/change/")

    assert page.status_code == 200
    assert 'id="unconfirmed-warning"' not in page.content.decode()


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("?level__exact=province", "3.000333", "1.001193"),
        ("?online_level__exact=full", "1.004194", "1.004222"),
        ("?q=khai+sinh", "1.001193", "1.004222"),
    ],
)
def test_versions_can_be_filtered_and_searched(
    admin_em: Client, demo: None, query: str, present: str, absent: str
) -> None:
    page = admin_em.get(f"/admin/catalog/procedureversion/{query}").content.decode()

    assert present in page
    assert absent not in page


def test_the_procedure_page_lists_its_versions(admin_em: Client, demo: None) -> None:
    birth = Procedure.objects.get(code="1.001193")
    page = admin_em.get(f"/admin/catalog/procedure/{birth.pk}/change/")

    assert page.status_code == 200
    assert "Thủ tục đăng ký khai sinh" in page.content.decode()


def version_form(procedure: Procedure, **changes: str) -> dict[str, str]:
    birth = ProcedureVersion.objects.get(procedure=procedure, number=1)
    data = {
        "procedure": str(procedure.pk),
        "number": "2",
        "name": "Đăng ký khai sinh",
        "sector": str(birth.sector_id),
        "level": "commune",
        "valid_from": "2026-01-01",
        "competent_authority": "Ủy ban nhân dân cấp xã",
        "online_level": "partial",
        "result_type": "document",
        "legal_basis": "[]",
        "unconfirmed": "[]",
        "sources": "[]",
    }
    for prefix in ("documents", "fees"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_a_new_version_may_not_overlap_the_one_in_force(admin_em: Client, demo: None) -> None:
    birth = Procedure.objects.get(code="1.001193")
    response = admin_em.post("/admin/catalog/procedureversion/add/", version_form(birth))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["__all__"]
    assert [error.code for error in errors] == ["overlap"]
    assert birth.versions.count() == 1


def test_a_new_version_may_follow_the_ended_one(admin_em: Client, demo: None) -> None:
    birth = Procedure.objects.get(code="1.001193")
    birth.versions.update(valid_until="2025-12-31")
    response = admin_em.post("/admin/catalog/procedureversion/add/", version_form(birth))

    assert response.status_code == 302
    assert birth.versions.count() == 2
