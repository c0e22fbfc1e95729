"""Everything a memo template needs, as plain values.

The Markdown, HTML and Word memos (and the terminal view) share this one context so
that they say the same thing in the same order; templates only lay it out. The order is
what a reviewer with ten minutes needs: the verdict and the provisions that decide it,
then the findings by weight (``templates/rating.yaml``), where notes repeated across a
law become one entry per item and repeated warnings share one explanation - grouping
that ``detail="full"`` turns off. Values are plain strings, numbers, lists and dicts
(never model objects), so a user template running in Jinja's sandbox can read them
all and call nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from genderlens.model import DOSSIER_NOT_PROVIDED, Finding, ItemResult, Review, Severity
from genderlens.render.common import article_key, display_path, memo_language, summary
from genderlens.render.dossier_view import dossier_context
from genderlens.render.reading import reading_context
from genderlens.render.strings import strings
from genderlens.render.verdict import Rating, Rules, Verdict, judge, rules

DETAILS = ("summary", "full")
_SUMMARY_PROVISIONS = 12  # decisive provisions quoted per item on the summary page
_SHORT_LIST = 6  # provisions shown before a grouped note's list folds away
_QUOTE_CHARS = 220

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
        "kind": "finding",
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
        "related": list(f.related),  # other items' findings folded into this provision
        # the dossier's answer for a differential provision ("" when no dossier was read)
        "justification_text": (_justification_text(f, s) if f.justification is not None
                               else ""),
    }


def _doc_order(f: Finding) -> tuple[int, int, int]:
    """Whole-draft findings first, then where the quote sits in the document."""
    if f.span is None:
        return (0, 0, 0)
    return (1, f.span.paragraph, f.span.para_start)


def _groups(pairs: list[tuple[Finding, dict[str, Any]]], lang: str) -> list[dict[str, Any]]:
    """Findings grouped by article, in the order given; whole-draft findings first."""
    groups: dict[str, dict[str, Any]] = {}
    for f, row in pairs:
        key = article_key(f, lang)
        if key not in groups:
            groups[key] = {"heading": key, "whole": f.span is None, "findings": []}
        groups[key]["findings"].append(row)
    return sorted(groups.values(), key=lambda g: not g["whole"])


def _short(text: str, limit: int = _QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0] + "…"


def compact_provisions(findings: Iterable[Finding]) -> list[str]:
    """Distinct provisions in document order, one string per article: "Điều 137
    khoản 1 điểm a, khoản 2" rather than the article repeated for every clause."""
    per_article: dict[tuple[str, str], list[str]] = {}
    for f in findings:
        loc = f.locator
        text = loc.text
        if not text:
            continue
        head, rest = text, ""
        if loc.article:
            cut = text.find(loc.article)
            if cut >= 0:
                cut += len(loc.article)
                head, rest = text[:cut], text[cut:].strip()
        key = (head, loc.quoted_in or "")
        parts = per_article.setdefault(key, [])
        if rest not in parts:
            parts.append(rest)
    out = []
    for (head, _), parts in per_article.items():
        named = [p for p in parts if p]
        joined = ", ".join(named)
        sep = "" if joined.startswith("(") else " "  # "s. 21(2)(a), (3)"
        out.append(f"{head}{sep}{joined}" if named else head)
    return out


def _strip_quote(message: str, quote: str) -> str:
    """The message without its term ("“thai sản”: quy định…" -> "quy định…"), so that
    notes on different terms of one item share one explanation."""
    for form in (f"“{quote}”: ", f"\"{quote}\": ", f"'{quote}': ", f"‘{quote}’: "):
        if message.startswith(form):
            rest = message[len(form):]
            return rest[:1].upper() + rest[1:]
    for form in (f" ({quote})", f" (“{quote}”)"):
        if form in message:
            return message.replace(form, "", 1)
    low = quote.casefold()
    for form in (f" ({low})", f" (“{low}”)"):
        i = message.casefold().find(form)
        if i >= 0:
            return message[:i] + message[i + len(form):]
    return message


