"""Payment requests, payments (online or at the counter), the receipt counter, the sandbox
gateway's ledger and the daily reconciliation reports (ADR 0013)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, Fee

from .choices import Method, PaymentState, Stage


class PaymentRequest(models.Model):
    """The applicant was asked to pay these fee rows of a dossier: at submission or receipt,
    for a financial obligation (status 6), or at the return of the result."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("when"), max_length=10, choices=Stage.choices)
    fees = models.ManyToManyField(Fee, related_name="+", verbose_name=_("fees"))
    amount = models.PositiveIntegerField(_("amount (đồng)"))
    # What raised it (a submission, one request_obligation history row…): a subscriber that
    # runs twice finds its request instead of asking twice.
    source = models.CharField(max_length=80, unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))

    class Meta:
        verbose_name = _("payment request")
        verbose_name_plural = _("payment requests")

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.stage}: {self.amount}"


class Payment(models.Model):
    """Money paid, or being paid, for some fee rows of a dossier: online through a gateway,
    or at the counter in cash or by transfer. `txn_ref` is the order id the gateway knows."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="+", verbose_name=_("dossier")
    )
    fees = models.ManyToManyField(Fee, related_name="+", verbose_name=_("fees"))
    amount = models.PositiveIntegerField(_("amount (đồng)"))
    state = models.CharField(
        _("state"), max_length=10, choices=PaymentState.choices, default=PaymentState.CREATED
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    gateway = models.CharField(_("gateway"), max_length=20, blank=True)
    txn_ref = models.CharField(
        _("order reference"), max_length=40, unique=True, null=True, blank=True
    )
    # Per payer: the same key gives the same payment back (API Idempotency-Key, or the key
    # the pay button carries, so that a double click starts one payment).
    idempotency_key = models.CharField(max_length=240, unique=True, null=True, blank=True)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    transfer_reference = models.CharField(_("transfer reference"), max_length=60, blank=True)
    gateway_transaction = models.CharField(
        _("gateway transaction number"), max_length=40, blank=True
    )
    bank_code = models.CharField(_("bank"), max_length=20, blank=True)
    response_code = models.CharField(_("gateway answer code"), max_length=4, blank=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    receipt_number = models.CharField(
        _("receipt number"), max_length=20, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [
            # The expiry job: pending payments whose time ran out.
            models.Index(fields=["state", "expires_at"], name="payment_expiry"),
            # Reconciliation: one gateway's payments of one day.
            models.Index(fields=["gateway", "created_at"], name="payment_gateway_day"),
        ]

    def __str__(self) -> str:
        return self.receipt_number or self.txn_ref or f"#{self.pk}"

    @property
    def is_online(self) -> bool:
        return self.method == Method.ONLINE


class ReceiptCounter(models.Model):
    """The last receipt number of a year: receipts are numbered in sequence per year."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class SandboxTransaction(models.Model):
    """The sandbox gateway's own ledger: what it would report as taken. It stands in for
    the real gateway's transaction list in the demo and the tests."""

    txn_ref = models.CharField(max_length=40, unique=True)
    transaction_no = models.CharField(max_length=40, unique=True)
    amount = models.PositiveIntegerField()  # đồng
    paid = models.BooleanField()
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("sandbox gateway transaction")
        verbose_name_plural = _("sandbox gateway transactions")

    def __str__(self) -> str:
        return f"{self.txn_ref} {self.amount} {'paid' if self.paid else 'cancelled'}"


class ReconciliationReport(models.Model):
    """One day of one gateway compared with our payments; `mismatches` lists each difference
    as {"kind", "txn_ref", "ours", "theirs"} (amounts in đồng, null where absent)."""

    day = models.DateField(_("day"))
    gateway = models.CharField(_("gateway"), max_length=20)
    checked = models.PositiveIntegerField(_("payments compared"), default=0)
    mismatches = models.JSONField(_("mismatches"), default=list)
    created_at = models.DateTimeField(_("made at"))

    class Meta:
        verbose_name = _("reconciliation report")
        verbose_name_plural = _("reconciliation reports")
        ordering = ["-day", "gateway"]
        constraints = [
            models.UniqueConstraint(fields=["day", "gateway"], name="reconciliation_day")
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.day}: {len(self.mismatches)}"

    @property
    def mismatch_count(self) -> int:
        return len(self.mismatches)
