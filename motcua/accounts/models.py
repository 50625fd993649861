from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.units.choices import Level, Scheme
from motcua.units.models import AdministrativeUnit

from .choices import Role, Sex, TokenScope, UserKind
from .taxcode import validate_tax_code

phone_validator = RegexValidator(
    r"^0[0-9]{9}$", _("Enter a Vietnamese phone number of 10 digits starting with 0.")
)


id_number_validator = RegexValidator(
    r"^[0-9]{12}$", _("Enter the 12 digits of the personal identification number.")
)


def normalise_phone(value: str) -> str:
    """Return a phone number as 10 digits starting with 0 (+84 912… becomes 0912…)."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, *, phone: str = "", email: str = "", password: str | None = None, **extra: object
    ) -> User:
        if not phone and not email:
            raise ValueError("A user needs a phone number or an email address")
        user = self.model(
            phone=normalise_phone(phone) or None,
            email=self.normalize_email(email) or None,
            **extra,
        )
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(
        self, *, phone: str = "", email: str = "", password: str | None = None, **extra: object
    ) -> User:
        extra.setdefault("kind", UserKind.STAFF)
        return self.create_user(
            phone=phone, email=email, password=password, is_staff=True, is_superuser=True, **extra
        )


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: a citizen (or a business's representative), a volunteer, or staff.

    People sign in with a phone number or an email address; either may be missing, not both.
    """

    phone = models.CharField(
        _("phone"), max_length=10, unique=True, null=True, blank=True, validators=[phone_validator]
    )
    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150)
    kind = models.CharField(
        _("kind"), max_length=12, choices=UserKind.choices, default=UserKind.CITIZEN
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Whether the person may sign in to the administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    # The profile that pre-fills forms (accounts.profile). db_default as well as default: the
    # bulk dossier generator inserts users with raw SQL that does not name these columns.
    id_number = models.CharField(
        _("personal identification number"),
        max_length=12,
        blank=True,
        default="",
        db_default="",
        db_index=True,
        validators=[id_number_validator],
        help_text=_("The 12 digits printed on the citizen identity card (CCCD)."),
    )  # not unique: a number typed in a profile proves nothing until VNeID confirms it
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(
        _("sex"), max_length=6, choices=Sex.choices, blank=True, default="", db_default=""
    )
    address = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_("House number, street, hamlet or residential group."),
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"scheme": Scheme.FROM_2025, "level": Level.COMMUNE},
        verbose_name=_("commune"),
        help_text=_("Commune, ward or special zone of the address, as from 1/7/2025."),
    )
    # Set at each log-in through the identity provider with an identity-level claim (VNeID
    # level 2): Decision 766 counts dossiers of such accounts (TaiKhoanDuocXacThucVoiVNeID).
    vneid_verified_at = models.DateTimeField(_("verified through VNeID at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(phone__isnull=False) | Q(email__isnull=False),
                name="user_has_phone_or_email",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.phone or self.email or f"#{self.pk}"

    def clean(self) -> None:
        # Not AbstractBaseUser.clean(): it writes get_username(), the phone when there is no
        # email, into USERNAME_FIELD (the email), so a phone-only account got its phone as email.
        models.Model.clean(self)
        if not self.phone and not self.email:
            raise ValidationError(_("Enter a phone number or an email address."))

    def get_username(self) -> str:
        return self.email or self.phone or ""

    @property
    def vneid_verified(self) -> bool:
        """Whether the person proved who they are through VNeID (level 2) at some log-in."""
        return self.vneid_verified_at is not None

    def roles_on(self, day: dt.date | None = None) -> models.QuerySet[Membership]:
        """Return the memberships in force on `day` (today by default)."""
        return Membership.objects.filter(user=self).in_force_on(day or timezone.localdate())

    def memberships_today(self) -> list[Membership]:
        """The memberships in force today, read once for this instance (for a request, its
        user): the scope, the queue, the navigation and apply() all ask, and read the same.
        A membership written in this process since makes it read again."""
        key = (timezone.localdate(), _membership_writes[0])
        memo = self.__dict__.get("_memberships_today")
        if memo is None or memo[0] != key:
            memo = (key, list(self.roles_on(key[0])))
            self.__dict__["_memberships_today"] = memo
        return memo[1]


# Membership writes in this process, so that User.memberships_today() of an instance held
# across such a write (a test, a shell) reads again; other processes' users live one request.
_membership_writes = [0]


def _membership_written() -> None:
    _membership_writes[0] += 1


class MembershipQuerySet(models.QuerySet["Membership"]):
    def in_force_on(self, day: dt.date) -> MembershipQuerySet:
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def update(self, **kwargs: Any) -> int:
        _membership_written()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        _membership_written()
        return super().delete()

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[Membership]:
        _membership_written()
        return super().bulk_create(*args, **kwargs)


class Membership(models.Model):
    """A staff member's role in an agency or department, for a period.

    Dossier scopes (architecture.md, "Scopes") read these rows: what an officer sees depends on
    the agencies where they hold a role on the day of the request.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user_id", "agency_id", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _membership_written()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _membership_written()
        return super().delete(*args, **kwargs)


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def authenticate(self, raw: str) -> ApiToken | None:
        """Return the live token matching `raw`, or None."""
        prefix, _sep, _rest = raw.partition(".")
        token = (
            self.select_related("user")
            .filter(
                prefix=prefix,
                hashed=_hash_token(raw),
                revoked_at__isnull=True,
                user__is_active=True,
            )
            .first()
        )
        if token is None or (token.expires_at and token.expires_at <= timezone.now()):
            return None
        return token


class ApiToken(models.Model):
    """A personal API token: shown once at creation, stored only as a SHA-256 hash."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    hashed = models.CharField(max_length=64, editable=False)
    scope = models.CharField(
        _("scope"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: User, name: str, scope: str = TokenScope.READ) -> tuple[ApiToken, str]:
        """Create a token and return it with its secret, which is never stored."""
        prefix = "mc" + secrets.token_hex(5)
        raw = f"{prefix}.{secrets.token_urlsafe(32)}"
        token = cls.objects.create(
            user=user, name=name, prefix=prefix, hashed=_hash_token(raw), scope=scope
        )
        return token, raw

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class ExternalIdentity(models.Model):
    """The account of a person at an identity provider (VNeID), by the provider's subject.

    OpenID Connect names a person by `sub`, stable per provider; a later log-in finds the user
    through this row even when their phone number or email changed.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    provider = models.CharField(_("provider"), max_length=40)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(_("last log-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="external_identity_unique_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject} → {self.user}"


class Organisation(models.Model):
    """A business or other organisation that applies through a person who acts for it.

    The tax code identifies it (accounts.taxcode); the name and address are as first declared,
    and an administrator may correct them.
    """

    name = models.CharField(_("name"), max_length=255)
    tax_code = models.CharField(
        _("tax code"), max_length=14, unique=True, validators=[validate_tax_code]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"


class RepresentationQuerySet(models.QuerySet["Representation"]):
    def in_force_on(self, day: dt.date) -> RepresentationQuerySet:
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Representation(models.Model):
    """A person acting for an organisation for a period: its director, or someone it authorised.

    Declared by the person; the officer who receives a dossier checks the papers that prove it
    (the authorisation letter, giấy ủy quyền). Both dates are inclusive.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="representations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="representations"
    )
    title = models.CharField(
        _("title"), max_length=100, help_text=_("For example Giám đốc or Người được ủy quyền.")
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RepresentationQuerySet.as_manager()

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["-valid_from", "organisation_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="representation_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.title} — {self.organisation}"


class CodeAttempt(models.Model):
    """How many times a one-time code was tried, counted in the database so that requests
    racing on one session cannot each see the same count (security review D9). Keyed by the
    challenge's random salt; the challenge itself stays in the session (otp.py)."""

    salt = models.CharField(max_length=32, primary_key=True)
    tries = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("one-time code attempts")
        verbose_name_plural = _("one-time code attempts")

    def __str__(self) -> str:
        return f"{self.salt}: {self.tries}"
