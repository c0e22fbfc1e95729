"""GitHub Actions workflow commands: findings appear as annotations on the pull request.

Word files have no lines, so their findings become file-level annotations whose title
carries the legal locator; text and Markdown drafts get line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from genderlens.model import Finding, Review, Severity
from genderlens.render import Reviews, entries
from genderlens.render.common import display_path, write_lines

_COMMANDS = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, f: Finding) -> str:
    props = [f"file={_prop(display_path(f.document or path))}"]
    span = f.span
    if span is not None and span.line is not None:
        props.append(f"line={span.line}")
        if span.column is not None:
            props.append(f"col={span.column}")
            if span.end_line is not None and span.end_column is not None:
                # a quote across a wrapped line end
                props.append(f"endLine={span.end_line}")
                props.append(f"endColumn={span.end_column}")
            elif span.source_start is not None and span.source_end is not None:
                props.append(f"endColumn={span.column + span.source_end - span.source_start}")
    where = f" ({f.locator.text})" if f.locator.text else ""
    props.append(f"title={_prop(f.rule + where)}")
    message = f.message
    if f.quote:
        message = f"“{f.quote}”: {message}"
    if f.suggestion:
        message += f"\nSuggestion: {f.suggestion}"
    return f"::{_COMMANDS[f.severity]} {','.join(props)}::{_data(message)}"


def github_lines(reviews: Reviews) -> Iterator[str]:
    for path, result in entries(reviews):
        if isinstance(result, Review):
            yield from (
                f"::warning file={_prop(display_path(path))},title=genderlens {w.code}::"
                f"{_data(w.message)}"
                for w in result.warnings
            )
            yield from (annotation(path, f) for f in result.findings)
        else:
            yield f"::error file={_prop(display_path(path))}::{_data(str(result))}"


def render_github(
    reviews: Reviews, *, memo_lang: str | None = None, template_dir: str | Path | None = None
) -> str:
    return "".join(line + "\n" for line in github_lines(reviews))


def write_github(
    reviews: Reviews,
    fh: TextIO,
    *,
    memo_lang: str | None = None,
    template_dir: str | Path | None = None,
) -> None:
    write_lines(github_lines(reviews), fh)
