"""Forms 01–06 of one dossier (Circular 03/2025/TT-VPCP Annex I; Circular 01/2018/TT-VPCP Art. 9).

`render(dossier, number)` builds the form's context from the dossier, its history (Transition)
and steps (Step), renders printouts/form_<number>.html and prints it with WeasyPrint. A form
that the history does not call for (03 without a refusal at intake, 04 without an extension,
05 without a stop) raises NotApplicable: the law issues each form on one event only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.deadlines.provider import get_calendar
from motcua.dossiers.choices import STATE_LABELS
from motcua.dossiers.lifecycle import replay
from motcua.dossiers.models import Dossier, Step, Transition
from motcua.dossiers.workflow import limit_of, recorded_actions, rules

from .pdf import NotApplicable, html_of, lookup_url, qr_data_uri, spec, to_pdf

RECEIPT_EVENTS = ("receive", "receive_at_counter")
SUPPLEMENT_EVENTS = ("request_intake_supplement", "request_supplement")


def render(
    dossier: Dossier, number: str, *, at: dt.datetime | None = None, base_url: str | None = None
) -> bytes:
    """The PDF of form `number` ("01".."06") for `dossier`, printed at `at` (now by default)."""
    return to_pdf(render_html(dossier, number, at=at, base_url=base_url))


def render_html(
    dossier: Dossier, number: str, *, at: dt.datetime | None = None, base_url: str | None = None
) -> str:
    """The HTML that render() prints: tests read the QR code's URL from it."""
    spec(number)
    builder = BUILDERS.get(number)
    if builder is None:
        raise NotApplicable(f"Mẫu số {number} là sổ theo dõi, không in cho từng hồ sơ.")
    context = {**common(dossier, at, base_url), **builder(dossier)}
    return html_of(f"printouts/form_{number}.html", number, context)


def common(dossier: Dossier, at: dt.datetime | None, base_url: str | None) -> dict[str, Any]:
    """What every form carries: identity of the dossier, procedure, applicant, QR code."""
    version = dossier.procedure_version
    ident = dossier.code or dossier.reference
    url = lookup_url(ident, base_url)
    return {
        "dossier": dossier,
        "ident": ident,
        "version": version,
        "procedure_code": version.procedure.code,
        "agency": dossier.receiving_unit,
        "printed_at": at or timezone.now(),
        "lookup_url": url,
        "qr": qr_data_uri(url),
    }


def last_event(dossier: Dossier, events: tuple[str, ...], message: str) -> Transition:
    row = dossier.transitions.filter(event__in=events).select_related("by").order_by("-id").first()
    if row is None:
        raise NotApplicable(message)
    return row


def lines(note: str) -> list[str]:
    """The items of a note written one per line, without the bullets typed before them."""
    return [line.strip().lstrip("-•*").strip() for line in note.splitlines() if line.strip()]


def receipt(dossier: Dossier) -> dict[str, Any]:
    if not dossier.code or not dossier.received_at:
        raise NotApplicable(
            "Hồ sơ chưa được tiếp nhận nên chưa có Giấy tiếp nhận hồ sơ và hẹn "
            "trả kết quả (Mẫu 01)."
        )
    row = last_event(dossier, RECEIPT_EVENTS, "Hồ sơ chưa được tiếp nhận.")
    papers = list(dossier.papers.select_related("required_document").order_by("id"))
    return {"received": row, "papers": papers, "fees": list(dossier.fees.order_by("id"))}


def supplement(dossier: Dossier) -> dict[str, Any]:
    row = last_event(
        dossier,
        SUPPLEMENT_EVENTS,
        "Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện nào "
        "nên không có Phiếu yêu cầu bổ sung (Mẫu 02).",
    )
    before_receipt = row.event == "request_intake_supplement"
    agency = dossier.receiving_unit if before_receipt else dossier.competent_agency
    return {
        "asked": row,
        "items": lines(row.note),
        "before_receipt": before_receipt,
        "agency": agency,
    }


def refusal(dossier: Dossier) -> dict[str, Any]:
    row = last_event(
        dossier,
        ("refuse_at_intake",),
        "Hồ sơ không bị từ chối tiếp nhận nên "
        "không có Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03).",
    )
    return {"refusal": row, "reasons": lines(row.note)}


