"""PDF drafts with a text layer (the copies posted for public consultation).

A PDF has no paragraphs, only positioned lines, so this reader rebuilds paragraphs
from geometry. The library is pdfminer.six, chosen over pypdf and pdfplumber after
measuring them on LibreOffice PDFs of the 26 corpus laws (bench/pdf_libraries.py):
all three recover every word of the .docx with its diacritics and keep the articles
in order; pypdf is fastest (40 s against 66 s) but returns only a string, without the
line boxes needed to tell a wrapped line from a new paragraph, or a running header or
a footnote from text; pdfplumber gives the same boxes as pdfminer.six (it is built on
it) at twice the time (120 s) and with two more dependencies (pypdfium2, Pillow). pdfminer.six is an
optional dependency: ``pip install 'genderlens[pdf]'``.

How lines become paragraphs (each rule is what a reader's eye does):

* a line starts a new paragraph when the font size or weight changes (a bold
  heading), when the vertical gap is larger than the page's usual gap between lines
  (paragraph spacing), when it is indented past the page's usual left edge
  (first-line indent, centred headings), when the line before it ended short of the
  right edge (the last line of a paragraph), or when it starts like a provision
  ("2.", "a)", "Chương II") after a line ending in ".", ";" or ":"; an article
  heading ("Điều 5.") always starts one, and so does clause 1 after it; consecutive
  lines centred on the page are one title, which ends where left-aligned text starts;
* lines under the footnote separator (a short rule at the left margin, the text
  under it set smaller) are footnotes (kind "footnote"), and small raised note
  references are dropped, as they are not text in the Word file either;
* a paragraph continues across a page break when the last line of the page was full
  and the first line of the next page is not indented;
* dot leaders before a page number ("Điều 5. Giải thích từ ngữ........12") become a
  tab, as in the Word file, so table-of-contents entries stay recognisable;
* a word hyphenated at a line end ("appli-" + "cation") is joined without the hyphen
  when the next line starts with a lower-case letter;
* running headers and footers (lines in the top or bottom 9 % of the page whose
  text, digits aside, repeats on at least half of the pages and on two at least, and
  bare page numbers there) are dropped; they are not provisions.

Lines are read top to bottom, and left to right within a row; pieces of one printed
line that pdfminer split (a bold "Điều 1." and its heading) are joined, pieces far
apart or with a border between them stay separate. Ruled tables (at least two
vertical borders) are read as the .docx reader reads tables: row by row, each cell's
lines together, cells left to right, as kind "table" located by row and cell, with
margins measured inside the cell. Unruled columns still read row by row; drafts are
single-column.

Anchors carry the page (:attr:`Anchor.page`, and ``where`` = "page 3"); ``index`` is
the paragraph's position in the file. Scanned PDFs (pages that are images, no text)
are refused in one line saying OCR is needed; password-protected PDFs likewise.
Caps: file size, page count, and a time budget checked page by page.
"""

from __future__ import annotations

import itertools
import logging
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genderlens.errors import InputError
from genderlens.model import Anchor, Paragraph
from genderlens.normalize import normalize
from genderlens.readers.base import ReadResult
from genderlens.readers.guard import DEFAULT_LIMITS, Limits, check_input_file, sniff
from genderlens.readers.line_starts import ARTICLE_START, CLAUSE_START, PROVISION_START

# A consultation copy of a code is a few hundred pages; a compilation a few thousand.
MAX_PAGES = 3000
# Reading stops (one line) when it takes longer than this.
MAX_SECONDS = 120.0
# Pages read before a PDF with no text at all is declared scanned (or empty).
NO_TEXT_PAGES = 30

EXTRA_HINT = "PDF support needs pdfminer.six: pip install 'genderlens[pdf]'"
_OCR_HINT = "OCR it first (e.g. ocrmypdf) or ask for the .docx"


@dataclass(slots=True)
class _Line:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    bold: bool = False
    kind: str = "body"
    cell: tuple[int, int, int] | None = None  # (table, row, column) inside ruled tables


def _pdfminer() -> Any:
    try:
        import pdfminer
    except ImportError:
        return None
    import pdfminer.high_level

    return pdfminer


def _fail(path: Path, exc: BaseException) -> InputError:
    name = type(exc).__name__
    if "Password" in name or "Encryption" in name:
        return InputError(str(path), "password-protected PDF",
                          "remove the password (or ask for an unprotected copy)")
    text = " ".join(str(exc).split())[:160]
    detail = f"{name}: {text}" if text else name
    return InputError(str(path), f"corrupt or unreadable PDF ({detail})",
                      "re-download it or export it again as PDF")


