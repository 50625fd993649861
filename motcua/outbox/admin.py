"""The admin base of every outbox table: read-only, with the state and a retry of dead rows.

A channel registers its table with a subclass::

    @admin.register(NotificationMessage)
    class NotificationMessageAdmin(OutboxAdmin):
        list_display: tuple[str, ...] = ("recipient", *OutboxAdmin.list_display)

Messages are read-only because they are the record of what was sent; the one change an
administrator makes is to bring dead messages back after fixing their cause.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.lib.admin import ReadOnlyAdminMixin

from .delivery import retry
from .models import STATE_FILTERS, OutboxMessage, State

# The list shows the error's first line (its message); the whole trace is on the detail page.
ERROR_PREVIEW_LENGTH = 80


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(State.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value in STATE_FILTERS:
            return queryset.filter(STATE_FILTERS[value])
        return queryset


class OutboxAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only list of one outbox table, with an action to retry dead messages."""

    list_display: tuple[str, ...] = (
        "idempotency_key",
        "state_display",
        "attempts",
        "error_preview",
        "created_at",
        "available_at",
        "delivered_at",
        "dead_at",
    )
    list_filter: ClassVar[tuple[Any, ...]] = (StateFilter,)
    search_fields: ClassVar[tuple[str, ...]] = ("idempotency_key",)
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    actions = ("retry_dead",)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        """Retrying needs the model's change permission, although no field can be edited."""
        codename = get_permission_codename("change", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    @admin.display(description=_("state"))
    def state_display(self, message: OutboxMessage) -> str:
        return str(message.state.label)

    @admin.display(description=_("last error"))
    def error_preview(self, message: OutboxMessage) -> str:
        first_line = message.last_error.partition("\n")[0]
        if len(first_line) > ERROR_PREVIEW_LENGTH:
            return first_line[: ERROR_PREVIEW_LENGTH - 1] + "…"
        return first_line

    @admin.action(description=_("Retry the selected dead messages"), permissions=["retry"])
    def retry_dead(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        count = retry(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be tried again.",
                "%(count)d messages will be tried again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
