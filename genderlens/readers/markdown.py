"""Markdown drafts: headings, list items, quotes, paragraphs.

Markdown law texts (Canada's consolidated Acts, Pháp điển pages) carry YAML front
matter (kept as metadata, never as provisions), headings for parts and sections,
list items for subsections and paragraphs, and editorial notes in ``<details>``
blocks (kept as located "notes", not provisions). Markup inside a line is left in
place so every offset stays an offset in the source line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from genderlens.errors import InputError
from genderlens.gcpause import collector_paused
from genderlens.model import Paragraph
from genderlens.normalize import line_normalizer, normalize
from genderlens.readers.base import ReadResult
from genderlens.readers.text import decode, paragraph_sink, read_bytes_checked, split_lines

_HEADING = re.compile(r"^( {0,3})(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_LIST = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,3}[.)])[ \t]+(.*)$")
_QUOTE = re.compile(r"^([ \t]*>[ \t]?)(.*)$")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_DIRECTIVE = re.compile(r"^\s*<!--\s*genderlens-.*-->\s*$")
_HTML_ONLY = re.compile(r"^\s*</?(details|summary|div|span|br|p|table|tr|td|th)\b[^>]*>\s*$", re.I)
_SUMMARY = re.compile(r"^\s*<summary>(.*)</summary>\s*$", re.I)


def _front_matter(lines: list[str], path: str) -> tuple[dict[str, str], int]:
    """Return (metadata, number of lines the front matter occupies)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, min(len(lines), 500)):
        if lines[end].strip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" at line {mark.line + 2}" if mark else ""
                raise InputError(path, f"invalid YAML front matter{where}") from None
            if not isinstance(data, dict):
                return {}, end + 1
            return {str(k): str(v) for k, v in data.items() if v is not None}, end + 1
    return {}, 0


def read_markdown(path: Path) -> ReadResult:
    data = read_bytes_checked(path)
    if not data.strip():
        raise InputError(str(path), "the file is empty")
    text, enc = decode(data, str(path))
    lines = split_lines(text)
    metadata, skip = _front_matter(lines, str(path))
    with collector_paused():  # a paragraph and an anchor per line, no cycles
        paras = _paragraphs(lines, skip, line_normalizer(text))
    return ReadResult(
        path=str(path),
        format="md",
        paragraphs=paras,
        metadata=metadata,
        encoding=enc,
        size=len(data),
    )


def _paragraphs(lines: list[str], skip: int, norm: Callable[[str], str]) -> Sequence[Paragraph]:
    """The paragraphs of a Markdown text after its front matter (``skip`` lines);
    ``norm`` normalises a line (:func:`~genderlens.normalize.line_normalizer`).

    Many short lines are kept as columns, as a plain-text file's are
    (:func:`~genderlens.readers.text.paragraph_sink`)."""
    add, done = paragraph_sink(lines)
    in_fence = False
    in_details = 0
    for i in range(skip, len(lines)):
        line = lines[i]
        if not line:  # half the lines of a Markdown law
            continue
        lineno = i + 1
        # Each pattern below needs a particular first character (after blanks): the
        # line is only matched against those it can match, most lines against none.
        lead = line.lstrip(" \t")[:1]
        if lead in "`~" and lead and _FENCE.match(line):
            in_fence = not in_fence
            continue
        stripped = line.strip()
        if in_fence or not stripped:
            continue
        if stripped[0] == "<":
            low = stripped.lower()
            if low.startswith("<details"):
                in_details += 1
                continue
            if low.startswith("</details"):
                in_details = max(0, in_details - 1)
                continue
            if low.startswith("<!--") and _DIRECTIVE.match(line):
                col = len(line) - len(line.lstrip())
                add(normalize(stripped), stripped, lineno, col, "directive", None)
                continue
            if _SUMMARY.match(line) or _HTML_ONLY.match(line):
                continue
        kind = "notes" if in_details else "body"
        level: int | None = None
        if lead == "#" and (m := _HEADING.match(line)):
            raw = m.group(3)
            col = m.start(3)
            level = len(m.group(2))
            kind = "notes" if in_details else "heading"
        elif (lead in "-*+" or lead.isdigit()) and (m2 := _LIST.match(line)) is not None:
            raw = m2.group(2)
            col = m2.start(2)
            if kind == "body":
                kind = "list"
            level = len(m2.group(1).expandtabs(4)) // 2
        elif lead == ">" and (m3 := _QUOTE.match(line)) is not None:
            raw = m3.group(2)
            col = m3.start(2)
            if kind == "body":
                kind = "quote"
        else:
            col = len(line) - len(line.lstrip()) if line[0].isspace() else 0
            raw = stripped
        raw = raw.rstrip()
        if not raw:
            continue
        add(norm(raw), raw, lineno, col, kind, level)
    return done()
