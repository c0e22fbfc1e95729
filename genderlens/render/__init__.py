"""Output formats: one module per format, chosen by name from :data:`FORMATS`.

The CLI builds its ``--format`` choices from this registry, so a new format is one
module plus one entry here. Renderer modules are imported only when used, which keeps
``genderlens --help`` fast and lets a JSON run skip Jinja and docxtpl entirely.

Every renderer accepts one :class:`~genderlens.model.Review` or a batch: a list of
``(path, Review | error message)`` pairs, where a message stands for a file that could
not be read (batch mode reports it and carries on).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, TypeAlias

from genderlens.errors import UsageError
from genderlens.model import Review

Entry: TypeAlias = tuple[str, Review | str]
Reviews: TypeAlias = Review | Sequence[Entry]


@dataclass(frozen=True, slots=True)
class Format:
    """A registered output: where its renderer lives and what it produces."""

    module: str
    function: str
    description: str
    binary: bool = False
    batch: bool = True  # can put several documents in one output
    suffix: str = ".txt"
    memo: bool = False  # takes the memo-only options (agency names, detail)
    # a function writing the output to a text file as it is made (a report too big to
    # hold whole in memory); "": the output is rendered whole, then written
    writer: str = ""


FORMATS: dict[str, Format] = {
    "text": Format("text", "render_text", "plain listing, one finding per line",
                   writer="write_text"),
    "json": Format("json_out", "render_json", "JSON (schema_version 1)", suffix=".json",
                   writer="write_json"),
    "md": Format("memo", "render_markdown", "review memo in Markdown", suffix=".md", memo=True),
    "html": Format("memo", "render_html", "self-contained HTML review memo", batch=False,
                   suffix=".html", memo=True),
    "docx": Format("memo_docx", "render_docx", "review memo as a Word document", binary=True,
                   batch=False, suffix=".docx", memo=True),
    "sarif": Format("sarif", "render_sarif", "SARIF 2.1.0 for code-scanning tools",
                    suffix=".sarif", writer="write_sarif"),
    "github": Format("github", "render_github", "GitHub Actions annotations",
                     writer="write_github"),
}


def entries(reviews: Reviews) -> list[Entry]:
    """Normalise the two accepted inputs to the batch form."""
    if isinstance(reviews, Review):
        return [(reviews.document.path, reviews)]
    return list(reviews)


def _spec(fmt: str, batch: list[Entry]) -> Format:
    spec = FORMATS.get(fmt)
    if spec is None:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not spec.batch:
        reviews = [r for _, r in batch if isinstance(r, Review)]
        if len(batch) != 1 or len(reviews) != 1:
            raise UsageError(f"format {fmt!r} renders one readable document at a time")
    return spec


def _call(spec: Format, function: str, *args: Any, memo_lang: str | None,
          template_dir: str | Path | None, agency_names: Mapping[str, str] | None,
          detail: str) -> Any:
    """Call ``function`` of the format's module with the options it takes."""
    module = importlib.import_module(f"genderlens.render.{spec.module}")
    extra: dict[str, Any] = ({"agency_names": dict(agency_names or {}), "detail": detail}
                             if spec.memo else {})
    return getattr(module, function)(*args, memo_lang=memo_lang, template_dir=template_dir,
                                     **extra)


def render(
    review_or_reviews: Reviews,
    fmt: str,
    *,
    memo_lang: str | None = None,
    template_dir: str | Path | None = None,
    agency_names: Mapping[str, str] | None = None,
    detail: str = "summary",
) -> str | bytes:
    """Render a review (or a batch) in format ``fmt``; ``bytes`` only for "docx".

    ``memo_lang`` ("vi"/"en") overrides the document's language for the memo's own
    words; ``template_dir`` holds user templates that replace built-in ones by name;
    ``agency_names`` (configuration: drafting_agency, appraisal_agency, ...) name the
    bodies a memo is addressed to and from; ``detail`` "full" gives every finding its
    own block in a memo instead of grouping repeated notes. Formats that are not memos
    ignore them.
    """
    batch = entries(review_or_reviews)
    spec = _spec(fmt, batch)
    result: str | bytes = _call(spec, spec.function, batch, memo_lang=memo_lang,
                                template_dir=template_dir, agency_names=agency_names,
                                detail=detail)
    return result


def write(
    review_or_reviews: Reviews,
    fmt: str,
    fh: TextIO,
    *,
    memo_lang: str | None = None,
    template_dir: str | Path | None = None,
    agency_names: Mapping[str, str] | None = None,
    detail: str = "summary",
) -> None:
    """Write the text output of :func:`render` to ``fh``, streamed where the format
    can stream it. Binary formats cannot be written here."""
    batch = entries(review_or_reviews)
    spec = _spec(fmt, batch)
    if spec.binary:
        raise UsageError(f"format {fmt!r} is binary: write it to a file")
    options: dict[str, Any] = {"memo_lang": memo_lang, "template_dir": template_dir,
                               "agency_names": agency_names, "detail": detail}
    if spec.writer:
        _call(spec, spec.writer, batch, fh, **options)
    else:
        fh.write(_call(spec, spec.function, batch, **options))


def save(review_or_reviews: Reviews, fmt: str, path: str | Path, **options: Any) -> None:
    """Write format ``fmt`` to the file ``path`` atomically (see
    :mod:`genderlens.output`): text streamed as it is made, binary formats whole.
    ``options`` are :func:`render`'s."""
    from genderlens.output import atomic_text, write_atomic

    if FORMATS[fmt].binary:
        write_atomic(path, render(review_or_reviews, fmt, **options))
        return
    with atomic_text(path) as fh:
        write(review_or_reviews, fmt, fh, **options)


def print_review(review: Review, console: Any, *, memo_lang: str | None = None,
                 detail: str = "summary") -> None:
    """Show a review on a rich console (colour when it is a terminal)."""
    from genderlens.render.console import print_review as _print

    _print(review, console, memo_lang=memo_lang, detail=detail)


__all__ = ["FORMATS", "Entry", "Format", "Reviews", "entries", "print_review", "render", "save",
           "write"]
