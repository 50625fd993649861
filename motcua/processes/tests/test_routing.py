"""Routing rules and the position of a dossier in its process, without a database."""

from __future__ import annotations

import pytest

from motcua.processes.routing import DossierFacts, answer_at, current_index, fits

FACTS = DossierFacts(
    sector_code="cu-tru",
    commune_code="05443",
    answers={"loai_cho_o": "Nhà thuê", "nhom": {"so_nguoi": 3}, "giay_to": ["so-do", "hop-dong"]},
)


def test_a_commune_rule_fits_the_applicants_commune_among_several():
    assert fits("commune", "05467, 05443", FACTS)
    assert not fits("commune", "05467", FACTS)
    assert not fits("commune", "05443", DossierFacts())  # no commune recorded


def test_an_answer_rule_compares_without_case_and_reads_groups_and_lists():
    assert fits("answer", "nhà thuê", FACTS, answer_key="loai_cho_o")
    assert not fits("answer", "Nhà riêng", FACTS, answer_key="loai_cho_o")
    assert fits("answer", "3", FACTS, answer_key="nhom.so_nguoi")
    assert fits("answer", "hop-dong", FACTS, answer_key="giay_to")
    assert not fits("answer", "x", FACTS, answer_key="khong_co")
    assert answer_at(FACTS.answers, "nhom.so_nguoi.sau") is None


def test_a_sector_rule_fits_the_procedures_sector():
    assert fits("sector", "ho-tich,cu-tru", FACTS)
    with pytest.raises(ValueError, match="unknown routing condition"):
        fits("weather", "x", FACTS)


def test_the_receipt_step_is_the_counters_first_step():
    assert current_index([], starts_at_counter=True) == -1
    assert current_index([""], starts_at_counter=True) == 0  # received
    assert current_index(["done", ""], starts_at_counter=True) == 1  # forwarded once
    assert current_index([""], starts_at_counter=False) == -1


def test_a_return_to_an_earlier_step_moves_one_step_back():
    assert current_index(["done", "done", "returned", ""], starts_at_counter=True) == 1
    assert current_index(["done", "returned", ""], starts_at_counter=False) == -1
