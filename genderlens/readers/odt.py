"""OpenDocument text (.odt) drafts: what LibreOffice shows, paragraph by paragraph.

An .odt is a zip like a .docx, so it goes through the same guard
(:class:`~genderlens.readers.guard.ZipPackage`: member count, sizes, ratios, metered
reads, a parser that resolves nothing). ``content.xml`` is read with lxml rather than
odfpy: odfpy builds a full object tree without caps and has no notion of list numbering,
and the reader needs exactly what the XML says. The policies mirror the .docx reader:

* **Automatic numbering** (``text:list`` with a ``text:list-style`` from content.xml or
  styles.xml) is rendered into :attr:`Paragraph.label` the way LibreOffice displays it:
  the level's prefix, number format and suffix (LibreOffice's own ``loext:num-list-format``
  when present, e.g. "Điều %1%."), ``text:start-value``, ``text:display-levels``,
  ``text:continue-numbering``/``text:continue-list`` and list headers (unnumbered).
  Bullets get an empty label. A Word file converted to .odt keeps its "Điều 1." labels
  this way.
* **Tracked changes are read as accepted**: deleted text lives only in
  ``text:tracked-changes`` (never read); inserted text is already in the body.
  :attr:`ReadResult.tracked_changes` says the file had changes.
* **Where text lives**: paragraphs and headings, lists, tables (located like the .docx
  reader's "table 2, row 3, cell 1"), sections, text boxes in frames (kind
  "textbox"), footnotes and endnotes (kinds "footnote"/"endnote", after the body).
  Annotations (comments) are never text. Headers and footers sit in styles.xml and are
  not provisions.
* ``text:s`` is its count of spaces, ``text:tab`` a tab, ``text:line-break`` a space, so
  that one ``text:p`` is one line of text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from genderlens.errors import InputError
from genderlens.model import Anchor, Paragraph
from genderlens.normalize import normalize
from genderlens.readers.base import ReadResult
from genderlens.readers.docx import format_number
from genderlens.readers.guard import (
    DEFAULT_LIMITS,
    OLE_MAGIC,
    ZIP_MAGICS,
    Limits,
    ZipPackage,
    check_input_file,
    sniff,
)

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_T = f"{{{TEXT_NS}}}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_S = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_TB = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_D = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_LO = "{urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"

ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_SAVE_ODT = "open it in LibreOffice and save it as ODF Text Document (.odt)"
FOREIGN_MIMETYPES: dict[str, tuple[str, str]] = {
    "application/vnd.oasis.opendocument.spreadsheet": (
        "an ODF spreadsheet (.ods)", "genderlens reads text documents; copy the text into an .odt"
    ),
    "application/vnd.oasis.opendocument.presentation": (
        "an ODF presentation (.odp)", "genderlens reads text documents; copy the text into an .odt"
    ),
    "application/vnd.oasis.opendocument.graphics": (
        "an ODF drawing (.odg)", "genderlens reads text documents; copy the text into an .odt"
    ),
    "application/vnd.oasis.opendocument.text-template": (
        "an ODF text template (.ott)", "create a document from the template and save it as .odt"
    ),
    "application/vnd.oasis.opendocument.text-master": (
        "an ODF master document (.odm)", "export it as a single .odt"
    ),
}

_P = _T + "p"
_H = _T + "h"
_LIST = _T + "list"
_ITEM = _T + "list-item"
_HEADER = _T + "list-header"
_TABLE = _TB + "table"
_NOTE = _T + "note"
_FRAME = _D + "frame"
_TEXT_BOX = _D + "text-box"

# Inline containers whose text is part of the paragraph.
_INLINE = frozenset(
    _T + t for t in ("span", "a", "ruby", "ruby-base", "meta", "meta-field", "date", "time",
                     "page-number", "sequence", "sender-name", "author-name", "title",
                     "subject", "chapter", "file-name", "bookmark-ref", "reference-ref",
                     "note-ref", "sequence-ref", "user-defined", "variable-get",
                     "expression", "text-input", "placeholder", "hidden-text")
)
# Block containers whose content is part of the flow.
_BLOCKS = frozenset({_T + "section", _T + "index-body", _T + "table-of-content",
                     _T + "illustration-index", _T + "alphabetical-index",
                     _T + "bibliography", _T + "user-index", _T + "object-index",
                     _T + "table-index", _T + "soft-page-break"})
_ROW_GROUPS = frozenset({_TB + "table-header-rows", _TB + "table-rows", _TB + "table-row-group"})


# ---------------------------------------------------------------------- package


class OdtPackage(ZipPackage):
    """An open .odt whose ``mimetype`` and manifest say it is a readable text document."""

    label = ".odt"
    app = "LibreOffice"
    resave = "re-download the file or re-save it from LibreOffice"

    def _validate(self) -> None:
        mimetype = ""
        if self.has("mimetype"):
            mimetype = self.read("mimetype")[:200].decode("ascii", "replace").strip().lower()
        elif self.has("META-INF/manifest.xml"):
            mimetype = self._manifest_type()
        if mimetype != ODT_MIMETYPE:
            known = FOREIGN_MIMETYPES.get(mimetype)
            if known is not None:
                raise self._error(f"not a text document: this is {known[0]} named .odt", known[1])
            if self.has("[Content_Types].xml"):
                raise self._error("not an .odt (this is a Word .docx renamed .odt)",
                                  "rename it to .docx")
            what = f"mimetype {mimetype[:80]!r}" if mimetype else "no mimetype"
            raise self._error(f"not an ODF text document ({what})", _SAVE_ODT)
        if not self.has("content.xml"):
            raise self._error("not an ODF text document (no content.xml)", _SAVE_ODT)
        if self.has("META-INF/manifest.xml"):
            manifest = self.xml("META-INF/manifest.xml")
            if next(manifest.iter(_MANIFEST + "encryption-data"), None) is not None:
                raise self._error("password-protected .odt",
                                  "open it in LibreOffice and save it without a password")

    def _manifest_type(self) -> str:
        for entry in self.xml("META-INF/manifest.xml").iter(_MANIFEST + "file-entry"):
            if entry.get(_MANIFEST + "full-path") == "/":
                return entry.get(_MANIFEST + "media-type", "").strip().lower()
        return ""


def check_odt_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> int:
    size, head = check_input_file(path, limits, ".odt")
    if head.startswith(OLE_MAGIC):
        raise InputError(str(path), "not an .odt (OLE compound file: legacy .doc or encrypted "
                         "Office file)", _SAVE_ODT)
    if not head.startswith(ZIP_MAGICS):
        what = sniff(head)
        problem = f"not an .odt (looks like {what})" if what else "not an .odt (not a zip archive)"
        raise InputError(str(path), problem, _SAVE_ODT)
    return size


def open_odt(path: Path, limits: Limits = DEFAULT_LIMITS) -> OdtPackage:
    return OdtPackage(path, limits, size=check_odt_file(path, limits))


# -------------------------------------------------------------------- numbering


OUTLINE = "\x00outline"


@dataclass(frozen=True, slots=True)
class _LevelStyle:
    fmt: str  # ODF num-format: "1", "a", "A", "i", "I", "" (none) or "bullet"
    prefix: str
    suffix: str
    start: int
    display: int
    template: str | None  # loext:num-list-format ("Điều %1%.")


_ODF_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter",
                "i": "lowerRoman", "I": "upperRoman"}


def _int_attr(el: etree._Element, name: str, default: int) -> int:
    try:
        return int(el.get(name, ""))
    except ValueError:
        return default


def _list_styles(roots: list[etree._Element]) -> dict[str, dict[int, _LevelStyle]]:
    out: dict[str, dict[int, _LevelStyle]] = {}
    for root in roots:
        for ls in root.iter(_T + "list-style", _T + "outline-style"):
            # The outline style numbers headings outside lists; it has one fixed key.
            name = OUTLINE if ls.tag == _T + "outline-style" else ls.get(_S + "name")
            if not name:
                continue
            levels: dict[int, _LevelStyle] = {}
            for lvl in ls:
                if not isinstance(lvl.tag, str):
                    continue
                n = _int_attr(lvl, _T + "level", 0)
                if not 1 <= n <= 10:
                    continue
                if lvl.tag in (_T + "list-level-style-number", _T + "outline-level-style"):
                    levels[n] = _LevelStyle(
                        fmt=lvl.get(_S + "num-format", ""),
                        prefix=lvl.get(_S + "num-prefix", ""),
                        suffix=lvl.get(_S + "num-suffix", ""),
                        start=_int_attr(lvl, _T + "start-value", 1),
                        display=max(1, _int_attr(lvl, _T + "display-levels", 1)),
                        template=lvl.get(_LO + "num-list-format"),
                    )
                else:  # bullet or image: not a provision number
                    levels[n] = _LevelStyle("bullet", "", "", 1, 1, None)
            out.setdefault(name, levels)
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "":
        return ""
    return format_number(n, _ODF_FORMATS.get(fmt, "decimal"))


@dataclass(slots=True)
class _ListState:
    style: str
    counters: list[int | None] = field(default_factory=lambda: [None] * 11)


class _Numbering:
    """Counters per list, continued the way ODF says (continue-numbering: the previous
    list of the same style; continue-list: the list with that xml:id)."""

    def __init__(self, styles: dict[str, dict[int, _LevelStyle]]) -> None:
        self.styles = styles
        self.by_id: dict[str, _ListState] = {}
        self.last_by_style: dict[str, _ListState] = {}

    def open_list(self, el: etree._Element, parent: _ListState | None) -> _ListState:
        if parent is not None:
            return parent
        style = el.get(_T + "style-name", "")
        state: _ListState | None = None
        cont = el.get(_T + "continue-list")
        if cont and cont in self.by_id:
            state = self.by_id[cont]
        elif el.get(_T + "continue-numbering") == "true":
            state = self.last_by_style.get(style)
        if state is None:
            state = _ListState(style)
        list_id = el.get(_XML_ID)
        if list_id:
            self.by_id[list_id] = state
        self.last_by_style[style] = state
        return state

    def style_state(self, style: str) -> _ListState:
        state = self.last_by_style.get(style)
        if state is None:
            state = self.last_by_style[style] = _ListState(style)
        return state

    def label(self, state: _ListState, style: str, level: int, start: int | None) -> str:
        levels = self.styles.get(style) or self.styles.get(state.style) or {}
        lvl = levels.get(level)
        counters = state.counters
        if level > 10:
            return ""
        current = counters[level]
        base = lvl.start if lvl is not None else 1
        counters[level] = start if start is not None else (base if current is None else current + 1)
        for deeper in range(level + 1, 11):
            counters[deeper] = None
        if lvl is None or lvl.fmt in ("bullet", ""):
            return ""

        def value(k: int) -> str:
            ref = levels.get(k)
            v = counters[k]
            if v is None:
                v = ref.start if ref is not None else 1
            return _format(v, ref.fmt if ref is not None and ref.fmt != "bullet" else "1")

        if lvl.template:
            out = lvl.template
            for k in range(level, 0, -1):
                out = out.replace(f"%{k}%", value(k))
            return out.strip()
        first = max(1, level - lvl.display + 1)
        number = ".".join(value(k) for k in range(first, level + 1))
        return f"{lvl.prefix}{number}{lvl.suffix}".strip()


class _ParaStyles:
    """Paragraph styles' parents and list styles (automatic styles in content.xml,
    named ones in styles.xml)."""

    def __init__(self, roots: list[etree._Element]) -> None:
        self.parent: dict[str, str] = {}
        self.lists: dict[str, str] = {}
        for root in roots:
            for st in root.iter(_S + "style"):
                name = st.get(_S + "name")
                if not name or st.get(_S + "family") != "paragraph":
                    continue
                parent = st.get(_S + "parent-style-name")
                if parent:
                    self.parent.setdefault(name, parent)
                list_style = st.get(_S + "list-style-name")
                if list_style is not None:
                    self.lists.setdefault(name, list_style)

    def list_style(self, name: str) -> str | None:
        seen: set[str] = set()
        while name and name not in seen:
            seen.add(name)
            if name in self.lists:
                return self.lists[name]
            name = self.parent.get(name, "")
        return None


# ----------------------------------------------------------------------- reader


def _inline_text(el: etree._Element, out: list[str], frames: list[etree._Element],
                 notes: list[etree._Element]) -> None:
    if el.text:
        out.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            if tag == _T + "s":
                out.append(" " * max(1, min(_int_attr(child, _T + "c", 1), 1000)))
            elif tag == _T + "tab":
                out.append("\t")
            elif tag == _T + "line-break":
                out.append(" ")
            elif tag in _INLINE:
                _inline_text(child, out, frames, notes)
            elif tag == _NOTE:
                notes.append(child)
            elif tag == _FRAME:
                frames.append(child)
            # annotations, bookmarks, change marks, soft page breaks: no text
        if child.tail:
            out.append(child.tail)


class _Reader:
    def __init__(self, root: etree._Element, numbering: _Numbering,
                 para_styles: _ParaStyles) -> None:
        self.index = {p: i for i, p in enumerate(root.iter(_P, _H))}
        self.numbering = numbering
        self.para_styles = para_styles
        self.out: list[Paragraph] = []
        self.notes: list[tuple[etree._Element, str]] = []
        self.tables = 0
        self.outline = _ListState(OUTLINE)

    def blocks(self, parent: etree._Element, where: str, kind: str) -> None:
        for child in parent:
            tag = child.tag
            if tag == _H:
                self.paragraph(child, where, kind, self.outline_label(child))
            elif tag == _P:
                self.paragraph(child, where, kind, "")
            elif tag == _LIST:
                self.list(child, where, kind, None, 1)
            elif tag == _TABLE:
                self.tables += 1
                self.table(child, where, kind, self.tables)
            elif tag in _BLOCKS:
                self.blocks(child, where, kind)
            # text:tracked-changes (deleted text), sequence declarations, forms: no text

    def outline_label(self, h: etree._Element) -> str:
        """Headings outside lists are numbered by the outline style (Word's heading
        numbering arrives in an .odt this way)."""
        if h.get(_T + "is-list-header") == "true":
            return ""
        level = _int_attr(h, _T + "outline-level", 0)
        if not 1 <= level <= 10:
            return ""
        # A paragraph style (or one it inherits from) naming a list style decides: ""
        # switches outline numbering off, which is how Word's unnumbered headings arrive.
        style = self.para_styles.list_style(h.get(_T + "style-name", ""))
        if style is None:
            style = OUTLINE
        if style == "" or style not in self.numbering.styles:
            return ""
        state = self.outline if style == OUTLINE else self.numbering.style_state(style)
        start = None
        if h.get(_T + "restart-numbering") == "true":
            start = _int_attr(h, _T + "start-value", 1)
        return self.numbering.label(state, style, level, start)

    def list(self, el: etree._Element, where: str, kind: str, parent: _ListState | None,
             level: int) -> None:
        state = self.numbering.open_list(el, parent)
        style = el.get(_T + "style-name", "") if parent is None else state.style
        for item in el:
            if item.tag not in (_ITEM, _HEADER):
                continue
            numbered = item.tag == _ITEM
            start = None
            if numbered and item.get(_T + "start-value"):
                start = _int_attr(item, _T + "start-value", 1)
            first = True
            for child in item:
                tag = child.tag
                if tag in (_P, _H):
                    label = ""
                    if first and numbered:
                        label = self.numbering.label(state, style, level, start)
                    first = False
                    self.paragraph(child, where, kind, label)
                elif tag == _LIST:
                    first = False
                    self.list(child, where, kind, state, level + 1)

    def table(self, tbl: etree._Element, where: str, kind: str, number: int) -> None:
        cell_kind = "table" if kind == "body" else kind
        row_no = 0
        for tr in _rows(tbl):
            row_no += 1
            cell_no = 0
            for tc in tr:
                if tc.tag != _TB + "table-cell":
                    continue
                cell_no += 1
                step = f"table {number}, row {row_no}, cell {cell_no}"
                saved = self.tables
                self.tables = 0
                self.blocks(tc, f"{where} > {step}" if where else step, cell_kind)
                self.tables = saved

    def paragraph(self, p: etree._Element, where: str, kind: str, label: str) -> None:
        pieces: list[str] = []
        frames: list[etree._Element] = []
        notes: list[etree._Element] = []
        _inline_text(p, pieces, frames, notes)
        raw = "".join(pieces)
        label = normalize(label) if label else ""
        if label or raw.strip():
            text = normalize(raw)
            self.out.append(Paragraph(
                text=f"{label} {text}" if label else text, raw=raw,
                anchor=Anchor(part="content.xml", index=self.index.get(p), where=where),
                kind=kind, label=label,
                style=p.get(_T + "style-name", ""),
            ))
        for frame in frames:
            for box in frame.iter(_TEXT_BOX):
                self.blocks(box, f"{where} > text box" if where else "text box", "textbox")
        for note in notes:
            cls = note.get(_T + "note-class", "footnote")
            cite = note.find(_T + "note-citation")
            number = (cite.text or "").strip() if cite is not None else ""
            self.notes.append((note, f"{cls} {number}".strip()))


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for child in tbl:
        if child.tag == _TB + "table-row":
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


def _metadata(pkg: OdtPackage, warnings: list[str]) -> dict[str, str]:
    if not pkg.has("meta.xml"):
        return {}
    try:
        root = pkg.xml("meta.xml")
    except InputError as exc:
        warnings.append(f"document properties ignored: {exc.problem}")
        return {}
    out: dict[str, str] = {}
    for el in root.iter(_DC + "title", _DC + "subject", _DC + "creator", _DC + "date",
                        _META + "creation-date", _META + "initial-creator"):
        value = (el.text or "").strip()
        if value:
            out[f"core.{etree.QName(el).localname}"] = value[:500]
    return out


def read_odt(path: Path) -> ReadResult:
    """Read an .odt into paragraphs (body, tables, text boxes, then notes) with list
    labels and tracked changes accepted; raises a one-line InputError otherwise."""
    path = Path(path)
    warnings: list[str] = []
    with open_odt(path) as pkg:
        root = pkg.xml("content.xml")
        if root.tag != _O + "document-content":
            raise InputError(str(path), "not an ODF text document (content.xml has no "
                             "office:document-content)", _SAVE_ODT)
        body = root.find(f"{_O}body/{_O}text")
        if body is None:
            raise InputError(str(path), "not an ODF text document (no office:text body)",
                             _SAVE_ODT)
        style_roots = [root]
        if pkg.has("styles.xml"):
            try:
                style_roots.append(pkg.xml("styles.xml"))
            except InputError as exc:
                warnings.append(f"styles ignored (list numbers may be missing): {exc.problem}")
        reader = _Reader(root, _Numbering(_list_styles(style_roots)), _ParaStyles(style_roots))
        reader.blocks(body, "", "body")
        for note, where in reader.notes:
            kind = "endnote" if where.startswith("endnote") else "footnote"
            note_body = note.find(_T + "note-body")
            if note_body is not None:
                reader.blocks(note_body, where, kind)
        tracked = next(body.iter(_T + "changed-region"), None) is not None
        metadata = _metadata(pkg, warnings)
        size = pkg.size
    return ReadResult(path=str(path), format="odt", paragraphs=reader.out, metadata=metadata,
                      tracked_changes=tracked, warnings=warnings, size=size)
