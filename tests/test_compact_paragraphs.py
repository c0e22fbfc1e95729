"""Drafts with a paragraph every few bytes: lines kept as columns, paragraph units slim.

A file of one-word lines (a word list, a pasted column, a law saved one sentence per
line) has a paragraph every six bytes. These tests hold the compact forms to what the
full objects said, and bound what a paragraph costs.
"""

from __future__ import annotations

import pickle
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

import genderlens
from genderlens.model import Anchor, Paragraph, ParagraphColumns, TextLines, Unit
from genderlens.normalize import line_normalizer, normalize
from genderlens.readers.text import split_lines
from genderlens.structure import build_document
from genderlens.structure.paragraph_units import ParagraphUnit

# blank lines, leading spaces, NFD Vietnamese, a look-alike "Ð" (eth for đ) and a tab
TEXT = (
    "Nguời lao động\n"
    "\n"
    "   Lao động nữ được nghỉ.\n"
    "\t\n"
    + unicodedata.normalize("NFD", "Người sử dụng lao động nữ.\n")
    + "Ðiều lao động nam.\n"  # U+00D0, not Đ
    + "Kết thúc\tdòng."
)


def _old_paragraphs(text: str) -> list[Paragraph]:
    """What the reader made before lines were kept as columns: a Paragraph per line."""
    norm = line_normalizer(text)
    return [Paragraph(norm(raw), raw, Anchor(i), "body")
            for i, raw in enumerate(split_lines(text), 1) if raw and not raw.isspace()]


def _columns(text: str) -> TextLines:
    """The lines of ``text`` as columns, whatever their number and width."""
    columns = ParagraphColumns()
    for p in _old_paragraphs(text):
        columns.add(p.text, p.raw, p.anchor.line or 0, p.anchor.column, p.kind, p.level)
    return columns.done()


def test_text_lines_make_the_paragraphs_a_list_held() -> None:
    for text in (TEXT, "plain ascii\n\nsecond line\n", unicodedata.normalize("NFC", TEXT)):
        old = _old_paragraphs(text)
        lines = _columns(text)
        assert len(lines) == len(old)
        assert list(lines) == old
        assert lines == old and old == lines
        assert [lines[i] for i in range(len(old))] == old
        assert lines[-1] == old[-1] and lines[1:3] == old[1:3]
        assert [lines.text_of(i) for i in range(len(old))] == [p.text for p in old]
        assert [lines.line_of(i) for i in range(len(old))] == [p.anchor.line for p in old]
        assert pickle.loads(pickle.dumps(lines)) == old


def test_text_lines_keep_the_raw_line_where_normalising_changed_it() -> None:
    lines = _columns(TEXT)
    nfd = next(p for p in lines if p.text.startswith("Người sử dụng"))
    assert nfd.raw != nfd.text and normalize(nfd.raw) == nfd.text
    fixed = next(p for p in lines if "lao động nam" in p.text)
    assert fixed.raw.startswith("\u00d0") and fixed.text.startswith("Đ")
    try:
        lines[len(lines)]
    except IndexError:
        pass
    else:
        raise AssertionError("an index past the end must raise IndexError")


def _document(tmp_path: Path, text: str) -> genderlens.model.Document:
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    return genderlens.read(path)


def test_paragraph_units_read_as_the_plain_units_they_stand_for(tmp_path: Path) -> None:
    doc = _document(tmp_path, "Báo cáo\n" + "".join(f"Câu số {i} của lao động nữ.\n"
                                                   for i in range(40)))
    units = [u for u in doc.walk() if u.kind == "paragraph"]
    assert units and all(isinstance(u, ParagraphUnit) for u in units)
    for u in units:
        (idx,) = u.paragraphs
        para = doc.paragraphs[idx]
        assert u.text == para.text and u.number == str(idx + 1)
        assert u.id == f"para_{idx + 1}"
        assert u.locator.text == f"đoạn {idx + 1} (dòng {para.anchor.line})"
        assert u.children == [] and u.heading == "" and not u.quoted
        plain = pickle.loads(pickle.dumps(u))
        assert type(plain) is Unit and plain == u.plain()
        assert (plain.id, plain.text, plain.locator, plain.paragraphs) == (
            u.id, u.text, u.locator, u.paragraphs)


