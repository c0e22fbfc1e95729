"""The memo's two judgements: a verdict from the severities, and a place on the Gender
Legislative Index scale from what the findings say about the draft's content.

The GLI (UTS, Vijeyarasa) is scored by people; this is an automatic first reading that
the memo labels as such and justifies with the findings that decided it:

1. **gender-regressive** - any differential-treatment or exclusion finding at warning
   level or above (maternity protection and time-bound special measures are *not*
   regressive: the checks classify them separately), or a stereotype finding marked
   as an error;
2. **gender-responsive** - otherwise, when the draft states equality between women and
   men or contains a special measure for one sex;
3. **gender-neutral** - otherwise, when it mentions women, men, sex or gender at all
   (or contains maternity protection);
4. **gender-blind** - no gender content at all. Generic masculine wording alone
   ("he" for "the Minister") is gender-blind drafting, not gender content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from genderlens.model import Finding, Review, Severity
from genderlens.normalize import match_form
from genderlens.render.strings import rating_terms

VERDICTS = ("pass", "pass-with-conditions", "revise")
RATINGS = ("gender-regressive", "gender-blind", "gender-neutral", "gender-responsive")

_REGRESSIVE = frozenset({"differential", "exclusion"})
_RESPONSIVE = frozenset({"special-measure"})
_CONTENT = frozenset({"differential", "exclusion", "protective", "special-measure",
                      "equality", "stereotype"})


def verdict(review: Review) -> str:
    counts = review.counts()
    if counts["error"]:
        return "revise"
    if counts["warning"]:
        return "pass-with-conditions"
    return "pass"


@dataclass(slots=True)
class Rating:
    key: str
    findings: list[Finding] = field(default_factory=list)  # the findings that decided it
    phrases: list[str] = field(default_factory=list)  # equality statements found


def _regressive(f: Finding) -> bool:
    if f.category in _REGRESSIVE:
        return f.severity >= Severity.warning
    return f.category == "stereotype" and f.severity >= Severity.error


@lru_cache(maxsize=4)
def _pattern(lang: str, kind: str) -> re.Pattern[str] | None:
    phrases = sorted({match_form(p) for p in rating_terms(lang).get(kind, ())}, key=len,
                     reverse=True)
    if not phrases:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


def _provision_text(review: Review) -> str:
    return "\n".join(p.text for p in review.document.paragraphs if p.is_provision_text)


def rate(review: Review) -> Rating:
    lang = "vi" if review.document.language == "vi" else "en"
    regressive = [f for f in review.findings if _regressive(f)]
    if regressive:
        return Rating("gender-regressive", regressive)
    text = match_form(_provision_text(review))
    responsive = [f for f in review.findings if f.category in _RESPONSIVE and f.span is not None]
    phrases: list[str] = []
    eq = _pattern(lang, "equality")
    if eq is not None:
        for m in eq.finditer(text):
            if m.group(0) not in phrases:
                phrases.append(m.group(0))
    if responsive or phrases:
        return Rating("gender-responsive", responsive, phrases[:5])
    content = [f for f in review.findings if f.category in _CONTENT and f.span is not None]
    terms = _pattern(lang, "gender_terms")
    if content or (terms is not None and terms.search(text)):
        return Rating("gender-neutral", content)
    return Rating("gender-blind")
