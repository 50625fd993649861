"""The personal identification number (số định danh cá nhân, printed on the CCCD card).

Structure, 12 digits `PPP G YY RRRRRR` (Law on Identification 2023 / Luật Căn cước Art. 12,
which keeps the 12-digit number of the 2014 Law on Citizen Identification; Decree
137/2015/NĐ-CP Art. 13 on its structure; per domain.md §7.1 [S23]. Some sources cite "Art. 7"
for the century/sex digit: that is probably Circular 07/2016/TT-BCA Art. 7, UNCONFIRMED):

- PPP: code of the province (or country) where the birth was registered [S23a]. The codes live
  in data/cccd-province-codes.json, because reading them as the old statistical province codes
  (001 Hà Nội, 006 Bắc Kạn, 019 Thái Nguyên, 079 TP Hồ Chí Minh) is UNCONFIRMED.
- G: century of birth and sex: 1900-1999 male 0 / female 1, 2000-2099 male 2 / female 3,
  2100s 4/5, 2200s 6/7, 2300s 8/9 [S23b].
- YY: the last two digits of the birth year.
- RRRRRR: random, so there is nothing to check.

No check digit is documented: a number that passes here may still belong to nobody; only the
national population database can say. Citizens read the messages, so each one is in Vietnamese
and says what is wrong and what would be right, and every problem is reported at once.

Pure module: standard library only, no Django.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

DATA_FILE = Path(__file__).resolve().parent / "data" / "cccd-province-codes.json"

LENGTH = 12
DIGITS = frozenset("0123456789")
# What people type between groups of digits ("001 0 95 012345", "001.095.012.345").
SEPARATORS = frozenset(" .-\t\u00a0")
SEPARATOR_NOTE = " (không tính dấu cách, dấu chấm, gạch ngang)"
OLD_ID_CARD_LENGTH = 9  # the former chứng minh nhân dân number

MALE = "male"
FEMALE = "female"
SEX_NAMES = {MALE: "nam", FEMALE: "nữ"}

# G = 0/1 is the first century encoded, G = 8/9 the last [S23b].
FIRST_CENTURY = 1900
LAST_CENTURY = 2300


class CccdError(ValueError):
    """The text is not a personal identification number; the message says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CccdInfo:
    """What a well-formed number says about its holder."""

    number: str  # the 12 digits, separators removed
    province_code: str  # "001"
    province_name: str  # "Thành phố Hà Nội", the pre-2025 name
    sex: str  # MALE or FEMALE
    century_start: int  # 1900, 2000, ...
    birth_year_suffix: str  # "95", as printed
    birth_year: int  # 1995


def _load_province_codes(path: Path) -> Mapping[str, str]:
    """The PPP codes of the shipped data file, checked to be three digits each."""
    codes = json.loads(path.read_text("utf-8"))["codes"]
    if not isinstance(codes, dict):
        raise ValueError(f"{path}: 'codes' must be an object")
    loaded = {str(code): str(name) for code, name in codes.items()}
    for code in loaded:
        if len(code) != 3 or not DIGITS.issuperset(code):
            raise ValueError(f"{path}: province code {code!r} is not three digits")
    return MappingProxyType(loaded)


PROVINCE_CODES = _load_province_codes(DATA_FILE)
CODE_RANGE = f"{min(PROVINCE_CODES)}–{max(PROVINCE_CODES)}"


def parse_cccd(number: str) -> CccdInfo:
    """Split a number into its parts, or raise CccdError explaining every problem found."""
    problems = _structure_problems(number)
    if problems:
        raise CccdError(" ".join(problems))
    return _info(_compact(number))


def check_cccd(
    number: str,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    today: date | None = None,
) -> list[str]:
    """Every problem with `number`, in Vietnamese; empty when it is fine.

    With `birth_date` and `sex` (MALE/FEMALE) the number must agree with them. Without a birth
    date the encoded birth year must not be after `today` (default: the current date).
    """
    if sex is not None and sex not in SEX_NAMES:
        raise ValueError(f"sex must be {MALE!r} or {FEMALE!r}, not {sex!r}")
    problems = _structure_problems(number)
    if problems:
        return problems
    info = _info(_compact(number))
    if birth_date is not None:
        problems += _birth_date_problems(info, birth_date)
    else:
        problems += _future_year_problems(info, today or date.today())
    if sex is not None and sex != info.sex:
        problems.append(_sex_problem(info, sex))
    return problems


# --- structure -------------------------------------------------------------------------------


def _compact(number: str) -> str:
    return "".join(char for char in number if char not in SEPARATORS)


