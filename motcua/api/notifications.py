"""Notifications, /api/v1 (ADR 0015).

- ``GET /me/notifications``: the messages sent to the caller about their own dossiers, with
  where each is (queued, sent, delivered, failed).
- ``GET /me/inbox``, ``POST /me/inbox/{id}/read``, ``POST /me/inbox/read``: the caller's
  in-app messages (officers' reminders included), and marking them read; another person's
  message answers 404.
- ``GET/PUT /me/notification-preferences``: the external channels per kind of message and the
  language, with the rules of the preferences page (notifications/kinds.py).
- ``/notification-failures``: failed messages as tasks of the officers who act on their
  dossiers: send again, or record that the applicant was reached another way. Another
  agency's failure answers 404, a citizen 403.
"""

from __future__ import annotations

from typing import Literal

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from motcua.accounts.choices import UserKind
from motcua.accounts.models import User
from motcua.notifications import inbox, preferences, tasks
from motcua.notifications.kinds import DeliveryState, Kind
from motcua.notifications.models import InAppMessage, Notification

from .auth import AUTH
from .me import require_write
from .schemas import PAGE_SIZE, ErrorOut, LocalDateTime, Page, PageNumber, paginate

router = Router(tags=["notifications"])
ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
STATE_FILTERS = {
    DeliveryState.QUEUED: {
        "delivered_at__isnull": True,
        "confirmed_at__isnull": True,
        "dead_at__isnull": True,
    },
    DeliveryState.SENT: {
        "delivered_at__isnull": False,
        "confirmed_at__isnull": True,
        "dead_at__isnull": True,
    },
    DeliveryState.DELIVERED: {"confirmed_at__isnull": False, "dead_at__isnull": True},
    DeliveryState.FAILED: {"dead_at__isnull": False},
}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every endpoint here needs a signed-in caller
    return request.user


class NotificationOut(Schema):
    id: int
    dossier: str = Field(description="Submission reference of the dossier")
    code: str | None = Field(description="Dossier code, once received")
    kind: str = Field(
        description="submitted, received, supplement, payment, extension, "
        "result or rating; empty for other messages"
    )
    channel: Literal["sms", "email", "in_app"]
    recipient: str
    language: Literal["vi", "en"]
    subject: str
    body: str
    state: DeliveryState
    created_at: LocalDateTime
    sent_at: LocalDateTime | None
    delivered_at: LocalDateTime | None = Field(description="When the provider reported it arrived")
    failed_at: LocalDateTime | None
    attempts: int = Field(description="Failed attempts so far")


def _out(n: Notification) -> dict[str, object]:
    assert n.dossier is not None
    return {
        "id": n.pk,
        "dossier": n.dossier.reference,
        "code": n.dossier.code or None,
        "kind": n.kind,
        "channel": n.channel,
        "recipient": n.recipient,
        "language": n.language,
        "subject": n.subject,
        "body": n.body,
        "state": n.delivery_state,
        "created_at": n.created_at,
        "sent_at": n.delivered_at,
        "delivered_at": n.confirmed_at,
        "failed_at": n.dead_at,
        "attempts": n.attempts,
    }


class NotificationFilters(Schema):
    page: PageNumber = 1
    dossier: str | None = Field(None, max_length=40, description="Reference or code")
    state: DeliveryState | None = None


