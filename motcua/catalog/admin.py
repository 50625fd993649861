"""Catalog administration: procedures, their versions, papers and fees; import and export.

Unconfirmed values are shown in every list and on top of the version form, because an
administrator must never mistake a value no source confirmed for a checked one (ADR 0007).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .exporting import CONTENT_TYPES, export_catalog
from .forms import CatalogUploadForm, ProcedureVersionForm
from .importing import CatalogImportError, import_catalog
from .models import FeeRule, Procedure, ProcedureVersion, RequiredDocument, Sector


def unconfirmed_names(version: ProcedureVersion | None) -> str:
    """Return "fees, time_limit" for a version's unconfirmed entries, or "" when none."""
    if version is None:
        return ""
    names = dict.fromkeys(entry.split(" ")[0] for entry in version.unconfirmed)
    return ", ".join(names)


def _unconfirmed_label(version: ProcedureVersion | None) -> str:
    names = unconfirmed_names(version)
    return gettext("Unconfirmed: %(fields)s") % {"fields": names} if names else "—"


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


class VersionInline(admin.TabularInline):
    """The procedure's versions, read-only here: each is edited on its own page."""

    model = ProcedureVersion
    fields = ("number", "name", "valid_from", "valid_until", "online_level", "unconfirmed_label")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("number",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("unconfirmed"))
    def unconfirmed_label(self, version: ProcedureVersion) -> str:
        return _unconfirmed_label(version)


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "current_name", "version_count", "unconfirmed_label")
    search_fields = ("code", "versions__name")
    inlines = [VersionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Procedure]:
        # Versions are prefetched so that the list finds each one in force without a query
        # per row.
        return (
            super()
            .get_queryset(request)
            .annotate(version_total=Count("versions"))
            .prefetch_related("versions")
        )

    def _current(self, procedure: Procedure) -> ProcedureVersion | None:
        today = timezone.localdate()
        in_force = [
            v
            for v in procedure.versions.all()
            if v.valid_from <= today and (v.valid_until is None or v.valid_until >= today)
        ]
        return max(in_force, key=lambda v: v.valid_from, default=None)

    @admin.display(description=_("name (version in force)"))
    def current_name(self, procedure: Procedure) -> str:
        version = self._current(procedure)
        return version.name if version else gettext("No version in force")

    @admin.display(description=_("versions"), ordering="version_total")
    def version_count(self, procedure: Procedure) -> int:
        return int(getattr(procedure, "version_total", 0))

    @admin.display(description=_("unconfirmed"))
    def unconfirmed_label(self, procedure: Procedure) -> str:
        return _unconfirmed_label(self._current(procedure))

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {"can_import": self._can_import(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def _can_import(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="catalog_procedure_import",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="catalog_procedure_export",
            ),
        ]
        return own + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a .json/.xlsx catalog; on any error list every message and import nothing."""
        if not self._can_import(request):
            raise PermissionDenied
        errors: list[str] = []
        form = CatalogUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            dry_run = form.cleaned_data["dry_run"]
            try:
                report = import_catalog(upload.read(), upload.name, dry_run=dry_run)
            except CatalogImportError as exc:
                errors = exc.messages
            else:
                template = (
                    gettext("Checked, nothing imported: %(summary)s")
                    if dry_run
                    else gettext("Imported: %(summary)s")
                )
                messages.success(request, template % {"summary": report.summary()})
                if not dry_run:
                    return redirect("admin:catalog_procedure_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import procedures"),
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "admin/catalog/procedure/import.html", context)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Download the whole catalog as ?format=json (default) or ?format=xlsx."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        suffix = ".xlsx" if request.GET.get("format") == "xlsx" else ".json"
        filename = f"motcua-catalog-{timezone.localdate():%Y%m%d}{suffix}"
        response = HttpResponse(export_catalog(filename), content_type=CONTENT_TYPES[suffix])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    fields = (
        "position",
        "name",
        "form",
        "count",
        "mandatory",
        "reusable",
        "file_types",
        "group",
        "note",
    )
    extra = 0
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    }


class FeeRuleInline(admin.StackedInline):
    model = FeeRule
    fields = (
        ("position", "name", "kind"),
        ("basis", "channel", "case"),
        ("amount", "cap_per_copy", "confirmed"),
        "tiers",
        "description",
        "exemptions",
    )
    extra = 0
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})},
    }


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    form = ProcedureVersionForm
    list_display = (
        "procedure",
        "number",
        "name",
        "sector",
        "level",
        "online_level",
        "valid_from",
        "valid_until",
        "unconfirmed_label",
    )
    list_display_links = ("procedure", "number", "name")
    list_filter = ("sector", "level", "online_level")
    list_select_related = ("procedure", "sector")
    search_fields = ("procedure__code", "name")
    autocomplete_fields = ("procedure",)
    filter_horizontal = ("implementing_agencies",)
    readonly_fields = ("unconfirmed_label",)
    inlines = [RequiredDocumentInline, FeeRuleInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "unconfirmed_label",
                    "procedure",
                    "number",
                    "name",
                    "sector",
                    "level",
                    "valid_from",
                    "valid_until",
                )
            },
        ),
        (
            _("Who decides and how to apply"),
            {
                "fields": (
                    "competent_authority",
                    "implementing_agencies",
                    "target_subjects",
                    "online_level",
                    "full_online_possible",
                    "steps",
                )
            },
        ),
        (
            _("Time limit and result"),
            {
                "fields": (
                    "time_limit",
                    "time_limit_unit",
                    "time_limit_note",
                    "result_type",
                    "result_name",
                )
            },
        ),
        (
            _("Legal basis and publication"),
            {
                "fields": (
                    "legal_basis",
                    "legal_basis_effective_on",
                    "published_decision_on",
                    "published_national_on",
                )
            },
        ),
        (_("Sources and confirmation"), {"fields": ("unconfirmed", "sources", "note")}),
    )

    @admin.display(description=_("unconfirmed"))
    def unconfirmed_label(self, version: ProcedureVersion) -> str:
        return _unconfirmed_label(version)
