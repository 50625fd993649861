"""Forms of the catalog admin."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

# The 29 demo procedures are about 90 kB of JSON; a whole province's catalog of a few thousand
# procedures stays well under this, and the limit keeps a stray upload from filling memory.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SUFFIXES = (".json", ".xlsx")


class CatalogUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Catalog file"),
        help_text=_("A .json or .xlsx file in the catalog format. If the file has any error, "
                    "nothing is imported and every error is listed."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file"), required=False,
        help_text=_("Validate the file and show what would change, without importing."),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Upload a .json or .xlsx file."))
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
