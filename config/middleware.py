from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.accounts.choices import UserKind


class ChosenLanguageMiddleware:
    """Speak Vietnamese unless the person chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, but many people in
    Vietnam use phones set to English and still expect the public service in Vietnamese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# --- Security review D11, D12: privacy headers, request-body cap, staff session expiry ----------

# The portal uses no camera, microphone, location, payment request or USB API (file inputs for
# photos of papers need none of them); FLoC's successor, the Topics API, is refused too.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
)
NO_STORE = "no-store, private"
SAFE_METHODS = ("GET", "HEAD")


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _personal(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the answer may hold someone's data: the request came with credentials (a
    session cookie or an API token), or the answer starts a session (signing in)."""
    cookie = settings.SESSION_COOKIE_NAME
    return bool(
        request.META.get("HTTP_AUTHORIZATION")
        or cookie in request.COOKIES
        or (cookie in response.cookies and response.cookies[cookie].value)
    )


class PrivacyHeadersMiddleware:
    """Keep personal answers out of caches; deny browser features nobody here uses.

    `Cache-Control: no-store, private` goes on every answer to a signed-in person (pages and
    API alike) and on every API answer but anonymous reads, so that a shared counter or kiosk
    computer, or a proxy, keeps no copy of a dossier. Anonymous public pages and static files
    stay cacheable; an answer that calls itself public (static files, the CRL) is left alone.
    First in MIDDLEWARE, so it sees every answer, and the session cookie the sign-in sets.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        private = _personal(request, response) or (
            _is_api(request) and request.method not in SAFE_METHODS
        )
        if private and "public" not in response.headers.get("Cache-Control", ""):
            response.headers["Cache-Control"] = NO_STORE
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than settings.REQUEST_MAX_BYTES from its Content-Length,
    before anything reads it (Django would spool it to a temporary file first).

    The reverse proxy should refuse it earlier still (docs/deploy-proxy.md); this holds when
    the app is reached without one. A chunked body without Content-Length is refused with 411:
    Django reads at most Content-Length bytes, so it would see an empty body anyway.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(settings.REQUEST_MAX_BYTES)
        raw = str(request.META.get("CONTENT_LENGTH") or "").strip()
        length = int(raw) if raw.isascii() and raw.isdigit() else 0
        if length > limit:
            megabytes = f"{limit / (1024 * 1024):g}"
            return _refusal(
                request,
                413,
                _(
                    "The request is too large: at most %(size)s MB can be sent at once. Send "
                    "fewer or smaller files."
                )
                % {"size": megabytes},
            )
        chunked = "chunked" in str(request.META.get("HTTP_TRANSFER_ENCODING", "")).lower()
        if chunked and not raw:
            return _refusal(request, 411, _("Send the request with a Content-Length header."))
        return self.get_response(request)


def _refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """JSON for the API ({message, errors}, as its other errors), plain text for a page."""
    if _is_api(request):
        return JsonResponse({"message": message, "errors": []}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


STARTED, LAST_SEEN = "staff_session_started", "staff_session_seen"
# The last activity is written at most this often: a write on every request would cost one
# database write per page, for a precision nobody needs.
SEEN_EVERY = 60


class StaffSessionMiddleware:
    """Staff sessions end after settings.STAFF_SESSION_IDLE_SECONDS without a request, and
    STAFF_SESSION_MAX_SECONDS after they began, whatever the activity: an officer's session
    opens every dossier of their agency, at counters that others use next. Citizens keep the
    ordinary session. After AuthenticationMiddleware; API tokens are not sessions.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or getattr(user, "kind", "") != UserKind.STAFF:
            return
        idle = int(settings.STAFF_SESSION_IDLE_SECONDS)
        longest = int(settings.STAFF_SESSION_MAX_SECONDS)
        session, now = request.session, timezone.now().timestamp()
        started = float(session.setdefault(STARTED, now))
        seen = float(session.get(LAST_SEEN, now))
        if now - seen > idle or now - started > longest:
            logout(request)  # flushes the session; the page then asks to sign in again
            return
        if now - seen >= SEEN_EVERY or LAST_SEEN not in session:
            session[LAST_SEEN] = now
        if session.get("_session_expiry") != idle:
            session.set_expiry(idle)  # the cookie and the stored session lapse when idle too
