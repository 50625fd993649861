"""Organisations apply through a person who acts for them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts import organisations
from motcua.accounts.taxcode import normalise_tax_code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0101234567", "0101234567"),
        (" 0101 234 567 ", "0101234567"),
        ("0101234567-001", "0101234567-001"),
        ("0101234567001", "0101234567-001"),
    ],
)
def test_a_tax_code_has_10_digits_or_10_and_3_for_a_branch(typed, stored):
    assert normalise_tax_code(typed) == stored


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("01012345", "8"),
        ("0101234567-01", "12"),
        ("01012345AB", "0101234567-001"),
        ("", "10"),
    ],
)
def test_a_malformed_tax_code_is_explained(typed, says):
    with pytest.raises(ValidationError) as error:
        normalise_tax_code(typed)

    assert says in error.value.messages[0]


def test_a_personal_identification_number_is_not_a_tax_code_of_an_organisation():
    with pytest.raises(ValidationError, match="12"):
        normalise_tax_code("019085001234")


@pytest.mark.django_db
def test_acting_for_counts_only_representations_in_force(citizen_an):
    organisations.declare(
        citizen_an,
        tax_code="4600123456",
        name="Công ty TNHH Chè Tân Cương",
        title="Giám đốc",
        valid_from=dt.date(2026, 1, 1),
    )
    later = organisations.declare(
        citizen_an,
        tax_code="4600654321",
        name="HTX Rau sạch",
        title="Người được ủy quyền",
        valid_from=dt.date(2026, 3, 1),
        valid_until=dt.date(2026, 3, 31),
    )

    assert organisations.acting_for(citizen_an, on=dt.date(2025, 12, 31)) == []
    assert [o.tax_code for o in organisations.acting_for(citizen_an, on=dt.date(2026, 3, 31))] == [
        "4600123456",
        "4600654321",
    ]
    assert [o.tax_code for o in organisations.acting_for(citizen_an, on=dt.date(2026, 4, 1))] == [
        "4600123456"
    ]
    assert later.organisation.name == "HTX Rau sạch"


@pytest.mark.django_db
def test_ending_makes_the_last_day_inclusive(citizen_an):
    row = organisations.declare(
        citizen_an,
        tax_code="4600123456",
        name="Công ty A",
        title="Giám đốc",
        valid_from=dt.date(2026, 1, 1),
    )

    organisations.end(row, dt.date(2026, 2, 28))

    assert organisations.acting_for(citizen_an, on=dt.date(2026, 2, 28))
    assert not organisations.acting_for(citizen_an, on=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError):
        organisations.end(row, dt.date(2025, 12, 31))


@pytest.mark.django_db
def test_an_organisation_is_one_row_per_tax_code(citizen_an, volunteer_bao):
    first = organisations.declare(
        citizen_an, tax_code="4600123456", name="Công ty A", title="Giám đốc"
    )
    second = organisations.declare(
        volunteer_bao, tax_code="4600 123 456", name="Cty A", title="Người được ủy quyền"
    )

    assert second.organisation == first.organisation
    assert second.organisation.name == "Công ty A"


@pytest.mark.django_db
def test_declaring_twice_over_the_same_days_is_refused(citizen_an):
    organisations.declare(
        citizen_an,
        tax_code="4600123456",
        name="Công ty A",
        title="Giám đốc",
        valid_from=dt.date(2026, 1, 1),
    )

    with pytest.raises(ValidationError) as error:
        organisations.declare(
            citizen_an,
            tax_code="4600123456",
            name="Công ty A",
            title="Phó giám đốc",
            valid_from=dt.date(2026, 2, 1),
        )

    assert "tax_code" in error.value.message_dict
