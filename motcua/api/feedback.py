"""Ratings of dossiers and petitions (phản ánh, kiến nghị), /api/v1.

The applicant rates a dossier once it has its result (PUT /dossiers/{ref}/rating). Citizens
send petitions and follow them; the handling agency's staff refuse, ask for more, answer and
publish them. Everything goes through motcua.feedback (rating.py, workflow.py): a petition or
dossier the caller may not see answers 404, a step the rules do not allow now 409.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from motcua.accounts.choices import UserKind
from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.conversations.access import officer_label
from motcua.dossiers.choices import Rating
from motcua.dossiers.models import Dossier
from motcua.feedback import workflow
from motcua.feedback.choices import ContactBy, Reaction, Topic
from motcua.feedback.codes import normalise
from motcua.feedback.errors import Hidden, Invalid, Refused
from motcua.feedback.models import Petition, PetitionEntry
from motcua.feedback.rating import REASON_MAX, rate
from motcua.feedback.transitions import State

from .auth import AUTH
from .dossiers import AgencyRef
from .me import require_write
from .schemas import (
    PAGE_SIZE,
    ErrorOut,
    LocalDateTime,
    Page,
    PageNumber,
    PageParam,
    paginate,
)

router = Router(tags=["feedback"])
ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every endpoint here but the public list needs one
    return request.user


@contextmanager
def _answers() -> Iterator[None]:
    """Turn the rules' refusals into 404, 409 and 422 answers."""
    try:
        yield
    except Hidden:
        raise HttpError(404, _("Not found, or you may not see it.")) from None
    except Refused as exc:
        raise HttpError(409, exc.message) from None
    except Invalid as exc:
        raise NinjaValidationError(
            [{"loc": ["body", "payload", exc.field], "msg": exc.message}]
        ) from None


# --- Rating ----------------------------------------------------------------------------------


class RatingIn(Schema):
    rating: Rating
    reason: str = Field(
        "", max_length=REASON_MAX, description="Required when the rating is not-satisfied"
    )


class RatingOut(Schema):
    dossier: str = Field(description="Submission reference")
    code: str | None
    rating: str
    reason: str
    rated_at: LocalDateTime | None


def _rating_out(d: Dossier) -> dict[str, object]:
    return {
        "dossier": d.reference,
        "code": d.code,
        "rating": d.rating,
        "reason": d.rating_reason,
        "rated_at": d.rated_at,
    }


@router.put(
    "/dossiers/{ref}/rating",
    response={200: RatingOut, **ERRORS},
    auth=AUTH,
    summary="Rate the handling of my dossier (applicant only, once it has a result)",
)
def put_rating(request: HttpRequest, ref: str, payload: RatingIn) -> dict[str, object]:
    require_write(request)
    key = ref.strip().upper()
    dossier = (
        Dossier.objects.filter(applicant=_user(request))
        .filter(Q(reference=key) | Q(code=key))
        .first()
    )
    if dossier is None:
        raise HttpError(404, _("No dossier %(ref)s of yours.") % {"ref": ref})
    with _answers():
        rate(dossier, _user(request), payload.rating, payload.reason)
    return _rating_out(dossier)


# --- Petitions: shapes -----------------------------------------------------------------------


class PetitionEntryOut(Schema):
    event: str
    at: LocalDateTime
    by: str | None
    text: str
    due_at: LocalDateTime | None
    on_time: bool | None


class PetitionOnTimeOut(Schema):
    refused: bool | None
    more_info: bool | None
    answered: bool | None
    published: bool | None


class PetitionOut(Schema):
    reference: str
    state: str
    subject: str
    content: str
    topic: str
    contact_by: str
    dossier: str | None = Field(description="Submission reference of the dossier")
    procedure: str | None = Field(description="Procedure code")
    agency: AgencyRef | None = Field(description="The handling agency; null: provincial office")
    follows: str | None = Field(description="Reference of the petition this one follows up")
    follow_ups: list[str]
    received_at: LocalDateTime
    clock_starts_at: LocalDateTime
    refuse_due_at: LocalDateTime
    more_info_due_at: LocalDateTime
    answer_due_at: LocalDateTime
    publish_due_at: LocalDateTime | None
    refused_at: LocalDateTime | None
    refusal_reason: str
    more_info_requested_at: LocalDateTime | None
    question: str
    information_at: LocalDateTime | None
    answered_at: LocalDateTime | None
    answer: str
    published_at: LocalDateTime | None
    on_time: PetitionOnTimeOut
    likes: int
    dislikes: int
    my_reaction: str | None
    timeline: list[PetitionEntryOut]


