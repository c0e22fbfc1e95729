"""HTML drafts: pages copied from legal portals, and Word or LibreOffice "save as HTML".

lxml (already a core dependency) parses the page with a parser that neither fetches
nor expands anything; libxml2 caps nesting at 256 levels, and a page nested deeper is
refused rather than read with its end silently missing. The policies:

* **Encoding**: a byte-order mark, else the ``<meta charset>`` / ``http-equiv``
  declaration in the first 4 KiB, else UTF-8, else Windows-1258 when it looks
  Vietnamese (old portal pages), else refused in one line.
* **Main text, not navigation**: scripts, styles, forms, ``nav``, ``header``,
  ``footer``, ``aside``, elements hidden with ``hidden``/``display:none`` and ARIA
  navigation landmarks are dropped. When the page marks its main text (``main``,
  ``article``, ``role=main``, or an element whose id/class says content/toàn văn), the
  largest such element is read; otherwise the body, minus link lists (blocks whose text
  is mostly links, i.e. menus).
* **Blocks**: every block element (p, div, h1-h6, li, td, blockquote...) is a
  paragraph, and ``<br>`` splits a block into paragraphs, because portals often put a
  whole article in one ``<p>`` with a ``<br>`` before each clause. Table cells are
  kind "table", located as "table 2, row 3, cell 1". Ordered lists get the label a
  browser shows ("1.", "a.", "iv.") from ``type``, ``start`` and ``value``.
* Anchors: ``line`` is the source line of the block element, ``index`` its position.

The tree is walked iteratively (lxml's ``iterwalk``), never recursively, so nesting
cannot exhaust Python's stack.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from genderlens.errors import InputError
from genderlens.model import Anchor, Paragraph
from genderlens.normalize import normalize
from genderlens.readers import MAX_TEXT_BYTES
from genderlens.readers.base import ReadResult
from genderlens.readers.docx import format_number
from genderlens.readers.guard import Limits, check_input_file
from genderlens.readers.text import _NOT_CONTROL, _plausible_cp1258

_LIMITS = Limits(max_file_bytes=MAX_TEXT_BYTES)

_DROP = frozenset({"script", "style", "noscript", "template", "head", "nav", "header",
                   "footer", "aside", "form", "button", "select", "textarea", "iframe",
                   "svg", "math", "object", "embed", "canvas", "audio", "video", "map",
                   "title", "meta", "link"})
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th",
                     "blockquote", "pre", "dt", "dd", "caption", "section", "article",
                     "main", "center", "address", "figcaption", "figure", "fieldset",
                     "legend", "ol", "ul", "dl", "table", "tr", "tbody", "thead", "tfoot",
                     "hr", "body", "html"})
_ROLES_DROPPED = frozenset({"navigation", "banner", "contentinfo", "search", "menu",
                            "menubar", "complementary"})
_MAIN_HINT = re.compile(r"(^|[\W_])(content|noidung|toanvan|vanban|fulltext|main|"
                        r"article|document|docbody|law)", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Notes as LibreOffice ("sdfootnote1") and Word ("ftn1") write them: not provisions.
_NOTE_ID = re.compile(r"^(?:sd)?(?:foot|end)note\d+$|^_?(?:ftn|edn)\d+$", re.I)
_OL_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman",
               "I": "upperRoman"}

_HINT = "save the page as UTF-8 HTML"
_MAX_CANDIDATES = 50


def decode_html(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding): BOM, then the declared charset, then UTF-8, then cp1258."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(path, f"invalid {enc.upper()} at byte {exc.start}",
                                 _HINT) from None
    sample = data[:65536]
    if b"\x00" in sample or len(sample.translate(None, _NOT_CONTROL)) > len(sample) // 100:
        raise InputError(path, "not an HTML file (binary content)", _HINT)
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            raise InputError(path, f"unknown encoding {declared!r} declared in <meta>",
                             _HINT) from None
        if codec.startswith("utf-16"):
            codec = "utf-8"  # a <meta> we could read in ASCII cannot be UTF-16
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            raise InputError(path, f"the page declares {declared} but byte {exc.start} is "
                             "not valid in it", _HINT) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1258", "replace")
    if _plausible_cp1258(text):
        return text, "cp1258"
    raise InputError(path, "unknown encoding (no <meta charset>, not UTF-8)", _HINT)


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _dropped(el: etree._Element) -> bool:
    tag = _tag(el)
    if not tag or tag in _DROP:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if (el.get("role") or "").lower() in _ROLES_DROPPED:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _text_len(el: etree._Element) -> tuple[int, int]:
    """(all text, text inside links) of an element, iteratively."""
    total = links = 0
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        n = len((node.text or "").strip())
        total += n
        if _tag(node) == "a" and not (node.get("href") or "").startswith("#"):
            links += n  # links to other pages; in-page links are a table of contents
        tail = len((node.tail or "").strip())
        if node is not el:
            total += tail
    return total, links


def _main(body: etree._Element) -> etree._Element:
    """The element holding the main text, when the page says which one."""
    marked = [el for el in body.iter("main", "article")]
    marked += [el for el in body.iter() if isinstance(el.tag, str)
               and ((el.get("role") or "").lower() == "main"
                    or _MAIN_HINT.search(f"{el.get('id', '')} {el.get('class', '')}"))]
    # Each candidate costs a walk of its subtree: a page that marks thousands of
    # elements "content" (one per comment, one per row) must not make this quadratic.
    marked = marked[:_MAX_CANDIDATES]
    best, best_len = body, 0
    total, _ = _text_len(body)
    for el in marked:
        if _dropped(el):
            continue
        n, links = _text_len(el)
        # a content area holds most of the page's text and is not a link list
        if n > best_len and n >= 0.3 * total and links < 0.5 * n:
            best, best_len = el, n
    return best


@dataclass(slots=True)
class _Walk:
    out: list[Paragraph] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=lambda: [""])
    kinds: list[str] = field(default_factory=lambda: ["body"])
    lines: list[int | None] = field(default_factory=lambda: [None])
    label: str = ""

    def flush(self) -> None:
        raw = "".join(self.buf)
        self.buf.clear()
        if not raw.strip():
            return  # a list label waits for the item's first text (<li><p>...)
        label, self.label = self.label, ""
        raw = _collapse(raw)
        text = normalize(raw)
        self.out.append(Paragraph(
            text=f"{label} {text}" if label else text, raw=raw, label=label,
            kind=self.kinds[-1],
            anchor=Anchor(line=self.lines[-1], index=len(self.out), where=self.where[-1]),
        ))


_SPACE_RUN = re.compile(r"\s+")


def _collapse(raw: str) -> str:
    """HTML whitespace as a browser shows it, except that a tab not produced by source
    indentation (no line break in the run) stays a tab: Word and LibreOffice write a
    table-of-contents entry as "heading<TAB>page", and the structure stage needs the tab
    to tell it from a heading."""
    def one(m: re.Match[str]) -> str:
        run = m.group(0)
        return "\t" if "\t" in run and "\n" not in run and "\r" not in run else " "

    return _SPACE_RUN.sub(one, raw).strip()


def _link_list(el: etree._Element) -> bool:
    """A menu: a list or block whose text is mostly links."""
    if _tag(el) not in ("ul", "ol", "div", "table", "td", "p", "dl"):
        return False
    total, links = _text_len(el)
    return total > 0 and links >= 0.7 * total and el.find(".//a") is not None


def _blocks(content: etree._Element, prune_menus: bool) -> list[Paragraph]:
    w = _Walk()
    tables = [0]
    rows: list[list[int]] = []  # per open table: [row, cell]
    ols: list[list[int | str]] = []  # per open list: [next number, format] or ["ul"]
    walker = etree.iterwalk(content, events=("start", "end"))
    pushed: list[bool] = []
    for event, el in walker:
        tag = _tag(el)
        if event == "start":
            if _dropped(el) or (prune_menus and el is not content and _link_list(el)):
                walker.skip_subtree()
                pushed.append(False)
                continue
            block = tag in _BLOCKS
            if block:
                w.flush()
                where, kind = w.where[-1], w.kinds[-1]
                if tag == "table":
                    tables[0] += 1
                    rows.append([0, 0, tables[0]])
                elif tag == "tr" and rows:
                    rows[-1][0] += 1
                    rows[-1][1] = 0
                elif tag in ("td", "th") and rows:
                    rows[-1][1] += 1
                    step = f"table {rows[-1][2]}, row {rows[-1][0]}, cell {rows[-1][1]}"
                    where = f"{where} > {step}" if where else step
                    kind = "table"
                elif tag == "div" and _NOTE_ID.match(el.get("id", "")):
                    note_id = el.get("id", "").lower()
                    kind = "endnote" if "end" in note_id or "edn" in note_id else "footnote"
                    where = f"{kind} {''.join(ch for ch in note_id if ch.isdigit())}"
                elif tag == "ol":
                    ols.append([_int(el.get("start"), 1), _OL_FORMATS.get(el.get("type", "1"),
                                                                         "decimal")])
                elif tag == "ul":
                    ols.append([0, "ul"])
                elif tag == "li" and ols:
                    state = ols[-1]
                    if state[1] != "ul":
                        value = _int(el.get("value"), int(state[0]))
                        w.label = f"{format_number(value, str(state[1]))}."
                        state[0] = value + 1
                w.where.append(where)
                w.kinds.append(kind)
                w.lines.append(el.sourceline)
            pushed.append(block)
            if tag == "br":
                w.flush()
            elif el.text and tag not in ("ol", "ul", "table", "tr", "tbody", "thead",
                                         "tfoot", "dl"):
                w.buf.append(el.text)
        else:
            block = pushed.pop() if pushed else False
            if block:
                w.flush()
                w.where.pop()
                w.kinds.pop()
                w.lines.pop()
                if tag == "table" and rows:
                    rows.pop()
                elif tag in ("ol", "ul") and ols:
                    ols.pop()
            if el is not content and el.tail:
                w.buf.append(el.tail)
    w.flush()
    return w.out


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return default


def read_html(path: Path) -> ReadResult:
    """Read an HTML page's main text into paragraphs; one-line InputError otherwise."""
    path = Path(path)
    size, _ = check_input_file(path, _LIMITS, ".html")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    text, encoding = decode_html(data, str(path))
    parser = etree.HTMLParser(no_network=True, huge_tree=False, remove_comments=True,
                              remove_pis=True, encoding="utf-8")
    try:
        root = etree.fromstring(text.replace("\x00", "\ufffd").encode("utf-8", "replace"),
                                parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(str(path), f"cannot parse HTML ({' '.join(str(exc).split())[:120]})",
                         _HINT) from None
    if any("depth" in e.message.lower() for e in parser.error_log):
        raise InputError(str(path), "HTML nested more than 256 levels deep",
                         "a real page is never this deep; save the text as .txt or .docx")
    if root is None:
        raise InputError(str(path), "no text found in this html file",
                         "an empty draft cannot be reviewed; check that this is the right file")
    body = root.find("body")
    if body is None:
        body = root
    metadata: dict[str, str] = {}
    title = root.findtext("head/title")
    if title and title.strip():
        metadata["core.title"] = normalize(" ".join(title.split()))[:500]
    content = _main(body)
    paragraphs = _blocks(content, prune_menus=content is body)
    return ReadResult(path=str(path), format="html", paragraphs=paragraphs, metadata=metadata,
                      encoding=encoding, size=size)
