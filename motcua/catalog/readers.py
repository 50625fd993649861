"""Read a catalog file (JSON or Excel) into raw records that name their place in the file.

Nothing is converted or checked here beyond the file's structure: `importing` validates the
values of every record, so JSON and Excel get the same rules and the same messages. Every
message is Vietnamese and names the record (procedure and version, or sheet and row) and the
field, because the people who fix the file are the province's catalog administrators.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .schema import (
    DOCUMENT_FIELDS,
    DOCUMENTS_SHEET,
    FEE_FIELDS,
    FEES_SHEET,
    PROCEDURES_SHEET,
    SHEETS,
    VERSION_FIELDS,
)

VERSION_KEYS = frozenset(f.name for f in VERSION_FIELDS) | {"documents", "fees"}
DOCUMENT_KEYS = frozenset(f.name for f in DOCUMENT_FIELDS)
FEE_KEYS = frozenset(f.name for f in FEE_FIELDS)


@dataclass(frozen=True)
class Where:
    """A place in the file: 'Thủ tục 1.001193, phiên bản 1' or 'Trang "fees", dòng 4'."""

    prefix: str
    field_word: str = "trường"

    def at(self, name: str) -> str:
        return f'{self.prefix}, {self.field_word} "{name}"'


@dataclass
class RawItem:
    """A paper or a fee line as written in the file."""

    values: dict[str, Any]
    where: Where


@dataclass
class RawVersion:
    """A procedure version as written in the file, with its papers and fee lines."""

    code: Any
    values: dict[str, Any]
    where: Where
    documents: list[RawItem] = field(default_factory=list)
    fees: list[RawItem] = field(default_factory=list)


class UnreadableFileError(Exception):
    """The file cannot be read at all; `messages` says why."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def _unknown_keys(data: dict[str, Any], allowed: frozenset[str], where: Where) -> list[str]:
    return [
        f"{where.at(key)}: trường không được hỗ trợ (kiểm tra chính tả tên trường)"
        for key in data
        if key not in allowed
    ]