def _note_group(rule: str, members: list[tuple[Finding, dict[str, Any]]],
                s: dict[str, Any], titles: dict[str, str], number: int) -> dict[str, Any]:
    """One entry for many notes of one item: each term with the provisions it is in."""
    first = members[0][0]
    terms: dict[str, list[Finding]] = {}
    shown: dict[str, str] = {}
    for f, _ in members:
        key = " ".join(f.quote.casefold().split())
        terms.setdefault(key, []).append(f)
        shown.setdefault(key, f.quote)
    messages: dict[str, int] = {}
    for f, _ in members:
        m = _strip_quote(f.message, f.quote)
        messages[m] = messages.get(m, 0) + 1
    message = max(messages, key=lambda m: messages[m])
    rows = []
    for key, fs in sorted(terms.items(), key=lambda kv: -len(kv[1])):
        provisions = compact_provisions(fs)
        # provisions, not hits: a term twice in one clause is one provision
        n = len({f.locator.text or (f.span.paragraph if f.span else id(f)) for f in fs})
        rows.append({
            "term": shown[key],
            "count": len(fs),
            "provisions": n,
            "where": "; ".join(provisions),
            "where_short": "; ".join(provisions[:_SHORT_LIST]),
            "folded": len(provisions) > _SHORT_LIST,
            "line": _fmt(s["notes_term"], term=shown[key], n=n),
        })
    return {
        "kind": "notes",
        "number": number,
        "id": f"n{number}",
        "rule": rule,
        "item_title": titles.get(rule, first.item),
        "category": first.category,
        "severity": first.severity.name,
        "severity_label": s["severities"][first.severity.name],
        "count": len(members),
        "count_text": _fmt(s["notes_count"], n=len(members), terms=len(rows)),
        "message": message,
        "suggestion": first.suggestion,
        "basis": first.basis,
        "terms": rows,
        "numbers": [row["number"] for _, row in members],
    }


def _words(text: str, n: int, end: bool) -> str:
    """The last (``end``) or first ``n`` words of an excerpt, marked where cut."""
    words = text.split()
    if len(words) <= n:
        return text
    return "…" + " ".join(words[-n:]) + " " if end else " " + " ".join(words[:n]) + "…"


def _repeated(rule: str, members: list[tuple[Finding, dict[str, Any]]], s: dict[str, Any],
              titles: dict[str, str], fold_after: int) -> dict[str, Any]:
    """Many warnings of one item in one section: the reason, fix and basis once, and
    every finding still shown, one line each (citation and its words in context)."""
    first_f, first = members[0]
    messages = [row["message"] for _, row in members]
    common = Counter(messages).most_common(1)[0][0]  # ties: the first seen
    shared = all(m == common for m in messages)
    lines = []
    for _, row in members:
        row["before_short"] = _words(row["before"], 10, end=True)
        row["after_short"] = _words(row["after"], 10, end=False)
        row["quote_short"] = _short(row["quote"], 160)
        row["own_message"] = "" if shared else row["message"]
        lines.append(row)
    severity = max(f.severity for f, _ in members)
    suggestions = {row["suggestion"] for _, row in members}
    return {
        "kind": "repeated",
        "number": first["number"],
        "id": f"r{first['number']}",
        "rule": rule,
        "item_title": titles.get(rule, first_f.item),
        "severity": severity.name,
        "severity_label": s["severities"][severity.name],
        "count": len(members),
        "count_text": _fmt(s["repeated_count"], n=len(members)),
        "message": common if shared else "",
        "suggestion": suggestions.pop() if len(suggestions) == 1 else "",
        "basis": first["basis"],
        "findings": lines,
        "shown": lines[:fold_after],
        "folded": lines[fold_after:],
        "folded_text": _fmt(s["repeated_more"], n=len(lines) - fold_after,
                            where="; ".join(compact_provisions(f for f, _ in
                                                               members[fold_after:]))),
    }


def _sections(review: Review, table: Rules, s: dict[str, Any], titles: dict[str, str],
              lang: str, detail: str,
              ) -> tuple[list[dict[str, Any]], list[tuple[Finding, dict[str, Any]]]]:
    """The findings section by section, heaviest first, each by article; notes of one
    item grouped (unless ``detail`` is "full"). Returns the sections and the findings
    in the memo's order (numbers follow that order)."""
    order = [sec.key for sec in table.sections]
    if "other" not in order:
        order.insert(len(order) - 1 if "notes" in order else len(order), "other")
    by_section: dict[str, list[Finding]] = {k: [] for k in order}
    for f in review.findings:
        by_section[table.section_of(f)].append(f)
    sections: list[dict[str, Any]] = []
    ordered: list[tuple[Finding, dict[str, Any]]] = []
    number = 0
    for key in order:
        found = sorted(by_section[key], key=_doc_order)
        if not found:
            continue
        per_rule: dict[str, list[Finding]] = {}
        for f in found:
            per_rule.setdefault(f.rule, []).append(f)
        notes_rules = {
            rule for rule, fs in per_rule.items()
            if detail != "full" and len(fs) >= table.group_notes_from
            and all(f.severity == Severity.info for f in fs)
        }
        repeated_rules = {
            rule for rule, fs in per_rule.items()
            if detail != "full" and rule not in notes_rules and table.groups(key)
            and len(fs) >= table.group_repeated_from
        }
        note_groups: list[dict[str, Any]] = []
        repeated: list[dict[str, Any]] = []
        singles: list[tuple[Finding, dict[str, Any]]] = []
        for rule in (r for r in per_rule if r in notes_rules | repeated_rules):
            members = []
            for f in per_rule[rule]:
                number += 1
                members.append((f, _finding(review, f, number, s, titles)))
            ordered.extend(members)
            if rule in notes_rules:
                note_groups.append(_note_group(rule, members, s, titles,
                                               members[0][1]["number"]))
            else:
                repeated.append(_repeated(rule, members, s, titles,
                                          table.fold_repeated_after))
        for f in found:
            if f.rule in notes_rules or f.rule in repeated_rules:
                continue
            number += 1
            singles.append((f, _finding(review, f, number, s, titles)))
        ordered.extend(singles)
        sections.append({
            "key": key,
            "heading": s["sections"].get(key, key),
            "intro": s["section_intros"].get(key, ""),
            "count": len(found),
            "note_groups": note_groups,
            "repeated": repeated,
            "groups": _groups(singles, lang),
        })
    return sections, ordered


