from django import forms
from django.utils.translation import gettext_lazy as _


class ResultUploadForm(forms.Form):
    """The specialist's draft of the result, as a PDF."""

    file = forms.FileField(
        label=_("Result document (PDF)"),
        help_text=_("The decision, certificate or letter to sign, as one PDF file."),
        error_messages={"required": _("Choose the PDF of the result.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class VerifyUploadForm(forms.Form):
    """Anyone's copy of a result, to check its signature."""

    file = forms.FileField(
        label=_("Signed PDF file"),
        help_text=_("The e-result file you received or downloaded. It is checked and not kept."),
        error_messages={"required": _("Choose the PDF file to check.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
