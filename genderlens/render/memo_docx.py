"""The review memo as a Word document, from the Word template ``templates/memo.docx``.

Appraisal reports circulate as Word files on the organisation's letterhead, so the
layout lives in a .docx an organisation can restyle in Word (docxtpl tags in the
text; see ``templates/build_memo_docx.py``). The content is the same context as the
HTML memo, plus rich-text values for what Word must show styled: the highlighted
quote, coloured statuses and severities. Document text is escaped (autoescape on).
A ``memo.docx`` in ``--template-dir`` replaces the built-in one and renders in
Jinja's sandbox.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from genderlens.errors import ConfigError, UsageError
from genderlens.model import Review
from genderlens.render import Reviews, entries
from genderlens.render.context import memo_context
from genderlens.resources import templates_dir

DOCX_TEMPLATE = "memo.docx"

# docxtpl writes "highlight" as cell-style shading (w:shd), which takes hex colours only.
_MARK = "FFF1A8"
_INSERTED = "DAFBE1"
_STATUS_COLOURS = {
    "met": "116329", "not-met": "A40E26", "flagged": "7D4E00", "needs-review": "0550AE",
    "not-applicable": "57606A",
}  # fmt: skip
_SEVERITY_COLOURS = {"error": "CF222E", "warning": "9A6700", "info": "0969DA"}
_RATING_COLOURS = {
    "gender-regressive": "CF222E", "gender-blind": "57606A", "gender-neutral": "0969DA",
    "gender-responsive": "1A7F37",
}  # fmt: skip


def template_path(template_dir: str | Path | None = None) -> Path:
    if template_dir is not None:
        user = Path(template_dir) / DOCX_TEMPLATE
        if user.is_file():
            return user
    return templates_dir() / DOCX_TEMPLATE


def _rich(ctx: dict[str, Any]) -> None:
    """Add the docxtpl RichText values the Word template shows with formatting."""
    from docxtpl import RichText

    rating = ctx["rating"]
    ctx["rating_rt"] = RichText(rating["label"], bold=True,
                                color=_RATING_COLOURS.get(rating["key"]))
    for item in ctx["items"]:
        label = item["status_label"] + (f" ({item['reason']})" if item.get("reason") else "")
        item["status_rt"] = RichText(label, bold=True,
                                     color=_STATUS_COLOURS.get(item["status"]))
    for item in ctx["dossier"]["answered"]:
        item["status_rt"] = RichText(f"[{item['status_label']}]", bold=True,
                                     color=_STATUS_COLOURS.get(item["status"]))
    for row in ctx["dossier"]["justifications"]:
        row["status_rt"] = RichText(row["status_label"], bold=True,
                                    color=_STATUS_COLOURS["met" if row["found"] else "not-met"])
    for sec in ctx["sections"]:
        for g in sec["repeated"]:
            for f in g["findings"]:
                short = RichText(f["before_short"])
                short.add(f["quote_short"], highlight=_MARK, bold=True)
                short.add(f["after_short"])
                if f["own_message"]:
                    short.add(f" ({f['own_message']})", italic=True)
                f["short_rt"] = short
    for entry in (*ctx["verdict"]["decisive"], *ctx["verdict"]["also"],
                  *(g for sec in ctx["sections"] for g in (*sec["note_groups"],
                                                           *sec["repeated"]))):
        entry["severity_rt"] = RichText(f"[{entry['severity_label']}]", bold=True,
                                        color=_SEVERITY_COLOURS.get(entry["severity"]))
    for f in ctx["findings"]:
        f["severity_rt"] = RichText(f"[{f['severity_label']}]", bold=True,
                                    color=_SEVERITY_COLOURS.get(f["severity"]))
        quote = RichText(f["before"])
        quote.add(f["quote"], highlight=_MARK, bold=True)
        quote.add(f["after"])
        f["quote_rt"] = quote
        rewrite = RichText(f["before"])
        if f["rewrite"]:
            rewrite.add(f["rewrite"], highlight=_INSERTED, bold=True)
            rewrite.add(f["after"])
        else:
            rewrite = RichText(f["suggestion"])
        f["rewrite_rt"] = rewrite
    reading = ctx["reading"]
    ctx["reading_text"] = " ".join(
        v for v in (*reading["warnings"], reading["coverage"], reading["left_out"],
                    reading["instruments"]) if v
    )
    ctx["checklists_text"] = ", ".join(
        f"{c['id']} ({ctx['s']['version']} {c['version']})" for c in ctx["method"]["checklists"]
    )


def render_docx(
    batch: Reviews, *, memo_lang: str | None = None, template_dir: str | Path | None = None,
    agency_names: Mapping[str, str] | None = None, detail: str = "summary",
) -> bytes:
    import jinja2
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    reviews = [r for _, r in entries(batch) if isinstance(r, Review)]
    if len(reviews) != 1:
        raise UsageError("the Word memo covers one readable document at a time")
    ctx = memo_context(reviews[0], memo_lang, template_dir, agency_names=agency_names,
                       detail=detail)
    _rich(ctx)
    path = template_path(template_dir)
    user = template_dir is not None and path.parent == Path(template_dir)
    env = SandboxedEnvironment() if user else jinja2.Environment()
    try:
        tpl = DocxTemplate(str(path))
        tpl.render(ctx, jinja_env=env, autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"{path}: template error: {exc.message} (line {exc.lineno})") from None
    except jinja2.TemplateError as exc:
        raise ConfigError(f"{path}: template error: {exc}") from None
    except FileNotFoundError:
        raise ConfigError(f"{path}: Word memo template not found") from None
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
