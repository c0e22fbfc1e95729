"""Plain text: one finding per line, the shape compilers and linters use
(``path:line:col: severity message [rule]``), so editors and ``grep`` understand it.
No colour, no wrapping: this is the format for pipes and logs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from genderlens.model import Finding, Review
from genderlens.render import Reviews, entries
from genderlens.render.common import display_path, write_lines


def finding_line(path: str, f: Finding) -> str:
    where = display_path(f.document or path)
    span = f.span
    if span is not None and span.line is not None:
        where += f":{span.line}"
        if span.column is not None:
            where += f":{span.column}"
    loc = f"{f.locator.text}: " if f.locator.text else ""
    quote = f" “{' '.join(f.quote.split())}”" if f.quote else ""
    line = f"{where}: {f.severity.name}: {loc}{f.message}{quote} [{f.rule}]"
    if f.suggestion:
        line += f"\n    suggestion: {f.suggestion}"
    j = f.justification
    if j is not None:
        if j.found:
            at = ", ".join(x for x in (display_path(j.document or ""),
                                       str((j.location or {}).get("text", ""))) if x)
            line += f"\n    justification found ({at}): “{' '.join((j.quote or '').split())}”"
        else:
            line += "\n    no justification in the dossier"
    return line


def dossier_lines(path: str, review: Review) -> list[str]:
    """The dossier read with the draft: each document's role, then the items it answered."""
    if review.dossier is None:
        return []
    where = display_path(path)
    out = [f"{where}: note: dossier: {display_path(d.path)} is {d.role}"
           + (f" (could not be read: {d.error})" if d.error else "")
           for d in review.dossier.documents]
    for i in review.items:
        if i.dossier:
            reason = f" ({i.reason})" if i.reason else ""
            out.append(f"{where}: note: dossier item {i.item}: {i.status}{reason}")
    return out


def file_summary(path: str, review: Review) -> str:
    c = review.counts()
    needs = sum(1 for i in review.items if i.status == "needs-review")
    return (f"{display_path(path)}: {c['error']} error(s), {c['warning']} warning(s), "
            f"{c['info']} info; {needs} item(s) need a reviewer's judgement")


def reading_lines(path: str, review: Review) -> list[str]:
    """How the draft was read: its warnings, then the coverage, in English."""
    where = display_path(path)
    out = [f"{where}: note: {w.message} [{w.code}]" for w in review.warnings]
    cov = review.document.coverage
    if cov is not None and cov.total:
        left = ", ".join(f"{k} {v}" for k, v in sorted(cov.left_out.items()) if v)
        line = (f"{where}: note: coverage: read {cov.read} of {cov.total} characters "
                f"({cov.share:.1%}; {cov.body_share:.1%} outside left-out parts)")
        if left:
            line += f"; left out: {left}"
        if cov.instruments:
            line += f"; further instruments: {', '.join(cov.instruments)}"
        out.append(line)
    return out


def text_lines(reviews: Reviews) -> Iterator[str]:
    """The listing's lines, made one at a time (a report of 68 000 findings is written
    as it is made, see :func:`write_text`)."""
    for path, result in entries(reviews):
        if isinstance(result, Review):
            yield from (finding_line(path, f) for f in result.findings)
            yield file_summary(path, result)
            yield from dossier_lines(path, result)
            yield from reading_lines(path, result)
        else:
            yield f"{display_path(path)}: error: {result}"


def render_text(
    reviews: Reviews, *, memo_lang: str | None = None, template_dir: str | Path | None = None
) -> str:
    return "".join(line + "\n" for line in text_lines(reviews))


def write_text(
    reviews: Reviews,
    fh: TextIO,
    *,
    memo_lang: str | None = None,
    template_dir: str | Path | None = None,
) -> None:
    write_lines(text_lines(reviews), fh)