class PublishedPetitionOut(Schema):
    """A published answer: nothing that names or reaches the petitioner."""

    reference: str
    subject: str
    content: str = Field(description="The petition as published, personal details left out")
    answer: str
    agency: AgencyRef | None
    procedure: str | None
    received_on: dt.date
    answered_at: LocalDateTime | None
    published_at: LocalDateTime | None


class PetitionIn(Schema):
    subject: str = Field(min_length=1, max_length=workflow.SUBJECT_MAX)
    content: str = Field(min_length=1, max_length=workflow.TEXT_MAX)
    topic: Topic = Topic.RULES
    contact_by: ContactBy = ContactBy.IN_APP
    dossier: str | None = Field(
        None, max_length=40, description="Reference or code of one of my dossiers"
    )
    procedure: str | None = Field(None, max_length=20, description="Procedure code")


class PetitionTextIn(Schema):
    text: str = Field(min_length=1, max_length=workflow.TEXT_MAX)


class PetitionRefuseIn(Schema):
    reason: str = Field(min_length=1, max_length=workflow.TEXT_MAX)


class PetitionQuestionIn(Schema):
    question: str = Field(min_length=1, max_length=workflow.TEXT_MAX)


class PetitionPublishIn(Schema):
    public_content: str = Field(
        "",
        max_length=workflow.TEXT_MAX,
        description="The petition as the public sees it; empty: as sent",
    )


class PetitionReactionIn(Schema):
    reaction: Reaction


class PetitionFollowUpIn(Schema):
    content: str = Field(min_length=1, max_length=workflow.TEXT_MAX)
    subject: str = Field(
        "", max_length=workflow.SUBJECT_MAX, description="Empty: the subject of the first petition"
    )


class PetitionFilters(Schema):
    state: State | None = None
    page: PageNumber = 1


def _agency(p: Petition) -> dict[str, str] | None:
    return {"code": p.agency.code, "name": p.agency.name} if p.agency else None


def _petition_out(p: Petition, user: User) -> dict[str, object]:
    likes, dislikes = p.reaction_counts()
    mine = next((r.value for r in p.reactions.all() if r.user_id == user.pk), None)
    plain = (
        "reference",
        "state",
        "subject",
        "content",
        "topic",
        "contact_by",
        "received_at",
        "clock_starts_at",
        "refuse_due_at",
        "more_info_due_at",
        "answer_due_at",
        "publish_due_at",
        "refused_at",
        "refusal_reason",
        "more_info_requested_at",
        "question",
        "information_at",
        "answered_at",
        "answer",
        "published_at",
    )
    return {
        **{f: getattr(p, f) for f in plain},
        "dossier": p.dossier.reference if p.dossier else None,
        "procedure": p.procedure.code if p.procedure else None,
        "agency": _agency(p),
        "follows": p.follows.reference if p.follows else None,
        "follow_ups": [f.reference for f in sorted(p.follow_ups.all(), key=lambda f: f.pk)],
        "on_time": {
            "refused": p.refused_on_time,
            "more_info": p.more_info_on_time,
            "answered": p.answered_on_time,
            "published": p.published_on_time,
        },
        "likes": likes,
        "dislikes": dislikes,
        "my_reaction": mine,
        "timeline": [
            {
                "event": e.event,
                "at": e.at,
                "by": _author(e, p, user),
                "text": e.text,
                "due_at": e.due_at,
                "on_time": e.on_time,
            }
            for e in p.entries.all()
        ],
    }


