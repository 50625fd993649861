"""Signed e-results (kết quả giải quyết TTHC điện tử) and the keys and certificates that sign
them (ADR 0014)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.documents.models import RepositoryPaper, StoredFile
from motcua.dossiers.models import Dossier


class Authority(models.Model):
    """A certification authority whose certificates motcua trusts when it checks a result,
    and whose CRL it publishes. The demo CA is one, marked DEMO in its name; its key file
    lives under RESULTS_PKI_DIR, outside git."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Names the published files: /pki/<slug>.crt, .crl")
    )
    certificate_pem = models.TextField(_("certificate (PEM)"))
    key_file = models.CharField(
        _("key file"),
        max_length=500,
        blank=True,
        help_text=_("Needed to sign the CRL; blank for a CA we only trust."),
    )
    is_demo = models.BooleanField(_("demo"), default=False)
    crl_der = models.BinaryField(_("current CRL"), blank=True, default=b"")
    crl_number = models.PositiveIntegerField(_("CRL number"), default=0)
    crl_next_update = models.DateTimeField(_("CRL next update"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certification authority")
        verbose_name_plural = _("certification authorities")

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """A signing certificate an authority issued to an agency, by serial number."""

    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("authority"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    # Serials are up to 20 bytes (RFC 5280 §4.1.2.2): more than a bigint holds.
    serial = models.CharField(_("serial number"), max_length=64)
    subject = models.CharField(_("subject"), max_length=300)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        constraints = [
            models.UniqueConstraint(fields=["authority", "serial"], name="certificate_serial")
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.serial_hex})"

    @property
    def serial_hex(self) -> str:
        return format(int(self.serial), "X")

    @property
    def is_revoked(self) -> bool:
        return Revocation.objects.filter(certificate=self).exists()


class Revocation(models.Model):
    """A certificate taken out of use: it goes into the authority's CRL."""

    class Reason(models.TextChoices):
        UNSPECIFIED = "unspecified", _("Unspecified")
        KEY_COMPROMISE = "key_compromise", _("Key compromised")
        AFFILIATION_CHANGED = "affiliation_changed", _("Agency changed")
        SUPERSEDED = "superseded", _("Superseded by a new certificate")
        CESSATION = "cessation_of_operation", _("Agency ceased operation")

    certificate = models.OneToOneField(
        Certificate,
        on_delete=models.PROTECT,
        related_name="revocation",
        verbose_name=_("certificate"),
    )
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")

    def __str__(self) -> str:
        return f"{self.certificate} — {self.get_reason_display()}"


class SigningKey(models.Model):
    """How an agency signs: a PKCS#12 file, or a key on a PKCS#11 token (USB token, HSM).
    The password or PIN is never stored here: it comes from an environment variable, or from
    a file readable only by the service."""

    class Kind(models.TextChoices):
        PKCS12 = "pkcs12", _("PKCS#12 file")
        PKCS11 = "pkcs11", _("PKCS#11 token")

    agency = models.OneToOneField(
        Agency, on_delete=models.PROTECT, related_name="signing_key", verbose_name=_("agency")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PKCS12)
    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="+", verbose_name=_("certificate")
    )
    pkcs12_file = models.CharField(_("PKCS#12 file"), max_length=500, blank=True)
    pkcs11_module = models.CharField(_("PKCS#11 module"), max_length=500, blank=True)
    pkcs11_token_label = models.CharField(_("token label"), max_length=100, blank=True)
    pkcs11_key_label = models.CharField(_("key label"), max_length=100, blank=True)
    secret_env = models.CharField(
        _("password variable"),
        max_length=100,
        blank=True,
        help_text=_("Environment variable holding the password or PIN."),
    )
    secret_file = models.CharField(
        _("password file"),
        max_length=500,
        blank=True,
        help_text=_("File holding the password or PIN, when no variable is named."),
    )

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self) -> str:
        return f"{self.agency} ({self.get_kind_display()})"


class Result(models.Model):
    """The e-result of a dossier: the document the specialist drafted (uploaded or
    generated), and once the leader approves, the same document signed PAdES with the
    agency's key, with the QR code of its verification page."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, related_name="result", verbose_name=_("dossier")
    )
    code = models.CharField(_("result code"), max_length=20, unique=True)  # MaKetQua
    document = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, related_name="+", verbose_name=_("draft document")
    )
    generated = models.BooleanField(_("generated from the template"), default=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    drafted_at = models.DateTimeField(_("drafted at"))
    signed_file = models.ForeignKey(
        StoredFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed document"),
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("certificate"),
    )
    sha256 = models.CharField(_("SHA-256 of the signed file"), max_length=64, blank=True)
    repository_paper = models.ForeignKey(
        RepositoryPaper,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("repository entry"),
    )

    class Meta:
        verbose_name = _("e-result")
        verbose_name_plural = _("e-results")

    def __str__(self) -> str:
        return self.code

    @property
    def is_signed(self) -> bool:
        return self.signed_file_id is not None
