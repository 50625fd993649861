"""Read-only admin of petitions: they change only through workflow.py."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.lib.admin import ReadOnlyAdminMixin

from .models import Petition, PetitionEntry


class PetitionEntryInline(ReadOnlyAdminMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = PetitionEntry
    fields = ("at", "event", "by", "text", "due_at", "on_time")
    readonly_fields = fields
    extra = 0


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "reference",
        "state",
        "subject",
        "agency",
        "received_at",
        "answer_due_at",
        "answered_on_time",
        "published_at",
    )
    list_filter = ("state", "topic", "answered_on_time")
    search_fields = ("reference", "subject")
    list_select_related = ("agency",)
    date_hierarchy = "received_at"
    inlines = [PetitionEntryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Petition]:
        # The admin answers to the same scopes as every other view.
        return Petition.objects.visible_to(request.user).select_related("agency")
