"""Editors build forms here without code: a definition's sections, their pages, each page's
questions, and the eligibility rules. Saving a definition lists what is wrong with it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import schema
from .loader import build
from .models import EligibilityRule, FormDefinition, FormPage, FormQuestion, FormSection


class SectionInline(admin.TabularInline):
    model = FormSection
    extra = 0
    show_change_link = True


class RuleInline(admin.TabularInline):
    model = EligibilityRule
    extra = 0


class PageInline(admin.TabularInline):
    model = FormPage
    extra = 0
    show_change_link = True


class QuestionInline(admin.StackedInline):
    model = FormQuestion
    fk_name = "page"
    extra = 0
    show_change_link = True
    fields = [
        ("position", "key", "kind", "required"),
        "label",
        "hint",
        "choices",
        ("min_value", "max_value", "max_length", "date_rule"),
        ("relates_to", "prefill"),
        ("show_if_key", "show_if_operator", "show_if_value"),
        ("min_items", "max_items"),
    ]


class ItemInline(QuestionInline):
    fk_name = "parent"
    verbose_name = _("question of each entry")
    verbose_name_plural = _("questions of each entry")


@admin.register(FormDefinition)
class FormDefinitionAdmin(admin.ModelAdmin):
    list_display = ["procedure_version", "updated_at"]
    search_fields = ["procedure_version__procedure__code", "procedure_version__name"]
    autocomplete_fields = ["procedure_version"]
    inlines = [SectionInline, RuleInline]

    def save_related(
        self, request: HttpRequest, form: object, formsets: object, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[arg-type]
        report_problems(request, form.instance)  # type: ignore[attr-defined]


@admin.register(FormSection)
class FormSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "form", "position"]
    inlines = [PageInline]


@admin.register(FormPage)
class FormPageAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "position"]
    inlines = [QuestionInline]

    def save_related(
        self, request: HttpRequest, form: object, formsets: object, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[arg-type]
        report_problems(request, form.instance.section.form)  # type: ignore[attr-defined]


@admin.register(FormQuestion)
class FormQuestionAdmin(admin.ModelAdmin):
    list_display = ["key", "label", "kind", "page", "parent"]
    list_filter = ["kind"]
    search_fields = ["key", "label"]
    inlines = [ItemInline]


def report_problems(request: HttpRequest, definition: FormDefinition) -> None:
    for problem in schema.problems(build(definition)):
        messages.warning(request, problem)
