"""The values that flow through genderlens: read -> structure -> check -> render.

Everything here is a plain dataclass so that every stage can be tested without the
others, results can cross process boundaries (batch mode pickles them) and renderers
never need spaCy or python-docx.
"""

from __future__ import annotations

import hashlib
import unicodedata
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, overload

# --------------------------------------------------------------------------- read


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a paragraph lives in its source file.

    For text formats ``line`` is the 1-based line and ``column`` the 0-based offset of
    ``Paragraph.raw`` in that line (Markdown markers such as "### " or "- " come first).
    For .docx, ``part`` is the package
    part ("word/document.xml", "word/footnotes.xml", ...) and ``index`` the position of
    the ``w:p`` element among all ``w:p`` elements of that part in document order
    (``part_root.iter(w:p)``); the annotator walks the same order to find it again.
    ``where`` is a human description ("table 2, row 3, cell 1").

    ``page`` is the 1-based page for formats that have fixed pages (PDF), where a
    reviewer looks a finding up by page; None elsewhere. Formats converted through
    LibreOffice (.doc, .rtf) keep the anchors of the intermediate .docx. For ODT
    ``part`` is "content.xml" and ``index`` the position of the ``text:p``/``text:h``
    among all of them; for HTML ``index`` is the position of the block element and
    ``line`` its source line.
    """

    line: int | None = None
    column: int = 0
    part: str | None = None
    index: int | None = None
    where: str = ""
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph as the reader saw it.

    ``raw`` is the source text exactly as stored (possibly NFD, possibly with look-alike
    letters); ``text`` is what every later stage reads: the automatic-numbering label
    (if any) followed by a space and the NFC, look-alike-repaired text. ``label`` is the
    automatic numbering label Word shows ("1.", "a)"), empty when there is none, so
    ``text[len(label) + 1:]`` (or ``text`` when unlabelled) corresponds to ``raw``
    through :func:`genderlens.normalize.source_offset`.

    ``kind`` says what sort of text this is: "body", "table", "footnote", "endnote",
    "textbox", "comment", "heading" (a Markdown heading, ``level`` set), "list" (a
    Markdown list item), "quote", "notes" (editorial/historical notes), "directive"
    (genderlens comments in
    the source). Only body/table/heading/list/quote text is
    provision text; notes and text boxes are kept and located but not provisions.
    """

    text: str
    raw: str
    anchor: Anchor
    kind: str = "body"
    label: str = ""
    style: str = ""
    level: int | None = None

    @property
    def body_offset(self) -> int:
        """Index in ``text`` where the source text (after the label) starts."""
        return len(self.label) + 1 if self.label else 0

    @property
    def is_provision_text(self) -> bool:
        return self.kind in PROVISION_KINDS


PROVISION_KINDS = frozenset({"body", "table", "heading", "list", "quote"})


