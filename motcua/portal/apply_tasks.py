"""The task list of a draft (GOV.UK "complete multiple tasks"): a status for each part."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.eforms import schema
from motcua.submissions import drafts
from motcua.submissions.models import Draft
from motcua.submissions.submit import problems_of

STATUS_LABELS = {
    "completed": gettext_lazy("Completed"),
    "in-progress": gettext_lazy("In progress"),
    "not-started": gettext_lazy("Not yet started"),
    "cannot-start": gettext_lazy("Cannot start yet"),
    "problem": gettext_lazy("There is a problem"),
}


@dataclass(frozen=True)
class Task:
    title: str
    status: str
    url: str | None
    hint: str = ""

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def task_list_of(draft: Draft, form: schema.Form | None) -> list[Task]:
    tasks = [_agency_task(draft)]
    problems = problems_of(draft)
    if form is not None:
        sections = [_section_task(draft, form, s, problems.pages) for s in form.sections]
        tasks += [t for t in sections if t is not None]
    tasks.append(_papers_task(draft))
    done = all(t.status == "completed" for t in tasks)
    check_url = reverse("portal:draft-check", args=[draft.pk])
    tasks.append(
        Task(
            _("Check your answers and submit"),
            "not-started" if done else "cannot-start",
            check_url if done else None,
        )
    )
    return tasks


def _agency_task(draft: Draft) -> Task:
    url = reverse("portal:draft-agency", args=[draft.pk])
    if draft.competent_agency is not None:
        return Task(_("Where to submit"), "completed", url, draft.competent_agency.name)
    return Task(_("Where to submit"), "not-started", url)


def _section_task(
    draft: Draft, form: schema.Form, section: schema.Section, errors: dict[int, schema.Errors]
) -> Task | None:
    shown = [p for p in section.pages if p.shown(draft.answers)]
    if not shown:
        return None
    visited = [p for p in shown if p.number in draft.visited]
    wrong = [p for p in visited if p.number in errors]
    todo = next((p for p in shown if p.number not in draft.visited or p.number in errors), shown[0])
    url = reverse("portal:draft-page", args=[draft.pk, todo.number])
    if wrong:
        status = "problem"
    elif not visited:
        status = "not-started"
    elif len(visited) < len(shown):
        status = "in-progress"
    else:
        status = "completed"
    return Task(section.title, status, url, section.description)


def _papers_task(draft: Draft) -> Task:
    url = reverse("portal:draft-papers", args=[draft.pk])
    slots = drafts.slots(draft)
    if drafts.cases(draft.procedure_version) and not draft.case_group:
        return Task(_("Papers"), "not-started", url)
    attached = any(s.papers for s in slots)
    if all(not s.missing for s in slots):
        return Task(_("Papers"), "completed", url)
    return Task(_("Papers"), "in-progress" if attached else "not-started", url)
