"""The annotated draft: a copy of the .docx with a Word comment on each flagged phrase.

Drafters answer a review in Word, so findings arrive where they work: as real comments
(``word/comments.xml``, ``w:commentRangeStart``/``End`` and a reference run) anchored on
exactly the flagged words. The reader recorded each paragraph's position among the
part's ``w:p`` elements and its accepted text (``Paragraph.raw``); the annotator walks
the same order, checks the text is the same, and maps the finding's ``source_start``/
``source_end`` onto the ``w:t`` nodes with the reader's own :func:`iter_text_nodes`.
Runs are split at the boundaries (formatting copied), inside whatever wraps them:
tables, hyperlinks, content controls, tracked insertions (the halves stay inside the
``w:ins``, so rejecting the insertion still removes all of it).

Findings that cannot carry their own comment - omissions, text in footnotes or text
boxes, a paragraph that no longer matches - are listed in one summary comment on the
title paragraph. The input is never written; the copy is written atomically.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from genderlens.errors import UsageError
from genderlens.model import Document, Finding, Paragraph, Review, Unit
from genderlens.normalize import source_offset
from genderlens.output import write_atomic
from genderlens.readers.docx import iter_text_nodes, paragraph_text
from genderlens.readers.guard import open_docx
from genderlens.render.common import memo_language
from genderlens.render.strings import strings
from genderlens.render.wordpackage import Comments, PackageEditor, W

_P = W + "p"
_R = W + "r"
_T = W + "t"
_RPR = W + "rPr"
_PPR = W + "pPr"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_MATH = (_M + "oMath", _M + "oMathPara")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_COMMENTABLE_KINDS = frozenset({"body", "table", "heading", "list", "quote"})


@dataclass(slots=True)
class Annotation:
    """What the annotator did, for the CLI's report and for tests."""

    output: Path | None = None
    placed: list[tuple[Finding, int]] = field(default_factory=list)  # (finding, comment id)
    summarised: list[Finding] = field(default_factory=list)
    mismatched: list[Finding] = field(default_factory=list)  # paragraph text had changed
    summary_comment: int | None = None


# ----------------------------------------------------------------- run splitting


def _pieces(p: etree._Element) -> list[tuple[etree._Element, str, int]]:
    out = []
    pos = 0
    for el, text in iter_text_nodes(p):
        out.append((el, text, pos))
        pos += len(text)
    return out


def _new_run_like(run: etree._Element) -> etree._Element:
    twin = etree.Element(run.tag, attrib=dict(run.attrib), nsmap=run.nsmap)
    rpr = run.find(_RPR)
    if rpr is not None:
        twin.append(_deepcopy(rpr))
    return twin


def _deepcopy(el: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(el))


def _is_content(child: etree._Element) -> bool:
    return child.tag != _RPR and isinstance(child.tag, str)


def _split(run: etree._Element, el: etree._Element, k: int,
           ) -> tuple[etree._Element | None, etree._Element | None]:
    """Split ``run`` so that a boundary falls ``k`` characters into ``el``; return the
    (left, right) runs either side (None where nothing is on that side)."""
    children = list(run)
    i = children.index(el)
    length = len(el.text or "") if el.tag == _T else 1
    if el.tag == _T and 0 < k < length:
        text = el.text or ""
        right = _new_run_like(run)
        tail_t = etree.SubElement(right, _T)
        tail_t.text = text[k:]
        tail_t.set(_XML_SPACE, "preserve")
        el.text = text[:k]
        el.set(_XML_SPACE, "preserve")
        for child in children[i + 1:]:
            right.append(child)
        run.addnext(right)
        return run, right
    cut = i if k <= 0 else i + 1  # children[cut:] go right
    has_left = any(_is_content(c) for c in children[:cut])
    has_right = any(_is_content(c) for c in children[cut:])
    if not has_left:
        return None, run
    if not has_right:
        return run, None
    right = _new_run_like(run)
    for child in children[cut:]:
        right.append(child)
    run.addnext(right)
    return run, right


def _outer_math(el: etree._Element) -> etree._Element:
    top = el
    for anc in el.iterancestors():
        if anc.tag in _MATH:
            top = anc
        elif anc.tag == _P:
            break
    return top


def _locate(p: etree._Element, offset: int, at_end: bool) -> tuple[etree._Element, int] | None:
    """The text node holding the character at ``offset`` (the one before it when
    ``at_end``) and the split position inside that node."""
    want = offset - 1 if at_end else offset
    for el, text, pos in _pieces(p):
        if pos <= want < pos + len(text):
            return el, offset - pos
    return None


