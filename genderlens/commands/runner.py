"""Finding the drafts to review and reviewing them, one process per core.

Why a process pool: the check stage is pure Python (tokenising and matching), so threads
would serialise on the GIL. Each worker reviews whole files with the checklists, lexicons
and compiled patterns already loaded.

Where the workers come from. On Linux the command forks its workers (:class:`Pool`) as
soon as the files are planned: they inherit the imported checkers and start at once, and
each fills its lazy caches (phrase banks, compiled patterns) on its first file, as a
``--jobs 1`` run does. Why not warm the command first and fork warm workers: that warm-up
(60 ms) was serial time before any worker started, a twentieth of a ten-file batch on
two cores; warming in the workers runs in parallel. A separate fork server would import
a second time, CPU that two cores cannot spare. Forking is
only safe while the command has no other thread (a thread holding a lock at the moment
of the fork leaves that lock held forever in the child), so the pool is forked before
the progress bar starts its refresh thread, and a command that has threads already falls
back to a ``forkserver``. Elsewhere (macOS, where forking is unsafe with system
libraries, and Windows) workers come from a ``forkserver`` that imports the checkers once
(:data:`PRELOAD`) and is started while the command is still planning (:func:`prestart`),
else they are spawned.

Everything a worker needs travels in a :class:`Task` and everything it returns in a
:class:`FileResult`, both plain picklable values. A worker does the whole per-file job
-- read, check, inline and baseline suppression, per-file outputs -- so that rendering
memos and annotated copies runs in parallel too. Results come back in input order.

One bad file never stops the batch: an unreadable input becomes a one-line error in its
result; an unexpected exception becomes "internal error while reviewing FILE: ..." and
the other files carry on; a worker that dies (killed, out of memory) fails only the
files it had not finished.
"""

from __future__ import annotations

import contextlib
import glob
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genderlens.model import Anchor, Paragraph, Review
from genderlens.project.baseline import FileBaseline
from genderlens.project.config import ConfigResolver, Effective, glob_match, relative_to
from genderlens.readers import SUFFIXES

GLOB_CHARS = frozenset("*?[")


# ---------------------------------------------------------------------- discovery


@dataclass(frozen=True, slots=True)
class Input:
    """One file to review: where it is and the name it is reported under.

    ``mirror`` is the relative path used under ``--output-dir``.
    """

    path: Path
    display: str
    mirror: str


@dataclass(slots=True)
class Discovery:
    inputs: list[Input] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # one-line messages (exit 3)
    skipped: int = 0  # files filtered out by include/exclude


def display_path(path: Path) -> str:
    """Relative to the working folder when inside it (stable across machines)."""
    rel = relative_to(path, Path.cwd())
    return rel if rel is not None else path.as_posix()


def _is_hidden(name: str) -> bool:
    # Hidden files and folders, and Word's "~$name.docx" owner files (lock files that
    # Word leaves next to an open draft; they are not documents).
    return name.startswith((".", "~$")) or name in ("__pycache__", "node_modules")


def _selected(rel: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    if include and not any(glob_match(p, rel) for p in include):
        return False
    return not any(glob_match(p, rel) for p in exclude)


def _walk(root: Path, avoid: Sequence[Path]) -> Iterable[Path]:
    avoid_abs = {os.path.abspath(a) for a in avoid}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d)
                         and os.path.abspath(os.path.join(folder, d)) not in avoid_abs)
        for name in sorted(files):
            if not _is_hidden(name) and name.lower().endswith(SUFFIXES):
                yield Path(folder) / name


