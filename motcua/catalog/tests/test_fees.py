"""The fee arithmetic of `catalog.fees`: plain tables, no database."""

from __future__ import annotations

import pytest

from motcua.catalog.fees import (
    FeeLine,
    Tier,
    compute_fees,
    line_amount,
    national_fee_list,
)

# 2.000815, Circular 226/2016/TT-BTC: 2,000 đ/page for pages 1-2, 1,000 đ/page from page 3,
# at most 200,000 đ per copy.
CERTIFY = FeeLine(
    name="Phí chứng thực bản sao từ bản chính",
    kind="phi",
    basis="per-page",
    amount=2000,
    tiers=(Tier(from_page=3, amount=1000),),
    cap_per_copy=200_000,
)
# 1.004222: 20,000 đ in person, 10,000 đ online.
RESIDENCE = (
    FeeLine(name="Lệ phí đăng ký cư trú (trực tiếp)", channel="in-person", amount=20_000),
    FeeLine(name="Lệ phí đăng ký cư trú (trực tuyến)", channel="online", amount=10_000),
)
# 1.004194: per registration, or per person when registering a list.
TEMPORARY = (
    FeeLine(name="cá nhân (trực tiếp)", channel="in-person", amount=15_000),
    FeeLine(name="cá nhân (trực tuyến)", channel="online", amount=7_000),
    FeeLine(
        name="danh sách (trực tiếp)",
        basis="per-person",
        channel="in-person",
        amount=10_000,
        case="Theo danh sách",
    ),
    FeeLine(
        name="danh sách (trực tuyến)",
        basis="per-person",
        channel="online",
        amount=5_000,
        case="Theo danh sách",
    ),
)
LOCAL_UNKNOWN = FeeLine(name="Lệ phí", basis="local", amount=None, confirmed=False)


@pytest.mark.parametrize(
    ("pages", "copies", "expected"),
    [
        (1, 1, 2_000),
        (2, 1, 4_000),
        (3, 1, 5_000),
        (10, 1, 12_000),
        (198, 1, 200_000),  # exactly the cap
        (199, 1, 200_000),
        (500, 1, 200_000),
        (5, 3, 21_000),  # 7,000 per copy
        (500, 2, 400_000),  # the cap is per copy
    ],
)
def test_certification_of_copies_is_tiered_per_page_and_capped_per_copy(
    pages: int, copies: int, expected: int
) -> None:
    assert compute_fees([CERTIFY], "in-person", pages=pages, copies=copies).total == expected


@pytest.mark.parametrize(("channel", "expected"), [("in-person", 20_000), ("online", 10_000)])
def test_only_the_chosen_channels_line_applies(channel: str, expected: int) -> None:
    result = compute_fees(RESIDENCE, channel)
    assert result.total == expected
    assert len(result.lines) == 1


def test_a_line_for_any_channel_always_applies() -> None:
    lines = [*RESIDENCE, FeeLine(name="Phí cấp bản sao", basis="per-copy", amount=8_000)]
    assert compute_fees(lines, "online", copies=2).total == 10_000 + 16_000
    assert compute_fees(lines, "in-person", copies=2).total == 20_000 + 16_000


@pytest.mark.parametrize(
    ("channel", "case", "persons", "expected"),
    [
        ("in-person", "", 4, 15_000),  # the ordinary case ignores the per-person lines
        ("online", "", 4, 7_000),
        ("in-person", "Theo danh sách", 4, 40_000),
        ("online", "Theo danh sách", 4, 20_000),
    ],
)
def test_cases_are_alternatives_never_added_together(
    channel: str, case: str, persons: int, expected: int
) -> None:
    assert compute_fees(TEMPORARY, channel, case=case, persons=persons).total == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (FeeLine(name="fixed", amount=10_000), 10_000),
        (FeeLine(name="local, set", basis="local", amount=50_000), 50_000),
        (FeeLine(name="per copy", basis="per-copy", amount=8_000), 24_000),
        (FeeLine(name="per person", basis="per-person", amount=200_000), 400_000),
        (FeeLine(name="free", amount=0), 0),
        (LOCAL_UNKNOWN, None),
    ],
)
def test_each_basis_counts_what_it_says(line: FeeLine, expected: int | None) -> None:
    assert line_amount(line, pages=7, copies=3, persons=2) == expected


def test_an_unknown_amount_makes_the_total_unknown_not_wrong() -> None:
    result = compute_fees([FeeLine(name="known", amount=10_000), LOCAL_UNKNOWN], "online")
    assert result.total is None
    assert not result.is_known
    assert [item.amount for item in result.lines] == [10_000, None]
    assert not result.confirmed


def test_an_exempt_applicant_pays_nothing_even_on_unknown_lines() -> None:
    result = compute_fees([*RESIDENCE, LOCAL_UNKNOWN], "in-person", exempt=True)
    assert result.total == 0
    assert [item.amount for item in result.lines] == [0, 0]


def test_an_unconfirmed_amount_is_computed_but_flagged() -> None:
    line = FeeLine(name="Phí LLTP", kind="phi", basis="per-person", amount=200_000, confirmed=False)
    result = compute_fees([line], "online")
    assert result.total == 200_000
    assert not result.confirmed


def test_no_lines_cost_nothing() -> None:
    assert compute_fees([], "online").total == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda: compute_fees(RESIDENCE, "post"),
        lambda: compute_fees(RESIDENCE, "any"),
        lambda: compute_fees([CERTIFY], "online", pages=0),
        lambda: compute_fees([CERTIFY], "online", copies=-1),
        lambda: line_amount(FeeLine(name="x", basis="per-hour", amount=1)),
        lambda: Tier(from_page=1, amount=1000),
        lambda: Tier(from_page=3, amount=-1),
    ],
)
def test_it_rejects_impossible_inputs(call: object) -> None:
    with pytest.raises(ValueError, match=r"."):
        call()  # type: ignore[operator]


def test_several_tiers_apply_in_page_order() -> None:
    line = FeeLine(
        name="tiers",
        basis="per-page",
        amount=3,
        tiers=(Tier(from_page=11, amount=1), Tier(from_page=4, amount=2)),
    )
    # pages 1-3 at 3, 4-10 at 2, 11-12 at 1
    assert line_amount(line, pages=12) == 9 + 14 + 2


def test_national_fee_list_has_the_national_shape() -> None:
    coded = FeeLine(
        name="Lệ phí đăng ký cư trú (trực tuyến)",
        channel="online",
        amount=10_000,
        code="LP.CUTRU",
        description="10.000 đồng/lần",
    )
    items = national_fee_list([RESIDENCE[0], coded, LOCAL_UNKNOWN], "online")
    assert items == [
        {
            "TenPhiLePhi": "Lệ phí đăng ký cư trú (trực tuyến)",
            "MaPhiLePhi": "LP.CUTRU",
            "HinhThucThu": "1",
            "Gia": 10_000,
            "MoTa": "10.000 đồng/lần",
        },
        {"TenPhiLePhi": "Lệ phí", "HinhThucThu": "1", "Gia": None, "MoTa": ""},
    ]


def test_national_fee_list_shows_zero_for_an_exempt_applicant() -> None:
    items = national_fee_list([CERTIFY], "in-person", pages=10, exempt=True)
    assert [item["Gia"] for item in items] == [0]
