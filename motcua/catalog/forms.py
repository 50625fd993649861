"""Forms of the catalog admin."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ProcedureVersion

# The 29 demo procedures are about 90 kB of JSON; a whole province's catalog of a few thousand
# procedures stays well under this, and the limit keeps a stray upload from filling memory.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SUFFIXES = (".json", ".xlsx")


class CatalogUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Catalog file"),
        help_text=_(
            "A .json or .xlsx file in the catalog format. If the file has any error, "
            "nothing is imported and every error is listed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file"),
        required=False,
        help_text=_("Validate the file and show what would change, without importing."),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Upload a .json or .xlsx file."))
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class ProcedureVersionForm(forms.ModelForm):  # type: ignore[type-arg]
    """The admin form of a version: its period may not overlap another version's (ADR 0007)."""

    class Meta:
        model = ProcedureVersion
        fields = (
            "procedure",
            "number",
            "name",
            "sector",
            "level",
            "valid_from",
            "valid_until",
            "competent_authority",
            "implementing_agencies",
            "target_subjects",
            "online_level",
            "full_online_possible",
            "steps",
            "time_limit",
            "time_limit_unit",
            "time_limit_note",
            "result_type",
            "result_name",
            "legal_basis",
            "legal_basis_effective_on",
            "published_decision_on",
            "published_national_on",
            "unconfirmed",
            "sources",
            "note",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        procedure, start = data.get("procedure"), data.get("valid_from")
        if procedure is None or start is None:
            return data
        end = data.get("valid_until")
        others = ProcedureVersion.objects.filter(procedure=procedure).exclude(pk=self.instance.pk)
        overlapping = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        if end is not None:
            overlapping = overlapping.filter(valid_from__lte=end)
        clash = overlapping.order_by("number").first()
        if clash is not None:
            raise forms.ValidationError(
                _(
                    "This period overlaps version %(number)s (%(start)s – %(end)s); end that "
                    "version first."
                ),
                params={
                    "number": clash.number,
                    "start": clash.valid_from,
                    "end": clash.valid_until or "…",
                },
                code="overlap",
            )
        return data
