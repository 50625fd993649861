"""The dossier page's messages and papers: sending a message, downloading a paper.

The sections themselves are template tags of motcua.conversations, placed in my_dossier.html.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.models import User
from motcua.conversations import papers
from motcua.conversations.access import readable
from motcua.conversations.posting import post_message
from motcua.conversations.templatetags.conversations import FORM_ATTRIBUTE
from motcua.dossiers.models import Dossier

from .account_views import my_dossier


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # the views below require a signed-in user
    return request.user


@login_required
@require_POST
def send_message(request: HttpRequest, ref: str) -> HttpResponse:
    """The applicant writes to the officers from their dossier page."""
    user = _user(request)
    dossier = Dossier.objects.filter(applicant=user, reference=ref.upper()).first()
    if dossier is None:
        raise Http404("No such dossier of yours")
    form = post_message(request, dossier, user)
    if form is None:
        messages.success(request, _("Your message was sent to the officers."))
        return redirect(reverse("portal:my-dossier", args=[dossier.reference]) + "#trao-doi")
    # The whole dossier page again, its messages section showing the errors and the text.
    setattr(request, FORM_ATTRIBUTE, form)
    return my_dossier(request, ref)


@login_required
@require_GET
def download_paper(request: HttpRequest, ref: str, paper_id: int) -> StreamingHttpResponse:
    """A paper's stored file, for anyone who may read the dossier (applicant or staff)."""
    dossier = readable(_user(request), ref)
    paper = dossier.papers.filter(pk=paper_id).first() if dossier else None
    response = papers.file_response(paper) if paper else None
    if response is None:
        raise Http404("No such paper, or no file")
    return response
