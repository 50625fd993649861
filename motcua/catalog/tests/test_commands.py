"""The import_catalog and export_catalog commands."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure, ProcedureVersion

from .files import catalog, version

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_catalog_prints_what_it_wrote(agencies: dict[str, Agency], tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_bytes(catalog(("1.001193", [version()])))

    output = run("import_catalog", str(path))

    assert (
        "Đã nhập: 1 thủ tục (1 mới, 0 đã có), 1 phiên bản (1 mới, 0 cập nhật), "
        "2 thành phần hồ sơ, 1 dòng phí/lệ phí; 1 lĩnh vực mới." in output
    )
    assert ProcedureVersion.objects.count() == 1


def test_import_catalog_dry_run_writes_nothing(agencies: dict[str, Agency], tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_bytes(catalog(("1.001193", [version()])))

    assert "chạy thử" in run("import_catalog", str(path), "--dry-run")
    assert not Procedure.objects.exists()


def test_import_catalog_fails_with_every_message(
    agencies: dict[str, Agency], tmp_path: Path
) -> None:
    path = tmp_path / "catalog.json"
    path.write_bytes(catalog(("1.1193", [version(level="xã")])))

    with pytest.raises(CommandError) as caught:
        run("import_catalog", str(path))

    message = str(caught.value)
    assert "(2 lỗi; không có gì được ghi)" in message
    assert 'trường "code"' in message
    assert 'trường "level": giá trị "xã" không hợp lệ' in message
    assert not Procedure.objects.exists()


def test_import_catalog_fails_on_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run("import_catalog", str(tmp_path / "missing.json"))


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_export_then_import_catalog(
    agencies: dict[str, Agency], tmp_path: Path, suffix: str
) -> None:
    source = tmp_path / "source.json"
    source.write_bytes(catalog(("1.001193", [version()])))
    run("import_catalog", str(source))
    path = tmp_path / f"catalog{suffix}"

    run("export_catalog", str(path))
    output = run("import_catalog", str(path))

    assert "0 mới, 1 cập nhật" in output


def test_export_catalog_can_be_limited_by_code(agencies: dict[str, Agency], tmp_path: Path) -> None:
    source = tmp_path / "source.json"
    source.write_bytes(catalog(("1.001193", [version()]), ("1.000656", [version()])))
    run("import_catalog", str(source))
    path = tmp_path / "part.json"

    run("export_catalog", str(path), "--code", "1.000656")

    assert [p["code"] for p in json.loads(path.read_bytes())["procedures"]] == ["1.000656"]


def test_export_catalog_refuses_other_formats(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"\.json hoặc \.xlsx"):
        run("export_catalog", str(tmp_path / "catalog.csv"))
