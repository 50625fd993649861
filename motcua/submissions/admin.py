from django.contrib import admin

from motcua.lib.admin import ReadOnlyAdminMixin

from .models import Draft, IdempotencyRecord


@admin.register(Draft)
class DraftAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "owner", "procedure_version", "updated_at", "dossier"]
    search_fields = ["owner__phone", "owner__email", "procedure_version__procedure__code"]


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "key", "status", "created_at"]