def _author(entry: PetitionEntry, p: Petition, reader: User) -> str | None:
    """Who wrote a timeline entry, as the reader may see it: to the petitioner's side an
    officer is "Officer of <agency>", never a personal name (security review D10)."""
    if entry.by is None:
        return None
    if entry.by.kind == UserKind.STAFF and reader.kind != UserKind.STAFF:
        return officer_label(p.agency)
    return entry.by.full_name


def _published_out(p: Petition) -> dict[str, object]:
    return {
        "reference": p.reference,
        "subject": p.subject,
        "content": p.shown_content,
        "answer": p.answer,
        "agency": _agency(p),
        "procedure": p.procedure.code if p.procedure else None,
        "received_on": timezone.localtime(p.received_at).date(),
        "answered_at": p.answered_at,
        "published_at": p.published_at,
    }


RELATED = ("agency", "dossier", "procedure", "follows")


def _with_related(qs: Any) -> Any:
    """The petitions with what _petition_out reads, in a fixed number of queries."""
    entries = PetitionEntry.objects.select_related("by").order_by("id")
    return qs.select_related(*RELATED).prefetch_related(
        "reactions", "follow_ups", Prefetch("entries", queryset=entries)
    )


def _fresh(petition: Petition, user: User) -> dict[str, object]:
    """The petition as stored after a change (prefetched rows would be stale)."""
    return _petition_out(_with_related(Petition.objects.filter(pk=petition.pk)).get(), user)


def _find(qs: Any, ref: str) -> Petition:
    petition = _with_related(qs.filter(reference=normalise(ref))).first()
    if petition is None:
        raise HttpError(404, _("No petition %(ref)s that you may see.") % {"ref": ref})
    return petition


# --- Petitions: reading ----------------------------------------------------------------------


@router.get(
    "/petitions/published",
    response={200: Page[PublishedPetitionOut], 422: ErrorOut},
    auth=None,
    summary="Published answers to petitions (public, no personal data)",
)
def list_published(request: HttpRequest, page: PageParam = 1) -> dict[str, object]:
    rows, count = paginate(Petition.objects.published().select_related("agency", "procedure"), page)
    return {
        "items": [_published_out(p) for p in rows],
        "count": count,
        "page": page,
        "page_size": PAGE_SIZE,
    }


