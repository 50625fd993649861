"""The catalog exchange format: which fields a version, a paper and a fee line carry.

One table drives the JSON and Excel readers, the validation and the exporters, so the formats
cannot drift apart. ADR 0007 describes the format for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices

from .choices import (
    FeeBasis,
    FeeChannel,
    FeeKind,
    LimitUnit,
    OnlineLevel,
    PaperForm,
    ProcedureLevel,
    ResultType,
)

TEXT = "text"
INT = "int"
BOOL = "bool"
DATE = "date"
ENUM = "enum"
CODES = "codes"  # short identifiers; "; "-separated in Excel
TEXTS = "texts"  # free-text list; JSON text in Excel, or one item per line
TIERS = "tiers"  # [{"from_page": 3, "amount": 1000}]; JSON text in Excel

LIST_KINDS = (CODES, TEXTS, TIERS)


@dataclass(frozen=True)
class Field:
    """One key of the format: its kind, whether it is required, and its default."""

    name: str
    kind: str
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    minimum: int = 0

    def empty(self) -> object:
        """Return the value of an absent or blank cell (a fresh list for list kinds)."""
        return [] if self.kind in LIST_KINDS else self.default


def _choices(enum: type[TextChoices], blank: bool = False) -> tuple[str, ...]:
    return (("",) if blank else ()) + tuple(str(value) for value in enum.values)


VERSION_FIELDS: tuple[Field, ...] = (
    Field("number", INT, required=True, minimum=1),
    Field("valid_from", DATE, required=True),
    Field("valid_until", DATE),
    Field("name", TEXT, required=True, max_length=500),
    Field("sector", TEXT, required=True, max_length=150),
    Field("level", ENUM, required=True, choices=_choices(ProcedureLevel)),
    Field("competent_authority", TEXT, default="", max_length=300),
    Field("implementing_agencies", CODES),
    Field("target_subjects", TEXT, default="", max_length=300),
    Field("online_level", ENUM, default=OnlineLevel.NONE.value, choices=_choices(OnlineLevel)),
    Field("full_online_possible", BOOL, default=False),
    Field("time_limit", INT),
    Field("time_limit_unit", ENUM, default="", choices=_choices(LimitUnit, blank=True)),
    Field("time_limit_note", TEXT, default=""),
    Field("result_type", ENUM, default=ResultType.DOCUMENT.value, choices=_choices(ResultType)),
    Field("result_name", TEXT, default="", max_length=300),
    Field("legal_basis", TEXTS),
    Field("steps", TEXT, default=""),
    Field("published_decision_on", DATE),
    Field("legal_basis_effective_on", DATE),
    Field("published_national_on", DATE),
    Field("unconfirmed", TEXTS),
    Field("note", TEXT, default=""),
    Field("sources", TEXTS),
)

DOCUMENT_FIELDS: tuple[Field, ...] = (
    Field("name", TEXT, required=True),
    Field("form", ENUM, default=PaperForm.ORIGINAL.value, choices=_choices(PaperForm)),
    Field("count", INT, default=1, minimum=1),
    Field("mandatory", BOOL, default=True),
    Field("reusable", BOOL, default=False),
    Field("file_types", CODES),
    Field("group", TEXT, default="", max_length=200),
    Field("note", TEXT, default=""),
)

FEE_FIELDS: tuple[Field, ...] = (
    Field("name", TEXT, required=True, max_length=300),
    Field("kind", ENUM, default=FeeKind.CHARGE.value, choices=_choices(FeeKind)),
    Field("basis", ENUM, default=FeeBasis.FIXED.value, choices=_choices(FeeBasis)),
    Field("channel", ENUM, default=FeeChannel.ANY.value, choices=_choices(FeeChannel)),
    Field("case", TEXT, default="", max_length=200),
    Field("amount", INT),
    Field("tiers", TIERS),
    Field("cap_per_copy", INT),
    Field("description", TEXT, default=""),
    Field("exemptions", TEXT, default=""),
    Field("confirmed", BOOL, default=True),
)

# Excel sheets: one row per version, per paper and per fee line; papers and fees name their
# version by procedure code and version number, and keep the order of their rows.
PROCEDURES_SHEET = "procedures"
DOCUMENTS_SHEET = "documents"
FEES_SHEET = "fees"
KEY_COLUMNS = ("code", "number")
SHEETS: dict[str, tuple[str, ...]] = {
    PROCEDURES_SHEET: ("code",) + tuple(field.name for field in VERSION_FIELDS),
    DOCUMENTS_SHEET: KEY_COLUMNS + tuple(field.name for field in DOCUMENT_FIELDS),
    FEES_SHEET: KEY_COLUMNS + tuple(field.name for field in FEE_FIELDS),
}

# What an `unconfirmed` entry may name, as its first word: "fees (reason)", "time_limit".
FLAGGABLE = frozenset(field.name for field in VERSION_FIELDS) | {"documents", "fees"}
