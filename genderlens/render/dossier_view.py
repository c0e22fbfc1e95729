"""The memo's dossier section as plain values (templates lay it out).

Three things an appraiser looks for, in this order: which documents were read and
what each was taken to be (a wrong role would make every answer wrong, so the reason
is shown); the items answered from them, each with the passage it rests on; and, per
differential provision, whether the reports justify it. Without a dossier the section
says which documents to ask for instead of judging what was not read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from genderlens.model import DOSSIER_NOT_PROVIDED, Finding, Review

_JUSTIFIABLE = ("differential", "exclusion")


def _short(text: str, limit: int = 260) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def _justification_row(f: Finding, s: dict[str, Any], lang: str,
                       numbers: dict[int, int]) -> dict[str, Any]:
    from genderlens.render.common import article_key

    j = f.justification
    found = j is not None and j.found
    loc = (j.location or {}) if j is not None else {}
    return {
        "number": numbers.get(id(f)),
        "locator": f.locator.text or article_key(f, lang),
        "quote": _short(f.quote, 160),
        "found": found,
        "status_label": s["justification_found"] if found else s["justification_not_found"],
        "passage": _short(j.quote or "", 420) if found and j is not None else "",
        "document": Path(j.document).name if found and j is not None and j.document else "",
        "location": str(loc.get("text", "")),
        "matched_by": s["justification_by"].get(str(loc.get("matched_by", "")), ""),
    }


def _reason(reason: str, s: dict[str, Any]) -> str:
    """What gave a role away, in the memo's language."""
    labels = s.get("dossier_reasons", {})
    for key in ("title", "a form or annex, not a dossier document"):
        if reason.startswith(key + ": "):
            return f"{labels.get(key, key)}: {reason[len(key) + 2:]}"
    return str(labels.get(reason, reason))


def dossier_context(review: Review, s: dict[str, Any], lang: str,
                    numbers: dict[int, int] | None = None) -> dict[str, Any]:
    """The section's values; ``numbers`` maps findings (by id()) to their memo number."""
    from genderlens.dossier.data import dossier_data

    data = dossier_data()
    numbers = numbers or {}
    items = [i for i in review.items if i.dossier]
    reasons = s.get("reason_labels", {})
    out_items = [{
        "id": f"{i.checklist}.{i.item}",
        "item": i.item,
        "title": i.title or i.item,
        "status": i.status,
        "status_label": s["statuses"].get(i.status, i.status),
        "reason": reasons.get(i.reason, i.reason),
        "sources": [{"what": e.what, "quote": _short(e.quote), "document": Path(e.document).name,
                     "location": str(e.location.get("text", ""))} for e in i.sources],
    } for i in items]
    dossier = review.dossier
    if dossier is None:
        answering: dict[str, list[str]] = {}
        for i in items:
            spec = data.items.get(i.item)
            if spec is None or i.reason != DOSSIER_NOT_PROVIDED:
                continue
            for role in spec.roles:
                answering.setdefault(role, []).append(i.item.split("-", 2)[0].upper() + "-"
                                                      + i.item.split("-", 2)[1])
        ask = [{"role": r, "label": data.name(r, lang),
                "answers": ", ".join(dict.fromkeys(answering.get(r, ())))}
               for r in data.ask_for if answering.get(r)]
        return {"provided": False, "ask_for": ask, "answered": out_items, "documents": [],
                "justifications": [], "cited_missing": [], "has_unknown": False,
                "show": bool(ask)}
    docs = [{"path": d.path, "name": Path(d.path).name, "role": d.role,
             "role_label": data.name(d.role, lang), "reason": _reason(d.reason, s),
             "error": d.error, "title": d.title} for d in dossier.documents]
    rows = [_justification_row(f, s, lang, numbers) for f in review.findings
            if f.category in _JUSTIFIABLE and f.document is None and f.severity >= 2]
    return {
        "provided": True,
        "ask_for": [],
        "documents": docs,
        "has_unknown": any(d["role"] == "unknown" for d in docs),
        "answered": out_items,
        "justifications": rows,
        "cited_missing": [{"document": Path(d).name, "citation": c, "quote": _short(q, 160)}
                          for d, c, q in dossier.cited_missing],
        "show": True,
    }
