"""How much of a draft the checks read, and what they left out and why.

A review that says "0 errors" is only worth something if the draft was read: a
regulation attached to a decision, an annex with articles, the second law of a
compilation must not fall silently into a signature block. Coverage counts
characters: every paragraph the reader produced is either read by the checks or left
out for a stated reason (the title block, the signature, notes, a table of
contents, metadata), and the reasons are reported with their places.
"""

from __future__ import annotations

from genderlens.model import (
    UNCHECKED_KINDS,
    Coverage,
    Document,
    LeftOut,
    ReviewWarning,
)
from genderlens.structure.builder import plausible_left_out

# Below this share of the text meant to be checked, the review warns that it did not
# read the draft (the project's rule: ≥ 99 % on every real law of the corpus).
LOW_COVERAGE = 0.99


def measure(doc: Document) -> Coverage:
    """Coverage of ``doc``: linear in the number of paragraphs."""
    paragraphs = doc.paragraphs
    reason_of: list[str | None] = [None] * len(paragraphs)
    kind_of: list[str] = [""] * len(paragraphs)
    where_of: list[str] = [""] * len(paragraphs)
    instruments: list[str] = []
    articles = paragraph_units = 0
    # Depth first in document order, as Document.walk, without a generator per level.
    todo = doc.units[::-1]
    while todo:
        unit = todo.pop()
        if unit.children:
            todo.extend(reversed(unit.children))
        kind = unit.kind
        if kind == "instrument":
            instruments.append(unit.locator.text)
            continue
        if kind == "article" and not unit.quoted:
            articles += 1
        elif kind == "paragraph":
            paragraph_units += 1
        reason = UNCHECKED_KINDS.get(kind, "")
        if not reason:  # read: where and kind only matter for what is left out
            for i in unit.paragraphs:
                reason_of[i] = ""
            continue
        where = unit.locator.text
        for i in unit.paragraphs:
            reason_of[i] = reason
            kind_of[i] = kind
            where_of[i] = where
    total = read = 0
    left_out: dict[str, int] = {}
    spans: list[LeftOut] = []
    span_reason: str | None = None
    span_where, span_first, span_last, span_chars = "", -2, -2, 0
    span_line: int | None = None
    for i, para in enumerate(paragraphs):
        n = len(para.text)
        total += n
        found = reason_of[i]
        if found == "":  # most paragraphs
            read += n
            continue
        if found is None:
            reason = "metadata" if para.kind in ("directive", "metadata") else "not-structured"
            where_of[i] = para.anchor.where or para.kind
        elif found and not plausible_left_out(kind_of[i], para):
            # Prose filed as a signature or title would be text nobody checked: it
            # counts against coverage instead of hiding behind its reason.
            reason = "misfiled-" + found
        else:
            reason = found
        if not reason:
            read += n
            continue
        left_out[reason] = left_out.get(reason, 0) + n
        # The open span grows while the same reason continues on the next paragraph;
        # it becomes a LeftOut when it ends (one value per span, not per paragraph).
        if span_reason == reason and span_last == i - 1:
            span_last = i
            span_chars += n
        else:
            if span_reason is not None:
                spans.append(
                    LeftOut(span_reason, span_where, span_first, span_last, span_chars, span_line)
                )
            span_reason, span_where, span_first, span_last = reason, where_of[i], i, i
            span_chars, span_line = n, para.anchor.line
    if span_reason is not None:
        spans.append(LeftOut(span_reason, span_where, span_first, span_last, span_chars, span_line))
    # Text that no unit holds is a structure bug, not a choice: it counts against
    # coverage (it stays in the body) while being listed with the reason.
    body_left = {
        k: v for k, v in left_out.items() if k != "not-structured" and not k.startswith("misfiled")
    }
    return Coverage(
        total=total,
        read=read,
        left_out=body_left,
        spans=tuple(spans),
        instruments=tuple(instruments),
        articles=articles,
        paragraph_units=paragraph_units,
    )


def reading_warnings(doc: Document, coverage: Coverage) -> list[ReviewWarning]:
    """What a reviewer must be told about how the draft was read."""
    out: list[ReviewWarning] = []
    if coverage.total == 0 or not any(p.text.strip() for p in doc.paragraphs):
        out.append(ReviewWarning("no-text", "The document has no text: nothing was checked."))
        return out
    if coverage.articles == 0:
        out.append(
            ReviewWarning(
                "no-provisions",
                "No articles or sections were recognised: the text was checked paragraph "
                "by paragraph and findings are located by paragraph and line.",
                {"paragraphs": str(coverage.paragraph_units)},
            )
        )
    if coverage.body_share < LOW_COVERAGE:
        share = f"{100 * coverage.body_share:.1f}"
        out.append(
            ReviewWarning(
                "low-coverage",
                f"The checks read only {share}% of the text outside headers, signatures, "
                "tables of contents and notes.",
                {"share": share},
            )
        )
    return out

