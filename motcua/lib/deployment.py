"""What production refuses to start with (issue 16 §5).

config/settings.py defaults to production (DEBUG off). There, a server must not start with the
development secret key, without its host names, or with the staff second factor off outside
the demo. The settings module itself stays importable, so that commands that serve nothing
(makemigrations, compilemessages, the type checker) run without secrets. Starting is refused
where serving starts: the WSGI application (config/wsgi.py) and the worker (run_worker); and
`manage.py check --deploy` reports the same. (runserver is no production server; with DEBUG off
Django's own refuses to start without ALLOWED_HOSTS.)
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY = "dev-only-insecure-key-change-me"


def _secret_key() -> str:
    try:
        return str(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to read an empty key
        return ""


def unsafe_settings() -> list[tuple[str, str]]:
    """(check id, why) for each thing production may not start with; none under DEBUG."""
    if settings.DEBUG:
        return []
    found = []
    if _secret_key() in ("", DEVELOPMENT_KEY):
        found.append(
            (
                "motcua.E001",
                "SECRET_KEY must be set, to a secret of its own, when "
                "DEBUG is off (DEBUG=1 only for development and the demo)",
            )
        )
    if not settings.ALLOWED_HOSTS:
        found.append(
            ("motcua.E002", "ALLOWED_HOSTS must name the site's host names when DEBUG is off")
        )
    if not (settings.STAFF_OTP_REQUIRED or settings.DEMO_MODE):
        found.append(
            (
                "motcua.E003",
                "STAFF_OTP_REQUIRED=0 is for development and the demo "
                "only (DEBUG=1 or DEMO_MODE=1): officers' accounts open every dossier "
                "of their agency",
            )
        )
    return found


def check_deployment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [Error(why, id=code) for code, why in unsafe_settings()]


def refuse_unsafe_start() -> None:
    """Raise ImproperlyConfigured, naming every reason, when production may not start."""
    found = unsafe_settings()
    if found:
        raise ImproperlyConfigured("; ".join(why for _code, why in found))
