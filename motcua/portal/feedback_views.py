"""Citizens' pages for rating a dossier and for petitions (phản ánh, kiến nghị). The rules live
in motcua.feedback (rating.py, workflow.py); these views only show and collect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.feedback import rating, workflow
from motcua.feedback.errors import Hidden, Invalid, Refused
from motcua.feedback.forms import (
    FollowUpForm,
    InformationForm,
    PetitionForm,
    RatingForm,
    ReactionForm,
)
from motcua.feedback.models import Petition
from motcua.feedback.transitions import FOLLOWABLE, REACTABLE, State

PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view here but the public list signs in first
    return request.user


# --- Rating a dossier ------------------------------------------------------------------------


@login_required
def rate_dossier(request: HttpRequest, ref: str) -> HttpResponse:
    """The rating form on its own page: where the dossier page's form posts, and where a form
    with an error comes back."""
    dossier = Dossier.objects.filter(applicant=_user(request), reference=ref.upper()).first()
    if dossier is None:
        raise Http404("No such dossier of yours")
    if not rating.has_result(dossier):
        messages.error(
            request, _("You can rate the handling of your dossier once its result is ready.")
        )
        return redirect("portal:my-dossier", ref=dossier.reference)
    initial = {"rating": dossier.rating, "reason": dossier.rating_reason}
    form = RatingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rating.rate(
                dossier, _user(request), form.cleaned_data["rating"], form.cleaned_data["reason"]
            )
        except Invalid as exc:
            form.add_invalid(exc)
        except Refused as exc:
            messages.error(request, exc.message)
            return redirect("portal:my-dossier", ref=dossier.reference)
        else:
            messages.success(request, _("Thank you for rating the handling of your dossier."))
            return redirect("portal:my-dossier", ref=dossier.reference)
    return render(request, "feedback/rating.html", {"dossier": dossier, "form": form})


# --- Petitions -------------------------------------------------------------------------------


@login_required
def petition_list(request: HttpRequest) -> HttpResponse:
    petitions = (
        Petition.objects.of(_user(request))
        .select_related("agency", "dossier")
        .order_by("-received_at", "-id")[:100]
    )
    return render(request, "feedback/petition_list.html", {"petitions": petitions})


def _about(request: HttpRequest) -> tuple[Dossier | None, Procedure | None]:
    """The dossier (?ho-so=, the citizen's own) or procedure (?thu-tuc=) a new petition is
    about; 404 for a dossier that is not theirs or a procedure that does not exist."""
    ref = request.GET.get("ho-so", "").strip().upper()
    if ref:
        dossier = (
            Dossier.objects.filter(applicant=_user(request))
            .filter(Q(reference=ref) | Q(code=ref))
            .select_related("procedure_version__procedure")
            .first()
        )
        if dossier is None:
            raise Http404("No such dossier of yours")
        return dossier, dossier.procedure_version.procedure
    code = request.GET.get("thu-tuc", "").strip()
    if code:
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise Http404("No such procedure")
        return None, procedure
    return None, None


@login_required
def petition_new(request: HttpRequest) -> HttpResponse:
    dossier, procedure = _about(request)
    form = PetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            petition = workflow.submit(
                by=_user(request), dossier=dossier, procedure=procedure, **form.cleaned_data
            )
        except Hidden:
            raise Http404("No such dossier of yours") from None
        except Invalid as exc:
            form.add_invalid(exc)
        else:
            messages.success(
                request,
                _("Your petition was received under the reference %(ref)s.")
                % {"ref": petition.reference},
            )
            return redirect("portal:petition-detail", ref=petition.reference)
    version = procedure.version_on() if procedure is not None else None
    return render(
        request,
        "feedback/petition_form.html",
        {
            "form": form,
            "dossier": dossier,
            "procedure": procedure,
            "procedure_name": dossier.procedure_version.name
            if dossier
            else (version.name if version else ""),
        },
    )


def _own_petition(request: HttpRequest, ref: str) -> Petition:
    petition = (
        Petition.objects.of(_user(request))
        .filter(reference=ref.strip().upper())
        .select_related("agency", "dossier", "procedure", "follows")
        .first()
    )
    if petition is None:
        raise Http404("No such petition of yours")
    return petition


def _detail(request: HttpRequest, petition: Petition, **forms: Any) -> HttpResponse:
    state = State(petition.state)
    mine = petition.reactions.filter(user=_user(request)).first()
    likes, dislikes = petition.reaction_counts()
    return render(
        request,
        "feedback/petition_detail.html",
        {
            "petition": petition,
            "entries": petition.entries.order_by("id"),
            "information_form": forms.get("information_form")
            or (InformationForm() if state is State.MORE_INFO_REQUESTED else None),
            "can_react": state in REACTABLE and mine is None,
            "my_reaction": mine,
            "likes": likes,
            "dislikes": dislikes,
            "follow_up": petition.follow_ups.first(),
            "follow_up_form": forms.get("follow_up_form")
            or (FollowUpForm() if state in FOLLOWABLE else None),
        },
    )


@login_required
def petition_detail(request: HttpRequest, ref: str) -> HttpResponse:
    return _detail(request, _own_petition(request, ref))


@login_required
@require_POST
def petition_information(request: HttpRequest, ref: str) -> HttpResponse:
    petition = _own_petition(request, ref)
    form = InformationForm(request.POST)
    if form.is_valid():
        try:
            workflow.add_information(petition, _user(request), form.cleaned_data["text"])
        except Invalid as exc:
            form.add_invalid(exc)
        except Refused as exc:
            messages.error(request, exc.message)
            return redirect("portal:petition-detail", ref=petition.reference)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The agency has your information; the time "
                    "limit starts again from today."
                ),
            )
            return redirect("portal:petition-detail", ref=petition.reference)
    return _detail(request, petition, information_form=form)


@login_required
@require_POST
def petition_reaction(request: HttpRequest, ref: str) -> HttpResponse:
    petition = _own_petition(request, ref)
    form = ReactionForm(request.POST)
    try:
        if not form.is_valid():
            raise Invalid("reaction", _("Choose whether you are satisfied with the answer."))
        workflow.react(petition, _user(request), form.cleaned_data["reaction"])
    except (Invalid, Refused) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you for your opinion of the answer."))
    return redirect("portal:petition-detail", ref=petition.reference)


@login_required
@require_POST
def petition_follow_up(request: HttpRequest, ref: str) -> HttpResponse:
    petition = _own_petition(request, ref)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            new = workflow.follow_up(petition, _user(request), form.cleaned_data["content"])
        except Invalid as exc:
            form.add_invalid(exc)
        except Refused as exc:
            messages.error(request, exc.message)
            return redirect("portal:petition-detail", ref=petition.reference)
        else:
            messages.success(
                request,
                _("Your new petition was received under the reference %(ref)s.")
                % {"ref": new.reference},
            )
            return redirect("portal:petition-detail", ref=new.reference)
    return _detail(request, petition, follow_up_form=form)


def published(request: HttpRequest) -> HttpResponse:
    """Published answers, for everyone: no names, no contact, no dossier (no personal data)."""
    rows = Petition.objects.published().select_related("agency", "procedure")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/published.html", {"page": page})
