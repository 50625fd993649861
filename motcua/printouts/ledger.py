"""Form 07, the dossier ledger (Sổ theo dõi hồ sơ) of one unit for a period, as PDF or xlsx.

One row per dossier the unit received (as receiving unit) or handles (as competent agency)
in the period, by receipt date; rows are numbered from 1 (Circular 01/2018/TT-VPCP Art. 10:
the paper ledger's numbering runs on; the electronic one is printed per period).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier

from .forms import timeliness
from .pdf import html_of, to_pdf


@dataclass(frozen=True)
class Line:
    number: int
    code: str
    applicant: str
    procedure: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    status: str
    timeliness: str


def dossiers_of(
    unit: Agency, start: dt.date, end: dt.date, among: QuerySet[Dossier] | None = None
) -> QuerySet[Dossier]:
    """The unit's dossiers received from `start` to `end` (both included), oldest first."""
    qs = among if among is not None else Dossier.objects.all()
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return (
        qs.filter(
            Q(receiving_unit=unit) | Q(competent_agency=unit),
            received_at__gte=since,
            received_at__lt=until,
        )
        .select_related("procedure_version__procedure")
        .order_by("received_at", "id")
    )


def lines(dossiers: QuerySet[Dossier]) -> list[Line]:
    now = timezone.now()
    return [
        Line(
            i,
            d.code or d.reference,
            d.applicant_name,
            f"{d.procedure_version.procedure.code} — {d.procedure_version.name}",
            d.received_at,
            d.due_at,
            d.finished_at,
            d.returned_at,
            str(d.get_status_display()),
            _result_timeliness(d, now),
        )
        for i, d in enumerate(dossiers, start=1)
    ]


def _result_timeliness(d: Dossier, now: dt.datetime) -> str:
    """Only a result (granted or refused) is early, on time or late; a stopped or
    not-received dossier is not measured (Decision 766 counts resolved dossiers)."""
    if d.finished_at and not d.outcome:
        return ""
    return timeliness(d.finished_at, d.due_at, now)


def ledger(
    unit: Agency, start: dt.date, end: dt.date, *, among: QuerySet[Dossier] | None = None
) -> bytes:
    """The PDF of form 07 for `unit` from `start` to `end`."""
    return to_pdf(ledger_html(unit, start, end, among=among))


def ledger_html(
    unit: Agency, start: dt.date, end: dt.date, *, among: QuerySet[Dossier] | None = None
) -> str:
    rows = lines(dossiers_of(unit, start, end, among))
    return html_of(
        "printouts/form_07.html",
        "07",
        {
            "agency": unit,
            "rows": rows,
            "start": start,
            "end": end,
            "printed_at": timezone.now(),
            "ident": f"{unit.code} {start:%d/%m/%Y}–{end:%d/%m/%Y}",
        },
    )


def ledger_xlsx(
    unit: Agency, start: dt.date, end: dt.date, *, among: QuerySet[Dossier] | None = None
) -> bytes:
    """Form 07 as a spreadsheet: the same rows, dates as real dates for sorting."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "07"
    sheet.append([f"{unit.name} — {start:%d/%m/%Y}–{end:%d/%m/%Y}"])
    sheet.append(
        [
            _("No."),
            _("Dossier code"),
            _("Applicant"),
            _("Procedure"),
            _("Received at"),
            _("Result due at"),
            _("Resolved at"),
            _("Returned at"),
            _("Status"),
            _("Early / on time / late"),
        ]
    )
    for row in lines(dossiers_of(unit, start, end, among)):
        sheet.append(
            [
                row.number,
                row.code,
                row.applicant,
                row.procedure,
                _naive(row.received_at),
                _naive(row.due_at),
                _naive(row.finished_at),
                _naive(row.returned_at),
                row.status,
                row.timeliness,
            ]
        )
    for column, width in zip("ABCDEFGHIJ", (5, 28, 24, 50, 17, 17, 17, 17, 28, 14), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=3, min_col=5, max_col=8):
        for cell in cells:
            cell.number_format = "dd/mm/yyyy hh:mm"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _naive(moment: dt.datetime | None) -> dt.datetime | None:
    """Local wall time: spreadsheets hold no time zone."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None
