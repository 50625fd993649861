"""Internal processes in the admin: a process with its steps inline, the routing rules inline on
a step, and a warning (not a refusal) when the budgets do not add up to the legal limit."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .budgets import BudgetCheck, Verdict
from .models import Process, ProcessStep, RoutingRule

UNIT_WORDS = {"working_days": _("working days"), "working_hours": _("working hours")}


def budget_warning(check: BudgetCheck) -> str | None:
    """The warning to show for a budget check, or None when the budgets fit."""
    if check.fits:
        return None
    words = {
        "total": f"{check.total.normalize():f}",
        "limit": check.limit,
        "unit": UNIT_WORDS.get(check.unit, check.unit),
    }
    if check.verdict is Verdict.OVER:
        return (
            gettext(
                "The steps' budgets add up to %(total)s %(unit)s, more than the legal "
                "time limit of %(limit)s %(unit)s. The process was saved; please "
                "shorten some steps."
            )
            % words
        )
    return (
        gettext(
            "The steps' budgets add up to %(total)s %(unit)s, less than the legal time "
            "limit of %(limit)s %(unit)s. The process was saved; please check that no "
            "step was forgotten."
        )
        % words
    )


def summary(check: BudgetCheck) -> str:
    """A short text for the list, e.g. "7 / 7 working days — adds up"."""
    unit = UNIT_WORDS.get(check.unit, check.unit)
    total = f"{check.total.normalize():f}"
    if check.verdict is Verdict.NOT_COMPARABLE:
        return gettext("%(total)s %(unit)s — cannot be compared with the limit") % {
            "total": total,
            "unit": unit,
        }
    verdict = {
        Verdict.EQUAL: gettext("adds up"),
        Verdict.UNDER: gettext("less than the limit"),
        Verdict.OVER: gettext("more than the limit"),
    }[check.verdict]
    return f"{total} / {check.limit} {unit} — {verdict}"


def warn_about_budgets(request: HttpRequest, process: Process) -> None:
    warning = budget_warning(process.budget_check())
    if warning:
        messages.warning(request, warning)


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    extra = 1
    fields = ["position", "name", "role", "team", "department_kind", "agency", "budget", "parallel"]
    autocomplete_fields = ["agency"]
    show_change_link = True  # the step's page holds its routing rules


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["procedure_version", "approved_by", "budgets", "updated_at"]
    search_fields = ["procedure_version__procedure__code", "procedure_version__name"]
    autocomplete_fields = ["procedure_version"]
    inlines = [ProcessStepInline]

    @admin.display(description=_("budgets"))
    def budgets(self, obj: Process) -> str:
        return summary(obj.budget_check())

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        warn_about_budgets(request, form.instance)


class RoutingRuleInline(admin.TabularInline):
    model = RoutingRule
    extra = 1
    fields = ["position", "condition", "answer_key", "value", "agency"]
    autocomplete_fields = ["agency"]


@admin.register(ProcessStep)
class ProcessStepAdmin(admin.ModelAdmin):
    list_display = ["__str__", "process", "role", "team", "budget", "parallel"]
    list_filter = ["role", "parallel"]
    search_fields = ["name", "process__procedure_version__procedure__code"]
    autocomplete_fields = ["agency"]
    inlines = [RoutingRuleInline]

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        warn_about_budgets(request, form.instance.process)

    def get_model_perms(self, request: HttpRequest) -> dict[str, Any]:
        # Steps are reached from their process; the index lists processes only.
        return {}
