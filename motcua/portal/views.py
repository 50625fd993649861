"""Public portal pages: home, catalog search and the procedure page. No business rules here."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from motcua.agencies.models import Agency
from motcua.catalog.choices import OnlineLevel, ProcedureLevel
from motcua.catalog.models import FeeRule, ProcedureVersion, RequiredDocument, Sector
from motcua.catalog.search import CatalogQuery, search_catalog
from motcua.deadlines.provider import deadline_for
from motcua.deadlines.rules import Deadline
from motcua.eforms.loader import form_for
from motcua.lib.paging import page_number

from .cards import procedure_cards
from .context import TEXT_SIZE_COOKIE, TEXT_SIZES
from .forms import CatalogSearchForm

FEATURED_CODES = ("1.001193", "1.004222", "2.000815", "1.004194", "1.000894", "3.000333")


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    in_force = ProcedureVersion.objects.in_force_on(today)
    sectors = (
        Sector.objects.filter(versions__in=in_force).annotate(n=Count("versions")).order_by("name")
    )
    featured = in_force.filter(procedure__code__in=FEATURED_CODES).select_related(
        "procedure", "sector"
    )
    return render(
        request,
        "portal/home.html",
        {
            "form": CatalogSearchForm(),
            "sectors": sectors,
            "featured": procedure_cards(_in_featured_order(featured)),
            "total": in_force.count(),
            "full_online": in_force.filter(online_level=OnlineLevel.FULL).count(),
        },
    )


def _in_featured_order(versions: Iterable[ProcedureVersion]) -> list[ProcedureVersion]:
    return sorted(versions, key=lambda v: FEATURED_CODES.index(v.procedure.code))


def catalog(request: HttpRequest) -> HttpResponse:
    form = CatalogSearchForm(request.GET or None)
    query = CatalogQuery(**form.cleaned_data) if form.is_valid() else CatalogQuery()
    result = search_catalog(query, page=_page_number(request))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "portal/catalog.html",
        {
            "form": form,
            "result": result,
            "cards": procedure_cards(result.entries),
            "query": query,
            "querystring": params.urlencode(),
        },
    )


def _page_number(request: HttpRequest) -> int:
    """The ?page= number; anything that is not a whole number from 1 to MAX_PAGE means page 1
    (str.isdigit() accepted "²", which int() refuses)."""
    return page_number(request.GET.get("page"))


def procedure(request: HttpRequest, code: str) -> HttpResponse:
    today = timezone.localdate()
    version = (
        ProcedureVersion.objects.in_force_on(today)
        .filter(procedure__code=code)
        .select_related("procedure", "sector")
        .prefetch_related(
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("position")),
            Prefetch("fees", queryset=FeeRule.objects.order_by("position")),
            Prefetch("implementing_agencies", queryset=Agency.objects.order_by("name")),
        )
        .first()
    )
    if version is None:
        raise Http404("No procedure in force with this code")
    return render(
        request,
        "portal/procedure.html",
        {
            "version": version,
            "deadline": _deadline_if_submitted_now(version),
            "can_apply": version.online_level != OnlineLevel.NONE and form_for(version) is not None,
            "centres": Agency.objects.in_force_on(today).filter(
                receives_province_wide=True, level=ProcedureLevel.PROVINCE
            ),
        },
    )


def _deadline_if_submitted_now(version: ProcedureVersion) -> Deadline | None:
    """Return the deadline a dossier received now would get, or None if the limit is unknown."""
    unit = version.time_limit_unit
    if not unit or (version.time_limit is None and not version.is_same_day):
        return None
    return deadline_for(timezone.now(), version.time_limit, unit)


@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    """Remember the reader's text size in a cookie; works without JavaScript."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    current = request.COOKIES.get(TEXT_SIZE_COOKIE, "1")
    current = current if current in TEXT_SIZES else "1"
    step = {"larger": 1, "smaller": -1}.get(request.POST.get("size", ""), 0)
    new = min(max(int(current) + step, 0), len(TEXT_SIZES) - 1) if step else 1
    response.set_cookie(
        TEXT_SIZE_COOKIE,
        str(new),
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=not settings.DEBUG,
        httponly=True,
    )
    return response
