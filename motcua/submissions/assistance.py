"""Assisted submission by a community digital-technology team member (Tổ công nghệ số cộng
đồng, domain.md §8): the dossier stays the citizen's, with the citizen's recorded consent.

Consent is a one-time code sent to the citizen's phone and read out to the volunteer (ACTIVE
at once), or a signed consent form scanned at a help desk (PENDING until an officer confirms
it), or a code captured offline and checked at sync: consent_states.py holds the table, and
change_state() here is the only way a consent changes state. The volunteer's access to each
dossier ends at its submission (hand-off), or when the consent ends if that comes first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts import codes, otp
from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import User, normalise_phone
from motcua.documents.checks import UploadRules
from motcua.documents.intake import accept
from motcua.documents.models import StoredFile
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import ACT
from motcua.lib.ratelimit import allow
from motcua.notifications.sending import send

from . import access
from .consent_states import (
    HELPING,
    SETTLING,
    ConsentEvent,
    ConsentState,
    allows_receipt,
    next_state,
    offline_code_checked,
)
from .models import Consent

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

SCAN_RULES = UploadRules(
    frozenset({"application/pdf", "image/jpeg", "image/png"}), 10 * 1024 * 1024
)


class AssistanceRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_volunteer(user: Any) -> bool:
    return getattr(user, "kind", "") == UserKind.VOLUNTEER


def find_citizen(login: str) -> User | None:
    """The citizen's account by phone number or email, or None.

    The volunteer is never told which: the next step looks the same either way, so that
    nobody can probe which numbers have accounts (security review D5).
    """
    text = login.strip()
    if not _contact_key(text):
        raise AssistanceRefused(_("Type the citizen's phone number or email."))
    lookup = {"email": text.lower()} if "@" in text else {"phone": normalise_phone(text)}
    return User.objects.filter(kind=UserKind.CITIZEN, is_active=True, **lookup).first()


def send_consent_code(volunteer: User, citizen: User | None, contact: str) -> dict[str, Any]:
    """Send a consent code to the citizen's phone, if there is an account with one; return
    the challenge to keep in the session. Without an account (or a phone) no code is sent, but
    the answer is the same: the typed code then simply does not match."""
    if not allow("consent-code", _contact_key(contact), *settings.OTP_RATE):
        raise AssistanceRefused(
            _(
                "Too many codes were asked for this phone number or email. "
                "Please wait an hour, or use a signed consent form."
            )
        )
    target = citizen.phone if citizen is not None and citizen.phone else ""
    # The phone's own limit (typing its email instead must not send more) is kept silently.
    if target and not allow("consent-code-phone", target, *settings.OTP_RATE):
        target = ""
    challenge, code = otp.new_challenge(target, timezone.now())
    if citizen is not None and target:
        send(
            channel="sms",
            to=target,
            user=citizen,
            template="assistance_consent",
            context={
                "code": code,
                "volunteer": volunteer.full_name,
                "hours": settings.ASSISTANCE_CONSENT_HOURS,
            },
        )
    return {
        "citizen": citizen.pk if citizen else None,
        "contact": contact,
        "challenge": challenge.to_dict(),
    }


def _contact_key(contact: str) -> str:
    text = contact.strip()
    return text.lower() if "@" in text else normalise_phone(text)


def confirm_code(
    volunteer: User, pending: dict[str, Any], code: str
) -> tuple[Consent | None, dict[str, Any], str]:
    """Check the code the citizen read out; (consent, pending left, reason if refused)."""
    challenge = otp.Challenge.from_dict(pending["challenge"])
    citizen = User.objects.filter(pk=pending.get("citizen") or 0).first()
    if citizen is None or not challenge.target:
        # No account, or no phone: no code was sent, and every code is answered as wrong.
        challenge = replace(challenge, code_hash="")
    passed, challenge, reason = codes.check(challenge, code, timezone.now())
    if not passed or citizen is None:
        return None, {**pending, "challenge": challenge.to_dict()}, reason
    consent = Consent(
        citizen=citizen,
        volunteer=volunteer,
        method=Consent.Method.CODE,
        contact=pending.get("contact", ""),
    )
    return change_state(consent, ConsentEvent.CODE_CONFIRMED, by=citizen), {}, ""


def record_scan(
    volunteer: User, citizen: User | None, upload: UploadedFile, contact: str = ""
) -> Consent | None:
    """A signed consent form scanned at a help desk: PENDING until an officer of the receiving
    unit confirms it. Rejected says why a file is refused. Without an account the file is
    checked the same way and then dropped, so that the answer does not tell."""
    stored = accept(upload, SCAN_RULES, owner=volunteer)
    if citizen is None:
        _drop(stored)
        return None
    consent = Consent(
        citizen=citizen,
        volunteer=volunteer,
        method=Consent.Method.SCAN,
        scan=stored,
        contact=contact,
    )
    return change_state(consent, ConsentEvent.SCAN_RECORDED, by=volunteer)


def _drop(stored: StoredFile) -> None:
    name = stored.name
    stored.delete()
    default_storage.delete(name)


def send_offline_code(volunteer: User, citizen: User, contact: str = "") -> Consent:
    """Before a visit without a connection: a code goes to the citizen's phone now, and the
    consent waits (PENDING) for the code the volunteer captures beside them, checked when the
    dossier syncs (check_offline_code). The code stays valid as long as the consent."""
    if not citizen.phone:
        raise AssistanceRefused(_("Use a signed consent form for this citizen."))
    now = timezone.now()
    challenge, code = otp.new_challenge(citizen.phone, now)
    challenge = replace(challenge, expires_at=now + _consent_length())
    send(
        channel="sms",
        to=citizen.phone,
        user=citizen,
        template="assistance_consent",
        context={
            "code": code,
            "volunteer": volunteer.full_name,
            "hours": settings.ASSISTANCE_CONSENT_HOURS,
        },
    )
    consent = Consent(
        citizen=citizen,
        volunteer=volunteer,
        method=Consent.Method.OFFLINE,
        contact=contact,
        challenge=challenge.to_dict(),
    )
    return change_state(consent, ConsentEvent.OFFLINE_CODE_SENT, by=volunteer, at=now)


def check_offline_code(consent: Consent, code: str, captured_at: dt.datetime) -> Consent:
    """At sync: the code the volunteer captured offline at `captured_at` confirms the consent
    (ACTIVE) if it matches, else refuses it (REFUSED): the citizen is not there to try again."""
    challenge = otp.Challenge.from_dict(consent.challenge)
    moment = max(captured_at, consent.granted_at)
    passed, _left, _reason = otp.verify(replace(challenge, attempts_left=1), code, moment)
    return change_state(
        consent, offline_code_checked(passed), by=consent.citizen if passed else None
    )


def _consent_length() -> dt.timedelta:
    return dt.timedelta(hours=settings.ASSISTANCE_CONSENT_HOURS)


def change_state(
    consent: Consent, event: ConsentEvent, *, by: User | None = None, at: dt.datetime | None = None
) -> Consent:
    """The one way a consent changes state (consent_states.TRANSITIONS); a new consent (not
    yet saved) is created with its first state. InvalidConsentChange if the table forbids it."""
    now = at or timezone.now()
    with transaction.atomic():
        if consent.pk is None:
            before = None
            consent.granted_at, consent.ends_at = now, now + _consent_length()
        else:
            consent = Consent.objects.select_for_update().get(pk=consent.pk)
            before = consent.state
        consent.state = next_state(before, event)
        if event in SETTLING:
            consent.checked_by, consent.checked_at = by, now
        if event is ConsentEvent.ENDED:
            consent.ended_at = now
        consent.save()
    return consent


def current_consent(volunteer: User, citizen_id: int) -> Consent | None:
    return access.current_consent(volunteer, citizen_id)


def end_consent(citizen: User, consent_id: int) -> bool:
    """The citizen ends a volunteer's help early; their drafts stay the citizen's."""
    consent = Consent.objects.filter(
        pk=consent_id, citizen=citizen, ended_at__isnull=True, state__in=[s.value for s in HELPING]
    ).first()
    if consent is None:
        return False
    change_state(consent, ConsentEvent.ENDED, by=citizen)
    return True


def consent_of_dossier(dossier: Dossier) -> Consent | None:
    """The consent a volunteer submitted `dossier` under, if any."""
    if dossier.helped_by_id is None:
        return None
    return Consent.objects.filter(drafts__dossier=dossier).first()


def receipt_refusal(dossier: Dossier) -> str | None:
    """Why the counter may not receive `dossier` yet: the consent it was submitted under is
    not confirmed (a scan awaiting an officer, or refused). Registered as a guard of the
    "receive" event (apps.py), so the action page, the batch and the API all refuse it."""
    consent = consent_of_dossier(dossier)
    if consent is None or allows_receipt(consent.state, consent.checked_at is not None):
        return None
    if consent.state == ConsentState.REFUSED:
        return _(
            "The signed consent form of this assisted dossier was found invalid: refuse "
            "the dossier at intake, or ask the citizen to submit it themselves."
        )
    return _(
        "The signed consent form of this assisted dossier has not been confirmed yet: "
        "an officer of the receiving unit must check the scan first (Consents to check)."
    )


def consents_to_check(officer: User) -> QuerySet[Consent]:
    """Signed forms awaiting an officer, under which dossiers were submitted that `officer`
    receives at the counter: scoped through Dossier.objects.visible_to(), so that another
    agency's consent is not found (404)."""
    counters = [m.agency_id for m in officer.memberships_today() if m.role == Role.COUNTER_OFFICER]
    dossiers = Dossier.objects.visible_to(officer, ACT).filter(receiving_unit_id__in=counters)
    return (
        Consent.objects.filter(
            method=Consent.Method.SCAN,
            checked_at__isnull=True,
            state__in=[ConsentState.PENDING, ConsentState.ENDED],
            drafts__dossier__in=dossiers,
        )
        .distinct()
        .select_related("citizen", "volunteer", "scan")
        .order_by("granted_at")
    )


