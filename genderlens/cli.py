"""The command line: a thin layer over :mod:`genderlens.api`.

Only this module turns errors into exit codes. Heavy imports (spaCy, python-docx)
happen inside the commands so that ``genderlens --help`` stays fast.

Exit codes: 0 nothing at or above the ``--fail-on`` threshold; 1 findings at or above
it; 2 usage or configuration error; 3 one or more inputs could not be read.
"""

from __future__ import annotations

import sys
from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer

from genderlens import __version__
from genderlens.errors import ConfigError, GenderlensError, InputError, UsageError


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INPUT = 3


app = typer.Typer(
    name="genderlens",
    help="Review draft legal documents (Vietnamese, English) for gender mainstreaming.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _err(message: str) -> None:
    sys.stderr.write(f"genderlens: {message}\n")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"genderlens {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """genderlens reads a draft, recovers its legal structure, checks it against
    gender-mainstreaming checklists and writes a review memo."""


Lang = Annotated[
    str | None,
    typer.Option("--lang", help="Document language (vi or en); detected when omitted."),
]


@app.command()
def outline(
    file: Annotated[Path, typer.Argument(help="A .docx, .txt or .md draft.")],
    json_: Annotated[bool, typer.Option("--json", help="Print the units as JSON.")] = False,
    depth: Annotated[int | None, typer.Option(help="Show at most this many levels.")] = None,
    lang: Lang = None,
) -> None:
    """Print the legal structure of a draft (parts, chapters, articles, clauses, points)."""
    from genderlens.api import read

    try:
        doc = read(file, language=lang)
    except InputError as exc:
        _err(str(exc))
        raise typer.Exit(ExitCode.INPUT) from None
    except GenderlensError as exc:
        _err(str(exc))
        raise typer.Exit(ExitCode.USAGE) from None
    if json_:
        from genderlens.render.outline import outline_json

        sys.stdout.write(outline_json(doc) + "\n")
        return
    from rich.console import Console

    from genderlens.render.outline import outline_tree

    console = Console()
    console.print(outline_tree(doc, depth))
    for w in doc.warnings:
        _err(f"{file}: {w}")


def main() -> None:
    try:
        app()
    except (UsageError, ConfigError) as exc:
        _err(str(exc))
        sys.exit(ExitCode.USAGE)
    except InputError as exc:
        _err(str(exc))
        sys.exit(ExitCode.INPUT)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