_BOLD = re.compile(r"bold|black|heavy|semibold|,b\b|-bd\b", re.I)


def _lines_of(page: Any, number: int) -> tuple[list[_Line], bool]:
    """Text lines of one laid-out page in reading order, and whether the page holds
    images (a scanned page has images and no text). Lines under a footnote separator
    (a short rule at the left margin in the lower part of the page, as Word and
    LibreOffice draw it) are kind "footnote"."""
    from pdfminer.layout import LTChar, LTFigure, LTImage, LTLine, LTRect, LTTextBox, LTTextLine

    lines: list[_Line] = []
    rules: list[tuple[float, float]] = []  # (top, x0) of short horizontal rules
    hrules: list[tuple[float, float, float]] = []  # (top, x0, x1) of every horizontal rule
    vrules: list[tuple[float, float, float]] = []  # (x, top, bottom) of vertical rules
    images = False
    height = float(page.height) or 1.0

    def visit(obj: Any) -> None:
        nonlocal images
        if isinstance(obj, (LTLine, LTRect)):
            top, bottom = height - float(obj.y1), height - float(obj.y0)
            if obj.height < 2.5 and 20 < obj.width < 260:
                rules.append((top, float(obj.x0)))
            if obj.height < 2.5 and obj.width > 20:
                hrules.append((top, float(obj.x0), float(obj.x1)))
            elif obj.width < 2.5 and obj.height > 5:
                vrules.append(((float(obj.x0) + float(obj.x1)) / 2, top, bottom))
            elif (isinstance(obj, LTRect) and obj.width > 20 and obj.height > 5
                  and getattr(obj, "stroke", False) and not getattr(obj, "fill", False)):
                # a cell drawn as an outlined rectangle: its four sides (a filled one is a
                # highlight or shading behind text, not a border)
                x0, x1 = float(obj.x0), float(obj.x1)
                vrules.extend([(x0, top, bottom), (x1, top, bottom)])
                hrules.extend([(top, x0, x1), (bottom, x0, x1)])
        elif isinstance(obj, LTTextBox):
            for line in obj:
                if isinstance(line, LTTextLine):
                    add(line)
        elif isinstance(obj, LTTextLine):
            add(obj)
        elif isinstance(obj, LTImage):
            images = True
        elif isinstance(obj, LTFigure):
            for child in obj:
                visit(child)

    def add(line: Any) -> None:
        chars = [c for c in line if isinstance(c, LTChar)]
        sizes = [round(c.size, 1) for c in chars]
        size = max(set(sizes), key=sizes.count) if sizes else 0.0
        base = min((c.y0 for c in chars if round(c.size, 1) == size), default=0.0)
        pieces = []
        for obj in line:
            if isinstance(obj, LTChar) and _superscript(obj, size, base):
                continue  # a note reference: not text in the source document
            pieces.append(obj.get_text())
        text = "".join(pieces).replace("\n", "").rstrip()
        if not text.strip():
            return
        bold = sum(1 for c in chars if _BOLD.search(c.fontname)) * 2 > len(chars)
        lines.append(_Line(number, float(line.x0), float(line.x1), height - float(line.y1),
                           height - float(line.y0), round(size, 1), text, bold))

    for obj in page:
        visit(obj)
    out = _visual_lines(lines, vrules)
    if vrules:
        out = _table_cells(out, hrules, vrules)
    if out and rules:
        left = min(ln.x0 for ln in out)
        below = [top for top, x0 in rules if top > 0.4 * height and abs(x0 - left) < 4
                 and any(ln.top > top for ln in out)]
        if below:
            separator = max(below)
            notes = [ln for ln in out if ln.top > separator]
            body = [ln.size for ln in out if ln.top <= separator]
            # notes are set smaller than the text above the rule; a rule above text of
            # the same size is a table border or a form's line
            if body and max(ln.size for ln in notes) < max(set(body), key=body.count) - 0.4:
                for ln in notes:
                    ln.kind = "footnote"
    return out, images


def _raised_mark(frag: _Line, fragments: list[_Line]) -> bool:
    """A small fragment raised at the end of a bigger one: a note reference that
    pdfminer split off its line (not text in the source document)."""
    if len(frag.text.strip()) > 4:
        return False
    for other in fragments:
        if (other is not frag and other.size * 0.8 > frag.size
                and other.top - 1 <= frag.top and frag.bottom < other.bottom - other.size * 0.15
                and -other.size < frag.x0 - other.x1 < other.size):
            return True
    return False