def dossiers_under(consent: Consent, officer: User) -> list[Dossier]:
    """The dossiers submitted under `consent` that `officer` may act on."""
    return list(
        Dossier.objects.visible_to(officer, ACT)
        .filter(draft__consent=consent)
        .order_by("submitted_at")
    )


def decide_scan(officer: User, consent_id: int, valid: bool) -> Consent | None:
    """The officer confirms the signed form (the counter may then receive the dossiers) or
    finds it invalid; None when the consent is not one `officer` may check."""
    consent = consents_to_check(officer).filter(pk=consent_id).first()
    if consent is None:
        return None
    event = ConsentEvent.SCAN_CONFIRMED if valid else ConsentEvent.SCAN_REFUSED
    return change_state(consent, event, by=officer)


def helped_counts(volunteer: User) -> dict[str, Any]:
    """What a volunteer's own page counts: dossiers helped, in all and by procedure."""
    helped = Dossier.objects.filter(helped_by=volunteer)
    by_procedure = (
        helped.values("procedure_version__name")
        .annotate(n=Count("id"))
        .order_by("-n", "procedure_version__name")
    )
    month_start = timezone.localdate().replace(day=1)
    return {
        "total": helped.count(),
        "this_month": helped.filter(submitted_at__date__gte=month_start).count(),
        "by_procedure": [(r["procedure_version__name"], r["n"]) for r in by_procedure],
    }
