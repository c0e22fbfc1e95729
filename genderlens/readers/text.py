"""Plain-text drafts: one paragraph per line.

Encodings seen in the wild for Vietnamese laws: UTF-8 (with or without BOM), UTF-16
with BOM (saved from Notepad), and Windows-1258 (old Vietnamese ANSI files). Anything
else is refused with a clear message rather than read as mojibake.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from genderlens.errors import InputError
from genderlens.gcpause import collector_paused
from genderlens.model import Anchor, Paragraph, ParagraphColumns
from genderlens.normalize import line_normalizer, normalize
from genderlens.readers import MAX_TEXT_BYTES, check_regular_file
from genderlens.readers.base import ReadResult
from genderlens.readers.line_starts import PROVISION_START

# Bytes that never appear in text files but always in binaries (NUL aside from UTF-16).
_BINARY_CONTROL = bytes([*range(0, 9), 11, *range(14, 28)])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _BINARY_CONTROL)


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError saying why not."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(path, f"invalid UTF-8 at byte {exc.start}") from None
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[2:].decode(enc), "utf-16"
            except UnicodeDecodeError as exc:
                raise InputError(path, f"invalid UTF-16 at byte {exc.start}") from None
    sample = data[:65536]
    if b"\x00" in sample or len(sample.translate(None, _NOT_CONTROL)) > len(sample) // 100:
        raise InputError(
            path,
            "not a text file (binary content)",
            "genderlens reads .docx, .txt (UTF-8, UTF-16, Windows-1258) and .md",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise InputError(
            path,
            "unknown text encoding (not UTF-8, UTF-16 or Windows-1258)",
            "save the file as UTF-8",
        ) from None
    if not _plausible_cp1258(text):
        raise InputError(
            path,
            "unknown text encoding (not UTF-8, UTF-16 or Windows-1258)",
            "save the file as UTF-8",
        )
    return text, "cp1258"


def _plausible_cp1258(text: str) -> bool:
    """Windows-1258 decodes almost any byte string; accept it only when the result
    looks like Vietnamese (combining tone marks after vowels) or plain Latin text."""
    letters = sum(ch.isalpha() for ch in text)
    odd = sum(ch in "€‚ƒ„…†‡ˆ‰‹Œ‘’“”•–—˜™›œŸ¤¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿" for ch in text)
    return letters > 0 and odd <= max(3, letters // 50)


def split_lines(text: str) -> list[str]:
    """Split on the line ends a text file can use, keeping 1:1 line numbering."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def paragraphs_from_lines(
    lines: list[str],
    kind: str = "body",
    first_line: int = 1,
    norm: Callable[[str], str] = normalize,
) -> Sequence[Paragraph]:
    """One paragraph per non-blank line; ``norm`` is :func:`normalize` or, from the
    whole text, :func:`~genderlens.normalize.line_normalizer`."""
    add, done = paragraph_sink(lines)
    for i, raw in enumerate(lines, first_line):
        if not raw or raw.isspace():  # (what ``not raw.strip()`` says, without a copy)
            continue
        add(norm(raw), raw, i, 0, kind, None)
    return done()


# add(text, raw, line, column, kind, level): one paragraph, as a reader makes it
AddParagraph = Callable[[str, str, int, int, str, int | None], None]


def paragraph_sink(lines: list[str]) -> tuple[AddParagraph, Callable[[], Sequence[Paragraph]]]:
    """Where a reader of ``lines`` puts its paragraphs, and how it gets them back: a
    list, or columns for many short lines (:func:`as_columns`)."""
    if as_columns(lines):
        columns = ParagraphColumns()
        return columns.add, columns.done
    out: list[Paragraph] = []
    append = out.append

    def add(text: str, raw: str, line: int, column: int, kind: str, level: int | None) -> None:
        append(Paragraph(text, raw, Anchor(line, column), kind, "", "", level))

    return add, lambda: out


def as_columns(lines: list[str]) -> bool:
    """Whether the paragraphs of these lines are better kept as columns
    (:class:`~genderlens.model.TextLines`) than as a list of Paragraphs.

    A Paragraph and its Anchor cost about 270 bytes, most of the memory of a file of
    short lines (4 MB of one-word lines: 230 MB); as columns a line costs about 20. But
    a paragraph made again on each access costs time: laws read as columns took 45 %
    longer (vi/laws-txt) and the Canadian Acts 20 % (the Criminal Code has 44 000
    lines). So columns are for files of more than :data:`COMPACT_LINES` lines that
    average under :data:`COMPACT_WIDTH` characters a line, where a list would cost
    several times the text. The two are equal paragraph for paragraph (tested)."""
    return len(lines) > COMPACT_LINES and sum(map(len, lines)) < COMPACT_WIDTH * len(lines)


# The longest law of the corpus has 2 968 lines (the Criminal Code in Markdown 44 000,
# 57 characters a line on average): a list of 20 000 short paragraphs is 5 MB.
COMPACT_LINES = 20_000
COMPACT_WIDTH = 32


# Text wrapped at a width: a line goes on from the one above it unless that one ends a
# sentence or this one starts a new block: a provision (line_starts.PROVISION_START) or
# what only plain text writes at a line start (below).
_ENDS_SENTENCE = frozenset(".;:!?…>")
_TEXT_BLOCK = re.compile(
    r"(?:[-–—•*+]\s"  # a bullet
    r"|[0-9a-zđ]{1,4}[.)](?:\s|$)"  # "iv. ", "a. ", a marker alone on its line
    r"|\d+(?:\.\d+)*\s+[A-ZĐ(\[]"  # an English section: "5 (1) The", "12 The"
    r"|(?:Phần|PHẦN)\s+thứ\s+\S+\s*$"  # "Phần thứ nhất"
    r"|<!--)"  # a directive
)


