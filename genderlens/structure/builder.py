"""Turn located paragraphs into the legal hierarchy with a stack.

Drafts are not grammatical documents (Word numbering, missing headings, quoted
amendments), so the builder infers rather than parses: every marker closes the open
units of the same or a lower rank and opens a new one; unmarked paragraphs belong to
the innermost open unit. Three states sit around that loop:

* front matter (before the first part/chapter/article): title block and preamble;
* quoted text in an amending law (a paragraph opening with a quotation mark): units
  found there belong to the *amended* law, hang under the amending unit, and never
  touch the host's numbering;
* back matter: the signature block after the last article, which holds only the
  short lines that belong to it (names, titles, recipients).

A file may hold several *instruments*: a decision and the regulation it issues
("ban hành kèm theo"), annexes and schedules with their own numbering, several laws
in one compilation. After a signature (or at an annex heading, a new national motto,
an attached regulation's title) a new instrument opens: a root unit of kind
"instrument" whose children are its own title, articles from Điều 1 and signature,
cited "Quy chế, Điều 2 khoản 3". The first instrument's units stay at the root with
the ids and citations they always had. Text that no article holds (a form, an annex
without articles, a draft with no recognised structure) becomes one unit per
paragraph, cited "đoạn 12 (dòng 40)", so that findings are located and no unit is
the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from genderlens.model import LOCATOR_FIELDS, PROVISION_KINDS, Locator, Paragraph, Unit
from genderlens.structure.markers import (
    RANK,
    Marker,
    classify_en,
    classify_vi,
    is_roman,
    letter_follows,
)
from genderlens.structure.paragraph_units import ParagraphScheme, ParagraphUnit

_OPEN_QUOTES = "“\"„«‘'"

_VI_SIGNATURE = re.compile(
    r"^(?:(?:Bộ luật|Luật|Nghị quyết|Pháp lệnh) này đã được .{0,80}thông qua"
    r"|Nơi nhận\s*:"
    r"|(?:TM|KT|TL|TUQ)\.\s"
    r"|CHỦ TỊCH(?: QUỐC HỘI| NƯỚC)?\s*$"
    r"|(?:THỦ TƯỚNG|BỘ TRƯỞNG|PHÓ THỦ TƯỚNG)(?:\s.*)?$)"
)
# "PHỤ LỤC II", "Phụ lục số 2", "Phụ lục" alone, "Phụ lục I: Danh mục ...": a heading, not
# a sentence about a contract's annex ("Phụ lục hợp đồng lao động là …").
_VI_ANNEX = re.compile(
    r"^(?:PHỤ LỤC\b"
    r"|(?:Phụ lục|Phụ Lục)\s+(?:số\s*)?(?:[IVXLC]+|\d+[A-Za-z]?)\b"
    r"|(?:Phụ lục|Phụ Lục)\s*(?:[.:\-–—]|$))"
)
# "Phụ lục 01.docx": a link to an attached file, not an annex heading.
_ATTACHMENT = re.compile(r"\.(?:docx?|pdf|xlsx?|rtf|zip|odt)\s*\)?$", re.I)
_EN_ANNEX = re.compile(r"^(?:SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix)\b")
_EN_ANNEX_NAME = re.compile(
    r"^(SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix)\b\s*([IVXLC]+|\d+[A-Z]?|[A-Z])?\b"
)
_VI_ANNEX_NAME = re.compile(r"^(PHỤ LỤC|Phụ lục)\s*((?:số\s*)?(?:[IVXLC]+|\d+[A-Za-z]?))?\b", re.I)
# The types of Vietnamese instruments, as their title line shows them in capitals.
_VI_DOC_TYPE = re.compile(
    r"^(BỘ LUẬT|LUẬT|PHÁP LỆNH|NGHỊ QUYẾT|NGHỊ ĐỊNH|QUYẾT ĐỊNH|THÔNG TƯ LIÊN TỊCH|THÔNG TƯ|"
    r"CHỈ THỊ|QUY CHẾ|ĐIỀU LỆ|QUY ĐỊNH|QUY TRÌNH|QUY TẮC|NỘI QUY|HƯỚNG DẪN|CHƯƠNG TRÌNH|"
    r"KẾ HOẠCH|ĐỀ ÁN|CHIẾN LƯỢC|DANH MỤC|TIÊU CHUẨN|MẪU SỐ|MẪU)\b(.*)$"
)
# The issuing body heading a further instrument (after a signature only).
_VI_ISSUER_LINE = re.compile(
    r"^(?:QUỐC HỘI|CHÍNH PHỦ|ỦY BAN THƯỜNG VỤ QUỐC HỘI|BỘ (?!TRƯỞNG)[A-ZĐÀ-Ỹ ,]+"
    r"|ỦY BAN NHÂN DÂN [A-ZĐÀ-Ỹ ,]+|HỘI ĐỒNG NHÂN DÂN [A-ZĐÀ-Ỹ ,]+)$"
)
_VI_MOTTO = re.compile(r"^CỘNG H[OÒ]A XÃ HỘI CHỦ NGHĨA VIỆT NAM\b")
_VI_ISSUED_WITH = re.compile(r"^\(?\s*(?:Ban hành|Được ban hành)?\s*kèm theo\b", re.I)
# Lines a signature block is made of: short ones (names, titles, "(Đã ký)") and the list
# of recipients ("Nơi nhận:", "- Như Điều 3;", "- Lưu: VT").
_SIGNATURE_LINE_MAX = 160
_EN_SIGNATURE = re.compile(r"^(?:Date of Royal Assent|Approved\b|Speaker of the House)", re.I)
# Consolidations end with provisions of *other* (amending) Acts: kept as quoted units.
_EN_RELATED = re.compile(r"^(?:RELATED PROVISIONS|AMENDMENTS NOT IN FORCE)\s*$", re.I)
# An index of the articles repeated after the text (Pháp điển pages, consolidations).
_INDEX_TITLE = re.compile(
    r"^(?:mục lục|danh (?:sách|mục) (?:các )?điều(?: khoản)?|table of contents|contents|"
    r"index of sections)\s*:?\s*$",
    re.I,
)
_VI_PREAMBLE = re.compile(r"^(?:Căn cứ|Quốc hội ban hành|Chính phủ ban hành|Theo đề nghị)")
_TITLE_LINE_MAX = 200
_INDEX_LINE_MAX = 300  # an entry of a table of contents: a heading and a page or id

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
        "paragraph": "đoạn {n}",
        "line": " (dòng {line})",
        "instrument": "Văn bản {n}",
        "toc": "Mục lục",
    },
    "en": {
        "title": "Title",
        "preamble": "Preamble",
        "signature": "Signature block",
        "annex": "Schedule",
        "other": "Outside sections",
        "paragraph": "¶ {n}",
        "line": " (line {line})",
        "instrument": "Instrument {n}",
        "toc": "Contents",
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


def locator_text(
    loc: Locator | dict[str, str | None], language: str, article_style: str = ""
) -> str:
    """The citation a lawyer writes: "Điều 169 khoản 2 điểm a", "s. 21(2)(a)"."""
    get = loc.get if isinstance(loc, dict) else loc.__getattribute__
    part, chapter, section, article, clause, point, subpoint = (get(f) for f in LOCATOR_FIELDS)
    return _cite(
        (part, chapter, section, article, clause, point, subpoint), language, article_style
    )


# A unit's address inside the builder: the values of LOCATOR_FIELDS in that order, a
# tuple so that a child's address is its parent's with one slot replaced (one unit per
# paragraph of a law: building a dict per unit was most of the structure stage).
_FieldTuple = tuple[str | None, str | None, str | None, str | None, str | None, str | None,
                    str | None]  # fmt: skip
_NO_FIELDS: _FieldTuple = (None, None, None, None, None, None, None)


def _cite(fields: _FieldTuple, language: str, article_style: str) -> str:
    part, chapter, section, article, clause, point, subpoint = fields
    if language == "vi":
        if article:
            text = "Điều " + article
            if clause:
                text += " khoản " + clause
            if point:
                text += " điểm " + point
            if subpoint:
                text += " tiết " + subpoint
            return text
        groups = []
        if part:
            groups.append("Phần " + part)
        if chapter:
            groups.append("Chương " + chapter)
        if section:
            groups.append("Mục " + section)
        return " ".join(groups)
    if article:
        text = ("Art. " if article_style == "article" else "s. ") + article
        if clause:
            text += f"({clause})"
        if point:
            text += f"({point})"
        if subpoint:
            text += f"({subpoint})"
        return text
    groups = []
    if part:
        groups.append("Part " + part)
    if chapter:
        groups.append("Chapter " + chapter)
    if section:
        groups.append("Division " + section)
    return ", ".join(groups)


@dataclass(slots=True)
class _Instrument:
    """One instrument of the file; ``unit`` is None for the first (main) one."""

    number: int
    unit: Unit | None
    kind: str  # "main" | "attached" | "annex" | "schedule"
    name: str = ""
    doc_type: str = ""

    @property
    def prefix(self) -> str:
        return f"instr_{self.number}" if self.unit is not None else ""


class _Open:
    """A unit being filled: its rank on the stack, its address, its paragraphs."""

    __slots__ = ("fields", "paras", "rank", "unit")

    def __init__(self, unit: Unit, rank: int, fields: _FieldTuple = _NO_FIELDS) -> None:
        self.unit = unit
        self.rank = rank
        self.fields = fields
        self.paras: list[int] = []


class _Builder:
    def __init__(self, paragraphs: Sequence[Paragraph], language: str) -> None:
        self.paragraphs = paragraphs
        self.language = language
        self.vi = language == "vi"
        self.classify: Callable[[Paragraph], Marker | None] = (
            (lambda p: classify_vi(p.text)) if self.vi else classify_en
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
        # instruments: the one being read, all of them, and its signature block
        self.inst = _Instrument(1, None, "main")
        self.instruments: list[_Instrument] = [self.inst]
        self.signature: _Open | None = None
        # the paragraph units' shared wording, by instrument (number, name)
        self.schemes: dict[tuple[int, str] | None, ParagraphScheme] = {}
        self.front_scanned = 0  # how far _front_has_body has looked into self.front
        self.front_body = False

    # ------------------------------------------------------------------ helpers
    def _roots(self) -> list[Unit]:
        return self.inst.unit.children if self.inst.unit is not None else self.roots

    def _in_instrument(self, uid: str, text: str) -> tuple[str, str]:
        """Prefix a unit id and citation with the current instrument (none for the main
        one, whose ids and citations never change)."""
        inst = self.inst
        if inst.unit is None:
            return uid, text
        if not uid.startswith(inst.prefix + "__"):
            uid = f"{inst.prefix}__{uid}"
        return uid, f"{inst.name}, {text}" if text else inst.name

    def _new(
        self,
        kind: str,
        number: str | None,
        heading: str,
        parent: _Open | None,
        quoted: bool = False,
        quoted_in: str | None = None,
    ) -> _Open:
        slot, rank = _SLOT_RANK.get(kind, _NO_SLOT)
        fresh = quoted and parent is not None and not parent.unit.quoted
        if fresh:
            # The quoted unit's own address starts afresh (it is the amended law's).
            fields = _with(_NO_FIELDS, 3 if slot is None else slot, number)
        else:
            fields = parent.fields if parent is not None else _NO_FIELDS
            if slot == 3:  # an article: its clause, point and subpoint start afresh
                fields = (fields[0], fields[1], fields[2], number, None, None, None)
            elif slot is not None:
                fields = _with(fields, slot, number)
        text = _cite(fields, self.language, self.article_style)
        inst = self.inst
        instrument = None
        if inst.unit is not None:
            instrument = inst.name
            if not quoted_in:
                text = f"{inst.name}, {text}" if text else inst.name
        if quoted_in:
            text = (
                f"{text} (trích trong {quoted_in})"
                if self.language == "vi"
                else f"{text} (quoted in {quoted_in})"
            )
        part, chapter, section, article, clause, point, subpoint = fields
        loc = Locator(
            text, part, chapter, section, article, clause, point, subpoint, quoted_in, instrument
        )
        seg = _segment(kind, number) if number else kind
        if fresh:
            seg = "q_" + seg
        # Chapters and parts are left out of article ids so that moving an article
        # to another chapter keeps its id (baselines survive restructuring).
        base = ""
        if parent is not None:
            base = parent.unit.id
            if kind in _ARTICLE_KINDS and not quoted and parent.unit.kind in _GROUP_KINDS:
                base = ""
        uid = f"{base}__{seg}" if base else seg
        if inst.unit is not None:
            prefix = inst.prefix
            if not uid.startswith(prefix + "__"):
                uid = f"{prefix}__{uid}"
        unit = Unit(kind, number, heading, "", loc, uid, (), [], quoted)
        op = _Open(unit, rank, fields)
        if parent is None:
            self._roots().append(unit)
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
        uid, label = self._in_instrument(uid, label)
        instrument = self.inst.name if self.inst.unit is not None else None
        unit = Unit(
            kind=kind,
            number=None,
            heading="",
            text="",
            locator=Locator(text=label, instrument=instrument),
            id=uid,
        )
        self._roots().append(unit)
        op = _Open(unit, 0)
        self.opened.append(op)
        op.paras.append(idx)
        return op

    def _paragraph_unit(self, idx: int) -> None:
        """A paragraph outside any article, as a unit of its own: located by number and
        line ("đoạn 12 (dòng 40)"), never merged into one giant unit. A draft with no
        article has one per paragraph, so they are slim (:mod:`.paragraph_units`)."""
        inst = self.inst
        key = (inst.number, inst.name) if inst.unit is not None else None
        scheme = self.schemes.get(key)
        if scheme is None:
            words = NONPROVISION_WORDS["vi" if self.language == "vi" else "en"]
            scheme = self.schemes[key] = ParagraphScheme(
                self.paragraphs, words["paragraph"], words["line"],
                inst.name if inst.unit is not None else None, inst.prefix)
        self._roots().append(ParagraphUnit(idx, scheme))

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
            self._add(self.back, idx)
            return
        if self.state in ("signature", "after") and self._feed_after(idx, para, text):
            return

        marker = classify_vi(para.text) if self.vi else classify_en(para)
        if text[:1] in _OPEN_QUOTES and self.seen_article and self.stack and quote_delta(text) > 0:
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
            self.back = self._other("toc", idx)
            self.back.unit.locator = Locator(text=text)
            return
        if self.seen_article and self.language == "vi" and _VI_SIGNATURE.match(text):
            self._close_all()
            self.state = "signature"
            self.signature = self._other("signature", idx)
            return
        if self.seen_article or (self.inst.unit is not None and self._front_has_body()):
            start = self._instrument_start(idx, para, text, strict=True)
            if start is not None and (self.state != "front" or start[0] in ("annex", "schedule")):
                self._open_instrument(*start)
                self.front.append(idx)
                return
        if (
            self.language != "vi"
            and para.kind == "heading"
            and (self.state != "front" or self.inst.unit is not None)
            and _EN_RELATED.match(text)
        ):
            self._close_all()
            if self.inst.unit is not None:
                # The amending Acts' provisions follow the schedules but belong to the
                # consolidation itself, as before schedules were instruments.
                if self.state == "front":
                    self._close_front(final=True)
                self.inst = self.instruments[0]
            op = self._other("annex", idx)
            op.unit.locator = Locator(text=text.title())
            # Everything after is quoted: provisions of the amending Acts.
            self.quote_host = op
            self.quote_stack = []
            self.quote_depth = 1 << 30
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

    # ------------------------------------------------------------ instruments
    def _feed_after(self, idx: int, para: Paragraph, text: str) -> bool:
        """After a signature: its own short lines, then either a new instrument or
        prose that no article holds. False when a marker opened a new instrument and
        the caller must still place the paragraph."""
        start = self._instrument_start(idx, para, text, strict=False)
        if start is not None:
            self._open_instrument(*start)
            self.front.append(idx)
            return True
        marker = self.classify(para)
        if marker is not None and RANK[marker.kind] <= RANK["article"]:
            # Articles after a signature belong to another instrument, even untitled.
            self._open_instrument("attached", "")
            return False
        if self.language == "vi" and _VI_SIGNATURE.match(text):
            if self.signature is None:
                self.signature = self._other("signature", idx)
            else:
                self._add(self.signature, idx)
            self.state = "signature"
            return True
        if self.state == "signature" and self.signature is not None and _signature_line(text):
            self._add(self.signature, idx)
            return True
        self.state = "after"
        self._paragraph_unit(idx)
        return True

    def _instrument_start(
        self, idx: int, para: Paragraph, text: str, strict: bool
    ) -> tuple[str, str] | None:
        """(kind, name) when this paragraph opens another instrument. ``strict`` inside
        a body, where a capitalised line must be a bare title ("QUY CHẾ") or be followed
        by "(Ban hành kèm theo …)" to count."""
        if self.language != "vi":
            # (the annex test first: it is a regex match, the capitals test a loop)
            if self._is_annex(text) and (para.kind == "heading" or _looks_upper(text)):
                m = _EN_ANNEX_NAME.match(text)
                name = m.group(1).title() if m else "Schedule"
                if m and m.group(2):
                    name += f" {m.group(2)}"
                return "schedule", name
            return None
        if len(text) > _TITLE_LINE_MAX:
            return None
        if self._is_annex(text):
            m = _VI_ANNEX_NAME.match(text)
            name = "Phụ lục" + (f" {' '.join(m.group(2).split())}" if m and m.group(2) else "")
            return "annex", name
        if _VI_MOTTO.match(text) or (not strict and _VI_ISSUER_LINE.match(text)):
            return "attached", ""
        m = _VI_DOC_TYPE.match(text)
        if m and _looks_upper(text):
            if not strict or not m.group(2).strip():
                return "attached", ""
            if _VI_ISSUED_WITH.match(self._next_text(idx)):
                return "attached", ""
            return None
        if not strict and _VI_ISSUED_WITH.match(text):
            return "attached", ""
        return None

    def _front_has_body(self) -> bool:
        """Whether the text before any marker has gone past the title lines (an
        annex's form, say): only then can a heading there open another annex."""
        if self.state != "front":
            return True
        # Incremental (only paragraphs added since the last call are looked at), so
        # a long annex without articles stays linear.
        if self.front_scanned > len(self.front):
            self.front_scanned, self.front_body = 0, False
        while not self.front_body and self.front_scanned < len(self.front):
            j = self.front_scanned
            p = self.paragraphs[self.front[j]]
            self.front_body = not _title_like(p, p.text.strip(), first=j == 0)
            self.front_scanned += 1
        return self.front_body

    def _next_text(self, idx: int) -> str:
        return self.paragraphs[idx + 1].text.strip() if idx + 1 < len(self.paragraphs) else ""

    def _open_instrument(self, kind: str, name: str) -> None:
        if self.state == "front":
            self._close_front(final=True)
        for i in self.pending:
            self._paragraph_unit(i)
        self.pending.clear()
        self._close_all()
        self.awaiting_heading = None
        n = len(self.instruments) + 1
        unit = Unit(
            kind="instrument",
            number=str(n),
            heading="",
            text="",
            locator=Locator(text=name),
            id=f"instr_{n}",
        )
        self.roots.append(unit)
        self.inst = _Instrument(n, unit, kind, name="", doc_type=name)
        self.instruments.append(self.inst)
        self.state = "front"
        self.front = []
        self.front_scanned, self.front_body = 0, False
        self.seen_article = False
        self.loose = None
        self.signature = None
        self.back = None

    def _name_instrument(self) -> None:
        """Name the instrument from its title ("Quy chế", "Phụ lục II", "Luật Bình
        đẳng giới"), long enough to differ from the instruments before it."""
        inst = self.inst
        if inst.unit is None or inst.name:
            return
        lines = [self.paragraphs[i].text.strip() for i in self.front[:12]]
        short, long_ = _title_names(lines, self.language)
        short = inst.doc_type or short
        used = {i.name for i in self.instruments if i.name} | {self.instruments[0].doc_type}
        name = short or NONPROVISION_WORDS["vi" if self.language == "vi" else "en"][
            "instrument"
        ].format(n=inst.number)
        if name in used and long_ and long_ not in used:
            name = long_
        if name in used:
            name = f"{name} ({inst.number})"
        inst.name = name
        inst.unit.locator = Locator(text=name, instrument=name)
        heading = " ".join(t for t in lines[:4] if len(t) < _TITLE_LINE_MAX)
        inst.unit.heading = " ".join(heading.split())[:300]

    def _is_annex(self, text: str) -> bool:
        rx = _VI_ANNEX if self.language == "vi" else _EN_ANNEX
        return bool(rx.match(text)) and len(text) < 200 and not _ATTACHMENT.search(text)

    def _is_heading_line(self, para: Paragraph, text: str) -> bool:
        if not text or len(text) > 250:
            return False
        if self.classify(para) is not None:
            return False
        return text[:1] not in _OPEN_QUOTES

    def _accept(self, marker: Marker) -> bool:
        """Reject markers that cannot be right where they are."""
        kind = marker.kind
        if kind in _ARTICLE_PARTS:
            for op in reversed(self.stack):
                if op.unit.kind == "article":
                    break
            else:
                return False
            if kind == "point" and self.vi:
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
        if not self.vi:
            marker = self._resolve_en_roman(marker)
        rank = RANK[marker.kind]
        if self.state == "front":
            self._close_front()
        self.state = "body"
        self.loose = None
        stack = self.stack
        while stack and stack[-1].rank >= rank:
            stack.pop()
        op = self._new(marker.kind, marker.number, marker.heading, stack[-1] if stack else None)
        if self.pending:
            self._flush_pending(op, as_heading=True)
        op.paras.append(idx)
        stack.append(op)
        if marker.kind == "article":
            self.seen_article = True
        if marker.needs_heading:
            self.awaiting_heading = op

    def _close_front(self, final: bool = False) -> None:
        """Split the text before the first marker into title and preamble. ``final``
        when no marker ever came: keep the title lines and make every other
        paragraph a unit of its own."""
        if self.inst.unit is not None:
            self._name_instrument()
        elif not self.inst.doc_type:
            lines = [self.paragraphs[i].text.strip() for i in self.front[:12]]
            self.inst.doc_type = _title_names(lines, self.language)[0]
        if not self.front:
            return
        if final:
            self._close_unstructured()
            return
        title_end = 0
        for j, idx in enumerate(self.front):
            para = self.paragraphs[idx]
            t = para.text.strip()
            if _VI_PREAMBLE.match(t) or (self.language != "vi" and len(t) > 160):
                break
            if self.language == "vi" and not _title_like(para, t, first=j == 0):
                # The title block is the header lines; a form or an explanation
                # before the first article is text to check, not title.
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

    def _close_unstructured(self) -> None:
        title_end = 0
        for j, idx in enumerate(self.front[:12]):
            p = self.paragraphs[idx]
            if not _title_like(p, p.text.strip(), first=j == 0):
                break
            title_end = j + 1
        if title_end:
            op = self._other("title", self.front[0])
            op.paras.extend(self.front[1:title_end])
        for idx in self.front[title_end:]:
            self._paragraph_unit(idx)
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
        if self.state == "front":
            self._close_front(final=True)
        for i in self.pending:
            self._paragraph_unit(i)
        self.pending.clear()
        paragraphs = self.paragraphs
        for op in self.opened:
            paras = op.paras
            unit = op.unit
            unit.paragraphs = tuple(paras)
            if len(paras) == 1:  # most units: one clause, one point
                unit.text = paragraphs[paras[0]].text
            else:
                unit.text = "\n".join([paragraphs[i].text for i in paras])
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
# The slot of each kind's number in a unit's address (_FieldTuple), and its rank.
_SLOT_RANK: dict[str, tuple[int | None, int]] = {
    kind: (LOCATOR_FIELDS.index(name), RANK.get(kind, 0)) for kind, name in _FIELD_OF.items()
}
_NO_SLOT: tuple[int | None, int] = (None, 0)
_ARTICLE_KINDS = frozenset(("article", "clause", "point", "subpoint"))
_ARTICLE_PARTS = frozenset(("clause", "point", "subpoint"))
_GROUP_KINDS = frozenset(("part", "chapter", "section", "subsection_group"))


def _with(fields: _FieldTuple, slot: int, value: str | None) -> _FieldTuple:
    """``fields`` with ``value`` in ``slot``."""
    out = list(fields)
    out[slot] = value
    return tuple(out)  # type: ignore[return-value]


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


def _looks_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _signature_line(text: str) -> bool:
    """Names, titles, "(Đã ký)", and the list of recipients."""
    return len(text) <= _SIGNATURE_LINE_MAX or text.startswith(("Nơi nhận", "-", "+", "–", "•"))


_DATE_LINE = re.compile(
    r"(?:\b[Ss]ố(?: hiệu)?\s*:|ngày\s*\S*\s*tháng\s*\S*\s*năm|^Độc lập\s*[-–—]\s*Tự do)", re.I
)


def _title_like(para: Paragraph, text: str, first: bool) -> bool:
    """A line of a title block: capitals, "(Ban hành kèm theo …)", number and date."""
    if not text or len(text) > _TITLE_LINE_MAX:
        return False
    if para.kind == "heading" and first:
        return True
    if not any(c.isalpha() for c in text):
        return True  # "-----", "___"
    return (
        _looks_upper(text)
        or bool(_VI_MOTTO.match(text))
        or bool(_VI_ISSUED_WITH.match(text))
        or (len(text) < 120 and bool(_DATE_LINE.search(text)))
    )


def _sentence_case(text: str) -> str:
    words = text.split()
    out = [w if any(c.isdigit() for c in w) or _ROMAN_WORD.match(w) else w.lower() for w in words]
    joined = " ".join(out)
    return joined[:1].upper() + joined[1:]


_ROMAN_WORD = re.compile(r"^[IVXLC]+[.:]?$")


def _title_names(lines: list[str], language: str) -> tuple[str, str]:
    """(short, long) names of an instrument from its title lines: the type ("Quy
    chế", "Luật") and the type with the title's words ("Luật Bình đẳng giới")."""
    if language != "vi":
        for line in lines:
            if line and len(line) < _TITLE_LINE_MAX:
                return "", " ".join(line.split()[:8])
        return "", ""
    for j, line in enumerate(lines):
        m = _VI_DOC_TYPE.match(line)
        if not m or not _looks_upper(line) or len(line) > _TITLE_LINE_MAX:
            continue
        short = _sentence_case(m.group(1))
        rest = m.group(2).strip()
        if not rest and j + 1 < len(lines) and not _VI_ISSUED_WITH.match(lines[j + 1]):
            rest = lines[j + 1]
        tail = _sentence_case(" ".join(rest.split()[:8])) if rest else ""
        return short, f"{short} {tail}" if tail else short
    return "", ""


_INDEX_ENTRY = re.compile(r"^(?:Điều|Chương|Mục|Phần|Section|Part|Article)\s+\S+", re.I)


def plausible_left_out(kind: str, para: Paragraph) -> bool:
    """Whether a paragraph the builder put in a unit the checks skip (``kind`` title,
    signature or toc) looks like what that unit is: coverage counts the others as
    unread rather than trusting the label."""
    text = para.text.strip()
    if kind == "signature":
        return _signature_line(text) or bool(_VI_SIGNATURE.match(text))
    if kind == "title":
        return len(text) <= _TITLE_LINE_MAX or para.kind == "heading"
    if kind == "toc":
        # an entry: a heading and a page number or id, or an article's heading with the
        # first words of its text (Pháp điển's index)
        return len(text) <= _INDEX_LINE_MAX or bool(_INDEX_ENTRY.match(text))
    return True


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
_SLUGS: dict[str, str] = {}  # numbers repeat ("1", "a") in every article of every law
_SEGMENTS: dict[tuple[str, str], str] = {}


def _segment(kind: str, number: str) -> str:
    """A numbered unit's part of its id: "cl_2", "art_12a" (made once per kind and
    number, which repeat in every article)."""
    key = (kind, number)
    seg = _SEGMENTS.get(key)
    if seg is None:
        seg = f"{ID_WORDS.get(kind, kind)}_{_slug(number)}"
        if len(_SEGMENTS) < 4096:
            _SEGMENTS[key] = seg
    return seg


def _slug(number: str) -> str:
    slug = _SLUGS.get(number)
    if slug is None:
        low = number.lower()
        if _SLUG_SAFE.match(low):
            slug = low
        else:
            slug = re.sub(r"[^0-9a-zA-Zđ.]+", "_", low).strip("_") or "x"
        if len(_SLUGS) < 4096:
            _SLUGS[number] = slug
    return slug


def build_units(paragraphs: Sequence[Paragraph], language: str) -> list[Unit]:
    """Build the unit tree for provision paragraphs; notes become located units."""
    b = _Builder(paragraphs, language)
    notes: list[tuple[int, Paragraph]] = []
    feed = b.feed
    for idx, para in enumerate(paragraphs):
        kind = para.kind
        if kind in PROVISION_KINDS:
            feed(idx, para)
        elif kind not in ("directive", "metadata"):
            notes.append((idx, para))
    roots = b.finish()
    places: dict[str, Locator] = {}  # notes share a handful of places ("notes", a table)
    for idx, para in notes:
        where = para.anchor.where or para.kind
        loc = places.get(where) or places.setdefault(where, Locator(where))
        roots.append(Unit("notes", None, "", para.text, loc, f"notes_{idx}", (idx,)))
    return roots
