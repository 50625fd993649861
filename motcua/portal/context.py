from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

TEXT_SIZES = ("0", "1", "2", "3")
TEXT_SIZE_COOKIE = "textsize"


def site(request: HttpRequest) -> dict[str, object]:
    """Site name and the reader's chosen text size (a cookie, so it works without JavaScript)."""
    size = request.COOKIES.get(TEXT_SIZE_COOKIE, "1")
    return {
        "SITE_NAME": settings.SITE_NAME,
        "demo": settings.DEMO_MODE,
        "text_size": size if size in TEXT_SIZES else "1",
    }
