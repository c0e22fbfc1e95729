"""The batch summary: one row per reviewed file, on the terminal and in four files.

Why a separate summary: a reviewer handed a folder of thirty drafts first needs to know
which drafts to open (the ones with errors, the unreadable ones), then the memos. The
same rows feed the terminal table and ``summary.md``/``summary.html``/``summary.csv``/
``summary.json`` in ``--output-dir``; the JSON is a small versioned schema of its own::

    {"schema_version": 1, "tool": {...},
     "totals": {"files": 3, "reviewed": 2, "unreadable": 1, "error": 1, "warning": 4,
                "info": 2, "suppressed": 0},
     "files": [{"path": "drafts/a.txt", "status": "reviewed" | "unreadable" | "failed",
                "language": "vi", "error": 1, "warning": 2, "info": 0,
                "flagged": 2, "not_met": 1, "needs_review": 5, "suppressed": 0,
                "message": null | "one-line error", "outputs": ["out/drafts/a.txt.md"],
                "seconds": 0.41,
                "read": 1.0 | null,            # coverage: share of the text meant to be
                                               # checked that the checks read
                "reading": ["no-provisions"],  # reading warnings (codes)
                "verdict": "revise" | "pass-with-conditions" | "pass" | null,
                "rating": "gender-regressive" | ... | null}]}

The verdict and the rating are the memo's (``genderlens/render/verdict.py``), so the
drafts to open first are the ones to revise.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from genderlens.commands.runner import FileResult

SCHEMA_VERSION = 1
COLUMNS = ("path", "status", "language", "error", "warning", "info", "flagged", "not_met",
           "needs_review", "suppressed", "message", "outputs", "seconds", "read", "reading",
           "verdict", "rating")


@dataclass(slots=True)
class Row:
    path: str
    status: str
    language: str | None = None
    error: int = 0
    warning: int = 0
    info: int = 0
    flagged: int = 0
    not_met: int = 0
    needs_review: int = 0
    suppressed: int = 0
    message: str | None = None
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    read: float | None = None
    reading: list[str] = field(default_factory=list)
    verdict: str | None = None
    rating: str | None = None


def rows(results: Sequence[FileResult], base: Path | None = None) -> list[Row]:
    from genderlens.render.verdict import judge

    out = []
    for r in results:
        outputs = [_rel(w, base) for w in r.written]
        if r.review is None:
            status = "unreadable" if r.kind == "input" else "failed"
            out.append(Row(r.path, status, message=r.error, outputs=outputs,
                           seconds=round(r.seconds, 3)))
            continue
        counts = r.review.counts()
        statuses = [i.status for i in r.review.items]
        verdict, rating = judge(r.review)
        cov = r.review.document.coverage
        out.append(Row(
            r.path, "reviewed" if r.error is None else "failed", r.review.document.language,
            counts["error"], counts["warning"], counts["info"],
            statuses.count("flagged"), statuses.count("not-met"),
            statuses.count("needs-review"), r.review.suppressed, r.error, outputs,
            round(r.seconds, 3), round(cov.body_share, 4) if cov is not None else None,
            [w.code for w in r.review.warnings], verdict.key, rating.key))
    return out


def _rel(path: str, base: Path | None) -> str:
    if base is None:
        return Path(path).as_posix()
    return Path(os.path.relpath(path, base)).as_posix()


def totals(table: Sequence[Row]) -> dict[str, int]:
    return {
        "files": len(table),
        "reviewed": sum(r.status == "reviewed" for r in table),
        "unreadable": sum(r.status == "unreadable" for r in table),
        "failed": sum(r.status == "failed" for r in table),
        "error": sum(r.error for r in table),
        "warning": sum(r.warning for r in table),
        "info": sum(r.info for r in table),
        "suppressed": sum(r.suppressed for r in table),
    }


# ------------------------------------------------------------------------- files


def to_json(table: Sequence[Row]) -> str:
    from genderlens import __version__

    doc = {"schema_version": SCHEMA_VERSION,
           "tool": {"name": "genderlens", "version": __version__},
           "totals": totals(table),
           "files": [asdict(r) for r in table]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_csv(table: Sequence[Row]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in table:
        d = asdict(r)
        d["outputs"] = " ".join(r.outputs)
        d["message"] = r.message or ""
        d["language"] = r.language or ""
        d["read"] = "" if r.read is None else r.read
        d["reading"] = " ".join(r.reading)
        d["verdict"] = r.verdict or ""
        d["rating"] = r.rating or ""
        w.writerow([d[c] for c in COLUMNS])
    return buf.getvalue()


_HEAD = ("File", "Status", "Verdict", "Rating", "Errors", "Warnings", "Info", "Items flagged",
         "Items not met", "Suppressed")


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(table: Sequence[Row]) -> str:
    t = totals(table)
    lines = [
        "# genderlens batch summary",
        "",
        f"{t['files']} files: {t['reviewed']} reviewed, {t['unreadable']} unreadable, "
        f"{t['failed']} failed. Findings: {t['error']} errors, {t['warning']} warnings, "
        f"{t['info']} info" + (f"; {t['suppressed']} suppressed." if t["suppressed"] else "."),
        "",
        "| " + " | ".join(_HEAD) + " |",
        "|" + "---|" * len(_HEAD),
    ]
    for r in table:
        name = _md_cell(r.path)
        if r.outputs:
            name = f"[{name}]({r.outputs[0].replace(' ', '%20')})"
        status = r.status if not r.message else f"{r.status}: {_md_cell(r.message)}"
        if r.reading:
            status += f" ({', '.join(r.reading)})"
        lines.append(f"| {name} | {status} | {r.verdict or ''} | {r.rating or ''} | "
                     f"{r.error} | {r.warning} | {r.info} | "
                     f"{r.flagged} | {r.not_met} | {r.suppressed} |")
    return "\n".join(lines) + "\n"


def to_html(table: Sequence[Row]) -> str:
    t = totals(table)
    esc = html.escape
    body = []
    for r in table:
        name = esc(r.path)
        if r.outputs:
            name = f'<a href="{esc(r.outputs[0])}">{name}</a>'
        cls = "bad" if r.status != "reviewed" else ("err" if r.error else "")
        status = esc(r.status) + (f"<br><small>{esc(r.message)}</small>" if r.message else "")
        cells = "".join(f"<td class=n>{v}</td>" for v in
                        (r.error, r.warning, r.info, r.flagged, r.not_met, r.suppressed))
        judged = f"<td>{esc(r.verdict or '')}</td><td>{esc(r.rating or '')}</td>"
        body.append(f'<tr class="{cls}"><td>{name}</td><td>{status}</td>{judged}{cells}</tr>')
    head = "".join(f"<th>{esc(h)}</th>" for h in _HEAD)
    summary = (f"{t['files']} files: {t['reviewed']} reviewed, {t['unreadable']} unreadable, "
               f"{t['failed']} failed. Findings: {t['error']} errors, {t['warning']} warnings, "
               f"{t['info']} info; {t['suppressed']} suppressed.")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>genderlens batch summary</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2em;color:#222}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}
td.n{{text-align:right}}tr.err td:nth-child(5){{color:#b00;font-weight:bold}}
tr.bad{{background:#fee}}
</style></head><body>
<h1>genderlens batch summary</h1>
<p>{esc(summary)}</p>
<table><thead><tr>{head}</tr></thead><tbody>
{chr(10).join(body)}
</tbody></table></body></html>
"""