def read_json(content: bytes) -> tuple[list[RawVersion], list[str]]:
    """Return the versions of a JSON catalog and the structural problems found."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(["Tệp JSON phải được mã hóa UTF-8."]) from exc
    except json.JSONDecodeError as exc:
        raise UnreadableFileError(
            [f"Tệp JSON không đọc được: dòng {exc.lineno}, cột {exc.colno}: {exc.msg}."]
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("procedures"), list):
        raise UnreadableFileError(['Tệp JSON phải có dạng {"procedures": [...]}.'])
    versions: list[RawVersion] = []
    errors: list[str] = []
    for index, procedure in enumerate(data["procedures"]):
        _read_json_procedure(procedure, index, versions, errors)
    return versions, errors


def _read_json_procedure(
    procedure: Any, index: int, versions: list[RawVersion], errors: list[str]
) -> None:
    if not isinstance(procedure, dict):
        errors.append(f"Thủ tục thứ {index + 1}: phải là một đối tượng JSON.")
        return
    code = procedure.get("code")
    label = f"Thủ tục {code}" if isinstance(code, str) and code else f"Thủ tục thứ {index + 1}"
    where = Where(label)
    errors.extend(_unknown_keys(procedure, frozenset({"code", "versions"}), where))
    raw_versions = procedure.get("versions")
    if not isinstance(raw_versions, list) or not raw_versions:
        errors.append(f"{where.at('versions')}: phải là danh sách có ít nhất một phiên bản.")
        return
    for number, raw in enumerate(raw_versions, start=1):
        version = _read_json_version(code, raw, label, number, errors)
        if version is not None:
            versions.append(version)


def _read_json_version(
    code: Any, raw: Any, label: str, index: int, errors: list[str]
) -> RawVersion | None:
    if not isinstance(raw, dict):
        errors.append(f"{label}, phiên bản thứ {index}: phải là một đối tượng JSON.")
        return None
    number = raw.get("number")
    prefix = (
        f"{label}, phiên bản {number}" if number is not None else f"{label}, phiên bản thứ {index}"
    )
    where = Where(prefix)
    errors.extend(_unknown_keys(raw, VERSION_KEYS, where))
    values = {key: value for key, value in raw.items() if key not in ("documents", "fees")}
    version = RawVersion(code=code, values=values, where=where)
    version.documents = _read_json_items(raw, "documents", "giấy tờ", DOCUMENT_KEYS, where, errors)
    version.fees = _read_json_items(raw, "fees", "phí/lệ phí", FEE_KEYS, where, errors)
    return version


def _read_json_items(
    raw: dict[str, Any],
    key: str,
    noun: str,
    allowed: frozenset[str],
    where: Where,
    errors: list[str],
) -> list[RawItem]:
    items = raw.get(key, [])
    if not isinstance(items, list):
        errors.append(f"{where.at(key)}: phải là danh sách.")
        return []
    result: list[RawItem] = []
    for index, item in enumerate(items, start=1):
        item_where = Where(f"{where.prefix}, {noun} thứ {index}")
        if not isinstance(item, dict):
            errors.append(f"{item_where.prefix}: phải là một đối tượng JSON.")
            continue
        errors.extend(_unknown_keys(item, allowed, item_where))
        result.append(RawItem(values=dict(item), where=item_where))
    return result


def read_xlsx(content: bytes) -> tuple[list[RawVersion], list[str]]:
    """Return the versions of an Excel catalog and the structural problems found."""
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFileError([f"Tệp Excel (.xlsx) không đọc được: {exc}."]) from exc
    try:
        missing = [name for name in SHEETS if name not in workbook.sheetnames]
        if missing:
            raise UnreadableFileError([f'Tệp Excel thiếu trang "{name}".' for name in missing])
        errors: list[str] = []
        sheets = {name: _sheet_rows(workbook[name], name, errors) for name in SHEETS}
    finally:
        workbook.close()
    if errors:
        raise UnreadableFileError(errors)
    return _assemble(sheets)


def _sheet_rows(sheet: Any, name: str, errors: list[str]) -> list[tuple[int, dict[str, Any]]]:
    """Return (row number, {column: value}) for every non-empty data row of `sheet`."""
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    allowed = SHEETS[name]
    for position, column in enumerate(header, start=1):
        if column and column not in allowed:
            errors.append(f'Trang "{name}", cột thứ {position} "{column}": cột không được hỗ trợ.')
    errors.extend(
        f'Trang "{name}": thiếu cột "{column}".'
        for column in _required_columns(name)
        if column not in header
    )
    result = []
    for number, row in enumerate(rows, start=2):
        values = {
            column: value for column, value in zip(header, row, strict=False) if column in allowed
        }
        if any(value not in (None, "") for value in values.values()):
            result.append((number, values))
    return result


def _required_columns(name: str) -> tuple[str, ...]:
    fields = {
        PROCEDURES_SHEET: VERSION_FIELDS,
        DOCUMENTS_SHEET: DOCUMENT_FIELDS,
        FEES_SHEET: FEE_FIELDS,
    }[name]
    keys = ("code",) if name == PROCEDURES_SHEET else ("code", "number")
    return keys + tuple(f.name for f in fields if f.required)


def version_key(code: Any, number: Any) -> tuple[str, str]:
    """Return the key joining a paper or fee row to its version row (text, as typed)."""
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return (
        str(code).strip() if code is not None else "",
        str(number).strip() if number is not None else "",
    )


def _assemble(
    sheets: dict[str, list[tuple[int, dict[str, Any]]]],
) -> tuple[list[RawVersion], list[str]]:
    versions: list[RawVersion] = []
    by_key: dict[tuple[str, str], RawVersion] = {}
    for row, values in sheets[PROCEDURES_SHEET]:
        code = values.pop("code", None)
        version = RawVersion(
            code=code, values=values, where=Where(f'Trang "{PROCEDURES_SHEET}", dòng {row}', "cột")
        )
        versions.append(version)
        by_key.setdefault(version_key(code, values.get("number")), version)
    errors: list[str] = []
    for sheet in (DOCUMENTS_SHEET, FEES_SHEET):
        for row, values in sheets[sheet]:
            key = version_key(values.pop("code", None), values.pop("number", None))
            where = Where(f'Trang "{sheet}", dòng {row}', "cột")
            owner = by_key.get(key)
            if owner is None:
                errors.append(
                    f'{where.prefix}: không có phiên bản "{key[1]}" của thủ tục '
                    f'"{key[0]}" trong trang "{PROCEDURES_SHEET}".'
                )
                continue
            items = owner.documents if sheet == DOCUMENTS_SHEET else owner.fees
            items.append(RawItem(values=values, where=where))
    return versions, errors