def apology(dossier: Dossier) -> dict[str, Any]:
    row = last_event(
        dossier,
        ("extend",),
        "Hồ sơ không được gia hạn nên không có Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).",
    )
    actions = recorded_actions(dossier)
    index = [r.pk for r in dossier.transitions.order_by("id")].index(row.pk)
    # The original due date is the one the history gives just before the extension.
    before = replay(actions[:index], limit_of(dossier), get_calendar(), rules())
    new_due = row.data.get("new_due_at")
    return {
        "apology": row,
        "old_due_at": before.due_at,
        "new_due_at": dt.datetime.fromisoformat(new_due) if new_due else dossier.due_at,
        "reasons": lines(row.note),
        "max_extensions": settings.MAX_EXTENSIONS,
        "agency": dossier.competent_agency,
    }


def stop(dossier: Dossier) -> dict[str, Any]:
    row = last_event(
        dossier,
        ("stop",),
        "Hồ sơ không bị dừng giải quyết nên không có Thông báo dừng giải quyết hồ sơ (Mẫu 05).",
    )
    return {
        "stop": row,
        "reasons": lines(row.note),
        "stage": STATE_LABELS.get(row.from_state, ""),
        "asked_by_applicant": row.from_state == "withdrawal",
        "fees": list(dossier.fees.order_by("id")),
        "agency": dossier.competent_agency,
    }


@dataclass(frozen=True)
class HandOver:
    """One row of the control sheet: who gave the dossier to whom, when, and how it went."""

    number: int
    kind: str
    sender: str
    sender_person: str
    receiver: str
    receiver_person: str
    at: dt.datetime
    due_at: dt.datetime | None
    ended_at: dt.datetime | None
    result: str
    timeliness: str


def timeliness(ended: dt.datetime | None, due: dt.datetime | None, now: dt.datetime) -> str:
    """Early, on time or late against a due time (Circular 01/2018 Art. 9: form 05 of 2018)."""
    if due is None:
        return ""
    if ended is None:
        return _("Late") if now > due else ""
    if ended > due:
        return _("Late")
    if timezone.localdate(ended) < timezone.localdate(due):
        return _("Early")
    return _("On time")


def control(dossier: Dossier) -> dict[str, Any]:
    steps = list(dossier.steps.select_related("agency", "assignee").order_by("number"))
    if not steps:
        raise NotApplicable(
            "Hồ sơ chưa được tiếp nhận nên chưa có Phiếu kiểm soát quá trình "
            "giải quyết hồ sơ (Mẫu 06)."
        )
    history = list(dossier.transitions.select_related("by").order_by("id"))
    now = timezone.now()
    rows = [_hand_over(dossier, steps, index, history, now) for index in range(len(steps))]
    return {
        "rows": rows,
        "agency": dossier.competent_agency,
        "history": history,
        "overall": ""
        if dossier.finished_at and not dossier.outcome
        else timeliness(dossier.finished_at, dossier.due_at, now),
    }


def _hand_over(
    dossier: Dossier, steps: list[Step], index: int, history: list[Transition], now: dt.datetime
) -> HandOver:
    step = steps[index]
    opened = next(
        (t for t in history if t.at == step.started_at and t.event not in ("submit_online",)), None
    )
    if index == 0:
        sender, sender_person = dossier.applicant_name, ""
    else:
        held = [s for s in steps[:index] if s.kind == "handling"]
        sender = held[-1].agency.name if held else dossier.receiving_unit.name
        sender_person = opened.by.full_name if opened and opened.by else ""
    result = step.get_result_display() if step.result else _("In progress")
    return HandOver(
        step.number,
        step.get_kind_display(),
        sender,
        sender_person,
        step.agency.name,
        step.assignee.full_name if step.assignee else "",
        step.started_at,
        step.due_at,
        step.ended_at,
        result,
        timeliness(step.ended_at, step.due_at, now),
    )


BUILDERS: dict[str, Callable[[Dossier], dict[str, Any]]] = {
    "01": receipt,
    "02": supplement,
    "03": refusal,
    "04": apology,
    "05": stop,
    "06": control,
}
