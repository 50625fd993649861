"""Failed notifications as officers' tasks, /mot-cua/thong-bao-loi/ (ADR 0015).

The list holds the open failures of the dossiers the officer acts on (tasks.failures_for);
another agency's failure answers 404, a citizen 403 (staff_required).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.staff import staff_required

from . import tasks
from .forms import ResolveForm
from .models import Notification

PAGE_SIZE = 20


def _failure(request: HttpRequest, pk: int) -> Notification:
    try:
        return tasks.find_failure(request.user, pk)
    except Notification.DoesNotExist:
        raise Http404("No such failed notification in your scope") from None


@staff_required
@require_GET
def failure_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(tasks.failures_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/failures.html", {"page": page})


def _page(
    request: HttpRequest, failure: Notification, form: ResolveForm | None = None, status: int = 200
) -> HttpResponse:
    # Officers read the error's message; the trace is for administrators (the admin shows it).
    error = failure.last_error.partition("\n")[0]
    return render(
        request,
        "notifications/failure.html",
        {"failure": failure, "error": error, "form": form or ResolveForm()},
        status=status,
    )


@staff_required
@require_GET
def failure_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _failure(request, pk))


@staff_required
@require_POST
def failure_retry(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        tasks.send_again(_failure(request, pk))
    except tasks.AlreadyHandled:
        messages.warning(request, _("Another officer has already dealt with this message."))
    else:
        messages.success(
            request,
            _("The message is being sent again. If it fails again, it comes back to this list."),
        )
    return redirect("backoffice:notification-failures")


@staff_required
@require_POST
def failure_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    failure = _failure(request, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _page(request, failure, form, status=400)
    try:
        tasks.resolve(failure, request.user, form.cleaned_data["note"])
    except tasks.AlreadyHandled:
        messages.warning(request, _("Another officer has already dealt with this message."))
    else:
        messages.success(request, _("Recorded: the applicant was reached."))
    return redirect("backoffice:notification-failures")
