import datetime as dt

import pytest

from motcua.dossiers.codes import format_code, is_reference, new_reference, parse_code


def test_a_code_is_the_unit_the_receipt_date_and_a_4_digit_sequence():
    assert format_code("000.01.31.H19", dt.date(2026, 3, 9), 7) == "000.01.31.H19-260309-0007"


def test_the_sequence_widens_to_5_digits_past_9999():
    assert format_code("000.01.31.H19", dt.date(2026, 3, 9), 10000) == (
        "000.01.31.H19-260309-10000"
    )


@pytest.mark.parametrize("sequence", [0, 100_000])
def test_a_sequence_out_of_range_is_refused(sequence):
    with pytest.raises(ValueError, match="sequence"):
        format_code("000.01.31.H19", dt.date(2026, 3, 9), sequence)


def test_a_code_parses_back_into_its_parts():
    code = parse_code("000.01.31.h19-260309-0007")
    assert code is not None
    assert (code.unit, code.day, code.sequence) == ("000.01.31.H19", dt.date(2026, 3, 9), 7)


@pytest.mark.parametrize("text", ["000.01.31.H19-260230-0001", "N260309-7KQ4M2", "", "abc"])
def test_what_is_not_a_code_parses_to_none(text):
    assert parse_code(text) is None


def test_references_are_random_and_recognisable():
    first, second = new_reference(dt.date(2026, 3, 9)), new_reference(dt.date(2026, 3, 9))
    assert first != second
    assert first.startswith("N260309-")
    assert is_reference(first)
    assert not is_reference("000.01.31.H19-260309-0007")
