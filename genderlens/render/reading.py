"""How the draft was read, for every output: coverage and reading warnings.

A reviewer who sees "0 errors" must be able to tell whether the draft was read: the
share of its text the checks ran over, what was left out and why, which instruments
the file holds, and the warnings (no text, no provisions, low coverage). JSON, the
console and the memos all take these values from here so they say the same thing.
"""

from __future__ import annotations

from typing import Any

from genderlens.model import Coverage, Review


def coverage_dict(cov: Coverage | None) -> dict[str, Any] | None:
    """The JSON ``coverage`` object."""
    if cov is None:
        return None
    return {
        "characters": cov.total,
        "read": cov.read,
        "share": round(cov.share, 4),
        "body_share": round(cov.body_share, 4),
        "left_out": dict(sorted(cov.left_out.items())),
        "left_out_spans": [
            {
                "reason": s.reason,
                "where": s.where,
                "paragraphs": [s.first_paragraph, s.last_paragraph],
                "line": s.line,
                "characters": s.chars,
            }
            for s in cov.spans
        ],
        "instruments": list(cov.instruments),
        "articles": cov.articles,
        "paragraph_units": cov.paragraph_units,
    }


def warnings_list(review: Review) -> list[dict[str, str]]:
    """The JSON ``warnings``: how the draft was read, then what the reader noticed."""
    out = [{"code": w.code, "message": w.message} for w in review.warnings]
    out.extend({"code": "reader", "message": w} for w in review.document.warnings)
    return out


def _fmt(template: str, **values: Any) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def _pct(x: float) -> str:
    return f"{100 * x:.1f}".rstrip("0").rstrip(".") if x < 1 else "100"


def reading_context(review: Review, s: dict[str, Any]) -> dict[str, Any]:
    """The memo's ``reading`` values, worded in the memo language ``s``."""
    cov = review.document.coverage
    reasons = s.get("left_out_reasons", {})
    wording = s.get("warning_codes", {})
    warnings = [
        _fmt(wording.get(w.code, w.message), **w.values) for w in review.warnings
    ]
    if cov is None:
        return {"coverage": "", "left_out": "", "instruments": "", "warnings": warnings}
    left = ", ".join(
        f"{reasons.get(k, k)} ({_pct(v / cov.total) if cov.total else '0'}%)"
        for k, v in sorted(cov.left_out.items(), key=lambda kv: -kv[1])
        if v
    )
    return {
        "coverage": _fmt(
            s.get("coverage_sentence", "{read_pct}%"),
            read_pct=_pct(cov.share),
            body_pct=_pct(cov.body_share),
            read=f"{cov.read:,}",
            total=f"{cov.total:,}",
        ),
        "left_out": _fmt(s.get("coverage_left_out", "{items}"), items=left) if left else "",
        "instruments": _fmt(
            s.get("coverage_instruments", "{names}"),
            n=len(cov.instruments) + 1,
            names=", ".join(cov.instruments),
        )
        if cov.instruments
        else "",
        "warnings": warnings,
    }
