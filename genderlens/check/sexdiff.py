"""Classify provisions that name a sex or a family role.

A careful reviewer does not flag every "nữ": she asks whether the provision treats
women and men differently (``differential``), protects maternity (``protective``,
allowed by CEDAW 4(2)), promotes equality for one sex (``special-measure``, allowed if
time-bound, CEDAW 4(1)), or states equality (no finding). This module answers that
question for one provision's text, using only word lists from the lexicon YAML
(``vi-sex-markers``, ``en-sex-markers``) and the quantities in :mod:`values`.

Shapes of differential treatment recognised (DESIGN §4): both sexes in one provision
with their own numbers ("nam đủ 62 tuổi, nữ đủ 60 tuổi"; "62 tuổi đối với lao động nam
và 60 tuổi đối với lao động nữ"), numbers in words, durations, rates; values split
across table cells of one row or across sibling points (see :func:`compare_siblings`);
and a condition imposed on one sex only ("nam giới một mình nuôi con").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from genderlens.check.matching import IGNORE, Hit, PhraseIndex, form_of
from genderlens.check.values import quantities

# Units that measure the same thing are compared with each other.
_FAMILY = {"age": "year", "year": "year", "month": "month", "week": "week", "day": "day",
           "hour": "hour", "minute": "minute", "percent": "percent", "times": "times",
           "money": "money", "people": "people"}  # fmt: skip

_PRIMARY = re.compile(r"[;\n]|\.(?=\s|$)|:(?=\s)")
_SECONDARY_VI = re.compile(r",|\s(?:và|hoặc|còn)\s")
_SECONDARY_EN = re.compile(r",|\s(?:and|or|while|whereas)\s")
_CAP_NAM = re.compile(r"(?:^|[.;:(\n]|^\s*[a-zđ0-9]{1,3}[.)])\s*$")


@dataclass(frozen=True, slots=True)
class SexLists:
    language: str
    index: PhraseIndex  # every list, looked up in provisions found by ``scan``
    scan: PhraseIndex  # the words that make a provision worth classifying


@dataclass(slots=True)
class Segment:
    start: int
    end: int
    sex: str | None  # "female", "male", "both" or None
    values: list[tuple[str, float]] = field(default_factory=list)
    restrictive: bool = False
    obligation: bool = False
    voluntary: bool = False
    origin: int = 0  # where the segment that named this sex starts


@dataclass(frozen=True, slots=True)
class Classification:
    category: str  # "differential" | "protective" | "special-measure"
    start: int
    end: int
    detail: str  # what differs, in words: "62 vs 60 (year)"
    shape: str  # "values" | "condition" | "siblings" | "protective" | "measure"


@cache
def sex_lists(language: str, lexicon_id: str | None = None) -> SexLists:
    from genderlens.check.loader import get_lexicon

    lex = get_lexicon(lexicon_id or f"{language}-sex-markers")
    labels = {
        "female": lex.list("female"),
        "male": lex.list("male"),
        "protective": lex.list("protective"),
        "equality": lex.list("equality"),
        "measure": lex.list("special_measure"),
        "gender_measure": lex.list("gender_measure"),
        "end": lex.list("measure_end"),
        "restrictive": lex.list("restrictive"),
        "obligation": lex.list("obligation"),
        "voluntary": lex.list("voluntary"),
        "entitlement": lex.list("one_sex_rule_verbs"),
        IGNORE: lex.list("false_friends") + lex.list("specific_referents"),
    }
    scan = {
        k: labels[k] for k in ("female", "male", "protective", "measure", "gender_measure", IGNORE)
    }
    return SexLists(
        language, PhraseIndex(language, labels, scan=False), PhraseIndex(language, scan)
    )


def _drop_place_nam(text: str, hits: list[Hit]) -> list[Hit]:
    """Capitalised "Nam" mid-sentence is a place or a name, not a sex."""
    out = []
    for h in hits:
        capital_nam = h.label == "male" and h.phrase == "nam" and text[h.start] == "N"
        if capital_nam and not _CAP_NAM.search(text[: h.start]):
            continue
        out.append(h)
    return out


def find_markers(text: str, lists: SexLists, form: str | None = None) -> list[Hit]:
    hits = lists.index.find(text, form)
    if lists.language == "vi":
        hits = _drop_place_nam(text, hits)
    return hits


def _segments(text: str, hits: list[Hit], language: str, soft: frozenset[int]) -> list[Segment]:
    secondary = _SECONDARY_VI if language == "vi" else _SECONDARY_EN
    bounds: list[tuple[int, int, bool]] = []  # (start, end, starts a new primary part)
    pos = 0
    primary_cuts = [m for m in _PRIMARY.finditer(text)]
    parts: list[tuple[int, int]] = []
    for m in primary_cuts:
        if m.group() == "\n" and m.start() in soft:
            continue
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(text)))
    for ps, pe in parts:
        first = True
        sub_pos = ps
        chunk = text[ps:pe]
        cuts = [ps + m.start() for m in secondary.finditer(chunk)] + [
            ps + i for i, ch in enumerate(chunk) if ch == "\n"
        ]
        for c in sorted(cuts):
            bounds.append((sub_pos, c, first))
            first = False
            sub_pos = c + 1
        bounds.append((sub_pos, pe, first))
    qs = quantities(text, language)
    segs: list[Segment] = []
    carry: str | None = None
    origin = 0
    for s, e, new_part in bounds:
        if new_part:
            carry = None
        sexes = {h.label for h in hits if s <= h.start < e and h.label in ("female", "male")}
        named = bool(sexes)
        if len(sexes) == 2:
            sex: str | None = "both"
        elif sexes:
            sex = next(iter(sexes))
        else:
            sex = carry
        if named or sex is None:
            origin = s
        carry = sex if sex != "both" else None
        vals = [(_FAMILY.get(q.unit, q.unit), q.value) for q in qs if s <= q.start < e and q.unit]
        labels = {h.label for h in hits if s <= h.start < e}
        segs.append(
            Segment(
                s,
                e,
                sex,
                vals,
                "restrictive" in labels,
                "obligation" in labels,
                "voluntary" in labels,
                origin,
            )
        )
    return segs


def _profile(segs: list[Segment]) -> dict[str, dict[str, list[float]]]:
    prof: dict[str, dict[str, list[float]]] = {"female": {}, "male": {}}
    for seg in segs:
        if seg.sex in ("female", "male"):
            for fam, v in seg.values:
                prof[seg.sex].setdefault(fam, []).append(v)
    return prof


_WORDS = {
    "vi": {
        "female": "nữ", "male": "nam", "year": "năm/tuổi", "month": "tháng", "week": "tuần",
        "day": "ngày", "hour": "giờ", "minute": "phút", "percent": "%", "times": "lần",
        "money": "đồng", "people": "người",
        "values": "{unit}: nam {men}; nữ {women}",
        "obligation": "bắt buộc với {bound}, tự nguyện với {free}",
        "condition": "điều kiện chỉ đặt ra cho {sex}",
        "one-sex": "ngưỡng chỉ quy định cho {sex}",
        "siblings": "{unit}: khác với {other}",
    },
    "en": {
        "female": "women", "male": "men", "year": "years", "month": "months", "week": "weeks",
        "day": "days", "hour": "hours", "minute": "minutes", "percent": "%", "times": "times",
        "money": "amount", "people": "people",
        "values": "{unit}: men {men}; women {women}",
        "obligation": "a duty for {bound}, voluntary for {free}",
        "condition": "a condition set for {sex} only",
        "one-sex": "a threshold set for {sex} only",
        "siblings": "{unit}: differs from {other}",
    },
}  # fmt: skip


def _say(language: str, key: str, **values: str) -> str:
    """Explain a difference in the draft's language (units and sexes translated)."""
    words = _WORDS["vi" if language == "vi" else "en"]
    named = {k: words.get(v, v) for k, v in values.items()}
    return words[key].format(**named)


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else str(v)


