"""Everything a memo template needs, as plain values.

The Markdown, HTML and Word memos share this one context so that they say the same
thing; templates only lay it out. Values are plain strings, numbers, lists and dicts
(never model objects), so a user template running in Jinja's sandbox can read them
all and call nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from genderlens.model import Finding, ItemResult, Review, Severity
from genderlens.render.common import article_key, display_path, memo_language, summary
from genderlens.render.reading import reading_context
from genderlens.render.strings import strings
from genderlens.render.verdict import rate, verdict

_CONTEXT_CHARS = 90
_SHORT_SUGGESTION = re.compile(r"^[^.;:“”\"()]{1,60}$")


def _fmt(template: str, **values: Any) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def _excerpt(review: Review, f: Finding) -> tuple[str, str, str]:
    """(before, quote, after) around the quote in its paragraph, trimmed to a few words
    either side so the memo shows the flagged words in their sentence."""
    span = f.span
    if span is None:
        return "", f.quote, ""
    text = review.document.paragraphs[span.paragraph].text
    start, end = span.para_start, span.para_end
    if not (0 <= start <= end <= len(text)) or end == start:
        return "", f.quote, ""
    before = text[max(0, start - _CONTEXT_CHARS):start]
    after = text[end:end + _CONTEXT_CHARS]
    if start > _CONTEXT_CHARS:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if end + _CONTEXT_CHARS < len(text):
        after = after.rsplit(" ", 1)[0] + "…" if " " in after else after + "…"
    return before, text[start:end], after


def _rewrite(quote: str, suggestion: str) -> str | None:
    """The replacement word when the suggestion is a short list of alternatives
    ("chairperson, chair"); None when it is advice rather than a word."""
    if not quote or not _SHORT_SUGGESTION.match(suggestion.strip()):
        return None
    first = re.split(r",|/| or | hoặc ", suggestion.strip(), maxsplit=1)[0].strip()
    if not first or len(first.split()) > 4:
        return None
    if quote[:1].isupper() and not quote.isupper():
        first = first[:1].upper() + first[1:]
    return _inflect_like(quote, first)


def _inflect_like(quote: str, word: str) -> str:
    """Carry an English plural or possessive over to the replacement: lexicons give
    the singular ("workman" -> "worker") but match "workmen" and "workman's" too."""
    low = quote.lower().replace("’", "'")
    plural = low.endswith(("men", "men's", "esses", "esses'", "ices", "ixes"))
    possessive = low.endswith(("'s", "s'"))
    if not word.isascii() or (not plural and not possessive):
        return word
    if plural and not word.endswith("s"):
        word += "es" if word.endswith(("ch", "sh", "x")) else "s"
    if possessive:
        word += "'" if word.endswith("s") else "'s"
    return word


def _finding(review: Review, f: Finding, number: int, s: dict[str, Any],
             titles: dict[str, str]) -> dict[str, Any]:
    before, quote, after = _excerpt(review, f)
    rewrite = _rewrite(quote, f.suggestion) if f.category == "language" else None
    return {
        "number": number,
        "id": f.fingerprint,
        "rule": f.rule,
        "checklist": f.checklist,
        "item": f.item,
        "item_title": titles.get(f.rule, f.item),
        "category": f.category,
        "severity": f.severity.name,
        "severity_label": s["severities"][f.severity.name],
        "locator": f.locator.text,
        "quoted_in": f.locator.quoted_in or "",
        "quote": quote,
        "before": before,
        "after": after,
        "rewrite": rewrite,
        "rewritten": f"{before}{rewrite}{after}" if rewrite else "",
        "message": f.message,
        "suggestion": f.suggestion,
        "basis": f.basis,
        "has_span": f.span is not None,
    }


def _groups(review: Review, numbered: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Findings grouped by article, in document order; whole-draft findings first."""
    groups: dict[str, dict[str, Any]] = {}
    for f, row in zip(review.findings, numbered, strict=True):
        key = article_key(f, lang)
        if key not in groups:
            groups[key] = {"heading": key, "whole": f.span is None, "findings": []}
        groups[key]["findings"].append(row)
    ordered = sorted(groups.values(), key=lambda g: not g["whole"])
    return ordered


def _recommendations(review: Review, numbered: list[dict[str, Any]],
                     s: dict[str, Any], titles: dict[str, str]) -> list[dict[str, Any]]:
    """One recommendation per checklist item, the most severe first, then the most
    frequent: what to fix first, with where."""
    recs: dict[str, dict[str, Any]] = {}
    for f, row in zip(review.findings, numbered, strict=True):
        rec = recs.get(f.rule)
        if rec is None:
            rec = recs[f.rule] = {
                "rule": f.rule, "title": titles.get(f.rule, f.item), "severity": f.severity,
                "suggestion": "", "message": f.message, "count": 0, "where": [],
                "numbers": [],
            }
        rec["severity"] = max(rec["severity"], f.severity)
        rec["count"] += 1
        rec["numbers"].append(row["number"])
        if not rec["suggestion"] and f.suggestion:
            rec["suggestion"] = f.suggestion
        if f.locator.text and f.locator.text not in rec["where"]:
            rec["where"].append(f.locator.text)
    out = sorted(recs.values(), key=lambda r: (-int(r["severity"]), -r["count"]))
    for rec in out:
        sev: Severity = rec["severity"]
        rec["severity"] = sev.name
        rec["severity_label"] = s["severities"][sev.name]
        where = rec["where"]
        shown = ", ".join(where[:6])
        if len(where) > 6:
            shown += " " + _fmt(s["more"], n=len(where) - 6)
        rec["where_text"] = shown
    return out


