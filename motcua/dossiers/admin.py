"""Read-only admin of dossiers: their state only ever changes through Dossier.apply()."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from motcua.lib.admin import ReadOnlyAdminMixin

from .models import Dossier, Fact, Step, Transition


class TransitionInline(ReadOnlyAdminMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = Transition
    fields = ("at", "event", "from_status", "to_status", "by", "note")
    readonly_fields = fields
    extra = 0


class StepInline(ReadOnlyAdminMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = Step
    fields = ("number", "kind", "agency", "assignee", "started_at", "due_at", "ended_at", "result")
    readonly_fields = fields
    extra = 0


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "reference",
        "code",
        "status",
        "procedure_version",
        "applicant_name",
        "competent_agency",
        "received_at",
        "due_at",
    )
    list_filter = ("status", "channel")
    search_fields = ("reference", "code", "applicant_name", "applicant_id_number")
    list_select_related = ("procedure_version__procedure", "competent_agency")
    inlines = [StepInline, TransitionInline]
    date_hierarchy = "received_at"

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        # The admin answers to the same scopes as every other view.
        return Dossier.objects.visible_to(request.user)


@admin.register(Fact)
class FactAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "dossier", "event", "at", "status", "competent_agency")
    list_filter = ("event",)
