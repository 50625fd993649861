"""Fixtures of the catalog tests: the few demo agencies the demo catalog names."""

from __future__ import annotations

import pytest

from motcua.agencies.models import Agency

COMMUNES = ["Phan Đình Phùng", "Gia Sàng", "Bắc Kạn", "Ba Bể", "Chợ Rã"]


def demo_agency_rows() -> list[tuple[str, str, str, str]]:
    """Return (code, name, kind, level) of the agencies demo-catalog.json refers to."""
    rows = [
        ("000.00.11.H19", "Sở Tư pháp tỉnh Thái Nguyên", "department", "province"),
        ("000.01.15.H19", "Văn phòng Đăng ký đất đai tỉnh Thái Nguyên", "division", "province"),
        ("000.00.20.H19", "Công an tỉnh Thái Nguyên", "police", "central"),
    ]
    for number, commune in enumerate(COMMUNES, start=1):
        rows.append((f"000.00.3{number}.H19", f"Ủy ban nhân dân {commune}", "committee", "commune"))
        rows.append((f"000.02.3{number}.H19", f"Công an {commune}", "police", "commune"))
    return rows


@pytest.fixture
def agencies(db: None) -> dict[str, Agency]:
    return {
        code: Agency.objects.create(code=code, name=name, kind=kind, level=level)
        for code, name, kind, level in demo_agency_rows()
    }