def differing_values(
    prof: dict[str, dict[str, list[float]]],
) -> tuple[str, list[float], list[float]] | None:
    for fam in prof["male"]:
        if fam in prof["female"]:
            m, f = sorted(prof["male"][fam]), sorted(prof["female"][fam])
            if m != f:
                return fam, m, f
    return None


def classify(
    text: str,
    language: str,
    soft_breaks: frozenset[int] = frozenset(),
    lexicon_id: str | None = None,
) -> Classification | None:
    """Classify one provision's own text (see module docstring)."""
    lists = sex_lists(language, lexicon_id)
    form = form_of(text)
    hits = find_markers(text, lists, form)
    if not hits:
        return None
    labels = {h.label for h in hits}
    sexes = labels & {"female", "male"}
    if "equality" in labels and len(sexes) == 2:
        return None
    if len(sexes) == 2:
        segs = _segments(text, hits, language, soft_breaks)
        diff = differing_values(_profile(segs))
        if diff is not None:
            fam, m, f = diff
            involved = [
                s
                for s in segs
                if s.sex in ("female", "male") and any(v[0] == fam for v in s.values)
            ]
            start = min(s.origin for s in involved)
            end = max(s.end for s in involved)
            start, end = _trim(text, start, end)
            men = ", ".join(_fmt(v) for v in m)
            women = ", ".join(_fmt(v) for v in f)
            return Classification(
                "differential",
                start,
                end,
                _say(language, "values", unit=fam, men=men, women=women),
                "values",
            )
        bound = {s.sex for s in segs if s.obligation and s.sex in ("female", "male")}
        free = {s.sex for s in segs if s.voluntary and s.sex in ("female", "male")}
        if len(bound) == 1 and len(free) == 1 and bound != free:
            involved = [s for s in segs if s.sex in ("female", "male")]
            start, end = _trim(text, min(s.start for s in involved), max(s.end for s in involved))
            return Classification(
                "differential",
                start,
                end,
                _say(language, "obligation", bound=bound.pop(), free=free.pop()),
                "obligation",
            )
        restricted = {s.sex for s in segs if s.restrictive and s.sex in ("female", "male")}
        if len(restricted) == 1:
            involved = [s for s in segs if s.sex in ("female", "male")]
            start, end = _trim(text, min(s.start for s in involved), max(s.end for s in involved))
            return Classification(
                "differential",
                start,
                end,
                _say(language, "condition", sex=restricted.pop()),
                "condition",
            )
    prot = [h for h in hits if h.label == "protective"]
    meas = [h for h in hits if h.label == "measure"]
    if len(sexes) == 1 and not prot and not meas and "equality" not in labels:
        rule = _one_sex_rule(text, hits, language)
        if rule is not None:
            return rule
    if prot:
        return Classification(
            "protective", prot[0].start, prot[0].end, prot[0].phrase, "protective"
        )
    named = [h for h in hits if h.label == "gender_measure"]
    if named and "equality" not in labels:
        return Classification(
            "special-measure", named[0].start, named[0].end, named[0].phrase, "measure"
        )
    if meas and sexes:
        return Classification(
            "special-measure", meas[0].start, meas[0].end, meas[0].phrase, "measure"
        )
    return None


