"""The back office's own records: internal notes on a dossier and each officer's log-in policy."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class InternalNote(models.Model):
    """A remark officers leave for one another on a dossier.

    The applicant never sees it (no portal page or citizen API reads this table), and neither
    do consulted agencies (architecture.md, "Scopes"): access.may_read_notes decides.
    """

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="internal_notes", verbose_name=_("dossier")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["dossier_id", "created_at", "id"]
        indexes = [models.Index(fields=["dossier", "created_at"], name="note_dossier")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.body[:60]}"


class StaffSecurity(models.Model):
    """What an administrator decided about one officer's log-in, beyond the general policy."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_security",
        verbose_name=_("user"),
    )
    require_second_factor = models.BooleanField(
        _("require second factor"),
        default=False,
        help_text=_(
            "Ask this person for a code from their authenticator app at every log-in, "
            "even where the general policy does not."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staff log-in policy")
        verbose_name_plural = _("staff log-in policies")

    def __str__(self) -> str:
        return str(self.user)
