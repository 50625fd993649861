"""The electronic receipt (biên lai điện tử) of a paid payment, as PDF.

It carries the receipt number, the payer, the dossier code, the fee lines, the amount in
figures and in Vietnamese words, how it was paid, when, and a QR code to the public lookup. It
is printed with the printouts app's helpers (WeasyPrint, segno), like the official forms.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from motcua.printouts.pdf import lookup_url, qr_data_uri, table, to_pdf

from .choices import PaymentState
from .models import Payment
from .words import amount_in_words


class NoReceipt(Exception):
    """Only a paid (or later refunded) payment has a receipt."""


def receipt_html(payment: Payment, base_url: str | None = None) -> str:
    """The HTML that receipt_pdf() prints: tests read it without WeasyPrint."""
    if payment.state not in (PaymentState.PAID, PaymentState.REFUNDED) or not payment.paid_at:
        raise NoReceipt
    dossier = payment.dossier
    ident = dossier.code or dossier.reference
    url = lookup_url(ident, base_url)
    context: dict[str, Any] = {
        "payment": payment,
        "dossier": dossier,
        "ident": ident,
        "agency": dossier.receiving_unit,
        "fees": list(payment.fees.order_by("id")),
        "words": amount_in_words(payment.amount),
        "paid_at": timezone.localtime(payment.paid_at),
        "state_header": table()["state_header"],
        "motto": table()["motto"],
        "lookup_url": url,
        "qr": qr_data_uri(url),
    }
    return render_to_string("payments/receipt_pdf.html", context)


def receipt_pdf(payment: Payment, base_url: str | None = None) -> bytes:
    return to_pdf(receipt_html(payment, base_url))


def filename(payment: Payment) -> str:
    return f"bien-lai-{payment.receipt_number}.pdf"
