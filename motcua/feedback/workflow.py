"""The one write path of petitions: submit, refuse, ask for more, add information, answer,
publish, react, follow up.

Each step runs in one transaction: it locks the petition, checks the table (transitions.py)
and who acts, stores the new state with the deadline it had and whether it was met
(deadlines.py), appends an immutable timeline entry, and queues the citizen's notification
(sent after commit). A petition about a dossier records a fact for Decision 766 indicator 5.3.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.deadlines.provider import get_calendar
from motcua.dossiers.facts import record_fact
from motcua.dossiers.models import Dossier

from . import deadlines, notify
from .choices import STATE_LABELS, ContactBy, Reaction, Topic
from .codes import new_reference
from .errors import Hidden, Invalid, Refused
from .models import Petition, PetitionEntry, PetitionReaction
from .transitions import FOLLOWABLE, REACTABLE, Event, InvalidTransition, State, next_state

if TYPE_CHECKING:
    from motcua.accounts.models import User

TEXT_MAX = 5000
SUBJECT_MAX = 200


def _text(field: str, value: str, missing: str, limit: int = TEXT_MAX) -> str:
    value = value.strip()
    if not value:
        raise Invalid(field, missing)
    if len(value) > limit:
        raise Invalid(field, _("Keep it under %(max)d characters.") % {"max": limit})
    return value


# --- The citizen's side ----------------------------------------------------------------------


def submit(
    *,
    by: User,
    subject: str,
    content: str,
    topic: str = Topic.RULES,
    contact_by: str = ContactBy.IN_APP,
    dossier: Dossier | None = None,
    procedure: Procedure | None = None,
    follows: Petition | None = None,
    at: dt.datetime | None = None,
) -> Petition:
    """Receive a petition from `by` and start its clocks; return it.

    A dossier must be the petitioner's own (else Hidden). The handling agency is the dossier's
    competent agency, else the procedure's first implementing agency, else none (the
    provincial office).
    """
    if dossier is not None and dossier.applicant_id != by.pk:
        raise Hidden
    subject = _text("subject", subject, _("Give your petition a subject."), SUBJECT_MAX)
    content = _text("content", content, _("Write what you want to report or propose."))
    if topic not in Topic.values:
        raise Invalid("topic", _("Choose what the petition is about."))
    if contact_by not in ContactBy.values:
        raise Invalid("contact_by", _("Choose how you want to hear of the answer."))
    at = at or timezone.now()
    if dossier is not None and procedure is None:
        procedure = dossier.procedure_version.procedure
    agency = follows.agency if follows is not None else handling_agency(dossier, procedure, at)
    clocks = deadlines.clocks_from(at, get_calendar())
    with transaction.atomic():
        petition = Petition(
            petitioner=by,
            dossier=dossier,
            procedure=procedure,
            agency=agency,
            follows=follows,
            topic=topic,
            subject=subject,
            content=content,
            contact_by=contact_by,
            state=next_state(None, Event.SUBMIT).value,
            received_at=at,
            **_clock_fields(clocks),
        )
        _save_new(petition, at)
        PetitionEntry.objects.create(
            petition=petition, event=Event.SUBMIT, at=at, by=by, text=content
        )
        if dossier is not None:
            flags = {"petition": petition.reference}
            if follows is not None:
                flags["follows"] = follows.reference
            record_fact(dossier, "petition", at, flags)
    return petition


def handling_agency(
    dossier: Dossier | None, procedure: Procedure | None, at: dt.datetime
) -> Agency | None:
    """Return the agency that handles a petition about `dossier` or `procedure`, or None."""
    if dossier is not None:
        return dossier.competent_agency
    if procedure is None:
        return None
    version = (
        ProcedureVersion.objects.in_force_on(timezone.localtime(at).date())
        .filter(procedure=procedure)
        .order_by("-valid_from")
        .first()
    )
    if version is None:
        return None
    # The first agency listed: the order in which the catalog named them.
    link = (
        ProcedureVersion.implementing_agencies.through.objects.filter(procedureversion=version)
        .select_related("agency")
        .order_by("id")
        .first()
    )
    return link.agency if link is not None else None


def _clock_fields(clocks: deadlines.Clocks) -> dict[str, dt.datetime]:
    return {
        "clock_starts_at": clocks.starts_at,
        "refuse_due_at": clocks.refuse_due_at,
        "more_info_due_at": clocks.more_info_due_at,
        "answer_due_at": clocks.answer_due_at,
    }


def _save_new(petition: Petition, at: dt.datetime) -> None:
    """Save a new petition under a fresh reference (a clash is retried)."""
    day = timezone.localtime(at).date()
    petition.reference = new_reference(day)
    while Petition.objects.filter(reference=petition.reference).exists():
        petition.reference = new_reference(day)
    petition.save()


def add_information(
    petition: Petition, by: User, text: str, at: dt.datetime | None = None
) -> Petition:
    """The citizen adds the information asked for: the petition is received again and its
    clocks restart (deadlines.py)."""
    _own(petition, by)
    text = _text("text", text, _("Write the information the agency asked for."))
    at = at or timezone.now()
    clocks = deadlines.clocks_from(at, get_calendar())
    with transaction.atomic():
        locked = _lock(petition, Event.ADD_INFORMATION)
        for name, value in _clock_fields(clocks).items():
            setattr(locked, name, value)
        locked.information_at = at
        _store(locked, Event.ADD_INFORMATION, by, at, text, None)
    petition.refresh_from_db()
    return petition


def react(
    petition: Petition, by: User, value: str, at: dt.datetime | None = None
) -> PetitionReaction:
    """The citizen likes or dislikes the answer, once."""
    _own(petition, by)
    if value not in Reaction.values:
        raise Invalid("reaction", _("Choose whether you are satisfied with the answer."))
    if State(petition.state) not in REACTABLE:
        raise Refused(_("You can give your opinion once the petition has been answered."))
    try:
        with transaction.atomic():
            return PetitionReaction.objects.create(
                petition=petition, user=by, value=value, at=at or timezone.now()
            )
    except IntegrityError:
        raise Refused(_("You have already given your opinion of this answer.")) from None


def follow_up(
    petition: Petition, by: User, content: str, subject: str = "", at: dt.datetime | None = None
) -> Petition:
    """The citizen complains again about an answer or a refusal: a new petition that follows
    the first, handled by the same agency."""
    _own(petition, by)
    if State(petition.state) not in FOLLOWABLE:
        raise Refused(_("You can complain again once the petition has been answered or refused."))
    earlier = petition.follow_ups.first()
    if earlier is not None:
        raise Refused(
            _("You have already complained again about this petition: follow %(ref)s.")
            % {"ref": earlier.reference}
        )
    return submit(
        by=by,
        subject=subject or petition.subject,
        content=content,
        topic=petition.topic,
        contact_by=petition.contact_by,
        dossier=petition.dossier,
        procedure=petition.procedure,
        follows=petition,
        at=at,
    )


def _own(petition: Petition, by: User) -> None:
    if petition.petitioner_id != by.pk:
        raise Hidden


# --- The agency's side -----------------------------------------------------------------------


def refuse(petition: Petition, by: User, reason: str, at: dt.datetime | None = None) -> Petition:
    """Refuse the petition, with the reason (within 2 working days of receipt)."""
    reason_ = _officer_text(
        petition, by, reason, "reason", _("Give the reason why the petition is refused.")
    )
    return _officer_step(petition, Event.REFUSE, by, reason_, at)


def request_more(
    petition: Petition, by: User, question: str, at: dt.datetime | None = None
) -> Petition:
    """Ask the citizen for more information (within 5 working days of receipt)."""
    question_ = _officer_text(
        petition, by, question, "question", _("Say what information the citizen must add.")
    )
    return _officer_step(petition, Event.REQUEST_MORE, by, question_, at)


def answer(petition: Petition, by: User, text: str, at: dt.datetime | None = None) -> Petition:
    """Answer the petition (within 15 working days of receipt)."""
    text_ = _officer_text(petition, by, text, "text", _("Write the answer."))
    return _officer_step(petition, Event.ANSWER, by, text_, at)


def publish(
    petition: Petition, by: User, public_content: str = "", at: dt.datetime | None = None
) -> Petition:
    """Publish the answer (within 2 working days of answering). `public_content` replaces the
    petition's text in the public list, to leave out personal details; empty keeps it."""
    _check_handler(petition, by)
    if len(public_content) > TEXT_MAX:
        raise Invalid("public_content", _("Keep it under %(max)d characters.") % {"max": TEXT_MAX})
    return _officer_step(petition, Event.PUBLISH, by, public_content.strip(), at)