def _structure_problems(number: str) -> list[str]:
    compact = _compact(number)
    non_digits = _non_digit_problem(compact, had_separators=compact != number)
    if non_digits:
        return [non_digits]  # digits counted around a stray letter would mislead
    problems = [_length_problem(compact)] if len(compact) != LENGTH else []
    if len(compact) >= 3 and compact[:3] not in PROVINCE_CODES:
        problems.append(_province_problem(compact[:3]))
    return problems


def _shown(char: str) -> str:
    """A character as the citizen can see it: invisible ones by their code point."""
    return char if char.isprintable() else f"U+{ord(char):04X}"


def _non_digit_problem(compact: str, *, had_separators: bool) -> str | None:
    bad = [
        f"«{_shown(char)}» ở vị trí {position}"
        for position, char in enumerate(compact, start=1)
        if char not in DIGITS
    ]
    if not bad:
        return None
    note = SEPARATOR_NOTE if had_separators else ""
    return f"Số định danh cá nhân chỉ gồm chữ số; có ký tự {', '.join(bad)}{note}."


def _length_problem(compact: str) -> str:
    if not compact:
        return "Chưa nhập số định danh cá nhân: số này gồm đúng 12 chữ số, in trên thẻ căn cước."
    message = (
        f"Số định danh cá nhân gồm đúng {LENGTH} chữ số; số bạn nhập có {len(compact)} chữ số."
    )
    if len(compact) == OLD_ID_CARD_LENGTH:
        message += " Số 9 chữ số là số chứng minh nhân dân cũ, không phải số định danh cá nhân."
    return message


def _province_problem(code: str) -> str:
    return (
        f"Ba chữ số đầu «{code}» phải là mã tỉnh nơi đăng ký khai sinh ({CODE_RANGE}); "
        f"«{code}» không phải mã tỉnh nào."
    )


def _info(compact: str) -> CccdInfo:
    """The parts of a number already known to be 12 digits with a known province code."""
    code, century_digit, suffix = compact[:3], int(compact[3]), compact[4:6]
    century_start = FIRST_CENTURY + 100 * (century_digit // 2)
    return CccdInfo(
        number=compact,
        province_code=code,
        province_name=PROVINCE_CODES[code],
        sex=FEMALE if century_digit % 2 else MALE,
        century_start=century_start,
        birth_year_suffix=suffix,
        birth_year=century_start + int(suffix),
    )


# --- agreement with the person ---------------------------------------------------------------


def _century_digits(century_start: int) -> tuple[str, str]:
    """The G digits (male, female) of people born in the century starting at `century_start`."""
    male = 2 * (century_start - FIRST_CENTURY) // 100
    return str(male), str(male + 1)


def _birth_date_problems(info: CccdInfo, born: date) -> list[str]:
    century_start = born.year // 100 * 100
    shown = f"{born:%d/%m/%Y}"
    if not FIRST_CENTURY <= century_start <= LAST_CENTURY:
        return [
            f"Ngày sinh là {shown}: số định danh cá nhân chỉ ghi được năm sinh từ "
            f"{FIRST_CENTURY} đến {LAST_CENTURY + 99}, nên không thể khớp với ngày sinh này."
        ]
    problems = []
    if century_start != info.century_start:
        male, female = _century_digits(century_start)
        problems.append(
            f"Chữ số thứ 4 «{info.number[3]}» cho biết người sinh từ năm {info.century_start} "
            f"đến {info.century_start + 99}, nhưng ngày sinh là {shown}: người sinh năm "
            f"{century_start}–{century_start + 99} có chữ số này là {male} (nam) hoặc "
            f"{female} (nữ)."
        )
    expected = f"{born.year % 100:02d}"
    if expected != info.birth_year_suffix:
        problems.append(
            f"Chữ số thứ 5–6 «{info.birth_year_suffix}» phải là hai số cuối của năm sinh; "
            f"ngày sinh là {shown} nên phải là «{expected}»."
        )
    return problems


def _future_year_problems(info: CccdInfo, today: date) -> list[str]:
    if info.birth_year <= today.year:
        return []
    return [
        f"Chữ số thứ 4–6 «{info.number[3:6]}» cho biết năm sinh {info.birth_year}, "
        f"muộn hơn năm nay ({today.year}): chữ số thứ 4 là 0 (nam) hoặc 1 (nữ) cho người "
        f"sinh năm 1900–1999, 2 (nam) hoặc 3 (nữ) cho người sinh năm 2000–2099."
    ]


def _sex_problem(info: CccdInfo, sex: str) -> str:
    male, female = _century_digits(info.century_start)
    expected = female if sex == FEMALE else male
    return (
        f"Chữ số thứ 4 «{info.number[3]}» cho biết người này là {SEX_NAMES[info.sex]}, "
        f"nhưng giới tính đã khai là {SEX_NAMES[sex]}: người {SEX_NAMES[sex]} sinh năm "
        f"{info.century_start}–{info.century_start + 99} có chữ số này là {expected}."
    )
