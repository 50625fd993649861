"""Fee and charge arithmetic of a procedure version, without the database.

Rules, one sentence each:

- A line applies when its channel is "any" or the chosen channel ("online" or "in-person"),
  and its `case` is the applicant's case (blank = the ordinary case). Residence procedures
  charge less online (1.004222: 20,000 đ in person, 10,000 đ online; Circular 75/2022/TT-BTC
  as amended by Circular 71/2025/TT-BTC), so only the chosen channel's line is charged.
- "fixed" and "local" lines charge `amount` once per dossier; "local" means the provincial
  People's Council sets the amount, which stays unknown until a resolution is entered.
- "per-copy" lines charge `amount` for each copy; "per-person" lines for each person.
- "per-page" lines charge `amount` for each page up to the first tier, then each tier's amount
  from its `from_page`, capped per copy by `cap_per_copy`, for each copy. Certification of
  copies (2.000815, Circular 226/2016/TT-BTC): 2,000 đ per page for pages 1-2, 1,000 đ per page
  from page 3, at most 200,000 đ per copy, pages counted on the original.
- An exempt applicant pays 0 on every line (the exemptions text says who is exempt).
- A line without an amount makes the total unknown (None): a wrong number on a receipt is
  worse than "to be confirmed".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ONLINE = "online"
IN_PERSON = "in-person"
ANY = "any"
CHANNELS = (ONLINE, IN_PERSON)

FIXED = "fixed"
LOCAL = "local"
PER_PAGE = "per-page"
PER_COPY = "per-copy"
PER_PERSON = "per-person"
BASES = (FIXED, LOCAL, PER_PAGE, PER_COPY, PER_PERSON)

# Keys of one `DanhSachPhiLePhi` item sent to the national portal. TenPhiLePhi, MaPhiLePhi and
# Gia appear in two independent integrations and in the Decision 766 formula document (domain.md
# §2.1 [S16]); these two were seen in one vendor guide only [S34c] or in the procedure database
# rather than the dossier sync, so they are UNCONFIRMED.
UNCONFIRMED_NATIONAL_KEYS = frozenset({"HinhThucThu", "MoTa"})
# HinhThucThu per the vendor guide: 1 = at receipt, 2 = at supplement, 4 = at return.
COLLECTED_AT_RECEIPT = "1"


@dataclass(frozen=True)
class Tier:
    """From page `from_page` on, each page costs `amount` đồng."""

    from_page: int
    amount: int

    def __post_init__(self) -> None:
        if self.from_page < 2 or self.amount < 0:
            raise ValueError(f"A tier starts at page 2 or later with an amount >= 0: {self}")


@dataclass(frozen=True)
class FeeLine:
    """One charge (lệ phí) or fee (phí) of a procedure version, in đồng."""

    name: str
    kind: str = "le-phi"
    basis: str = FIXED
    channel: str = ANY
    amount: int | None = None
    tiers: tuple[Tier, ...] = ()
    cap_per_copy: int | None = None
    confirmed: bool = True
    case: str = ""
    code: str = ""
    description: str = ""


@dataclass(frozen=True)
class LineAmount:
    """What one applicable line costs, or None when its amount is unknown."""

    line: FeeLine
    amount: int | None


@dataclass(frozen=True)
class FeeResult:
    """The total (None when any applicable line is unknown) and the per-line breakdown.

    `confirmed` is False when an applicable, charged line was not confirmed by a source.
    """

    total: int | None
    lines: tuple[LineAmount, ...]
    confirmed: bool

    @property
    def is_known(self) -> bool:
        return self.total is not None


def applicable_lines(lines: Iterable[FeeLine], channel: str, case: str = "") -> list[FeeLine]:
    """Return the lines charged for `channel` and `case`, in their order."""
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}, not {channel!r}")
    return [line for line in lines if line.channel in (ANY, channel) and line.case == case]


def page_amount(line: FeeLine, pages: int) -> int | None:
    """Return the cost of one copy of `pages` pages under a per-page line, capped."""
    if line.amount is None:
        return None
    steps = [(1, line.amount)] + [
        (t.from_page, t.amount) for t in sorted(line.tiers, key=lambda tier: tier.from_page)
    ]
    total = 0
    for index, (start, price) in enumerate(steps):
        end = steps[index + 1][0] - 1 if index + 1 < len(steps) else pages
        counted = min(end, pages) - start + 1
        if counted > 0:
            total += counted * price
    if line.cap_per_copy is not None:
        total = min(total, line.cap_per_copy)
    return total


def line_amount(line: FeeLine, *, pages: int = 1, copies: int = 1, persons: int = 1) -> int | None:
    """Return what `line` costs for the given pages, copies and persons, or None if unknown."""
    if line.basis not in BASES:
        raise ValueError(f"unknown fee basis {line.basis!r}")
    if line.amount is None:
        return None
    if line.basis == PER_PAGE:
        per_copy = page_amount(line, pages)
        return None if per_copy is None else per_copy * copies
    if line.basis == PER_COPY:
        return line.amount * copies
    if line.basis == PER_PERSON:
        return line.amount * persons
    return line.amount


def compute_fees(
    lines: Iterable[FeeLine],
    channel: str,
    *,
    pages: int = 1,
    copies: int = 1,
    persons: int = 1,
    exempt: bool = False,
    case: str = "",
) -> FeeResult:
    """Return the fees due for a dossier sent through `channel` (see the module docstring)."""
    for label, count in (("pages", pages), ("copies", copies), ("persons", persons)):
        if count < 1:
            raise ValueError(f"{label} must be at least 1, not {count}")
    charged = applicable_lines(lines, channel, case)
    if exempt:
        zero = tuple(LineAmount(line, 0) for line in charged)
        return FeeResult(total=0, lines=zero, confirmed=True)
    amounts = tuple(
        LineAmount(line, line_amount(line, pages=pages, copies=copies, persons=persons))
        for line in charged
    )
    known = [item.amount for item in amounts if item.amount is not None]
    total = sum(known) if len(known) == len(amounts) else None
    confirmed = all(item.line.confirmed for item in amounts)
    return FeeResult(total=total, lines=amounts, confirmed=confirmed)


def national_fee_list(
    lines: Iterable[FeeLine],
    channel: str,
    *,
    pages: int = 1,
    copies: int = 1,
    persons: int = 1,
    exempt: bool = False,
    case: str = "",
    collected_at: str = COLLECTED_AT_RECEIPT,
) -> list[dict[str, object]]:
    """Return the applicable lines in the national `DanhSachPhiLePhi` shape.

    Each item: {"TenPhiLePhi": name, "MaPhiLePhi": code (only when the line has one),
    "HinhThucThu": collected_at, "Gia": amount in đồng as an int, or None when unknown,
    "MoTa": description}. See UNCONFIRMED_NATIONAL_KEYS; whether Gia travels as a number or a
    string is also UNCONFIRMED (the vendor guide shows a string).
    """
    result = compute_fees(
        lines, channel, pages=pages, copies=copies, persons=persons, exempt=exempt, case=case
    )
    items: list[dict[str, object]] = []
    for item in result.lines:
        entry: dict[str, object] = {"TenPhiLePhi": item.line.name}
        if item.line.code:
            entry["MaPhiLePhi"] = item.line.code
        entry["HinhThucThu"] = collected_at
        entry["Gia"] = item.amount
        entry["MoTa"] = item.line.description
        items.append(entry)
    return items
