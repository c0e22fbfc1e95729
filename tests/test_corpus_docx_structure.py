"""Structure of the real Word laws, and agreement with the same laws as text."""

from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path

import pytest

import genderlens
from genderlens.model import Document
from tests.conftest import corpus_files, corpus_path

pytestmark = pytest.mark.corpus

VI_DOCX = corpus_files("vi/laws-docx", "*.docx")
VI_TXT = corpus_files("vi/laws-txt", "*.txt")
_HEADING = re.compile(r"^\s*(?:Điều|ĐIỀU)\s+(\d+[a-zđ]?)\s*(?:\.|$)")

# Where the Word file and the text file of one law really differ (checked by hand).
CLAUSE_DIFFERENCES = {
    # The .txt runs clause 6 onto the end of point c) ("… Việt Nam.6. Chính phủ …").
    ("24/2008/QH12", "23"),
    # The .docx types "d)" where the promulgated text has clause "3.".
    ("57/2020/QH14", "23"),
}
# Luật-84-2015: Word's automatic numbering lost "Điều 3", so Word shows the articles
# one number lower from there on (the reader reports what Word shows); no pair check.
UNPAIRED = {"84/2015/QH13"}


@cache
def _txt_by_number() -> dict[str, Document]:
    out = {}
    for path in VI_TXT:
        doc = genderlens.read(path)
        if doc.metadata.get("number"):
            out[doc.metadata["number"]] = doc
    return out


def _ints(numbers: list[str]) -> list[int]:
    return [int(re.match(r"\d+", n).group()) for n in numbers]  # type: ignore[union-attr]


@pytest.mark.parametrize("path", VI_DOCX, ids=lambda p: p.name[:30])
def test_docx_articles(path: Path) -> None:
    doc = genderlens.read(path)
    found = [a.number for a in doc.articles()]
    # independent count: visible paragraph text (numbering label included) that reads
    # as an article heading, outside quotations
    expected = []
    depth = 0  # inside “…” quoted amending text
    for p in doc.paragraphs:
        if not p.is_provision_text:
            continue
        if depth <= 0 and (m := _HEADING.match(p.text)):
            expected.append(m.group(1))
        depth = max(0, depth + p.text.count("“") - p.text.count("”"))
    assert found == expected
    ints = _ints(found)
    assert all(b == a + 1 for a, b in itertools.pairwise(ints)), "gap or repeat"


@pytest.mark.parametrize("path", VI_DOCX, ids=lambda p: p.name[:30])
def test_docx_clauses_agree_with_txt(path: Path) -> None:
    doc = genderlens.read(path)
    number = doc.metadata.get("number")
    pair = _txt_by_number().get(number or "")
    if pair is None or number in UNPAIRED:
        pytest.skip(f"no .txt of {number} in the corpus")
    clauses_txt = {
        a.number: [c.number for c in a.children if c.kind == "clause"] for a in pair.articles()
    }
    clauses_doc = {
        a.number: [c.number for c in a.children if c.kind == "clause"] for a in doc.articles()
    }
    assert set(clauses_txt) == set(clauses_doc)
    differ = {a for a in clauses_txt if clauses_txt[a] != clauses_doc[a]}
    assert differ == {a for n, a in CLAUSE_DIFFERENCES if n == number}


def test_labour_code_pair_clause_counts() -> None:
    txt = genderlens.read(corpus_path("vi/laws-txt/Bo-Luat-lao-dong-2019-333670.txt"))
    docx = genderlens.read(corpus_path("vi/laws-docx/Bộ luật-45-2019-QH14.docx"))
    assert [len(a.children) for a in txt.articles()] == [len(a.children) for a in docx.articles()]


@pytest.mark.parametrize(
    "name", ["Luật-69-2014-QH13.docx", "Luật-84-2015-QH13.docx", "Luật-64-2014-QH13.docx"]
)
def test_auto_numbered_laws_get_their_numbers(name: str) -> None:
    doc = genderlens.read(corpus_path("vi/laws-docx", name))
    labelled = [p for p in doc.paragraphs if p.label]
    assert labelled, "no automatic numbering resolved"
    units = [u for u in doc.walk() if u.kind in ("article", "clause", "point")]
    by_para = {u.paragraphs[0]: u for u in units if u.paragraphs}
    matched = 0
    for i, p in enumerate(doc.paragraphs):
        if p.label and i in by_para:
            unit = by_para[i]
            assert unit.number is not None and unit.number in p.label
            matched += 1
    assert matched >= 0.9 * len(
        [p for p in labelled if re.match(r"^(Điều )?\d+\.|^[a-zđ]\)", p.label)]
    )
    assert matched > 10


def test_tracked_changes_are_read_as_accepted() -> None:
    doc = genderlens.read(corpus_path("vi/laws-docx/Luật-24-2008-QH12.docx"))
    assert doc.tracked_changes
    art23 = next(a for a in doc.articles() if a.number == "23")
    clause5 = next(c for c in art23.children if c.number == "5")
    assert "trong trường hợp đặc biệt" in clause5.text
    # the inserted points of clause 5 are there too
    assert [p.number for p in clause5.children][:3] == ["a", "b", "c"]
