"""An online form (tờ khai điện tử) as plain data, and its checks. Pure: no database imports.

A procedure version's form is sections (the tasks of a task list) of pages of questions, as in
the GOV.UK Design System patterns (anchors.md §4.3): a few questions per page, check answers,
a task list for long forms. A question shows only when its condition holds on the answers of
EARLIER pages, so every page renders and validates on the server, without JavaScript.

Answers are JSON values ("wire" values, the same in the web form and the API):
text kinds a string; number an int or a decimal string; money an int (đồng); date "YYYY-MM-DD";
choice a string; multiple a list of strings; yes-no "yes"/"no"; address {"street", "commune"};
group a list of objects; declaration true.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua.accounts.cccd import CccdError, check_cccd, parse_cccd


class Kind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long-text"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"
    CHOICE = "choice"
    MULTIPLE = "multiple"
    YES_NO = "yes-no"
    ADDRESS = "address"
    CCCD = "cccd"
    PHONE = "phone"
    EMAIL = "email"
    GROUP = "group"
    DECLARATION = "declaration"
    EXPLANATION = "explanation"


class Operator(StrEnum):
    EQUALS = "equals"
    NOT_EQUALS = "not-equals"
    INCLUDES = "includes"  # a multiple choice includes the value
    ANSWERED = "answered"
    NOT_ANSWERED = "not-answered"


NO_ANSWER = frozenset({Kind.EXPLANATION})
TEXT_LIMITS = {Kind.TEXT: 200, Kind.LONG_TEXT: 2000}
PHONE_RE = re.compile(r"^0\d{9}$")


@dataclass(frozen=True)
class Condition:
    key: str
    operator: Operator
    value: str = ""

    def holds(self, answers: Mapping[str, Any]) -> bool:
        given = answers.get(self.key)
        if self.operator is Operator.ANSWERED:
            return not _blank(given)
        if self.operator is Operator.NOT_ANSWERED:
            return _blank(given)
        if self.operator is Operator.INCLUDES:
            return isinstance(given, list) and self.value in given
        same = str(given) == self.value if given is not None else False
        return same if self.operator is Operator.EQUALS else not same


@dataclass(frozen=True)
class Question:
    key: str
    kind: Kind
    label: str
    hint: str = ""
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    max_length: int | None = None
    date_rule: str = ""  # "past" or "future"
    relates_to: str = ""  # for a CCCD: the date-of-birth question it must agree with
    prefill: str = ""  # a profile value: full_name, id_number, date_of_birth, ...
    show_if: Condition | None = None
    items: tuple[Question, ...] = ()
    min_items: int = 0
    max_items: int = 10

    def visible(self, answers: Mapping[str, Any]) -> bool:
        return self.show_if is None or self.show_if.holds(answers)

    def choice_label(self, value: str) -> str:
        return dict(self.choices).get(value, value)


@dataclass(frozen=True)
class Page:
    number: int
    title: str
    explanation: str
    questions: tuple[Question, ...]

    def visible_questions(self, answers: Mapping[str, Any]) -> list[Question]:
        return [q for q in self.questions if q.visible(answers)]

    def shown(self, answers: Mapping[str, Any]) -> bool:
        return bool(self.visible_questions(answers))


@dataclass(frozen=True)
class Section:
    title: str
    description: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class Rule:
    """An eligibility rule: when its condition holds, the applicant may not submit."""

    condition: Condition
    message: str


@dataclass(frozen=True)
class Form:
    sections: tuple[Section, ...]
    rules: tuple[Rule, ...] = ()
    _by_key: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for q in self.questions:
            self._by_key[q.key] = q

    @property
    def pages(self) -> list[Page]:
        return [p for s in self.sections for p in s.pages]

    @property
    def questions(self) -> list[Question]:
        return [q for p in self.pages for q in p.questions]

    def page(self, number: int) -> Page | None:
        return next((p for p in self.pages if p.number == number), None)

    def question(self, key: str) -> Question | None:
        return self._by_key.get(key)

    def next_page(self, number: int, answers: Mapping[str, Any]) -> Page | None:
        """The next page after `number` that has a question to show."""
        return next((p for p in self.pages if p.number > number and p.shown(answers)), None)

    def section_of(self, number: int) -> Section | None:
        return next((s for s in self.sections if any(p.number == number for p in s.pages)), None)


@dataclass(frozen=True)
class Context:
    """What checks need from outside: today, and the name of a commune code (None: unknown)."""

    today: dt.date
    commune_name: Callable[[str], str | None] = lambda code: None


Errors = dict[str, str]


def clean_page(
    page: Page, wire: Mapping[str, Any], answers: Mapping[str, Any], ctx: Context
) -> tuple[dict[str, Any], Errors]:
    """Check a page's answers. Return the cleaned values of its visible questions and errors."""
    values: dict[str, Any] = {}
    errors: Errors = {}
    merged = {**answers, **wire}
    for q in page.visible_questions(answers):
        if q.kind in NO_ANSWER:
            continue
        value, error = clean(q, wire.get(q.key), ctx, merged)
        values[q.key] = value
        if error:
            errors[q.key] = error
    return values, errors


