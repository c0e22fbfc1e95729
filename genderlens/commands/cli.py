"""The command line: a thin layer over :mod:`genderlens.api`.

Only this module turns errors into exit codes. Heavy imports (spaCy, python-docx)
happen inside the commands so that ``genderlens --help`` stays fast.

Exit codes: 0 nothing at or above the ``--fail-on`` threshold; 1 findings at or above
it; 2 usage or configuration error, or the report cannot be written (disk full,
read-only folder); 3 one or more inputs could not be read; 130 interrupted (Ctrl-C,
SIGTERM).
"""

from __future__ import annotations

import contextlib
import os
import sys
from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer

from genderlens import __version__
from genderlens.errors import (
    ConfigError,
    GenderlensError,
    InputError,
    Interrupted,
    OutputError,
    UsageError,
)


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
    file: Annotated[Path, typer.Argument(
        help="A draft: .docx, .odt, .pdf, .html, .doc, .rtf, .txt or .md.")],
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


Fmt = Annotated[
    str,
    typer.Option("--format", "-f",
                 help="Output format: text, json, md, html, docx, sarif, github."),
]
FailOn = Annotated[
    str | None,
    typer.Option("--fail-on", help="Exit 1 at or above: error, warning, info, never "
                 "(default: the configuration's fail_on, else error)."),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Use this configuration file for every input "
                 "(.genderlens.toml or pyproject.toml with [tool.genderlens])."),
]
NoConfig = Annotated[
    bool, typer.Option("--no-config", help="Ignore configuration files.")
]
Jobs = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Worker processes (default: number of cores)."),
]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress, summary table or notes on stderr.")
]
Checklists = Annotated[
    list[str] | None,
    typer.Option("--checklist", "-c", help="Checklist id or YAML path (repeatable)."),
]


@app.command()
def review(
    paths: Annotated[
        list[str],
        typer.Argument(help="Drafts (.docx, .odt, .pdf, .html, .doc, .rtf, .txt, .md), "
                       "folders (searched recursively) or "
                       "globs such as 'drafts/**/*.docx'.", show_default=False),
    ],
    fmt: Fmt = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the output here ('-' = stdout).")
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option("--output-dir", help="Write one output per draft here (mirrored paths, "
                     "format from --format) plus summary.md/.html/.csv/.json."),
    ] = None,
    checklist: Checklists = None,
    lang: Lang = None,
    memo_lang: Annotated[
        str | None, typer.Option("--memo-lang", help="Memo language (vi or en).")
    ] = None,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", help="Write a copy of the (single) .docx with Word "
                     "comments here."),
    ] = None,
    annotate_dir: Annotated[
        Path | None,
        typer.Option("--annotate-dir", help="Write NAME.annotated.docx for every .docx "
                     "input here (mirrored paths)."),
    ] = None,
    template_dir: Annotated[
        Path | None, typer.Option("--template-dir", help="Override memo templates.")
    ] = None,
    detail: Annotated[
        str,
        typer.Option("--detail", help="Memo detail: 'summary' groups repeated notes, 'full' "
                     "gives every finding its own block."),
    ] = "summary",
    fail_on: FailOn = None,
    include: Annotated[
        list[str] | None,
        typer.Option("--include", help="Only review files in folders matching this glob "
                     "(repeatable)."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="Skip files in folders matching this glob (repeatable)."),
    ] = None,
    enable: Annotated[
        list[str] | None,
        typer.Option("--enable", help="Only run these rules/items/checklists (repeatable; "
                     "replaces the configuration's enable)."),
    ] = None,
    disable: Annotated[
        list[str] | None,
        typer.Option("--disable", help="Do not run this rule/item/checklist (repeatable; "
                     "added to the configuration's disable)."),
    ] = None,
    severity: Annotated[
        list[str] | None,
        typer.Option("--severity", help="RULE=error|warning|info (repeatable)."),
    ] = None,
    doublets: Annotated[
        bool | None,
        typer.Option("--doublets/--no-doublets", help="Report English 'he or she' doublets.",
                     show_default=False),
    ] = None,
    config: ConfigOpt = None,
    no_config: NoConfig = False,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Report only findings that are not in this baseline."),
    ] = None,
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Ignore the configuration's baseline.")
    ] = False,
    no_inline: Annotated[
        bool,
        typer.Option("--no-inline-suppress", help="Ignore genderlens-disable comments."),
    ] = False,
    report: Annotated[
        list[str] | None,
        typer.Option("--report", help="Also write FORMAT=PATH from the same run, e.g. "
                     "sarif=genderlens.sarif (repeatable)."),
    ] = None,
    jobs: Jobs = None,
    quiet: Quiet = False,
    dossier: Annotated[
        list[Path] | None,
        typer.Option("--dossier", help="The draft's dossier folder (submission, gender "
                     "report, impact assessment, consultation summary)."),
    ] = None,
    with_: Annotated[
        list[Path] | None,
        typer.Option("--with", help="A dossier document of the draft (repeatable)."),
    ] = None,
) -> None:
    """Check drafts against gender-mainstreaming checklists and report the findings.

    A folder holding one draft and its dossier documents is reviewed as a dossier; so
    is a single draft given with --dossier DIR or --with FILE.

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or
    configuration error, or the report cannot be written; 3 one or more inputs could not
    be read; 130 interrupted.
    """
    from genderlens.commands.review_cmd import run_review

    code = run_review(
        files=paths, fmt=fmt, output=output, checklists=checklist or None, language=lang,
        memo_lang=memo_lang, annotate=annotate, template_dir=template_dir, fail_on=fail_on,
        output_dir=output_dir, annotate_dir=annotate_dir, include=include or (),
        exclude=exclude or (), enable=enable or None, disable=disable or (),
        severity=severity or (), doublets=doublets, config=config, no_config=no_config,
        baseline=baseline, no_baseline=no_baseline, inline=not no_inline, jobs=jobs,
        quiet=quiet, reports=report or (), detail=detail,
        dossier=[str(p) for p in (*(dossier or ()), *(with_ or ()))],
    )
    raise typer.Exit(int(code))


