"""Shared setup of the submission specs: the demo forms, citizen_an's repository, and files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from motcua.accounts.models import User
from motcua.documents.pdf import minimal_pdf
from motcua.documents.repository import seed_demo_repository
from motcua.documents.tests.conftest import clamd  # noqa: F401  (the scanning fixture)

# The answers of a citizen renting a flat in Phường Phan Đình Phùng, for 1.004222.
RENTING = {
    "ho_ten": "Nguyễn Văn An",
    "ngay_sinh": "1985-03-12",
    "gioi_tinh": "male",
    "so_dinh_danh": "019085001234",
    "dien_thoai": "0912000001",
    "email": "",
    "dia_chi_moi": {"street": "Số 7, tổ 2", "commune": "05443"},
    "da_thuong_tru": "no",
    "hinh_thuc": "thue_muon",
    "chu_ho_ten": "Trần Văn Hòa",
    "chu_ho_so_dinh_danh": "019070004321",
    "quan_he_chu_ho": "người thuê nhà",
    "dien_tich": 45,
    "co_thanh_vien": "no",
    "cam_doan": True,
}
RENTING_CASE = "Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def repository(db: None) -> None:
    seed_demo_repository()


@pytest.fixture
def an_client(demo_forms: None, citizen_an: User, repository: None) -> Client:
    """citizen_an, signed in, whose identity VNeID vouched for: her repository opens."""
    User.objects.filter(pk=citizen_an.pk).update(vneid_verified_at=timezone.now())
    citizen_an.refresh_from_db()
    client = Client()
    client.force_login(citizen_an)
    return client


def pdf(name: str = "hop-dong.pdf") -> SimpleUploadedFile:
    content = minimal_pdf("Hợp đồng thuê nhà", ["Bên cho thuê: Trần Văn Hòa"])
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def exe(name: str = "hop-dong.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
