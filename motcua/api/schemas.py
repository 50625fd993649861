"""Shapes shared by every endpoint: the list envelope and the error bodies (see architecture)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone
from ninja import Schema
from pydantic import Field, PlainSerializer

T = TypeVar("T")

# Times are given in Vietnam time (+07:00), as people read them and as the calendar counts.
LocalDateTime = Annotated[
    dt.datetime,
    PlainSerializer(lambda v: timezone.localtime(v).isoformat(), return_type=str),
]
M = TypeVar("M", bound=Model)

PAGE_SIZE = 20


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
    """Return the rows of one page and the total count."""
    count = qs.count()
    start = (page - 1) * page_size
    return list(qs[start : start + page_size]), count
