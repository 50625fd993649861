
from django.contrib import admin

from motcua.lib.admin import ReadOnlyAdminMixin
from motcua.outbox.admin import OutboxAdmin

from .models import InAppMessage, Notification


@admin.register(Notification)
class NotificationAdmin(OutboxAdmin):
    """What was sent to whom, and what failed, to retry it once the channel works again."""

    list_display = ("channel", "recipient", "template", "subject",
                    *OutboxAdmin.list_display[1:])
    list_filter = (*OutboxAdmin.list_filter, "channel", "template", "language")
    search_fields = ("recipient", "=idempotency_key")
    raw_id_fields = ("user",)


@admin.register(InAppMessage)
class InAppMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: an inbox message is the record of what a user was told."""

    list_display = ("user", "subject", "created_at", "read_at")
    list_select_related = ("user",)
    search_fields = ("subject", "=idempotency_key")
    date_hierarchy = "created_at"
    raw_id_fields = ("user",)


