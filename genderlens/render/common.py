"""Small pieces every renderer needs: the memo language, locations, paths, counts."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from genderlens.model import LOCATOR_FIELDS, Finding, Review, Severity

MEMO_LANGUAGES = ("vi", "en")

# "Outside any article" in each memo language, for findings on titles and preambles.
_NO_ARTICLE = {"vi": "Ngoài các điều", "en": "Outside the articles"}


def memo_language(review: Review, memo_lang: str | None = None) -> str:
    """The language of the tool's own words: asked for, else the document's."""
    if memo_lang in MEMO_LANGUAGES:
        return memo_lang
    return "vi" if review.document.language == "vi" else "en"


def location(finding: Finding) -> dict[str, Any]:
    """The JSON location object (fields of the locator plus line/column)."""
    loc: dict[str, Any] = {"text": finding.locator.text}
    loc.update(finding.locator.fields())
    span = finding.span
    loc["line"] = span.line if span is not None else None
    loc["column"] = span.column if span is not None else None
    if finding.locator.quoted_in:
        loc["quoted_in"] = finding.locator.quoted_in
    if finding.locator.instrument:
        loc["instrument"] = finding.locator.instrument
    return loc


def deepest_kind(finding: Finding) -> str:
    """The most specific level the locator names ("point", "clause", "article"...)."""
    fields = finding.locator.fields()
    for name in reversed(LOCATOR_FIELDS):
        if fields.get(name):
            return name
    return "document" if finding.span is None else "other"


def article_key(finding: Finding, lang: str) -> str:
    """The heading a finding is grouped under in a memo: its article, else where it is."""
    loc = finding.locator
    if loc.article:
        head = f"Điều {loc.article}" if lang == "vi" else f"Section {loc.article}"
        if loc.instrument:
            head = f"{loc.instrument}, {head}"
        if loc.quoted_in:
            head += f" ({loc.quoted_in})"
        return head
    if finding.span is None:
        return loc.text or ("Toàn văn dự thảo" if lang == "vi" else "Whole draft")
    return loc.text or _NO_ARTICLE[lang]


def display_path(path: str | os.PathLike[str], base: Path | None = None) -> str:
    """``path`` relative to ``base`` (the working folder) when it is inside it, with
    forward slashes, so outputs are the same on every machine that runs the check."""
    p = Path(path)
    base = base or Path.cwd()
    try:
        return p.resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return p.as_posix()


def summary(review: Review) -> dict[str, Any]:
    """Counts per severity and per item status, for one file."""
    by_status: dict[str, int] = {}
    for item in review.items:
        by_status[item.status] = by_status.get(item.status, 0) + 1
    out: dict[str, Any] = dict(review.counts())
    out["total"] = len(review.findings)
    out["items"] = by_status
    return out


def sorted_by_severity(findings: Sequence[Finding]) -> list[Finding]:
    """Most severe first, document order within a severity."""
    return sorted(findings, key=lambda f: -int(f.severity))


SEVERITY_ORDER = tuple(sorted(Severity, reverse=True))


class LazyRows(list[Any]):
    """Rows of a report (findings, items, SARIF results) made one at a time as they are
    written: a report of 68 000 findings never holds 68 000 dicts at once. A list to
    :mod:`json`, which iterates list subclasses when it indents; its C encoder reads the
    (empty) list itself, so a flat dump must be given ``list(rows)``."""

    def __init__(self, make: Callable[[Any], Any], values: Sequence[Any]) -> None:
        super().__init__()
        self.make = make
        self.values = values

    def __iter__(self) -> Iterator[Any]:
        return map(self.make, self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __bool__(self) -> bool:
        return bool(self.values)


class Chunks:
    """Pieces of a report gathered and written a few thousand at a time: a report of
    68 000 findings is never one string, and a write per piece would be a system call
    per quote."""

    def __init__(self, fh: TextIO, per_write: int = 4096) -> None:
        self.fh = fh
        self.per_write = per_write
        self.pieces: list[str] = []

    def put(self, piece: str) -> None:
        self.pieces.append(piece)
        if len(self.pieces) >= self.per_write:
            self.flush()

    def flush(self) -> None:
        if self.pieces:
            self.fh.write("".join(self.pieces))
            self.pieces.clear()


def write_lines(lines: Iterable[str], fh: TextIO) -> None:
    """Each line and a line end."""
    out = Chunks(fh)
    for line in lines:
        out.put(line + "\n")
    out.flush()
