"""``genderlens diff OLD NEW``: what a new version of a draft fixed and what it broke.

Why not compare fingerprints only: a fingerprint contains the locator, and drafts are
renumbered all the time -- insert an article and every later "Điều N" moves, with all
its findings. Matching is therefore done in two passes:

1. identical fingerprints (rule + locator + normalised quote), as a multiset;
2. for what is left, the same rule and the same normalised quote, paired by how similar
   their context is: the same article heading counts as a full match, otherwise the
   similarity of the unit's own text (numbering stripped) must reach
   :data:`MIN_SIMILARITY`. The best-scoring pairs are taken first.

A pair from the second pass whose locator differs is reported as *moved* (unchanged, at
a new place). Findings about the whole draft (omissions) have no locator and match on
their fingerprint.

Both versions are reviewed with the configuration of the NEW file (command-line flags
override it), so that a changed configuration cannot masquerade as a changed draft.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genderlens.errors import UsageError
from genderlens.model import Finding, Review, Severity, Unit, normalise_quote

SCHEMA_VERSION = 1
MIN_SIMILARITY = 0.6
_MARKER = re.compile(
    r"^\s*(?:(?:Điều|Article|Section|s\.)\s*\d+[a-z]?\.?|\d+[.)]|\(?[a-zđ]\)|\([ivx]+\))\s*",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Match:
    old: Finding
    new: Finding
    moved: bool


@dataclass(slots=True)
class DiffResult:
    new: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    unchanged: list[Match] = field(default_factory=list)
    # Between two versions of a dossier: items whose status changed (id, old, new), and
    # unchanged provisions whose justification in the dossier changed.
    items_changed: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def justification_changed(self) -> list[Match]:
        def status(f: Finding) -> str | None:
            return f.justification.status if f.justification is not None else None

        return [m for m in self.unchanged if status(m.old) != status(m.new)]

    @property
    def moved(self) -> list[Match]:
        return [m for m in self.unchanged if m.moved]

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "resolved": len(self.resolved),
                "unchanged": len(self.unchanged), "moved": len(self.moved)}


class _Context:
    """Per-review lookup: a finding's unit text and its article's heading."""

    def __init__(self, review: Review) -> None:
        self.units: dict[str, Unit] = {}
        self.article: dict[str, Unit] = {}
        for unit in review.document.walk():
            self.units[unit.id] = unit
            if unit.kind == "article":
                for u in unit.walk():
                    self.article.setdefault(u.id, unit)

    def text(self, f: Finding) -> str:
        unit = self.units.get(f.unit_id)
        if unit is None:
            return ""
        lines = unit.text.split("\n")
        return "\n".join(_MARKER.sub("", line, count=1) for line in lines)[:4000]

    def heading(self, f: Finding) -> str:
        art = self.article.get(f.unit_id)
        return normalise_quote(art.heading) if art is not None and art.heading else ""


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < MIN_SIMILARITY or m.quick_ratio() < MIN_SIMILARITY:
        return 0.0
    return m.ratio()


def compare(old: Review, new: Review) -> DiffResult:
    """Match the findings of two reviews of versions of one draft."""
    result = DiffResult()
    by_fp: dict[str, list[Finding]] = defaultdict(list)
    for f in old.findings:
        by_fp[f.fingerprint].append(f)
    left_new: list[Finding] = []
    for f in new.findings:
        bucket = by_fp.get(f.fingerprint)
        if bucket:
            result.unchanged.append(Match(bucket.pop(0), f, moved=False))
        else:
            left_new.append(f)
    left_old = [f for bucket in by_fp.values() for f in bucket]

    oc, nc = _Context(old), _Context(new)
    candidates: list[tuple[float, int, int]] = []
    for j, nf in enumerate(left_new):
        if nf.document is not None and nf.quote:
            # a dossier document's statement: the same words in the same kind of
            # document, wherever its paragraph moved
            key = (nf.rule, normalise_quote(nf.quote))
            candidates += [(1.0, i, j) for i, of in enumerate(left_old)
                           if of.document is not None
                           and (of.rule, normalise_quote(of.quote)) == key]
            continue
        if nf.span is None or not nf.quote:
            continue
        key = (nf.rule, normalise_quote(nf.quote))
        for i, of in enumerate(left_old):
            if of.span is None or (of.rule, normalise_quote(of.quote)) != key:
                continue
            head_o, head_n = oc.heading(of), nc.heading(nf)
            score = 1.0 if head_o and head_o == head_n else 0.0
            score = max(score, _similarity(oc.text(of), nc.text(nf)))
            if score >= MIN_SIMILARITY:
                candidates.append((score, i, j))
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _score, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        of, nf = left_old[i], left_new[j]
        result.unchanged.append(Match(of, nf, moved=of.locator != nf.locator))
    result.new = [f for j, f in enumerate(left_new) if j not in used_new]
    result.resolved = [f for i, f in enumerate(left_old) if i not in used_old]
    order = {id(f): k for k, f in enumerate(new.findings)}
    result.unchanged.sort(key=lambda m: order.get(id(m.new), 0))
    before = {f"{i.checklist}.{i.item}": i.status for i in old.items if i.dossier}
    result.items_changed = [(f"{i.checklist}.{i.item}", before[f"{i.checklist}.{i.item}"],
                             i.status) for i in new.items
                            if i.dossier and f"{i.checklist}.{i.item}" in before
                            and before[f"{i.checklist}.{i.item}"] != i.status]
    return result


# ---------------------------------------------------------------------- rendering


def finding_dict(f: Finding) -> dict[str, Any]:
    loc: dict[str, Any] = {"text": f.locator.text, **f.locator.fields()}
    loc["line"] = f.span.line if f.span is not None else None
    from genderlens.render.json_out import justification_dict

    out = {"id": f.fingerprint, "rule": f.rule, "severity": f.severity.name,
           "category": f.category, "location": loc, "quote": f.quote, "message": f.message,
           "suggestion": f.suggestion, "document": f.document}
    if f.category in ("differential", "exclusion"):
        out["justification"] = justification_dict(f.justification)
    return out


def to_json(d: DiffResult, old_path: str, new_path: str) -> str:
    from genderlens import __version__

    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "genderlens", "version": __version__},
        "old": old_path,
        "new": new_path,
        "counts": d.counts(),
        "new_findings": [finding_dict(f) for f in d.new],
        "resolved": [finding_dict(f) for f in d.resolved],
        "unchanged": [{"old": finding_dict(m.old), "new": finding_dict(m.new), "moved": m.moved}
                      for m in d.unchanged],
        "justification_changed": [
            {"id": m.new.fingerprint, "location": m.new.locator.text,
             "old": m.old.justification.status if m.old.justification else None,
             "new": m.new.justification.status if m.new.justification else None}
            for m in d.justification_changed],
        "items_changed": [{"item": i, "old": o, "new": n} for i, o, n in d.items_changed],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _md_line(f: Finding) -> str:
    quote = f" “{f.quote}”" if f.quote else ""
    where = f.locator.text or "—"
    return f"- **{f.severity.name}** {where}{quote}: {f.message} (`{f.rule}`)"


def to_markdown(d: DiffResult, old_path: str, new_path: str, show_unchanged: bool = False) -> str:
    c = d.counts()
    out = [f"# genderlens diff: {old_path} → {new_path}", "",
           "| new | resolved | unchanged | of which moved |", "|---|---|---|---|",
           f"| {c['new']} | {c['resolved']} | {c['unchanged']} | {c['moved']} |", ""]
    out += ["## New findings", ""] + ([_md_line(f) for f in d.new] or ["None."]) + [""]
    out += ["## Resolved findings", ""] + ([_md_line(f) for f in d.resolved] or ["None."]) + [""]
    if d.moved:
        out += ["## Moved (unchanged, at a new place)", ""]
        for m in d.moved:
            quote = f" “{m.new.quote}”" if m.new.quote else ""
            out.append(f"- {m.old.locator.text} → {m.new.locator.text}{quote} (`{m.new.rule}`)")
        out.append("")
    if d.justification_changed:
        out += ["## Justification in the dossier changed", ""]
        for m in d.justification_changed:
            old = m.old.justification.status if m.old.justification else "no dossier"
            new = m.new.justification.status if m.new.justification else "no dossier"
            out.append(f"- {m.new.locator.text} “{m.new.quote}”: {old} → {new} (`{m.new.rule}`)")
        out.append("")
    if d.items_changed:
        out += ["## Dossier items whose status changed", ""]
        out += [f"- `{i}`: {o} → {n}" for i, o, n in d.items_changed] + [""]
    if show_unchanged and d.unchanged:
        out += ["## Unchanged", ""] + [_md_line(m.new) for m in d.unchanged] + [""]
    return "\n".join(out)


# ------------------------------------------------------------------------ command


def run_diff(
    *,
    old: Path,
    new: Path,
    fmt: str = "md",
    output: Path | None = None,
    checklists: Sequence[str] | None = None,
    language: str | None = None,
    fail_on: str | None = None,
    config: Path | None = None,
    no_config: bool = False,
    show_unchanged: bool = False,
) -> int:
    """Review both versions, compare, print; return the exit code (0, 1, 2 or 3)."""
    from genderlens.commands.runner import Input, Task, display_path, review_task
    from genderlens.project.config import FAIL_ON, ConfigResolver, Overrides, effective

    if fmt not in ("md", "json"):
        raise UsageError(f"diff --format must be md or json, not {fmt!r}")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on must be error, warning, info or never, not {fail_on!r}")
    resolver = ConfigResolver(config, isolated=no_config)
    cfg = resolver.for_path(new).override(Overrides(
        checklists=tuple(checklists) if checklists else None, language=language,
        fail_on=fail_on))
    settings = effective(cfg, new)
    reviews: list[Review] = []
    failed = False
    from genderlens.dossier import dossier_draft

    for i, path in enumerate((old, new)):
        dossier: tuple[str, ...] | None = None
        if path.is_dir():
            pair = dossier_draft(path, settings.dossier_roles)
            if pair is None:
                raise UsageError(f"{path}: a folder to diff must be a dossier (one draft and "
                                 "its reports)")
            path, others = pair[0], pair[1]
            dossier = tuple(str(o) for o in others)
        shown = display_path(path)
        r = review_task(Task(i, Input(path, shown, shown), settings, dossier=dossier))
        if r.review is None:
            sys.stderr.write(f"genderlens: {r.error}\n")
            failed = True
        else:
            reviews.append(r.review)
    if failed:
        return 3
    result = compare(reviews[0], reviews[1])
    old_name, new_name = display_path(old), display_path(new)
    text = (to_json(result, old_name, new_name) if fmt == "json"
            else to_markdown(result, old_name, new_name, show_unchanged))
    if output is None or str(output) == "-":
        sys.stdout.write(text)
    else:
        from genderlens.output import refuse_overwrite_input, write_atomic

        refuse_overwrite_input(output, [old, new])
        write_atomic(output, text)
    threshold = settings.fail_on
    if threshold == "never":
        return 0
    level = Severity[threshold]
    return 1 if any(f.severity >= level for f in result.new) else 0
