"""The values that flow through genderlens: read -> structure -> check -> render.

Everything here is a plain dataclass so that every stage can be tested without the
others, results can cross process boundaries (batch mode pickles them) and renderers
never need spaCy or python-docx.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

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
    the host unit that quotes them.
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

    def fields(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in LOCATOR_FIELDS}


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
)


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
    paragraphs: list[Paragraph]
    units: list[Unit] = field(default_factory=list)
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    tracked_changes: bool = False
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    size: int = 0

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
)


@dataclass(frozen=True, slots=True)
class Span:
    """Where a quote sits: in the unit text and in the source.

    ``start``/``end`` index ``Unit.text``. ``paragraph`` indexes
    ``Document.paragraphs``; ``para_start``/``para_end`` index that paragraph's
    ``text``; ``source_start``/``source_end`` index its ``raw`` (None when the quote
    falls on an automatic numbering label). ``line``/``column`` are 1-based for text
    inputs.
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


def normalise_quote(quote: str) -> str:
    return " ".join(unicodedata.normalize("NFC", quote).casefold().split())


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

    @property
    def fingerprint(self) -> str:
        """Stable id: rule + locator + normalised quote (baselines, diffs, SARIF)."""
        loc = "/".join(f"{k}={v}" for k, v in self.locator.fields().items() if v)
        if self.locator.quoted_in:
            loc += f"/in={self.locator.quoted_in}"
        key = f"{self.rule}\x1f{loc}\x1f{normalise_quote(self.quote)}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The status of one checklist item for one document."""

    checklist: str
    item: str
    status: str  # one of ITEM_STATUSES
    question: str = ""
    title: str = ""
    basis: str = ""
    evidence: tuple[str, ...] = ()  # finding fingerprints or short notes


@dataclass(frozen=True, slots=True)
class ChecklistInfo:
    id: str
    version: str
    title: str
    basis: str = ""


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

    def counts(self) -> dict[str, int]:
        out = {s.name: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.name] += 1
        return out
