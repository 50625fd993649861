"""Counter and postal intake pages: find the applicant, choose the procedure, scan, receive.

1. /mot-cua/tiep-nhan/ finds the citizen by personal ID number or phone, or creates an account;
2. /mot-cua/tiep-nhan/ho-so/?cong_dan=<id> chooses the procedure in force, then (&thu_tuc=<id>)
   the channel, the competent agency, the case and one scan per required paper;
3. the receipt page links to Form 01 (the receipt and appointment slip).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motcua.accounts.cccd import check_cccd
from motcua.accounts.choices import UserKind
from motcua.accounts.models import User, normalise_phone
from motcua.accounts.staff import staff_required
from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion, RequiredDocument
from motcua.dossiers.choices import Channel
from motcua.dossiers.lifecycle import Refused
from motcua.dossiers.transitions import InvalidTransition
from motcua.submissions.application import cases, documents_of

from . import intake
from .action_views import acting_dossier


def _counter(request: HttpRequest) -> Agency:
    counter = intake.counter_of(request.user)  # type: ignore[arg-type]
    if counter is None:
        raise PermissionDenied(_("Only a counter officer receives dossiers."))
    return counter


class FindForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Personal ID number (CCCD) or phone"), max_length=20)


class NewApplicantForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    id_number = forms.CharField(label=gettext_lazy("Personal ID number (CCCD)"), max_length=20)
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        max_length=20,
        help_text=gettext_lazy(
            "The citizen later claims the account with this number through “Forgot password”."
        ),
    )

    def clean_id_number(self) -> str:
        number: str = self.cleaned_data["id_number"]
        problems = check_cccd(number)
        if problems:
            raise forms.ValidationError(" ".join(problems))
        digits = "".join(ch for ch in number if ch.isdigit())
        if User.objects.filter(id_number=digits).exists():
            raise forms.ValidationError(
                _("An account already has this personal ID number: search for it instead.")
            )
        return digits

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data["phone"])
        if User.objects.filter(phone=phone).exists():
            raise forms.ValidationError(
                _("An account already has this phone number: search for it instead.")
            )
        return phone


@staff_required
def find_applicant(request: HttpRequest) -> HttpResponse:
    _counter(request)
    find = FindForm(request.GET or None)
    found = intake.find_applicants(find.cleaned_data["q"]) if find.is_valid() else None
    return render(
        request,
        "backoffice/intake/find.html",
        {"find": find, "found": found, "form": NewApplicantForm()},
    )


@staff_required
@require_http_methods(["POST"])
def new_applicant(request: HttpRequest) -> HttpResponse:
    _counter(request)
    form = NewApplicantForm(request.POST)
    if form.is_valid():
        user = intake.create_applicant(**form.cleaned_data)
        return HttpResponseRedirect(_step_url(user))
    return render(
        request, "backoffice/intake/find.html", {"find": FindForm(), "found": None, "form": form}
    )


def _step_url(applicant: User, version: ProcedureVersion | None = None) -> str:
    query = {"cong_dan": applicant.pk, **({"thu_tuc": version.pk} if version else {})}
    return f"{reverse('backoffice:intake_dossier')}?{urlencode(query)}"


class IntakeForm(forms.Form):
    """Channel, competent agency, case, and for each required paper: received, scan, returned."""

    channel = forms.TypedChoiceField(
        label=gettext_lazy("How the dossier came in"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (Channel.IN_PERSON.value, gettext_lazy("In person at the counter")),
            (Channel.POST.value, gettext_lazy("By post")),
        ],
    )
    agency = forms.ChoiceField(label=gettext_lazy("Competent agency"))
    case = forms.ChoiceField(label=gettext_lazy("Case"), required=False)
    note = forms.CharField(
        label=gettext_lazy("Remark (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, version: ProcedureVersion, agencies: list[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version, self.agencies = version, {str(a.pk): a for a in agencies}
        self._choices("agency", [(pk, a.name) for pk, a in self.agencies.items()])
        if len(agencies) == 1:
            self.initial.setdefault("agency", str(agencies[0].pk))
        self.cases = cases(version)
        if self.cases:
            self.fields["case"].required = True
            self._choices("case", [("", _("Choose…"))] + [(c, c) for c in self.cases])
        else:
            del self.fields["case"]
        self.documents = documents_of(version)
        for d in self.documents:
            self.fields[f"have_{d.pk}"] = forms.BooleanField(
                label=_("Paper received"), required=False
            )
            self.fields[f"scan_{d.pk}"] = forms.FileField(label=_("Scan"), required=False)
            self.fields[f"returned_{d.pk}"] = forms.BooleanField(
                label=_("Original returned to the citizen after comparison"), required=False
            )

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def slots(self) -> list[dict[str, Any]]:
        return [
            {
                "document": d,
                "have": self[f"have_{d.pk}"],
                "scan": self[f"scan_{d.pk}"],
                "returned": self[f"returned_{d.pk}"],
            }
            for d in self.documents
        ]

    def chosen_documents(self) -> list[RequiredDocument]:
        case = self.cleaned_data.get("case", "")
        return [d for d in self.documents if not self.cases or d.group in (case, "")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.cases and not data.get("case"):
            return data
        for d in self.chosen_documents():
            if d.mandatory and not (data.get(f"have_{d.pk}") or data.get(f"scan_{d.pk}")):
                self.add_error(
                    f"have_{d.pk}",
                    _("“%(name)s” is required: receive the paper or its scan.")
                    % {"name": d.name[:120]},
                )
        return data

    def walk_in(self, officer: User, counter: Agency, applicant: User) -> intake.WalkIn:
        data = self.cleaned_data
        scans = [
            intake.Scan(d, data.get(f"scan_{d.pk}"), bool(data.get(f"returned_{d.pk}")))
            for d in self.chosen_documents()
            if data.get(f"have_{d.pk}") or data.get(f"scan_{d.pk}")
        ]
        return intake.WalkIn(
            officer,
            counter,
            applicant,
            self.version,
            self.agencies[data["agency"]],
            data["channel"],
            scans,
            data.get("note", "").strip(),
        )


@staff_required
@require_http_methods(["GET", "POST"])
def intake_dossier(request: HttpRequest) -> HttpResponse:
    counter = _counter(request)
    applicant = get_object_or_404(
        User.objects.exclude(kind=UserKind.STAFF), pk=_int(request.GET.get("cong_dan"))
    )
    version = _version(request.GET.get("thu_tuc"))
    if version is None:
        query = request.GET.get("q", "")
        return render(
            request,
            "backoffice/intake/procedure.html",
            {"applicant": applicant, "q": query, "versions": intake.procedures_in_force(query)},
        )
    form = IntakeForm(
        request.POST or None,
        request.FILES or None,
        version=version,
        agencies=intake.agencies_for(version, counter),
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            dossier = intake.receive_walk_in(
                form.walk_in(
                    request.user,  # type: ignore[arg-type]
                    counter,
                    applicant,
                )
            )
        except intake.IntakeRefused as exc:
            for key, message in exc.errors.items():
                form.add_error(f"scan_{key}" if key else None, message)
        except (Refused, InvalidTransition) as exc:
            problems.append(str(exc))
        else:
            return HttpResponseRedirect(
                reverse("backoffice:intake_receipt", args=[dossier.code or dossier.reference])
            )
    return render(
        request,
        "backoffice/intake/dossier.html",
        {"applicant": applicant, "version": version, "form": form, "problems": problems},
    )


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404 from None


def _version(value: str | None) -> ProcedureVersion | None:
    if not value:
        return None
    found = ProcedureVersion.objects.filter(pk=_int(value)).select_related("procedure").first()
    if found is None or found.procedure.version_on() != found:
        raise Http404(_("This procedure version is not in force."))
    return found


@staff_required
def receipt(request: HttpRequest, ref: str) -> HttpResponse:
    dossier = acting_dossier(request.user, ref)
    return render(
        request,
        "backoffice/intake/receipt.html",
        {
            "dossier": dossier,
            "papers": dossier.papers.order_by("pk"),
            "form01": f"/api/v1/dossiers/{dossier.code or dossier.reference}/forms/01.pdf",
        },
    )
