"""GET /api/v1/calendar/due: when a dossier received at a given moment is due (public)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BeforeValidator, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from motcua.deadlines.provider import deadline_for
from motcua.deadlines.rules import LOCAL_TZ, Deadline, Unit

from .schemas import ErrorOut

router = Router(tags=["calendar"])

# Far above any legal time limit, and low enough that counting day by day stays cheap.
MAX_LIMIT = 1000

# A date and a time of day; pydantic alone would also take "1700000000" (a Unix time) or a
# bare date (midnight), which are almost always mistakes here.
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
)


def _iso_datetime(value: object) -> object:
    if isinstance(value, str) and not _ISO_DATETIME.fullmatch(value):
        raise PydanticCustomError(
            "datetime_format",
            _(
                "Give a date and time in ISO 8601, such as 2026-03-10T15:30:00+07:00 "
                "(write + as %(plus)s in a URL)."
            )
            % {"plus": "%2B"},
        )
    return value


def _whole_number(value: object) -> object:
    # pydantic's lax mode would read "3.0" as 3 and "3_0" as 30.
    if isinstance(value, str) and not re.fullmatch(r"[0-9]+", value):
        raise PydanticCustomError("int_parsing", _("Give a whole number of 0 or more."))
    return value


ReceivedAt = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]
Limit = Annotated[int, Field(ge=0, le=MAX_LIMIT), BeforeValidator(_whole_number)]


class DueQuery(Schema):
    received_at: ReceivedAt = Field(
        description="Actual receipt time, ISO 8601. Without an offset it is Vietnam time (+07:00)."
    )
    # Declared before `limit`, whose check needs it.
    unit: Unit = Field(Unit.WORKING_DAYS, description="Unit of the legal time limit")
    limit: Limit | None = Field(
        None,
        validate_default=True,
        description="Legal time limit in `unit`; required except for same_day, which ignores it",
    )

    @field_validator("limit")
    @classmethod
    def _limit_is_given(cls, limit: int | None, info: ValidationInfo) -> int | None:
        unit = info.data.get("unit")
        if limit is None and unit is not None and unit is not Unit.SAME_DAY:
            raise PydanticCustomError(
                "missing",
                _("A time limit (limit) is required for the unit %(unit)s.") % {"unit": unit.value},
            )
        return limit


class DueOut(Schema):
    received_at: dt.datetime = Field(description="The receipt time, in Vietnam time")
    clock_starts_at: dt.datetime = Field(description="When the time limit starts to run")
    due_at: dt.datetime = Field(description="When the time limit runs out")


@router.get(
    "/due",
    response={200: DueOut, 422: ErrorOut},
    auth=None,
    summary="When a dossier received at a given moment is due",
)
def due(request: HttpRequest, query: Query[DueQuery]) -> Deadline:
    """Apply the working calendar (statutory holidays and the yearly decisions) to a time limit.

    The clock starts at the receipt time inside working hours, otherwise at the next opening;
    working days count from the day after, and the result is due at the end of the last day.
    """
    received_at = query.received_at
    if received_at.utcoffset() is None:
        received_at = received_at.replace(tzinfo=LOCAL_TZ)
    try:
        return deadline_for(received_at, query.limit, query.unit)
    except (ValueError, OverflowError) as exc:
        # Only dates near year 1 or 9999 get here: the query has been validated already.
        raise HttpError(
            422, _("The due date falls outside the dates this calendar handles.")
        ) from exc