def _item(item: ItemResult, s: dict[str, Any], count: int) -> dict[str, Any]:
    return {
        "id": f"{item.checklist}.{item.item}",
        "checklist": item.checklist,
        "item": item.item,
        "title": item.title or item.item,
        "status": item.status,
        "status_label": s["statuses"].get(item.status, item.status),
        "question": item.question,
        "basis": item.basis,
        "findings": count,
    }


def _rating(review: Review, s: dict[str, Any], lang: str) -> dict[str, Any]:
    r = rate(review)
    reasons = []
    for f in r.findings[:8]:
        where = f.locator.text or article_key(f, lang)
        quote = f.quote if len(f.quote) <= 160 else f.quote[:159].rsplit(" ", 1)[0] + "…"
        reasons.append(f"{where}: {quote}" if quote else where)
    if len(r.findings) > 8:
        reasons.append(_fmt(s["more"], n=len(r.findings) - 8))
    reasons.extend(f"“{p}”" for p in r.phrases)
    return {
        "key": r.key,
        "label": s["ratings"][r.key],
        "explanation": s["rating_reasons"][r.key],
        "reasons": reasons,
        "note": s["rating_note"],
    }


def _doc_info(review: Review, s: dict[str, Any]) -> dict[str, Any]:
    doc = review.document
    meta = doc.metadata
    return {
        "title": doc.title or meta.get("core.title") or s["untitled"],
        "number": meta.get("number", ""),
        "date": meta.get("date", ""),
        "issuer": meta.get("issuer", ""),
        "path": display_path(doc.path),
        "name": Path(doc.path).name,
        "format": doc.format,
        "language": doc.language,
        "paragraphs": len(doc.paragraphs),
        "articles": len(doc.articles()),
        "tracked_changes": doc.tracked_changes,
        "warnings": list(doc.warnings),
    }


def _doc_rows(doc: dict[str, Any], s: dict[str, Any], tool: dict[str, str],
              review_date: str, agencies: Mapping[str, str]) -> list[dict[str, str]]:
    """The header table as rows, leaving out what the draft does not say."""
    rows = [(s["addressee"], agencies.get("drafting_agency", "")),
            (s["appraiser"], agencies.get("appraisal_agency", "")),
            (s["document"], doc["title"]), (s["number"], doc["number"]),
            (s["date"], doc["date"]), (s["issuer"], doc["issuer"]), (s["file"], doc["path"]),
            (s["reviewed_by"], f"{tool['name']} {tool['version']}"),
            (s["reviewed_on"], review_date)]
    return [{"label": k, "value": v} for k, v in rows if v]


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in findings:
        out[f.rule] = out.get(f.rule, 0) + 1
    return out


def memo_context(
    review: Review,
    memo_lang: str | None = None,
    template_dir: str | Path | None = None,
    now: dt.datetime | None = None,
    agency_names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The whole memo as data (see the module docstring). ``agency_names`` come from
    the configuration (drafting_agency, appraisal_agency, gender_equality_agency,
    womens_union, or any name a custom template wants) and reach templates as
    ``agencies``."""
    from genderlens import __version__

    lang = memo_language(review, memo_lang)
    s = strings(lang, template_dir)
    titles = {f"{i.checklist}.{i.item}": i.title or i.item for i in review.items}
    numbered = [_finding(review, f, n, s, titles) for n, f in enumerate(review.findings, 1)]
    per_rule = _counts(review.findings)
    counts = review.counts()
    key = verdict(review)
    doc = _doc_info(review, s)
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone()
    tool = {"name": "genderlens", "version": review.tool_version or __version__}
    agencies = {str(k): str(v) for k, v in (agency_names or {}).items()}
    return {
        "lang": lang,
        "s": s,
        "doc": doc,
        "tool": tool,
        "agencies": agencies,
        "doc_rows": _doc_rows(doc, s, tool, stamp.strftime("%Y-%m-%d"), agencies),
        "generated": stamp.strftime("%Y-%m-%d %H:%M"),
        "review_date": stamp.strftime("%Y-%m-%d"),
        "counts": counts,
        "counts_text": _fmt(s["counts"], **counts),
        "summary": summary(review),
        "verdict": {
            "key": key,
            "label": s["verdicts"][key],
            "explanation": _fmt(s["verdict_reasons"][key], **counts),
        },
        "rating": _rating(review, s, lang),
        "items": [_item(i, s, per_rule.get(f"{i.checklist}.{i.item}", 0)) for i in review.items],
        "findings": numbered,
        "groups": _groups(review, numbered, lang),
        "language_annex": [f for f in numbered if f["category"] == "language"],
        "recommendations": _recommendations(review, numbered, s, titles),
        "questions": [_item(i, s, 0) for i in review.items if i.status == "needs-review"],
        "reading": reading_context(review, s),
        "method": {
            "read": _fmt(s["method_read"], format=doc["format"], path=doc["path"],
                         paragraphs=doc["paragraphs"], articles=doc["articles"]),
            "tracked": s["tracked_changes"] if doc["tracked_changes"] else s["no_tracked_changes"],
            "checklists": [
                {"id": c.id, "version": c.version, "title": c.title, "basis": c.basis}
                for c in review.checklists
            ],
            "timings": {k: round(v, 3) for k, v in review.timings.items()},
        },
    }
