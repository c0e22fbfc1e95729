"""Helpers for the render tests (hand-made reviews, reading comments back) and the
tests of the memo's judgements (verdict, rating), which need nothing else."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from genderlens.model import (
    ChecklistInfo,
    Document,
    Finding,
    ItemResult,
    Locator,
    Paragraph,
    Review,
    Severity,
    Span,
    Unit,
)
from genderlens.normalize import normalize, source_offset
from genderlens.readers.docx import iter_text_nodes

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"


def unit_of(doc: Document, index: int) -> Unit | None:
    found = None
    for unit in doc.walk():
        if index in unit.paragraphs:
            found = unit
    return found


def finding_at(
    doc: Document,
    word: str,
    *,
    nth: int = 0,
    severity: Severity = Severity.warning,
    category: str = "language",
    rule: str = "test-list.item-1",
    message: str = "Flagged.",
    suggestion: str = "",
    basis: str = "Test basis",
) -> Finding:
    """A finding on the ``nth`` occurrence of ``word`` in the document's paragraphs,
    with the span the engine would compute."""
    seen = 0
    for i, para in enumerate(doc.paragraphs):
        start = para.text.find(word)
        while start >= 0:
            if seen == nth:
                return _finding(doc, i, para, start, start + len(word), severity, category,
                                rule, message, suggestion, basis)
            seen += 1
            start = para.text.find(word, start + 1)
    raise AssertionError(f"{word!r} not found in the document")


def _finding(doc: Document, i: int, para: Paragraph, ps: int, pe: int, severity: Severity,
             category: str, rule: str, message: str, suggestion: str, basis: str) -> Finding:
    off = para.body_offset
    src_s = src_e = None
    if ps >= off:
        src_s = source_offset(para.raw, ps - off)
        src_e = source_offset(para.raw, pe - off)
    line = para.anchor.line
    col = para.anchor.column + (src_s or 0) + 1 if line is not None else None
    unit = unit_of(doc, i)
    checklist, _, item = rule.partition(".")
    return Finding(
        checklist=checklist, item=item, rule=rule, category=category, severity=severity,
        locator=unit.locator if unit else Locator(text=""), quote=para.text[ps:pe],
        message=message, suggestion=suggestion, basis=basis,
        span=Span(ps, pe, i, ps, pe, src_s, src_e, line, col),
        unit_id=unit.id if unit else "",
    )


def omission(message: str = "Nothing on gender.", rule: str = "test-list.item-2",
             severity: Severity = Severity.warning) -> Finding:
    checklist, _, item = rule.partition(".")
    return Finding(checklist, item, rule, "omission", severity, Locator(text="Whole draft"),
                   "", message)


def make_review(doc: Document, findings: list[Finding],
                items: list[ItemResult] | None = None) -> Review:
    if items is None:
        rules = dict.fromkeys(f.rule for f in findings)
        items = [ItemResult(r.split(".")[0], r.split(".", 1)[1], "flagged",
                            question=f"Question about {r}?", title=f"Title {r}",
                            basis="Basis") for r in rules]
    return Review(document=doc, findings=findings, items=items,
                  checklists=[ChecklistInfo("test-list", "1", "Test list")],
                  tool_version="0.0-test")


def text_document(text: str, language: str = "en", path: str = "draft.txt") -> Document:
    """A Document of plain lines (one paragraph each), as the text reader makes it."""
    from genderlens.model import Anchor

    paragraphs = [Paragraph(normalize(line), line, Anchor(line=n)) for n, line in
                  enumerate(text.splitlines(), 1) if line.strip()]
    return Document(path=path, format="txt", language=language, paragraphs=paragraphs,
                    title=paragraphs[0].text if paragraphs else None)


def anchored_texts(path: Path, part: str = "word/document.xml") -> dict[str, str]:
    """Comment id -> the accepted text between its range start and end ("\\n" between
    paragraphs), read the way the reader reads text."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(part))
    texts: dict[etree._Element, str] = {}
    for p in root.iter(W + "p"):
        for el, text in iter_text_nodes(p):
            texts[el] = text
    open_: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for el in root.iter():
        tag = el.tag
        if tag == W + "commentRangeStart":
            open_[el.get(W + "id")] = []
        elif tag == W + "commentRangeEnd":
            cid = el.get(W + "id")
            if cid in open_:
                done[cid] = "".join(open_.pop(cid))
        elif tag == W + "p":
            for parts in open_.values():
                if parts:
                    parts.append("\n")
        elif el in texts:
            for parts in open_.values():
                parts.append(texts[el])
    return done


def comments(path: Path) -> dict[str, str]:
    """Comment id -> comment text (paragraphs joined by "\\n")."""
    with zipfile.ZipFile(path) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        assert "relationships/comments" in rels
        root = etree.fromstring(z.read("word/comments.xml"))
    out = {}
    for c in root.iter(W + "comment"):
        out[c.get(W + "id")] = "\n".join(
            "".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p"))
    return out


# ------------------------------------------------------------ verdict and rating


def _doc(text: str, language: str = "en") -> Document:
    return text_document(text, language)


def test_verdict_follows_the_most_severe_finding():
    from genderlens.render.verdict import verdict

    doc = _doc("The chairman decides.")
    assert verdict(make_review(doc, [])) == "pass"
    info = finding_at(doc, "chairman", severity=Severity.info)
    assert verdict(make_review(doc, [info])) == "pass"
    warn = finding_at(doc, "chairman")
    assert verdict(make_review(doc, [info, warn])) == "pass-with-conditions"
    err = finding_at(doc, "chairman", severity=Severity.error)
    assert verdict(make_review(doc, [warn, err])) == "revise"


@pytest.mark.parametrize(
    ("text", "category", "severity", "expected"),
    [
        ("The Minister may act.", None, None, "gender-blind"),
        ("The Minister may act if he thinks fit.", "language", Severity.warning, "gender-blind"),
        ("Women and men may apply.", None, None, "gender-neutral"),
        ("Pregnant workers get leave.", "protective", Severity.info, "gender-neutral"),
        ("Pay is set without discrimination on the basis of sex.", None, None,
         "gender-responsive"),
        ("Seats are reserved for women until 2030.", "special-measure", Severity.info,
         "gender-responsive"),
        ("Men retire at 62 and women at 60.", "differential", Severity.warning,
         "gender-regressive"),
        ("Women may not work at night; equal pay applies.", "exclusion", Severity.error,
         "gender-regressive"),
    ],
)
def test_rating_on_the_gender_legislative_index_scale(text, category, severity, expected):
    from genderlens.render.verdict import rate

    doc = _doc(text)
    findings = []
    if category:
        word = text.split()[3]
        findings.append(finding_at(doc, word, category=category, severity=severity))
    rating = rate(make_review(doc, findings))
    assert rating.key == expected
    if expected == "gender-regressive":
        assert rating.findings == findings


def test_rating_reads_vietnamese_and_ignores_place_names():
    from genderlens.render.verdict import rate

    blind = _doc("Điều 1. Nước Cộng hòa xã hội chủ nghĩa Việt Nam quy định về miền Nam.", "vi")
    assert rate(make_review(blind, [])).key == "gender-blind"
    equal = _doc("Điều 2. Nam, nữ bình đẳng trong việc tham gia quản lý nhà nước.", "vi")
    assert rate(make_review(equal, [])).key == "gender-responsive"