@app.command()
def init(
    path: Annotated[
        Path | None,
        typer.Argument(help="Where to write the starter file (default: .genderlens.toml, "
                       "or NAME.yaml with --checklist).", show_default=False),
    ] = None,
    checklist: Annotated[
        str | None,
        typer.Option("--checklist", help="Write a starter checklist with this id instead "
                     "(one example rule, linked to the published schema for your editor)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter .genderlens.toml, or with --checklist NAME a starter
    checklist (refuses to overwrite without --force)."""
    if checklist is not None:
        from genderlens.check.starter import write_starter_checklist

        target = write_starter_checklist(checklist, path, force=force)
        typer.echo(f"wrote {target}")
        typer.echo(f"next: genderlens checklist validate {target} && "
                   f"genderlens rules test {target}")
        return
    from genderlens.project.config import write_starter

    target = path or Path(".genderlens.toml")
    write_starter(target, force=force)
    typer.echo(f"wrote {target}")


baseline_app = typer.Typer(help="Record accepted findings so that CI fails on new ones only.",
                           no_args_is_help=True)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("create")
def baseline_create(
    paths: Annotated[list[str], typer.Argument(help="Drafts, folders or globs.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Baseline file to write.")
    ] = Path("genderlens-baseline.json"),
    checklist: Checklists = None,
    lang: Lang = None,
    config: ConfigOpt = None,
    no_config: NoConfig = False,
    jobs: Jobs = None,
    quiet: Quiet = False,
) -> None:
    """Review the drafts and record every finding; 'review --baseline FILE' then reports
    only new ones."""
    from genderlens.commands.review_cmd import run_baseline_create

    code = run_baseline_create(files=paths, output=output, checklists=checklist or None,
                               language=lang, config=config, no_config=no_config, jobs=jobs,
                               quiet=quiet)
    raise typer.Exit(int(code))


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier version of the draft.")],
    new: Annotated[Path, typer.Argument(help="The later version of the draft.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output format: md or json.")
    ] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the output here ('-' = stdout).")
    ] = None,
    checklist: Checklists = None,
    lang: Lang = None,
    fail_on: FailOn = None,
    config: ConfigOpt = None,
    no_config: NoConfig = False,
    show_unchanged: Annotated[
        bool, typer.Option("--show-unchanged", help="List unchanged findings too (md).")
    ] = False,
) -> None:
    """Compare the findings of two versions of a draft: new, resolved, unchanged (also
    when articles were renumbered). Exit 1 when new findings reach --fail-on."""
    from genderlens.project.diff import run_diff

    code = run_diff(old=old, new=new, fmt=fmt, output=output, checklists=checklist or None,
                    language=lang, fail_on=fail_on, config=config, no_config=no_config,
                    show_unchanged=show_unchanged)
    raise typer.Exit(int(code))


checklist_app = typer.Typer(help="List, show and validate checklists.", no_args_is_help=True)
rules_app = typer.Typer(help="List and explain rules (checklist items).", no_args_is_help=True)
app.add_typer(checklist_app, name="checklist")
app.add_typer(rules_app, name="rules")


@checklist_app.command("list")
def checklist_list() -> None:
    """List the built-in checklists."""
    from genderlens.check.loader import builtin_checklists

    for c in builtin_checklists():
        langs = ",".join(c.languages) or "all"
        typer.echo(f"{c.id}\t{c.version}\t{langs}\t{len(c.items)} items\t{c.title.get('en')}")


@checklist_app.command("show")
def checklist_show(
    checklist_id: Annotated[str, typer.Argument(help="Checklist id or path.")],
) -> None:
    """Show a checklist's items, questions and legal bases."""
    from genderlens.check.loader import find_checklist

    c = find_checklist(checklist_id)
    typer.echo(f"{c.id} {c.version}: {c.title.get('en')}\nBasis: {c.basis}\n")
    for item in c.items:
        kinds = ", ".join(d.kind for d in item.detectors) or "reviewer question"
        typer.echo(f"{c.id}.{item.id} [{item.status}; {kinds}]")
        typer.echo(f"  {item.question.get('en')}")
        typer.echo(f"  Basis: {item.basis}")


@checklist_app.command("validate")
def checklist_validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Checklist or lexicon YAML files (default: the built-in ones).",
                       show_default=False),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print problems only.")] = False,
) -> None:
    """Check checklist/lexicon YAML files without reviewing anything
    (file:line:column: what was expected). Exit 2 when a file has a problem."""
    from genderlens.check.loader import builtin_paths, validate_files

    results = validate_files(files or builtin_paths())
    for name, problems in results.items():
        for line in problems:
            typer.echo(line)
        if not problems and not quiet:
            typer.echo(f"{name}: ok")
    bad = any(results.values())
    raise typer.Exit(ExitCode.USAGE if bad else ExitCode.OK)


@rules_app.command("list")
def rules_list(lang: Lang = None) -> None:
    """List every rule (checklist item) with its status logic and severity."""
    from genderlens.check.loader import builtin_checklists

    for c in builtin_checklists():
        if lang and not c.applies_to(lang):
            continue
        for item in c.items:
            typer.echo(f"{c.id}.{item.id}\t{item.status}\t{item.severity.name}\t{item.title.get('en')}")


@rules_app.command("explain")
def rules_explain(
    rule: Annotated[str, typer.Argument(help="Rule id (checklist.item or item).")],
) -> None:
    """Explain a rule: question, basis, detectors and pass/fail examples."""
    from genderlens.check.loader import builtin_checklists

    for c in builtin_checklists():
        for item in c.items:
            if rule in (f"{c.id}.{item.id}", item.id):
                typer.echo(f"{c.id}.{item.id}: {item.title.get('en')} / {item.title.get('vi')}")
                typer.echo(f"Question: {item.question.get('en')}")
                typer.echo(f"Câu hỏi: {item.question.get('vi')}")
                verified = "" if item.basis_verified else " (to be verified)"
                typer.echo(f"Basis: {item.basis}{verified}")
                typer.echo(f"Status logic: {item.status}; severity: {item.severity.name}")
                for d in item.detectors:
                    opts = ", ".join(f"{k}={v}" for k, v in d.options
                                     if k in ("lexicon", "scope", "regex"))
                    typer.echo(f"Detector: {d.kind} {opts}".rstrip())
                for ex in item.examples_fail:
                    typer.echo(f"  fail: {ex}")
                for ex in item.examples_pass:
                    typer.echo(f"  pass: {ex}")
                return
    _err(f"unknown rule {rule!r} (see 'genderlens rules list')")
    raise typer.Exit(ExitCode.USAGE)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM ends a run like Ctrl-C: outputs in progress are removed, exit 130."""
    raise KeyboardInterrupt


@rules_app.command("test")
def rules_test(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Checklist YAML files (default: the built-in checklists).",
                       show_default=False),
    ] = None,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", "-r", help="Only this rule, item id or checklist id "
                     "(repeatable)."),
    ] = None,
    failures: Annotated[
        bool, typer.Option("--failures", help="Show failing examples only.")
    ] = False,
) -> None:
    """Run every item's pass/fail examples and print a table of the results: a reviewer's
    unit test for a rule. Exit 1 when an example does not behave as its item says."""
    from genderlens.check.examples import run_examples
    from genderlens.check.loader import builtin_checklists, file_kind, load_checklist

    if files:
        checklists = [load_checklist(f) for f in files if file_kind(f) != "lexicon"]
    else:
        checklists = builtin_checklists()
    results = list(run_examples(checklists, rule or ()))
    if not results:
        _err("no examples to run (see 'genderlens rules list')")
        raise typer.Exit(ExitCode.USAGE)
    width = max(len(r.rule) for r in results)
    typer.echo(f"{'RESULT':<6}  {'RULE':<{width}}  {'EXPECT':<6}  {'GOT':<14}  EXAMPLE")
    for r in results:
        if failures and r.ok:
            continue
        text = r.text if len(r.text) <= 70 else r.text[:69] + "…"
        typer.echo(f"{'ok' if r.ok else 'FAIL':<6}  {r.rule:<{width}}  {r.expected:<6}  "
                   f"{r.status:<14}  {text}")
        if not r.ok:
            for finding in r.findings[:3] or ("nothing was found",):
                typer.echo(f"{'':<6}  {'':<{width}}  {'':<6}  {'':<14}  -> {finding}")
    bad = sum(not r.ok for r in results)
    typer.echo(f"{len(results)} examples: {len(results) - bad} behave as expected, {bad} do not")
    raise typer.Exit(ExitCode.FINDINGS if bad else ExitCode.OK)


def main() -> None:
    """The command in this process: the app and its one-line errors (raises
    ``SystemExit``, so that tests and embedding programs keep their interpreter)."""
    _run()


def entry() -> None:
    """The ``genderlens`` program (console script and ``python -m genderlens``):
    :func:`main`, then a quick exit.

    Why ``os._exit`` once everything is written and flushed: tearing the interpreter
    down frees every object a review made one by one (a large draft leaves millions),
    which took 0.4-0.6 s of a 2 s run and nothing needs it -- outputs are written
    atomically and closed before the command returns, the worker pool is shut down,
    and no atexit handler of ours does anything (mypy exits the same way). When a
    thread or a worker is still running (an interrupted batch), the exit is normal.
    """
    try:
        main()
    except SystemExit as exc:
        code = exc.code
        if code is not None and not isinstance(code, int):
            _err(str(code))
            code = 1
        _leave(code or 0)
    _leave(0)


def _leave(code: int) -> None:
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as exc:  # a full disk, a closed pipe
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"genderlens: cannot write to standard output: {exc}\n")
        code = code or ExitCode.USAGE
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    if _alone():
        os._exit(code)
    sys.exit(code)  # workers or threads still running: let the interpreter stop them


def _alone() -> bool:
    """No other thread and no child process: nothing that a normal exit would join,
    stop or clean up (an interrupted batch leaves its workers to the pool's exit)."""
    import threading

    if threading.active_count() > 1:
        return False
    mp = sys.modules.get("multiprocessing")
    return mp is None or not mp.active_children()


def _run() -> None:
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except Interrupted as exc:
        _err(str(exc))
        sys.exit(130)
    except OutputError as exc:
        _err(str(exc))
        sys.exit(ExitCode.USAGE)
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
    entry()
