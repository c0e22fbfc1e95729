"""Word .docx drafts: the text a reader of the document sees, paragraph by paragraph.

Word files are not their text (DESIGN §4), so this reader works on the XML parts with
lxml instead of python-docx, whose object model is slow, misses tracked insertions and
cannot see automatic numbering. The policies, each chosen so that the review reads what
the drafter's readers read:

* **Tracked changes are read as accepted.** Text in ``w:ins`` and ``w:moveTo`` is kept,
  ``w:del``/``w:moveFrom`` (and their ``w:delText``) are dropped, table rows and cells
  marked deleted are dropped; formatting changes (``w:rPrChange``...) do not alter text.
  :attr:`ReadResult.tracked_changes` says that the file had any, so the memo can say
  the review assumed acceptance.
* **A deleted paragraph mark** (``w:pPr/w:rPr/w:del``) would, on acceptance, merge the
  paragraph with the next one. We do *not* merge: every :class:`Paragraph` stays one
  ``w:p`` so that the annotator can find it again by :attr:`Anchor.index` and rebuild
  its text with :func:`paragraph_text`. The paragraph loses its automatic number (the
  merged paragraph takes the next paragraph's), and is skipped when nothing of it
  survives. Real files use this mostly to drop empty lines.
* **Automatic numbering** is resolved the way Word renders it (``w:numPr`` on the
  paragraph or through its style's ``w:basedOn`` chain, ``w:num``/``w:abstractNum``,
  level overrides, restarts) and put in :attr:`Paragraph.label`, outside ``raw``.
  Counters belong to the abstract numbering definition, so lists that share one
  continue across ``w:num`` instances unless a ``w:startOverride`` restarts them.
  Bullets get an empty label: a bullet is not a provision number.
* **Where text lives**: body paragraphs, tables (nested too, located as
  "table 2, row 3, cell 1 > table 1, row 1, cell 2"), block and inline content
  controls, custom XML, hyperlinks, smart tags and simple fields are all part of the
  flow. Text boxes are separate paragraphs (kind "textbox") right after their host;
  footnotes and endnotes follow the body (kinds "footnote"/"endnote"). Headers and
  footers are not provisions: header text goes to ``metadata["headers"]`` only.
  Comments are never read as text. Field codes (``w:instrText``) are dropped, field
  results kept; runs hidden with a direct ``w:vanish`` are dropped.
* ``w:br``/``w:cr`` become a space and ``w:tab`` a tab, so that one ``w:p`` is one line
  of text; ``w:noBreakHyphen`` is "-", ``w:softHyphen`` and ``w:sym`` are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from genderlens.errors import InputError
from genderlens.model import Anchor, Paragraph
from genderlens.normalize import normalize
from genderlens.readers.base import ReadResult
from genderlens.readers.guard import DocxPackage, open_docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

_P = _W + "p"
_R = _W + "r"
_T = _W + "t"
_PPR = _W + "pPr"
_PSTYLE = _W + "pStyle"
_NUMPR = _W + "numPr"
_RPR = _W + "rPr"
_TBL = _W + "tbl"
_TR = _W + "tr"
_TC = _W + "tc"
_SDT = _W + "sdt"
_SDT_CONTENT = _W + "sdtContent"
_CUSTOM_XML = _W + "customXml"
_INS = _W + "ins"
_DEL = _W + "del"
_MOVE_TO = _W + "moveTo"
_MOVE_FROM = _W + "moveFrom"
_VAL = _W + "val"
_ID = _W + "id"
_TYPE = _W + "type"
_TXBX = _W + "txbxContent"
_ALT = _MC + "AlternateContent"
_CHOICE = _MC + "Choice"
_FALLBACK = _MC + "Fallback"
_M_T = _M + "t"

# Inline wrappers whose content is part of the paragraph's visible text.
_INLINE_CONTAINERS = frozenset(
    _W + t
    for t in ("hyperlink", "smartTag", "customXml", "fldSimple", "ins", "moveTo", "dir", "bdo")
)
# Block wrappers whose content is part of the flow.
_BLOCK_CONTAINERS = frozenset({_CUSTOM_XML, _INS, _MOVE_TO})
_ROW_CELL_WRAPPERS = frozenset({_CUSTOM_XML, _INS, _MOVE_TO})
_MATH = frozenset({_M + "oMath", _M + "oMathPara"})
_BREAKS = frozenset({_W + "br", _W + "cr"})
_TABS = frozenset({_W + "tab", _W + "ptab"})
_NO_BREAK_HYPHEN = _W + "noBreakHyphen"
_GRAPHICS = frozenset({_W + "drawing", _W + "pict", _W + "object", _ALT})

TRACK_CHANGE_TAGS = tuple(
    _W + t
    for t in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "cellIns",
        "cellDel",
        "numberingChange",
    )
)

_FALSE = frozenset({"0", "false", "off"})
_SEPARATOR_NOTES = frozenset({"separator", "continuationSeparator", "continuationNotice"})

_CORE_REL = "core-properties"
_CORE_DEFAULT = "docProps/core.xml"


# ------------------------------------------------------------------------- text


def _alternate(alt: etree._Element) -> etree._Element | None:
    """The branch of mc:AlternateContent Word itself would render: the first Choice
    (Word understands all of them), else the Fallback. Reading both would duplicate
    every text box."""
    choice = alt.find(_CHOICE)
    return choice if choice is not None else alt.find(_FALLBACK)


def _on(el: etree._Element | None) -> bool:
    """An OOXML on/off property: present and not explicitly switched off."""
    return el is not None and el.get(_VAL, "1").lower() not in _FALSE


def _find_boxes(elem: etree._Element, boxes: list[etree._Element]) -> None:
    """Outermost text boxes under a drawing; nested ones are found when the box's own
    paragraphs are read."""
    for child in elem:
        tag = child.tag
        if tag == _TXBX:
            boxes.append(child)
        elif tag == _ALT:
            branch = _alternate(child)
            if branch is not None:
                _find_boxes(branch, boxes)
        elif tag == _FALLBACK:
            continue
        elif isinstance(tag, str):
            _find_boxes(child, boxes)


def _collect_run(
    run: etree._Element,
    out: list[tuple[etree._Element, str]],
    boxes: list[etree._Element] | None,
) -> None:
    for child in run:
        tag = child.tag
        if tag == _T:
            if child.text:
                out.append((child, child.text))
        elif tag in _TABS:
            out.append((child, "\t"))
        elif tag in _BREAKS:
            out.append((child, " "))
        elif tag == _NO_BREAK_HYPHEN:
            out.append((child, "-"))
        elif tag == _RPR:
            if _on(child.find(_W + "vanish")):
                return
        elif tag in _GRAPHICS and boxes is not None:
            _find_boxes(child, boxes)
        # w:delText, w:instrText, w:sym, w:softHyphen, w:fldChar, note references and
        # rendering hints contribute no visible accepted text.


def _collect_inline(
    parent: etree._Element,
    out: list[tuple[etree._Element, str]],
    boxes: list[etree._Element] | None,
) -> None:
    for child in parent:
        tag = child.tag
        if tag == _R:
            _collect_run(child, out, boxes)
        elif tag in _INLINE_CONTAINERS:
            _collect_inline(child, out, boxes)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _collect_inline(content, out, boxes)
        elif tag == _ALT:
            branch = _alternate(child)
            if branch is not None:
                _collect_inline(branch, out, boxes)
        elif tag in _MATH:
            for t in child.iter(_M_T):
                if t.text:
                    out.append((t, t.text))
        # w:pPr, w:del, w:moveFrom, bookmarks, comment ranges, proofing marks: no text.


def iter_text_nodes(p: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """Yield ``(element, text)`` for every piece of a ``w:p``'s visible accepted text,
    in order; ``"".join(text)`` is exactly :func:`paragraph_text` (= ``Paragraph.raw``).

    ``element`` is usually a ``w:t`` (``text`` is its whole text); it is the ``w:tab``,
    ``w:br``/``w:cr`` or ``w:noBreakHyphen`` for the one character those stand for, and
    an ``m:t`` inside an equation. Its parent is the run to split when anchoring a
    comment at an offset of ``raw``. Text boxes inside the paragraph are not included.
    """
    out: list[tuple[etree._Element, str]] = []
    _collect_inline(p, out, None)
    return iter(out)


def paragraph_text(p: etree._Element) -> str:
    """The visible text of one ``w:p`` with tracked changes accepted, exactly as used
    for ``Paragraph.raw`` (so the annotator can verify it found the same paragraph)."""
    out: list[tuple[etree._Element, str]] = []
    _collect_inline(p, out, None)
    return "".join(text for _, text in out)


# -------------------------------------------------------------------- numbering


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    """Word's alphabetic numbering: a..z, then aa..zz, aaa... (letter repeated)."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_WORDS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}  # fmt: skip


