from django.contrib import admin

from .models import InternalNote, StaffSecurity


@admin.register(StaffSecurity)
class StaffSecurityAdmin(admin.ModelAdmin):
    list_display = ["user", "require_second_factor", "updated_at"]
    list_filter = ["require_second_factor"]
    search_fields = ["user__full_name", "user__email", "user__phone"]
    autocomplete_fields = ["user"]


@admin.register(InternalNote)
class InternalNoteAdmin(admin.ModelAdmin):
    """Read-only: notes are part of the dossier's record."""

    list_display = ["dossier", "author", "created_at"]
    readonly_fields = ["dossier", "author", "body", "created_at"]
    search_fields = ["dossier__reference", "dossier__code"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
