"""Turn one raw value of a catalog file into the value the database stores, or say why not.

Values come from JSON (str, int, bool, list, None) or from Excel cells (str, int, float, bool,
datetime, None); each converter accepts both, so the two formats follow the same rules.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from .schema import BOOL, CODES, DATE, ENUM, INT, TEXT, TEXTS, TIERS, Field

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TRUE_WORDS = frozenset({"true", "1", "có", "co", "x", "yes"})
FALSE_WORDS = frozenset({"false", "0", "không", "khong", "no"})


class FieldError(ValueError):
    """A value that cannot be stored; the message is Vietnamese and names the problem only."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def convert(field: Field, value: Any) -> Any:
    """Return `value` converted for `field`, its default when blank, or raise FieldError."""
    if is_blank(value):
        if field.required:
            raise FieldError("bắt buộc, không được để trống.")
        return field.empty()
    converter = CONVERTERS[field.kind]
    return converter(field, value)


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


def to_text(field: Field, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldError(f"giá trị {_show(value)} phải là văn bản.")
    text = str(value)
    if field.max_length is not None and len(text) > field.max_length:
        raise FieldError(f"dài {len(text)} ký tự, tối đa {field.max_length} ký tự.")
    return text


def to_int(field: Field, value: Any) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or number < field.minimum:
        raise FieldError(
            f'giá trị "{_show(value)}" không hợp lệ; cần một số nguyên từ {field.minimum} trở lên.'
        )
    return number


def to_bool(field: Field, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise FieldError(f'giá trị "{_show(value)}" không hợp lệ; dùng true hoặc false.')


def to_date(field: Field, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FieldError(f'ngày "{_show(value)}" không hợp lệ; dùng dạng YYYY-MM-DD, ví dụ 2025-07-01.')


def to_enum(field: Field, value: Any) -> str:
    text = value.strip() if isinstance(value, str) else value
    if text not in field.choices:
        allowed = ", ".join(choice for choice in field.choices if choice)
        blank = " hoặc để trống" if "" in field.choices else ""
        raise FieldError(
            f'giá trị "{_show(value)}" không hợp lệ; dùng một trong: {allowed}{blank}.'
        )
    return str(text)


def to_codes(field: Field, value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value if item.strip()]
    raise FieldError(
        f"giá trị {_show(value)} phải là danh sách mã, ví dụ "
        '["000.00.31.H19", "000.00.32.H19"] hoặc "000.00.31.H19; 000.00.32.H19".'
    )


def to_texts(field: Field, value: Any) -> list[str]:
    if isinstance(value, str):
        if value.lstrip().startswith("["):
            value = _json_list(value)
        else:
            return [line.strip() for line in value.splitlines() if line.strip()]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise FieldError(
        f'giá trị {_show(value)} phải là danh sách văn bản: JSON ["…", "…"] hoặc mỗi mục một dòng.'
    )


def to_tiers(field: Field, value: Any) -> list[dict[str, int]]:
    items = _json_list(value) if isinstance(value, str) else value
    problem = FieldError(
        'bậc phí phải có dạng [{"from_page": 3, "amount": 1000}], from_page từ 2 trở lên '
        "và tăng dần, amount là số nguyên không âm."
    )
    if not isinstance(items, list):
        raise problem
    tiers: list[dict[str, int]] = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"from_page", "amount"}:
            raise problem
        start, amount = item["from_page"], item["amount"]
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, amount)):
            raise problem
        if start < 2 or amount < 0 or (tiers and start <= tiers[-1]["from_page"]):
            raise problem
        tiers.append({"from_page": start, "amount": amount})
    return tiers


def _json_list(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FieldError(f"không đọc được JSON: {exc.msg} (vị trí {exc.pos}).") from exc


CONVERTERS = {
    TEXT: to_text,
    INT: to_int,
    BOOL: to_bool,
    DATE: to_date,
    ENUM: to_enum,
    CODES: to_codes,
    TEXTS: to_texts,
    TIERS: to_tiers,
}