def write_all(table: Sequence[Row], folder: Path) -> list[Path]:
    """Write summary.md/.html/.csv/.json into ``folder`` (atomically, each)."""
    from genderlens.output import write_atomic

    out = []
    for name, text in (("summary.md", to_markdown(table)), ("summary.html", to_html(table)),
                       ("summary.csv", to_csv(table)), ("summary.json", to_json(table))):
        out.append(write_atomic(folder / name, text))
    return out


# ---------------------------------------------------------------------- terminal


def print_table(table: Sequence[Row], console: Any) -> None:
    """The per-file summary on a rich console (stderr, so stdout stays clean)."""
    from rich.table import Table

    t = Table(title=None, show_edge=False, pad_edge=False, header_style="bold")
    longest = max((len(r.path) for r in table), default=4)
    t.add_column("File", overflow="fold", min_width=min(longest, 60))
    for h in ("Err", "Warn", "Info", "Flagged", "Not met", "Suppr."):
        t.add_column(h, justify="right")
    t.add_column("Status", overflow="fold")
    for r in table:
        if r.status == "reviewed":
            style = {"revise": "red", "pass-with-conditions": "yellow"}.get(r.verdict or "",
                                                                             "green")
            status = f"[{style}]{r.verdict or 'ok'}[/]"
            if r.reading:
                status += f" [yellow]({', '.join(r.reading)})[/]"
        else:
            status = f"[red]{r.status}[/]"
        t.add_row(_escape(r.path), str(r.error), str(r.warning), str(r.info), str(r.flagged),
                  str(r.not_met), str(r.suppressed), status)
    tot = totals(table)
    t.add_row("[bold]total[/]", str(tot["error"]), str(tot["warning"]), str(tot["info"]),
              str(sum(r.flagged for r in table)), str(sum(r.not_met for r in table)),
              str(tot["suppressed"]),
              f"{tot['reviewed']}/{tot['files']} reviewed", end_section=True)
    console.print(t)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
