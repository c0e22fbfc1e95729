"""The ``review`` command's work, kept out of cli.py so batch mode and tests share it."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from genderlens.errors import GenderlensError, InputError, UsageError
from genderlens.model import Review, Severity

THRESHOLDS = {"error": Severity.error, "warning": Severity.warning, "info": Severity.info}


def _err(message: str) -> None:
    sys.stderr.write(f"genderlens: {message}\n")


def run_review(
    *,
    files: Sequence[Path],
    fmt: str = "text",
    output: Path | None = None,
    checklists: Sequence[str] | None = None,
    language: str | None = None,
    memo_lang: str | None = None,
    annotate: Path | None = None,
    template_dir: Path | None = None,
    fail_on: str = "error",
) -> int:
    """Review ``files``; return the exit code (0, 1, 2 or 3 as documented in cli.py)."""
    from genderlens.api import review

    if fail_on not in (*THRESHOLDS, "never"):
        raise UsageError(f"--fail-on must be error, warning, info or never, not {fail_on!r}")
    results: list[tuple[Path, Review | str]] = []
    for f in files:
        try:
            results.append((f, review(f, checklists=checklists, language=language)))
        except InputError as exc:
            _err(str(exc))
            results.append((f, str(exc)))
    reviews = [r for _, r in results if isinstance(r, Review)]
    if annotate is not None:
        if len(reviews) != 1:
            raise UsageError("--annotate needs exactly one .docx input")
        from genderlens.render.annotate import annotate as write_annotated

        write_annotated(reviews[0], Path(reviews[0].document.path), annotate)
    _emit(results, fmt, output, memo_lang, template_dir, files)
    if any(isinstance(r, str) for _, r in results):
        return 3
    if fail_on == "never":
        return 0
    threshold = THRESHOLDS[fail_on]
    if any(f.severity >= threshold for r in reviews for f in r.findings):
        return 1
    return 0


def _emit(results: list[tuple[Path, Review | str]], fmt: str, output: Path | None,
          memo_lang: str | None, template_dir: Path | None, inputs: Sequence[Path]) -> None:
    from genderlens.render import render

    if fmt == "text" and (output is None or str(output) == "-") and sys.stdout.isatty():
        from rich.console import Console

        from genderlens.render.console import print_review

        console = Console()
        for path, r in results:
            if isinstance(r, Review):
                print_review(r, console)
            else:
                console.print(f"[red]{path}: {r}[/]")
        return
    try:
        data = render(results, fmt, memo_lang=memo_lang, template_dir=template_dir)
    except GenderlensError:
        raise
    if output is None or str(output) == "-":
        if isinstance(data, bytes):
            if output is None and fmt == "docx":
                raise UsageError("--format docx needs --output FILE.docx")
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return
    from genderlens.output import refuse_overwrite_input, write_atomic

    refuse_overwrite_input(output, inputs)
    write_atomic(output, data)
