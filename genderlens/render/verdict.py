"""The memo's two judgements, a place on the Gender Legislative Index scale and a
verdict, both decided by the table in ``templates/rating.yaml``.

The GLI (UTS, Vijeyarasa) is scored by people; this is an automatic first reading that
the memo labels as such and justifies with the findings that decided it:

1. **gender-regressive** - differential treatment or exclusion by sex at warning level
   or above that no dossier justifies (maternity protection and time-bound special
   measures are *not* regressive: the checks classify them separately), or a
   stereotype finding marked as an error;
2. **gender-responsive** - otherwise, when the draft states equality between women and
   men or contains a special measure for one sex;
3. **gender-neutral** - otherwise, when it mentions women, men, sex or gender at all
   (or contains maternity protection);
4. **gender-blind** - no gender content at all. Generic masculine wording alone
   ("he" for "the Minister") is gender-blind drafting, not gender content.

The verdict follows the substance, not the severities alone: differential treatment
is a *warning* because it may be justified, so a verdict counting severities would
pass a draft that the rating calls regressive. The first row of the verdict table that
applies decides, and the findings it matched are the provisions that decide the memo.
A table under which a regressive draft could pass is refused at load time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from genderlens.errors import ConfigError
from genderlens.model import Finding, Review, Severity
from genderlens.normalize import match_form
from genderlens.render.strings import rating_terms
from genderlens.resources import templates_dir

VERDICTS = ("pass", "pass-with-conditions", "revise")
RATINGS = ("gender-regressive", "gender-blind", "gender-neutral", "gender-responsive")
JUSTIFICATION_FILTERS = ("any", "found", "unjustified")
_MATCHER_KEYS = frozenset({"categories", "min_severity", "max_severity", "rules",
                           "justification"})


@dataclass(frozen=True, slots=True)
class Matcher:
    """A selection of findings (see the comments of ``templates/rating.yaml``)."""

    categories: frozenset[str] | None = None
    min_severity: Severity | None = None
    max_severity: Severity | None = None
    rules: tuple[str, ...] = ()
    justification: str = "any"

    @property
    def empty(self) -> bool:
        return (self.categories is None and self.min_severity is None
                and self.max_severity is None and not self.rules
                and self.justification == "any")

    def matches(self, f: Finding) -> bool:
        if self.categories is not None and f.category not in self.categories:
            return False
        if self.min_severity is not None and f.severity < self.min_severity:
            return False
        if self.max_severity is not None and f.severity > self.max_severity:
            return False
        if self.rules and not any(_rule_matches(p, f.rule) for p in self.rules):
            return False
        if self.justification == "found":
            return f.justified
        if self.justification == "unjustified":
            return not f.justified
        return True


def _rule_matches(pattern: str, rule: str) -> bool:
    if pattern.endswith("*"):
        return rule.startswith(pattern[:-1])
    return rule == pattern


@dataclass(frozen=True, slots=True)
class VerdictRow:
    verdict: str
    reason: str
    rating: str | None = None
    matcher: Matcher = field(default_factory=Matcher)


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    matcher: Matcher
    group: bool = True  # may repeated findings of one item share one entry?


@dataclass(frozen=True, slots=True)
class Rules:
    """The whole table of ``rating.yaml``, validated."""

    regressive: tuple[Matcher, ...]
    responsive: tuple[Matcher, ...]
    content: tuple[Matcher, ...]
    verdict: tuple[VerdictRow, ...]
    sections: tuple[Section, ...]
    group_notes_from: int
    group_repeated_from: int
    fold_repeated_after: int

    def groups(self, key: str) -> bool:
        return next((sec.group for sec in self.sections if sec.key == key), True)

    def section_of(self, f: Finding) -> str:
        """The memo section a finding belongs to: explicit rule lists first."""
        for sec in sorted(self.sections, key=lambda s: not s.matcher.rules):
            if sec.matcher.matches(f):
                return sec.key
        return "other"


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity[str(value)]
    except KeyError:
        raise ConfigError(f"{where}: severity must be info, warning or error, "
                          f"not {value!r}") from None


def _matcher(raw: Mapping[str, Any], where: str, extra: Iterable[str] = ()) -> Matcher:
    unknown = set(raw) - _MATCHER_KEYS - set(extra)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} "
                          f"(expected {', '.join(sorted(_MATCHER_KEYS | set(extra)))})")
    cats = raw.get("categories")
    just = str(raw.get("justification", "any"))
    if just not in JUSTIFICATION_FILTERS:
        raise ConfigError(f"{where}: justification must be one of "
                          f"{', '.join(JUSTIFICATION_FILTERS)}, not {just!r}")
    return Matcher(
        categories=frozenset(str(c) for c in cats) if cats is not None else None,
        min_severity=_severity(raw["min_severity"], where) if "min_severity" in raw else None,
        max_severity=_severity(raw["max_severity"], where) if "max_severity" in raw else None,
        rules=tuple(str(r) for r in raw.get("rules") or ()),
        justification=just,
    )


def _matchers(data: Mapping[str, Any], key: str, path: str) -> tuple[Matcher, ...]:
    rows = data.get(key) or []
    if not isinstance(rows, list):
        raise ConfigError(f"{path}: {key} must be a list of matchers")
    return tuple(_matcher(r, f"{path}: {key}[{i}]") for i, r in enumerate(rows))


def parse_rules(data: Mapping[str, Any], path: str = "rating.yaml") -> Rules:
    """Validate the table: unknown keys, verdict names, and that it cannot let a
    gender-regressive draft pass (the rating and the verdict must agree)."""
    rows: list[VerdictRow] = []
    for i, raw in enumerate(data.get("verdict") or []):
        where = f"{path}: verdict[{i}]"
        if not isinstance(raw, dict) or raw.get("verdict") not in VERDICTS:
            raise ConfigError(f"{where}: expected a mapping with verdict: "
                              f"{' | '.join(VERDICTS)}")
        rating = raw.get("rating")
        if rating is not None and rating not in RATINGS:
            raise ConfigError(f"{where}: rating must be one of {', '.join(RATINGS)}")
        matcher = _matcher(raw, where, extra=("verdict", "reason", "rating"))
        rows.append(VerdictRow(raw["verdict"], str(raw.get("reason", raw["verdict"])),
                               rating, matcher))
    if not rows or rows[-1].rating is not None or not rows[-1].matcher.empty:
        raise ConfigError(f"{path}: the last verdict row must apply always "
                          "(no rating, no matcher)")
    for row in rows:
        if row.rating == "gender-regressive" and row.matcher.empty:
            break
        if row.verdict != "revise":
            raise ConfigError(f"{path}: verdict row '{row.reason}' ({row.verdict}) comes "
                              "before the row that makes a gender-regressive draft "
                              "'revise': a regressive draft could pass")
    sections = []
    for i, raw in enumerate(data.get("sections") or []):
        where = f"{path}: sections[{i}]"
        if not isinstance(raw, dict) or not raw.get("key"):
            raise ConfigError(f"{where}: expected a mapping with a key")
        sections.append(Section(str(raw["key"]), _matcher(raw, where, extra=("key", "group")),
                                bool(raw.get("group", True))))
    limits = []
    for key, default in (("group_notes_from", 3), ("group_repeated_from", 4),
                         ("fold_repeated_after", 10)):
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{path}: {key} must be a whole number >= 1")
        limits.append(value)
    return Rules(_matchers(data, "regressive", path), _matchers(data, "responsive", path),
                 _matchers(data, "content", path), tuple(rows), tuple(sections), *limits)


@lru_cache(maxsize=1)
def rules() -> Rules:
    path = templates_dir() / "rating.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the rating rules ({exc})") from None
    return parse_rules(data, str(path))


@dataclass(slots=True)
class Rating:
    key: str
    findings: list[Finding] = field(default_factory=list)  # the findings that decided it
    phrases: list[str] = field(default_factory=list)  # equality statements found
    justified: list[Finding] = field(default_factory=list)  # differential, but justified


@dataclass(slots=True)
class Verdict:
    key: str
    reason: str  # the verdict row that applied (a key of strings' verdict_reasons)
    findings: list[Finding] = field(default_factory=list)  # the provisions that decide it


def _any(matchers: Sequence[Matcher], f: Finding) -> bool:
    return any(m.matches(f) for m in matchers)


@lru_cache(maxsize=4)
def _pattern(lang: str, kind: str) -> re.Pattern[str] | None:
    phrases = sorted({match_form(p) for p in rating_terms(lang).get(kind, ())}, key=len,
                     reverse=True)
    if not phrases:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


def _provision_text(review: Review) -> str:
    return "\n".join(p.text for p in review.document.paragraphs if p.is_provision_text)


def text_signals(review: Review) -> dict[str, Any]:
    """What the rating reads from the provision text: the equality statements found
    (up to five) and whether the draft mentions women, men, sex or gender at all."""
    lang = "vi" if review.document.language == "vi" else "en"
    text = match_form(_provision_text(review))
    phrases: list[str] = []
    eq = _pattern(lang, "equality")
    if eq is not None:
        for m in eq.finditer(text):
            if m.group(0) not in phrases:
                phrases.append(m.group(0))
                if len(phrases) == 5:
                    break
    terms = _pattern(lang, "gender_terms")
    return {"equality": phrases, "gender_terms": bool(terms is not None and terms.search(text))}


def rate(review: Review, table: Rules | None = None) -> Rating:
    t = table or rules()
    justified = [f for f in review.findings
                 if f.justified and f.category in ("differential", "exclusion")]
    regressive = [f for f in review.findings if _any(t.regressive, f)]
    if regressive:
        return Rating("gender-regressive", regressive, justified=justified)
    signals = review.signals or text_signals(review)
    responsive = [f for f in review.findings if _any(t.responsive, f) and f.span is not None]
    phrases = list(signals.get("equality", ()))[:5]
    if responsive or phrases:
        return Rating("gender-responsive", responsive, phrases, justified)
    content = [f for f in review.findings if _any(t.content, f) and f.span is not None]
    if content or signals.get("gender_terms"):
        return Rating("gender-neutral", content, justified=justified)
    return Rating("gender-blind", justified=justified)


def judge(review: Review, table: Rules | None = None) -> tuple[Verdict, Rating]:
    """The verdict and the rating together, so that they are decided from one table."""
    t = table or rules()
    rating = rate(review, t)
    for row in t.verdict:
        if row.rating is not None:
            if rating.key == row.rating:
                return Verdict(row.verdict, row.reason, list(rating.findings)), rating
            continue
        if row.matcher.empty:
            return Verdict(row.verdict, row.reason, []), rating
        matched = [f for f in review.findings if row.matcher.matches(f)]
        if matched:
            return Verdict(row.verdict, row.reason, matched), rating
    raise AssertionError("the last verdict row always applies")  # parse_rules checks it


def verdict(review: Review) -> str:
    return judge(review)[0].key
