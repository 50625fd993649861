"""Rows → the pure form schema, kept in memory per process until a form changes."""

from __future__ import annotations

from typing import Any

from motcua.catalog.models import ProcedureVersion
from motcua.lib import versions

from . import schema
from .models import FORMS_VERSION, EligibilityRule, FormDefinition, FormPage, FormQuestion

_loaded: dict[int, tuple[str, schema.Form | None]] = {}


def form_for(version: ProcedureVersion) -> schema.Form | None:
    """The form of a procedure version, or None when it has no online form."""
    token = versions.current(FORMS_VERSION)
    cached = _loaded.get(version.pk)
    if cached and cached[0] == token:
        return cached[1]
    definition = FormDefinition.objects.filter(procedure_version=version).first()
    form = build(definition) if definition else None
    _loaded[version.pk] = (token, form)
    return form


def build(definition: FormDefinition) -> schema.Form:
    pages = FormPage.objects.filter(section__form=definition).select_related("section")
    questions = list(FormQuestion.objects.filter(page__section__form=definition))
    items = list(FormQuestion.objects.filter(parent__page__section__form=definition))
    by_page: dict[int, list[FormQuestion]] = {}
    for q in questions:
        by_page.setdefault(q.page_id or 0, []).append(q)
    by_group: dict[int, list[FormQuestion]] = {}
    for q in items:
        by_group.setdefault(q.parent_id or 0, []).append(q)
    sections: list[schema.Section] = []
    number = 0
    for section in definition.sections.all():
        built = []
        for page in (p for p in pages if p.section_id == section.pk):
            number += 1
            qs = tuple(_question(q, by_group) for q in by_page.get(page.pk, []))
            built.append(schema.Page(number, page.title, page.explanation, qs))
        sections.append(schema.Section(section.title, section.description, tuple(built)))
    rules = tuple(
        schema.Rule(schema.Condition(r.key, schema.Operator(r.operator), r.value), r.message)
        for r in EligibilityRule.objects.filter(form=definition)
    )
    return schema.Form(tuple(sections), rules)


def _question(row: FormQuestion, by_group: dict[int, list[FormQuestion]]) -> schema.Question:
    condition = None
    if row.show_if_key and row.show_if_operator:
        condition = schema.Condition(
            row.show_if_key, schema.Operator(row.show_if_operator), row.show_if_value
        )
    return schema.Question(
        key=row.key,
        kind=schema.Kind(row.kind),
        label=row.label,
        hint=row.hint,
        required=row.required,
        choices=row.choice_pairs(),
        min_value=row.min_value,
        max_value=row.max_value,
        max_length=row.max_length,
        date_rule=row.date_rule,
        relates_to=row.relates_to,
        prefill=row.prefill,
        show_if=condition,
        items=tuple(_question(i, by_group) for i in by_group.get(row.pk, [])),
        min_items=row.min_items,
        max_items=row.max_items,
    )


QUESTION_FIELDS = (
    "key",
    "kind",
    "label",
    "hint",
    "required",
    "choices",
    "min_value",
    "max_value",
    "max_length",
    "date_rule",
    "relates_to",
    "prefill",
    "show_if_key",
    "show_if_operator",
    "show_if_value",
    "min_items",
    "max_items",
)


def import_definition(version: ProcedureVersion, data: dict[str, Any]) -> FormDefinition:
    """Replace the version's form with the JSON shape of data/demo-forms.json."""
    FormDefinition.objects.filter(procedure_version=version).delete()
    definition = FormDefinition.objects.create(
        procedure_version=version, intro=data.get("intro", "")
    )
    for s_pos, s in enumerate(data["sections"]):
        section = definition.sections.create(
            position=s_pos, title=s["title"], description=s.get("description", "")
        )
        for p_pos, p in enumerate(s["pages"]):
            page = section.pages.create(
                position=p_pos, title=p["title"], explanation=p.get("explanation", "")
            )
            for q_pos, q in enumerate(p["questions"]):
                _create_question(q, q_pos, page=page)
    for r_pos, r in enumerate(data.get("rules", [])):
        definition.rules.create(
            position=r_pos,
            key=r["key"],
            operator=r["operator"],
            value=r.get("value", ""),
            message=r["message"],
        )
    return definition


def _create_question(
    data: dict[str, Any],
    position: int,
    *,
    page: FormPage | None = None,
    parent: FormQuestion | None = None,
) -> None:
    fields = {k: v for k, v in data.items() if k in QUESTION_FIELDS}
    if isinstance(fields.get("choices"), list):
        fields["choices"] = "\n".join(f"{v}|{label}" for v, label in fields["choices"])
    row = FormQuestion(page=page, parent=parent, position=position, **fields)
    row.full_clean(exclude=["page", "parent"])
    row.save()
    for i_pos, item in enumerate(data.get("items", [])):
        _create_question(item, i_pos, parent=row)
