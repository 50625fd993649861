"""The versioned REST API, /api/v1 (Django Ninja). Each resource has its own router module."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

api = NinjaAPI(
    title="motcua API",
    version="1",
    description=(
        "API of the provincial administrative-procedure information system. "
        "Lists answer {items, count, page, page_size}; validation errors answer 422 and a "
        "missing or hidden object answers 404, each with a readable message."
    ),
    urls_namespace="api",
)


def _field_name(loc: list[object]) -> str:
    """The field's dotted path without where it came from: ["body", "payload", "body"] gives
    "payload.body" (a field may itself be called "body")."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "body", "header", "form", "file", "cookie"):
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(list(err.get("loc", []))), "message": str(err.get("msg", ""))}
        for err in exc.errors
    ]
    return api.create_response(
        request, {"message": _("Some values are not valid."), "errors": errors}, status=422
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"message": str(exc), "errors": []}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"message": _("Sign in or send a valid API token."), "errors": []}, status=401
    )


# A body Django cannot parse is the caller's mistake, not the server's: 400, or 413 past
# DATA_UPLOAD_MAX_MEMORY_SIZE (security review D7; Ninja answered 500 with DEBUG on, and a
# bare HTML 400 page with it off).
@api.exception_handler(MultiPartParserError)
def on_unreadable_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return api.create_response(
        request,
        {
            "message": _(
                "The request body could not be read as multipart/form-data (%(reason)s). Send the "
                "files as a multipart form with its boundary."
            )
            % {"reason": exc},
            "errors": [],
        },
        status=400,
    )


@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
def on_too_many_parts(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request,
        {"message": _("The request has too many fields or files."), "errors": []},
        status=400,
    )


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(
        request,
        {"message": _("The request's form fields are too large."), "errors": []},
        status=413,
    )


def _register() -> None:
    from . import (
        actions,
        agencies,
        backoffice,
        calendar,
        consents,
        conversations,
        dossiers,
        drafts,
        feedback,
        lookup,
        me,
        notifications,
        paper_search,
        payments,
        printouts,
        procedures,
        reports,
        repository,
        results,
        submissions,
        units,
    )

    api.add_router("/procedures", procedures.router)
    api.add_router("/units", units.router)
    api.add_router("/agencies", agencies.router)
    api.add_router("/calendar", calendar.router)
    api.add_router("/me", me.router)
    api.add_router("/dossiers", dossiers.router)
    api.add_router("/dossiers", actions.router)
    api.add_router("/lookup", lookup.router)
    api.add_router("/dossiers", submissions.router)
    api.add_router("/drafts", drafts.router)
    api.add_router("/dossiers", conversations.router)
    api.add_router("/", feedback.router)
    api.add_router("/me/repository", repository.router)
    api.add_router("/", backoffice.router)
    api.add_router("/dossiers", printouts.router)
    api.add_router("/", printouts.ledger_router)
    api.add_router("/", payments.router)
    api.add_router("/", results.router)
    api.add_router("/reports", reports.router)
    api.add_router("/", notifications.router)
    api.add_router("/papers", paper_search.router)
    api.add_router("/consents", consents.router)


_register()
