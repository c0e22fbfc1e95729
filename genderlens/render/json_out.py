"""JSON output: the stable wire format for programs (``--format json``).

Programs downstream (dashboards, baselines, the drafting agency's tracker) depend on
these names, so they only change with ``schema_version``. Keys may be *added* within a
version; the ones listed here are never renamed or removed. Text is UTF-8, not
ASCII-escaped (Vietnamese stays readable).

Schema, version 1::

    {
      "schema_version": 1,
      "tool": {"name": "genderlens", "version": "0.1.0"},
      "files": [
        {
          "path": "drafts/luat.docx",          # as given on the command line
          "language": "vi" | "en" | null,      # null when the file could not be read
          "format": "docx" | "txt" | "md",     # extra
          "title": "LUẬT ...",                 # extra, may be null
          "tracked_changes": false,            # extra: reviewed as if accepted
          "error": null | "one-line message",  # set when the file could not be read
          "verdict": "pass" | "pass-with-conditions" | "revise",  # null if unreadable
          "verdict_reason": "regressive" | "errors" | "justified" | "warnings" |
                            "clean",           # extra: the row of templates/rating.yaml
          "rating": {                          # Gender Legislative Index, first reading
            "key": "gender-regressive" | "gender-blind" | "gender-neutral" |
                   "gender-responsive",
            "findings": ["3f2a9c0e1b7d4a65"]   # ids of the findings that decided it
          },
          "summary": {"error": 0, "warning": 3, "info": 1, "total": 4,
                      "items": {"met": 5, "flagged": 2, ...}},        # extra
          "coverage": {                        # extra: how much the checks read
            "characters": 30698, "read": 30270,
            "share": 0.986,                    # read / characters
            "body_share": 1.0,                 # read / text outside the left-out parts
            "left_out": {"header": 280, "signature": 148},   # characters per reason:
                    # header | signature | notes | table-of-contents | metadata
            "left_out_spans": [{"reason": "signature", "where": "Phần ký ban hành",
                                "paragraphs": [410, 414], "line": 415,
                                "characters": 148}],
            "instruments": ["Quy chế"],        # further instruments, by name
            "articles": 42, "paragraph_units": 0
          },
          "warnings": [                        # extra: how the draft was read
            {"code": "no-text" | "no-provisions" | "low-coverage" | "reader",
             "message": "..."}
          ],
          "findings": [
            {
              "id": "3f2a9c0e1b7d4a65",        # Finding.fingerprint: rule + locator +
                                               # normalised quote; stable across runs
              "checklist": "vn-lge-appraisal",
              "item": "gm-09-differential-thresholds",
              "rule": "vn-lge-appraisal.gm-09-differential-thresholds",  # SARIF ruleId
              "category": "language" | "differential" | "protective" |
                          "special-measure" | "exclusion" | "stereotype" |
                          "omission" | "equality" | "info" |
                          "dossier-consistency",
              "severity": "error" | "warning" | "info",
              "location": {
                "text": "Điều 169 khoản 2 điểm a",   # citation as a lawyer writes it
                "part": null, "chapter": "XII", "section": null,
                "article": "169", "clause": "2", "point": "a", "subpoint": null,
                "line": 12 | null,             # 1-based; null for .docx and omissions
                "column": 5 | null,            # extra, 1-based
                "quoted_in": "Điều 2",         # extra, only for text quoted by an
                                               # amending law
                "instrument": "Quy chế"        # extra, only when the unit is not in
              },                               # the file's main instrument
              "quote": "nam đủ 62 tuổi",       # "" for omissions (nothing to quote)
              "message": "...",
              "suggestion": "...",             # "" when there is none
              "basis": "LGE 2006 Art. 6; ...",
              "justification": null | {        # only for differential/exclusion findings;
                "status": "found" | "not-found",  # null: no dossier was read (counted
                "document": "bao-cao.docx" | null,   # as unjustified by the verdict)
                "quote": "..." | null,
                "location": {"text": "mục “3. Giải trình…” (đoạn 12)", "paragraph": 11,
                             "line": null, "role": "gender_report",
                             "matched_by": "citation" | "quote" | "topic"} | null
              },
              "document": null | "bao-cao.docx"   # the dossier document a finding is in
                                  # (category "dossier-consistency"); null: the draft
            }
          ],
          "items": [
            {
              "checklist": "vn-lge-appraisal",
              "item": "gm-01-gender-issue-identified",
              "status": "met" | "not-met" | "flagged" | "needs-review" |
                        "not-applicable",
              "evidence": ["3f2a9c0e1b7d4a65"],  # ids of the findings behind it
              "title": "...",                  # extra
              "question": "...",               # extra: what a human should answer
              # dossier items (GM-01..GM-08) only:
              "dossier_item": true,
              "reason": "dossier not provided" | "what is missing" | null,
              "sources": [{"document": "bao-cao.docx", "role": "gender_report",
                           "quote": "...", "what": "figures by sex",
                           "location": {"text": "...", "paragraph": 7, "line": null}}]
            }
          ],
          "dossier": null | {                  # null: the draft was reviewed alone
            "documents": [{"path": "ho-so/du-thao.docx",
                           "role": "draft" | "submission" | "gender_report" |
                                   "impact_assessment" | "consultation" | "unknown",
                           "title": "...", "language": "vi",
                           "recognised_by": "title: báo cáo lồng ghép…" | "configuration",
                           "error": null | "one-line message"}],
            "cited_missing": [{"document", "citation": "Điều 8", "quote"}]
          }
        }
      ]
    }

An unreadable file in a batch is one entry ``{"path", "error": "message",
"findings": [], "items": []}`` (plus ``language``/``summary``/``verdict``/``rating`` set
to null), so the other files are still reported. ``verdict`` and ``rating`` are the
memo's, decided by the table in ``templates/rating.yaml`` (see the README).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from genderlens.model import Dossier, Evidence, Finding, ItemResult, Justification, Review
from genderlens.render import Entry, Reviews, entries
from genderlens.render.common import Chunks, LazyRows, location, summary
from genderlens.render.reading import coverage_dict, warnings_list
from genderlens.render.verdict import judge

_JUSTIFIABLE = frozenset({"differential", "exclusion"})


def justification_dict(j: Justification | None) -> dict[str, Any] | None:
    if j is None:
        return None
    return {"status": j.status, "document": j.document, "quote": j.quote,
            "location": dict(j.location) if j.location is not None else None}

SCHEMA_VERSION = 1


def finding_dict(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": finding.fingerprint,
        "checklist": finding.checklist,
        "item": finding.item,
        "rule": finding.rule,
        "category": finding.category,
        "severity": finding.severity.name,
        "location": location(finding),
        "quote": finding.quote,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "basis": finding.basis,
        "shape": finding.shape or None,
        "related": list(finding.related),
        "compared_with": finding.compared_with or None,
        "document": finding.document,
    }
    if finding.category in _JUSTIFIABLE:
        out["justification"] = justification_dict(finding.justification)
    return out


def judgement(review: Review) -> dict[str, Any]:
    """The verdict and the rating of one file, as JSON and SARIF report them."""
    v, r = judge(review)
    return {"verdict": v.key, "verdict_reason": v.reason,
            "rating": {"key": r.key, "findings": [f.fingerprint for f in r.findings]}}


def evidence_dict(e: Evidence) -> dict[str, Any]:
    return {"document": e.document, "role": e.role, "quote": e.quote,
            "location": dict(e.location), "what": e.what}


def item_dict(item: ItemResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "checklist": item.checklist,
        "item": item.item,
        "status": item.status,
        "evidence": list(item.evidence),
        "title": item.title,
        "question": item.question,
    }
    if item.dossier:
        out["dossier_item"] = True
        out["reason"] = item.reason or None
        out["sources"] = [evidence_dict(e) for e in item.sources]
    return out


def dossier_dict(dossier: Dossier | None) -> dict[str, Any] | None:
    if dossier is None:
        return None
    return {
        "documents": [{"path": d.path, "role": d.role, "title": d.title or None,
                       "language": d.language or None, "recognised_by": d.reason or None,
                       "error": d.error or None} for d in dossier.documents],
        "cited_missing": [{"document": doc, "citation": cite, "quote": quote}
                          for doc, cite, quote in dossier.cited_missing],
    }


def _listed(function: Callable[[Any], dict[str, Any]], values: Sequence[Any]) -> Any:
    return [function(v) for v in values]


def file_dict(path: str, review: Review, rows: Callable[..., Any] = _listed) -> dict[str, Any]:
    """One file's entry; ``rows`` makes its findings and items (lists, or rows made as
    they are written)."""
    doc = review.document
    return {
        "path": path,
        "language": doc.language,
        "format": doc.format,
        "title": doc.title,
        "tracked_changes": doc.tracked_changes,
        "error": None,
        **judgement(review),
        "summary": summary(review),
        "coverage": coverage_dict(doc.coverage),
        "warnings": warnings_list(review),
        "findings": rows(finding_dict, review.findings),
        "items": rows(item_dict, review.items),
        "dossier": dossier_dict(review.dossier),
    }


def error_entry(path: str, message: str) -> dict[str, Any]:
    """The entry for a file that could not be read: batch mode reports it in place."""
    return {
        "path": path,
        "language": None,
        "error": message,
        "verdict": None,
        "rating": None,
        "summary": None,
        "findings": [],
        "items": [],
    }


def entry_dict(entry: Entry, rows: Callable[..., Any] = _listed) -> dict[str, Any]:
    path, result = entry
    if isinstance(result, Review):
        return file_dict(path, result, rows)
    return error_entry(path, str(result))


def to_dict(reviews: Reviews, rows: Callable[..., Any] = _listed) -> dict[str, Any]:
    from genderlens import __version__

    batch = entries(reviews)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "genderlens", "version": __version__},
        "files": rows(lambda e: entry_dict(e, rows), batch),
    }


def render_json(
    reviews: Reviews, *, memo_lang: str | None = None, template_dir: str | Path | None = None
) -> str:
    """The whole report as one JSON document (memo options do not apply)."""
    return dumps(to_dict(reviews)) + "\n"


def write_json(
    reviews: Reviews,
    fh: TextIO,
    *,
    memo_lang: str | None = None,
    template_dir: str | Path | None = None,
) -> None:
    """The report of :func:`render_json`, written to ``fh`` as it is made: the whole
    text of a 90 000-finding report (130 MB as a str, 70 MB more as UTF-8) is never in
    memory, nor are its finding dicts."""
    out = Chunks(fh)
    _dump(to_dict(reviews, LazyRows), 0, 4, out.put)
    out.put("\n")
    out.flush()


def dumps(value: Any, depth: int = 0, flat_at: int = 4) -> str:
    """JSON indented by two spaces down to the findings and items, each of which is one
    line (``{"rule": …, "quote": …}``): as readable, one finding per line for grep and
    diff, and written by the C encoder -- ``indent`` makes :mod:`json` encode every
    value in Python, a tenth of the run for a report of a thousand findings. The pieces
    are joined once, at the end: joining per level copied a report of a hundred
    thousand findings three times over."""
    out: list[str] = []
    _dump(value, depth, flat_at, out.append)
    return "".join(out)


def _dump(value: Any, depth: int, flat_at: int, put: Callable[[str], None]) -> None:
    if depth >= flat_at or not isinstance(value, (dict, list)) or not value:
        put(_FLAT(list(value) if isinstance(value, LazyRows) else value))
        return
    pad = "\n" + "  " * (depth + 1)
    sep = "," + pad
    if isinstance(value, dict):
        put("{" + pad)
        for n, (k, v) in enumerate(value.items()):
            put((sep if n else "") + _FLAT(str(k)) + ": ")
            _dump(v, depth + 1, flat_at, put)
        put("\n" + "  " * depth + "}")
        return
    put("[" + pad)
    for n, v in enumerate(value):
        if n:
            put(sep)
        _dump(v, depth + 1, flat_at, put)
    put("\n" + "  " * depth + "]")


_FLAT = json.JSONEncoder(ensure_ascii=False).encode
