"""Shapes shared by every endpoint: the list envelope and the error bodies (see architecture)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone
from ninja import P, QueryEx, Schema
from pydantic import Field, PlainSerializer

from motcua.lib.paging import MAX_PAGE

T = TypeVar("T")

# Times are given in Vietnam time (+07:00), as people read them and as the calendar counts.
LocalDateTime = Annotated[
    dt.datetime,
    PlainSerializer(lambda v: timezone.localtime(v).isoformat(), return_type=str),
]
M = TypeVar("M", bound=Model)

PAGE_SIZE = 20

# Every list's page number is bounded (motcua.lib.paging, security review D7).
PAGE_HELP = f"Page number, from 1 to {MAX_PAGE}"
# For a page field in a Query[...] schema ...
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE, strict=False, description=PAGE_HELP)]
# ... and for a page parameter of an operation: `page: PageParam = 1`.
PageParam = QueryEx[int, P(ge=1, le=MAX_PAGE, description=PAGE_HELP)]


class Page(Schema, Generic[T]):
    items: list[T]
    count: int
    page: int
    page_size: int


class FieldError(Schema):
    field: str = Field(description="Dotted path of the parameter or field")
    message: str


class ErrorOut(Schema):
    message: str = Field(description="What went wrong, in words a person can read")
    errors: list[FieldError] = Field(default_factory=list)


def paginate(qs: QuerySet[M], page: int, page_size: int = PAGE_SIZE) -> tuple[list[M], int]:
    """Return the rows of one page and the total count. The page is clamped to 1..MAX_PAGE as a
    last guard; the operations refuse one out of range with 422 (PageNumber, PageParam)."""
    page = min(max(page, 1), MAX_PAGE)
    count = qs.count()
    start = (page - 1) * page_size
    return list(qs[start : start + page_size]), count
