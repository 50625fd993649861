"""Import a procedure catalog from JSON or Excel, all or nothing.

`parse_catalog` reads and validates the whole file into plain structures and collects every
problem, each naming the record and the field in Vietnamese. Only a file without a single
problem reaches `write_catalog`, which writes it in one transaction: an import either changes
nothing or all of it (ADR 0007). Versions are upserted by procedure code and version number;
the papers and fee lines of an imported version are replaced by the file's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Model

from motcua.agencies.models import EID_CODE, Agency

from .converters import FieldError, convert, is_blank
from .models import (
    PROCEDURE_CODE_REGEX,
    FeeRule,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    Sector,
)
from .readers import RawItem, RawVersion, UnreadableFileError, read_json, read_xlsx
from .schema import DOCUMENT_FIELDS, FEE_FIELDS, FLAGGABLE, VERSION_FIELDS, Field
from .sectors import sector_for

CODE = re.compile(PROCEDURE_CODE_REGEX)
DEMO_CATALOG = Path(__file__).parent / "data" / "demo-catalog.json"
FORMATS = {".json": read_json, ".xlsx": read_xlsx}

# Why a value was flagged when the file left it empty without saying it was unconfirmed.
AUTO_FLAGS = {
    "time_limit": "time_limit (chưa có thời hạn hoặc đơn vị trong tệp nhập)",
    "fees": "fees (có dòng phí/lệ phí chưa có mức thu được xác nhận)",
    "documents": "documents (chưa có thành phần hồ sơ)",
    "result_name": "result_name (chưa có tên kết quả)",
    "legal_basis": "legal_basis (chưa có căn cứ pháp lý)",
    "competent_authority": "competent_authority (chưa có cơ quan có thẩm quyền)",
    "implementing_agencies": "implementing_agencies (chưa có cơ quan thực hiện)",
}


class CatalogImportError(Exception):
    """The file was rejected; `messages` lists every problem found, and nothing was written."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class VersionData:
    """A validated version: model values (sector by name, agencies by code) and its items."""

    code: str
    values: dict[str, Any]
    documents: list[dict[str, Any]]
    fees: list[dict[str, Any]]


@dataclass
class ImportReport:
    """What an import wrote (or would write, for a dry run)."""

    procedures_created: int = 0
    procedures_updated: int = 0
    versions_created: int = 0
    versions_updated: int = 0
    documents: int = 0
    fees: int = 0
    sectors_created: list[str] = field(default_factory=list)

    def summary(self) -> str:
        sectors = f"; {len(self.sectors_created)} lĩnh vực mới" if self.sectors_created else ""
        return (
            f"{self.procedures_created + self.procedures_updated} thủ tục "
            f"({self.procedures_created} mới, {self.procedures_updated} đã có), "
            f"{self.versions_created + self.versions_updated} phiên bản "
            f"({self.versions_created} mới, {self.versions_updated} cập nhật), "
            f"{self.documents} thành phần hồ sơ, {self.fees} dòng phí/lệ phí{sectors}."
        )


def import_catalog(content: bytes, filename: str, *, dry_run: bool = False) -> ImportReport:
    """Validate and write a catalog file; raise CatalogImportError and write nothing on error."""
    versions = parse_catalog(content, filename)
    if dry_run:
        return plan_report(versions)
    try:
        return write_catalog(versions)
    except DatabaseError as exc:
        # The transaction has rolled back, so the promise "nothing written" still holds.
        raise CatalogImportError(
            [f"Lỗi khi ghi vào cơ sở dữ liệu; không có gì được ghi: {exc}"]
        ) from exc


def parse_catalog(content: bytes, filename: str) -> list[VersionData]:
    """Return the validated versions of a .json or .xlsx file, or raise CatalogImportError."""
    reader = FORMATS.get(PurePath(filename).suffix.lower())
    if reader is None:
        raise CatalogImportError([f'Tệp "{filename}": chỉ nhận tệp .json hoặc .xlsx.'])
    try:
        raw_versions, errors = reader(content)
    except UnreadableFileError as exc:
        raise CatalogImportError(exc.messages) from exc
    pairs = [
        (version, raw)
        for raw in raw_versions
        if (version := _validate_version(raw, errors)) is not None
    ]
    # Cross-record checks run on the valid versions even when others failed, so that one
    # round of corrections can fix every problem of the file.
    errors.extend(_check_catalog(pairs))
    if not raw_versions and not errors:
        errors.append("Tệp không có thủ tục nào.")
    if errors:
        raise CatalogImportError(errors)
    return [version for version, _raw in pairs]


def _convert_all(
    fields: tuple[Field, ...], raw: RawItem | RawVersion, errors: list[str]
) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    ok = True
    for spec in fields:
        try:
            values[spec.name] = convert(spec, raw.values.get(spec.name))
        except FieldError as exc:
            errors.append(f"{raw.where.at(spec.name)}: {exc}")
            ok = False
    return values if ok else None