def _mark_start(p: etree._Element, offset: int, marker: etree._Element) -> bool:
    found = _locate(p, offset, at_end=False)
    if found is None:
        return False
    el, k = found
    parent = el.getparent()
    if parent is None or parent.tag != _R:
        _outer_math(el).addprevious(marker)
        return True
    _, right = _split(parent, el, k)
    (right if right is not None else parent).addprevious(marker)
    return True


def _mark_end(p: etree._Element, offset: int, marker: etree._Element) -> bool:
    found = _locate(p, offset, at_end=True)
    if found is None:
        return False
    el, k = found
    parent = el.getparent()
    if parent is None or parent.tag != _R:
        _outer_math(el).addnext(marker)
        return True
    left, _ = _split(parent, el, k)
    (left if left is not None else parent).addnext(marker)
    return True


def _child_of(p: etree._Element, el: etree._Element) -> etree._Element:
    node = el
    while node.getparent() is not None and node.getparent() is not p:
        node = node.getparent()
    return node


def _reference_run(cid: int) -> etree._Element:
    run = etree.Element(_R)
    ref = etree.SubElement(run, W + "commentReference")
    ref.set(W + "id", str(cid))
    return run


def _paragraph_start(p: etree._Element, marker: etree._Element) -> None:
    ppr = p.find(_PPR)
    if ppr is not None:
        ppr.addnext(marker)
    else:
        p.insert(0, marker)


def _text_length(p: etree._Element) -> int:
    return sum(len(t) for _, t, _ in _pieces(p))


def place_comment(p: etree._Element, start: int, end: int, cid: int,
                  end_p: etree._Element | None = None) -> None:
    """Anchor comment ``cid`` on characters ``start:end`` of the paragraph's accepted
    text (``end`` counted in ``end_p`` when the range runs into a later paragraph; an
    empty range marks a point). The reference run follows the range outside any
    wrapper, so it is neither a hyperlink nor part of a tracked insertion."""
    begin = etree.Element(W + "commentRangeStart")
    begin.set(W + "id", str(cid))
    finish = etree.Element(W + "commentRangeEnd")
    finish.set(W + "id", str(cid))
    last = p if end_p is None else end_p
    total = _text_length(p)
    start = max(0, min(start, total))
    end = max(0, min(end, _text_length(last)))
    if last is p:
        end = max(start, end)
    if (last is not p or end > start) and _mark_end(last, end, finish):
        if not _mark_start(p, start, begin):
            _paragraph_start(p, begin) if start < total else p.append(begin)
    elif last is not p:  # the range ends right at the start of a later paragraph
        _paragraph_start(last, finish)
        if not _mark_start(p, start, begin):
            p.append(begin)
    else:  # nothing to span: a point at the start, or an empty paragraph
        if start < total and _mark_start(p, start, begin):
            begin.addnext(finish)
        else:
            _paragraph_start(p, begin)
            begin.addnext(finish)
    _child_of(last, finish).addnext(_reference_run(cid))


# -------------------------------------------------------------------- findings


def _raw_offset(para: Paragraph, text_offset: int) -> int:
    """An offset in ``Paragraph.text`` as an offset in ``raw`` (0 inside the label)."""
    off = para.body_offset
    return source_offset(para.raw, text_offset - off) if text_offset > off else 0


def _range(para: Paragraph, f: Finding) -> tuple[int, int]:
    """The finding's range in ``Paragraph.raw``. A quote that begins on the automatic
    number (outside the text) is anchored from the paragraph's start; one that lies
    wholly on the number marks the whole paragraph."""
    span = f.span
    assert span is not None
    if span.source_start is not None and span.source_end is not None:
        return span.source_start, span.source_end
    if span.para_end > para.body_offset:
        return 0, _raw_offset(para, span.para_end)
    return 0, len(para.raw)


def _end_paragraph(doc: Document, f: Finding, units: dict[str, Unit]) -> tuple[int, int] | None:
    """(paragraph index, raw offset) where a quote that runs over several paragraphs of
    its unit (a table row read as one line, a sentence split by a line break) ends."""
    span = f.span
    unit = units.get(f.unit_id)
    if span is None or unit is None or "\n" not in f.quote:
        return None
    pos = 0
    for idx in unit.paragraphs:
        n = len(doc.paragraphs[idx].text)
        if pos <= span.end <= pos + n and idx != span.paragraph:
            return idx, _raw_offset(doc.paragraphs[idx], span.end - pos)
        pos += n + 1
    return None


def _comment_text(f: Finding, s: dict[str, object]) -> list[str]:
    lines = [f.message]
    if f.suggestion:
        lines.append(str(s["comment_suggestion"]).format(text=f.suggestion))
    if f.basis:
        lines.append(str(s["comment_basis"]).format(text=f.basis))
    severities = s.get("severities")
    label = severities.get(f.severity.name) if isinstance(severities, dict) else None
    lines.append(f"[{label or f.severity.name}] {f.rule}")
    return lines


