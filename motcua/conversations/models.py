"""Messages between the applicant's side and the officers handling a dossier (trao đổi)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier

from .choices import Side

# A message is a few sentences, as the national portal's exchanges are; longer texts are
# papers and go through a supplement.
MAX_LENGTH = 2000


class Message(models.Model):
    """One message on a dossier, from the applicant's side or from an officer.

    Immutable once sent: only `read_at`, the first time the other side read it, is set later,
    by a queryset update (conversations.services.mark_read).
    """

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="messages", verbose_name=_("dossier")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    # The officer's agency when sent: the applicant sees "Officer of <agency>", never a name,
    # and the label stays true after the officer moves to another agency.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    body = models.TextField(_("message"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["dossier_id", "created_at", "id"]
        indexes = [
            # The dossier page and the API list one dossier's messages, oldest first.
            models.Index(fields=["dossier", "created_at"], name="message_thread"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.side}: {self.body[:50]}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("A message is never changed once sent")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("A message is never deleted")
