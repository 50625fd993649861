"""The form schema's checks, without a database: each kind, conditions, eligibility."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.eforms.schema import (
    Condition,
    Context,
    Form,
    Kind,
    Operator,
    Page,
    Question,
    Rule,
    Section,
    check_all,
    clean,
    clean_page,
    ineligible,
    problems,
    relevant,
    shown_value,
)

CTX = Context(
    today=dt.date(2026, 12, 1),
    commune_name=lambda code: {"05443": "Phường Phan Đình Phùng"}.get(code),
)


def q(kind: Kind, **kw: object) -> Question:
    return Question(key=str(kw.pop("key", "x")), kind=kind, label=str(kw.pop("label", "Tên")), **kw)  # type: ignore[arg-type]


def test_a_required_answer_left_empty_is_asked_for_by_its_label() -> None:
    assert clean(q(Kind.TEXT, label="Họ và tên"), "  ", CTX) == (None, "Enter “Họ và tên”.")


def test_an_optional_answer_may_stay_empty() -> None:
    assert clean(q(Kind.EMAIL, required=False), "", CTX) == (None, None)


def test_text_longer_than_its_limit_says_how_long_it_is() -> None:
    _value, error = clean(q(Kind.TEXT, max_length=5), "abcdefg", CTX)
    assert error
    assert "5" in error
    assert "7" in error


@pytest.mark.parametrize(
    ("typed", "kept"), [("1.500.000", 1500000), ("2 000 000 đ", 2000000), (250000, 250000)]
)
def test_money_is_read_the_way_people_write_it(typed: object, kept: int) -> None:
    assert clean(q(Kind.MONEY), typed, CTX) == (kept, None)


def test_money_must_be_whole_and_positive() -> None:
    assert clean(q(Kind.MONEY), "-5", CTX)[1]
    assert clean(q(Kind.MONEY), "abc", CTX)[1]


def test_a_number_takes_a_decimal_comma_and_respects_its_range() -> None:
    area = q(Kind.NUMBER, min_value=Decimal(1), max_value=Decimal(500), label="Diện tích")
    assert clean(area, "45,5", CTX) == ("45.5", None)
    assert clean(area, "0", CTX)[1] == "“Diện tích” must be between 1 and 500."


def test_a_date_must_be_real_and_complete() -> None:
    born = q(Kind.DATE, label="Ngày sinh", date_rule="past")
    assert clean(born, "1990-3-27", CTX) == ("1990-03-27", None)
    assert clean(born, "1990-2-30", CTX)[1] == (
        "“Ngày sinh” must be a real date, such as 27/3/1990."
    )
    assert clean(born, "1990--27", CTX)[1] == "“Ngày sinh” must include a month."
    assert clean(born, "2027-1-1", CTX)[1] == "“Ngày sinh” must be today or in the past."


def test_choices_accept_only_what_is_offered() -> None:
    sex = q(Kind.CHOICE, choices=(("male", "Nam"), ("female", "Nữ")))
    assert clean(sex, "female", CTX) == ("female", None)
    assert clean(sex, "other", CTX)[1]
    several = q(Kind.MULTIPLE, choices=(("a", "A"), ("b", "B")))
    assert clean(several, ["b", "a"], CTX) == (["a", "b"], None)


def test_an_address_needs_a_street_and_a_known_commune() -> None:
    home = q(Kind.ADDRESS, label="Địa chỉ")
    assert clean(home, {"street": "Số 5, tổ 3", "commune": "05443"}, CTX) == (
        {"street": "Số 5, tổ 3", "commune": "05443", "commune_name": "Phường Phan Đình Phùng"},
        None,
    )
    assert clean(home, {"street": "Số 5", "commune": "99999"}, CTX)[1] == (
        "Choose the commune or ward of “Địa chỉ” from the list."
    )


def test_a_cccd_is_explained_and_must_agree_with_the_date_of_birth() -> None:
    number = q(Kind.CCCD, key="cccd", relates_to="born")
    assert clean(number, "019 085 001234", CTX, {"born": "1985-03-12"}) == ("019085001234", None)
    _value, error = clean(number, "019085001234", CTX, {"born": "1990-03-12"})
    assert error
    assert "1990" in error
    assert "12" in (clean(number, "01908500", CTX)[1] or "")


def test_phone_numbers_are_normalised() -> None:
    assert clean(q(Kind.PHONE), "+84 912 345 678", CTX) == ("0912345678", None)
    assert clean(q(Kind.PHONE), "12345", CTX)[1]


def test_a_group_checks_each_entry_and_drops_empty_rows() -> None:
    members = q(
        Kind.GROUP,
        key="members",
        label="Thành viên",
        min_items=1,
        items=(
            q(Kind.TEXT, key="name", label="Họ tên"),
            q(Kind.DATE, key="born", label="Ngày sinh"),
        ),
    )
    rows = [{"name": "Lan", "born": "2010-5-1"}, {"name": "", "born": ""}]
    assert clean(members, rows, CTX) == ([{"name": "Lan", "born": "2010-05-01"}], None)
    _value, error = clean(members, [{"name": "Lan", "born": ""}], CTX)
    assert error == "Entry 1 of “Thành viên”: Enter “Ngày sinh”."


def test_a_declaration_must_be_ticked() -> None:
    assert clean(q(Kind.DECLARATION), False, CTX)[1] == "Tick the box to confirm the declaration."
    assert clean(q(Kind.DECLARATION), True, CTX) == (True, None)


OWNER = Question("tenure", Kind.CHOICE, "Hình thức", choices=(("own", "Của tôi"), ("rent", "Thuê")))
AREA = Question(
    "area", Kind.NUMBER, "Diện tích", show_if=Condition("tenure", Operator.EQUALS, "rent")
)
LIVED = Question("lived", Kind.YES_NO, "Đã thường trú ở đây?")
FORM = Form(
    (
        Section(
            "Chỗ ở",
            "",
            (Page(1, "Hình thức", "", (OWNER, LIVED)), Page(2, "Diện tích", "", (AREA,))),
        ),
    ),
    (Rule(Condition("lived", Operator.EQUALS, "yes"), "Bạn đã có thường trú."),),
)


def test_a_page_whose_questions_are_all_hidden_is_skipped() -> None:
    assert FORM.next_page(1, {"tenure": "own"}) is None
    assert FORM.next_page(1, {"tenure": "rent"}) == FORM.page(2)


def test_hidden_questions_are_neither_checked_nor_kept() -> None:
    assert check_all(FORM, {"tenure": "own", "lived": "no"}, CTX) == {}
    assert check_all(FORM, {"tenure": "rent", "lived": "no"}, CTX) == {
        2: {"area": "Enter “Diện tích”."}
    }
    assert relevant(FORM, {"tenure": "own", "lived": "no", "area": 40}) == {
        "tenure": "own",
        "lived": "no",
    }


def test_a_page_keeps_its_errors_apart_from_its_good_answers() -> None:
    page = FORM.page(1)
    assert page is not None
    values, errors = clean_page(page, {"tenure": "rent", "lived": "maybe"}, {}, CTX)
    assert values["tenure"] == "rent"
    assert errors == {"lived": "Answer yes or no to “Đã thường trú ở đây?”."}


def test_an_eligibility_rule_stops_the_applicant_with_its_message() -> None:
    assert ineligible(FORM, {"lived": "yes"}) == ["Bạn đã có thường trú."]
    assert ineligible(FORM, {"lived": "no"}) == []


def test_a_definition_may_only_look_back() -> None:
    ahead = Form((Section("S", "", (Page(1, "P", "", (AREA,)), Page(2, "Q", "", (OWNER,)))),))
    assert problems(ahead) == [
        "“area” depends on “tenure”, which must be asked on an earlier page."
    ]
    assert problems(FORM) == []


def test_answers_are_shown_in_words() -> None:
    assert shown_value(q(Kind.MONEY), 1500000) == "1.500.000 đồng"
    assert shown_value(q(Kind.DATE), "1990-03-27") == "27/3/1990"
    assert shown_value(OWNER, "rent") == "Thuê"
    assert shown_value(q(Kind.YES_NO), "yes") == "Yes"
