"""Finding words in a paper's text whatever their diacritics, and the snippet that shows them.

Pure: no database. A paper's text is stored twice (StoredFile.text and text_folded): as read,
for people, and folded by `motcua.lib.text.fold` (lower case, no diacritics, đ → d), for the
database's match. A query is folded the same way, and each of its words must start a word of
the text: "nguyen thi huong", "NGUYỄN THỊ HƯƠNG" and "nguy huong" all find "Nguyễn Thị Hương"
(and, without diacritics to tell them apart, "Nguyên" too). The snippet is cut from the text
as read, with each matched word marked, by folding it letter by letter and keeping where each
letter came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from motcua.lib.text import fold, search_terms

MIN_TERM = 2  # one letter matches nearly every paper: such words are left out
MAX_TERMS = 8
BEFORE, AFTER = 60, 140  # characters of context around the first match
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Part:
    """A piece of a snippet: plain text, or a matched word (`marked`)."""

    text: str
    marked: bool = False


def terms_of(query: str) -> list[str]:
    """The folded words of `query` to look for: at least MIN_TERM characters, longest first."""
    return [t for t in search_terms(query) if len(t) >= MIN_TERM][:MAX_TERMS]


def folded_for_search(text: str) -> str:
    """What StoredFile.text_folded holds for `text`."""
    return fold(text)


def _fold_letter(ch: str) -> str:
    """One character as `fold` sees it: lower case, without marks, đ → d; a character that is
    neither a letter, a digit, "_" nor "." becomes a space."""
    lowered = ch.lower().replace("đ", "d")
    bare = "".join(c for c in unicodedata.normalize("NFD", lowered) if not unicodedata.combining(c))
    return "".join(c if (c.isalnum() or c in "._") else " " for c in bare)


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """`text` folded letter by letter (spaces not merged), and for each folded character the
    index of the character of `text` it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_letter(ch)
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms start words of `text`, as (start, end) ranges of its characters; ranges
    apart only by white space are one ("Nguyễn Thị Hương" is marked once)."""
    folded, origin = _folded_with_origin(text)
    found: list[tuple[int, int]] = []
    for term in terms:
        for start in _word_starts(folded, term):
            end = origin[start + len(term) - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1  # a mark written apart from its letter belongs to the match
            found.append((origin[start], end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _word_starts(folded: str, term: str) -> list[int]:
    """Where `term` occurs in `folded` at the start of a word, as the search matches it."""
    found = []
    start = folded.find(term)
    while start != -1:
        if start == 0 or folded[start - 1] == " ":
            found.append(start)
        start = folded.find(term, start + 1)
    return found


def snippet(text: str, terms: list[str]) -> list[Part]:
    """A short extract of `text` around the first match, with every match in it marked.

    Runs of white space (an OCR text keeps its line breaks) become one space; an extract that
    does not start or end with the text starts or ends with "…". No match gives the start of
    the text.
    """
    text = unicodedata.normalize("NFC", text)
    spans = _spans(text, terms)
    first = spans[0][0] if spans else 0
    start = _word_start(text, max(0, first - BEFORE))
    end = _word_end(text, min(len(text), first + AFTER))
    parts: list[Part] = []
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s > cursor:
            parts.append(Part(text[cursor:s]))
        parts.append(Part(text[s:e], marked=True))
        cursor = e
    if cursor < end:
        parts.append(Part(text[cursor:end]))
    return _tidied(parts, cut_start=start > 0, cut_end=end < len(text))


def _word_start(text: str, at: int) -> int:
    """`at` moved forward to the start of a word, unless it is the start of the text."""
    if at == 0:
        return 0
    space = _SPACE.search(text, at, at + 20)
    return space.end() if space else at


def _word_end(text: str, at: int) -> int:
    """`at` moved back to the end of a word, unless it is the end of the text."""
    if at >= len(text):
        return len(text)
    for i in range(at - 1, max(0, at - 20) - 1, -1):
        if text[i].isspace():
            return i
    return at


def _tidied(parts: list[Part], *, cut_start: bool, cut_end: bool) -> list[Part]:
    """White space collapsed, the ends trimmed, "…" where the text was cut."""
    tidy = [Part(_SPACES.sub(" ", p.text), p.marked) for p in parts]
    if tidy:
        tidy[0] = Part(tidy[0].text.lstrip(), tidy[0].marked)
        tidy[-1] = Part(tidy[-1].text.rstrip(), tidy[-1].marked)
    tidy = [p for p in tidy if p.text]
    if cut_start:
        tidy.insert(0, Part("… "))
    if cut_end:
        tidy.append(Part(" …"))
    return _joined(tidy)


def _joined(parts: list[Part]) -> list[Part]:
    """Neighbouring plain parts as one."""
    out: list[Part] = []
    for part in parts:
        if out and not part.marked and not out[-1].marked:
            out[-1] = Part(out[-1].text + part.text)
        else:
            out.append(part)
    return out


def plain(parts: list[Part]) -> tuple[str, list[tuple[int, int]]]:
    """A snippet as one string, and where its marked parts are in it (start, end)."""
    text = ""
    marks: list[tuple[int, int]] = []
    for part in parts:
        if part.marked:
            marks.append((len(text), len(text) + len(part.text)))
        text += part.text
    return text, marks
