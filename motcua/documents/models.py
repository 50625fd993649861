"""Papers' files: each stored file once checked, and the stand-in of the citizen's repository."""

from __future__ import annotations

import hashlib
import uuid
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import PaperKind, TextSource, TextState

if TYPE_CHECKING:
    from motcua.accounts.models import User


class StoredFile(models.Model):
    """A file that passed the upload checks (or was copied from the citizen's repository), kept
    in the default storage. Dossier papers point to one by its storage name.

    Once, after intake, a background task reads its text (ADR 0016): a scan (an image, or a
    PDF without text) is then served as its searchable PDF instead, under a new `name`; the
    scan stays in storage under `scan_name`, and papers that pointed to the scan point to the
    PDF. Bytes never change but a photo's, which that task writes again upright, shrunk and
    without EXIF data, under the same name (security review D8: not in the web request).
    """

    Text = TextState

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Null for copies the system makes itself (generated results, imports).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stored_files",
    )
    name = models.CharField(_("storage name"), max_length=255, unique=True)
    filename = models.CharField(
        _("file name"),
        max_length=160,
        help_text=_("The cleaned original name, shown and downloaded."),
    )
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    scan_name = models.CharField(
        _("scan's storage name"),
        max_length=255,
        blank=True,
        help_text=_("The file as received, kept when a searchable PDF replaced it."),
    )
    text_state = models.CharField(
        _("reading of the text"),
        max_length=12,
        choices=TextState.choices,
        default=TextState.PENDING,
    )
    text_source = models.CharField(
        _("text read from"), max_length=5, choices=TextSource.choices, blank=True
    )
    text = models.TextField(_("text"), blank=True)
    # `text` folded (lower case, no diacritics, đ → d) for the officers' paper search; a
    # trigram index serves its LIKE on PostgreSQL (migration 0002).
    text_folded = models.TextField(blank=True, editable=False)
    text_error = models.CharField(_("why the text could not be read"), max_length=600, blank=True)
    text_read_at = models.DateTimeField(_("text read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["-created_at"]
        indexes = [
            # The worker's backfill and the administrators' filter look for files by state.
            models.Index(fields=["text_state"], name="storedfile_text_state"),
            # Papers that point to the scan (a submission racing the task) are found by it.
            models.Index(fields=["scan_name"], name="storedfile_scan_name"),
        ]

    def __str__(self) -> str:
        return self.filename

    def open(self) -> IO[bytes]:
        """The stored bytes, to read; the caller closes it."""
        return default_storage.open(self.name, "rb")

    @classmethod
    def store(
        cls,
        content: IO[bytes],
        *,
        extension: str,
        filename: str,
        content_type: str,
        owner: User | None,
    ) -> StoredFile:
        """Save `content` under papers/YYYY/MM/<uuid>.<extension> and record it.

        If the row cannot be written, the saved file is deleted again: nothing half-written.
        """
        file_id = uuid.uuid4()
        now = timezone.now()
        content.seek(0)
        digest, size = _sha256_and_size(content)
        content.seek(0)
        name = default_storage.save(f"papers/{now:%Y/%m}/{file_id}.{extension}", File(content))
        try:
            # No savepoint: a failure here fails the caller's transaction too, as it should.
            with transaction.atomic(savepoint=False):
                stored = cls.objects.create(
                    id=file_id,
                    owner=owner,
                    name=name,
                    filename=filename,
                    content_type=content_type,
                    size=size,
                    sha256=digest,
                    created_at=now,
                )
        except BaseException:
            default_storage.delete(name)
            raise
        from .digitization import read_text_after_commit

        read_text_after_commit(stored)
        return stored


def _sha256_and_size(content: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := content.read(64 * 1024):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


class RepositoryPaper(models.Model):
    """A paper in the citizen's e-data repository (kho quản lý dữ liệu điện tử của tổ chức, cá
    nhân), keyed by the personal identification number: the LOCAL STAND-IN of the national
    repository, so that reusing a paper works before the integration exists."""

    Kind = PaperKind

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    id_number = models.CharField(_("personal identification number"), max_length=12, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=PaperKind.choices)
    issuer = models.CharField(_("issuer"), max_length=300, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    file = models.CharField(_("storage name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    # Decision 766 counts papers taken from a national database (DuocLayTuKhoDMQG).
    from_national = models.BooleanField(_("from a national database"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("repository paper")
        verbose_name_plural = _("repository papers")
        ordering = ["id_number", "-issued_on", "title"]

    def __str__(self) -> str:
        return self.title
