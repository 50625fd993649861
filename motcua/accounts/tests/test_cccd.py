"""The personal identification number of `accounts.cccd`: plain strings and dates, no database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.accounts import cccd
from motcua.accounts.cccd import (
    FEMALE,
    MALE,
    PROVINCE_CODES,
    CccdError,
    CccdInfo,
    check_cccd,
    parse_cccd,
)

TODAY = date(2026, 5, 1)


@pytest.mark.parametrize(
    ("number", "code", "name", "sex", "century_start", "suffix", "year"),
    [
        ("001095012345", "001", "Thành phố Hà Nội", MALE, 1900, "95", 1995),
        ("006301004567", "006", "Tỉnh Bắc Kạn", FEMALE, 2000, "01", 2001),
        ("019185000001", "019", "Tỉnh Thái Nguyên", FEMALE, 1900, "85", 1985),
        ("079203999999", "079", "Thành phố Hồ Chí Minh", MALE, 2000, "03", 2003),
    ],
)
def test_it_parses_valid_numbers(
    number: str,
    code: str,
    name: str,
    sex: str,
    century_start: int,
    suffix: str,
    year: int,
) -> None:
    assert parse_cccd(number) == CccdInfo(
        number=number,
        province_code=code,
        province_name=name,
        sex=sex,
        century_start=century_start,
        birth_year_suffix=suffix,
        birth_year=year,
    )


@pytest.mark.parametrize(
    ("century_digit", "sex", "year"),
    [
        ("0", MALE, 1990),
        ("1", FEMALE, 1990),
        ("2", MALE, 2090),
        ("3", FEMALE, 2090),
        ("4", MALE, 2190),
        ("5", FEMALE, 2190),
        ("8", MALE, 2390),
        ("9", FEMALE, 2390),
    ],
)
def test_it_reads_century_and_sex_from_the_fourth_digit(
    century_digit: str,
    sex: str,
    year: int,
) -> None:
    info = parse_cccd(f"001{century_digit}90123456")
    assert (info.sex, info.birth_year) == (sex, year)


@pytest.mark.parametrize(
    "typed",
    [
        "001 0 95 012345",
        "001.095.012.345",
        "001-095-012345",
        " 001095012345 ",
        "001\u00a0095\t012345",
    ],
)
def test_it_strips_separators(typed: str) -> None:
    assert parse_cccd(typed).number == "001095012345"


def _error(number: str) -> str:
    with pytest.raises(CccdError) as caught:
        parse_cccd(number)
    return caught.value.message


def test_it_explains_a_number_that_is_too_short() -> None:
    assert _error("00109501234") == (
        "Số định danh cá nhân gồm đúng 12 chữ số; số bạn nhập có 11 chữ số."
    )


def test_it_explains_a_number_that_is_too_long() -> None:
    assert _error("0010950123456") == (
        "Số định danh cá nhân gồm đúng 12 chữ số; số bạn nhập có 13 chữ số."
    )


def test_it_explains_that_nine_digits_is_the_old_id_card_number() -> None:
    assert _error("012345678") == (
        "Số định danh cá nhân gồm đúng 12 chữ số; số bạn nhập có 9 chữ số. "
        "Số 9 chữ số là số chứng minh nhân dân cũ, không phải số định danh cá nhân."
    )


def test_it_explains_an_empty_number() -> None:
    assert _error("  ") == (
        "Chưa nhập số định danh cá nhân: số này gồm đúng 12 chữ số, in trên thẻ căn cước."
    )


def test_it_explains_which_character_is_not_a_digit() -> None:
    assert _error("0010A5012345") == (
        "Số định danh cá nhân chỉ gồm chữ số; có ký tự «A» ở vị trí 5."
    )


def test_it_lists_every_character_that_is_not_a_digit() -> None:
    assert _error("0010A50123O5") == (
        "Số định danh cá nhân chỉ gồm chữ số; có ký tự «A» ở vị trí 5, «O» ở vị trí 11."
    )


def test_it_says_positions_do_not_count_separators() -> None:
    assert _error("001 0 9x 012345") == (
        "Số định danh cá nhân chỉ gồm chữ số; có ký tự «x» ở vị trí 6 "
        "(không tính dấu cách, dấu chấm, gạch ngang)."
    )


def test_it_shows_an_invisible_character_by_its_code_point() -> None:
    assert _error("001095\u200b012345") == (
        "Số định danh cá nhân chỉ gồm chữ số; có ký tự «U+200B» ở vị trí 7."
    )


@pytest.mark.parametrize("code", ["099", "000", "003", "100"])
def test_it_explains_an_unknown_province_code(code: str) -> None:
    assert _error(f"{code}095012345") == (
        f"Ba chữ số đầu «{code}» phải là mã tỉnh nơi đăng ký khai sinh (001–096); "
        f"«{code}» không phải mã tỉnh nào."
    )


def test_it_explains_every_structural_problem_at_once() -> None:
    assert _error("09909501234") == (
        "Số định danh cá nhân gồm đúng 12 chữ số; số bạn nhập có 11 chữ số. "
        "Ba chữ số đầu «099» phải là mã tỉnh nơi đăng ký khai sinh (001–096); "
        "«099» không phải mã tỉnh nào."
    )


def test_it_raises_an_error_that_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="12 chữ số"):
        parse_cccd("1")


def test_it_finds_nothing_wrong_when_number_date_and_sex_agree() -> None:
    assert check_cccd("019185000001", birth_date=date(1985, 3, 15), sex=FEMALE) == []


def test_it_returns_structural_problems_from_check() -> None:
    assert check_cccd("0010A5012345", birth_date=date(1995, 1, 1)) == [
        "Số định danh cá nhân chỉ gồm chữ số; có ký tự «A» ở vị trí 5."
    ]


def test_it_explains_a_century_digit_that_disagrees_with_the_birth_date() -> None:
    assert check_cccd("079285012345", birth_date=date(1985, 3, 15)) == [
        "Chữ số thứ 4 «2» cho biết người sinh từ năm 2000 đến 2099, nhưng ngày sinh là "
        "15/03/1985: người sinh năm 1900–1999 có chữ số này là 0 (nam) hoặc 1 (nữ)."
    ]


def test_it_explains_birth_year_digits_that_disagree_with_the_birth_date() -> None:
    assert check_cccd("001085012345", birth_date=date(1986, 3, 15)) == [
        "Chữ số thứ 5–6 «85» phải là hai số cuối của năm sinh; ngày sinh là 15/03/1986 "
        "nên phải là «86»."
    ]


def test_it_reports_century_and_year_problems_together() -> None:
    assert check_cccd("001303012345", birth_date=date(1999, 12, 31)) == [
        "Chữ số thứ 4 «3» cho biết người sinh từ năm 2000 đến 2099, nhưng ngày sinh là "
        "31/12/1999: người sinh năm 1900–1999 có chữ số này là 0 (nam) hoặc 1 (nữ).",
        "Chữ số thứ 5–6 «03» phải là hai số cuối của năm sinh; ngày sinh là 31/12/1999 "
        "nên phải là «99».",
    ]


def test_it_explains_a_birth_date_no_number_can_encode() -> None:
    assert check_cccd("001095012345", birth_date=date(1895, 1, 1)) == [
        "Ngày sinh là 01/01/1895: số định danh cá nhân chỉ ghi được năm sinh từ 1900 đến "
        "2399, nên không thể khớp với ngày sinh này."
    ]


def test_it_explains_a_sex_digit_that_disagrees_with_the_declared_sex() -> None:
    assert check_cccd("001195012345", sex=MALE, today=TODAY) == [
        "Chữ số thứ 4 «1» cho biết người này là nữ, nhưng giới tính đã khai là nam: "
        "người nam sinh năm 1900–1999 có chữ số này là 0."
    ]


def test_it_explains_a_female_declared_against_a_male_digit() -> None:
    assert check_cccd("079205012345", sex=FEMALE, today=TODAY) == [
        "Chữ số thứ 4 «2» cho biết người này là nam, nhưng giới tính đã khai là nữ: "
        "người nữ sinh năm 2000–2099 có chữ số này là 3."
    ]


def test_it_explains_an_encoded_birth_year_after_this_year() -> None:
    assert check_cccd("001299012345", today=TODAY) == [
        "Chữ số thứ 4–6 «299» cho biết năm sinh 2099, muộn hơn năm nay (2026): chữ số thứ 4 "
        "là 0 (nam) hoặc 1 (nữ) cho người sinh năm 1900–1999, 2 (nam) hoặc 3 (nữ) cho người "
        "sinh năm 2000–2099."
    ]


def test_it_accepts_a_birth_year_of_this_year() -> None:
    assert check_cccd("001226012345", today=TODAY) == []


def test_it_rejects_an_unknown_sex_value() -> None:
    with pytest.raises(ValueError, match="sex must be"):
        check_cccd("001095012345", sex="nam")


def test_it_ships_the_63_pre_2025_province_codes() -> None:
    assert len(PROVINCE_CODES) == 63
    assert (min(PROVINCE_CODES), max(PROVINCE_CODES)) == ("001", "096")
    assert PROVINCE_CODES["006"] == "Tỉnh Bắc Kạn"


def test_it_marks_the_province_codes_unconfirmed_in_the_data_file() -> None:
    assert "UNCONFIRMED" in json.loads(cccd.DATA_FILE.read_text("utf-8"))["note"]


def test_it_refuses_a_data_file_with_a_malformed_code(tmp_path: Path) -> None:
    bad = tmp_path / "codes.json"
    bad.write_text(json.dumps({"note": "", "codes": {"1": "Thành phố Hà Nội"}}), "utf-8")
    with pytest.raises(ValueError, match="not three digits"):
        cccd._load_province_codes(bad)


province_codes = st.sampled_from(sorted(PROVINCE_CODES))
century_digits = st.integers(min_value=0, max_value=9)
year_suffixes = st.integers(min_value=0, max_value=99)
random_parts = st.integers(min_value=0, max_value=999_999)


@given(province_codes, century_digits, year_suffixes, random_parts)
def test_it_parses_any_built_number_back_to_its_parts(
    code: str,
    century_digit: int,
    suffix: int,
    random_part: int,
) -> None:
    number = f"{code}{century_digit}{suffix:02d}{random_part:06d}"
    info = parse_cccd(number)
    assert info.number == number
    assert info.province_code == code
    assert info.province_name == PROVINCE_CODES[code]
    assert info.sex == (FEMALE if century_digit % 2 else MALE)
    assert info.century_start == 1900 + 100 * (century_digit // 2)
    assert info.birth_year_suffix == f"{suffix:02d}"
    assert info.birth_year == info.century_start + suffix


@given(province_codes, century_digits, year_suffixes, random_parts)
def test_it_agrees_with_the_birth_date_and_sex_it_encodes(
    code: str,
    century_digit: int,
    suffix: int,
    random_part: int,
) -> None:
    info = parse_cccd(f"{code}{century_digit}{suffix:02d}{random_part:06d}")
    born = date(info.birth_year, 6, 1)
    assert check_cccd(info.number, birth_date=born, sex=info.sex) == []
