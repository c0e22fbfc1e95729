"""Plain text: one finding per line, the shape compilers and linters use
(``path:line:col: severity message [rule]``), so editors and ``grep`` understand it.
No colour, no wrapping: this is the format for pipes and logs.
"""

from __future__ import annotations

from pathlib import Path

from genderlens.model import Finding, Review
from genderlens.render import Reviews, entries
from genderlens.render.common import display_path


def finding_line(path: str, f: Finding) -> str:
    where = display_path(path)
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
    return line


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


def render_text(
    reviews: Reviews, *, memo_lang: str | None = None, template_dir: str | Path | None = None
) -> str:
    lines: list[str] = []
    for path, result in entries(reviews):
        if isinstance(result, Review):
            lines.extend(finding_line(path, f) for f in result.findings)
            lines.append(file_summary(path, result))
            lines.extend(reading_lines(path, result))
        else:
            lines.append(f"{display_path(path)}: error: {result}")
    return "".join(line + "\n" for line in lines)