def discover(
    paths: Sequence[str | os.PathLike[str]],
    *,
    resolver: ConfigResolver,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    avoid: Sequence[Path] = (),
) -> Discovery:
    """Expand files, folders (recursively) and globs into the list of drafts.

    Explicit files are always reviewed, whatever their type (an unsupported type is then
    a one-line error from the reader). Files found in folders or through globs must have
    a supported suffix and pass the ``--include``/``--exclude`` globs (matched against
    the path relative to the folder given) and the ``include``/``exclude`` of their
    configuration (relative to the configuration file's folder). ``avoid`` lists folders
    never to descend into (the output folders).
    """
    found = Discovery()
    seen: set[str] = set()

    def add(p: Path, mirror: str) -> None:
        key = os.path.abspath(p)
        if key in seen:
            return
        seen.add(key)
        found.inputs.append(Input(p, display_path(p), mirror))

    def passes_config(p: Path) -> bool:
        cfg = resolver.for_path(p)
        if not (cfg.include or cfg.exclude):
            return True
        rel = relative_to(p, cfg.root) if cfg.root else None
        return _selected(rel if rel is not None else p.name, cfg.include, cfg.exclude)

    for raw in paths:
        text = os.fspath(raw)
        p = Path(text)
        if p.is_dir():
            for f in _walk(p, avoid):
                rel = f.relative_to(p).as_posix()
                if _selected(rel, include, exclude) and passes_config(f):
                    add(f, _mirror(f, p))
                else:
                    found.skipped += 1
        elif p.exists() or p.is_symlink():
            add(p, _mirror(p, None))
        elif GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()
                     and Path(m).name.lower().endswith(SUFFIXES)
                     and not any(_is_hidden(part) for part in Path(m).parts
                                 if part not in (".", ".."))]
            if not files:
                found.missing.append(f"{text}: no supported files match this pattern")
            for f in files:
                if _selected(f.as_posix(), include, exclude) and passes_config(f):
                    add(f, _mirror(f, None))
                else:
                    found.skipped += 1
        else:
            found.missing.append(f"{text}: no such file or folder")
    return found


def _mirror(path: Path, root: Path | None) -> str:
    """The path an input's outputs get under ``--output-dir``."""
    rel = relative_to(path, Path.cwd())
    if rel is not None and not rel.startswith("../"):
        return rel
    if root is not None:
        return f"{root.resolve().name}/{path.relative_to(root).as_posix()}"
    return path.name


# ---------------------------------------------------------------------- execution


@dataclass(frozen=True, slots=True)
class OutputPlan:
    """Per-file outputs a worker writes (``--output-dir``/``--annotate-dir``)."""

    output_dir: Path | None = None
    fmt: str = "md"
    suffix: str = ".md"
    annotate_dir: Path | None = None
    template_dir: Path | None = None
    memo_lang: str | None = None
    detail: str = "summary"


@dataclass(frozen=True, slots=True)
class Task:
    """One file's job. ``slim``: return a document stripped to what reports need.

    ``cwd`` is the folder relative paths are resolved against: a fork-server worker
    inherits the fork server's folder, not the caller's current one.
    """

    index: int
    input: Input
    settings: Effective
    inline: bool = True
    baseline: FileBaseline | None = None
    outputs: OutputPlan | None = None
    slim: bool = False
    cwd: str = field(default_factory=os.getcwd)
    # The other documents of the draft's dossier; None: the draft is reviewed alone.
    dossier: tuple[str, ...] | None = None


@dataclass(slots=True)
class FileResult:
    """What came back for one input. Exactly one of ``review``/``error`` is set."""

    index: int
    path: str  # display path
    review: Review | None = None
    error: str | None = None
    kind: str = ""  # "input" | "config" | "output" | "internal" when ``error`` is set
    written: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    started: float = 0.0  # time.time() when the worker began this file (for timelines)
    pid: int = 0
    peak_rss_kb: int = 0
    baseline_suppressed: int = 0
    inline_suppressed: int = 0
    fail_on: str = "error"


