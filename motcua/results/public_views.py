"""Public pages, no sign-in: verifying a result by its code (the QR code leads here) or by
uploading its file, and the CA certificate and CRL motcua publishes for its demo CA.

The result page shows only what is printed on the result anyway, and less: the procedure, the
issuing agency, the date and the dossier code; never the applicant. Checks are rate-limited
per address like the public lookup, since each one runs a signature validation.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.documents.checks import Rejected
from motcua.lib.net import client_address
from motcua.lib.ratelimit import allow

from . import pki
from .authority import current_crl
from .codes import normalise
from .forms import VerifyUploadForm
from .models import Authority, Result
from .verify import read_upload, verify_bytes, verify_result

TEMPLATE = "results/verify.html"


def _limited(request: HttpRequest) -> bool:
    return not allow("verify-result", client_address(request), *settings.LOOKUP_RATE)


def _too_many(request: HttpRequest, context: dict[str, object]) -> HttpResponse:
    context["problems"] = [
        _("Too many checks from your connection. Please wait a few minutes and try again.")
    ]
    return render(request, TEMPLATE, context, status=429)


@require_http_methods(["GET", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, TEMPLATE, {"form": VerifyUploadForm()})
    form = VerifyUploadForm(request.POST, request.FILES)
    context: dict[str, object] = {"form": form}
    if _limited(request):
        return _too_many(request, context)
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    try:
        data = read_upload(form.cleaned_data["file"])
    except Rejected as exc:
        context["problems"] = [exc.message]
        return render(request, TEMPLATE, context, status=400)
    context["verification"] = verify_bytes(data)
    context["checked_name"] = form.cleaned_data["file"].name
    return render(request, TEMPLATE, context)


@require_GET
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    key = normalise(code)
    context: dict[str, object] = {"form": VerifyUploadForm(), "code": key}
    if _limited(request):
        return _too_many(request, context)
    result = (
        Result.objects.filter(code=key, signed_file__isnull=False)
        .select_related(
            "signed_file",
            "certificate",
            "dossier__competent_agency",
            "dossier__procedure_version__procedure",
        )
        .first()
    )
    if result is None:
        context["problems"] = [
            _(
                "No signed result has the code “%(code)s”. Check it against "
                "the result: letters and digits must all match."
            )
            % {"code": key}
        ]
        return render(request, TEMPLATE, context, status=404)
    context["verification"] = verify_result(result)
    context["result"] = result
    return render(request, TEMPLATE, context)


@require_GET
def crl(request: HttpRequest, slug: str) -> HttpResponse:
    authority = get_object_or_404(Authority, slug=slug)
    body = current_crl(authority)
    if not body:
        raise Http404("No CRL yet")
    response = HttpResponse(body, content_type="application/pkix-crl")
    response["Content-Disposition"] = f'inline; filename="{slug}.crl"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def ca_certificate(request: HttpRequest, slug: str) -> HttpResponse:
    authority = get_object_or_404(Authority, slug=slug)
    response = HttpResponse(
        pki.der_of(authority.certificate_pem), content_type="application/pkix-cert"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}.crt"'
    return response