def _superscript(char: Any, size: float, base: float) -> bool:
    """A small raised character: a footnote or endnote reference mark."""
    return bool(size) and char.size < size * 0.8 and char.y0 > base + size * 0.2


def _visual_lines(fragments: list[_Line],
                  walls: Sequence[tuple[float, float, float]] = ()) -> list[_Line]:
    """Merge pieces pdfminer split off one printed line (a bold "Điều 1." and its
    heading, words spaced out by justification) and order lines top to bottom, left
    to right; pieces far apart on one baseline, or with a table border between them,
    stay separate lines (columns, cells)."""
    big = max((f.size for f in fragments), default=0.0)
    fragments = [f for f in fragments if not (f.size < big * 0.8 and _raised_mark(f, fragments))]
    out: list[_Line] = []
    for frag in sorted(fragments, key=lambda f: (round(f.bottom, 0), f.x0)):
        size = frag.size or 10.0
        for line in reversed(out[-4:]):
            same_row = abs(line.bottom - frag.bottom) < size * 0.5
            if (same_row and -size < frag.x0 - line.x1 < size * 3
                    and not any(line.x1 - 1 <= x <= frag.x0 + 1 and top <= frag.bottom
                                and bottom >= frag.top for x, top, bottom in walls)):
                line.text = f"{line.text} {frag.text.strip()}"
                line.x1 = max(line.x1, frag.x1)
                line.top = min(line.top, frag.top)
                line.size = max(line.size, frag.size)
                line.bold = line.bold and frag.bold
                break
        else:
            out.append(_Line(frag.page, frag.x0, frag.x1, frag.top, frag.bottom, frag.size,
                             frag.text, frag.bold))
    for line in out:
        line.text = " ".join(line.text.split())
    # top to bottom; lines whose baselines are within 2 pt form one row, left to right
    rows: list[list[_Line]] = []
    for line in sorted(out, key=lambda ln: ln.bottom):
        if rows and line.bottom - rows[-1][0].bottom < 2.0:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln.x0)]


def _table_cells(lines: list[_Line], hrules: list[tuple[float, float, float]],
                 vrules: list[tuple[float, float, float]]) -> list[_Line]:
    """Read ruled tables the way the .docx reader does: row by row, each cell's lines
    together, cells left to right (kind "table"). A table is a band of the page where
    at least two vertical borders overlap; rows are cut by horizontal borders that
    span it."""
    bands: list[list[float]] = []  # [top, bottom, x-min, x-max]
    for x, top, bottom in sorted(vrules, key=lambda v: v[1]):
        if bands and top <= bands[-1][1] + 2:
            band = bands[-1]
            band[1] = max(band[1], bottom)
            band[2], band[3] = min(band[2], x), max(band[3], x)
        else:
            bands.append([top, bottom, x, x])
    tables = []
    for top, bottom, xmin, xmax in bands:
        xs = sorted({round(x) for x, t, b in vrules if t < bottom and b > top})
        if len(xs) < 2 or xmax - xmin < 20:
            continue
        cuts = sorted({round(t) for t, x0, x1 in hrules
                       if top - 2 <= t <= bottom + 2 and x0 <= xmin + 3 and x1 >= xmax - 3})
        tables.append((top, bottom, xs, cuts))
    if not tables:
        return lines
    keyed: list[tuple[tuple[float, int, int, float, float], _Line]] = []
    for line in lines:
        key: tuple[float, int, int, float, float] = (line.top, 0, 0, 0.0, line.x0)
        for number, (top, bottom, xs, cuts) in enumerate(tables):
            middle = (line.top + line.bottom) / 2
            if top <= middle <= bottom and xs[0] - 2 <= line.x0 and line.x1 <= xs[-1] + 2:
                column = sum(1 for x in xs if x <= line.x0 + 1)
                row = sum(1 for c in cuts if c <= middle)
                line.cell = (number, row, column)
                line.kind = "table" if line.kind == "body" else line.kind
                key = (top, row, column, line.top, line.x0)
                break
        keyed.append((key, line))
    keyed.sort(key=lambda item: item[0])
    return [line for _, line in keyed]


_PAGE_NUMBER = re.compile(r"^\W*(?:trang|page)?\W*\d{1,4}\W*(?:/\W*\d{1,4})?\W*$", re.I)


