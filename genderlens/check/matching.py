"""Phrase lookup on the match form of a text (NFC, tone-folded, lower-cased).

The match form has the same length as the text, so character offsets found on it
are offsets in the unit text. A cheap regular-expression prefilter decides whether a
text can contain any phrase at all; only then is it tokenised and matched with
spaCy's PhraseMatcher, so throughput stays high on the many provisions that say
nothing about sex or gender.

Exceptions are data, as in negspacy: phrases registered under an ``ignore`` label
(false friends such as "Việt Nam" for "nam") win over shorter phrases they contain and
are then dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from genderlens.normalize import match_form

IGNORE = "__ignore__"

# Several detectors look at the same provision: its match form and its spaCy Doc are
# computed once per review (the engine clears these between documents).
_FORMS: dict[str, str] = {}
_DOCS: dict[tuple[str, str], Any] = {}


def form_of(text: str) -> str:
    form = _FORMS.get(text)
    if form is None:
        form = match_form(text)
        _FORMS[text] = form
    return form


def tokens(language: str, form: str) -> Any:
    key = (language, form)
    doc = _DOCS.get(key)
    if doc is None:
        from genderlens.check.nlp import pipeline

        doc = pipeline(language).make_doc(form)
        _DOCS[key] = doc
    return doc


def clear_cache() -> None:
    _FORMS.clear()
    _DOCS.clear()


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    label: str
    phrase: str  # the registered phrase (match form) that matched


class PhraseIndex:
    """Longest-match phrase finder for one language."""

    def __init__(self, language: str, phrases: dict[str, Iterable[str]]) -> None:
        self.language = language
        self._phrases: dict[str, list[str]] = {}
        for label, items in phrases.items():
            forms = sorted({match_form(p).strip() for p in items if p and p.strip()})
            if forms:
                self._phrases[label] = forms
        words = set()
        for forms in self._phrases.values():
            for f in forms:
                first = re.split(r"[\s\-]", f, maxsplit=1)[0]
                if first:
                    words.add(re.escape(first))
        self._prefilter = (
            re.compile(r"(?<!\w)(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")")
            if words
            else None
        )
        self._matcher: Any = None
        self._labels: dict[int, str] = {}

    def _build(self) -> None:
        from spacy.matcher import PhraseMatcher

        from genderlens.check.nlp import pipeline

        nlp = pipeline(self.language)
        matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for label, forms in self._phrases.items():
            matcher.add(label, [nlp.make_doc(f) for f in forms])
            self._labels[nlp.vocab.strings[label]] = label
        self._matcher = matcher

    def might_match(self, form: str) -> bool:
        return self._prefilter is not None and self._prefilter.search(form) is not None

    def find(self, text: str, form: str | None = None) -> list[Hit]:
        """All longest, non-overlapping hits in ``text`` (ignore-labelled ones removed)."""
        if form is None:
            form = form_of(text)
        if (self.language, form) not in _DOCS and not self.might_match(form):
            return []
        if self._matcher is None:
            self._build()
        doc = tokens(self.language, form)
        raw = self._matcher(doc)
        spans = []
        for match_id, s, e in raw:
            span = doc[s:e]
            spans.append((span.start_char, span.end_char, self._labels[match_id]))
        # longest first, then leftmost; keep non-overlapping
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        taken: list[tuple[int, int, str]] = []
        occupied: list[tuple[int, int]] = []
        for s, e, label in spans:
            if any(s < oe and os_ < e for os_, oe in occupied):
                continue
            occupied.append((s, e))
            taken.append((s, e, label))
        taken.sort()
        return [Hit(s, e, label, form[s:e]) for s, e, label in taken if label != IGNORE]
