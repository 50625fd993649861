"""/admin/ behind the same door as the back office.

The administrator holds the widest rights in the system, so /admin/ has no log-in form of its
own: it sends people to the back office's sign-in (/mot-cua/dang-nhap/), with its failure
limits and its second factor, and lets in only a session that proved the second factor when
the policy asks for one (django-otp's OTPAdminSite, with the policy of access.py).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django_otp.admin import OTPAdminSite

from motcua.accounts.staff import STAFF_LOGIN

from . import access


class StaffAdminSite(OTPAdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        if not AdminSite.has_permission(self, request):
            return False
        return access.is_verified(request) or not access.second_factor_required(request.user)

    def login(
        self,
        request: HttpRequest,
        extra_context: dict[str, object] | None = None,
    ) -> HttpResponse:
        target = request.GET.get("next") or "/admin/"
        if not target.startswith("/admin/"):
            target = "/admin/"
        return HttpResponseRedirect(f"{STAFF_LOGIN}?{urlencode({'next': target})}")