def _justification_text(f: Finding, s: dict[str, Any]) -> str:
    j = f.justification
    if j is None:
        return s["no_justification"]
    if not j.found:  # a dossier was read and says nothing about this provision
        return str(s.get("justification_not_found") or s["no_justification"])
    where = ", ".join(x for x in (j.document or "", (j.location or {}).get("text", "")) if x)
    return f"“{j.quote or ''}”" + (f" ({where})" if where else "")


def _provision(review: Review, f: Finding, row: dict[str, Any] | None,
               s: dict[str, Any]) -> dict[str, Any]:
    j = f.justification
    return {
        "justification_text": _justification_text(f, s),
        "number": row["number"] if row else None,
        "locator": f.locator.text or article_key(f, "vi" if review.document.language == "vi"
                                                 else "en"),
        "quote": _short(f.quote),
        "suggestion": f.suggestion,
        "justification": None if j is None else {
            "status": j.status, "document": j.document or "", "quote": j.quote or "",
            "location": (j.location or {}).get("text", ""),
        },
    }


def _by_rule(review: Review, findings: list[Finding], rows: dict[int, dict[str, Any]],
             s: dict[str, Any], titles: dict[str, str], quotes: bool) -> list[dict[str, Any]]:
    """Findings as one entry per checklist item: title, fix, and the provisions (with
    their quoted words when ``quotes``)."""
    recs: dict[str, dict[str, Any]] = {}
    for f in findings:
        rec = recs.get(f.rule)
        if rec is None:
            rec = recs[f.rule] = {"rule": f.rule, "title": titles.get(f.rule, f.item),
                                  "severity": f.severity, "message": f.message,
                                  "findings": []}
        rec["severity"] = max(rec["severity"], f.severity)
        rec["findings"].append(f)
    out = []
    for rec in recs.values():
        fs: list[Finding] = rec.pop("findings")
        provisions = [_provision(review, f, rows.get(id(f)), s) for f in fs]
        fixes = {p["suggestion"] for p in provisions if p["suggestion"]}
        if len({f.message for f in fs}) > 1:  # one per term: none speaks for all
            rec["message"] = ""
        sev: Severity = rec["severity"]
        where = compact_provisions(fs)
        shown = "; ".join(where[:8])
        if len(where) > 8:
            shown += " " + _fmt(s["more"], n=len(where) - 8)
        rec.update({
            "severity": sev.name,
            "severity_label": s["severities"][sev.name],
            "count": len(fs),
            "suggestion": fixes.pop() if len(fixes) == 1 else "",
            "provisions": provisions[:_SUMMARY_PROVISIONS] if quotes else [],
            "more": max(0, len(provisions) - _SUMMARY_PROVISIONS) if quotes else 0,
            "more_text": _fmt(s["more"], n=max(0, len(provisions) - _SUMMARY_PROVISIONS)),
            "where_text": shown,
            "numbers": [rows[id(f)]["number"] for f in fs if id(f) in rows],
            "message_only": False,
            "justified": sum(1 for f in fs if f.justified),
        })
        out.append(rec)
    return out


