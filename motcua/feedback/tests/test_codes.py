import datetime as dt

from motcua.feedback.codes import is_reference, new_reference


def test_a_reference_carries_the_receipt_date_and_four_unambiguous_characters():
    ref = new_reference(dt.date(2026, 12, 1))

    assert ref.startswith("PA-20261201-")
    assert is_reference(ref)
    assert is_reference(f" {ref.lower()} ")
    assert not is_reference("PA-20261201-OOOO")  # no O, I, L or U