def _summary_text(findings: list[Finding], s: dict[str, object]) -> list[str]:
    lines = [str(s["comment_summary"]).format(n=len(findings))]
    for f in findings:
        where = f"{f.locator.text}: " if f.locator.text else ""
        line = f"• {where}{f.message}"
        if f.suggestion:
            line += " " + str(s["comment_suggestion"]).format(text=f.suggestion)
        lines.append(line)
    return lines


def _title_paragraph(doc: Document, main: str) -> Paragraph | None:
    """The paragraph that starts the title, else the first non-empty body paragraph."""
    candidates = [p for p in doc.paragraphs
                  if p.anchor.part == main and p.anchor.index is not None and p.raw.strip()]
    title = " ".join((doc.title or "").split())
    if title:
        for p in candidates[:60]:
            head = " ".join(p.text.split())
            if head and title.startswith(head):
                return p
    for p in candidates:
        if p.kind == "body":
            return p
    return candidates[0] if candidates else None


def _check_inputs(review: Review, input_path: Path) -> None:
    if input_path.suffix.lower() != ".docx" or review.document.format != "docx":
        raise UsageError(
            f"{input_path}: only Word .docx drafts can be annotated "
            "(use the memo formats for .txt and .md drafts)"
        )


def annotated_bytes(
    review: Review,
    input_path: str | os.PathLike[str],
    *,
    memo_lang: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[bytes, Annotation]:
    """The annotated package as bytes (for stdout or a caller's own writer)."""
    src = Path(input_path)
    _check_inputs(review, src)
    s = strings(memo_language(review, memo_lang))
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    result = Annotation()
    doc = review.document
    with open_docx(src) as pkg:
        editor = PackageEditor(pkg)
        main = pkg.main_part
        root = editor.xml(main)
        elements = list(root.iter(_P))
        comments = Comments(editor, main, stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
        leftover: list[Finding] = []
        units = {u.id: u for u in doc.walk()}
        for f in review.findings:
            target = _target(doc, f, main, elements)
            if target is None:
                leftover.append(f)
                continue
            if isinstance(target, str):
                result.mismatched.append(f)
                leftover.append(f)
                continue
            p_el, para = target
            start, end = _range(para, f)
            end_el = None
            tail = _end_paragraph(doc, f, units)
            if tail is not None:
                end_target = _element(doc, tail[0], main, elements)
                if end_target is not None and end_target is not p_el:
                    end_el, end = end_target, tail[1]
            cid = comments.add(_comment_text(f, s))
            place_comment(p_el, start, end, cid, end_el)
            result.placed.append((f, cid))
        if leftover:
            anchor = _title_paragraph(doc, main)
            if anchor is not None and anchor.anchor.index is not None:
                p_el = elements[anchor.anchor.index]
                cid = comments.add(_summary_text(leftover, s))
                place_comment(p_el, 0, len(paragraph_text(p_el)), cid)
                result.summary_comment = cid
                result.summarised = leftover
        data = editor.to_bytes()
    return data, result


def _element(doc: Document, idx: int, main: str, elements: list[etree._Element],
             ) -> etree._Element | None:
    para = doc.paragraphs[idx]
    index = para.anchor.index
    if para.anchor.part != main or index is None or not 0 <= index < len(elements):
        return None
    el = elements[index]
    return el if paragraph_text(el) == para.raw else None


def _target(doc: Document, f: Finding, main: str, elements: list[etree._Element],
            ) -> tuple[etree._Element, Paragraph] | str | None:
    """Where a finding's comment goes: (w:p, paragraph), "mismatch", or None for the
    summary (no span, another part, a text box)."""
    span = f.span
    if span is None or not 0 <= span.paragraph < len(doc.paragraphs):
        return None
    para = doc.paragraphs[span.paragraph]
    index = para.anchor.index
    if para.anchor.part != main or index is None or para.kind not in _COMMENTABLE_KINDS:
        return None
    if not 0 <= index < len(elements) or paragraph_text(elements[index]) != para.raw:
        return "mismatch"
    return elements[index], para


def annotate(
    review: Review,
    input_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    *,
    memo_lang: str | None = None,
    now: dt.datetime | None = None,
) -> Annotation:
    """Write a copy of ``input_path`` with one Word comment per finding to
    ``output_path``; refuses to write over the input."""
    from genderlens.output import refuse_overwrite_input

    src = Path(input_path)
    _check_inputs(review, src)
    if str(output_path) == "-":
        raise UsageError("the annotated draft is a Word file: give an output path, not '-'")
    refuse_overwrite_input(output_path, [src, review.document.path])
    data, result = annotated_bytes(review, src, memo_lang=memo_lang, now=now)
    result.output = write_atomic(output_path, data)
    return result
