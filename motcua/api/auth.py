from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from motcua.accounts.models import ApiToken

LAST_USED_PRECISION = dt.timedelta(minutes=1)


class BearerToken(HttpBearer):
    """Authorization: Bearer <personal API token>."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = ApiToken.objects.authenticate(token)
        if found is None:
            return None
        now = timezone.now()
        # A write per request would be the price of a timestamp nobody reads to the second.
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found


# Browsers use their session, with CSRF on unsafe methods.
session_auth = SessionAuth(csrf=True)

# Endpoints that act for a person take either; public read-only endpoints take none.
AUTH = [BearerToken(), session_auth]
