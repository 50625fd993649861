"""An amount of đồng in Vietnamese words, as a receipt writes it ("Số tiền bằng chữ"). Pure.

Rules, one sentence each:
- Digits are read in groups of three, named nghìn, triệu, tỷ; above a thousand tỷ the names
  repeat ("nghìn tỷ").
- A group of zeros is not read; a group after the first whose hundreds digit is 0 reads
  "không trăm" (1.005.000: "một triệu không trăm linh năm nghìn").
- A zero tens digit before a unit reads "linh" (105: "một trăm linh năm").
- Ten to nineteen read "mười …"; 1 after "mươi" reads "mốt", 5 after a tens digit reads "lăm".
- The first letter is upper case and the text ends with "đồng" (as in "Mười nghìn đồng").
- In figures, thousands are grouped with dots (10.000), as Vietnamese writes them; Django's
  "vi" formats leave numbers ungrouped.
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu")


def _tens_and_units(tens: int, units: int, after_hundreds: bool) -> list[str]:
    if tens == 0:
        if units == 0:
            return []
        return (["linh"] if after_hundreds else []) + [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _group(number: int, leading: bool) -> list[str]:
    """Words of 0 < number < 1000; a non-leading group always reads its hundreds."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    return words + _tens_and_units(tens, units, bool(words))


def _below_a_billion(number: int, leading: bool) -> list[str]:
    groups: list[int] = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index] == 0:
            continue
        first = leading and not words
        words += _group(groups[index], first) + ([GROUPS[index]] if GROUPS[index] else [])
    return words


def _words(number: int, leading: bool = True) -> list[str]:
    billions, rest = divmod(number, 1_000_000_000)
    words: list[str] = []
    if billions:
        words += _words(billions, leading) + ["tỷ"]
    if rest:
        words += _below_a_billion(rest, leading and not words)
    return words


def amount_in_words(amount: int) -> str:
    """Return e.g. "Một trăm hai mươi lăm nghìn đồng" for 125000; "Không đồng" for 0."""
    if amount < 0:
        raise ValueError(f"An amount is not negative: {amount}")
    text = " ".join(_words(amount)) if amount else DIGITS[0]
    return f"{text[0].upper()}{text[1:]} đồng"


def grouped(amount: int) -> str:
    """Return e.g. "1.250.000" for 1250000."""
    return f"{amount:,}".replace(",", ".")