def _validate_version(raw: RawVersion, errors: list[str]) -> VersionData | None:
    """Return the version's converted values, or None after adding its problems to errors."""
    before = len(errors)
    code = raw.code.strip() if isinstance(raw.code, str) else raw.code
    if is_blank(code):
        errors.append(f"{raw.where.at('code')}: bắt buộc, không được để trống.")
    elif not isinstance(code, str):
        errors.append(
            f"{raw.where.at('code')}: mã thủ tục phải là văn bản, không phải số "
            '(trong Excel, định dạng ô là Text); ví dụ "1.001193".'
        )
    elif not CODE.match(code):
        errors.append(
            f'{raw.where.at("code")}: mã thủ tục "{code}" không đúng dạng; '
            "ví dụ 1.001193 hoặc 1.012753.H19."
        )
    values = _convert_all(VERSION_FIELDS, raw, errors)
    documents = [_convert_all(DOCUMENT_FIELDS, item, errors) for item in raw.documents]
    fees = [_convert_all(FEE_FIELDS, item, errors) for item in raw.fees]
    if values is not None:
        errors.extend(_check_version(values, raw))
    if len(errors) > before or values is None:
        return None
    return VersionData(
        code=str(code),
        values=values,
        documents=[d for d in documents if d is not None],
        fees=[f for f in fees if f is not None],
    )


def _check_version(values: dict[str, Any], raw: RawVersion) -> list[str]:
    errors = []
    start, end = values["valid_from"], values["valid_until"]
    if end is not None and end < start:
        errors.append(
            f"{raw.where.at('valid_until')}: ngày hết hiệu lực {end} trước ngày "
            f"bắt đầu hiệu lực {start}."
        )
    for entry in values["unconfirmed"]:
        if entry.split(" ")[0] not in FLAGGABLE:
            errors.append(
                f'{raw.where.at("unconfirmed")}: mục "{entry}" phải bắt đầu bằng tên trường '
                'chưa xác nhận, ví dụ "fees (lý do)"; tên hợp lệ: '
                f"{', '.join(sorted(FLAGGABLE))}."
            )
    for code in values["implementing_agencies"]:
        if not EID_CODE.match(code):
            errors.append(
                f'{raw.where.at("implementing_agencies")}: mã định danh "{code}" '
                "không đúng dạng V1V2V3.Z1Z2.Y1Y2.MX1X2, ví dụ 000.00.31.H19."
            )
    return errors


def missing_flags(
    values: dict[str, Any], documents: list[dict[str, Any]], fees: list[dict[str, Any]]
) -> list[str]:
    """Return the names of empty or unconfirmed values that `unconfirmed` does not flag yet."""
    unknown = {
        "time_limit": values["time_limit_unit"] == ""
        or (values["time_limit"] is None and values["time_limit_unit"] != "same_day"),
        "fees": any(fee["amount"] is None or not fee["confirmed"] for fee in fees),
        "documents": not documents,
        "result_name": values["result_type"] == "document" and not values["result_name"],
        "legal_basis": not values["legal_basis"],
        "competent_authority": not values["competent_authority"].strip(),
        "implementing_agencies": not values["implementing_agencies"],
    }
    flagged = [entry.split(" ")[0] for entry in values["unconfirmed"]]
    return [
        name
        for name, empty in unknown.items()
        if empty and not any(flag.startswith(name) for flag in flagged)
    ]


Pair = tuple[VersionData, RawVersion]


def _check_catalog(pairs: list[Pair]) -> list[str]:
    """Return the problems that need the whole file or the database: duplicates, overlapping
    periods, unknown agencies. Also flags the unconfirmed values the file left unflagged."""
    errors: list[str] = []
    for version, _raw in pairs:
        for fee in version.fees:
            # An amount no source gave cannot be confirmed (FeeRule's docstring).
            fee["confirmed"] = fee["confirmed"] and fee["amount"] is not None
        version.values["unconfirmed"] += [
            AUTO_FLAGS[name]
            for name in missing_flags(version.values, version.documents, version.fees)
        ]
    errors.extend(_check_agencies(pairs))
    errors.extend(_check_periods(pairs))
    return errors


def _check_agencies(pairs: list[Pair]) -> list[str]:
    wanted = {code for v, _raw in pairs for code in v.values["implementing_agencies"]}
    known = set(Agency.objects.filter(code__in=wanted).values_list("code", flat=True))
    return [
        f'{raw.where.at("implementing_agencies")}: không có cơ quan mã "{code}" trong hệ thống; '
        "nạp danh mục cơ quan trước (lệnh load_agencies) hoặc sửa mã."
        for version, raw in pairs
        for code in version.values["implementing_agencies"]
        if code not in known
    ]


Period = tuple[int, dt.date, dt.date | None, str]


def _check_periods(pairs: list[Pair]) -> list[str]:
    """Reject a repeated version number and versions of one procedure in force at once."""
    errors: list[str] = []
    periods: dict[str, list[Period]] = defaultdict(list)
    for version, raw in pairs:
        number = version.values["number"]
        if any(p[0] == number for p in periods[version.code]):
            errors.append(
                f"{raw.where.at('number')}: phiên bản {number} của thủ tục "
                f"{version.code} xuất hiện hai lần trong tệp."
            )
            continue
        for other in periods[version.code]:
            if _overlap(version.values["valid_from"], version.values["valid_until"], other):
                errors.append(
                    f"{raw.where.at('valid_from')}: {_describe(version)} trùng thời "
                    f"gian hiệu lực với {other[3]}."
                )
        periods[version.code].append(
            (
                number,
                version.values["valid_from"],
                version.values["valid_until"],
                _describe(version),
            )
        )
    errors.extend(_check_stored_periods(pairs, periods))
    return errors