# A "(g)" that starts a line is a cross-reference, not an item, after these words or
# when another reference follows it: "under paragraph / (g) or (h)", "(o) to (r)".
_REFERENCE_BEFORE = re.compile(
    r"(?:(?:sub)?(?:paragraphs?|sections?|clauses?)|provisions?|items?|of|in|under)$", re.I)
_REFERENCE_AFTER = re.compile(r"\(\w{1,5}\)(?:\(|[,)]|\s+(?:or|and|to)\s)")


def _continues(prev: str, line: str, long_line: float = float("inf")) -> bool:
    """Whether ``line`` goes on from ``prev``: in lower case, or, when ``prev`` is as
    long as the text's wrapped lines (``long_line``), with a capital ("Việt / Nam")."""
    s = line.lstrip()
    p = prev.rstrip()
    if (not s or not p or p[-1] in _ENDS_SENTENCE or p.lstrip().startswith("<!--")
            or p.isupper()):  # a title ends its line
        return False
    if PROVISION_START.match(s) or _TEXT_BLOCK.match(s):
        return s[0] == "(" and bool(_REFERENCE_BEFORE.search(p) or _REFERENCE_AFTER.match(s))
    return s[0].islower() or (len(p) >= long_line and not s.isupper())


def _wrap_width(lines: list[str]) -> int:
    """The length most lines reach (the 95th percentile): the width the text was
    wrapped at, when it was."""
    lengths = sorted(len(line.rstrip()) for line in lines if line and not line.isspace())
    return lengths[int(0.95 * (len(lengths) - 1))] if lengths else 0


def hard_wrapped(lines: list[str]) -> bool:
    """Whether the text was wrapped at a width (saved from a PDF or an e-mail, pasted
    from a narrow column) rather than written one paragraph per line as drafts are.

    Why it matters: read line by line, a clause of such a text is cut into a dozen
    paragraphs, a phrase across a line end is never found ("Việt / Nam" reads as a rule
    for men), and a file of a word per line costs a kilobyte per word. Two signs, either
    enough: most lines go on in lower case from the line above, or a fifth of them stop
    mid-sentence at the width and go on in the next (on the corpus: at most 0.6% of the
    lines of a law written a paragraph per line, at least 24% once the same law is
    wrapped at 60 to 120 columns).
    """
    sample = lines[:20000]
    long_line = 0.7 * _wrap_width(sample)
    lines_with_text = continued = at_width = 0
    prev = ""
    for line in sample:
        if not line or line.isspace():
            prev = ""
            continue
        lines_with_text += 1
        continued += _continues(prev, line)
        # a long line that stops mid-sentence and is followed by more of the sentence
        at_width += len(prev.rstrip()) >= long_line and _continues(prev, line, long_line)
        prev = line
    if lines_with_text < 4:
        return False
    return continued * 2 > lines_with_text or (
        lines_with_text >= 8 and at_width >= 0.2 * lines_with_text)


def unwrapped_paragraphs(
    lines: list[str], norm: Callable[[str], str] = normalize
) -> list[Paragraph]:
    """One paragraph per run of lines that go on from each other (see
    :func:`hard_wrapped`). ``raw`` keeps the line ends; ``text`` has a space for each,
    so offsets in the two agree and a phrase across a line end is found."""
    out: list[Paragraph] = []
    run: list[str] = []
    first = 0
    prev = ""
    long_line = 0.7 * _wrap_width(lines[:20000])

    def close() -> None:
        raw = "\n".join(run)
        out.append(Paragraph(norm(raw).replace("\n", " "), raw, Anchor(first)))

    for i, line in enumerate(lines, 1):
        if not line or line.isspace():
            prev = ""
            continue
        if run and prev and _continues(prev, line, long_line):
            run.append(line)
        else:
            if run:
                close()
            run, first = [line], i
        prev = line
    if run:
        close()
    return out


def read_bytes_checked(path: Path) -> bytes:
    st = check_regular_file(path)
    if st.st_size > MAX_TEXT_BYTES:
        raise InputError(
            str(path),
            f"file too large ({st.st_size // 2**20} MB > {MAX_TEXT_BYTES // 2**20} MB)",
            "split the draft or raise the limit",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def read_text(path: Path) -> ReadResult:
    data = read_bytes_checked(path)
    if not data.strip():
        raise InputError(str(path), "the file is empty")
    text, enc = decode(data, str(path))
    if text.count("#", 0, 1 << 20) >= 2 and _markdown_headings(text) >= 2:
        # Markdown saved as .txt ("### 5 Signature"): read it as the .md it is, so
        # its headings structure it the same way.
        from genderlens.readers.markdown import read_markdown

        result = read_markdown(path)
        result.format = "txt"
        return result
    lines = split_lines(text)
    norm = line_normalizer(text)
    with collector_paused():  # a paragraph and an anchor per line, no cycles
        if hard_wrapped(lines):
            paras: Sequence[Paragraph] = unwrapped_paragraphs(lines, norm)
        else:
            paras = paragraphs_from_lines(lines, norm=norm)
    return ReadResult(path=str(path), format="txt", paragraphs=paras, encoding=enc, size=len(data))


_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)


def _markdown_headings(text: str) -> int:
    """Markdown headings in the first MB, counted up to two (all the caller asks)."""
    n = 0
    for _ in _MD_HEADING.finditer(text, 0, 1 << 20):
        n += 1
        if n >= 2:
            break
    return n