def _check_handler(petition: Petition, by: User) -> None:
    if not Petition.objects.handled_by(by).filter(pk=petition.pk).exists():
        raise Hidden


def _officer_text(petition: Petition, by: User, value: str, field: str, missing: str) -> str:
    _check_handler(petition, by)
    return _text(field, value, missing)


def _officer_step(
    petition: Petition, event: Event, by: User, text: str, at: dt.datetime | None
) -> Petition:
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock(petition, event)
        due = _DUE[event](locked)
        assert due is not None  # publish_due_at is set by the answer before a publication
        on_time = deadlines.met(at, due)
        _RECORD[event](locked, by, at, text, on_time)
        entry = _store(locked, event, by, at, text, (due, on_time))
        notify.tell_petitioner(locked, entry)
    petition.refresh_from_db()
    return petition


def _lock(petition: Petition, event: Event) -> Petition:
    """Lock the petition's row and check that its state allows `event`."""
    locked = Petition.objects.select_for_update().get(pk=petition.pk)
    before = State(locked.state)
    try:
        locked.state = next_state(before, event).value
    except InvalidTransition:
        raise Refused(
            _("This cannot be done now: the petition is “%(state)s”.")
            % {"state": STATE_LABELS[before.value]}
        ) from None
    return locked


def _store(
    locked: Petition,
    event: Event,
    by: User,
    at: dt.datetime,
    text: str,
    deadline: tuple[dt.datetime, bool] | None,
) -> PetitionEntry:
    locked.save()
    due, on_time = deadline if deadline else (None, None)
    return PetitionEntry.objects.create(
        petition=locked, event=event, at=at, by=by, text=text, due_at=due, on_time=on_time
    )


