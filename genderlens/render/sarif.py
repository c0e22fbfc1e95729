"""SARIF 2.1.0, so drafts kept in a repository get findings in code-scanning views.

One run for the whole batch. Rules are the checklist items (``ruleId`` = Finding.rule,
the stable "checklist.item" id) with the reviewer's question as full description.
Legal citations have no line numbers in Word files, so every result carries a
*logical* location (the locator, e.g. "Điều 169 khoản 2 điểm a", kind "point"); text
and Markdown drafts also get a physical region (line, columns in code points, snippet).
Omissions have nothing to point at and are located at the file only. Unreadable files
become tool execution notifications rather than results. The memo's verdict and
Gender Legislative Index rating of each file ride in the run's property bag:
``properties.verdicts = [{"artifactIndex", "path", "verdict", "verdictReason",
"rating": {"key", "findings": [fingerprints]}}]``; a result's ``properties`` carry the
dossier ``justification`` of differential and exclusion findings (null: none read).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from genderlens.model import Finding, ItemResult, Review, Severity
from genderlens.render import Reviews, entries
from genderlens.render.common import Chunks, LazyRows, deepest_kind, display_path
from genderlens.render.json_out import judgement, justification_dict

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "genderlens/v1"
INFO_URI = "https://github.com/genderlens/genderlens"

_LEVELS = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}


def _artifact(path: str) -> dict[str, Any]:
    shown = display_path(path)
    if Path(shown).is_absolute():
        return {"uri": Path(shown).as_uri()}
    return {"uri": shown, "uriBaseId": "%SRCROOT%"}


class _Rules:
    """Rules collected from item results and findings, in first-seen order."""

    def __init__(self) -> None:
        self.rules: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}

    def add_item(self, item: ItemResult) -> None:
        rid = f"{item.checklist}.{item.item}"
        if rid in self.index:
            return
        self.index[rid] = len(self.rules)
        help_text = item.question or item.title or rid
        if item.basis:
            help_text += f"\nBasis: {item.basis}"
        rule: dict[str, Any] = {
            "id": rid,
            "name": item.item,
            "shortDescription": {"text": item.title or item.item},
            "fullDescription": {"text": item.question or item.title or item.item},
            "help": {"text": help_text},
            "properties": {"tags": ["gender", item.checklist], "checklist": item.checklist},
        }
        self.rules.append(rule)

    def add_finding(self, f: Finding) -> int:
        if f.rule not in self.index:
            self.add_item(ItemResult(f.checklist, f.item, "flagged", basis=f.basis))
        rule = self.rules[self.index[f.rule]]
        props = rule["properties"]
        props.setdefault("category", f.category)
        if f.category not in props["tags"]:
            props["tags"].append(f.category)
        return self.index[f.rule]


def _region(review: Review, f: Finding) -> dict[str, Any] | None:
    span = f.span
    if span is None or span.line is None or span.source_start is None:
        return None
    para = review.document.paragraphs[span.paragraph]
    end = span.source_end if span.source_end is not None else span.source_start
    snippet = para.raw[span.source_start:end]
    line = span.line  # the quote's own line and column, in a paragraph of several lines too
    col = span.column or 1
    region: dict[str, Any] = {"startLine": line, "startColumn": col}
    if span.end_line is not None and span.end_column is not None:
        region["endLine"] = span.end_line  # a quote across a wrapped line end
        region["endColumn"] = span.end_column
    elif "\n" not in snippet:
        region["endColumn"] = col + max(len(snippet), 1)
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _location(review: Review, f: Finding, artifact: dict[str, Any]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if f.document is not None:  # a statement of a dossier document, located in it
        return {"physicalLocation": physical,
                "logicalLocations": [{"fullyQualifiedName": f.locator.text, "kind": "element"}]}
    if f.span is None:
        return {"physicalLocation": physical}
    region = _region(review, f)
    if region is not None:
        physical["region"] = region
    logical: dict[str, Any] = {
        "fullyQualifiedName": f.locator.text or f.unit_id or "document",
        "kind": deepest_kind(f),
    }
    if f.unit_id:
        logical["decoratedName"] = f.unit_id
    return {"physicalLocation": physical, "logicalLocations": [logical]}


def _evidence_location(document: str | None, location: dict[str, Any] | None, quote: str,
                       artifacts: dict[str, dict[str, Any]], rid: int = 0) -> dict[str, Any]:
    """A passage of a dossier document as a SARIF location (line when the format has
    lines, the heading or paragraph as a logical location always)."""
    loc = location or {}
    physical: dict[str, Any] = {"artifactLocation": artifacts.get(document or "", {})}
    if loc.get("line"):
        physical["region"] = {"startLine": int(loc["line"]), "snippet": {"text": quote}}
    out: dict[str, Any] = {"id": rid, "physicalLocation": physical,
                           "message": {"text": quote}}
    if loc.get("text"):
        out["logicalLocations"] = [{"fullyQualifiedName": str(loc["text"]), "kind": "element"}]
    return out


def _result(review: Review, f: Finding, rule_index: int, artifact: dict[str, Any],
            dossier_artifacts: dict[str, dict[str, Any]] | None = None) -> dict:
    text = f.message
    if f.suggestion:
        text += f" Suggestion: {f.suggestion}"
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[f.severity],
        "message": {"text": text},
        "locations": [_location(review, f, artifact)],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {
            "category": f.category,
            "checklist": f.checklist,
            "quote": f.quote,
            "suggestion": f.suggestion,
            "basis": f.basis,
        },
    }
    if f.category in ("differential", "exclusion"):
        result["properties"]["justification"] = justification_dict(f.justification)
        j = f.justification
        if j is not None and j.found and dossier_artifacts:
            result["relatedLocations"] = [_evidence_location(
                j.document, j.location, j.quote or "", dossier_artifacts)]
    if f.document is not None:
        result["properties"]["document"] = f.document
    return result


def _dossier_artifacts(review: Review, artifacts: list[dict[str, Any]],
                       dossiers: list[dict[str, Any]], draft_index: int) -> dict[str, dict]:
    """Add the dossier's documents as artifacts (role in ``properties.dossierRole``)
    and its answered items, with their evidence locations, to ``dossiers``."""
    if review.dossier is None:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for d in review.dossier.documents:
        if d.role == "draft":
            out[d.path] = dict(artifacts[draft_index]["location"], index=draft_index)
            artifacts[draft_index].setdefault("properties", {})["dossierRole"] = "draft"
            continue
        loc = _artifact(d.path)
        artifacts.append({"location": dict(loc), "roles": ["attachment"],
                          "properties": {"dossierRole": d.role, "draftIndex": draft_index}})
        out[d.path] = dict(loc, index=len(artifacts) - 1)
    items = []
    for item in review.items:
        if not item.dossier:
            continue
        items.append({"ruleId": f"{item.checklist}.{item.item}", "status": item.status,
                      "reason": item.reason or None,
                      "evidence": [_evidence_location(e.document, e.location, e.quote, out, k)
                                   for k, e in enumerate(item.sources)]})
    dossiers.append({"artifactIndex": draft_index,
                     "documents": [{"artifactIndex": out[d.path]["index"], "role": d.role}
                                   for d in review.dossier.documents if d.path in out],
                     "items": items})
    return out


def _folder_uri(folder: Path) -> str:
    uri = folder.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def to_sarif(reviews: Reviews, lazy: bool = False) -> dict[str, Any]:
    """The SARIF log; ``lazy``: its results made as they are iterated (for
    :func:`write_sarif`), every rule known beforehand."""
    from genderlens import __version__

    rules = _Rules()
    results: list[dict[str, Any]] = []
    pending: list[tuple[Review, Finding, dict[str, Any], dict[str, dict[str, Any]]]] = []
    artifacts: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    verdicts: list[dict[str, Any]] = []
    dossiers: list[dict[str, Any]] = []
    for path, result in entries(reviews):
        artifact = _artifact(path)
        artifacts.append({"location": dict(artifact)})
        artifact = dict(artifact, index=len(artifacts) - 1)
        if not isinstance(result, Review):
            notes.append({
                "level": "error",
                "message": {"text": str(result)},
                "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
            })
            continue
        notes.extend(
            {
                "level": "warning",
                "message": {"text": w.message},
                "descriptor": {"id": w.code},
                "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
            }
            for w in result.warnings
        )
        j = judgement(result)
        verdicts.append({"artifactIndex": artifact["index"], "path": display_path(path),
                         "verdict": j["verdict"], "verdictReason": j["verdict_reason"],
                         "rating": j["rating"]})
        for item in result.items:
            rules.add_item(item)
        dossier_artifacts = _dossier_artifacts(result, artifacts, dossiers, artifact["index"])
        for f in result.findings:
            where = dossier_artifacts.get(f.document, artifact) if f.document else artifact
            if lazy:
                rules.add_finding(f)
                pending.append((result, f, where, dossier_artifacts))
            else:
                results.append(_result(result, f, rules.add_finding(f), where,
                                       dossier_artifacts))
    if lazy:
        results = LazyRows(
            lambda p: _result(p[0], p[1], rules.add_finding(p[1]), p[2], p[3]), pending)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "genderlens",
            "version": __version__,
            "informationUri": INFO_URI,
            "rules": rules.rules,
        }},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": _folder_uri(Path.cwd())}},
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"verdicts": verdicts, "dossiers": dossiers},
        "invocations": [{
            "executionSuccessful": not any(n["level"] == "error" for n in notes),
            "toolExecutionNotifications": notes,
        }],
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(
    reviews: Reviews, *, memo_lang: str | None = None, template_dir: str | Path | None = None
) -> str:
    return json.dumps(to_sarif(reviews), ensure_ascii=False, indent=2) + "\n"


def write_sarif(
    reviews: Reviews,
    fh: TextIO,
    *,
    memo_lang: str | None = None,
    template_dir: str | Path | None = None,
) -> None:
    """:func:`render_sarif`'s text written as it is made: a 4 MB table's log is 250 MB
    of text, never held whole (nor are its result dicts)."""
    out = Chunks(fh, 8192)
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(to_sarif(reviews, True)):
        out.put(chunk)
    out.put("\n")
    out.flush()
