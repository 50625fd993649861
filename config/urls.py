from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from motcua.api.urls import api

admin.site.site_header = "motcua — Quản trị hệ thống"
admin.site.site_title = "motcua"
admin.site.index_title = "Quản trị"


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and benchmarks: the process answers, touching nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Log-in through VNeID (OpenID Connect relying party); 404 unless OIDC_ENABLED.
    path("oidc/", include("mozilla_django_oidc.urls")),
    # The stand-in identity provider for the demo and the tests; 404 unless OIDC_STANDIN.
    path("dev-idp/", include("motcua.accounts.oidc_standin", namespace="dev-idp")),
    path("", include("motcua.payments.urls")),
    path("", include("motcua.results.urls")),
    path("", include("motcua.reports.urls")),
    path("mot-cua/", include("motcua.backoffice.urls")),
    path("", include("motcua.portal.urls")),
]
