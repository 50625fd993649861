"""Read-only admin of payments: they change through workflow.py only. Administrators read the
daily reconciliation reports here, and record a refund with an action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.lib.admin import ReadOnlyAdminMixin

from .choices import PaymentState
from .models import Payment, PaymentRequest, ReconciliationReport, SandboxTransaction
from .workflow import refund


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "pk",
        "dossier",
        "amount",
        "state",
        "method",
        "gateway",
        "txn_ref",
        "receipt_number",
        "created_at",
        "paid_at",
    )
    list_filter = ("state", "method", "gateway")
    search_fields = ("txn_ref", "receipt_number", "dossier__reference", "dossier__code")
    actions = ["mark_refunded"]

    @admin.action(description=_("Record that the money was refunded"))
    def mark_refunded(self, request: HttpRequest, queryset: QuerySet[Payment]) -> None:
        paid = list(queryset.filter(state=PaymentState.PAID))
        for payment in paid:
            refund(payment)
        messages.info(request, _("%(n)d payments marked refunded.") % {"n": len(paid)})


@admin.register(PaymentRequest)
class PaymentRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("pk", "dossier", "stage", "amount", "requested_at")
    list_filter = ("stage",)


@admin.register(ReconciliationReport)
class ReconciliationReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("day", "gateway", "checked", "mismatch_count", "created_at")
    list_filter = ("gateway",)
    readonly_fields = ("day", "gateway", "checked", "mismatches", "created_at")


@admin.register(SandboxTransaction)
class SandboxTransactionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("txn_ref", "transaction_no", "amount", "paid", "at")
