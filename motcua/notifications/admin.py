from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.lib.admin import ReadOnlyAdminMixin
from motcua.outbox.admin import OutboxAdmin

from .models import InAppMessage, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(OutboxAdmin):
    """What was sent to whom, and what failed, to retry it once the channel works again."""

    list_display = (
        "channel",
        "recipient",
        "template",
        "subject",
        "delivery_state_display",
        *OutboxAdmin.list_display[1:],
    )
    list_filter = (*OutboxAdmin.list_filter, "channel", "kind", "template", "language")
    search_fields = ("recipient", "=idempotency_key")
    raw_id_fields = ("user", "dossier", "resolved_by")

    @admin.display(description=_("delivery state"))
    def delivery_state_display(self, notification: Notification) -> str:
        return notification.delivery_state.value


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: a person chooses on their own preferences page."""

    list_display = ("user", "language", "updated_at")
    raw_id_fields = ("user",)


@admin.register(InAppMessage)
class InAppMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: an inbox message is the record of what a user was told."""

    list_display = ("user", "subject", "created_at", "read_at")
    list_select_related = ("user",)
    search_fields = ("subject", "=idempotency_key")
    date_hierarchy = "created_at"
    raw_id_fields = ("user", "dossier")