def _check_stored_periods(pairs: list[Pair], periods: dict[str, list[Period]]) -> list[str]:
    """Compare with the stored versions that the file does not replace."""
    stored = ProcedureVersion.objects.filter(procedure__code__in=periods).values_list(
        "procedure__code", "number", "valid_from", "valid_until"
    )
    errors = []
    for code, number, start, end in stored:
        if any(p[0] == number for p in periods[code]):
            continue
        other = (
            number,
            start,
            end,
            f"phiên bản {number} đã có trong hệ thống ({_span(start, end)})",
        )
        for version, raw in pairs:
            if version.code == code and _overlap(
                version.values["valid_from"], version.values["valid_until"], other
            ):
                errors.append(
                    f"{raw.where.at('valid_from')}: {_describe(version)} trùng thời "
                    f"gian hiệu lực với {other[3]}."
                )
    return errors


def _overlap(start: dt.date, end: dt.date | None, other: Period) -> bool:
    other_start, other_end = other[1], other[2]
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


def _span(start: dt.date, end: dt.date | None) -> str:
    return f"{start} – {end if end else 'không thời hạn'}"


def _describe(version: VersionData) -> str:
    values = version.values
    return f"phiên bản {values['number']} ({_span(values['valid_from'], values['valid_until'])})"


def plan_report(versions: list[VersionData]) -> ImportReport:
    """Return what writing `versions` would change, without writing."""
    codes = {v.code for v in versions}
    existing = set(Procedure.objects.filter(code__in=codes).values_list("code", flat=True))
    stored = set(
        ProcedureVersion.objects.filter(procedure__code__in=codes).values_list(
            "procedure__code", "number"
        )
    )
    names = {v.values["sector"].strip() for v in versions}
    known = set(Sector.objects.filter(name__in=names).values_list("name", flat=True))
    report = ImportReport(
        procedures_created=len(codes - existing),
        procedures_updated=len(codes & existing),
        sectors_created=sorted(names - known),
    )
    for version in versions:
        if (version.code, version.values["number"]) in stored:
            report.versions_updated += 1
        else:
            report.versions_created += 1
        report.documents += len(version.documents)
        report.fees += len(version.fees)
    return report


@transaction.atomic
def write_catalog(versions: list[VersionData]) -> ImportReport:
    """Write validated versions in one transaction and return what was written."""
    report = plan_report(versions)
    agencies = {
        a.code: a
        for a in Agency.objects.filter(
            code__in={c for v in versions for c in v.values["implementing_agencies"]}
        )
    }
    procedures: dict[str, Procedure] = {}
    for version in versions:
        if version.code not in procedures:
            procedures[version.code], _ = Procedure.objects.get_or_create(code=version.code)
        _write_version(procedures[version.code], version, agencies)
    return report


def _write_version(procedure: Procedure, data: VersionData, agencies: dict[str, Agency]) -> None:
    values = dict(data.values)
    number = values.pop("number")
    codes = values.pop("implementing_agencies")
    values["sector"], _ = sector_for(values.pop("sector"))
    version, _ = ProcedureVersion.objects.update_or_create(
        procedure=procedure, number=number, defaults=values
    )
    _set_in_order(version, [agencies[code] for code in codes])
    _replace_items(
        list(version.documents.order_by("position", "id")),
        RequiredDocument,
        data.documents,
        version,
    )
    _replace_items(list(version.fees.order_by("position", "id")), FeeRule, data.fees, version)


def _set_in_order(version: ProcedureVersion, wanted: list[Agency]) -> None:
    """The version's implementing agencies, in the catalog's order: the first one named takes
    the petitions about the procedure (feedback.workflow). ManyRelatedManager.set() adds the
    missing rows in the order of a Python set of ids, so the rows are added one by one."""
    links = version.implementing_agencies.through.objects.filter(procedureversion=version)
    if list(links.order_by("id").values_list("agency_id", flat=True)) == [a.pk for a in wanted]:
        return
    version.implementing_agencies.clear()
    for agency in wanted:
        version.implementing_agencies.add(agency)


def _replace_items(
    existing: list[Any], model: type[Model], items: list[dict[str, Any]], version: ProcedureVersion
) -> None:
    """Make the version's papers (or fee lines) equal to `items`, in order.

    Rows are updated in place by position rather than deleted and re-created, so that rows
    other apps point at keep their ids when an import only corrects their text.
    """
    for position, values in enumerate(items, start=1):
        if position <= len(existing):
            row = existing[position - 1]
            for name, value in values.items():
                setattr(row, name, value)
            row.position = position
            row.save()
        else:
            model.objects.create(version=version, position=position, **values)  # type: ignore[attr-defined]
    for row in existing[len(items) :]:
        row.delete()