@router.get(
    "/petitions",
    response={200: Page[PetitionOut], 401: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="My petitions, and for staff those their agencies handle",
)
def list_petitions(request: HttpRequest, filters: Query[PetitionFilters]) -> dict[str, object]:
    user = _user(request)
    qs = _with_related(Petition.objects.visible_to(user)).order_by("-received_at", "-id")
    if filters.state:
        qs = qs.filter(state=filters.state)
    rows, count = paginate(qs, filters.page)
    return {
        "items": [_petition_out(p, user) for p in rows],
        "count": count,
        "page": filters.page,
        "page_size": PAGE_SIZE,
    }


@router.get(
    "/petitions/{ref}",
    response={200: PetitionOut, 401: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="One petition, with its timeline",
)
def get_petition(request: HttpRequest, ref: str) -> dict[str, object]:
    return _petition_out(_find(Petition.objects.visible_to(_user(request)), ref), _user(request))


# --- Petitions: the citizen's side -----------------------------------------------------------


def _about(user: User, payload: PetitionIn) -> tuple[Dossier | None, Procedure | None]:
    dossier = procedure = None
    if payload.dossier:
        key = payload.dossier.strip().upper()
        dossier = (
            Dossier.objects.filter(applicant=user).filter(Q(reference=key) | Q(code=key)).first()
        )
        if dossier is None:
            raise HttpError(404, _("No dossier %(ref)s of yours.") % {"ref": payload.dossier})
    elif payload.procedure:
        procedure = Procedure.objects.filter(code=payload.procedure.strip()).first()
        if procedure is None:
            raise NinjaValidationError(
                [{"loc": ["body", "payload", "procedure"], "msg": _("No procedure has this code.")}]
            )
    return dossier, procedure


@router.post(
    "/petitions",
    response={201: PetitionOut, **ERRORS},
    auth=AUTH,
    summary="Send a petition about one of my dossiers, a procedure, or in general",
)
def create_petition(request: HttpRequest, payload: PetitionIn) -> Status[dict[str, object]]:
    require_write(request)
    user = _user(request)
    dossier, procedure = _about(user, payload)
    with _answers():
        petition = workflow.submit(
            by=user,
            subject=payload.subject,
            content=payload.content,
            topic=payload.topic,
            contact_by=payload.contact_by,
            dossier=dossier,
            procedure=procedure,
        )
    return Status(201, _fresh(petition, user))


def _mine(request: HttpRequest, ref: str) -> Petition:
    require_write(request)
    return _find(Petition.objects.of(_user(request)), ref)


@router.post(
    "/petitions/{ref}/information",
    response={200: PetitionOut, **ERRORS},
    auth=AUTH,
    summary="Add the information the agency asked for (petitioner)",
)
def add_information(request: HttpRequest, ref: str, payload: PetitionTextIn) -> dict[str, object]:
    petition = _mine(request, ref)
    with _answers():
        workflow.add_information(petition, _user(request), payload.text)
    return _fresh(petition, _user(request))


@router.post(
    "/petitions/{ref}/reaction",
    response={200: PetitionOut, **ERRORS},
    auth=AUTH,
    summary="Like or dislike the answer, once (petitioner)",
)
def react(request: HttpRequest, ref: str, payload: PetitionReactionIn) -> dict[str, object]:
    petition = _mine(request, ref)
    with _answers():
        workflow.react(petition, _user(request), payload.reaction)
    return _fresh(petition, _user(request))


@router.post(
    "/petitions/{ref}/follow-up",
    response={201: PetitionOut, **ERRORS},
    auth=AUTH,
    summary="Complain again about an answer or a refusal: a new linked petition",
)
def follow_up(
    request: HttpRequest, ref: str, payload: PetitionFollowUpIn
) -> Status[dict[str, object]]:
    petition = _mine(request, ref)
    with _answers():
        new = workflow.follow_up(petition, _user(request), payload.content, payload.subject)
    return Status(201, _fresh(new, _user(request)))


# --- Petitions: the agency's side ------------------------------------------------------------


def _officer_step(
    request: HttpRequest, ref: str, step: Callable[[Petition, User], object]
) -> dict[str, object]:
    require_write(request)
    user = _user(request)
    petition = _find(Petition.objects.handled_by(user), ref)
    with _answers():
        step(petition, user)
    return _fresh(petition, user)


@router.post(
    "/petitions/{ref}/refuse",
    response={200: PetitionOut, **ERRORS},
    auth=AUTH,
    summary="Refuse a petition, with the reason (handling agency's staff)",
)
def refuse(request: HttpRequest, ref: str, payload: PetitionRefuseIn) -> dict[str, object]:
    return _officer_step(request, ref, lambda p, u: workflow.refuse(p, u, payload.reason))


@router.post(
    "/petitions/{ref}/request-more",
    response={200: PetitionOut, **ERRORS},
    auth=AUTH,
    summary="Ask the petitioner for more information (agency's staff)",
)
def request_more(request: HttpRequest, ref: str, payload: PetitionQuestionIn) -> dict[str, object]:
    return _officer_step(request, ref, lambda p, u: workflow.request_more(p, u, payload.question))


@router.post(
    "/petitions/{ref}/answer",
    response={200: PetitionOut, **ERRORS},
    auth=AUTH,
    summary="Answer a petition (handling agency's staff)",
)
def answer(request: HttpRequest, ref: str, payload: PetitionTextIn) -> dict[str, object]:
    return _officer_step(request, ref, lambda p, u: workflow.answer(p, u, payload.text))


@router.post(
    "/petitions/{ref}/publish",
    response={200: PetitionOut, **ERRORS},
    auth=AUTH,
    summary="Publish the answer of a petition (handling agency's staff)",
)
def publish(request: HttpRequest, ref: str, payload: PetitionPublishIn) -> dict[str, object]:
    return _officer_step(request, ref, lambda p, u: workflow.publish(p, u, payload.public_content))
