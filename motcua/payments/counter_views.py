"""The back office's fee page, /mot-cua/ho-so/<ref>/thu-phi/: the counter officer records a
payment in cash or by transfer (it pays the fees at receipt, or the financial obligation at
status 6) and prints the receipt; an officer may also ask the applicant for an amount.

Scoped like every back-office page: a dossier the officer may not act on answers 404, a
citizen gets 403 (staff_required).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.accounts.staff import staff_required
from motcua.backoffice.action_views import acting_dossier, refusal_message
from motcua.dossiers import lifecycle
from motcua.dossiers.choices import STATE_LABELS
from motcua.dossiers.lifecycle import Refused
from motcua.dossiers.models import Dossier, Fee
from motcua.dossiers.roles import roles_towards
from motcua.dossiers.transitions import FINAL, InvalidTransition, State

from .choices import Stage
from .forms import AskPaymentForm, CounterPaymentForm
from .models import Payment
from .requests import OBLIGATION_KIND, Line, raise_request
from .words import grouped
from .workflow import CounterPayment, WrongAmount, due_fees, record_counter


def _page(
    request: HttpRequest,
    dossier: Dossier,
    form: CounterPaymentForm,
    ask_form: AskPaymentForm,
    problems: list[str],
    status: int = 200,
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    due = due_fees(dossier)
    return render(
        request,
        "payments/counter.html",
        {
            "dossier": dossier,
            "form": form,
            "ask_form": ask_form,
            "problems": problems,
            "due": due,
            "due_total": sum(f.amount for f in due),
            "fees": list(Fee.objects.filter(dossier=dossier).order_by("id")),
            "payments": list(Payment.objects.filter(dossier=dossier).order_by("-id")),
            "takes_payments": lifecycle.COUNTER in roles_towards(dossier, user),
            "may_ask": not due and not _final(dossier),
            "state_label": STATE_LABELS.get(dossier.state, dossier.state),
        },
        status=status,
    )


def _final(dossier: Dossier) -> bool:
    return not dossier.state or State(dossier.state) in FINAL


def _here(dossier: Dossier) -> str:
    return reverse("payments:counter", args=[dossier.code or dossier.reference])


@staff_required
@require_http_methods(["GET", "POST"])
def counter(request: HttpRequest, ref: str) -> HttpResponse:
    dossier = acting_dossier(request.user, ref)
    user: User = request.user  # type: ignore[assignment]
    due = sum(f.amount for f in due_fees(dossier))
    form = CounterPaymentForm(
        request.POST if request.method == "POST" else None,
        nothing_due=not due,
        initial={"amount": due or None},
    )
    problems: list[str] = []
    if request.method == "GET":
        return _page(request, dossier, form, AskPaymentForm(), problems)
    if lifecycle.COUNTER not in roles_towards(dossier, user):
        problems.append(_("Only the receiving unit's counter officers take payments."))
    elif form.is_valid():
        data = form.cleaned_data
        entry = CounterPayment(
            data["method"],
            data["amount"],
            data.get("transfer_reference", "").strip(),
            data.get("fee_name", "").strip(),
        )
        try:
            payment = record_counter(dossier, user, entry)
        except WrongAmount as exc:
            form.add_error(
                "amount",
                _("The amount due is %(due)s đồng: take exactly that amount.")
                % {"due": grouped(exc.due)},
            )
        except (Refused, InvalidTransition) as exc:
            problems.append(refusal_message(exc, dossier))
        else:
            messages.success(
                request,
                _("Payment recorded: receipt %(number)s.") % {"number": payment.receipt_number},
            )
            return HttpResponseRedirect(_here(dossier))
    return _page(request, dossier, form, AskPaymentForm(), problems, status=400)


def _stage(dossier: Dossier) -> str:
    if dossier.state == State.OBLIGATION:
        return Stage.OBLIGATION
    if dossier.state == State.DECIDED:
        return Stage.RETURN
    return Stage.RECEIPT


@staff_required
@require_POST
def ask(request: HttpRequest, ref: str) -> HttpResponse:
    """Ask the applicant to pay an amount no rule gave (published as payment.requested)."""
    dossier = acting_dossier(request.user, ref)
    user: User = request.user  # type: ignore[assignment]
    ask_form = AskPaymentForm(request.POST)
    problems: list[str] = []
    if due_fees(dossier) or _final(dossier):
        problems.append(
            _("A payment can be asked for only when nothing is due and the dossier is still open.")
        )
    elif ask_form.is_valid():
        stage = _stage(dossier)
        now = timezone.now()
        raise_request(
            dossier,
            stage,
            [
                Line(
                    ask_form.cleaned_data["fee_name"].strip(),
                    OBLIGATION_KIND if stage == Stage.OBLIGATION else "le-phi",
                    ask_form.cleaned_data["amount"],
                )
            ],
            source=f"officer:{dossier.pk}:{now.isoformat()}",
            by=user,
            at=now,
        )
        messages.success(request, _("The applicant was asked to pay."))
        return HttpResponseRedirect(_here(dossier))
    form = CounterPaymentForm(nothing_due=True)
    return _page(request, dossier, form, ask_form, problems, status=400)