def _drop_running(lines: list[_Line], heights: dict[int, float]) -> list[_Line]:
    """Remove running headers/footers and bare page numbers in the page margins."""
    pages = len(heights)

    def in_margin(line: _Line) -> bool:
        h = heights[line.page]
        return line.bottom < 0.09 * h or line.top > 0.91 * h

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", " ".join(line.text.split())).lower()

    seen = Counter(key(line) for line in {(ln.page, key(ln)): ln for ln in lines
                                          if in_margin(ln)}.values())
    out = []
    for line in lines:
        if in_margin(line):
            if _PAGE_NUMBER.match(line.text):
                continue
            if pages >= 2 and seen[key(line)] >= max(2, pages // 2):
                continue
        out.append(line)
    return out


_Frame = tuple[int, tuple[int, int, int] | None]


def _frame(line: _Line) -> _Frame:
    """What a line's margins are measured against: its page, or its table cell."""
    return (line.page, line.cell)


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Group lines into paragraphs by the geometry rules in the module docstring."""
    by_page: dict[int, list[_Line]] = {}
    by_frame: dict[_Frame, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
        by_frame.setdefault(_frame(line), []).append(line)
    # Margins are the page's, or the table cell's for lines inside a ruled table.
    left: dict[_Frame, float] = {}
    right: dict[_Frame, float] = {}
    for frame, frame_lines in by_frame.items():
        xs = Counter(round(ln.x0) for ln in frame_lines)
        left[frame] = min(x for x, n in xs.items() if n == max(xs.values()))
        right[frame] = max(ln.x1 for ln in frame_lines)
    gaps: Counter[int] = Counter()
    for page_lines in by_page.values():
        for a, b in itertools.pairwise(page_lines):
            gap = b.top - a.bottom
            if 0 <= gap < 3 * (b.size or 10.0):
                gaps[round(gap)] += 1
    # the usual gap between the lines of one paragraph: the commonest one
    usual = float(gaps.most_common(1)[0][0]) if gaps else 2.0
    groups: list[list[_Line]] = []
    prev: _Line | None = None
    for line in lines:
        if (prev is None or line.kind != prev.kind or line.cell != prev.cell
                or _breaks(prev, line, left, right, usual, groups[-1][0])):
            groups.append([line])
        else:
            groups[-1].append(line)
        prev = line
    return groups


def _breaks(prev: _Line, line: _Line, left: dict[_Frame, float],
            right: dict[_Frame, float], usual: float, first: _Line) -> bool:
    size = line.size or 10.0
    if ARTICLE_START.match(line.text):
        return True  # "Điều 5." never continues a sentence ("Điều 5 của Luật này" may)
    if ARTICLE_START.match(first.text) and CLAUSE_START.match(line.text):
        return True  # an article heading has no final stop before its clause 1
    gap = line.top - prev.bottom
    same_page = line.page == prev.page
    if abs(line.size - prev.size) > 0.6 or line.bold != prev.bold:
        return True  # a heading and its body differ in size or weight
    if same_page and (gap > usual + max(2.0, size * 0.25) or gap < -size * 0.5):
        return True  # paragraph spacing, or a jump back up (another column)
    if same_page and line.x0 > prev.x1:
        return True  # side by side: another column or table cell
    if prev.text[-1:] in ".;:" and PROVISION_START.match(line.text):
        return True  # a provision ends and the next one starts
    centre = (left[_frame(line)] + right[_frame(line)]) / 2
    prev_centred = (abs((prev.x0 + prev.x1) / 2 - (left[_frame(prev)] + right[_frame(prev)]) / 2)
                    < size and prev.x0 > left[_frame(prev)] + size
                    and prev.x1 < right[_frame(prev)] - size)
    line_centred = abs((line.x0 + line.x1) / 2 - centre) < size
    if prev_centred and same_page and line_centred:
        return False  # one centred title over several lines
    if prev_centred and not line_centred:
        return True  # a centred title ends where left-aligned text starts
    if line.x0 > left[_frame(line)] + size * 0.8:
        return True  # first-line indent or centred text
    # the previous line ended short: end of its paragraph (a full last line and an
    # unindented first line on the next page: the paragraph goes on)
    return prev.x1 < right[_frame(prev)] - size * 2.5


_HYPHENATED = re.compile(r"[^\W\d_]-$")


# Dot leaders before a page number at the end of a table-of-contents entry; a heading
# ("Điều 51. ...", "Chương V ...") ending in ". 39" is an entry whose leader had no room.
_LEADER = re.compile(r"\s*(?:\.\s*){2,}(\d{1,4})$")
_SHORT_LEADER = re.compile(r"(?<=\S)\.\s+(\d{1,4})$")
_HEADING = re.compile(r"^(?:Điều\s+\d+[a-zđ]?\.|(?:Chương|Mục|Phần)\s+[\dIVXLC]+\b)", re.I)


def _join(group: list[_Line]) -> str:
    out = group[0].text.strip()
    for line in group[1:]:
        nxt = line.text.strip()
        hyphenated = _HYPHENATED.search(out) and nxt[:1].islower()
        out = out[:-1] + nxt if hyphenated else f"{out} {nxt}"
    # The leader is a tab in the source document; give it back, so that the structure
    # stage sees a table-of-contents entry ("heading<TAB>page"), not a heading.
    out = _LEADER.sub("\t\\1", out)
    if _HEADING.match(out):
        out = _SHORT_LEADER.sub("\t\\1", out)
    return out


def read_pdf(path: Path, limits: Limits = DEFAULT_LIMITS,
             max_seconds: float = MAX_SECONDS, max_pages: int = MAX_PAGES) -> ReadResult:
    """Read a PDF's text layer into paragraphs located by page; one-line InputError for
    PDFs without text (scanned), with a password, damaged, or too big or slow to read."""
    path = Path(path)
    size, head = check_input_file(path, limits, ".pdf")
    if b"%PDF-" not in head[:1024]:
        what = sniff(head)
        problem = f"not a PDF (looks like {what})" if what else "not a PDF (no %PDF header)"
        raise InputError(str(path), problem)
    pdfminer = _pdfminer()
    if pdfminer is None:
        raise InputError(str(path), "cannot read PDF: pdfminer.six is not installed",
                         EXTRA_HINT)
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    deadline = time.monotonic() + max_seconds
    lines: list[_Line] = []
    heights: dict[int, float] = {}
    images = False
    metadata: dict[str, str] = {}
    try:
        with path.open("rb") as fh:
            document = PDFDocument(PDFParser(fh))
            metadata = _info(document)
            manager = PDFResourceManager(caching=True)
            device = PDFPageAggregator(manager, laparams=LAParams(line_margin=0.3))
            interpreter = PDFPageInterpreter(manager, device)
            count = 0
            for count, page in enumerate(PDFPage.create_pages(document), 1):
                if count > max_pages:
                    raise InputError(str(path), f"too many pages (more than {max_pages})",
                                     "split the PDF")
                if time.monotonic() > deadline:
                    raise InputError(str(path), f"PDF took longer than {max_seconds:.0f} s "
                                     f"to read (stopped at page {count})",
                                     "ask for the .docx, or split the PDF")
                interpreter.process_page(page)
                layout = device.get_result()
                heights[count] = float(layout.height) or 1.0
                page_lines, page_images = _lines_of(layout, count)
                lines.extend(page_lines)
                images = images or page_images
                if count >= NO_TEXT_PAGES and not lines:
                    break
    except InputError:
        raise
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except Exception as exc:  # pdfminer raises dozens of types on damaged files
        raise _fail(path, exc) from None
    if not lines:
        if images:
            raise InputError(str(path), "scanned PDF: the pages are images without a text "
                             "layer", _OCR_HINT)
        raise InputError(str(path), f"no text found in this PDF (none in {count} page(s))",
                         "an empty draft cannot be reviewed; check that this is the right file")
    kept = _drop_running(lines, heights)
    paragraphs: list[Paragraph] = []
    for group in _paragraphs(kept):
        raw = _join(group)
        number = group[0].page
        kind = group[0].kind
        where = f"page {number}" if kind == "body" else f"page {number}, {kind}"
        if group[0].cell is not None:
            _, row, column = group[0].cell
            where = f"page {number}, table, row {max(row, 1)}, cell {column}"
        paragraphs.append(Paragraph(text=normalize(raw), raw=raw, kind=kind,
                                    anchor=Anchor(page=number, index=len(paragraphs),
                                                  where=where)))
    warnings = []
    if len(kept) < len(lines):
        warnings.append(f"{len(lines) - len(kept)} running header/footer line(s) left out")
    return ReadResult(path=str(path), format="pdf", paragraphs=paragraphs, metadata=metadata,
                      warnings=warnings, size=size)


def _info(document: Any) -> dict[str, str]:
    """The document information dictionary (title, author...), when it decodes."""
    out: dict[str, str] = {}
    for info in getattr(document, "info", [])[:1]:
        for key in ("Title", "Author", "Subject", "CreationDate"):
            value = info.get(key)
            if isinstance(value, bytes):
                if value.startswith(b"\xfe\xff"):
                    text = value[2:].decode("utf-16-be", "replace")
                else:
                    text = value.decode("latin-1")
            elif isinstance(value, str):
                text = value
            else:
                continue
            if text.strip():
                out[f"core.{key.lower()}"] = text.strip()[:500]
    return out