def _one_sex_rule(text: str, hits: list[Hit], language: str) -> Classification | None:
    """A threshold or entitlement written for one sex only, with the sex as the
    provision's subject: "Lao động nữ ... có đủ 15 năm ... thì được hưởng lương hưu"."""
    sex_hits = [h for h in hits if h.label in ("female", "male")]
    verbs = [h for h in hits if h.label == "entitlement"]
    if not sex_hits or not verbs:
        return None
    first = sex_hits[0]
    head = text[: first.start]
    head = re.sub(r"^\s*(?:\d{1,3}\.|[a-zđ]\)|\([a-z0-9.]+\))\s*", "", head)
    if head.strip():
        return None  # the sex word is not the subject
    qs = [
        q
        for q in quantities(text, language)
        if _FAMILY.get(q.unit) == "year" and first.end <= q.start < verbs[0].start
    ]
    if not qs:
        return None
    start, end = _trim(text, first.start, verbs[0].end)
    sex = first.label
    return Classification("differential", start, end, _say(language, "one-sex", sex=sex), "one-sex")


def has_end(text: str, language: str, lexicon_id: str | None = None) -> bool:
    """Does a special measure state when it ends or is reviewed (LGE Art. 19)?"""
    lists = sex_lists(language, lexicon_id)
    return any(h.label == "end" for h in lists.index.find(text))


def one_sex_values(
    text: str, language: str, lexicon_id: str | None = None
) -> tuple[str, dict[str, list[float]], int, int] | None:
    """For sibling points: the single sex this text is about, with its values."""
    lists = sex_lists(language, lexicon_id)
    form = form_of(text)
    hits = find_markers(text, lists, form)
    sexes = {h.label for h in hits} & {"female", "male"}
    if len(sexes) != 1:
        return None
    sex = sexes.pop()
    vals: dict[str, list[float]] = {}
    for q in quantities(text, language):
        if q.unit:
            vals.setdefault(_FAMILY.get(q.unit, q.unit), []).append(q.value)
    if not vals:
        return None
    start = min(h.start for h in hits if h.label == sex)
    end = max(q.end for q in quantities(text, language) if q.unit)
    return sex, vals, *_trim(text, start, max(end, start + 1))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,;:\n\t":
        start += 1
    while end > start and text[end - 1] in " ,;:\n\t.":
        end -= 1
    return start, end
