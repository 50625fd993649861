from django.contrib import admin

from motcua.outbox.admin import OutboxAdmin

from .models import EventMessage


@admin.register(EventMessage)
class EventMessageAdmin(OutboxAdmin):
    """Each event's delivery to each subscriber, to see what failed and retry it."""

    list_display = ("event", "subject", "subscriber", *OutboxAdmin.list_display[1:])
    list_filter = (*OutboxAdmin.list_filter, "event", "subscriber")
    search_fields = ("subject", "idempotency_key", "=event_id")
