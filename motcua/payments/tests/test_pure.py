"""The payment state table and amounts in words: pure, no database."""

import pytest

from motcua.payments.states import InvalidChange, next_state
from motcua.payments.words import amount_in_words


@pytest.mark.parametrize(
    ("state", "event", "after"),
    [
        ("created", "send", "pending"),
        ("pending", "confirm", "paid"),
        ("created", "confirm", "paid"),  # a counter payment
        ("pending", "fail", "failed"),
        ("pending", "expire", "expired"),
        ("expired", "confirm", "paid"),  # the money was taken after all: the IPN wins
        ("paid", "refund", "refunded"),
    ],
)
def test_the_table_moves_payments(state, event, after):
    assert next_state(state, event) == after


@pytest.mark.parametrize(
    ("state", "event"),
    [
        ("paid", "fail"),
        ("paid", "expire"),
        ("failed", "confirm"),
        ("refunded", "confirm"),
        ("pending", "refund"),
    ],
)
def test_settled_payments_stay_as_they_are(state, event):
    with pytest.raises(InvalidChange):
        next_state(state, event)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (10_000, "Mười nghìn đồng"),
        (20_000, "Hai mươi nghìn đồng"),
        (125_000, "Một trăm hai mươi lăm nghìn đồng"),
        (500_000, "Năm trăm nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (2_000_500, "Hai triệu năm trăm đồng"),
        (
            1_234_567_891,
            "Một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm "
            "chín mươi mốt đồng",
        ),
    ],
)
def test_amounts_read_as_a_vietnamese_receipt_writes_them(amount, words):
    assert amount_in_words(amount) == words


def test_figures_group_thousands_with_dots():
    from motcua.payments.words import grouped

    assert [grouped(n) for n in (0, 999, 10_000, 1_250_000)] == ["0", "999", "10.000", "1.250.000"]
