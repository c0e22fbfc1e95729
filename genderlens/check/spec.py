"""Checklists, items, detectors and lexicons as loaded from YAML.

These are the parsed, validated form of the files under ``checklists/``; the loader
(``genderlens.check.loader``) builds them, the detectors read them. They hold no
spaCy objects so that they can be pickled to worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from genderlens.model import Severity, pickled_as_calls

# How an item's status follows from its detectors.
#   flag-if-found : a finding -> "flagged", none -> "met"
#   expect-present: the expected signal found -> "met", else "not-met"
#   human         : always "needs-review"; detector hits are listed as evidence
#   conditional   : no trigger -> "not-applicable"; every trigger satisfied -> "met";
#                   otherwise "not-met" (with an omission finding at each trigger)
STATUS_LOGIC = ("flag-if-found", "expect-present", "human", "conditional")

DETECTOR_KINDS = (
    "terms",  # lexicon entries (phrases) -> findings
    "pattern",  # anchored regular expression or spaCy token pattern -> findings
    "differential",  # both sexes / spouses / parents with different values in one unit
    "generic-masculine",  # he/his/him/himself referring to a role noun (English)
    "presence",  # expect any of the phrases somewhere in scope
    "conditional",  # if a trigger phrase is present, expect one of the phrases nearby
)

SCOPES = ("document", "article", "clause", "unit", "dossier")


@dataclass(frozen=True, slots=True)
class Text:
    """A message in several languages; ``get`` falls back to English, then any."""

    values: tuple[tuple[str, str], ...]

    def get(self, lang: str = "en") -> str:
        d = dict(self.values)
        return d.get(lang) or d.get("en") or next(iter(d.values()), "")

    @classmethod
    def of(cls, value: Any) -> Text:
        if isinstance(value, Text):
            return value
        if isinstance(value, dict):
            return cls(tuple((str(k), str(v)) for k, v in value.items()))
        if value is None:
            return cls(())
        return cls((("en", str(value)), ("vi", str(value))))


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    term: str  # the phrase as a reader writes it
    forms: tuple[str, ...] = ()  # inflected / alternative forms matched too
    suggestion: Text = field(default_factory=lambda: Text(()))  # {vi, en} or one string
    message: Text = field(default_factory=lambda: Text(()))  # may use {term} and {suggestion}
    category: str = "language"
    severity: Severity = Severity.warning
    source: str = ""
    note: str = ""
    case_sensitive: bool = False
    unless: tuple[str, ...] = ()  # phrases that, present in the same sentence, cancel it


@dataclass(frozen=True, slots=True)
class Lexicon:
    id: str
    language: str
    title: str
    source: str
    entries: tuple[LexiconEntry, ...]
    path: str = ""
    # Free-form lists for built-in detectors (e.g. sex markers, protective words).
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def list(self, name: str) -> tuple[str, ...]:
        return dict(self.lists).get(name, ())


@dataclass(frozen=True, slots=True)
class Detector:
    kind: str
    language: str | None = None  # None = every language
    options: tuple[tuple[str, Any], ...] = ()  # kind-specific, validated by the loader

    def opt(self, name: str, default: Any = None) -> Any:
        return dict(self.options).get(name, default)


@dataclass(frozen=True, slots=True)
class Item:
    id: str  # local id within the checklist, e.g. "gm-09-differential-thresholds"
    title: Text
    question: Text
    basis: str
    status: str  # one of STATUS_LOGIC
    detectors: tuple[Detector, ...] = ()
    severity: Severity = Severity.warning
    category: str = ""
    basis_verified: bool = True
    languages: tuple[str, ...] = ()  # empty = all
    examples_fail: tuple[str, ...] = ()
    examples_pass: tuple[str, ...] = ()
    line: int = 0  # where it is defined, for messages


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    version: str
    title: Text
    basis: str
    items: tuple[Item, ...]
    languages: tuple[str, ...] = ()
    path: str = ""
    description: Text = field(default_factory=lambda: Text(()))

    def applies_to(self, language: str) -> bool:
        return not self.languages or language in self.languages


pickled_as_calls(Text, LexiconEntry, Lexicon, Detector, Item, Checklist)
