"""The ``review`` and ``baseline create`` commands' work, kept out of cli.py.

cli.py parses flags; this module turns them into tasks (files x configuration), runs
them (:mod:`genderlens.commands.runner`), reports progress and the per-file summary on stderr,
writes the outputs and computes the exit code:

* 0 nothing at or above the ``--fail-on`` threshold,
* 1 findings at or above it,
* 2 usage or configuration error,
* 3 one or more inputs could not be read (the others are still reviewed and reported).

Why stderr for everything but the report: ``genderlens review drafts/ -f sarif >
out.sarif`` must produce a clean SARIF file whatever happens on the way.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genderlens.commands.runner import FileResult, OutputPlan, Task
from genderlens.errors import ConfigError, Interrupted, OutputError, UsageError
from genderlens.model import Review, Severity
from genderlens.project.config import FAIL_ON, ConfigResolver, Overrides, effective

THRESHOLDS = {"error": Severity.error, "warning": Severity.warning, "info": Severity.info}
MACHINE_FORMATS = ("json", "sarif", "github")


def _err(message: str) -> None:
    sys.stderr.write(f"genderlens: {message}\n")


def in_ci() -> bool:
    """CI services set CI=true (GitHub Actions, GitLab, Azure, Travis, CircleCI...)."""
    value = os.environ.get("CI", "")
    return value.lower() not in ("", "0", "false", "no")


@dataclass(slots=True)
class Plan:
    tasks: list[Task] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    baselines: dict[Path, Any] = field(default_factory=dict)


def parse_pairs(values: Sequence[str], what: str) -> list[tuple[str, str]]:
    """``RULE=LEVEL`` / ``FORMAT=PATH`` flags into pairs; a bad one is a usage error."""
    out = []
    for v in values:
        key, sep, val = v.partition("=")
        if not sep or not key or not val:
            raise UsageError(f"{what} expects KEY=VALUE, got {v!r}")
        out.append((key.strip(), val.strip()))
    return out


def plan(
    paths: Sequence[str],
    *,
    overrides: Overrides,
    config: Path | None = None,
    no_config: bool = False,
    baseline: Path | None = None,
    use_baseline: bool = True,
    inline: bool = True,
    outputs: OutputPlan | None = None,
    slim: bool = True,
    dossier: Sequence[str] = (),
) -> Plan:
    """Expand inputs and settle every file's settings before any review starts, so that
    configuration errors (exit 2) appear at once rather than after a long run.

    A folder that is one dossier (a draft and its reports) becomes one task: the draft,
    reviewed with the others; ``dossier`` (``--dossier DIR``, ``--with FILE``) gives the
    dossier of a single draft."""
    from genderlens.commands.runner import Input, discover, display_path
    from genderlens.dossier import dossier_draft
    from genderlens.project import baseline as baseline_mod

    resolver = ConfigResolver(config, isolated=no_config)
    avoid = [p for p in (outputs.output_dir, outputs.annotate_dir) if p] if outputs else []
    rest: list[str] = []
    folders: list[tuple[Path, list[Path]]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and not dossier:
            roles = resolver.for_path(p / "draft.docx").dossier_roles
            pair = dossier_draft(p, roles)
            if pair is not None:
                folders.append(pair)
                continue
        rest.append(raw)
    found = discover(rest, resolver=resolver, include=overrides.include,
                     exclude=overrides.exclude, avoid=avoid)
    attached: dict[Path, tuple[str, ...]] = {}
    for draft, others in folders:
        found.inputs.append(Input(draft, display_path(draft), draft.name))
        attached[draft] = tuple(str(o) for o in others)
    if dossier:
        if len(found.inputs) != 1:
            raise UsageError("--dossier/--with go with exactly one draft")
        for d in dossier:
            if not Path(d).exists():
                raise UsageError(f"--dossier/--with: {d}: no such file or folder")
        attached[found.inputs[0].path] = tuple(dossier)
    result = Plan(missing=list(found.missing))
    for i, inp in enumerate(found.inputs):
        cfg = resolver.for_path(inp.path).override(overrides)
        settings = effective(cfg, inp.path)
        file_baseline = None
        if use_baseline:
            bpath: Path | None = baseline
            if bpath is None and cfg.baseline:
                bpath = Path(cfg.baseline)
                if not bpath.is_absolute() and cfg.root is not None:
                    bpath = cfg.root / bpath
            if bpath is not None:
                key = bpath.resolve()
                if key not in result.baselines:
                    result.baselines[key] = baseline_mod.load(bpath)
                file_baseline = result.baselines[key].for_file(inp.path)
        result.tasks.append(Task(i, inp, settings, inline=inline, baseline=file_baseline,
                                 outputs=outputs, slim=slim, dossier=attached.get(inp.path)))
    return result


# ---------------------------------------------------------------------- progress


class Progress:
    """Progress on stderr: a rich bar on a terminal, plain lines in CI or when piped.

    Error lines are printed here as files finish (exactly once per file); when progress
    is off they are printed by :func:`report_errors` after the run.
    """

    def __init__(self, total: int, mode: str) -> None:
        self.total = total
        self.mode = mode  # "bar" | "lines" | "off"
        self.count = 0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("[bold]reviewing"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), TextColumn("{task.description}"),
                console=Console(stderr=True), transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    @property
    def reports_errors(self) -> bool:
        return self.mode != "off"

    def done(self, r: FileResult) -> None:
        self.count += 1
        if self.mode == "bar":
            if r.error:
                from rich.markup import escape

                self._bar.console.print(f"[red]genderlens: {escape(r.error)}[/]",
                                        highlight=False, soft_wrap=True)
            self._bar.update(self._task, advance=1, description=r.path)
        elif self.mode == "lines":
            if r.error:
                _err(r.error)
            else:
                sys.stderr.write(f"genderlens: [{self.count}/{self.total}] {r.path}: "
                                 f"{_counts(r.review)} ({r.seconds:.1f} s)\n")
            sys.stderr.flush()


def _counts(review: Review | None) -> str:
    if review is None:
        return ""
    c = review.counts()
    text = f"{c['error']} errors, {c['warning']} warnings, {c['info']} info"
    if review.suppressed:
        text += f", {review.suppressed} suppressed"
    return text


def available_cpus() -> int:
    """Cores this process may use (a container's CPU set, not the host's core count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # macOS, Windows
        return os.cpu_count() or 1


def progress_mode(total: int, quiet: bool) -> str:
    if quiet or total <= 1:
        return "off"
    if sys.stderr.isatty() and not in_ci():
        return "bar"
    return "lines"


def execute(tasks: Sequence[Task], jobs: int | None, quiet: bool) -> tuple[list[FileResult], bool]:
    """Run the tasks with progress; returns results and whether errors were shown."""
    from genderlens.commands.runner import Pool, run

    n = jobs if jobs and jobs > 0 else available_cpus()
    progress = Progress(len(tasks), progress_mode(len(tasks), quiet))
    try:
        # The pool first: forked workers must not inherit the progress bar's thread.
        with Pool(n, len(tasks)) as pool, progress:
            results = run(tasks, n, on_done=progress.done, pool=pool)
    except KeyboardInterrupt:
        # Per-file outputs already written are complete (written atomically); the
        # combined report is not written at all.
        raise Interrupted(progress.count, len(tasks)) from None
    return results, progress.reports_errors


def report_errors(results: Sequence[FileResult], missing: Sequence[str], shown: bool) -> None:
    for m in missing:
        _err(m)
    if not shown:
        for r in results:
            if r.error:
                _err(r.error)


def exit_code(results: Sequence[FileResult], missing: Sequence[str]) -> int:
    if any(r.kind == "config" for r in results):
        return 2
    if missing or any(r.error for r in results):
        return 3
    for r in results:
        if r.review is None or r.fail_on == "never":
            continue
        threshold = THRESHOLDS[r.fail_on]
        if any(f.severity >= threshold for f in r.review.findings):
            return 1
    return 0


# ------------------------------------------------------------------------ review


def _write_stats(results: Sequence[FileResult]) -> None:
    """Per-file timing and worker memory for bench/batch.py (``GENDERLENS_STATS=FILE``)."""
    target = os.environ.get("GENDERLENS_STATS")
    if not target:
        return
    import json

    rows = [{"path": r.path, "pid": r.pid, "seconds": round(r.seconds, 4),
             "cpu_seconds": round(r.cpu_seconds, 4), "started": r.started,
             "peak_rss_kb": r.peak_rss_kb, "error": r.error} for r in results]
    Path(target).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


def run_review(
    *,
    files: Sequence[str | os.PathLike[str]],
    fmt: str = "text",
    output: Path | None = None,
    checklists: Sequence[str] | None = None,
    language: str | None = None,
    memo_lang: str | None = None,
    annotate: Path | None = None,
    template_dir: Path | None = None,
    fail_on: str | None = None,
    output_dir: Path | None = None,
    annotate_dir: Path | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    enable: Sequence[str] | None = None,
    disable: Sequence[str] = (),
    severity: Sequence[str] = (),
    doublets: bool | None = None,
    config: Path | None = None,
    no_config: bool = False,
    baseline: Path | None = None,
    no_baseline: bool = False,
    inline: bool = True,
    jobs: int | None = None,
    quiet: bool = False,
    reports: Sequence[str] = (),
    detail: str = "summary",
    dossier: Sequence[str] = (),
) -> int:
    """Review ``files`` (files, folders, globs); return the exit code. ``dossier``: the
    dossier documents (folders or files) of a single draft."""
    from genderlens.render import FORMATS

    if fail_on is not None and fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on must be error, warning, info or never, not {fail_on!r}")
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if detail not in ("summary", "full"):
        raise UsageError(f"--detail must be summary or full, not {detail!r}")
    extra = parse_pairs(reports, "--report")
    for name, _ in extra:
        if name not in FORMATS:
            raise UsageError(f"--report: unknown format {name!r} "
                             f"(choose from {', '.join(FORMATS)})")
    sev = parse_pairs(severity, "--severity")
    for rule, level in sev:
        if level not in THRESHOLDS:
            raise UsageError(f"--severity {rule}={level}: level must be error, warning or info")
    if output_dir is not None and output_dir.exists() and not output_dir.is_dir():
        raise UsageError(f"--output-dir {output_dir} is not a folder")
    overrides = Overrides(
        checklists=tuple(checklists) if checklists else None, language=language,
        enable=tuple(enable) if enable else None, disable=tuple(disable),
        severity=tuple(sev), fail_on=fail_on, memo_language=memo_lang, doublets=doublets,
        include=tuple(include), exclude=tuple(exclude),
    )
    outputs = None
    if output_dir is not None or annotate_dir is not None:
        outputs = OutputPlan(output_dir=output_dir, fmt=fmt, suffix=FORMATS[fmt].suffix,
                             annotate_dir=annotate_dir, template_dir=template_dir,
                             memo_lang=memo_lang, detail=detail)
    from genderlens.commands.runner import prestart

    # Most of a pool's start-up is importing the checkers; let it overlap with planning.
    single = len(files) == 1 and os.path.isfile(os.fspath(files[0]))
    prestart(jobs or available_cpus(), 1 if single else 2)
    to_stdout = output_dir is None or output is not None
    # Memos, the terminal view and annotated copies made here (not in the workers) read
    # whole documents; every other report is fine with slim ones (runner.slim_document).
    console_view = (fmt == "text" and (output is None or str(output) == "-")
                    and sys.stdout.isatty())
    full = (annotate is not None or console_view or (to_stdout and FORMATS[fmt].memo)
            or any(FORMATS[name].memo for name, _ in extra))
    p = plan([os.fspath(f) for f in files], overrides=overrides, config=config,
             no_config=no_config, baseline=baseline, use_baseline=not no_baseline,
             inline=inline, outputs=outputs, slim=not full, dossier=dossier)
    if not p.tasks and not p.missing:
        raise UsageError("no drafts to review (folders are searched for .docx, .odt, .pdf, "
                         ".html, .htm, .doc, .rtf, .txt, .md and .markdown files; check the "
                         "paths and --include/--exclude)")
    if to_stdout and not FORMATS[fmt].batch and len(p.tasks) > 1:
        raise UsageError(f"format {fmt!r} makes one memo per draft: with several drafts use "
                         "--output-dir DIR")
    if annotate is not None and len(p.tasks) != 1:
        raise UsageError("--annotate OUT.docx needs exactly one .docx input "
                         "(use --annotate-dir DIR for several)")
    if annotate is not None and p.tasks[0].input.path.suffix.lower() != ".docx":
        # Comments are anchored on Word runs; other formats have none to anchor on.
        raise UsageError(f"--annotate writes Word comments into a .docx; "
                         f"{p.tasks[0].input.display} is not a .docx (annotating "
                         f"{p.tasks[0].input.path.suffix or 'this format'} is not supported: "
                         "use --format md or html for a memo)")
    for out in (output, *(Path(path) for _, path in extra)):
        if out is not None and str(out) != "-":
            from genderlens.output import refuse_overwrite_input

            refuse_overwrite_input(out, [t.input.path for t in p.tasks])
    for d in (output_dir, annotate_dir):
        if d is not None:
            with _writing(f"to {d}"):
                d.mkdir(parents=True, exist_ok=True)

    results, shown = execute(p.tasks, jobs, quiet)
    report_errors(results, p.missing, shown)
    _write_stats(results)
    code = exit_code(results, p.missing)
    if code == 2:
        return code

    entries: list[tuple[str, Review | str]] = [
        (r.path, r.review if r.review is not None else str(r.error)) for r in results]
    entries += [(m.split(": ", 1)[0], m) for m in p.missing]
    reviews = [r.review for r in results if r.review is not None]

    if annotate is not None and reviews:
        with _writing(str(annotate)):
            _annotate_one(results[0], annotate)
    # A combined report cites one set of agencies: the first file's (normally shared).
    agencies = next((t.settings.agency_names for t in p.tasks if t.settings.agency_names), ())
    memo_lang = memo_lang or next((t.settings.memo_language for t in p.tasks
                                   if t.settings.memo_language), None)
    if to_stdout:
        _emit(entries, fmt, output, memo_lang, template_dir, [t.input.path for t in p.tasks],
              results, agencies, detail)
    for extra_fmt, extra_dest in extra:
        _write(entries, extra_fmt, Path(extra_dest), memo_lang, template_dir, agencies, detail)

    if not quiet:
        _report_suppressed(results, p)
    if annotate_dir is not None:
        other = sum(1 for r, t in zip(results, p.tasks, strict=True)
                    if r.review is not None and r.review.document.format != "docx")
        if other:
            _err(f"--annotate-dir: {other} draft(s) not annotated: Word comments can only be "
                 "added to a .docx (the reports cover them)")
    if output_dir is not None:
        from genderlens.commands import batch_summary

        with _writing(f"the batch summary in {output_dir}"):
            batch_summary.write_all(batch_summary.rows(results, base=output_dir), output_dir)
    if not quiet and (len(p.tasks) > 1 or output_dir is not None):
        _print_table(results)
    return code


def _annotate_one(result: FileResult, out: Path) -> None:
    from genderlens.output import refuse_overwrite_input

    review = result.review
    assert review is not None
    if review.document.format != "docx":
        raise UsageError(f"--annotate needs a .docx input, not {result.path}")
    refuse_overwrite_input(out, [review.document.path])
    from genderlens.render.annotate import annotate as write_annotated

    write_annotated(review, Path(review.document.path), out)


def _emit(entries: list[tuple[str, Review | str]], fmt: str, output: Path | None,
          memo_lang: str | None, template_dir: Path | None, inputs: Sequence[Path],
          results: Sequence[FileResult], agencies: Sequence[tuple[str, str]],
          detail: str = "summary") -> None:
    to_terminal = output is None or str(output) == "-"
    if fmt == "text" and to_terminal and sys.stdout.isatty():
        from rich.console import Console

        from genderlens.render import print_review

        console = Console()
        for r in results:
            if r.review is not None:
                print_review(r.review, console, memo_lang=memo_lang, detail=detail)
        return
    if to_terminal:
        data = _render(entries, fmt, memo_lang, template_dir, agencies, detail)
        if isinstance(data, bytes) and output is None:
            raise UsageError(f"--format {fmt} is binary: give --output FILE")
        with _writing("the report to stdout"):
            if isinstance(data, bytes):
                sys.stdout.buffer.write(data)
            elif data:
                sys.stdout.write(data if data.endswith("\n") else data + "\n")
            sys.stdout.flush()
        return
    assert output is not None
    _write(entries, fmt, output, memo_lang, template_dir, agencies, detail)


def _render(entries: list[tuple[str, Review | str]], fmt: str, memo_lang: str | None,
            template_dir: Path | None, agencies: Sequence[tuple[str, str]],
            detail: str = "summary") -> str | bytes:
    from genderlens.commands.runner import render_one

    return render_one(entries, fmt, "", memo_lang, template_dir, agencies, detail)


def _write(entries: list[tuple[str, Review | str]], fmt: str, dest: Path, memo_lang: str | None,
           template_dir: Path | None, agencies: Sequence[tuple[str, str]],
           detail: str = "summary") -> None:
    """The report to ``dest`` (written atomically) or, for "-", to stdout; text
    formats are written as they are made."""
    from genderlens.render import FORMATS, save, write

    options: dict[str, Any] = {"memo_lang": memo_lang, "template_dir": template_dir,
                               "agency_names": dict(agencies), "detail": detail}
    if str(dest) != "-":
        with _writing(str(dest)):
            save(entries, fmt, dest, **options)
        return
    with _writing("the report to stdout"):
        if FORMATS[fmt].binary:
            data = _render(entries, fmt, memo_lang, template_dir, agencies, detail)
            sys.stdout.buffer.write(data if isinstance(data, bytes) else data.encode())
        else:
            write(entries, fmt, sys.stdout, **options)
        sys.stdout.flush()


@contextlib.contextmanager
def _writing(what: str) -> Iterator[None]:
    """A failing write (disk full, read-only folder) is one line, not a traceback;
    write_atomic has already removed its temporary file, so nothing half-written stays."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write {what}: {reason}") from None


def _report_suppressed(results: Sequence[FileResult], p: Plan) -> None:
    by_baseline = sum(r.baseline_suppressed for r in results)
    inline = sum(r.inline_suppressed for r in results)
    if p.baselines:
        names = ", ".join(str(b) for b in p.baselines)
        _err(f"{by_baseline} finding(s) suppressed by the baseline ({names}); "
             "only new findings are reported")
    if inline:
        _err(f"{inline} finding(s) suppressed by genderlens-disable comments")


def _print_table(results: Sequence[FileResult]) -> None:
    from rich.console import Console

    from genderlens.commands import batch_summary

    # Logs (CI, pipes) have no width: do not fold paths at rich's default 80 columns.
    console = Console(stderr=True, highlight=False,
                      width=None if sys.stderr.isatty() else 160)
    table = [r for r in batch_summary.rows(results) if r.status == "reviewed"]
    if table:
        batch_summary.print_table(table, console)
    bad = sum(1 for r in results if r.error)
    if bad:
        console.print(f"[red]{bad} file(s) could not be reviewed (see the messages above)[/]")


# ---------------------------------------------------------------------- baseline


def run_baseline_create(
    *,
    files: Sequence[str | os.PathLike[str]],
    output: Path,
    checklists: Sequence[str] | None = None,
    language: str | None = None,
    config: Path | None = None,
    no_config: bool = False,
    jobs: int | None = None,
    quiet: bool = False,
    force: bool = True,
) -> int:
    """Review the inputs and record every finding in ``output`` (exit 0, or 3 when some
    inputs could not be read; the baseline then covers the readable ones)."""
    from genderlens.output import write_atomic
    from genderlens.project import baseline as baseline_mod

    overrides = Overrides(checklists=tuple(checklists) if checklists else None,
                          language=language)
    p = plan([os.fspath(f) for f in files], overrides=overrides, config=config,
             no_config=no_config, use_baseline=False)
    if not p.tasks and not p.missing:
        raise UsageError("no drafts to review for the baseline")
    results, shown = execute(p.tasks, jobs, quiet)
    report_errors(results, p.missing, shown)
    code = exit_code(results, p.missing)
    if code == 2:
        return code
    folder = output.resolve().parent
    entries = []
    for r, t in zip(results, p.tasks, strict=True):
        if r.review is not None:
            entries += baseline_mod.entries_for(r.review, t.input.path, folder)
    with _writing(str(output)):
        write_atomic(output, baseline_mod.dumps(entries))
    if not quiet:
        n = sum(1 for r in results if r.review is not None)
        _err(f"wrote {len(entries)} finding(s) from {n} file(s) to {output}")
    return 3 if code == 3 else 0


__all__ = ["ConfigError", "exit_code", "plan", "run_baseline_create", "run_review"]
