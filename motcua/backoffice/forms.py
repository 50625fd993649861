"""The back office's small forms: the second factor, queue filters, notes, petition steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import STATUS_LABELS

from .queues import Filters


class TokenForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        help_text=_("The 6 digits your app shows now; they change every 30 seconds."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        return "".join(ch for ch in self.cleaned_data["code"] if ch.isdigit())


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Dossier code, submission reference, applicant name or personal ID number."),
    )
    procedure = forms.CharField(label=_("Procedure code"), required=False, max_length=20)
    status = forms.TypedChoiceField(
        label=_("Status"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All statuses"))]
        + [(k, f"{k}. {v}") for k, v in sorted(STATUS_LABELS.items())],
    )

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            procedure=data.get("procedure") or "", status=data.get("status"), q=data.get("q") or ""
        )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=5000,
        help_text=_(
            "Seen only by officers who handle this dossier, never "
            "by the applicant or consulted agencies."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PetitionStepForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
