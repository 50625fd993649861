"""What the internal process suggests for a dossier's next hand-over: the step, its team, the
role that does it and when it is due. The officer may change any of it.

The forward form asks for the next sequential step, the consult form for the next parallel
(inter-agency) step whose agency was not consulted yet. The due time counts the step's budget
from now (budgets.py), and never goes past the dossier's own due date while that is ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.agencies.models import Agency
from motcua.deadlines.provider import get_calendar
from motcua.dossiers.models import Dossier

from .budgets import step_due
from .choices import TeamKind
from .models import Process, ProcessStep
from .routing import DossierFacts, current_index, fits


@dataclass(frozen=True)
class Suggestion:
    step: ProcessStep
    agency: Agency | None
    assignee_role: str
    due_at: dt.datetime | None


def process_of(dossier: Dossier) -> Process | None:
    return (
        Process.objects.filter(procedure_version_id=dossier.procedure_version_id)
        .prefetch_related("steps__routing_rules__agency", "steps__agency")
        .first()
    )


def facts_of(dossier: Dossier) -> DossierFacts:
    commune = dossier.applicant_commune
    return DossierFacts(
        sector_code=dossier.procedure_version.sector.code,
        commune_code=commune.code if commune else "",
        answers=dossier.answers or {},
    )


def team_for(step: ProcessStep, dossier: Dossier, facts: DossierFacts) -> Agency | None:
    """The agency of the first routing rule that fits, else the step's own team."""
    for rule in step.routing_rules.all():
        if fits(rule.condition, rule.value, facts, rule.answer_key):
            return rule.agency
    if step.team == TeamKind.FIXED:
        return step.agency
    if step.team == TeamKind.RECEIVING:
        return dossier.receiving_unit
    if step.team == TeamKind.DEPARTMENT:
        return (
            Agency.objects.in_force_on(timezone.localdate())
            .filter(parent_id=dossier.competent_agency_id, kind=step.department_kind)
            .order_by("code")
            .first()
        )
    return dossier.competent_agency


def next_step(
    dossier: Dossier, steps: list[ProcessStep], facts: DossierFacts, parallel: bool
) -> tuple[ProcessStep, Agency | None] | None:
    if parallel:
        consulted = set(
            dossier.steps.filter(kind="consultation").values_list("agency_id", flat=True)
        )
        for step in (s for s in steps if s.parallel):
            agency = team_for(step, dossier, facts)
            if agency is None or agency.pk not in consulted:
                return step, agency
        return None
    sequential = [s for s in steps if not s.parallel]
    results = list(
        dossier.steps.filter(kind="handling").order_by("number").values_list("result", flat=True)
    )
    starts_at_counter = bool(sequential) and sequential[0].role == Role.COUNTER_OFFICER
    index = current_index(results, starts_at_counter) + 1
    if index >= len(sequential):
        return None
    return sequential[index], team_for(sequential[index], dossier, facts)


def due_time(dossier: Dossier, step: ProcessStep, now: dt.datetime) -> dt.datetime | None:
    unit = dossier.procedure_version.time_limit_unit
    if not unit:
        return None
    due = step_due(now, step.budget, unit, get_calendar())
    legal = dossier.due_at
    if legal is not None and now < legal < due:
        return timezone.localtime(legal)
    return due


def suggest_next(
    dossier: Dossier, *, parallel: bool = False, now: dt.datetime | None = None
) -> Suggestion | None:
    """The process's suggestion for the dossier's next step, or None (no process, or no step
    left)."""
    process = process_of(dossier)
    if process is None:
        return None
    found = next_step(dossier, list(process.steps.all()), facts_of(dossier), parallel)
    if found is None:
        return None
    step, agency = found
    return Suggestion(
        step=step,
        agency=agency,
        assignee_role=step.role,
        due_at=due_time(dossier, step, now or timezone.now()),
    )
