"""Between HTML form fields and a form's wire values (motcua/eforms/schema.py).

A date is three inputs (day, month, year), an address a street and a commune, a group a row of
fields per entry; the names carry the question key, so a page works without JavaScript.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import QueryDict

from motcua.eforms.schema import Kind, Page, Question
from motcua.units.models import AdministrativeUnit


def read_page(page: Page, answers: dict[str, Any], post: QueryDict) -> dict[str, Any]:
    """The wire values of a page's visible questions, as posted."""
    return {
        q.key: read_value(q, post, q.key)
        for q in page.visible_questions(answers)
        if q.kind is not Kind.EXPLANATION
    }


def read_value(q: Question, post: QueryDict, name: str) -> Any:
    if q.kind is Kind.DATE:
        parts = [post.get(f"{name}-{p}", "").strip() for p in ("year", "month", "day")]
        return "-".join(parts) if any(parts) else ""
    if q.kind is Kind.ADDRESS:
        return {
            "street": post.get(f"{name}-street", ""),
            "commune": post.get(f"{name}-commune", ""),
        }
    if q.kind is Kind.MULTIPLE:
        return post.getlist(name)
    if q.kind is Kind.DECLARATION:
        return post.get(name) == "yes"
    if q.kind is Kind.GROUP:
        return _read_rows(q, post, name)
    return post.get(name, "")


def _read_rows(q: Question, post: QueryDict, name: str) -> list[dict[str, Any]]:
    try:
        count = min(int(post.get(f"{name}-count", "0")), q.max_items + 1)
    except ValueError:
        count = 0
    removed = post.get("remove-row", "")
    rows = []
    for i in range(count):
        if removed == f"{name}-{i}":
            continue
        rows.append({s.key: read_value(s, post, f"{name}-{i}-{s.key}") for s in q.items})
    return rows


@dataclass
class FieldView:
    """What the template needs to draw one question."""

    q: Question
    name: str
    value: Any
    error: str = ""
    rows: list[list[FieldView]] = field(default_factory=list)

    @property
    def date_parts(self) -> dict[str, str]:
        parts = str(self.value or "").split("-")
        if len(parts) != 3:
            return {"day": "", "month": "", "year": ""}
        return {
            "year": parts[0],
            "month": parts[1].lstrip("0") if parts[1] else "",
            "day": parts[2].lstrip("0") if parts[2] else "",
        }

    @property
    def chosen(self) -> list[str]:
        if isinstance(self.value, list):
            return [str(v) for v in self.value]
        return [str(self.value)] if self.value not in (None, "") else []

    @property
    def described_by(self) -> str:
        ids = [f"{self.name}-hint"] if self.q.hint else []
        if self.error:
            ids.append(f"{self.name}-error")
        return " ".join(ids)


def field_views(
    page: Page, answers: dict[str, Any], errors: dict[str, str], extra_row: str = ""
) -> list[FieldView]:
    return [
        _view(q, q.key, answers.get(q.key), errors.get(q.key, ""), extra_row)
        for q in page.visible_questions(answers)
    ]


def _view(q: Question, name: str, value: Any, error: str, extra_row: str) -> FieldView:
    view = FieldView(q, name, value, error)
    if q.kind is Kind.GROUP:
        rows = [r for r in (value if isinstance(value, list) else []) if isinstance(r, dict)]
        if not rows or (extra_row == name and len(rows) < q.max_items):
            rows.append({})
        view.rows = [
            [_view(s, f"{name}-{i}-{s.key}", row.get(s.key), "", "") for s in q.items]
            for i, row in enumerate(rows)
        ]
    return view


def commune_choices(day: dt.date | None = None) -> list[tuple[str, str]]:
    """The communes and wards of the province, post-2025 scheme, by name."""
    units = AdministrativeUnit.objects.filter(
        scheme="2025",
        level="commune",
        parent__code=settings.PROVINCE_CODE,
        parent__level="province",
    )
    if day is not None:
        units = units.in_force_on(day)
    return sorted(((u.code, u.name) for u in units), key=lambda pair: pair[1])