def _cardinal(n: int) -> str:
    if 0 <= n < 20:
        return _ONES[n]
    if 20 <= n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    return str(n)


def _ordinal_word(n: int) -> str:
    if not 0 < n < 100:
        return str(n)
    words = _cardinal(n)
    head, _, last = words.rpartition("-")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}-{last}" if head else last


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_number(n: int, fmt: str) -> str:
    """Render counter value ``n`` in a ``w:numFmt``; unknown formats fall back to
    decimal, which is what a reader would at least recognise."""
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt == "ordinal":
        return _ordinal(n)
    if fmt == "cardinalText":
        return _cardinal(n).capitalize()
    if fmt == "ordinalText":
        return _ordinal_word(n).capitalize()
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalEnclosedCircle":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "chicago":
        return "*†‡§"[(n - 1) % 4] * ((n - 1) // 4 + 1) if n > 0 else str(n)
    if fmt == "hex":
        return f"{n:X}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass(frozen=True, slots=True)
class _Level:
    start: int
    fmt: str
    text: str | None
    restart: int | None  # w:lvlRestart: None = after any higher level, 0 = never
    legal: bool  # w:isLgl: earlier levels shown as decimal
    style: str | None  # w:pStyle linking a paragraph style to this level


def _int(el: etree._Element | None, default: int | None = None) -> int | None:
    if el is None:
        return default
    try:
        return int(el.get(_VAL, ""))
    except ValueError:
        return default


def _parse_level(lvl: etree._Element) -> _Level:
    fmt_el = lvl.find(_W + "numFmt")
    if fmt_el is None:  # Word 2010 custom formats hide the plain one in a Fallback
        fmt_el = lvl.find(f"{_ALT}/{_FALLBACK}/{_W}numFmt")
    text_el = lvl.find(_W + "lvlText")
    style_el = lvl.find(_W + "pStyle")
    return _Level(
        start=_int(lvl.find(_W + "start"), 1) or 0,
        fmt=fmt_el.get(_VAL, "decimal") if fmt_el is not None else "decimal",
        text=text_el.get(_VAL) if text_el is not None else None,
        restart=_int(lvl.find(_W + "lvlRestart")),
        legal=_on(lvl.find(_W + "isLgl")),
        style=style_el.get(_VAL) if style_el is not None else None,
    )


def _levels(parent: etree._Element) -> dict[int, _Level]:
    out: dict[int, _Level] = {}
    for lvl in parent.iter(_W + "lvl"):
        try:
            ilvl = int(lvl.get(_W + "ilvl", "0"))
        except ValueError:
            continue
        out.setdefault(ilvl, _parse_level(lvl))
    return out


@dataclass(frozen=True, slots=True)
class _StyleInfo:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None


class _Styles:
    """Paragraph styles: display names and the numbering they carry (through basedOn)."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, _StyleInfo] = {}
        self.default: str | None = None
        if root is None:
            return
        for st in root.iter(_W + "style"):
            # Numbering styles matter too: a w:numStyleLink points at one.
            if st.get(_TYPE, "paragraph") not in ("paragraph", "numbering"):
                continue
            sid = st.get(_W + "styleId")
            if sid is None:
                continue
            name_el = st.find(_W + "name")
            based = st.find(_W + "basedOn")
            numpr = st.find(f"{_PPR}/{_W}numPr")
            num_id = None
            ilvl = None
            if numpr is not None:
                nid = numpr.find(_W + "numId")
                num_id = nid.get(_VAL) if nid is not None else None
                ilvl = _int(numpr.find(_W + "ilvl"))
            self.by_id[sid] = _StyleInfo(
                name=name_el.get(_VAL, sid) if name_el is not None else sid,
                based_on=based.get(_VAL) if based is not None else None,
                num_id=num_id,
                ilvl=ilvl,
            )
            if _on_attr(st, "default"):
                self.default = self.default or sid

    def name(self, sid: str | None) -> str:
        if sid is None:
            return ""
        info = self.by_id.get(sid)
        return info.name if info is not None else sid

    def numbering(self, sid: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a style gives its paragraphs, each from the nearest style in
        the basedOn chain that sets it."""
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        while sid is not None and sid not in seen:
            seen.add(sid)
            info = self.by_id.get(sid)
            if info is None:
                break
            if num_id is None:
                num_id = info.num_id
            if ilvl is None:
                ilvl = info.ilvl
            if num_id is not None and ilvl is not None:
                break
            sid = info.based_on
        return num_id, ilvl


class _NumberingDefs:
    """numbering.xml, resolved: w:num -> abstract definition and level overrides."""

    def __init__(self, root: etree._Element | None, styles: _Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}
        self.num_abstract: dict[str, str] = {}
        self.num_levels: dict[str, dict[int, _Level]] = {}
        self.num_starts: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for ab in root.iter(_W + "abstractNum"):
            aid = ab.get(_W + "abstractNumId")
            if aid is None:
                continue
            self.abstract[aid] = _levels(ab)
            link = ab.find(_W + "numStyleLink")
            if link is not None and link.get(_VAL):
                self.style_link[aid] = link.get(_VAL, "")
        for num in root.iter(_W + "num"):
            nid = num.get(_W + "numId")
            ab_el = num.find(_W + "abstractNumId")
            if nid is None or ab_el is None or ab_el.get(_VAL) is None:
                continue
            self.num_abstract[nid] = ab_el.get(_VAL, "")
            overrides: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for ov in num.iter(_W + "lvlOverride"):
                try:
                    ilvl = int(ov.get(_W + "ilvl", "0"))
                except ValueError:
                    continue
                start = _int(ov.find(_W + "startOverride"))
                if start is not None:
                    starts[ilvl] = start
                lvl = ov.find(_W + "lvl")
                if lvl is not None:
                    overrides[ilvl] = _parse_level(lvl)
            self.num_levels[nid] = overrides
            self.num_starts[nid] = starts

    def abstract_id(self, num_id: str) -> str | None:
        """Follow numStyleLink (a list style) to the abstract that really has levels."""
        aid = self.num_abstract.get(num_id)
        seen: set[str] = set()
        while aid is not None and aid in self.style_link and aid not in seen:
            seen.add(aid)
            linked_num, _ = self.styles.numbering(self.style_link[aid])
            if linked_num is None or linked_num not in self.num_abstract:
                break
            aid = self.num_abstract[linked_num]
        return aid

    def level(self, num_id: str, aid: str, ilvl: int) -> _Level | None:
        over = self.num_levels.get(num_id, {}).get(ilvl)
        if over is not None:
            return over
        return self.abstract.get(aid, {}).get(ilvl)

    def start(self, num_id: str, aid: str, ilvl: int) -> int:
        override = self.num_starts.get(num_id, {}).get(ilvl)
        if override is not None:
            return override
        lvl = self.level(num_id, aid, ilvl)
        return lvl.start if lvl is not None else 1

    def style_level(self, aid: str, style_id: str | None) -> int | None:
        if style_id is None:
            return None
        for ilvl, lvl in self.abstract.get(aid, {}).items():
            if lvl.style == style_id:
                return ilvl
        return None


_PLACEHOLDER = re.compile("%([1-9])")


class _Counters:
    """Numbering state of one story (the body, the footnotes...), in document order."""

    def __init__(self, defs: _NumberingDefs) -> None:
        self.defs = defs
        self.values: dict[str, list[int | None]] = {}
        self.seen: set[str] = set()

    def label(self, numpr: etree._Element | None, style_id: str | None) -> str | None:
        """Advance the counters for one paragraph (its ``w:numPr``, if any, and its
        style); return its label ("" for bullets and label-less levels) or None when
        the paragraph is not in a list."""
        defs = self.defs
        p_num: str | None = None
        p_ilvl: int | None = None
        if numpr is not None:
            nid = numpr.find(_W + "numId")
            p_num = nid.get(_VAL) if nid is not None else None
            p_ilvl = _int(numpr.find(_W + "ilvl"))
        s_num, s_ilvl = defs.styles.numbering(style_id)
        num_id = p_num if p_num is not None else s_num
        if num_id is None or num_id == "0":
            return None
        aid = defs.abstract_id(num_id)
        if aid is None or aid not in defs.abstract:
            return None
        ilvl = p_ilvl
        if ilvl is None:
            ilvl = s_ilvl
        if ilvl is None and p_num is None:
            ilvl = defs.style_level(aid, style_id)
        if ilvl is None:
            ilvl = 0
        if not 0 <= ilvl <= 8:
            return None
        lvl = defs.level(num_id, aid, ilvl)
        if lvl is None:
            return None
        state = self.values.setdefault(aid, [None] * 9)
        if num_id not in self.seen:
            self.seen.add(num_id)
            for over in defs.num_starts.get(num_id, {}):
                if 0 <= over <= 8:
                    state[over] = None
        current = state[ilvl]
        state[ilvl] = defs.start(num_id, aid, ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            dl = defs.level(num_id, aid, deeper)
            restart = dl.restart if dl is not None else None
            if restart is None or (restart != 0 and ilvl < restart):
                state[deeper] = None
        if lvl.fmt == "bullet" or lvl.text is None:
            return ""

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            ref = defs.level(num_id, aid, k)
            if ref is None:
                return ""
            value = state[k]
            if value is None:
                value = defs.start(num_id, aid, k)
            fmt = "decimal" if lvl.legal and k < ilvl and ref.fmt != "none" else ref.fmt
            return format_number(value, fmt)

        return _PLACEHOLDER.sub(render, lvl.text).strip()


# ----------------------------------------------------------------------- reader


def _paragraph_props(
    p: etree._Element,
) -> tuple[str | None, etree._Element | None, bool]:
    """(pStyle id, w:numPr, paragraph mark deleted) in one pass over w:pPr, which is
    the first child when present (this runs once per paragraph)."""
    ppr = p[0] if len(p) and p[0].tag == _PPR else None
    if ppr is None:
        return None, None, False
    style_id = None
    numpr = None
    deleted = False
    for child in ppr:
        tag = child.tag
        if tag == _PSTYLE:
            style_id = child.get(_VAL)
        elif tag == _NUMPR:
            numpr = child
        elif tag == _RPR:
            for mark in child:
                if mark.tag == _DEL or mark.tag == _MOVE_FROM:
                    deleted = True
    return style_id, numpr, deleted


def _flatten(parent: etree._Element, want: str) -> Iterator[etree._Element]:
    """Rows of a table / cells of a row, looking through content controls and custom
    XML that may wrap them."""
    for child in parent:
        tag = child.tag
        if tag == want:
            yield child
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _flatten(content, want)
        elif tag in _ROW_CELL_WRAPPERS:
            yield from _flatten(child, want)


def _join(where: str, step: str) -> str:
    return f"{where} > {step}" if where else step


class _PartReader:
    """Walks one story part (document, footnotes, endnotes) in document order."""

    def __init__(
        self,
        part: str,
        root: etree._Element,
        styles: _Styles,
        numbering: _NumberingDefs,
        warnings: list[str],
    ) -> None:
        self.part = part
        self.index = {p: i for i, p in enumerate(root.iter(_P))}
        self.styles = styles
        self.counters = _Counters(numbering)
        self.warnings = warnings
        self.out: list[Paragraph] = []

    def blocks(self, parent: etree._Element, where: str, kind: str, tables: list[int]) -> None:
        for child in parent:
            tag = child.tag
            if tag == _P:
                self.paragraph(child, where, kind)
            elif tag == _TBL:
                tables[0] += 1
                self.table(child, where, kind, tables[0])
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.blocks(content, where, kind, tables)
            elif tag in _BLOCK_CONTAINERS:
                self.blocks(child, where, kind, tables)
            elif tag == _ALT:
                branch = _alternate(child)
                if branch is not None:
                    self.blocks(branch, where, kind, tables)
            elif tag == _W + "altChunk":
                note = "embedded foreign content (w:altChunk) was not read"
                if note not in self.warnings:
                    self.warnings.append(note)
            # w:del / w:moveFrom at block level, w:sectPr, bookmarks: nothing to read.

    def table(self, tbl: etree._Element, where: str, kind: str, number: int) -> None:
        cell_kind = "table" if kind == "body" else kind
        row_no = 0
        for tr in _flatten(tbl, _TR):
            trpr = tr.find(_W + "trPr")
            if trpr is not None and trpr.find(_DEL) is not None:
                continue
            row_no += 1
            cell_no = 0
            for tc in _flatten(tr, _TC):
                tcpr = tc.find(_W + "tcPr")
                if tcpr is not None and tcpr.find(_W + "cellDel") is not None:
                    continue
                cell_no += 1
                step = f"table {number}, row {row_no}, cell {cell_no}"
                self.blocks(tc, _join(where, step), cell_kind, [0])

    def paragraph(self, p: etree._Element, where: str, kind: str) -> None:
        pieces: list[tuple[etree._Element, str]] = []
        boxes: list[etree._Element] = []
        _collect_inline(p, pieces, boxes)
        raw = "".join(text for _, text in pieces)
        style_id, numpr, mark_deleted = _paragraph_props(p)
        effective_style = style_id if style_id is not None else self.styles.default
        label = None
        if not mark_deleted:
            label = self.counters.label(numpr, effective_style)
        label = normalize(label) if label else ""
        if label or raw.strip():
            text = normalize(raw)
            self.out.append(
                Paragraph(
                    text=f"{label} {text}" if label else text,
                    raw=raw,
                    anchor=Anchor(part=self.part, index=self.index.get(p), where=where),
                    kind=kind,
                    label=label,
                    style=self.styles.name(effective_style),
                )
            )
        for box in boxes:
            self.blocks(box, _join(where, "text box"), "textbox", [0])


def _has_tracked_changes(root: etree._Element) -> bool:
    return next(root.iter(*TRACK_CHANGE_TAGS), None) is not None


def _note_numbers(doc_root: etree._Element, ref_tag: str) -> dict[str, int]:
    """Displayed note numbers: notes are numbered in order of their references."""
    numbers: dict[str, int] = {}
    for ref in doc_root.iter(ref_tag):
        if _on(ref.find(_W + "customMarkFollows")) or _on_attr(ref, "customMarkFollows"):
            continue
        if any(a.tag in (_DEL, _MOVE_FROM) for a in ref.iterancestors()):
            continue
        nid = ref.get(_ID)
        if nid is not None and nid not in numbers:
            numbers[nid] = len(numbers) + 1
    return numbers


def _on_attr(el: etree._Element, name: str) -> bool:
    val = el.get(_W + name)
    return val is not None and val.lower() not in _FALSE


def _read_notes(
    pkg: DocxPackage,
    part: str,
    kind: str,
    doc_root: etree._Element,
    styles: _Styles,
    numbering: _NumberingDefs,
    warnings: list[str],
) -> tuple[list[Paragraph], bool]:
    root = pkg.xml(part)
    numbers = _note_numbers(doc_root, f"{_W}{kind}Reference")
    reader = _PartReader(part, root, styles, numbering, warnings)
    notes = [n for n in root.iter(f"{_W}{kind}") if n.get(_TYPE, "normal") not in _SEPARATOR_NOTES]
    unnumbered = len(numbers) + 1
    order = sorted(
        range(len(notes)), key=lambda i: (numbers.get(notes[i].get(_ID, ""), unnumbered), i)
    )
    for i in order:
        note = notes[i]
        nid = note.get(_ID, "?")
        where = f"{kind} {numbers[nid]}" if nid in numbers else f"{kind} id {nid}"
        reader.blocks(note, where, kind, [0])
    return reader.out, _has_tracked_changes(root)


def _core_metadata(pkg: DocxPackage, warnings: list[str]) -> dict[str, str]:
    """docProps/core.xml fields as "core.<name>"; a broken metadata part is only a
    warning, it never stops a review."""
    part = None
    for rel in pkg.part_rels("").get(_CORE_REL, []):
        part = rel
        break
    if part is None and pkg.has(_CORE_DEFAULT):
        part = _CORE_DEFAULT
    if part is None:
        return {}
    try:
        root = pkg.xml(part)
    except InputError as exc:
        warnings.append(f"document properties ignored: {exc.problem}")
        return {}
    out: dict[str, str] = {}
    for child in root:
        if not isinstance(child.tag, str):
            continue
        value = (child.text or "").strip()
        if value:
            out[f"core.{etree.QName(child).localname}"] = value
    return out


def _header_text(pkg: DocxPackage, parts: list[str], warnings: list[str]) -> str:
    seen: list[str] = []
    for part in parts:
        try:
            root = pkg.xml(part)
        except InputError as exc:
            warnings.append(f"header ignored: {exc.problem}")
            continue
        for p in root.iter(_P):
            text = " ".join(normalize(paragraph_text(p)).split())
            if text and text not in seen:
                seen.append(text)
    return " / ".join(seen)[:2000]


_CONVENTIONAL_PARTS = {
    "styles": "word/styles.xml",
    "numbering": "word/numbering.xml",
    "footnotes": "word/footnotes.xml",
    "endnotes": "word/endnotes.xml",
}


def _story_parts(pkg: DocxPackage, main: str) -> dict[str, list[str]]:
    """The main part's related parts by relationship type. Some generators omit the
    relationships part altogether; Word then still finds the conventional names."""
    rels = pkg.part_rels(main)
    if not rels:
        for rtype, name in _CONVENTIONAL_PARTS.items():
            if pkg.has(name):
                rels[rtype] = [name]
    return rels


def read_docx(path: Path) -> ReadResult:
    """Read a .docx into paragraphs (body and tables, text boxes, then footnotes and
    endnotes), with automatic numbering labels and tracked changes accepted.

    Raises :class:`~genderlens.errors.InputError` with a one-line reason for anything
    that is not a readable, safe Word document; the input file is never written.
    """
    path = Path(path)
    warnings: list[str] = []
    with open_docx(path) as pkg:
        main = pkg.main_part
        root = pkg.xml(main)
        if root.tag != _W + "document":
            raise InputError(
                str(path),
                f"not a Word document ({main} is not WordprocessingML)",
                "genderlens reads Word .docx",
            )
        body = root.find(_W + "body")
        rels = _story_parts(pkg, main)
        styles = _Styles(pkg.xml(rels["styles"][0]) if "styles" in rels else None)
        numbering = _NumberingDefs(
            pkg.xml(rels["numbering"][0]) if "numbering" in rels else None, styles
        )
        reader = _PartReader(main, root, styles, numbering, warnings)
        if body is not None:
            reader.blocks(body, "", "body", [0])
        paragraphs = reader.out
        tracked = _has_tracked_changes(root)
        for kind in ("footnote", "endnote"):
            for part in rels.get(f"{kind}s", [])[:1]:
                notes, note_changes = _read_notes(
                    pkg, part, kind, root, styles, numbering, warnings
                )
                paragraphs.extend(notes)
                tracked = tracked or note_changes
        metadata = _core_metadata(pkg, warnings)
        headers = _header_text(pkg, rels.get("header", []), warnings)
        if headers:
            metadata["headers"] = headers
        size = pkg.size
    return ReadResult(
        path=str(path),
        format="docx",
        paragraphs=paragraphs,
        metadata=metadata,
        tracked_changes=tracked,
        encoding=None,
        warnings=warnings,
        size=size,
    )
