"""Turn located paragraphs into the legal hierarchy with a stack.

Drafts are not grammatical documents (Word numbering, missing headings, quoted
amendments), so the builder infers rather than parses: every marker closes the open
units of the same or a lower rank and opens a new one; unmarked paragraphs belong to
the innermost open unit. Three states sit around that loop:

* front matter (before the first part/chapter/article): title block and preamble;
* quoted text in an amending law (a paragraph opening with a quotation mark): units
  found there belong to the *amended* law, hang under the amending unit, and never
  touch the host's numbering;
* back matter: the signature block and annexes after the last article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from genderlens.model import Locator, Paragraph, Unit
from genderlens.structure.markers import (
    RANK,
    Marker,
    classify_en,
    classify_vi,
    is_roman,
    letter_follows,
)

_OPEN_QUOTES = "“\"„«‘'"

_VI_SIGNATURE = re.compile(
    r"^(?:(?:Bộ luật|Luật|Nghị quyết|Pháp lệnh) này đã được .{0,80}thông qua"
    r"|Nơi nhận\s*:"
    r"|(?:TM|KT|TL|TUQ)\.\s"
    r"|CHỦ TỊCH(?: QUỐC HỘI| NƯỚC)?\s*$"
    r"|(?:THỦ TƯỚNG|BỘ TRƯỞNG|PHÓ THỦ TƯỚNG)(?:\s.*)?$)"
)
_VI_ANNEX = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:[IVXLC]+|\d+|số\s*\d+))?\b[.:]?", re.I)
_EN_ANNEX = re.compile(r"^(?:SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix)\b")
# Consolidations end with provisions of *other* (amending) Acts: kept as quoted units.
_EN_RELATED = re.compile(r"^(?:RELATED PROVISIONS|AMENDMENTS NOT IN FORCE)\s*$", re.I)
# An index of the articles repeated after the text (Pháp điển pages, consolidations).
_INDEX_TITLE = re.compile(
    r"^(?:mục lục|danh (?:sách|mục) (?:các )?điều(?: khoản)?|table of contents|contents|"
    r"index of sections)\s*:?\s*$",
    re.I,
)
_VI_PREAMBLE = re.compile(r"^(?:Căn cứ|Quốc hội ban hành|Chính phủ ban hành|Theo đề nghị)")

KIND_WORDS_VI = {
    "part": "Phần",
    "chapter": "Chương",
    "section": "Mục",
    "subsection_group": "Tiểu mục",
    "article": "Điều",
    "clause": "khoản",
    "point": "điểm",
    "subpoint": "tiết",
}
NONPROVISION_WORDS = {
    "vi": {
        "title": "Tiêu đề",
        "preamble": "Phần mở đầu",
        "signature": "Phần ký ban hành",
        "annex": "Phụ lục",
        "other": "Ngoài điều khoản",
    },
    "en": {
        "title": "Title",
        "preamble": "Preamble",
        "signature": "Signature block",
        "annex": "Schedule",
        "other": "Outside sections",
    },
}
ID_WORDS = {
    "part": "part",
    "chapter": "chp",
    "section": "sec",
    "subsection_group": "subsec",
    "article": "art",
    "clause": "cl",
    "point": "pt",
    "subpoint": "sub",
}


class _Fields:
    """Attribute view of a locator-fields dict (avoids building a Locator twice)."""

    __slots__ = ("article", "chapter", "clause", "part", "point", "section", "subpoint")

    def __init__(self, d: dict[str, str | None]) -> None:
        self.article = d.get("article")
        self.chapter = d.get("chapter")
        self.clause = d.get("clause")
        self.part = d.get("part")
        self.point = d.get("point")
        self.section = d.get("section")
        self.subpoint = d.get("subpoint")


def locator_text(
    loc: Locator | dict[str, str | None], language: str, article_style: str = ""
) -> str:
    """The citation a lawyer writes: "Điều 169 khoản 2 điểm a", "s. 21(2)(a)"."""
    return _cite(_Fields(loc) if isinstance(loc, dict) else loc, language, article_style)


def _cite(loc: Locator | _Fields, language: str, article_style: str) -> str:
    if language == "vi":
        if loc.article:
            parts = [f"Điều {loc.article}"]
            if loc.clause:
                parts.append(f"khoản {loc.clause}")
            if loc.point:
                parts.append(f"điểm {loc.point}")
            if loc.subpoint:
                parts.append(f"tiết {loc.subpoint}")
            return " ".join(parts)
        groups = []
        if loc.part:
            groups.append(f"Phần {loc.part}")
        if loc.chapter:
            groups.append(f"Chương {loc.chapter}")
        if loc.section:
            groups.append(f"Mục {loc.section}")
        return " ".join(groups)
    if loc.article:
        head = f"Art. {loc.article}" if article_style == "article" else f"s. {loc.article}"
        tail = "".join(f"({v})" for v in (loc.clause, loc.point, loc.subpoint) if v)
        return head + tail
    groups = []
    if loc.part:
        groups.append(f"Part {loc.part}")
    if loc.chapter:
        groups.append(f"Chapter {loc.chapter}")
    if loc.section:
        groups.append(f"Division {loc.section}")
    return ", ".join(groups)


_EMPTY_FIELDS: dict[str, str | None] = {
    "part": None,
    "chapter": None,
    "section": None,
    "article": None,
    "clause": None,
    "point": None,
    "subpoint": None,
}


@dataclass(slots=True)
class _Open:
    unit: Unit
    rank: int
    fields: dict[str, str | None] = field(default_factory=dict)
    paras: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, paragraphs: list[Paragraph], language: str) -> None:
        self.paragraphs = paragraphs
        self.language = language
        self.classify: Callable[[Paragraph], Marker | None] = (
            (lambda p: classify_vi(p.text)) if language == "vi" else classify_en
        )
        self.roots: list[Unit] = []
        self.stack: list[_Open] = []
        self.opened: list[_Open] = []
        self.state = "front"
        self.front: list[int] = []
        self.back: _Open | None = None
        self.others = 0
        self.annexes = 0
        self.awaiting_heading: _Open | None = None
        self.pending: list[int] = []  # marginal notes waiting for the next unit
        self.loose: _Open | None = None  # holds unmarked text while no unit is open
        # quoted-amendment state
        self.quote_host: _Open | None = None
        self.quote_stack: list[_Open] = []
        self.quote_depth = 0
        self.article_style = ""
        self.seen_article = False

    # ------------------------------------------------------------------ helpers
    def _new(
        self,
        kind: str,
        number: str | None,
        heading: str,
        parent: _Open | None,
        quoted: bool = False,
        quoted_in: str | None = None,
    ) -> _Open:
        fields: dict[str, str | None] = dict(_EMPTY_FIELDS)
        parent_id = ""
        if parent is not None:
            fields.update(parent.fields)
            parent_id = parent.unit.id
        if kind in ID_WORDS:
            if kind == "article":
                fields.update(clause=None, point=None, subpoint=None)
            fields[_FIELD_OF[kind]] = number
        if quoted and parent is not None and not parent.unit.quoted:
            # The quoted unit's own address starts afresh (it is the amended law's).
            fields = {k: None for k in fields}
            fields[_FIELD_OF.get(kind, "article")] = number
        text = locator_text(fields, self.language, self.article_style)
        if quoted_in:
            text = (
                f"{text} (trích trong {quoted_in})"
                if self.language == "vi"
                else f"{text} (quoted in {quoted_in})"
            )
        loc = Locator(text, **fields, quoted_in=quoted_in)
        seg = f"{ID_WORDS.get(kind, kind)}_{_slug(number)}" if number else kind
        if quoted and parent is not None and not parent.unit.quoted:
            seg = "q_" + seg
        # Chapters and parts are left out of article ids so that moving an article
        # to another chapter keeps its id (baselines survive restructuring).
        if kind in ("article", "clause", "point", "subpoint") and not quoted:
            base = (
                parent_id
                if parent is not None
                and parent.unit.kind not in ("part", "chapter", "section", "subsection_group")
                else ""
            )
        else:
            base = parent_id
        uid = f"{base}__{seg}" if base else seg
        unit = Unit(
            kind=kind, number=number, heading=heading, text="", locator=loc, id=uid, quoted=quoted
        )
        op = _Open(unit, RANK.get(kind, 0), fields=fields)
        if parent is None:
            self.roots.append(unit)
        else:
            parent.unit.children.append(unit)
        self.opened.append(op)
        return op

    def _add(self, op: _Open, idx: int) -> None:
        op.paras.append(idx)

    def _flush_pending(self, op: _Open, as_heading: bool = False) -> None:
        if self.pending:
            if as_heading and not op.unit.heading:
                op.unit.heading = self.paragraphs[self.pending[-1]].text.strip().strip("*").strip()
            op.paras.extend(self.pending)
            self.pending.clear()

    def _other(self, kind: str, idx: int) -> _Open:
        words = NONPROVISION_WORDS["vi" if self.language == "vi" else "en"]
        if kind == "annex":
            self.annexes += 1
            uid = f"annex_{self.annexes}"
            label = words["annex"] + (f" {self.annexes}" if self.annexes > 1 else "")
        elif kind == "other":
            self.others += 1
            uid = f"other_{self.others}"
            label = words["other"]
        else:
            uid = kind
            label = words[kind]
        unit = Unit(
            kind=kind, number=None, heading="", text="", locator=Locator(text=label), id=uid
        )
        self.roots.append(unit)
        op = _Open(unit, 0)
        self.opened.append(op)
        op.paras.append(idx)
        return op

    # --------------------------------------------------------------------- main
    def feed(self, idx: int, para: Paragraph) -> None:
        text = para.text.strip()
        if self.awaiting_heading is not None:
            target = self.awaiting_heading
            self.awaiting_heading = None
            if self._is_heading_line(para, text):
                target.unit.heading = text
                self._add(target, idx)
                return

        if self.quote_host is not None:
            self._feed_quoted(idx, para, text)
            return

        if self.state == "back":
            assert self.back is not None
            if self._is_annex(text):
                self.back = self._other("annex", idx)
            else:
                self._add(self.back, idx)
            return

        marker = self.classify(para)
        if self.seen_article and self.stack and quote_delta(text) > 0 and text[:1] in _OPEN_QUOTES:
            # An amendment's quoted text begins; it may or may not open with a marker.
            self._open_quote(idx, para, text)
            return

        if (
            marker is not None
            and marker.kind == "article"
            and not marker.style
            and self.article_style == "article"
            and para.kind != "heading"
            and self._innermost("article") is not None
        ):
            # EU style: inside "Article 5", a line "1. Member States shall …" is its
            # numbered paragraph, not a new article.
            marker = Marker("clause", marker.number, "", body=marker.body or marker.heading)
        if marker is not None and self._accept(marker):
            self._open_marker(idx, marker)
            return

        if self.seen_article and para.kind == "heading" and _INDEX_TITLE.match(text):
            # everything after is an editorial index, not more provisions
            self._close_all()
            self.state = "back"
            self.back = self._other("annex", idx)
            self.back.unit.locator = Locator(text=text)
            return
        if self.seen_article and self.language == "vi" and _VI_SIGNATURE.match(text):
            self._close_all()
            self.state = "back"
            self.back = self._other("signature", idx)
            return
        if self.seen_article and self.language == "vi" and self._is_annex(text):
            self._close_all()
            self.state = "back"
            self.back = self._other("annex", idx)
            return
        if self.language != "vi" and para.kind == "heading" and self.state != "front":
            if _EN_RELATED.match(text):
                self._close_all()
                op = self._other("annex", idx)
                op.unit.locator = Locator(text=text.title())
                # Everything after is quoted: provisions of the amending Acts.
                self.quote_host = op
                self.quote_stack = []
                self.quote_depth = 1 << 30
                return
            if self._is_annex(text):
                # A schedule may sit between Parts (Criminal Code): it holds the text
                # that follows until the next structural marker.
                self._close_all()
                self.loose = self._other("annex", idx)
                return

        if self.state == "front":
            self.front.append(idx)
            return
        if para.kind == "heading":
            # An unnumbered heading between sections ("## Interpretation"): close the
            # current section, keep the heading as located text of its own.
            while self.stack and self.stack[-1].rank >= RANK["article"]:
                self.stack.pop()
            if self.stack:
                self._add(self.stack[-1], idx)
            else:
                self.loose = self._other("other", idx)
            return
        if _is_marginal_note(para, text) and self.stack and self.stack[-1].rank >= RANK["article"]:
            self.pending.append(idx)
            return
        if self.stack:
            if self.pending:
                self._flush_pending(self.stack[-1])
            self._add(self.stack[-1], idx)
        elif self.loose is not None:
            self._add(self.loose, idx)
        else:
            self.loose = self._other("other", idx)

    def _is_annex(self, text: str) -> bool:
        rx = _VI_ANNEX if self.language == "vi" else _EN_ANNEX
        return bool(rx.match(text)) and len(text) < 200

    def _is_heading_line(self, para: Paragraph, text: str) -> bool:
        if not text or len(text) > 250:
            return False
        if self.classify(para) is not None:
            return False
        return text[:1] not in _OPEN_QUOTES

    def _accept(self, marker: Marker) -> bool:
        """Reject markers that cannot be right where they are."""
        kind = marker.kind
        if kind in ("clause", "point", "subpoint"):
            art = self._innermost("article")
            if art is None:
                return False
            if kind == "point" and self.language == "vi":
                # Vietnamese points live in clauses or directly in articles.
                return True
        if kind == "article" and marker.style:
            self.article_style = marker.style
        return True

    def _innermost(self, kind: str) -> _Open | None:
        for op in reversed(self.stack):
            if op.unit.kind == kind:
                return op
        return None

    def _resolve_en_roman(self, marker: Marker) -> Marker:
        """ "(i)" after "(h)" is a paragraph; inside a paragraph it is a subparagraph."""
        if marker.kind != "point" or not is_roman(marker.number):
            return marker
        point = self._innermost("point")
        if point is None:
            return marker
        if letter_follows(point.unit.number, marker.number):
            return marker
        return Marker("subpoint", marker.number, marker.heading, marker.body)

    def _open_marker(self, idx: int, marker: Marker) -> None:
        if self.language != "vi":
            marker = self._resolve_en_roman(marker)
        rank = RANK[marker.kind]
        if self.state == "front":
            self._close_front()
        self.state = "body"
        self.loose = None
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        op = self._new(marker.kind, marker.number, marker.heading, parent)
        self._flush_pending(op, as_heading=True)
        op.paras.append(idx)
        self.stack.append(op)
        if marker.kind == "article":
            self.seen_article = True
        if marker.needs_heading:
            self.awaiting_heading = op

    def _close_front(self) -> None:
        if not self.front:
            return
        title_end = 0
        for j, idx in enumerate(self.front):
            t = self.paragraphs[idx].text.strip()
            if _VI_PREAMBLE.match(t) or (self.language != "vi" and len(t) > 160):
                break
            title_end = j + 1
        title, pre = self.front[:title_end], self.front[title_end:]
        if title:
            op = self._other("title", title[0])
            op.paras.extend(title[1:])
        if pre:
            op = self._other("preamble", pre[0])
            op.paras.extend(pre[1:])
        self.front = []

    def _close_all(self) -> None:
        self.stack.clear()

    # ------------------------------------------------------------- quotations
    def _open_quote(self, idx: int, para: Paragraph, text: str) -> None:
        host = self.stack[-1] if self.stack else None
        if host is None:
            self.front.append(idx)
            return
        self.quote_host = host
        self.quote_stack = []
        self.quote_depth = 0
        self._feed_quoted(idx, para, text)

    def _feed_quoted(self, idx: int, para: Paragraph, text: str) -> None:
        host = self.quote_host
        assert host is not None
        inner_text = text.lstrip(_OPEN_QUOTES).strip()
        inner = Paragraph(inner_text, para.raw, para.anchor, para.kind, "", para.style, para.level)
        marker = self.classify(inner)
        if marker is not None and self.language != "vi" and marker.kind == "point":
            pt = next((o for o in reversed(self.quote_stack) if o.unit.kind == "point"), None)
            if (
                pt is not None
                and is_roman(marker.number)
                and not letter_follows(pt.unit.number, marker.number)
            ):
                marker = Marker("subpoint", marker.number, marker.heading, marker.body)
        if marker is not None:
            rank = RANK[marker.kind]
            while self.quote_stack and self.quote_stack[-1].rank >= rank:
                self.quote_stack.pop()
            parent = self.quote_stack[-1] if self.quote_stack else host
            op = self._new(
                marker.kind,
                marker.number,
                marker.heading,
                parent,
                quoted=True,
                quoted_in=host.unit.locator.text
                if parent is host
                else parent.unit.locator.quoted_in,
            )
            op.paras.append(idx)
            self.quote_stack.append(op)
            if marker.needs_heading:
                self.awaiting_heading = op
        else:
            target = self.quote_stack[-1] if self.quote_stack else host
            self._add(target, idx)
        self.quote_depth += quote_delta(text)
        if self.quote_depth <= 0:
            self.quote_host = None
            self.quote_stack = []

    # ------------------------------------------------------------------ finish
    def finish(self) -> list[Unit]:
        if self.front:
            self._close_front()
        for op in self.opened:
            op.unit.paragraphs = tuple(op.paras)
            op.unit.text = "\n".join(self.paragraphs[i].text for i in op.paras)
        return self.roots


_FIELD_OF = {
    "part": "part",
    "chapter": "chapter",
    "section": "section",
    "subsection_group": "section",
    "article": "article",
    "clause": "clause",
    "point": "point",
    "subpoint": "subpoint",
}


def quote_delta(text: str) -> int:
    """Opening minus closing quotation marks in a paragraph.

    Curly quotes are counted; straight double quotes count as opening at the start
    of the paragraph and closing at its end, which is how amending laws typed on
    keyboards without curly quotes use them.
    """
    delta = text.count("“") + text.count("„") + text.count("«")
    delta -= text.count("”") + text.count("»")
    if '"' in text and text.count('"') % 2 == 1:
        delta += 1 if text.lstrip().startswith('"') else -1
    return delta


def _is_marginal_note(para: Paragraph, text: str) -> bool:
    """A Markdown "**Salary**" line: the heading of the subsection that follows."""
    return (
        para.kind == "body"
        and text.startswith("**")
        and text.endswith("**")
        and len(text) < 160
        and text.count("**") == 2
    )


_SLUG_SAFE = re.compile(r"^[0-9a-zđ.]+$")


def _slug(number: str) -> str:
    low = number.lower()
    if _SLUG_SAFE.match(low):
        return low
    return re.sub(r"[^0-9a-zA-Zđ.]+", "_", low).strip("_") or "x"


def build_units(paragraphs: list[Paragraph], language: str) -> list[Unit]:
    """Build the unit tree for provision paragraphs; notes become located units."""
    b = _Builder(paragraphs, language)
    notes: list[tuple[int, Paragraph]] = []
    for idx, para in enumerate(paragraphs):
        if para.kind in ("directive", "metadata"):
            continue
        if not para.is_provision_text:
            notes.append((idx, para))
            continue
        b.feed(idx, para)
    roots = b.finish()
    for idx, para in notes:
        where = para.anchor.where or para.kind
        roots.append(
            Unit(
                kind="notes",
                number=None,
                heading="",
                text=para.text,
                locator=Locator(text=where),
                id=f"notes_{idx}",
                paragraphs=(idx,),
            )
        )
    return roots
