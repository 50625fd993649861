from django.db import models
from django.utils.translation import gettext_lazy as _

from .states import State


class PaymentState(models.TextChoices):
    CREATED = State.CREATED.value, _("Created")
    PENDING = State.PENDING.value, _("Waiting for the gateway")
    PAID = State.PAID.value, _("Paid")
    FAILED = State.FAILED.value, _("Not paid")
    EXPIRED = State.EXPIRED.value, _("Expired")
    REFUNDED = State.REFUNDED.value, _("Refunded")


class Method(models.TextChoices):
    """How the money came: through a gateway, or at the counter in cash or by transfer."""

    ONLINE = "online", _("Online payment")
    CASH = "cash", _("Cash at the counter")
    TRANSFER = "transfer", _("Bank transfer")


class Stage(models.TextChoices):
    """When a payment is asked for (the vendor guide's HinhThucThu: 1 at receipt, 4 at
    return; the financial obligation is status 6)."""

    RECEIPT = "receipt", _("At submission or receipt")
    OBLIGATION = "obligation", _("Financial obligation")
    RETURN = "return", _("At the return of the result")


class Mismatch(models.TextChoices):
    """What the daily reconciliation finds between our payments and the gateway's list."""

    MISSING_THERE = "missing-there", _("Paid here, not at the gateway")
    MISSING_HERE = "missing-here", _("Paid at the gateway, not here")
    AMOUNT = "amount", _("Amounts differ")
