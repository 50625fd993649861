"""One form per lifecycle event an officer takes, and what each turns into for Dossier.apply().

A form only collects and shapes input: note and data (agency_id, assignee_id, due_at,
new_due_at…) as motcua/api/actions.py passes them. The lifecycle guards decide; the view shows
their refusal on the form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership, User
from motcua.agencies.choices import AgencyKind
from motcua.agencies.models import Agency
from motcua.deadlines.provider import get_calendar
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import descendants
from motcua.dossiers.transitions import Event
from motcua.processes.suggest import Suggestion, suggest_next
from motcua.submissions.application import documents_of

E = Event
HANDLING_ROLES = (Role.SPECIALIST, Role.LEADER)


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _closing(day: dt.date) -> dt.datetime:
    """A date chosen on a form means the end of that working day (17:00 by default)."""
    return get_calendar().closing(day, timezone.get_current_timezone())


class ActionForm(forms.Form):
    """The note every event records; required where the law asks for reasons."""

    note_label = gettext_lazy("Remark (optional)")
    note = forms.CharField(max_length=2000, required=False, widget=_textarea())

    def __init__(
        self, *args: Any, dossier: Dossier, user: User, event: Event, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.dossier, self.user, self.event = dossier, user, event
        note = self.fields["note"]
        note.label = self.note_label
        if event in lifecycle.NEEDS_REASON:
            note.required = True
            note.error_messages["required"] = lifecycle.NEEDS_REASON[event]
        # The note comes last: subclasses' fields (team, dates, papers) are asked first.
        self.order_fields([name for name in self.fields if name != "note"] + ["note"])

    def payload(self) -> tuple[str, dict[str, Any]]:
        """The note and the data to pass to dossier.apply()."""
        return self.cleaned_data.get("note", "").strip(), {}


class ReasonForm(ActionForm):
    note_label = gettext_lazy("Reasons")


class ObligationForm(ReasonForm):
    """The financial obligation (status 6): what to pay, which the payments app asks for."""

    fee_name = forms.CharField(
        label=gettext_lazy("What is to be paid"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("For example: land use levy"),
    )
    amount = forms.IntegerField(
        label=gettext_lazy("Amount (đồng)"),
        min_value=1,
        max_value=10**12,
        required=False,
        help_text=gettext_lazy(
            "Leave empty if another authority sets "
            "it; the applicant is asked to pay "
            "once it is known."
        ),
    )

    def payload(self) -> tuple[str, dict[str, Any]]:
        note, data = super().payload()
        if self.cleaned_data.get("amount"):
            data["amount"] = self.cleaned_data["amount"]
        if self.cleaned_data.get("fee_name", "").strip():
            data["fee_name"] = self.cleaned_data["fee_name"].strip()
        return note, data


class SupplementForm(ActionForm):
    """The complete list of papers asked for, at once (Form 02 at intake)."""

    documents = forms.MultipleChoiceField(
        label=gettext_lazy("Papers to supplement"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note_label = gettext_lazy("Other papers or explanations")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].required = False
        field = self.fields["documents"]
        assert isinstance(field, forms.MultipleChoiceField)
        self.papers = {str(d.pk): d for d in documents_of(self.dossier.procedure_version)}
        field.choices = [(pk, d.name) for pk, d in self.papers.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("documents") and not data.get("note", "").strip():
            raise forms.ValidationError(lifecycle.NEEDS_REASON[E.REQUEST_INTAKE_SUPPLEMENT])
        return data

    def payload(self) -> tuple[str, dict[str, Any]]:
        chosen = [self.papers[pk] for pk in self.cleaned_data["documents"]]
        lines = [f"- {d.name}" for d in chosen]
        other = self.cleaned_data.get("note", "").strip()
        if other:
            lines.append(other)
        return "\n".join(lines), {"documents": [d.pk for d in chosen]}


def _teams(dossier: Dossier) -> list[Agency]:
    """The competent agency and its departments, the teams a dossier can go to."""
    ids = descendants({dossier.competent_agency_id})
    return list(
        Agency.objects.in_force_on(timezone.localdate())
        .filter(pk__in=ids)
        .exclude(kind=AgencyKind.SERVICE_CENTRE)
        .order_by("code")
    )


def _agency_choices(agencies: list[Agency]) -> list[tuple[str, str]]:
    return [("", _("Choose…"))] + [(str(a.pk), a.name) for a in agencies]


class ForwardForm(ActionForm):
    """Hand the dossier to the next team, and maybe to one person of it, by a due time.

    When the procedure has an internal process, a new forward form comes filled with the
    process's next step: its team and its due time (motcua.processes); the officer may change
    both. A team the process names outside the competent agency is added to the choices.
    """

    agency = forms.ChoiceField(label=gettext_lazy("Team"))
    assignee = forms.ChoiceField(label=gettext_lazy("Person (optional)"), required=False)
    step_due = forms.DateTimeField(
        label=gettext_lazy("Step due by (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suggestion = suggest_next(self.dossier) if self.event is E.FORWARD else None
        if self.event is not E.FORWARD:
            del self.fields["step_due"]
        teams = self.team_list()
        self.set_choices("agency", _agency_choices(teams))
        people = (
            Membership.objects.in_force_on(timezone.localdate())
            .filter(agency__in=teams, role__in=HANDLING_ROLES)
            .select_related("user", "agency")
            .order_by("agency__code", "user__full_name")
        )
        self.members = {(m.agency_id, m.user_id) for m in people}
        self.set_choices(
            "assignee",
            [("", _("Anyone in the team"))]
            + [
                (str(m.user_id), f"{m.user.full_name} — {m.get_role_display()}, {m.agency.name}")
                for m in people
            ],
        )
        if self.suggestion is not None and not self.is_bound:
            self._prefill(self.suggestion)

    def _prefill(self, suggestion: Suggestion) -> None:
        if suggestion.agency is not None:
            self.initial.setdefault("agency", str(suggestion.agency.pk))
        if suggestion.due_at is not None:
            self.initial.setdefault("step_due", suggestion.due_at)

    def team_list(self) -> list[Agency]:
        teams = _teams(self.dossier)
        suggested = self.suggestion.agency if self.suggestion else None
        if suggested is not None and suggested not in teams:
            teams.append(suggested)
        return teams

    def set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agency, person = data.get("agency"), data.get("assignee")
        if agency and person and (int(agency), int(person)) not in self.members:
            self.add_error("assignee", _("This person does not work in the chosen team."))
        due = data.get("step_due")
        if due is not None and due <= timezone.now():
            self.add_error("step_due", _("The step's due time must be later than now."))
        return data

    def payload(self) -> tuple[str, dict[str, Any]]:
        note, data = super().payload()
        data["agency_id"] = int(self.cleaned_data["agency"])
        if self.cleaned_data.get("assignee"):
            data["assignee_id"] = int(self.cleaned_data["assignee"])
        if self.cleaned_data.get("step_due"):
            data["step_due_at"] = self.cleaned_data["step_due"]
        return note, data


class ReturnToStepForm(ForwardForm):
    """Send the dossier back to a team that held it before (or another team of the agency)."""

    note_label = gettext_lazy("Reasons")

    def team_list(self) -> list[Agency]:
        held = set(self.dossier.steps.filter(kind="handling").values_list("agency_id", flat=True))
        teams = {a.pk: a for a in _teams(self.dossier)}
        teams.update({a.pk: a for a in Agency.objects.filter(pk__in=held - set(teams))})
        return sorted(teams.values(), key=lambda a: a.code)


class ConsultForm(ActionForm):
    """Ask another agency's opinion, with the date by which it answers.

    A new form comes filled with the internal process's next inter-agency (parallel) step, when
    the procedure has a process: the agency and its answer date; the officer may change both.
    """

    agency = forms.ChoiceField(label=gettext_lazy("Agency consulted"))
    due_date = forms.DateField(
        label=gettext_lazy("Answer due by"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note_label = gettext_lazy("Question")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = list(
            Agency.objects.in_force_on(timezone.localdate())
            .exclude(kind=AgencyKind.SERVICE_CENTRE)
            .order_by("code")
        )
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _agency_choices(agencies)
        self.suggestion = None if self.is_bound else suggest_next(self.dossier, parallel=True)
        if self.suggestion is not None:
            self._prefill(self.suggestion)

    def _prefill(self, suggestion: Suggestion) -> None:
        if suggestion.agency is not None:
            self.initial.setdefault("agency", str(suggestion.agency.pk))
        due = suggestion.due_at and timezone.localtime(suggestion.due_at).date()
        if due and due > timezone.localdate():  # the form refuses a date that is not ahead
            self.initial.setdefault("due_date", due)

    def clean_due_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["due_date"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("The answer date must be after today."))
        return day

    def payload(self) -> tuple[str, dict[str, Any]]:
        note, data = super().payload()
        data["agency_id"] = int(self.cleaned_data["agency"])
        data["due_at"] = _closing(self.cleaned_data["due_date"])
        return note, data


class AnswerConsultationForm(ActionForm):
    """Record the answer of an agency whose opinion is awaited."""

    agency = forms.ChoiceField(label=gettext_lazy("Agency that answered"))
    note_label = gettext_lazy("Summary of the answer")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        waiting = self.dossier.steps.filter(kind="consultation", ended_at__isnull=True)
        agencies = list(Agency.objects.filter(pk__in=waiting.values("agency_id")))
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _agency_choices(agencies)

    def payload(self) -> tuple[str, dict[str, Any]]:
        note, data = super().payload()
        data["agency_id"] = int(self.cleaned_data["agency"])
        return note, data


class ExtendForm(ActionForm):
    """The apology and extension letter (Form 04): a new due date and the reasons."""

    new_due_date = forms.DateField(
        label=gettext_lazy("New due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note_label = gettext_lazy("Apology and reasons for the delay")

    def payload(self) -> tuple[str, dict[str, Any]]:
        note, data = super().payload()
        data["new_due_at"] = _closing(self.cleaned_data["new_due_date"])
        return note, data


class ReturnResultForm(ActionForm):
    """How the result goes back to the applicant."""

    via = forms.ChoiceField(
        label=gettext_lazy("Result returned"),
        widget=forms.RadioSelect,
        choices=[
            ("counter", gettext_lazy("At the counter")),
            ("post", gettext_lazy("By post")),
            ("online", gettext_lazy("Online")),
        ],
    )

    def payload(self) -> tuple[str, dict[str, Any]]:
        note, data = super().payload()
        data["via"] = self.cleaned_data["via"]
        return note, data


# The events officers take from the back office, each with its form and title.
FORMS: dict[Event, type[ActionForm]] = {
    E.RECEIVE: ActionForm,
    E.REQUEST_INTAKE_SUPPLEMENT: SupplementForm,
    E.REFUSE_AT_INTAKE: ReasonForm,
    E.FORWARD: ForwardForm,
    E.RETURN_TO_STEP: ReturnToStepForm,
    E.REQUEST_SUPPLEMENT: SupplementForm,
    E.PROVIDE_SUPPLEMENT: ActionForm,
    E.REQUEST_OBLIGATION: ObligationForm,
    E.PAY_OBLIGATION: ActionForm,
    E.CONSULT: ConsultForm,
    E.ANSWER_CONSULTATION: AnswerConsultationForm,
    E.APPROVE: ActionForm,
    E.EXTEND: ExtendForm,
    E.STOP: ReasonForm,
    E.REFUSE: ReasonForm,
    E.DECIDE: ActionForm,
    E.RETURN_RESULT: ReturnResultForm,
}
TITLES: dict[Event, Any] = {
    E.RECEIVE: gettext_lazy("Receive the dossier"),
    E.REQUEST_INTAKE_SUPPLEMENT: gettext_lazy("Ask for a supplement before receipt (Form 02)"),
    E.REFUSE_AT_INTAKE: gettext_lazy("Refuse to receive (Form 03)"),
    E.FORWARD: gettext_lazy("Forward to a team"),
    E.RETURN_TO_STEP: gettext_lazy("Return to an earlier step"),
    E.REQUEST_SUPPLEMENT: gettext_lazy("Ask for a supplement"),
    E.PROVIDE_SUPPLEMENT: gettext_lazy("Record the supplement brought to the counter"),
    E.REQUEST_OBLIGATION: gettext_lazy("Ask to pay the financial obligation"),
    E.PAY_OBLIGATION: gettext_lazy("Record an obligation paid elsewhere (State Treasury, bank)"),
    E.CONSULT: gettext_lazy("Consult another agency"),
    E.ANSWER_CONSULTATION: gettext_lazy("Record a consultation answer"),
    E.APPROVE: gettext_lazy("Approve the draft result"),
    E.EXTEND: gettext_lazy("Apologise and extend the due date (Form 04)"),
    E.STOP: gettext_lazy("Stop handling (Form 05)"),
    E.REFUSE: gettext_lazy("Refuse the request"),
    E.DECIDE: gettext_lazy("Sign the result"),
    E.RETURN_RESULT: gettext_lazy("Return the result"),
}
# Events that may go to several dossiers at once; receipt, refusals and supplement requests
# need a look at each dossier's papers and stay one at a time.
BATCH_EVENTS = (E.FORWARD, E.APPROVE, E.RETURN_RESULT)


def form_for(event: Event, dossier: Dossier, user: User, data: Any = None) -> ActionForm:
    return FORMS[event](data, dossier=dossier, user=user, event=event)


def batch_teams(user: User) -> tuple[list[Agency], list[Membership]]:
    """The teams and people a batch may forward to: those under the officer's agencies (for a
    counter, under the agency its centre belongs to). Each dossier's form checks again."""
    mine = list(
        Membership.objects.filter(user=user)
        .in_force_on(timezone.localdate())
        .select_related("agency")
    )
    roots = {
        m.agency.parent_id if m.role == Role.COUNTER_OFFICER and m.agency.parent_id else m.agency_id
        for m in mine
    }
    teams = list(
        Agency.objects.in_force_on(timezone.localdate())
        .filter(pk__in=descendants({r for r in roots if r}))
        .exclude(kind=AgencyKind.SERVICE_CENTRE)
        .order_by("code")
    )
    people = list(
        Membership.objects.in_force_on(timezone.localdate())
        .filter(agency__in=teams, role__in=HANDLING_ROLES)
        .select_related("user", "agency")
        .order_by("agency__code", "user__full_name")
    )
    return teams, people