def _verdict(review: Review, v: Verdict, counts: dict[str, int], s: dict[str, Any],
             titles: dict[str, str], rows: dict[int, dict[str, Any]],
             table: Rules) -> dict[str, Any]:
    """The verdict with the provisions that decide it and, in one line per item, the
    other warnings still to resolve."""
    # Provisions that decide by their substance are quoted one by one; when warnings
    # alone decide (pass with conditions), they are the conditions, one line per item.
    quotes = v.reason in ("regressive", "errors", "justified")
    deciding = v.findings if quotes else []
    decisive = _by_rule(review, deciding, rows, s, titles, quotes)
    decided = {id(f) for f in deciding}
    sec_rank = {sec.key: i for i, sec in enumerate(table.sections)}
    rest = [f for f in review.findings
            if id(f) not in decided and f.severity >= Severity.warning]
    rest.sort(key=lambda f: sec_rank.get(table.section_of(f), len(sec_rank)))
    # The dossier questions are the least certain: one line for all of them.
    dossier = [f for f in rest if table.section_of(f) == "dossier"]
    also = _by_rule(review, [f for f in rest if table.section_of(f) != "dossier"], rows, s,
                    titles, quotes=False)
    if dossier:
        names = list(dict.fromkeys(titles.get(f.rule, f.item) for f in dossier))
        also.append({
            "rule": "", "title": s["sections"].get("dossier", "dossier"),
            "severity": max(f.severity for f in dossier).name,
            "severity_label": s["severities"][max(f.severity for f in dossier).name],
            "count": len(dossier), "where_text": "", "suggestion": "",
            "message": "; ".join(names) + f" ({s['see_below']}).", "provisions": [],
            "more": 0, "more_text": "", "message_only": True,
            "numbers": [rows[id(f)]["number"] for f in dossier if id(f) in rows],
        })
    n = len(v.findings)
    return {
        "key": v.key,
        "reason": v.reason,
        "label": s["verdicts"][v.key],
        "explanation": _fmt(s["verdict_reasons"].get(v.reason, ""), n=n, **counts),
        "decisive": decisive,
        "also": also,
        "also_heading": s["also_resolve"] if quotes else s["conditions"],
    }


def _recommendations(findings: list[Finding], numbered: list[dict[str, Any]],
                     s: dict[str, Any], titles: dict[str, str]) -> list[dict[str, Any]]:
    """One recommendation per checklist item, the most severe first, then the most
    frequent: what to fix first, with where."""
    recs: dict[str, dict[str, Any]] = {}
    # the places already listed per rule: a list lookup per finding was quadratic in a
    # draft of 17 000 findings (a second of a memo's four)
    listed: dict[str, set[str]] = {}
    for f, row in zip(findings, numbered, strict=True):
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
        places = listed.setdefault(f.rule, set())
        if f.locator.text and f.locator.text not in places:
            places.add(f.locator.text)
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
        "reason": s.get("reason_labels", {}).get(item.reason, item.reason)
        if item.reason == DOSSIER_NOT_PROVIDED else "",
        "question": item.question,
        "basis": item.basis,
        "findings": count,
    }


def _rating(review: Review, r: Rating, s: dict[str, Any], lang: str,
            rows: dict[int, dict[str, Any]]) -> dict[str, Any]:
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
        "justified_note": s["rating_justified_note"] if r.justified else "",
        "reasons": reasons,
        "justified": [_provision(review, f, rows.get(id(f)), s) for f in r.justified],
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
    detail: str = "summary",
) -> dict[str, Any]:
    """The whole memo as data (see the module docstring). ``agency_names`` come from
    the configuration (drafting_agency, appraisal_agency, gender_equality_agency,
    womens_union, or any name a custom template wants) and reach templates as
    ``agencies``. ``detail`` "full" gives every finding its own block (no grouped
    notes)."""
    from genderlens import __version__

    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}, not {detail!r}")
    lang = memo_language(review, memo_lang)
    s = strings(lang, template_dir)
    table = rules()
    titles = {f"{i.checklist}.{i.item}": i.title or i.item for i in review.items}
    sections, pairs = _sections(review, table, s, titles, lang, detail)
    ordered = [f for f, _ in pairs]
    numbered = [row for _, row in pairs]
    rows = {id(f): row for f, row in pairs}
    per_rule = _counts(review.findings)
    counts = review.counts()
    verdict, rating = judge(review, table)
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
        "detail": detail,
        "verdict": _verdict(review, verdict, counts, s, titles, rows, table),
        "rating": _rating(review, rating, s, lang, rows),
        "items": [_item(i, s, per_rule.get(f"{i.checklist}.{i.item}", 0)) for i in review.items],
        "findings": numbered,
        "sections": sections,
        "groups": _groups(pairs, lang),
        "language_annex": [f for f in numbered if f["category"] == "language"],
        "recommendations": _recommendations(ordered, numbered, s, titles),
        "questions": [_item(i, s, 0) for i in review.items if i.status == "needs-review"],
        "dossier": dossier_context(review, s, lang,
                                   {k: int(v["number"]) for k, v in rows.items()
                                    if v.get("number") is not None}),
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