def check_all(form: Form, answers: Mapping[str, Any], ctx: Context) -> dict[int, Errors]:
    """Check every shown page against the stored answers: {page number: errors}."""
    problems: dict[int, Errors] = {}
    for page in form.pages:
        if not page.shown(answers):
            continue
        _values, errors = clean_page(page, answers, answers, ctx)
        if errors:
            problems[page.number] = errors
    return problems


def ineligible(form: Form, answers: Mapping[str, Any]) -> list[str]:
    """Messages of the eligibility rules that stop this applicant (démarches-simplifiées)."""
    return [r.message for r in form.rules if r.condition.holds(answers)]


def relevant(form: Form, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers of questions that are shown: a changed answer can hide later questions."""
    kept: dict[str, Any] = {}
    for page in form.pages:
        for q in page.questions:
            if q.key in answers and q.visible(kept):
                kept[q.key] = answers[q.key]
    return kept


def clean(
    q: Question, value: Any, ctx: Context, answers: Mapping[str, Any] | None = None
) -> tuple[Any, str | None]:
    """Return (clean value, None) or (the value as given, an explained error)."""
    if _blank(value):
        if q.required:
            return None, _required_message(q)
        return None, None
    try:
        return CLEANERS[q.kind](q, value, ctx, answers or {}), None
    except Invalid as exc:
        return value, str(exc)


class Invalid(ValueError):
    """A value that does not fit its question; the message says what would."""


def _required_message(q: Question) -> str:
    if q.kind in (Kind.CHOICE, Kind.MULTIPLE, Kind.YES_NO):
        return _("Choose an answer for “%(label)s”.") % {"label": q.label}
    if q.kind is Kind.DECLARATION:
        return _("Tick the box to confirm the declaration.")
    if q.kind is Kind.GROUP:
        return _("Add at least one entry to “%(label)s”.") % {"label": q.label}
    return _("Enter “%(label)s”.") % {"label": q.label}


def _blank(value: Any) -> bool:
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    return False


def _text(q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]) -> str:
    text = str(value).strip()
    limit = q.max_length or TEXT_LIMITS.get(q.kind, 200)
    if len(text) > limit:
        raise Invalid(
            _("“%(label)s” must be %(limit)d characters or fewer (you wrote %(count)d).")
            % {"label": q.label, "limit": limit, "count": len(text)}
        )
    return text


def _decimal(text: str, money: bool) -> Decimal:
    compact = re.sub(r"[\s\u00a0]|đồng|đ|VND", "", text, flags=re.IGNORECASE)
    if money:
        compact = compact.replace(".", "").replace(",", "")
    else:
        compact = compact.replace(",", ".")
    try:
        number = Decimal(compact)
    except InvalidOperation:
        raise Invalid("") from None
    if not number.is_finite():
        raise Invalid("")
    return number


def _number(q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]) -> int | str:
    money = q.kind is Kind.MONEY
    try:
        number = _decimal(str(value), money)
    except Invalid:
        if money:
            raise Invalid(
                _("“%(label)s” must be an amount in đồng, such as 1.500.000.") % {"label": q.label}
            ) from None
        raise Invalid(
            _("“%(label)s” must be a number, such as 12 or 2,5.") % {"label": q.label}
        ) from None
    if money and (number != number.to_integral_value() or number < 0):
        raise Invalid(
            _("“%(label)s” must be a whole, positive amount in đồng.") % {"label": q.label}
        )
    _check_range(q, number)
    if number == number.to_integral_value():
        return int(number)
    return str(number.normalize())


def _check_range(q: Question, number: Decimal) -> None:
    low, high = q.min_value, q.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            message = _("“%(label)s” must be between %(low)s and %(high)s.")
        elif low is not None:
            message = _("“%(label)s” must be %(low)s or more.")
        else:
            message = _("“%(label)s” must be %(high)s or less.")
        raise Invalid(message % {"label": q.label, "low": _plain(low), "high": _plain(high)})


def _plain(number: Decimal | None) -> str:
    return "" if number is None else f"{number.normalize():f}"


def _date(q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]) -> str:
    day = parse_date(value, q.label)
    if q.date_rule == "past" and day > ctx.today:
        raise Invalid(_("“%(label)s” must be today or in the past.") % {"label": q.label})
    if q.date_rule == "future" and day < ctx.today:
        raise Invalid(_("“%(label)s” must be today or in the future.") % {"label": q.label})
    return day.isoformat()


def parse_date(value: Any, label: str) -> dt.date:
    """Read "YYYY-MM-DD" (the wire form; the web form joins day, month and year into it)."""
    parts = str(value).strip().split("-")
    missing = [
        name
        for name, part in zip(
            (_("a year"), _("a month"), _("a day")), parts + [""] * 3, strict=False
        )
        if not part.strip()
    ]
    if len(parts) != 3 or missing:
        raise Invalid(
            _("“%(label)s” must include %(missing)s.")
            % {"label": label, "missing": _(" and ").join(missing or [_("a day")])}
        )
    try:
        year, month, day = (int(p) for p in parts)
        if year < 1000:
            raise ValueError
        return dt.date(year, month, day)
    except ValueError:
        raise Invalid(
            _("“%(label)s” must be a real date, such as 27/3/1990.") % {"label": label}
        ) from None


def _choice(q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]) -> str:
    text = str(value)
    if text not in dict(q.choices):
        raise Invalid(_("Choose one of the answers offered for “%(label)s”.") % {"label": q.label})
    return text


def _multiple(q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]) -> list[str]:
    given = value if isinstance(value, list) else [value]
    allowed = dict(q.choices)
    if any(str(v) not in allowed for v in given):
        raise Invalid(_("Choose among the answers offered for “%(label)s”.") % {"label": q.label})
    return [c for c, _label in q.choices if c in {str(v) for v in given}]


def _yes_no(q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]) -> str:
    text = {"true": "yes", "false": "no"}.get(str(value).lower(), str(value).lower())
    if text not in ("yes", "no"):
        raise Invalid(_("Answer yes or no to “%(label)s”.") % {"label": q.label})
    return text


def _address(q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]) -> dict[str, str]:
    if not isinstance(value, dict):
        raise Invalid(_("“%(label)s” needs a street address and a commune.") % {"label": q.label})
    street = str(value.get("street", "")).strip()
    commune = str(value.get("commune", "")).strip()
    if not street:
        raise Invalid(
            _("Enter the house number and street or hamlet of “%(label)s”.") % {"label": q.label}
        )
    if len(street) > 200:
        raise Invalid(
            _("The street part of “%(label)s” must be 200 characters or fewer.")
            % {"label": q.label}
        )
    name = ctx.commune_name(commune) if commune else None
    if not name:
        raise Invalid(
            _("Choose the commune or ward of “%(label)s” from the list.") % {"label": q.label}
        )
    return {"street": street, "commune": commune, "commune_name": name}


def _cccd(q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]) -> str:
    try:
        number = parse_cccd(str(value)).number
    except CccdError as exc:
        raise Invalid(exc.message) from None
    born = answers.get(q.relates_to) if q.relates_to else None
    if born:
        try:
            birth = parse_date(born, "")
        except Invalid:
            return number
        problems = check_cccd(number, birth_date=birth, today=ctx.today)
        if problems:
            raise Invalid(" ".join(problems))
    return number


def _phone(q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]) -> str:
    compact = re.sub(r"[\s.\-()]", "", str(value))
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    if not PHONE_RE.match(compact):
        raise Invalid(
            _(
                "“%(label)s” must be a phone number of 10 digits starting with 0, "
                "such as 0912 345 678."
            )
            % {"label": q.label}
        )
    return compact


def _email(q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]) -> str:
    text = str(value).strip()
    try:
        validate_email(text)
    except ValidationError:
        raise Invalid(
            _("“%(label)s” must be an email address, such as ten@example.vn.") % {"label": q.label}
        ) from None
    return text.lower()


def _group(
    q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]
) -> list[dict[str, Any]]:
    rows = [r for r in (value if isinstance(value, list) else []) if not _blank(r)]
    if len(rows) < q.min_items:
        raise Invalid(
            _("Add at least %(count)d entries to “%(label)s”.")
            % {"count": q.min_items, "label": q.label}
        )
    if len(rows) > q.max_items:
        raise Invalid(
            _("“%(label)s” takes at most %(count)d entries.")
            % {"count": q.max_items, "label": q.label}
        )
    cleaned = []
    for number, row in enumerate(rows, start=1):
        item: dict[str, Any] = {}
        for sub in q.items:
            got, error = clean(sub, row.get(sub.key) if isinstance(row, dict) else None, ctx, row)
            if error:
                raise Invalid(
                    _("Entry %(number)d of “%(label)s”: %(error)s")
                    % {"number": number, "label": q.label, "error": error}
                )
            item[sub.key] = got
        cleaned.append(item)
    return cleaned


def _declaration(q: Question, value: Any, ctx: Context, answers: Mapping[str, Any]) -> bool:
    if value not in (True, "yes", "on", "true", "1"):
        raise Invalid(_("Tick the box to confirm the declaration."))
    return True


CLEANERS: dict[Kind, Callable[[Question, Any, Context, Mapping[str, Any]], Any]] = {
    Kind.TEXT: _text,
    Kind.LONG_TEXT: _text,
    Kind.NUMBER: _number,
    Kind.MONEY: _number,
    Kind.DATE: _date,
    Kind.CHOICE: _choice,
    Kind.MULTIPLE: _multiple,
    Kind.YES_NO: _yes_no,
    Kind.ADDRESS: _address,
    Kind.CCCD: _cccd,
    Kind.PHONE: _phone,
    Kind.EMAIL: _email,
    Kind.GROUP: _group,
    Kind.DECLARATION: _declaration,
}


def shown_value(q: Question, value: Any) -> str:
    """An answer as the check-answers page and the dossier show it."""
    if _blank(value):
        return ""
    if q.kind is Kind.DATE:
        day = dt.date.fromisoformat(str(value))
        return f"{day.day}/{day.month}/{day.year}"
    if q.kind is Kind.MONEY:
        return f"{int(value):,}".replace(",", ".") + " đồng"
    if q.kind is Kind.CHOICE:
        return q.choice_label(str(value))
    if q.kind is Kind.MULTIPLE:
        return "; ".join(q.choice_label(str(v)) for v in value)
    if q.kind is Kind.YES_NO:
        return _("Yes") if value == "yes" else _("No")
    if q.kind is Kind.ADDRESS:
        return ", ".join(v for v in (value.get("street"), value.get("commune_name")) if v)
    if q.kind is Kind.DECLARATION:
        return _("Confirmed")
    if q.kind is Kind.GROUP:
        return "\n".join(
            "; ".join(
                f"{s.label}: {shown_value(s, row.get(s.key))}"
                for s in q.items
                if not _blank(row.get(s.key))
            )
            for row in value
        )
    return str(value)


def problems(form: Form) -> list[str]:
    """What is wrong with a definition: duplicate keys, conditions on later or unknown
    questions (a condition may only look back, so pages render without JavaScript)."""
    found: list[str] = []
    seen: set[str] = set()
    for page in form.pages:
        for q in page.questions:
            if q.key in seen:
                found.append(_("The key “%(key)s” is used twice.") % {"key": q.key})
            if q.show_if and q.show_if.key not in seen:
                found.append(
                    _("“%(key)s” depends on “%(other)s”, which must be asked on an earlier page.")
                    % {"key": q.key, "other": q.show_if.key}
                )
            if q.relates_to and q.relates_to not in seen | {q.key}:
                found.append(
                    _("“%(key)s” is checked against “%(other)s”, which must be asked before it.")
                    % {"key": q.key, "other": q.relates_to}
                )
        seen |= {q.key for q in page.questions}
    found += [
        _("An eligibility rule refers to “%(key)s”, which is not a question.")
        % {"key": r.condition.key}
        for r in form.rules
        if r.condition.key not in seen
    ]
    return found


def clean_all(form: Form, wire: Mapping[str, Any], ctx: Context) -> tuple[dict[str, Any], Errors]:
    """Check a whole set of answers at once (the API), page by page, as the web form would."""
    answers: dict[str, Any] = {}
    errors: Errors = {}
    for page in form.pages:
        if not page.shown(answers):
            continue
        values, found = clean_page(page, wire, answers, ctx)
        answers.update({k: v for k, v in values.items() if k not in found})
        errors.update(found)
    errors.update(
        {
            key: _("“%(key)s” is not a question of this form.") % {"key": key}
            for key in wire
            if form.question(key) is None
        }
    )
    return answers, errors
