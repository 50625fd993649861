"""The back office's fee forms: a payment taken at the counter, and an amount to ask for."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import Method
from .requests import OBLIGATION_NAME

MAX_AMOUNT = 2_000_000_000  # đồng; PositiveIntegerField holds 2^31 − 1
# A text box with the phone's number pad: styled like the other inputs, no spinner arrows.
AMOUNT_INPUT = {"inputmode": "numeric", "autocomplete": "off"}


class CounterPaymentForm(forms.Form):
    """Cash or transfer; the amount comes filled with what is due. When nothing is due yet
    (an amount no rule gives, or an obligation announced at the counter), the officer names
    what is paid."""

    method = forms.ChoiceField(
        label=gettext_lazy("How was it paid?"),
        widget=forms.RadioSelect,
        choices=[
            (Method.CASH.value, Method.CASH.label),
            (Method.TRANSFER.value, Method.TRANSFER.label),
        ],
    )
    transfer_reference = forms.CharField(
        label=gettext_lazy("Transfer reference"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("The bank's reference of the transfer, as on the statement."),
    )
    fee_name = forms.CharField(label=gettext_lazy("What is paid"), max_length=300, required=False)
    amount = forms.IntegerField(
        label=gettext_lazy("Amount (đồng)"),
        min_value=1,
        max_value=MAX_AMOUNT,
        widget=forms.TextInput(AMOUNT_INPUT),
    )

    def __init__(self, *args: Any, nothing_due: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nothing_due = nothing_due
        if not nothing_due:
            del self.fields["fee_name"]
        self.fields["method"].error_messages["required"] = _("Choose cash or transfer.")
        self.fields["amount"].error_messages["required"] = _("Enter the amount received.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == Method.TRANSFER and not data.get("transfer_reference", ""):
            self.add_error(
                "transfer_reference",
                _("Enter the transfer reference, so that it can be reconciled."),
            )
        if self.nothing_due and not data.get("fee_name", "").strip():
            self.add_error("fee_name", _("Enter what is paid, e.g. the fee's name."))
        return data


class AskPaymentForm(forms.Form):
    """An amount the applicant is asked to pay (a fee no rule gives, or the obligation the
    competent authority assessed); the applicant may then pay online."""

    fee_name = forms.CharField(
        label=gettext_lazy("What is to be paid"), max_length=300, initial=OBLIGATION_NAME
    )
    amount = forms.IntegerField(
        label=gettext_lazy("Amount (đồng)"),
        min_value=1,
        max_value=MAX_AMOUNT,
        widget=forms.TextInput(AMOUNT_INPUT),
    )

    prefix = "ask"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].error_messages["required"] = _("Enter the amount to pay.")
        self.fields["fee_name"].error_messages["required"] = _("Enter what is to be paid.")
