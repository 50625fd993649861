"""Matching words in a paper's text whatever their diacritics, and the snippet that shows them.
Pure functions: no database."""

from __future__ import annotations

import unicodedata

import pytest

from motcua.documents.textsearch import Part, folded_for_search, plain, snippet, terms_of
from motcua.lib.text import fold

TEXT = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nGIẤY KHAI SINH\n"
    "Họ, chữ đệm, tên: Nguyễn Thị Hương\nNơi sinh: phường Bắc Kạn, tỉnh Thái Nguyên\n"
)


def marked(parts: list[Part]) -> list[str]:
    return [p.text for p in parts if p.marked]


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("Nguyễn Thị Hương", ["nguyen", "huong", "thi"]),
        ("  NGUYEN   thi ", ["nguyen", "thi"]),
        ("Đăng ký", ["dang", "ky"]),
        ("a b c", []),  # one letter matches nearly every paper
        ("số 1.004222", ["1.004222", "so"]),
    ],
)
def test_a_query_becomes_folded_words_of_two_letters_or_more(query, terms):
    assert terms_of(query) == terms


def test_the_stored_folded_text_is_what_a_folded_query_finds():
    folded = folded_for_search(TEXT)
    assert folded == fold(TEXT)
    assert all(term in folded for term in terms_of("nguyễn thi HUONG bac kan"))


@pytest.mark.parametrize("query", ["Nguyễn Thị Hương", "nguyen thi huong", "NGUYỄN THỊ HƯƠNG"])
def test_the_words_are_marked_as_written_in_the_paper(query):
    parts = snippet(TEXT, terms_of(query))
    # Folded, "Nguyễn" and "Nguyên" are one word: both are marked.
    assert marked(parts) == ["Nguyễn Thị Hương", "Nguyên"]


def test_a_word_matches_from_its_start_only():
    assert marked(snippet(TEXT, terms_of("nguy huo"))) == ["Nguy", "Hươ", "Nguy"]
    assert marked(snippet(TEXT, terms_of("guyen"))) == []


def test_d_and_đ_match_each_other():
    assert marked(snippet(TEXT, terms_of("doc lap"))) == ["Độc lập"]


def test_a_mark_written_apart_from_its_letter_is_part_of_the_match():
    decomposed = unicodedata.normalize("NFD", "Nơi sinh: phường Bắc Kạn")
    parts = snippet(decomposed, terms_of("bac kan"))
    assert marked(parts) == ["Bắc Kạn"]


def test_line_breaks_become_spaces_and_a_cut_text_shows_ellipses():
    long_text = "Mở đầu. " * 30 + TEXT + " Kết thúc." * 30
    text, marks = plain(snippet(long_text, terms_of("Thái Bắc")))
    assert text.startswith("… ")
    assert text.endswith(" …")
    assert "\n" not in text
    assert [text[s:e] for s, e in marks] == ["Bắc", "Thái"]
    assert len(text) < 260


def test_without_a_match_the_snippet_is_the_start_of_the_text():
    text, marks = plain(snippet(TEXT, ["khong", "thay"]))
    assert text.startswith("CỘNG HÒA XÃ HỘI")
    assert marks == []


def test_an_empty_text_gives_an_empty_snippet():
    assert snippet("", ["nguyen"]) == []
