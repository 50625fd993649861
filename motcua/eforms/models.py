"""Form definitions as rows that editors build in the admin, one per procedure version.

A definition is sections (tasks) of pages of questions; a question of kind "group" has item
questions (its `parent`). loader.py turns the rows into the pure schema (schema.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcedureVersion
from motcua.lib import versions

from .schema import Kind, Operator

FORMS_VERSION = "eforms"
KIND_CHOICES = [
    (Kind.TEXT, _("Text")),
    (Kind.LONG_TEXT, _("Long text")),
    (Kind.NUMBER, _("Number")),
    (Kind.MONEY, _("Money (đồng)")),
    (Kind.DATE, _("Date")),
    (Kind.CHOICE, _("One choice")),
    (Kind.MULTIPLE, _("Several choices")),
    (Kind.YES_NO, _("Yes or no")),
    (Kind.ADDRESS, _("Address with commune")),
    (Kind.CCCD, _("Personal ID number (CCCD)")),
    (Kind.PHONE, _("Phone")),
    (Kind.EMAIL, _("Email")),
    (Kind.GROUP, _("Repeatable group")),
    (Kind.DECLARATION, _("Declaration to confirm")),
    (Kind.EXPLANATION, _("Heading with explanation")),
]
OPERATOR_CHOICES = [
    (Operator.EQUALS, _("equals")),
    (Operator.NOT_EQUALS, _("does not equal")),
    (Operator.INCLUDES, _("includes")),
    (Operator.ANSWERED, _("is answered")),
    (Operator.NOT_ANSWERED, _("is not answered")),
]
PREFILL_CHOICES = [
    ("full_name", _("Full name")),
    ("id_number", _("Personal ID number")),
    ("date_of_birth", _("Date of birth")),
    ("sex", _("Sex")),
    ("phone", _("Phone")),
    ("email", _("Email")),
    ("address", _("Address")),
]
key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$", _("Use lower-case letters, digits and _ (e.g. ho_ten).")
)


def forms_changed() -> None:
    """Every process drops its loaded forms once the current transaction commits."""
    transaction.on_commit(lambda: versions.bump(FORMS_VERSION))


class FormRow(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        forms_changed()

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        forms_changed()
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]


class FormDefinition(FormRow):
    """The online form of one procedure version (tờ khai điện tử)."""

    procedure_version = models.OneToOneField(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="form",
        verbose_name=_("procedure version"),
    )
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the task list.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("form definition")
        verbose_name_plural = _("form definitions")

    def __str__(self) -> str:
        return str(self.procedure_version)


class FormSection(FormRow):
    """A task of the task list: a group of pages, such as "Người đăng ký" or "Chỗ ở"."""

    form = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("form section")
        verbose_name_plural = _("form sections")
        ordering = ["form_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class FormPage(FormRow):
    """One page: a heading and a few questions (GOV.UK "question pages")."""

    section = models.ForeignKey(FormSection, on_delete=models.CASCADE, related_name="pages")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("heading"), max_length=200)
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("form page")
        verbose_name_plural = _("form pages")
        ordering = ["section__form_id", "section__position", "position", "id"]

    def __str__(self) -> str:
        return f"{self.section.title} › {self.title}"


class FormQuestion(FormRow):
    page = models.ForeignKey(
        FormPage, on_delete=models.CASCADE, related_name="questions", null=True, blank=True
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        related_name="items",
        null=True,
        blank=True,
        verbose_name=_("group"),
        help_text=_("For a question asked for each entry of a group."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.CharField(_("key"), max_length=40, validators=[key_validator])
    kind = models.CharField(_("kind"), max_length=12, choices=KIND_CHOICES)
    label = models.CharField(_("question"), max_length=300)
    hint = models.TextField(_("hint"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(
        _("answers offered"), blank=True, help_text=_("One per line: value|label.")
    )
    min_value = models.DecimalField(
        _("minimum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    date_rule = models.CharField(
        _("date must be"),
        max_length=8,
        blank=True,
        choices=[("past", _("today or in the past")), ("future", _("today or in the future"))],
    )
    relates_to = models.CharField(
        _("date of birth question"),
        max_length=40,
        blank=True,
        help_text=_("For a CCCD: the key of the date of birth it must agree with."),
    )
    prefill = models.CharField(
        _("pre-fill from the profile"), max_length=20, blank=True, choices=PREFILL_CHOICES
    )
    show_if_key = models.CharField(_("show only if question"), max_length=40, blank=True)
    show_if_operator = models.CharField(
        _("condition"), max_length=14, blank=True, choices=OPERATOR_CHOICES
    )
    show_if_value = models.CharField(_("value"), max_length=100, blank=True)
    min_items = models.PositiveSmallIntegerField(_("fewest entries"), default=0)
    max_items = models.PositiveSmallIntegerField(_("most entries"), default=10)

    class Meta:
        verbose_name = _("form question")
        verbose_name_plural = _("form questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.key}: {self.label[:60]}"

    def choice_pairs(self) -> tuple[tuple[str, str], ...]:
        pairs = []
        for line in self.choices.splitlines():
            if line.strip():
                value, _sep, label = line.partition("|")
                pairs.append((value.strip(), (label or value).strip()))
        return tuple(pairs)

    def clean(self) -> None:
        if (self.page_id is None) == (self.parent_id is None):
            raise ValidationError(_("A question belongs either to a page or to a group."))
        if self.kind in (Kind.CHOICE, Kind.MULTIPLE) and not self.choice_pairs():
            raise ValidationError({"choices": _("Give the answers offered, one per line.")})
        if bool(self.show_if_key) != bool(self.show_if_operator):
            raise ValidationError(
                {"show_if_operator": _("A condition needs a question and an operator.")}
            )


class EligibilityRule(FormRow):
    """When the condition holds, submission stops with the message (who may not apply)."""

    form = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.CharField(_("question"), max_length=40)
    operator = models.CharField(_("condition"), max_length=14, choices=OPERATOR_CHOICES)
    value = models.CharField(_("value"), max_length=100, blank=True)
    message = models.TextField(_("message to the applicant"))

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["form_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.key} {self.operator} {self.value}"
