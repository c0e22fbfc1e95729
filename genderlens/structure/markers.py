"""Recognise the marker that opens a legal unit, per language.

A marker is what a lawyer reads at the start of a line: "Chương II", "Điều 5.",
"2.", "đ)", "PART 3", "### 12 Definitions", "(1)", "(a)", "(i)". Each classifier is a
pure function of one paragraph's text (plus, for Markdown, its kind and level), so the
rules can be tested one line at a time.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from genderlens.model import Paragraph

RANK = {
    "part": 1,
    "chapter": 2,
    "section": 3,
    "subsection_group": 4,
    "article": 5,
    "clause": 6,
    "point": 7,
    "subpoint": 8,
}


class Marker(NamedTuple):
    """What a line's marker says. A named tuple rather than a frozen dataclass: one
    is made for most lines of every law, and a tuple is made several times faster."""

    kind: str
    number: str
    heading: str  # heading text on the same line ("" when none)
    body: str = ""  # text after the marker when it is not a heading (clauses, points)
    needs_heading: bool = False  # heading expected on the next line ("Điều 1" alone)
    style: str = ""  # "article" for "Article 5" in English (cited "Art. 5")


# ------------------------------------------------------------------ Vietnamese

_ROMAN = r"[IVXLC]+"
_VI_PART = re.compile(
    rf"^PHẦN\s+(THỨ\s+[^\s.:]+|{_ROMAN}|\d+)\b\s*[.:\-–—]?\s*(.*)$", re.IGNORECASE
)
_VI_CHAPTER = re.compile(rf"^CHƯƠNG\s+({_ROMAN}|\d+[A-Z]?)\b\s*([.:\-–—])?\s*(.*)$", re.IGNORECASE)
_VI_SECTION = re.compile(rf"^MỤC\s+(\d+[a-z]?|{_ROMAN})\b\s*([.:\-–—])?\s*(.*)$", re.IGNORECASE)
_VI_SUBGROUP = re.compile(r"^TIỂU\s+MỤC\s+(\d+)\b\s*([.:\-–—])?\s*(.*)$", re.IGNORECASE)
# "Điều 5.", "Điều 12a.", and the Legal Code's (Pháp điển) "Điều 8.2.LQ.1." / "8.2.NĐ.1.1."
_VI_ARTICLE = re.compile(
    r"^ĐIỀU\s+(\d+[a-zđ]?(?:\.(?:\d+|[A-ZĐ]{2,4}))*)\b\s*([.:])?\s*(.*)$", re.IGNORECASE
)
# A table-of-contents entry: heading text, then a tab or dot leaders and a page number.
_TOC_ENTRY = re.compile(r"(?:\t|\.{3,}|…{2,}|\s{3,})\s*\d{1,4}\s*$")
# "1." and, in laws of the 1980s, "1-"
_VI_CLAUSE = re.compile(r"^(\d{1,3}[a-zđ]?)\s*(?:\.(?!\d)|-(?=\s))\s*(.*)$")
_VI_POINT = re.compile(r"^([a-zđ](?:\d{1,2})?)\s*\)\s*(.*)$")
_VI_SUBPOINT = re.compile(r"^([a-zđ]\.\d{1,2}|\d{1,2}\.\d{1,2}\.?)\s*\)?\s+(.*)$")

_UPPER_RE = re.compile(r"[^\W\d_]")


def _looks_uppercase(text: str) -> bool:
    letters = _UPPER_RE.findall(text)
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _starts_upper(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return False
    return False


def _heading_ok(sep: str | None, rest: str) -> bool:
    """A grouping marker without a separator is a heading only when what follows
    looks like a title (nothing, or capitals): "Mục 1 Chương XI của Bộ luật này…" is
    a sentence, not a heading."""
    if sep or not rest:
        return True
    return _looks_uppercase(rest)


def classify_vi(text: str) -> Marker | None:
    if text[-1:].isdigit() and _TOC_ENTRY.search(text):
        return None
    t = text.strip().replace("\t", " ")
    if not t:
        return None
    first = t[0]
    if first in "PpCcMmTtĐđ":
        if first in "Đđ" and (m := _VI_ARTICLE.match(t)):
            num, sep, rest = m.group(1), m.group(2), m.group(3).strip()
            if sep or not rest or _starts_upper(rest):
                # "Điều 5 của Luật này…" starts with a reference, not a heading.
                return Marker("article", num, rest, needs_heading=not rest)
            return None
        if first in "Cc" and (m := _VI_CHAPTER.match(t)):
            if _heading_ok(m.group(2), m.group(3)):
                rest = m.group(3).strip()
                return Marker("chapter", m.group(1).upper(), rest, needs_heading=not rest)
            return None
        if first in "Tt" and (m := _VI_SUBGROUP.match(t)):
            if _heading_ok(m.group(2), m.group(3)):
                rest = m.group(3).strip()
                return Marker("subsection_group", m.group(1), rest, needs_heading=not rest)
            return None
        if first in "Mm" and (m := _VI_SECTION.match(t)):
            if _heading_ok(m.group(2), m.group(3)):
                rest = m.group(3).strip()
                return Marker("section", m.group(1), rest, needs_heading=not rest)
            return None
        if first in "Pp" and (m := _VI_PART.match(t)):
            rest = m.group(2).strip()
            if not rest or _looks_uppercase(rest):
                number = " ".join(m.group(1).split()).lower()
                return Marker("part", number, rest, needs_heading=not rest)
            return None
    # (clauses and points are most lines of a law: positional Markers, one groups())
    if first.isdigit():
        m = _VI_CLAUSE.match(t)
        if m:
            number, body = m.groups()
            if body or len(t) < 6:
                return Marker("clause", number, "", body)
        return None
    if first.islower():
        m = _VI_POINT.match(t)
        if m:
            number, body = m.groups()
            return Marker("point", number, "", body)
    return None


# --------------------------------------------------------------------- English

_EN_PART = re.compile(
    rf"^PART\s+({_ROMAN}(?:\.\d+)?|\d+[A-Z]?(?:\.\d+)?)\b\s*[.:\-–—]?\s*(.*)$", re.I
)
_EN_DIVISION = re.compile(
    rf"^DIVISION\s+({_ROMAN}|\d+[A-Z]?(?:\.\d+)?)\b\s*[.:\-–—]?\s*(.*)$", re.I
)
_EN_CHAPTER = re.compile(rf"^CHAPTER\s+({_ROMAN}|\d+[A-Z]?)\b\s*[.:\-–—]?\s*(.*)$", re.I)
_EN_ARTICLE = re.compile(r"^ARTICLE\s+(\d+[a-z]?)\b\s*[.:\-–—]?\s*(.*)$", re.I)
_EN_SECTION_WORD = re.compile(
    r"^(?:SECTION|Sec\.|s\.)\s*(\d+[A-Z]?(?:\.\d+)*)\b\s*[.:\-–—]?\s*(.*)$", re.I
)
_EN_SECTION_NUM = re.compile(r"^(\d{1,4}[A-Z]?(?:\.\d{1,7})*)(\.?)(?:\s+(.*))?$")
_EN_SUBSECTION = re.compile(r"^\((\d{1,3}(?:\.\d{1,2})?[A-Z]?)\)\s*(.*)$")
_EN_PARAGRAPH = re.compile(r"^\(([a-z]{1,2}(?:\.\d{1,2})?)\)\s*(.*)$")
_EN_CLAUSE_UPPER = re.compile(r"^\(([A-Z](?:\.\d{1,2})?)\)\s*(.*)$")
_ROMANS = {
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
    "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx",
}  # fmt: skip
_EN_GROUPS = ((_EN_PART, "part"), (_EN_DIVISION, "section"), (_EN_CHAPTER, "chapter"))
_EN_GROUP_OF = {"p": _EN_GROUPS[0], "d": _EN_GROUPS[1], "c": _EN_GROUPS[2]}
# A roman-looking marker is a *paragraph* when it continues the letter series.
_LETTER_BEFORE = {"i": "h", "v": "u", "x": "w", "ii": "hh"}


def is_roman(marker: str) -> bool:
    return marker.split(".")[0] in _ROMANS


def letter_follows(prev: str | None, marker: str) -> bool:
    """True when ``marker`` is the letter right after ``prev`` ("h" -> "i")."""
    return prev is not None and _LETTER_BEFORE.get(marker) == prev.split(".")[0]


def classify_en(para: Paragraph) -> Marker | None:
    t = para.text.strip()
    if not t:
        return None
    if para.kind == "heading":
        if not t[0].isdigit():  # ("### 12 Definitions": only a section number can match)
            for rx, kind in _EN_GROUPS:
                if m := rx.match(t):
                    return Marker(kind, m.group(1).upper(), m.group(2).strip())
            if m := _EN_ARTICLE.match(t):
                rest = m.group(2).strip()
                return Marker("article", m.group(1), rest, needs_heading=not rest, style="article")
            if m := _EN_SECTION_WORD.match(t):
                return Marker("article", m.group(1), m.group(2).strip())
        if m := _EN_SECTION_NUM.match(t):
            return Marker("article", m.group(1), (m.group(3) or "").strip())
        return None
    first = t[0]
    if first == "(":
        if m := _EN_SUBSECTION.match(t):
            return Marker("clause", m[1], "", m[2])
        if m := _EN_PARAGRAPH.match(t):
            return Marker("point", m[1], "", m[2])
        if m := _EN_CLAUSE_UPPER.match(t):
            return Marker("subpoint", m[1], "", m[2])
        return None
    if first in "PpDdCcAaSs":
        # Each keyword starts with its own letter: only that one pattern can match.
        short = len(t) <= 150
        low = first.lower()
        group = _EN_GROUP_OF.get(low)
        if group is not None:
            rx, kind = group
            m = rx.match(t)
            if m and short and (not m.group(2) or _starts_upper(m.group(2))):
                return Marker(kind, m.group(1).upper(), m.group(2).strip())
            return None
        m = _EN_ARTICLE.match(t) if low == "a" else None
        if m and (not m.group(2) or _starts_upper(m.group(2))):
            return Marker(
                "article",
                m.group(1),
                m.group(2).strip() if short else "",
                body="" if short else m.group(2),
                needs_heading=not m.group(2).strip(),
                style="article",
            )
        m = _EN_SECTION_WORD.match(t) if low == "s" else None
        if m and t[:1].isupper() and (not m.group(2) or _starts_upper(m.group(2))):
            return Marker(
                "article",
                m.group(1),
                m.group(2).strip() if short else "",
                body="" if short else m.group(2),
            )
        return None
    if first.isdigit() and para.kind not in ("list",):
        m = _EN_SECTION_NUM.match(t)
        if m and m.group(3) and _starts_upper(m.group(3)):
            rest = m.group(3).strip()
            # "12 Definitions" / "12. Definitions" is a heading; a long sentence is the
            # section's text ("1. This Act may be cited as…").
            if len(rest) <= 100 and not rest.endswith((".", ";", ":")):
                return Marker("article", m.group(1), rest)
            if m.group(2) == "." or "." not in m.group(1):
                return Marker("article", m.group(1), "", body=rest)
    return None
