"""Assisted submission by a community digital-technology team member (Tổ công nghệ số cộng
đồng, domain.md §8): the dossier stays the citizen's, with the citizen's recorded consent.

Consent is a one-time code sent to the citizen's phone and read out to the volunteer, or a
signed consent form scanned at a help desk. The volunteer's access to each dossier ends at its
submission (hand-off), or when the consent ends if that comes first.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts import otp
from motcua.accounts.choices import UserKind
from motcua.accounts.models import User, normalise_phone
from motcua.documents.checks import UploadRules
from motcua.documents.intake import accept
from motcua.dossiers.models import Dossier
from motcua.lib.ratelimit import allow
from motcua.notifications.sending import send

from .access import active_consents
from .models import Consent

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

SCAN_RULES = UploadRules(frozenset({"application/pdf", "image/jpeg", "image/png"}),
                         10 * 1024 * 1024)


class AssistanceRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_volunteer(user: Any) -> bool:
    return getattr(user, "kind", "") == UserKind.VOLUNTEER


def find_citizen(login: str) -> User:
    """The citizen's account by phone number or email, or a refusal that says what to do."""
    text = login.strip()
    lookup = {"email": text.lower()} if "@" in text else {"phone": normalise_phone(text)}
    citizen = User.objects.filter(kind=UserKind.CITIZEN, is_active=True, **lookup).first()
    if citizen is None:
        raise AssistanceRefused(_(
            "No citizen account has this phone number or email. Help the person register "
            "first (Đăng ký), then come back here."))
    return citizen


def send_consent_code(volunteer: User, citizen: User) -> dict[str, Any]:
    """Send a consent code to the citizen; return the challenge to keep in the session."""
    if not citizen.phone:
        raise AssistanceRefused(_("This account has no phone number to send a code to. "
                                  "Use a signed consent form instead."))
    if not allow("consent-code", citizen.phone, *settings.OTP_RATE):
        raise AssistanceRefused(_("Too many codes were sent to this phone. Please wait an "
                                  "hour, or use a signed consent form."))
    challenge, code = otp.new_challenge(citizen.phone, timezone.now())
    send(channel="sms", to=citizen.phone, user=citizen, template="assistance_consent",
         context={"code": code, "volunteer": volunteer.full_name,
                  "hours": settings.ASSISTANCE_CONSENT_HOURS})
    return {"citizen": citizen.pk, "challenge": challenge.to_dict()}


def confirm_code(volunteer: User, pending: dict[str, Any],
                 code: str) -> tuple[Consent | None, dict[str, Any], str]:
    """Check the code the citizen read out; (consent, pending left, reason if refused)."""
    challenge = otp.Challenge.from_dict(pending["challenge"])
    passed, challenge, reason = otp.verify(challenge, code, timezone.now())
    if not passed:
        return None, {**pending, "challenge": challenge.to_dict()}, reason
    citizen = User.objects.get(pk=pending["citizen"])
    return _grant(volunteer, citizen, Consent.Method.CODE), {}, ""


def record_scan(volunteer: User, citizen: User, upload: UploadedFile) -> Consent:
    """A signed consent form scanned at a help desk; Rejected says why a file is refused."""
    stored = accept(upload, SCAN_RULES, owner=volunteer)
    return _grant(volunteer, citizen, Consent.Method.SCAN, scan=stored)


def _grant(volunteer: User, citizen: User, method: str, **extra: Any) -> Consent:
    now = timezone.now()
    hours = dt.timedelta(hours=settings.ASSISTANCE_CONSENT_HOURS)
    return Consent.objects.create(citizen=citizen, volunteer=volunteer, method=method,
                                  granted_at=now, ends_at=now + hours, **extra)


def current_consent(volunteer: User, citizen_id: int) -> Consent | None:
    return active_consents(volunteer).filter(citizen_id=citizen_id).order_by("-granted_at").first()


def end_consent(citizen: User, consent_id: int) -> bool:
    """The citizen ends a volunteer's help early; their drafts stay the citizen's."""
    return bool(Consent.objects.filter(pk=consent_id, citizen=citizen, ended_at__isnull=True)
                .update(ended_at=timezone.now()))


def helped_counts(volunteer: User) -> dict[str, Any]:
    """What a volunteer's own page counts: dossiers helped, in all and by procedure."""
    helped = Dossier.objects.filter(helped_by=volunteer)
    by_procedure = (helped.values("procedure_version__name")
                    .annotate(n=Count("id")).order_by("-n", "procedure_version__name"))
    month_start = timezone.localdate().replace(day=1)
    return {"total": helped.count(),
            "this_month": helped.filter(submitted_at__date__gte=month_start).count(),
            "by_procedure": [(r["procedure_version__name"], r["n"]) for r in by_procedure]}