_DUE: dict[Event, Callable[[Petition], dt.datetime | None]] = {
    Event.REFUSE: lambda p: p.refuse_due_at,
    Event.REQUEST_MORE: lambda p: p.more_info_due_at,
    Event.ANSWER: lambda p: p.answer_due_at,
    Event.PUBLISH: lambda p: p.publish_due_at,
}


def _record_refusal(p: Petition, by: User, at: dt.datetime, text: str, on_time: bool) -> None:
    p.refused_at, p.refused_by, p.refusal_reason, p.refused_on_time = at, by, text, on_time


def _record_request(p: Petition, by: User, at: dt.datetime, text: str, on_time: bool) -> None:
    p.more_info_requested_at, p.more_info_requested_by, p.question = at, by, text
    # Late once, late for good: a later request on time does not undo an earlier delay.
    p.more_info_on_time = on_time and p.more_info_on_time is not False


def _record_answer(p: Petition, by: User, at: dt.datetime, text: str, on_time: bool) -> None:
    p.answered_at, p.answered_by, p.answer, p.answered_on_time = at, by, text, on_time
    p.publish_due_at = deadlines.publish_due(at, get_calendar())


def _record_publication(p: Petition, by: User, at: dt.datetime, text: str, on_time: bool) -> None:
    p.published_at, p.published_by, p.published_on_time = at, by, on_time
    p.public_content = text


_RECORD = {
    Event.REFUSE: _record_refusal,
    Event.REQUEST_MORE: _record_request,
    Event.ANSWER: _record_answer,
    Event.PUBLISH: _record_publication,
}
