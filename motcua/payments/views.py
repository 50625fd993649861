"""The applicant's payment pages: start an online payment, the gateway's return page, the
sandbox gateway's own page, and the receipt PDF (shared with the back office)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.conversations.services import site_url
from motcua.dossiers.models import Dossier
from motcua.lib.net import client_address

from . import conf, sandbox, vnpay
from .gateways import SandboxGateway, get_gateway
from .models import Payment
from .receipts import NoReceipt, filename, receipt_pdf
from .workflow import KeyReused, NothingDue, redirect_url, start_online


def own_dossier(user: Any, ref: str) -> Dossier:
    """The applicant's own dossier by reference or code: only the applicant pays online."""
    key = ref.strip().upper()
    dossier = Dossier.objects.filter(Q(reference=key) | Q(code=key), applicant=user).first()
    if dossier is None:
        raise Http404("No such dossier of yours")
    return dossier


def vnp_params(request: HttpRequest) -> dict[str, str]:
    """The gateway's `vnp_*` query parameters, one value each."""
    return {k: str(v) for k, v in request.GET.dict().items() if k.startswith("vnp_")}


def return_url(request: HttpRequest) -> str:
    return f"{site_url(request)}{reverse('payments:result')}"


def client_ip(request: HttpRequest) -> str:
    return client_address(request) or "127.0.0.1"


@login_required
@require_POST
def start(request: HttpRequest, ref: str) -> HttpResponse:
    """The fee panel's "Pay online" button: on to the gateway's page."""
    dossier = own_dossier(request.user, ref)
    mine = reverse("portal:my-dossier", args=[dossier.reference])
    key = request.POST.get("key", "").strip()[:200]
    gateway = get_gateway()
    try:
        payment = start_online(
            dossier,
            request.user,  # type: ignore[arg-type]
            gateway,
            key=f"web:{request.user.pk}:{key}" if key else "",
        )
    except NothingDue:
        messages.info(request, _("There is nothing left to pay for this dossier."))
        return HttpResponseRedirect(mine)
    except KeyReused:
        raise Http404("No such payment") from None
    return HttpResponseRedirect(
        redirect_url(payment, get_gateway(payment.gateway), return_url(request), client_ip(request))
    )


def result(request: HttpRequest) -> HttpResponse:
    """Where the gateway sends the payer back. It only shows the payment's state: the IPN,
    never this page, marks a payment paid (VNPay 2.1.0)."""
    params = vnp_params(request)
    payment = (
        Payment.objects.filter(txn_ref=params.get("vnp_TxnRef") or None)
        .select_related("dossier")
        .first()
    )
    if payment is not None and not vnpay.verify(params, get_gateway(payment.gateway).secret):
        payment = None
    mine = payment is not None and payment.dossier.applicant_id == request.user.pk
    return render(
        request,
        "payments/result.html",
        {
            "payment": payment,
            "mine": mine,
            "gateway_says_paid": vnpay.is_success(params),
        },
        status=200 if payment else 400,
    )


@require_http_methods(["GET", "POST"])
def sandbox_page(request: HttpRequest) -> HttpResponse:
    """The sandbox gateway's pay/cancel page (PAYMENT_GATEWAY=sandbox only)."""
    if conf.gateway_name() != conf.SANDBOX:
        raise Http404("The sandbox gateway is off")
    gateway = SandboxGateway()
    source = request.POST if request.method == "POST" else request.GET
    try:
        order = sandbox.read_order(source.dict(), gateway)
    except sandbox.BadOrder:
        return render(request, "payments/sandbox.html", {"bad": True}, status=400)
    if request.method == "POST":
        choice = request.POST.get("action")
        if choice not in ("pay", "cancel"):
            return render(request, "payments/sandbox.html", {"order": order}, status=400)
        return HttpResponseRedirect(sandbox.press(order, choice == "pay", gateway))
    return render(request, "payments/sandbox.html", {"order": order})


def visible_payment(user: Any, pk: int) -> Payment:
    """A payment of a dossier `user` may see (the applicant, scoped staff), else 404."""
    payment = (
        Payment.objects.filter(pk=pk, dossier__in=Dossier.objects.visible_to(user))
        .select_related(
            "dossier__procedure_version", "dossier__receiving_unit__parent", "recorded_by"
        )
        .first()
    )
    if payment is None:
        raise Http404("No such payment")
    return payment


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The electronic receipt (biên lai điện tử) of a paid payment, as PDF. (An officer's
    session without its second factor is none: backoffice.middleware.)"""
    user = request.user
    payment = visible_payment(user, pk)
    try:
        body = receipt_pdf(payment, site_url(request))
    except NoReceipt:
        raise Http404("This payment has no receipt") from None
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename(payment)}"'
    return response