def peak_rss_kb() -> int:
    """This process's peak resident memory in KiB (VmHWM on Linux, else getrusage)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource
        import sys

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return int(peak // 1024 if sys.platform == "darwin" else peak)
    except (ImportError, OSError):  # pragma: no cover - Windows
        return 0


_WARM_SAMPLES = {
    "vi": "LUẬT MẪU\nĐiều 1. Phạm vi\n1. Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi.\n",
    "en": "Sample Act\n1 Scope\n(1) The chairman must sign the form he receives.\n",
}


def warm(languages: Sequence[str] = ("vi", "en"), samples: bool = False) -> None:
    """Load the built-in checklists once per process.

    With ``samples`` a tiny draft per language is reviewed as well, which fills every
    lazily built cache (lexicons, phrase banks, compiled patterns): the fork server does
    this once and every worker it forks starts with them ready.
    """
    from genderlens.check.loader import builtin_checklists

    builtin_checklists()
    if samples:
        import tempfile

        from genderlens.api import review

        with tempfile.TemporaryDirectory(prefix="genderlens-warm-") as tmp:
            for lang in languages:
                sample = Path(tmp) / f"sample-{lang}.txt"
                sample.write_text(_WARM_SAMPLES.get(lang, ""), encoding="utf-8")
                review(sample, language=lang)


def _init_worker(languages: Sequence[str]) -> None:
    import signal

    # Ctrl-C is handled by the parent, which cancels the pool; workers just stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the command's SIGTERM handler (which raises
    # KeyboardInterrupt to end the run cleanly); a worker just ends.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A failure here reappears, with its message, when the first file is reviewed.
    with contextlib.suppress(Exception):
        warm(languages)


def review_task(task: Task) -> FileResult:
    """Review one file completely; never raises (errors are results)."""
    from genderlens.errors import ConfigError, GenderlensError, InputError, UsageError

    t0 = time.perf_counter()
    c0 = time.process_time()
    result = FileResult(task.index, task.input.display, fail_on=task.settings.fail_on,
                        started=time.time())
    try:
        if task.cwd and os.getcwd() != task.cwd:
            os.chdir(task.cwd)
        review = _review(task, result)
        result.review = review
        if task.outputs is not None:
            try:
                result.written = write_outputs(review, task)
            except (UsageError, ConfigError) as exc:
                result.error, result.kind = f"{task.input.display}: {exc}", "config"
            except (GenderlensError, OSError) as exc:
                result.error = f"{task.input.display}: cannot write output: {exc}"
                result.kind = "output"
        if task.slim:
            slim_document(review)
    except InputError as exc:
        result.error, result.kind = str(exc), "input"
    except (ConfigError, UsageError) as exc:
        result.error, result.kind = str(exc), "config"
    except Exception as exc:  # one bad file must not stop a batch
        result.error = (f"internal error while reviewing {task.input.display}: "
                        f"{type(exc).__name__}: {exc}")
        result.kind = "internal"
    result.seconds = time.perf_counter() - t0
    result.cpu_seconds = time.process_time() - c0
    result.pid = os.getpid()
    result.peak_rss_kb = peak_rss_kb()
    return result


def _review(task: Task, result: FileResult) -> Review:
    from genderlens.api import review as review_api
    from genderlens.check.engine import Options
    from genderlens.model import Severity
    from genderlens.project.suppress import apply_inline

    s = task.settings
    options = Options(
        disable=s.disable,
        enable_only=s.enable_only,
        severity={rule: Severity[level] for rule, level in s.severity},
        memo_language=s.memo_language,
    )
    checklists = list(s.checklists) if s.checklists else None
    if task.dossier is not None:
        from genderlens.dossier import review_dossier

        review = review_dossier(task.input.path, list(task.dossier), roles=s.dossier_roles,
                                language=s.language, checklists=checklists, options=options)
    else:
        review = review_api(task.input.path, checklists=checklists, language=s.language,
                            options=options)
    if task.inline:
        result.inline_suppressed = apply_inline(review)
    if task.baseline is not None:
        kept, dropped = task.baseline.filter(review.findings)
        if dropped:
            from genderlens.project.suppress import apply

            ids = {id(f) for f in kept}
            apply(review, lambda f: id(f) not in ids)
        result.baseline_suppressed = dropped
    return review


_EMPTY = Paragraph("", "", Anchor(), kind="slim")


def slim_document(review: Review) -> None:
    """Strip the document to what non-memo reports read, in place.

    Why: a full Document (every paragraph plus the unit tree, which repeats the text)
    pickles to ~0.3 MB per law and takes the parent longer to unpickle than the
    worker took to review a small law; on the 112-law corpus that was 32 MB and ~5 s of
    the parent's CPU, competing with the workers. JSON, SARIF, GitHub and text reports
    read the document's metadata and the paragraphs that findings point to, so those
    are kept (at their indices, so ``Span.paragraph`` stays valid), with what the
    rating reads from the whole text (``Review.signals``); every other
    paragraph becomes one shared empty value and the unit tree is dropped. Memos (md,
    html, docx) and annotated copies need everything: they are written in the worker,
    or the parent asks for full documents.
    """
    from genderlens.render.verdict import text_signals

    review.signals = text_signals(review)
    doc = review.document
    keep = {f.span.paragraph for f in review.findings if f.span is not None}
    doc.paragraphs = [p if i in keep else _EMPTY for i, p in enumerate(doc.paragraphs)]
    doc.units = []


def write_outputs(review: Review, task: Task) -> list[str]:
    """Write the per-file memo/JSON and the annotated copy under mirrored paths."""
    from genderlens.output import refuse_overwrite_input
    from genderlens.render import save

    plan = task.outputs
    assert plan is not None
    written: list[str] = []
    if plan.output_dir is not None:
        target = plan.output_dir / (task.input.mirror + plan.suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        refuse_overwrite_input(target, [task.input.path])
        save([(task.input.display, review)], plan.fmt, target,
             memo_lang=plan.memo_lang or task.settings.memo_language,
             template_dir=plan.template_dir, agency_names=dict(task.settings.agency_names),
             detail=plan.detail)
        written.append(str(target))
    if plan.annotate_dir is not None and review.document.format == "docx":
        from genderlens.render.annotate import annotate

        mirror = Path(task.input.mirror)
        target = plan.annotate_dir / mirror.with_name(mirror.stem + ".annotated.docx")
        target.parent.mkdir(parents=True, exist_ok=True)
        refuse_overwrite_input(target, [task.input.path])
        annotate(review, task.input.path, target)
        written.append(str(target))
    return written


def render_one(review: Review | Sequence[tuple[str, Review | str]], fmt: str, display: str,
               memo_lang: str | None, template_dir: Path | None,
               agency_names: Sequence[tuple[str, str]] = (),
               detail: str = "summary") -> str | bytes:
    """Render one review (under its display path) or a batch of entries."""
    from genderlens.render import render

    entries = [(display, review)] if isinstance(review, Review) else list(review)
    return render(entries, fmt, memo_lang=memo_lang, template_dir=template_dir,
                  agency_names=dict(agency_names), detail=detail)


class Pool:
    """The worker processes of one batch, started before the caller starts any thread.

    With ``fork`` (Linux) the workers are forked from this process at once, so the
    caller must create the pool before it starts a progress bar (whose
    refresh thread must not be forked, see the module docstring). ``workers`` is 1 when
    no pool is worth starting (``jobs`` <= 1 or a single task): everything then runs in
    this process with no start-up cost. Use as a context manager: leaving it waits for
    the workers, or on an exception (Ctrl-C) cancels what has not started.
    """

    def __init__(self, jobs: int, tasks: int) -> None:
        self.workers = max(1, min(jobs, tasks))
        self.executor: ProcessPoolExecutor | None = None
        if self.workers == 1:
            return
        ctx = _context()
        self.executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                            initializer=_init_worker,
                                            initargs=(("vi", "en"),))
        if ctx.get_start_method() == "fork":
            import gc

            # A fork pool creates all its workers on the first submission: do it now,
            # while this process has no other thread. Frozen objects are left out of
            # the workers' garbage collections, which would otherwise walk (and, by
            # writing their headers, copy page by page) everything inherited.
            gc.freeze()
            try:
                self.executor.submit(int)
            finally:
                gc.unfreeze()  # this process collects as before

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if self.executor is not None:
            if kind is None:
                self.executor.shutdown(wait=True)
            else:
                self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None


def run(
    tasks: Sequence[Task],
    jobs: int,
    on_done: Callable[[FileResult], None] | None = None,
    on_start: Callable[[Task], None] | None = None,
    pool: Pool | None = None,
) -> list[FileResult]:
    """Review every task; results in input order, whatever the completion order.

    ``jobs`` <= 1 or a single task runs in this process (no start-up cost). With a
    pool, the largest files are submitted first so that one big code does not finish
    last on its own while the other workers idle. ``pool``: workers the caller started
    (see :class:`Pool`); without it they are started here and stopped at the end.
    """
    if pool is None:
        with Pool(jobs, len(tasks)) as own:
            return run(tasks, jobs, on_done, on_start, own)
    results: list[FileResult | None] = [None] * len(tasks)

    def done(r: FileResult) -> None:
        results[r.index] = r
        if on_done is not None:
            on_done(r)

    if pool.executor is None:
        for t in tasks:
            if on_start is not None:
                on_start(t)
            done(review_task(t))
        return [r for r in results if r is not None]

    order = sorted(range(len(tasks)), key=lambda i: -_size(tasks[i].input.path))
    futures: dict[Future[FileResult], Task] = {}
    for i in order:
        futures[pool.executor.submit(review_task, tasks[i])] = tasks[i]
    from concurrent.futures import as_completed

    for fut in as_completed(futures):
        task = futures[fut]
        try:
            r = fut.result()
        except Exception as exc:  # a dead worker (BrokenProcessPool)
            r = FileResult(task.index, task.input.display,
                           error=(f"internal error while reviewing {task.input.display}: "
                                  f"worker process failed ({type(exc).__name__}: {exc})"),
                           kind="internal", fail_on=task.settings.fail_on)
        done(r)
    return [r for r in results if r is not None]


# Imported once by the fork server and inherited by every worker it forks. The last one,
# this module, also warms the server (see the end of this file).
PRELOAD = ["genderlens.check.engine", "genderlens.check.nlp", "genderlens.check.matching",
           "genderlens.check.loader", "genderlens.readers.docx", "genderlens.readers.text",
           "genderlens.readers.markdown", "genderlens.readers.odt", "genderlens.readers.html",
           "genderlens.readers.pdf", "genderlens.structure", "genderlens.project.suppress",
           "genderlens.commands.runner"]
_WARM_ENV = "GENDERLENS_FORKSERVER_WARM"


def start_method() -> str:
    """How workers are started: ``fork`` on Linux while this process has one thread,
    else ``forkserver`` where the platform has it, else ``spawn``.

    ``GENDERLENS_MP_START`` (spawn, forkserver, fork) overrides it, for benchmarks.
    """
    import multiprocessing
    import sys
    import threading

    chosen = os.environ.get("GENDERLENS_MP_START")
    if chosen:
        return chosen
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods \
            and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _context() -> Any:
    """The multiprocessing context for :func:`start_method` (starting the fork server)."""
    import multiprocessing

    method = start_method()
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(PRELOAD)
        _start_fork_server()
    return ctx


def _start_fork_server() -> None:
    """Start the fork server (once per process) with the warm-up flag in its environment.

    The server inherits the environment at start; only there does importing this module
    find the flag and warm up, so pipelines and caches are built once and shared by every
    forked worker instead of being rebuilt in each.
    """
    from multiprocessing import forkserver

    os.environ[_WARM_ENV] = "1"
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(_WARM_ENV, None)


def prestart(jobs: int, files: int) -> None:
    """Start the fork server now, if a pool will use one, so that it imports and warms
    the checkers while the caller is still expanding paths and reading configuration.
    (Forked workers need nothing ahead: the command warms itself just before forking.)"""
    if min(jobs, files) <= 1 or start_method() != "forkserver":
        return
    _context()


def _size(path: Path) -> int:
    """Expected work for scheduling: text bytes (a .docx is zipped XML, ~4x smaller)."""
    try:
        size = path.stat().st_size
    except OSError:
        return 0
    return size * 4 if path.suffix.lower() == ".docx" else size


if os.environ.pop(_WARM_ENV, None) == "1":
    # Imported by the fork server (PRELOAD): warm up once for every worker it will fork.
    # A failure is not fatal: each file's review will report it.
    with contextlib.suppress(Exception):
        warm(samples=True)
