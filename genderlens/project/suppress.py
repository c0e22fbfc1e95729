"""Inline suppression comments in .txt and .md drafts.

Why comments in the draft: a reviewer who has looked at a finding and accepted it (a
maternity-protection clause, a quoted historical provision) wants the decision to
travel with the text, and to see it in the diff that introduced it. Word files cannot
carry these comments, so .docx drafts use ``per_file_ignores`` in the configuration.

Directives, each alone on its line::

    <!-- genderlens-disable RULE[, RULE...] -->   off from here (no RULE: every rule)
    <!-- genderlens-enable RULE[, RULE...] -->    on again (no RULE: every rule)
    <!-- genderlens-disable-next-line RULE -->    off for the next paragraph only

RULE is a full rule id ``checklist.item``, an item id or a checklist id. The Markdown
reader hands these lines over as ``kind="directive"`` paragraphs; in a .txt draft they
arrive as ordinary paragraphs whose text is the comment, so both are recognised by
their text. A region that is never closed also covers findings about the whole draft
(omissions, which have no line).

Suppression is applied after the review: it removes findings, never changes how the
document was read, and item statuses still describe the draft (their evidence lists only
the findings that remain).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from genderlens.model import Document, Finding, ItemResult, Review
from genderlens.project.config import selector_matches

DIRECTIVE = re.compile(
    r"^\s*<!--\s*genderlens-(?P<verb>disable-next-line|disable|enable)\b(?P<rules>[^>]*?)\s*-->\s*$",
    re.IGNORECASE,
)
ALL = "*"


@dataclass(frozen=True, slots=True)
class Directive:
    paragraph: int
    verb: str  # "disable" | "enable" | "disable-next-line"
    rules: tuple[str, ...]  # empty = every rule


def parse_directive(text: str) -> tuple[str, tuple[str, ...]] | None:
    """``("disable", ("rule-a", "rule-b"))`` for a directive line, else ``None``."""
    m = DIRECTIVE.match(text)
    if m is None:
        return None
    rules = tuple(r for r in re.split(r"[,\s]+", m.group("rules").strip()) if r)
    return m.group("verb").lower(), rules


def directives(doc: Document) -> list[Directive]:
    out = []
    for i, p in enumerate(doc.paragraphs):
        if "genderlens-" not in p.text:
            continue
        parsed = parse_directive(p.text)
        if parsed is not None:
            out.append(Directive(i, *parsed))
    return out


class _State:
    """Which rules are off at a point in the document."""

    def __init__(self) -> None:
        self.all_off = False
        self.off: set[str] = set()
        self.back_on: set[str] = set()  # enabled again inside an "all off" region

    def disable(self, rules: Sequence[str]) -> None:
        if not rules:
            self.all_off, self.off, self.back_on = True, set(), set()
        else:
            self.off |= set(rules)
            self.back_on -= set(rules)

    def enable(self, rules: Sequence[str]) -> None:
        if not rules:
            self.all_off, self.off, self.back_on = False, set(), set()
        else:
            self.off -= set(rules)
            if self.all_off:
                self.back_on |= set(rules)

    def snapshot(self) -> Callable[[str], bool]:
        all_off, off, back_on = self.all_off, frozenset(self.off), frozenset(self.back_on)

        def is_off(rule: str) -> bool:
            if any(selector_matches(s, rule) for s in back_on):
                return False
            return all_off or any(selector_matches(s, rule) for s in off)

        return is_off


def _never(rule: str) -> bool:
    return False


def suppressor(doc: Document) -> Callable[[Finding], bool] | None:
    """A predicate "is this finding suppressed?", or ``None`` when the draft has no
    directives (the common case costs one scan of the paragraphs)."""
    found = directives(doc)
    if not found:
        return None
    by_para = {d.paragraph: d for d in found}
    state = _State()
    # Paragraph index -> predicate; directives are rare, so store only change points.
    changes: list[tuple[int, Callable[[str], bool]]] = [(0, _never)]
    next_line: dict[int, tuple[str, ...]] = {}
    pending: tuple[str, ...] | None = None
    for i in range(len(doc.paragraphs)):
        d = by_para.get(i)
        if d is None:
            if pending is not None:
                next_line[i] = pending or (ALL,)
                pending = None
            continue
        if d.verb == "disable-next-line":
            pending = d.rules
            continue
        if d.verb == "disable":
            state.disable(d.rules)
        else:
            state.enable(d.rules)
        changes.append((i, state.snapshot()))
    at_end = state.snapshot()

    def suppressed(f: Finding) -> bool:
        span = f.span
        if span is None:
            return at_end(f.rule)
        pred: Callable[[str], bool] = _never
        for start, p in changes:
            if start > span.paragraph:
                break
            pred = p
        if pred(f.rule):
            return True
        rules = next_line.get(span.paragraph)
        return bool(rules) and any(r == ALL or selector_matches(r, f.rule) for r in rules or ())

    return suppressed


def apply(review: Review, is_suppressed: Callable[[Finding], bool] | None) -> int:
    """Drop suppressed findings from ``review`` in place; return how many were dropped
    and add them to ``review.suppressed``."""
    if is_suppressed is None:
        return 0
    kept = [f for f in review.findings if not is_suppressed(f)]
    dropped = len(review.findings) - len(kept)
    if dropped:
        review.findings = kept
        review.items = _trim_evidence(review, kept)
        review.suppressed += dropped
    return dropped


def _trim_evidence(review: Review, kept: Iterable[Finding]) -> list[ItemResult]:
    remaining = {f.fingerprint for f in kept}
    out = []
    for item in review.items:
        ev = tuple(e for e in item.evidence if e in remaining or not _looks_like_id(e))
        out.append(item if ev == item.evidence else replace(item, evidence=ev))
    return out


def _looks_like_id(text: str) -> bool:
    return len(text) == 16 and all(c in "0123456789abcdef" for c in text)


def apply_inline(review: Review) -> int:
    """Inline directives apply to text formats only (.docx uses per_file_ignores)."""
    if review.document.format not in ("txt", "md"):
        return 0
    return apply(review, suppressor(review.document))