class TextLines(Sequence[Paragraph]):
    """The lines of a text or Markdown file as paragraphs, kept as two strings and a few
    arrays; each :class:`Paragraph` is made when it is asked for.

    Why: a file of one-word lines has a paragraph per six bytes, and a Paragraph with
    its Anchor and strings costs about 270 bytes: 4 MB of such lines took 230 MB just
    to read. Here a line costs about 20 bytes. A paragraph is ``Paragraph(text, raw,
    Anchor(line, column), kind, "", "", level)``, made afresh on each access (compare
    paragraphs with ``==``, not ``is``). ``text_of`` and ``line_of`` read one field
    without making the paragraph. Readers build one with :class:`ParagraphColumns`.
    """

    __slots__ = ("_columns", "_kind_names", "_kinds", "_levels", "_lines", "_raw",
                 "_raw_starts", "_starts", "_text")

    def __init__(self, text: str, starts: array[int], raw: str, raw_starts: array[int],
                 lines: array[int], kind_names: tuple[str, ...], kinds: array[int] | None,
                 columns: array[int] | None, levels: array[int] | None) -> None:
        self._text = text  # the paragraphs' texts, a line break between two
        self._starts = starts
        self._raw = raw  # their raw lines (``text`` itself when normalising changed none)
        self._raw_starts = raw_starts
        self._lines = lines
        self._kind_names = kind_names
        self._kinds = kinds  # numbers into ``kind_names``; None: every one is the first
        self._columns = columns  # None: every column is 0
        self._levels = levels  # -1 for None; None: no paragraph has a level

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> Paragraph: ...
    @overload
    def __getitem__(self, index: slice) -> list[Paragraph]: ...
    def __getitem__(self, index: int | slice) -> Paragraph | list[Paragraph]:
        if isinstance(index, slice):
            return [self._make(i) for i in range(*index.indices(len(self._lines)))]
        if index < 0:
            index += len(self._lines)
        if not 0 <= index < len(self._lines):
            raise IndexError("paragraph index out of range")
        return self._make(index)

    def __iter__(self) -> Iterator[Paragraph]:
        make = self._make
        for i in range(len(self._lines)):
            yield make(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TextLines | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are unhashable

    def __repr__(self) -> str:
        return f"TextLines({len(self)} paragraphs)"

    def _make(self, i: int) -> Paragraph:
        text = self.text_of(i)
        raw = text if self._raw is self._text else _cut(self._raw, self._raw_starts, i)
        column = self._columns[i] if self._columns is not None else 0
        kind = self._kind_names[self._kinds[i] if self._kinds is not None else 0]
        level = None
        if self._levels is not None and self._levels[i] >= 0:
            level = self._levels[i]
        return _new_paragraph(text, raw, _new_anchor(self._lines[i], column), kind, level)

    def text_of(self, i: int) -> str:
        return _cut(self._text, self._starts, i)

    def line_of(self, i: int) -> int:
        return self._lines[i]


def _cut(joined: str, starts: array[int], i: int) -> str:
    """Part ``i`` of ``joined``, whose parts start at ``starts``, a line break between two."""
    end = starts[i + 1] - 1 if i + 1 < len(starts) else len(joined)
    return joined[starts[i]:end]


class ParagraphColumns:
    """Paragraphs added one by one, kept as :class:`TextLines` (see there why)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.raws: list[str] = []
        self.lines = array("l")
        self.columns = array("l")
        self.kinds = array("B")
        self.codes: dict[str, int] = {}  # kind -> its number in ``kinds``
        self.levels = array("l")  # -1 for None
        self.same = True  # every text is its raw line

    def add(self, text: str, raw: str, line: int, column: int, kind: str,
            level: int | None) -> None:
        self.texts.append(text)
        self.raws.append(raw)
        if text is not raw and text != raw:
            self.same = False
        self.lines.append(line)
        self.columns.append(column)
        code = self.codes.get(kind)
        if code is None:
            code = self.codes[kind] = len(self.codes)
        self.kinds.append(code)
        self.levels.append(-1 if level is None else level)

    def done(self) -> TextLines:
        raw = "\n".join(self.raws)
        raw_starts = _starts(self.raws)
        text, starts = (raw, raw_starts) if self.same else ("\n".join(self.texts),
                                                           _starts(self.texts))
        names = tuple(self.codes) or ("body",)  # in the order of their numbers
        return TextLines(text, starts, raw, raw_starts, self.lines, names,
                         self.kinds if len(names) > 1 else None,
                         self.columns if any(self.columns) else None,
                         self.levels if any(v >= 0 for v in self.levels) else None)


def _starts(parts: list[str]) -> array[int]:
    """Where each part starts in ``"\\n".join(parts)``."""
    starts = array("q")
    pos = 0
    for part in parts:
        starts.append(pos)
        pos += len(part) + 1
    return starts


# ---------------------------------------------------------------------- structure

LOCATOR_FIELDS = ("part", "chapter", "section", "article", "clause", "point", "subpoint")


@dataclass(frozen=True, slots=True)
class Locator:
    """A unit's address, the same fields in every language.

    ``article`` is the basic numbered provision (Điều N, section N of an English Act),
    ``clause`` its numbered subdivision, ``point`` the next level, ``subpoint`` the
    next; ``part``/``chapter``/``section`` are the groupings above articles.
    ``text`` is the citation as a lawyer writes it in the document's language.
    ``quoted_in`` is set for units quoted inside an amending law: the text locator of
    the host unit that quotes them. ``instrument`` names the instrument the unit
    belongs to ("Quy chế", "Phụ lục II", "Schedule 1") when it is not the file's main
    one: a decision and the regulation it issues both have an "Điều 2", and a lawyer
    must be able to tell them apart. It stays None for the main instrument so that
    the citations and fingerprints of single-instrument documents never change.
    """

    text: str = ""
    part: str | None = None
    chapter: str | None = None
    section: str | None = None
    article: str | None = None
    clause: str | None = None
    point: str | None = None
    subpoint: str | None = None
    quoted_in: str | None = None
    instrument: str | None = None

    def fields(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in LOCATOR_FIELDS}


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A stretch of the document the checks did not read, and why."""

    reason: str  # "header" | "signature" | "notes" | "table-of-contents" | "metadata"
    where: str  # the unit's locator text ("Quy chế, Phần ký ban hành")
    first_paragraph: int  # indices into Document.paragraphs
    last_paragraph: int
    chars: int
    line: int | None = None  # first line, for text inputs


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the draft the checks read: a reviewer who sees "0 errors" must be
    able to tell a clean draft from one that was barely read.

    ``total`` counts the characters of every paragraph the reader produced; ``read``
    those of the units the checks run over; ``left_out`` the rest by reason.
    ``body_share`` is ``read`` over the text that is meant to be checked: everything but
    headers, signatures, tables of contents, notes and metadata.
    """

    total: int
    read: int
    left_out: dict[str, int]
    spans: tuple[LeftOut, ...] = ()
    instruments: tuple[str, ...] = ()
    articles: int = 0
    paragraph_units: int = 0

    @property
    def share(self) -> float:
        return self.read / self.total if self.total else 0.0

    @property
    def body(self) -> int:
        return self.total - sum(self.left_out.values())

    @property
    def body_share(self) -> float:
        body = self.body
        return min(1.0, self.read / body) if body > 0 else (1.0 if self.total else 0.0)


@dataclass(frozen=True, slots=True)
class ReviewWarning:
    """Something the reviewer must know about how the draft was read.

    ``code`` is stable (``no-text``, ``no-provisions``, ``low-coverage``) so programs
    can act on it and memos can word it in their own language from ``values``;
    ``message`` is the English wording.
    """

    code: str
    message: str
    values: dict[str, str] = field(default_factory=dict)


UNIT_KINDS = (
    "document",
    "part",
    "chapter",
    "section",  # Mục / Division
    "subsection_group",  # Tiểu mục
    "article",
    "clause",
    "point",
    "subpoint",
    "preamble",
    "title",
    "signature",
    "annex",
    "notes",
    "other",
    "paragraph",  # one paragraph of text outside any article, located by number/line
    "toc",  # a table of contents or index of articles
    "instrument",  # a further instrument in the file: attached regulation, annex, law
)

# Units whose text the checks do not read: the title block (issuer, motto, number,
# date, title), the signature block, editorial notes and tables of contents. Coverage
# reports them as left out, by these reasons.
UNCHECKED_KINDS = {
    "title": "header",
    "signature": "signature",
    "notes": "notes",
    "toc": "table-of-contents",
}


@dataclass(slots=True)
class Unit:
    """A node of the legal hierarchy.

    ``paragraphs`` are indices into ``Document.paragraphs`` of the paragraphs that
    belong to this unit itself (its heading line included), not to its children;
    ``text`` is those paragraphs' ``text`` joined with "\\n". ``id`` is a stable path
    id ("chuong_1__dieu_5__khoan_2") used for fingerprints and diffs.
    """

    kind: str
    number: str | None
    heading: str
    text: str
    locator: Locator
    id: str
    paragraphs: tuple[int, ...] = ()
    children: list[Unit] = field(default_factory=list)
    quoted: bool = False

    def walk(self) -> Any:
        """Yield this unit and all descendants, depth first, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def full_text(self) -> str:
        """Own text followed by all descendants' text (the whole provision)."""
        return "\n".join(u.text for u in self.walk() if u.text)


@dataclass(slots=True)
class Document:
    """A read and structured draft."""

    path: str
    format: str  # "docx" | "odt" | "pdf" | "html" | "doc" | "rtf" | "txt" | "md"
    language: str  # "vi" | "en"
    paragraphs: Sequence[Paragraph]
    units: list[Unit] = field(default_factory=list)
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    tracked_changes: bool = False
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    size: int = 0
    coverage: Coverage | None = None
    reading_warnings: list[ReviewWarning] = field(default_factory=list)

    def walk(self) -> Any:
        for unit in self.units:
            yield from unit.walk()

    def articles(self) -> list[Unit]:
        return [u for u in self.walk() if u.kind == "article" and not u.quoted]


# ------------------------------------------------------------------------- check


class Severity(IntEnum):
    info = 1
    warning = 2
    error = 3

    def __str__(self) -> str:
        return self.name


ITEM_STATUSES = ("met", "not-met", "flagged", "needs-review", "not-applicable")

CATEGORIES = (
    "language",
    "differential",
    "protective",
    "special-measure",
    "exclusion",
    "indirect",
    "stereotype",
    "omission",
    "equality",
    "info",
    "dossier-consistency",  # a dossier document says something the draft contradicts
)


@dataclass(frozen=True, slots=True)
class Span:
    """Where a quote sits: in the unit text and in the source.

    ``start``/``end`` index ``Unit.text``. ``paragraph`` indexes
    ``Document.paragraphs``; ``para_start``/``para_end`` index that paragraph's
    ``text``; ``source_start``/``source_end`` index its ``raw`` (None when the quote
    falls on an automatic numbering label). ``line``/``column`` are 1-based for text
    inputs; ``end_line``/``end_column`` are set where the quote ends on a later line
    than it starts (a paragraph unwrapped from several lines of a text file).
    """

    start: int
    end: int
    paragraph: int
    para_start: int
    para_end: int
    source_start: int | None = None
    source_end: int | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None  # 1-based, exclusive


def normalise_quote(quote: str) -> str:
    return " ".join(unicodedata.normalize("NFC", quote).casefold().split())


JUSTIFICATION_STATUSES = ("found", "not-found")


@dataclass(frozen=True, slots=True)
class Justification:
    """What the dossier (the submission's explanatory report, impact assessment) says
    about a provision that treats women and men differently.

    Differential treatment *may* be lawful when it is justified, so the verdict weighs
    it: "found" with the ``quote`` the reviewer must judge, "not-found" when a dossier
    was read and says nothing. A finding without a Justification (None) means no
    dossier was read, which counts as unjustified. ``location`` is a locator in the
    dossier document as JSON fields (``{"text": "Mục 3.2", ...}``).
    """

    status: str  # one of JUSTIFICATION_STATUSES
    document: str | None = None
    quote: str | None = None
    location: dict[str, Any] | None = field(default=None, hash=False)

    @property
    def found(self) -> bool:
        return self.status == "found"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a reviewer should look at. Findings are values, never exceptions."""

    checklist: str
    item: str
    rule: str
    category: str
    severity: Severity
    locator: Locator
    quote: str
    message: str
    suggestion: str = ""
    basis: str = ""
    span: Span | None = None
    unit_id: str = ""
    # the shape of a differential finding ("values", "one-sex", "siblings", "spouse",
    # "reference", ...), empty for other findings
    shape: str = ""
    # other items' findings on the same provision, folded into this one so that a
    # provision is reported once: "checklist.item: message" each
    related: tuple[str, ...] = ()
    # Last, so that positional construction elsewhere keeps working.
    justification: Justification | None = None
    # the provision a differential finding was compared with (a sibling, the other
    # sex's rule, the clause it cites): its locator in words, "" when none
    compared_with: str = ""
    # The dossier document the finding is located in (a report's claim that the draft
    # contradicts); None: the draft. ``span`` is then None and ``locator`` is the
    # place in that document.
    document: str | None = None

    @property
    def justified(self) -> bool:
        """Whether a dossier justifies this finding (None: no dossier was read)."""
        return self.justification is not None and self.justification.found

    @property
    def fingerprint(self) -> str:
        """Stable id: rule + locator + normalised quote (baselines, diffs, SARIF)."""
        loc = "/".join(f"{k}={v}" for k, v in self.locator.fields().items() if v)
        if self.locator.instrument:
            loc = f"instrument={self.locator.instrument}/{loc}"
        if self.locator.quoted_in:
            loc += f"/in={self.locator.quoted_in}"
        if self.document:
            # the file's name, not its folder: two versions of a dossier sit in two
            # folders, and the same statement must keep its id
            name = self.document.replace("\\", "/").rsplit("/", 1)[-1]
            loc = f"document={name}/{loc}"
        key = f"{self.rule}\x1f{loc}\x1f{normalise_quote(self.quote)}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A passage of a dossier document that answers a checklist item.

    Appraisers check the drafter's claims against the documents, so each answer
    carries its words and where they are: ``location`` is JSON-ready
    (``{"text": "mục 2 (đoạn 14)", "paragraph": 13, "line": 14}``), ``what`` names the
    part of the question the passage answers ("figures by sex", "Women's Union").
    """

    document: str
    role: str
    quote: str
    location: dict[str, Any] = field(default_factory=dict, hash=False)
    what: str = ""


DOSSIER_NOT_PROVIDED = "dossier not provided"


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The status of one checklist item for one document.

    ``reason`` says why a status is what it is when the findings cannot ("dossier not
    provided"); ``sources`` are the dossier passages that answered the item.
    """

    checklist: str
    item: str
    status: str  # one of ITEM_STATUSES
    question: str = ""
    title: str = ""
    basis: str = ""
    evidence: tuple[str, ...] = ()  # finding fingerprints or short notes
    reason: str = ""
    sources: tuple[Evidence, ...] = ()
    dossier: bool = False  # answered by the dossier, not the draft's text


@dataclass(frozen=True, slots=True)
class ChecklistInfo:
    id: str
    version: str
    title: str
    basis: str = ""


DOSSIER_ROLES = (
    "draft",
    "submission",
    "gender_report",
    "impact_assessment",
    "consultation",
    "unknown",
)


@dataclass(frozen=True, slots=True)
class DossierDocument:
    """One document of a drafting dossier and the role it plays in the appraisal.

    ``reason`` says what gave the role away ("title: báo cáo lồng ghép vấn đề bình
    đẳng giới", "configuration"), so a reviewer can tell a recognised role from an
    assigned one; ``unknown`` documents are listed, never guessed.
    """

    path: str
    role: str  # one of DOSSIER_ROLES
    title: str = ""
    language: str = ""
    reason: str = ""
    error: str = ""  # set when the document could not be read


@dataclass(slots=True)
class Dossier:
    """The documents read beside the draft (LGE Art. 21-22: the appraisal reads the
    whole dossier, not the draft alone). ``cited_missing`` lists the articles the
    reports cite that the draft does not contain (a renumbered draft)."""

    documents: list[DossierDocument]
    cited_missing: list[tuple[str, str, str]] = field(default_factory=list)  # doc, cite, quote

    def of_role(self, role: str) -> list[DossierDocument]:
        return [d for d in self.documents if d.role == role]


@dataclass(slots=True)
class Review:
    """Everything a renderer needs about one reviewed document."""

    document: Document
    findings: list[Finding]
    items: list[ItemResult]
    checklists: list[ChecklistInfo]
    tool_version: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    suppressed: int = 0
    warnings: list[ReviewWarning] = field(default_factory=list)
    # What the rating reads from the whole text (equality statements, gender terms),
    # kept when batch mode strips the document (runner.slim_document) so that a JSON
    # report rates a draft exactly as its memo does. Empty: read the document.
    signals: dict[str, Any] = field(default_factory=dict)
    # The dossier read with the draft; None: the draft was reviewed alone.
    dossier: Dossier | None = None

    def counts(self) -> dict[str, int]:
        out = {s.name: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.name] += 1
        return out


def _slot_setters(cls: type, names: str) -> tuple[Callable[[Any, Any], None], ...]:
    return tuple(cls.__dict__[name].__set__ for name in names.split())


_new = object.__new__
_SET_ANCHOR = _slot_setters(Anchor, "line column part index where page")
_SET_PARAGRAPH = _slot_setters(Paragraph, "text raw anchor kind label style level")


def _new_anchor(line: int, column: int = 0) -> Anchor:
    """``Anchor(line, column)``, in half the time: a frozen dataclass's ``__init__`` sets each
    field through ``object.__setattr__``, and :class:`TextLines` makes an Anchor and a
    Paragraph each time a line is read (several times per line and review)."""
    a = _new(Anchor)
    s_line, s_column, s_part, s_index, s_where, s_page = _SET_ANCHOR
    s_line(a, line)
    s_column(a, column)
    s_part(a, None)
    s_index(a, None)
    s_where(a, "")
    s_page(a, None)
    return a


def _new_paragraph(text: str, raw: str, anchor: Anchor, kind: str, level: int | None = None
                   ) -> Paragraph:
    """``Paragraph(text, raw, anchor, kind, "", "", level)``, as :func:`_new_anchor`
    makes an Anchor."""
    p = _new(Paragraph)
    s_text, s_raw, s_anchor, s_kind, s_label, s_style, s_level = _SET_PARAGRAPH
    s_text(p, text)
    s_raw(p, raw)
    s_anchor(p, anchor)
    s_kind(p, kind)
    s_label(p, "")
    s_style(p, "")
    s_level(p, level)
    return p


def pickled_as_calls(*classes: type) -> None:
    """Make each dataclass pickle as a call of its constructor with its fields in order.

    Why: a slotted dataclass otherwise pickles through ``__getstate__`` and
    ``__setstate__``, two Python functions per object that look its fields up each
    time. A batch worker sends every review back to the command (thousands of findings,
    spans and item results) and the command unpickles them while the workers still run:
    this halves that work (vi/laws-txt: 81 ms to 34 ms to load, 42 ms to 18 ms to dump).
    Only for dataclasses whose fields are all ``__init__`` arguments."""
    import operator
    from dataclasses import fields

    for cls in classes:
        names = [f.name for f in fields(cls)]
        assert all(f.init for f in fields(cls)), cls
        get = operator.attrgetter(*names)

        def reduce(self: Any, cls: type = cls, get: Any = get, one: bool = len(names) == 1
                   ) -> tuple[Any, ...]:
            return (cls, (get(self),) if one else get(self))

        cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]


pickled_as_calls(Anchor, Paragraph, Locator, LeftOut, Coverage, ReviewWarning, Unit, Document,
                 Span, Justification, Finding, Evidence, ItemResult, ChecklistInfo,
                 DossierDocument, Dossier, Review)

