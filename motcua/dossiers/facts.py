"""record_fact(): the one function that appends a fact row for reports (architecture.md,
"Reports"). Dossier.apply() calls it, and so does every write that changes a Decision 766 input
(a paper flag, a payment, the e-result link, the VNeID flag, a rating or a petition)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Field
from django.utils import timezone

from motcua.lib import versions
from motcua.units.models import UNITS_VERSION, AdministrativeUnit

from .models import Dossier, Fact


def record_fact(dossier: Dossier, event: str, at: dt.datetime, flags: dict[str, Any]) -> None:
    """Append what a report needs to know of `dossier` after `event`; `flags` says what changed.

    One INSERT of values prepared by the fields themselves, without building a model instance
    and compiling the statement each time: every transition writes one, and a fact should cost
    apply() little (issue 7 asks under 10 %)."""
    values = {
        "dossier_id": dossier.pk,
        "event": event,
        "at": at,
        "receipt_day": timezone.localtime(dossier.received_at).date()
        if dossier.received_at
        else None,
        "channel": dossier.channel,
        "procedure_version_id": dossier.procedure_version_id,
        "competent_agency_id": dossier.competent_agency_id,
        "receiving_unit_id": dossier.receiving_unit_id,
        "commune_id": dossier.applicant_commune_id,
        "commune_scheme": _scheme(dossier.applicant_commune_id),
        "status": dossier.status,
        "due_at": dossier.due_at,
        "finished_at": dossier.finished_at,
        "flags": flags,
    }
    fields, statement = _insert()
    with connection.cursor() as cursor:
        cursor.execute(
            statement, [f.get_db_prep_save(values[f.attname], connection) for f in fields]
        )


@cache
def _insert() -> tuple[list[Field[Any, Any]], str]:
    """The fact's columns and the INSERT statement, built once per process."""
    fields = [f for f in Fact._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    return fields, f"INSERT INTO {quote(Fact._meta.db_table)} ({columns}) VALUES ({marks})"


def _scheme(unit_id: int | None) -> str:
    """The unit's scheme (before or after 1 July 2025), kept per process: it is part of what
    the unit is, and apply() should not read the unit again for every fact."""
    if unit_id is None:
        return ""
    return versions.cached(
        (UNITS_VERSION,),
        ("unit-scheme", unit_id),
        lambda: str(
            AdministrativeUnit.objects.filter(pk=unit_id).values_list("scheme", flat=True).first()
            or ""
        ),
    )