def test_paragraph_units_of_a_wrapped_paragraph_cite_its_lines(tmp_path: Path) -> None:
    from test_read_text import WRAPPED

    doc = _document(tmp_path, WRAPPED)
    cites = [u.locator.text for u in doc.walk() if u.kind == "paragraph"]
    assert cites and all("–" in c for c in cites), cites  # "đoạn 1 (dòng 1–5)"
    assert not isinstance(doc.paragraphs, TextLines)  # joined lines are whole paragraphs


def test_a_review_of_one_word_lines_finds_as_before(tmp_path: Path) -> None:
    """Findings in a draft of short lines carry the paragraph's citation and line."""
    doc = _document(tmp_path, "".join(f"Dòng {i}.\n" for i in range(30))
                    + "Chỉ tuyển lao động nam.\n" + "".join(f"Dòng {i}.\n" for i in range(30)))
    review = genderlens.review(doc)
    found = [f for f in review.findings if f.span is not None and f.span.line == 31]
    assert found and all(f.locator.text == "đoạn 31 (dòng 31)" for f in found)


def test_long_files_keep_their_lines_as_columns_equal_to_the_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from genderlens.readers import text as text_reader

    lines = split_lines(TEXT * 3)
    short = text_reader.paragraphs_from_lines(lines, norm=line_normalizer(TEXT))
    monkeypatch.setattr(text_reader, "COMPACT_LINES", 5)
    monkeypatch.setattr(text_reader, "COMPACT_WIDTH", 5)  # its lines are 17 on average
    wide = text_reader.paragraphs_from_lines(lines, norm=line_normalizer(TEXT))
    monkeypatch.setattr(text_reader, "COMPACT_WIDTH", 1000)
    long = text_reader.paragraphs_from_lines(lines, norm=line_normalizer(TEXT))
    assert isinstance(short, list) and isinstance(long, TextLines)
    assert isinstance(wide, list)  # many lines, but long ones: a list is the faster
    assert long == short == _old_paragraphs(TEXT * 3)


def test_a_draft_of_one_word_lines_costs_a_few_hundred_bytes_a_line(tmp_path: Path) -> None:
    """Read and structured, 30 000 one-word sentences hold under 300 bytes a line (a
    Paragraph, Anchor and full Unit each came to about 850)."""
    n = 30_000
    path = tmp_path / "words.txt"
    path.write_text("".join(f"Từ{i % 7}.\n" for i in range(n)), encoding="utf-8")
    from genderlens.readers import read_file

    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        doc = build_document(read_file(path))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert isinstance(doc.paragraphs, TextLines) and len(doc.paragraphs) == n
    units = [u for u in doc.walk() if u.kind == "paragraph"]
    assert len(units) >= n - 12
    assert units[-1].locator.text == f"đoạn {n} (dòng {n})" and units[-1].text == f"Từ{(n - 1) % 7}."
    assert held / n < 300, f"{held / n:.0f} bytes per line"


MARKDOWN = """---
title: Mẫu
---
# LUẬT MẪU

## Điều 1. Phạm vi

1. Lao động nữ được nghỉ.
   - a) lao động nam
> Trích dẫn về phụ nữ.
<!-- genderlens-disable-next-line -->
   Thiên chức của phụ nữ.
<details>
<summary>Ghi chú</summary>
Ghi chú lịch sử.
</details>
""" + unicodedata.normalize("NFD", "Người lao động.\n")


def test_long_markdown_keeps_its_lines_as_columns_equal_to_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Headings, list items with their levels, quotes, directives and notes, each at its
    column: the same paragraphs as columns as in a list."""
    from genderlens.readers import markdown
    from genderlens.readers import text as text_reader

    path = tmp_path / "d.md"
    path.write_text(MARKDOWN * 3, encoding="utf-8")
    listed = markdown.read_markdown(path).paragraphs
    listed_review = genderlens.review(path)
    monkeypatch.setattr(text_reader, "COMPACT_LINES", 5)
    monkeypatch.setattr(text_reader, "COMPACT_WIDTH", 1000)
    columns = markdown.read_markdown(path).paragraphs
    assert isinstance(listed, list) and isinstance(columns, TextLines)
    assert columns == listed
    assert {p.kind for p in listed} >= {"heading", "list", "quote", "directive", "notes", "body"}
    assert {p.level for p in listed} >= {1, 2, None} and any(p.anchor.column for p in listed)
    assert any(p.raw != p.text for p in listed)  # the NFD line keeps its raw text
    columns_review = genderlens.review(path)
    assert isinstance(columns_review.document.paragraphs, TextLines)
    assert columns_review.findings == listed_review.findings and listed_review.findings