@router.get(
    "/me/notifications",
    response={200: Page[NotificationOut], 401: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Messages sent to me about my dossiers, newest first",
)
def my_notifications(
    request: HttpRequest, filters: Query[NotificationFilters]
) -> dict[str, object]:
    user = _user(request)
    # Messages to the caller about dossiers they applied for: officers' reminders about the
    # same dossier go to the officers, never here.
    qs = (
        Notification.objects.filter(user=user, dossier__applicant=user)
        .select_related("dossier")
        .order_by("-created_at", "-pk")
    )
    if filters.dossier:
        key = filters.dossier.strip().upper()
        qs = qs.filter(Q(dossier__reference=key) | Q(dossier__code=key))
    if filters.state:
        qs = qs.filter(**STATE_FILTERS[filters.state])
    rows, count = paginate(qs, filters.page)
    return {
        "items": [_out(n) for n in rows],
        "count": count,
        "page": filters.page,
        "page_size": PAGE_SIZE,
    }


# --- Inbox: the in-app messages ---------------------------------------------------------------


class InboxMessageOut(Schema):
    id: int
    subject: str
    body: str
    dossier: str | None = Field(
        description="Submission reference of the caller's own dossier the message is about"
    )
    created_at: LocalDateTime
    read_at: LocalDateTime | None = Field(description="When the caller first read it")


class InboxFilters(Schema):
    page: PageNumber = 1
    unread: bool = Field(False, description="Only the messages not read yet")


class ReadAllOut(Schema):
    marked: int = Field(description="How many unread messages were marked read")


def _inbox_out(user: User, m: InAppMessage) -> dict[str, object]:
    dossier = inbox.own_dossier(m, user)
    return {
        "id": m.pk,
        "subject": m.subject,
        "body": m.body,
        "dossier": dossier.reference if dossier else None,
        "created_at": m.created_at,
        "read_at": m.read_at,
    }


@router.get(
    "/me/inbox",
    response={200: Page[InboxMessageOut], 401: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="My in-app messages, newest first",
)
def my_inbox(request: HttpRequest, filters: Query[InboxFilters]) -> dict[str, object]:
    user = _user(request)
    qs = inbox.messages_for(user)
    if filters.unread:
        qs = qs.filter(read_at__isnull=True)
    rows, count = paginate(qs, filters.page)
    return {
        "items": [_inbox_out(user, m) for m in rows],
        "count": count,
        "page": filters.page,
        "page_size": PAGE_SIZE,
    }


@router.post(
    "/me/inbox/read",
    response={200: ReadAllOut, 401: ErrorOut, 403: ErrorOut},
    auth=AUTH,
    summary="Mark all my messages read",
)
def read_all_messages(request: HttpRequest) -> dict[str, object]:
    require_write(request)
    return {"marked": inbox.mark_all_read(_user(request))}


@router.post(
    "/me/inbox/{pk}/read",
    response={200: InboxMessageOut, **ERRORS},
    auth=AUTH,
    summary="Mark one of my messages read (reading it again keeps the first time)",
)
def read_message(request: HttpRequest, pk: int) -> dict[str, object]:
    require_write(request)
    user = _user(request)
    try:
        message = inbox.find(user, pk)
    except InAppMessage.DoesNotExist:
        raise HttpError(404, _("Not found, or you may not see it.")) from None
    return _inbox_out(user, inbox.mark_read(message))


# --- Preferences -----------------------------------------------------------------------------

Channel = Literal["sms", "email"]


class PreferencesOut(Schema):
    language: Literal["vi", "en"]
    channels: dict[Kind, list[Channel]] = Field(
        description="For each kind of message, the external channels it goes on; every "
        "message also goes to the portal inbox"
    )
    required: list[Kind] = Field(description="Kinds that always go on SMS or email (by law)")
    available: list[Channel] = Field(description="Channels the account has")


class PreferencesIn(Schema):
    language: Literal["vi", "en"]
    channels: dict[Kind, list[Channel]] = Field(
        description="Kinds left out keep their default (SMS, or email without a phone)"
    )


def _preferences(user: User) -> dict[str, object]:
    language, channels = preferences.current(user)
    return {
        "language": language,
        "channels": channels,
        "required": sorted(k for k in Kind if preferences.is_required(k)),
        "available": [c.value for c in preferences.reachable(user)],
    }


@router.get(
    "/me/notification-preferences",
    response={200: PreferencesOut, 401: ErrorOut},
    auth=AUTH,
    summary="How I am told about my dossiers",
)
def get_preferences(request: HttpRequest) -> dict[str, object]:
    return _preferences(_user(request))


@router.put(
    "/me/notification-preferences",
    response={200: PreferencesOut, **ERRORS},
    auth=AUTH,
    summary="Choose the channels per kind of message, and the language",
)
def put_preferences(request: HttpRequest, payload: PreferencesIn) -> dict[str, object]:
    require_write(request)
    user = _user(request)
    chosen = {kind.value: list(channels) for kind, channels in payload.channels.items()}
    try:
        preferences.save(user, payload.language, chosen)
    except preferences.Invalid as exc:
        raise NinjaValidationError(
            [
                {
                    "loc": [
                        "body",
                        "payload",
                        *(["language"] if key == "language" else ["channels", key]),
                    ],
                    "msg": message,
                }
                for key, message in exc.errors.items()
            ]
        ) from None
    return _preferences(user)


# --- Failed notifications: the officers' tasks ----------------------------------------------


class FailureOut(NotificationOut):
    applicant: str
    last_error: str = Field(description="The first line of the last error")


def _failure_out(n: Notification) -> dict[str, object]:
    assert n.dossier is not None
    return {
        **_out(n),
        "applicant": n.dossier.applicant_name,
        "last_error": n.last_error.partition("\n")[0],
    }


class PageQuery(Schema):
    page: PageNumber = 1


class ResolveIn(Schema):
    note: str = Field(
        min_length=1,
        max_length=tasks.NOTE_MAX,
        description="How the applicant was reached (a phone call, a letter)",
    )


def _staff(request: HttpRequest) -> User:
    user = _user(request)
    if user.kind != UserKind.STAFF:
        raise HttpError(403, _("The back office is for staff."))
    return user


def _failure(request: HttpRequest, pk: int) -> Notification:
    try:
        return tasks.find_failure(_staff(request), pk)
    except Notification.DoesNotExist:
        raise HttpError(404, _("Not found, or you may not see it.")) from None


@router.get(
    "/notification-failures",
    response={200: Page[FailureOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Failed messages about the dossiers I act on (officers)",
)
def list_failures(request: HttpRequest, query: Query[PageQuery]) -> dict[str, object]:
    rows, count = paginate(tasks.failures_for(_staff(request)), query.page)
    return {
        "items": [_failure_out(n) for n in rows],
        "count": count,
        "page": query.page,
        "page_size": PAGE_SIZE,
    }


@router.get(
    "/notification-failures/{pk}",
    response={200: FailureOut, **ERRORS},
    auth=AUTH,
    summary="One failed message",
)
def get_failure(request: HttpRequest, pk: int) -> dict[str, object]:
    return _failure_out(_failure(request, pk))


@router.post(
    "/notification-failures/{pk}/retry",
    response={202: NotificationOut, **ERRORS},
    auth=AUTH,
    summary="Send a failed message again",
)
def retry_failure(request: HttpRequest, pk: int) -> Status[dict[str, object]]:
    require_write(request)
    failure = _failure(request, pk)
    try:
        tasks.send_again(failure)
    except tasks.AlreadyHandled:
        raise HttpError(409, _("Another officer has already dealt with this message.")) from None
    failure.refresh_from_db()
    return Status(202, _out(failure))


@router.post(
    "/notification-failures/{pk}/resolve",
    response={200: FailureOut, **ERRORS},
    auth=AUTH,
    summary="Record that the applicant was reached another way",
)
def resolve_failure(request: HttpRequest, pk: int, payload: ResolveIn) -> dict[str, object]:
    require_write(request)
    failure = _failure(request, pk)
    if not payload.note.strip():
        raise NinjaValidationError(
            [{"loc": ["body", "payload", "note"], "msg": _("Say how you reached the applicant.")}]
        )
    try:
        tasks.resolve(failure, _user(request), payload.note)
    except tasks.AlreadyHandled:
        raise HttpError(409, _("Another officer has already dealt with this message.")) from None
    failure.refresh_from_db()
    return _failure_out(failure)
