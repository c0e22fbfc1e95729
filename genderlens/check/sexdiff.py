"""Classify provisions that name a sex or a family role.

A careful reviewer does not flag every "nữ": she asks whether the provision treats
women and men differently (``differential``), protects maternity (``protective``,
allowed by CEDAW 4(2)), promotes equality for one sex (``special-measure``, allowed if
time-bound, CEDAW 4(1)), or states equality (no finding). This module answers that
question for one provision's own text (and its lead-in), using only word lists from the
lexicon YAML (``vi-sex-markers``, ``en-sex-markers``) and the quantities in
:mod:`values`. :mod:`genderlens.check.compare` then compares provisions with their
siblings, the other sex's rules and the clauses they cite.

Shapes recognised inside one provision (DESIGN §4), by ``Classification.shape``:

- ``values``: both sexes with their own numbers, with or without a unit word ("nam đủ
  62 tuổi, nữ đủ 60 tuổi"; "Cấp úy: nam 50, nữ 48"), numbers in words, durations, rates;
- ``obligation``: a duty for one sex and a free choice for the other;
- ``condition``: a condition imposed on one sex only ("nam giới một mình nuôi con");
- ``spouse``: a right, consent, restriction or presumption given to one spouse or
  parent only, even when its motive is maternity;
- ``one-sex``: a duty, benefit, route, assignment, registration or penalty whose
  subject is restricted to one sex, outside maternity and special measures.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache

from genderlens.check.matching import IGNORE, Hit, PhraseIndex, form_of
from genderlens.check.values import quantities

# Units that measure the same thing are compared with each other.
_FAMILY = {"age": "year", "year": "year", "month": "month", "week": "week", "day": "day",
           "hour": "hour", "minute": "minute", "percent": "percent", "times": "times",
           "money": "money", "people": "people", "points": "points", "length": "length",
           "area": "area", "weight": "weight"}  # fmt: skip
NUMBER = "number"  # a value written with no unit word ("nam 50, nữ 48")

_PRIMARY = re.compile(r"[;\n]|\.(?=\s|$)|:(?=\s)")
_SECONDARY_VI = re.compile(r",(?=\s)|\s(?:và|hoặc|còn)\s")
_SECONDARY_EN = re.compile(r",(?=\s)|\s(?:and|or|while|whereas)\s")
_CAP_NAM = re.compile(r"(?:^|[.;:(\n]|^\s*[a-zđ0-9]{1,3}[.)])\s*$")
# What may stand between a sex word and its bare value: "nam 50", "nữ: 48", "nam là 60".
_BARE_GAP = re.compile(
    r"^[\s:=–-]*(?:(?:là|từ|đủ|dưới|trên|tối đa|tối thiểu|at|is|of)\s*)?$", re.IGNORECASE
)
# Provision labels at the start of a text ("1.", "a)", "(a)", "- (a)", "1-").
_LABEL = re.compile(r"^\s*(?:[-*]\s*)?(?:\d{1,3}[.)-]|[a-zđ]{1,2}\)|\([a-z0-9.]+\))\s*", re.I)

# A number after one of these is a citation or a date, never a value for a sex.
_NOT_A_VALUE = re.compile(
    r"(?:khoản|điều|điểm|chương|mục|phần|phụ lục|số|năm|section|subsection|paragraph|"
    r"article|part|schedule|s\.|no\.|ss\.)\s*$",
    re.IGNORECASE,
)

SEXES = ("female", "male")
# between a bare number and the sex it is for: "170 for a male applicant", "45 đối với nam"
_FOR_SEX = re.compile(
    r"^\d+(?:[.,]\d+)?\s*(?:for|to|in the case of|if|đối với|cho|với)\s+"
    r"(?:(?:a|an|the|every|each|người|các|những|là)\s+)?(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_COORDINATED = re.compile(r"^\s*(?:,|hoặc|và|hay|or|and|,\s*(?:hoặc|và|or|and))\s*$", re.I)
RULE_KINDS = ("duty", "benefit", "assignment", "registration", "offence", "choice")


@cache
def words_of(language: str, name: str) -> tuple[str, ...]:
    """A word list of the language's sex-marker lexicon (data, not code), longest first."""
    from genderlens.check.loader import get_lexicon

    lex = get_lexicon(f"{language}-sex-markers")
    return tuple(sorted(lex.list(name), key=len, reverse=True))


@cache
def words_rx(language: str, name: str, template: str = r"\b(?:{})\b") -> re.Pattern[str] | None:
    """The words of a lexicon list as one pattern (None when the list is empty)."""
    words = words_of(language, name)
    if not words:
        return None
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(template.format(alternation), re.IGNORECASE)


def _has(language: str, name: str, text: str, template: str = r"\b(?:{})\b") -> bool:
    rx = words_rx(language, name, template)
    return rx is not None and rx.search(text) is not None


class Markers(list[Hit]):
    """The markers of one text in text order, never changed once found.

    Found markers never overlap (the phrase matcher keeps the longest), so their ends
    are in order as well as their starts, and "the markers between two offsets" is two
    binary searches. Why it matters: the classifier asks that question for every
    marker, sentence, segment and number; with a scan of all markers each time, a
    provision with thousands of sex words took minutes.
    """

    _starts: list[int] | None = None
    _sexed: Markers | None = None
    _by_label: dict[str, Markers] | None = None
    _ruled: tuple[Markers, Markers] | None = None

    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [h.start for h in self]
        return self._starts

    def sexed(self) -> Markers:
        """The markers of a sex ("nam", "phụ nữ"), in order."""
        if self._sexed is None:
            self._sexed = Markers(h for h in self if h.label in SEXES)
        return self._sexed

    def labelled(self, label: str) -> Markers:
        if self._by_label is None:
            self._by_label = {}
            for h in self:
                self._by_label.setdefault(h.label, Markers()).append(h)
        return self._by_label.get(label) or Markers()

    def ruled(self) -> tuple[Markers, Markers]:
        """The markers that set a rule, and of those the choices and offences."""
        if self._ruled is None:
            ruled = Markers(h for h in self if _rule_kind(h.label) is not None)
            self._ruled = (ruled, Markers(h for h in ruled
                                          if _rule_kind(h.label) in ("choice", "offence")))
        return self._ruled


def _within(hits: list[Hit], lo: int, hi: int) -> list[Hit]:
    """The markers starting in [lo, hi), in order."""
    if isinstance(hits, Markers):
        starts = hits.starts()
        return hits[bisect_left(starts, lo) : bisect_left(starts, hi)]
    return [h for h in hits if lo <= h.start < hi]


def _ordered(hits: list[Hit]) -> Markers:
    """``hits`` as :class:`Markers` if they are in order and disjoint (else unchanged
    order, and range lookups fall back to a scan)."""
    if isinstance(hits, Markers):
        return hits
    if all(a.start <= b.start and (a.end <= b.start or (a.start, a.end) == (b.start, b.end))
           for a, b in itertools.pairwise(hits)):
        return Markers(hits)
    return hits  # type: ignore[return-value]


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
    protective: bool = False  # a maternity value ("nghỉ thai sản 06 tháng") compares with nothing
    obligation: bool = False
    voluntary: bool = False
    origin: int = 0  # where the segment that named this sex starts
    named: bool = False  # the sex is named here, not carried from a previous segment
    part: int = 0  # the primary part (sentence, line) the segment belongs to


@dataclass(frozen=True, slots=True)
class Classification:
    category: str  # "differential" | "protective" | "special-measure"
    start: int
    end: int
    detail: str  # what differs, in words: "62 vs 60 (year)"
    shape: str  # "values" | "obligation" | "condition" | "spouse" | "one-sex" | "siblings"
    #            | "reference" | "protective" | "measure"
    sex: str | None = None  # the sex a one-sided rule is written for
    compared_with: str = ""  # locator of the sibling or cited provision


@dataclass(frozen=True, slots=True)
class OneSexRule:
    """A provision whose rule is written for one sex: who, what kind of rule, where."""

    sex: str
    kind: str  # one of RULE_KINDS
    start: int  # the subject phrase
    end: int  # the end of the rule phrase
    subject: str  # the subject phrase without its sex words ("công dân", "the insured is a")
    values: dict[str, list[float]]
    masked: str  # the provision's text with sex words removed, for equality tests
    from_context: bool = False  # the rule phrase came from the lead-in


@cache
def sex_lists(language: str, lexicon_id: str | None = None) -> SexLists:
    from genderlens.check.loader import get_lexicon

    lex = get_lexicon(lexicon_id or f"{language}-sex-markers")
    labels = {
        "female": lex.list("female"),
        "male": lex.list("male"),
        "both": lex.list("symmetric"),
        "protective": lex.list("protective"),
        "equality": lex.list("equality"),
        "measure": lex.list("special_measure"),
        "support": lex.list("support"),
        "gender_measure": lex.list("gender_measure"),
        "end": lex.list("measure_end"),
        "restrictive": lex.list("restrictive"),
        "obligation": lex.list("obligation"),
        "voluntary": lex.list("voluntary"),
        "entitlement": lex.list("one_sex_rule_verbs"),
        "family": lex.list("family_roles"),
        "subject_noun": lex.list("subject_nouns"),
        "opener": lex.list("subject_openers"),
        "preposition": lex.list("object_prepositions"),
        "scope": lex.list("scope_openers"),
        "rule_duty": lex.list("rule_duty"),
        "rule_benefit": lex.list("rule_benefit"),
        "rule_assignment": lex.list("rule_assignment"),
        "rule_registration": lex.list("rule_registration"),
        "rule_offence": lex.list("rule_offence"),
        "right": lex.list("spouse_rights"),
        "presumption": lex.list("presumption"),
        "separation": lex.list("separation"),
        "respectively": lex.list("respectively"),
        "group_context": lex.list("group_context"),
        IGNORE: lex.list("false_friends")
        + lex.list("specific_referents")
        + lex.list("names")
        + lex.list("not_classifying"),
    }
    scan = {
        k: labels[k]
        for k in ("female", "male", "both", "protective", "measure", "gender_measure", IGNORE)
    }
    return SexLists(
        language, PhraseIndex(language, labels, scan=False), PhraseIndex(language, scan)
    )


def _drop_place_nam(text: str, hits: list[Hit]) -> list[Hit]:
    """Capitalised "Nam" mid-sentence is a place or a name, not a sex."""
    out = []
    for h in hits:
        capital_nam = h.phrase == "nam" and text[h.start] == "N" and h.label in ("male", "family")
        if capital_nam and not _CAP_NAM.search(text[: h.start]):
            continue
        out.append(h)
    return out


def find_markers(text: str, lists: SexLists, form: str | None = None) -> Markers:
    hits = lists.index.find(text, form)
    if lists.language == "vi":
        hits = _drop_place_nam(text, hits)
    else:
        hits = _drop_cited_titles(text, hits)
        hits = _drop_ranks(text, hits, lists)
    return Markers(hits)


_CITED_TITLE = re.compile(r"\b(?:sections?|ss?\.)?\s*\d+(?:\.\d+)*(?:\(\w+\))*\s*\(([^()]*)\)")


def _drop_cited_titles(text: str, hits: list[Hit]) -> list[Hit]:
    """Words in a cited provision's title are not the citing provision's subject:
    "section 146 (sexual intercourse with female under fourteen)"."""
    if "(" not in text:
        return hits
    spans = [(m.start(1), m.end(1)) for m in _CITED_TITLE.finditer(text)]
    if not spans:
        return hits
    # the titles are disjoint and in order: only the last one starting at or before a
    # marker can hold it
    starts = [a for a, _ in spans]
    out = []
    for h in hits:
        i = bisect_right(starts, h.start) - 1
        if i < 0 or not h.start < spans[i][1]:
            out.append(h)
    return out


def _drop_ranks(text: str, hits: list[Hit], lists: SexLists) -> list[Hit]:
    """ "officers and men", "non-commissioned officer or man": a rank, not a sex."""
    context = Markers(h for h in hits if h.label == "group_context")
    if not context:
        return hits
    from genderlens.normalize import match_form

    members = {match_form(w) for w in words_of(lists.language, "group_members")}
    out = []
    for h in hits:
        before = text[max(0, h.start - 12) : h.start]
        copula = _has(lists.language, "copulas", before, r"\b(?:{})\s+$")
        if h.label in ("male", "family") and h.phrase in members and not copula:
            left, right = _sentence_bounds(text, h.start)
            if _within(context, left, right):
                continue
        out.append(h)
    return out


def sexes_of(hits: list[Hit]) -> set[str]:
    out = {h.label for h in hits if h.label in SEXES}
    if any(h.label == "both" for h in hits):
        out.update(SEXES)
    return out


def _segments(text: str, hits: list[Hit], language: str, soft: frozenset[int]) -> list[Segment]:
    secondary = _SECONDARY_VI if language == "vi" else _SECONDARY_EN
    bounds: list[tuple[int, int, bool]] = []  # (start, end, starts a new primary part)
    part_no = 0
    pos = 0
    parts: list[tuple[int, int]] = []
    for m in _PRIMARY.finditer(text):
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
    qs = quantities(text, language, bare_words=True)
    q_starts = [q.start for q in qs]  # in text order
    hits = _ordered(hits)
    sex_hits = _ordered([h for h in hits if h.label in (*SEXES, "both")])
    segs: list[Segment] = []
    carry: str | None = None
    origin = 0
    for s, e, new_part in bounds:
        if new_part:
            carry = None
            part_no += 1
        here = _ordered(_within(sex_hits, s, e))
        sexes = sexes_of(here)
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
        vals = []
        for q in qs[bisect_left(q_starts, s) : bisect_left(q_starts, e)]:
            if q.unit:
                vals.append((unit_family(q.unit), q.value))
            elif _bare_value_of(text, here, q.start, s if len(sexes) == 1 else None):
                vals.append((NUMBER, q.value))
        labels = {h.label for h in _within(hits, s, e)}
        segs.append(
            Segment(
                s,
                e,
                sex,
                vals,
                "restrictive" in labels,
                "protective" in labels,
                "obligation" in labels,
                "voluntary" in labels,
                origin,
                named,
                part_no,
            )
        )
    # "sixty years, if a man, or fifty-five years, if a woman": in a provision that
    # writes the value before its sex, a value belongs to the sex named next
    first_named = next((i for i, g in enumerate(segs) if g.named and g.sex in SEXES), None)
    value_first = (
        first_named is not None
        and first_named > 0
        and segs[first_named - 1].sex is None
        and bool(segs[first_named - 1].values)
        and segs[first_named - 1].part == segs[first_named].part
    )
    for a, b in itertools.pairwise(segs) if value_first else ():
        same_part = a.part == b.part
        if same_part and not a.named and a.values and b.named and b.sex in SEXES and not b.values:
            b.values, a.values = a.values, []
            b.origin = a.start
    return segs


def _bare_value_of(text: str, sex_hits: list[Hit], pos: int, seg_start: int | None = None) -> bool:
    """Is the number at ``pos`` a value for a sex although no unit word follows it?
    Yes right after a sex word ("nam 50", "nữ: 48"), or first in a segment that names
    one sex ("… and 55 if the annuitant is a woman": ``seg_start`` given), but never a
    provision label ("(1)", "2."), never after a citation word ("khoản 2", "section
    6") and never a year ("năm 2028", "1947")."""
    if _NOT_A_VALUE.search(text[max(0, pos - 12) : pos]):
        return False
    if re.match(r"(?:1[89]|20)\d\d(?!\d)", text[pos : pos + 5]):
        return False
    line_start = text.rfind("\n", 0, pos) + 1
    at_start = not text[line_start:pos].strip(" -*(")
    if at_start and re.match(r"\d+[.)-]?(?:\s|$)", text[pos:]):
        return False  # a provision label: "(1)", "2.", "1-"
    last_end, first_start = _sex_words_around(sex_hits, pos)
    if last_end is not None and _BARE_GAP.match(text[last_end:pos]):
        return True
    if first_start is not None and _FOR_SEX.match(text[pos:first_start]):
        return True  # "170 for a male applicant", "45 đối với nam"
    if seg_start is None:
        return False
    lead = text[seg_start:pos]
    return not re.sub(r"^[\s,;:]*(?:and|or|và|hoặc|còn|while|whereas)?[\s,;:]*", "", lead)


def _sex_words_around(hits: list[Hit], pos: int) -> tuple[int | None, int | None]:
    """Where the last sex word ending at or before ``pos`` ends, and where the first
    one starting after it starts."""
    if isinstance(hits, Markers):
        sexed = hits.sexed()
        starts = sexed.starts()
        # disjoint markers: ends are in the order of starts
        i = bisect_right(starts, pos)
        first = starts[i] if i < len(starts) else None
        j = i - 1
        while j >= 0 and sexed[j].end > pos:
            j -= 1  # at most the one marker that straddles pos
        return (sexed[j].end if j >= 0 else None), first
    before = [h.end for h in hits if h.end <= pos and h.label in SEXES]
    after = [h.start for h in hits if h.start > pos and h.label in SEXES]
    return (max(before) if before else None), (min(after) if after else None)


def _profile(segs: list[Segment]) -> dict[str, dict[str, list[float]]]:
    prof: dict[str, dict[str, list[float]]] = {"female": {}, "male": {}}
    for seg in segs:
        if seg.sex in SEXES and not seg.protective:
            for fam, v in seg.values:
                prof[seg.sex].setdefault(fam, []).append(v)
    return _merge_bare(prof)


def _merge_bare(prof: dict[str, dict[str, list[float]]]) -> dict[str, dict[str, list[float]]]:
    """A bare value takes the unit the other values of the provision have, when they
    all have the same one ("nam 60 tuổi, nữ 55"): it is the same measure."""
    units = {fam for sex in prof.values() for fam in sex if fam != NUMBER}
    if len(units) != 1:
        return prof
    unit = next(iter(units))
    out: dict[str, dict[str, list[float]]] = {}
    for sex, fams in prof.items():
        merged: dict[str, list[float]] = {}
        for fam, vs in fams.items():
            merged.setdefault(unit if fam == NUMBER else fam, []).extend(vs)
        out[sex] = merged
    return out


_WORDS = {
    "vi": {
        "female": "nữ", "male": "nam", "year": "năm/tuổi", "month": "tháng", "week": "tuần",
        "day": "ngày", "hour": "giờ", "minute": "phút", "percent": "%", "times": "lần",
        "money": "đồng", "people": "người", "number": "giá trị", "points": "điểm",
        "length": "chiều dài", "area": "diện tích", "weight": "khối lượng",
        "duty": "nghĩa vụ", "benefit": "quyền lợi, điều kiện hưởng",
        "assignment": "việc bố trí, giao nhiệm vụ", "registration": "việc lập danh sách",
        "offence": "chế tài", "choice": "sự lựa chọn tự nguyện",
        "values": "{unit}: nam {men}; nữ {women}",
        "obligation": "bắt buộc với {bound}, tự nguyện với {free}",
        "condition": "điều kiện chỉ đặt ra cho {sex}",
        "one-sex": "{kind} chỉ quy định cho {sex}; {other} không có quy định tương ứng",
        "siblings": "{unit}: khác với {other}",
        "siblings-rule": "{kind} đối với {sex}; {other_sex} theo quy định khác ({other})",
        "siblings-choice": "nghĩa vụ đối với {bound}; {free} chỉ khi tự nguyện ({other})",
        "reference": "áp dụng quy định riêng cho {sex} tại {other}",
        "spouse-right": "{what} chỉ dành cho {who}",
        "spouse-restriction": "hạn chế chỉ đặt ra cho {who}",
        "spouse-presumption": "mặc định chỉ dành cho {who}",
        "definition": "thuật ngữ “{term}” được định nghĩa chỉ gồm {sex}",
        "maternity": "; liên quan đến thai sản: cần đánh giá lý do (CEDAW Điều 4(2), 5(a), 16)",
        "right": "quyền", "consent": "sự đồng ý",
    },
    "en": {
        "female": "women", "male": "men", "year": "years", "month": "months", "week": "weeks",
        "day": "days", "hour": "hours", "minute": "minutes", "percent": "%", "times": "times",
        "money": "amount", "people": "people", "number": "value", "points": "points",
        "length": "length", "area": "area", "weight": "weight",
        "duty": "a duty", "benefit": "a benefit or route", "assignment": "an assignment",
        "registration": "registration", "offence": "a penalty", "choice": "a free choice",
        "values": "{unit}: men {men}; women {women}",
        "obligation": "a duty for {bound}, voluntary for {free}",
        "condition": "a condition set for {sex} only",
        "one-sex": "{kind} written for {sex} only; nothing matching for {other}",
        "siblings": "{unit}: differs from {other}",
        "siblings-rule": "{kind} for {sex}; a different rule for {other_sex} ({other})",
        "siblings-choice": "a duty for {bound}; {free} only if they volunteer ({other})",
        "reference": "applies the rule written for {sex} only in {other}",
        "spouse-right": "{what} given to the {who} only",
        "spouse-restriction": "a restriction on the {who} only",
        "spouse-presumption": "a presumption in favour of the {who} only",
        "definition": "the term “{term}” is defined for {sex} only",
        "maternity": "; tied to maternity: weigh the justification (CEDAW Art. 4(2), 5(a), 16)",
        "right": "a right", "consent": "consent",
    },
}  # fmt: skip


def say(language: str, key: str, **values: str) -> str:
    """Explain a difference in the draft's language (units, sexes and kinds translated)."""
    words = _WORDS["vi" if language == "vi" else "en"]
    named = {k: words.get(v, v) for k, v in values.items()}
    return words[key].format(**named)


def other_sex(sex: str) -> str:
    return "female" if sex == "male" else "male"


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else str(v)


def say_values(language: str, unit: str, men: list[float], women: list[float]) -> str:
    """ "năm/tuổi: nam 62; nữ 60" — every values shape words its difference the same way."""
    return say(
        language,
        "values",
        unit=unit,
        men=", ".join(_fmt(v) for v in men),
        women=", ".join(_fmt(v) for v in women),
    )


def unit_family(unit: str) -> str:
    """Units that measure the same thing compare with each other ("tuổi" and "năm")."""
    return _FAMILY.get(unit, unit)


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
    context: str = "",
) -> Classification | None:
    """Classify one provision's own text; ``context`` is its lead-in (the enclosing
    clause or article text), read for maternity, measure and rule words when the
    provision is a bare list item ("d) Phụ nữ;")."""
    found = _classify(text, language, soft_breaks, lexicon_id, context)
    if found is not None and found.category == "differential" and context:
        # a point in a list of prohibited acts ("Nghiêm cấm các hành vi sau đây: … b) Quy
        # định chỉ tiêu riêng cho nam hoặc cho nữ") bans the difference it names; the
        # lead-in is read only for the few provisions that would be findings
        lists = sex_lists(language, lexicon_id)
        if any(h.label == "equality" for h in find_markers(context, lists)):
            return None
    return found


def _classify(
    text: str,
    language: str,
    soft_breaks: frozenset[int],
    lexicon_id: str | None,
    context: str,
) -> Classification | None:
    lists = sex_lists(language, lexicon_id)
    form = form_of(text)
    hits = find_markers(text, lists, form)
    labels = {h.label for h in hits}
    sexes = sexes_of(hits)
    if not sexes and not labels & {"protective", "measure", "gender_measure"}:
        return None
    if "equality" in labels and len(sexes) == 2:
        return None
    if len(sexes) == 2 and any(
        h.label in SEXES
        and _has(language, "yardstick_words", text[max(0, h.start - 30) : h.start],
                 r"\b(?:{})\s+(?:\S+\s+){{0,2}}$")
        for h in hits
    ):
        return None  # "… được hưởng tiền công và chế độ như lao động nam"
    if len(sexes) == 2:
        found = _both_sexes(text, hits, language, soft_breaks)
        if found is not None:
            return found
    spouse = _one_sided_family(text, hits, language)
    if spouse is not None:
        return spouse
    defined = one_sex_definition(text, hits, language, context)
    if defined is not None:
        return defined
    prot = [h for h in hits if h.label == "protective"]
    meas = [h for h in hits if h.label == "measure"]
    if sexes == {"female"}:
        meas += [h for h in hits if h.label == "support"]
    quiet = "equality" in labels or "separation" in labels
    rule = one_sex_rule(text, language, lexicon_id, context) if sexes and not quiet else None
    if rule is not None and rule.kind == "offence":
        # an offence only one sex (or one parent) can commit is differential even
        # when it turns on pregnancy or birth: it is a penalty, not a protection
        detail = say(language, "one-sex", kind=rule.kind, sex=rule.sex, other=other_sex(rule.sex))
        if prot:
            detail += say(language, "maternity")
        return Classification("differential", rule.start, rule.end, detail, "one-sex", rule.sex)
    if prot:
        return Classification(
            "protective", prot[0].start, prot[0].end, prot[0].phrase, "protective"
        )
    named = [h for h in hits if h.label == "gender_measure"]
    if named and "equality" not in labels:
        return Classification(
            "special-measure", named[0].start, named[0].end, named[0].phrase, "measure"
        )
    if meas and sexes and sexes != {"male"}:
        # a preference or support for men only is not a measure for equality in a
        # Vietnamese or Commonwealth draft: it is read as a one-sex rule below
        return Classification(
            "special-measure", meas[0].start, meas[0].end, meas[0].phrase, "measure"
        )
    if rule is not None and rule.sex == "female" and "end" in labels:
        # a time-bound benefit for women ("Đến hết năm 2030, nữ ứng cử viên … được bồi
        # dưỡng") is the temporary special measure of CEDAW 4(1)
        end_hit = next(h for h in hits if h.label == "end")
        return Classification(
            "special-measure", end_hit.start, end_hit.end, end_hit.phrase, "measure"
        )
    if rule is not None:
        if context:
            # the lead-in or the article heading may say what the list is for:
            # "Chế độ đối với phạm nhân nữ có thai …", "… được ưu tiên: b) Phụ nữ;"
            ctx_labels = {h.label for h in find_markers(context, lists)}
            if "protective" in ctx_labels:
                return Classification("protective", rule.start, rule.end, "", "protective")
            if ctx_labels & {"measure", "gender_measure", "support"} and rule.sex != "male":
                return Classification("special-measure", rule.start, rule.end, "", "measure")
            if rule.from_context and ctx_labels & {"separation", "equality"}:
                return None
        detail = say(language, "one-sex", kind=rule.kind, sex=rule.sex, other=other_sex(rule.sex))
        return Classification("differential", rule.start, rule.end, detail, "one-sex", rule.sex)
    return None


def _like_with_like(hits: list[Hit]) -> list[Hit]:
    """Compare workers with workers and spouses with spouses: in "lao động nam … khi vợ
    sinh đôi thì được nghỉ 10 ngày" the wife is a condition, not the other sex's rule."""
    family = {(h.start, h.end) for h in hits if h.label == "family"}
    person = [h for h in hits if h.label in SEXES and (h.start, h.end) not in family]
    kin = [h for h in hits if h.label in SEXES and (h.start, h.end) in family]
    rest = [h for h in hits if h.label not in SEXES]
    if person and kin:
        return person + rest
    return hits


def _respective(text: str, hits: list[Hit], language: str) -> Classification | None:
    """ "lần lượt là 45% và 50% … đối với nam và nữ", "by male and female members are 7%
    and 6% …, respectively": values and sexes paired in order."""
    word = next((h for h in hits if h.label == "respectively"), None)
    if word is None:
        return None
    sex_hits = [h for h in hits if h.label in SEXES]
    qs = [q for q in quantities(text, language) if q.unit]
    by_family: dict[str, list[tuple[int, float]]] = {}
    for q in qs:
        by_family.setdefault(unit_family(q.unit), []).append((q.start, q.value))
    for fam, vals in by_family.items():
        if len(vals) != len(sex_hits) or len(vals) < 2 or len({h.label for h in sex_hits}) < 2:
            continue
        pairs = list(zip([h.label for h in sex_hits], [v for _, v in vals], strict=True))
        men = sorted(v for sx, v in pairs if sx == "male")
        women = sorted(v for sx, v in pairs if sx == "female")
        if men == women:
            return None
        start = min(vals[0][0], sex_hits[0].start)
        end = max(word.end, sex_hits[-1].end, max(q.end for q in qs))
        start, end = _trim(text, start, end)
        detail = say_values(language, fam, men, women)
        return Classification("differential", start, end, detail, "values")
    return None


def _both_sexes(
    text: str, hits: list[Hit], language: str, soft_breaks: frozenset[int]
) -> Classification | None:
    hits = _ordered(sorted(_like_with_like(hits), key=lambda h: (h.start, h.end)))
    if len(sexes_of(hits)) < 2:
        return None
    respective = _respective(text, hits, language)
    if respective is not None:
        return respective
    segs = _segments(text, hits, language, soft_breaks)
    diff = differing_values(_profile(segs))
    if diff is not None:
        fam, m, f = diff
        involved = [
            s for s in segs if s.sex in SEXES and any(v[0] in (fam, NUMBER) for v in s.values)
        ]
        start = min(s.origin for s in involved)
        end = max(s.end for s in involved)
        start, end = _trim(text, start, end)
        return Classification(
            "differential", start, end, say_values(language, fam, m, f), "values"
        )
    bound = {s.sex for s in segs if s.obligation and s.sex in SEXES}
    free = {s.sex for s in segs if s.voluntary and s.sex in SEXES}
    if len(bound) == 1 and len(free) == 1 and bound != free:
        involved = [s for s in segs if s.sex in SEXES]
        start, end = _trim(text, min(s.start for s in involved), max(s.end for s in involved))
        return Classification(
            "differential",
            start,
            end,
            say(language, "obligation", bound=bound.pop(), free=free.pop()),
            "obligation",
        )
    restricted = {s.sex for s in segs if s.restrictive and s.sex in SEXES}
    if len(restricted) == 1:
        involved = [s for s in segs if s.sex in SEXES]
        start, end = _trim(text, min(s.start for s in involved), max(s.end for s in involved))
        sex = restricted.pop()
        return Classification(
            "differential", start, end, say(language, "condition", sex=sex), "condition", sex
        )
    return None


# "(s) **settler** … means …", "“insured person” means …", "2. Người lao động là …"
_DEFINITION = {
    "en": re.compile(
        r"^\W*(?:\([a-z0-9.]+\)\s*)?(?:\*\*|“|\")(?P<term>[^*”\"\n]{2,60})(?:\*\*|”|\")"
        r"(?P<body>[^\S\n]+(?:[^.;\n]{0,80}?\s)?(?:means|includes|to mean)\b.*)$",
        re.IGNORECASE | re.DOTALL,
    ),
    "vi": re.compile(r"^\s*\d{1,3}\.\s*(?P<term>[^.:;\n]{2,60}?)\s+(?P<body>là\s.*)$", re.DOTALL),
}


def one_sex_definition(
    text: str, hits: list[Hit], language: str, context: str = ""
) -> Classification | None:
    """A defined term restricted to one sex ("**settler** to mean male member only …"):
    every rule that uses the term is a rule for that sex. A term that is itself a sex
    word ("“widow” means …") defines nothing one-sided."""
    rx = _DEFINITION["vi" if language == "vi" else "en"]
    m = rx.match(text)
    if m is None:
        return None
    term_end = m.end("term")
    in_term = sexes_of([h for h in hits if h.start < term_end])
    in_body = sexes_of([h for h in hits if h.start >= m.start("body")])
    if in_term or len(in_body) != 1:
        return None
    if any(h.label == "protective" for h in hits):
        return None
    if rx is _DEFINITION["vi"] and not _has(language, "definition_headings", context):
        return None  # "N. X là …" defines a term only in a definitions article
    if rx is _DEFINITION["vi"] and not _has(language, "only_words", m.group("body")):
        return None  # Vietnamese definitions name sexes in examples; only "chỉ" restricts
    sex = next(iter(in_body))
    marker = next(h for h in hits if h.start >= m.start("body") and h.label in SEXES)
    term = m.group("term").strip()
    detail = say(language, "definition", term=term, sex=sex)
    start, end = _trim(text, m.start("term"), marker.end)
    return Classification("differential", start, end, detail, "definition", sex, term)


def _sex_at(hits: list[Hit], h: Hit) -> str | None:
    """The sex of the marker spanning ``h`` (a phrase keeps every list's label)."""
    for other in _within(hits, h.start, h.start + 1):
        if other.end == h.end and other.label in (*SEXES, "both"):
            return other.label
    return None


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos``: after the last ".", ";" or line break before it, up
    to the next ";", line break or full stop."""
    lefts, _, rights = _breaks(text)
    i = bisect_left(lefts, pos)
    j = bisect_left(rights, pos)
    return (lefts[i - 1] + 1 if i else 0), (rights[j] if j < len(rights) else len(text))


def _clause_start(text: str, pos: int) -> int:
    """After the last ".", ";", ":" or line break before ``pos``."""
    _, stops, _ = _breaks(text)
    i = bisect_left(stops, pos)
    return stops[i - 1] + 1 if i else 0


_LEFT_BREAK = re.compile(r"[.;\n]")
_CLAUSE_BREAK = re.compile(r"[.;:\n]")
_RIGHT_BREAK = re.compile(r"[;\n]|\.(?=\s|$)")


@lru_cache(maxsize=64)
def _breaks(text: str) -> tuple[list[int], list[int], list[int]]:
    """Where sentences and clauses may end, found once per text: looking for them from
    each marker scanned the text once per marker (a text with no full stop was read to
    its end for every sex word)."""
    return ([m.start() for m in _LEFT_BREAK.finditer(text)],
            [m.start() for m in _CLAUSE_BREAK.finditer(text)],
            [m.start() for m in _RIGHT_BREAK.finditer(text)])


def _one_sided_family(text: str, hits: list[Hit], language: str) -> Classification | None:
    """A right, consent, restriction or presumption attached to one spouse or parent:
    "phải được người vợ đồng ý", "chồng không có quyền yêu cầu ly hôn …", "con dưới 36
    tháng tuổi được giao cho mẹ trực tiếp nuôi". Symmetric pairs ("vợ, chồng") are a
    single "both" marker and attach nothing one-sided."""
    rights = [h for h in hits if h.label in ("right", "presumption")]
    if not rights:
        return None
    people = Markers(h for h in hits if h.label in ("family", "both"))
    if not people:
        return None
    attached: list[tuple[Hit, Hit, str]] = []  # (right, person, sex or "both")
    for r in rights:
        left, right = _sentence_bounds(text, r.start)
        if r.label == "presumption":
            # a default for whoever follows: "được giao cho mẹ", "họ của cha đẻ hoặc
            # họ của mẹ đẻ" (both named: no one-sided default)
            after = _within(people, r.end, right)
            if after and after[0].start - r.end <= 15:
                chain = [after[0]]
                for p in after[1:]:
                    gap = text[chain[-1].end : p.start]
                    if (
                        len(gap) > 30
                        or _has(language, "exception_words", gap)
                        or not re.match(r"\s*(?:,|(?:hoặc|và|hay|or|and)\b)", gap)
                    ):
                        break
                    chain.append(p)
                found = {"both" if p.label == "both" else _sex_at(hits, p) for p in chain}
                found.discard(None)
                sex = (
                    "both" if len(found) > 1 or "both" in found else found.pop() if found else None
                )
                if sex is not None:
                    attached.append((r, after[0], sex))
                continue
        after_of = _within(people, r.end, right)
        if after_of and re.match(
            r"^\s*(?:bằng văn bản\s+)?(?:của|of|by)\s+(?:her\s+|his\s+|the\s+)?(?:\w+['’]s\s+)?$",
            text[r.end : after_of[0].start],
        ):
            # "văn bản đồng ý của người chồng", "the written consent of her husband"
            p = after_of[0]
            sex = "both" if p.label == "both" else _sex_at(hits, p)
            if sex is not None:
                attached.append((r, p, sex))
            continue
        before = [p for p in _within(people, left, r.start) if p.end <= r.start]
        if not before:
            continue
        p = max(before, key=lambda x: x.end)
        if r.start - p.end > 45 or re.search(r"[;:]", text[p.end : r.start]):
            continue
        if any(h.label == "protective" for h in _within(hits, p.end, r.start)):
            continue  # "a husband whose wife has given birth is entitled …": a birth leave
        sex = "both" if p.label == "both" else _sex_at(hits, p)
        if sex is not None and sex != "both":
            # "cha đẻ hoặc mẹ đẻ có quyền": a coordinated pair is both parents
            joined = [
                q
                for q in before
                if q.end <= p.start
                and _COORDINATED.match(text[q.end : p.start])
                and _sex_at(hits, q) not in (None, sex)
            ]
            if joined:
                sex = "both"
        if sex is not None:
            attached.append((r, p, sex))
    sexes = {s for _, _, s in attached}
    if len(sexes) == 2 and "both" not in sexes:
        # "… by the minor's father, and by the minor's mother only where the father has
        # died": the same right, unconditional for one parent and a fallback for the other
        plain = {
            sx
            for r_, p_, sx in attached
            if not _has(language, "only_words", text[max(0, p_.start - 12) : p_.end + 25])
        }
        if len(plain) == 1:
            sexes = plain
            attached = [a for a in attached if a[2] in plain]
    if len(sexes) != 1 or "both" in sexes:
        return None
    sex = sexes.pop()
    r, person, _ = attached[0]
    who = text[person.start : person.end]
    if r.label == "presumption":
        detail = say(language, "spouse-presumption", who=who)
    elif r.phrase.startswith(("không", "may not")):
        detail = say(language, "spouse-restriction", who=who)
    else:
        what = "consent" if _has(language, "consent_words", r.phrase) else "right"
        detail = say(language, "spouse-right", what=what, who=who)
    if any(h.label == "protective" for h in hits):
        detail += say(language, "maternity")
    start, end = (min(r.start, person.start), max(r.end, person.end))
    return Classification("differential", start, end, detail, "spouse", sex)


@cache
def _then_rx(language: str) -> re.Pattern[str] | None:
    then = words_rx(language, "then_words")
    same = words_rx(language, "same_subject_after_then")
    if then is None or same is None:
        return None
    return re.compile(rf"{then.pattern}\s+(?!{same.pattern})\w", re.IGNORECASE)


def _new_subject_after_then(language: str, text: str) -> bool:
    """"… là nữ thì Hội đồng phải …": after "thì" a new subject takes the rule."""
    rx = _then_rx(language)
    return rx is not None and rx.search(text) is not None


def _rule_kind(label: str) -> str | None:
    if label.startswith("rule_"):
        return label[5:]
    if label == "entitlement":
        return "benefit"
    if label == "obligation":
        return "duty"
    if label == "voluntary":
        return "choice"
    if label == "right":
        return "benefit"
    return None


def _subject(text: str, hits: list[Hit], language: str) -> Hit | None:
    """The first sex marker that is the subject (or the object of a listing or
    assignment verb) of its sentence: "Công dân nam …", "lập danh sách nam thanh niên
    …", "Where the insured is a married man …", "sĩ quan nữ …"."""
    for h in hits:
        if h.label in SEXES and _is_subject(text, hits, h, language):
            return h
    return None


def _is_subject(text: str, hits: list[Hit], h: Hit, language: str) -> bool:
    return _subject_via(text, hits, h, language) is not False


def _subject_via(text: str, hits: list[Hit], h: Hit, language: str) -> Hit | bool:
    """False when ``h`` is not its sentence's subject; else True, or the listing or
    assignment verb whose object it is ("cử nam giáo viên …": the verb is the rule)."""
    if language != "vi":
        # English names the person a rule is for in any position ("payable to the
        # widow", "designate a male officer", "every male person resident …"); a
        # possessed spouse ("his wife") is the rule's object, not its subject
        before = text[max(0, h.start - 20) : h.start]
        return not _has(language, "possessives", before, r"\b(?:{})\s+$")
    strict = _subject_vi(text, hits, h)
    # Vietnamese also names the group late: "được phân công cho cán bộ, chiến sĩ nam",
    # "hồ sơ do chủ hộ là nam nộp"; the strict reading still tells which verb takes it
    return strict if strict is not False else True


def _subject_vi(text: str, hits: list[Hit], h: Hit) -> Hit | bool:
    left = _clause_start(text, h.start)
    m = _LABEL.match(text, left)
    if m:
        left = m.end()
    prefix_end = h.start
    while True:
        prefix = text[left:prefix_end]
        if not prefix.strip():
            return True
        stripped = prefix.rstrip()
        end = left + len(stripped)
        if stripped.endswith(","):
            return _opens_clause("vi", text[left:end])
        ending = [
            x
            for x in _ending_at(hits, left, end)
            if x.label in ("subject_noun", "scope", "opener", "preposition")
        ]
        if not ending:
            return False
        openers = [x for x in ending if x.label == "opener"]
        if openers:
            return openers[0]
        if any(x.label == "preposition" for x in ending):
            # "… được chi trả cho thuyền viên nam": a receiver named late; the rule is
            # the verb before it, found as for any late-named group
            return False
        prefix_end = min(x.start for x in ending)


def _labelled(hits: list[Hit], label: str) -> list[Hit]:
    if isinstance(hits, Markers):
        return hits.labelled(label)
    return [h for h in hits if h.label == label]


def _ending_at(hits: list[Hit], left: int, end: int) -> list[Hit]:
    """The markers starting at or after ``left`` that end at ``end``, in order."""
    if isinstance(hits, Markers) and hits:
        # disjoint markers: those ending at ``end`` are the last ones starting before it
        starts = hits.starts()
        i = j = bisect_left(starts, end)
        while i > 0 and hits[i - 1].end >= end and starts[i - 1] >= left:
            i -= 1
        return [x for x in hits[i:j] if x.end == end]
    return [x for x in hits if x.end == end and x.start >= left]


def _opens_clause(language: str, text: str) -> bool:
    """Does ``text`` start with an adverbial opening ("Trong thời bình", "Where …") after
    which, past a comma, a new clause and its subject begin?"""
    rx = words_rx(language, "clause_openings", r"^\s*(?:{})\b")
    return rx is not None and rx.match(text) is not None


def _opener_kind(hits: list[Hit], opener: Hit) -> str:
    """The rule a listing or hiring verb sets: its own rule list when it has one
    ("lập danh sách" is a registration), else an assignment."""
    same = [_rule_kind(x.label) for x in _within(hits, opener.start, opener.start + 1)
            if x.end == opener.end]
    return next((k for k in same if k), "assignment")


def _listed_group(text: str, subject: Hit, hits: list[Hit], language: str) -> bool:
    """Is the sex-marked group one item of a list of groups ("phụ nữ, thanh niên, học
    sinh", "infants, lunatics, married women, or other persons")? A comma that opens
    a new clause ("leaving a widow, a pension … is payable") is not a list."""
    list_word = re.compile(r"^\s*(?:,|và|hoặc|hay|and|or)\b", re.IGNORECASE)
    if text.startswith(",", subject.end):
        m = _next_item().match(text, subject.end)
        nxt = m.group(1) if m else ""
        if (
            m
            and len(nxt.split()) <= 4
            and not any(
                h.label in (*SEXES, "both")
                for h in _within(hits, subject.end + 1, subject.end + 4)
            )
        ):
            return True
    left = _clause_start(text, subject.start)
    before = text[left : subject.start]
    if _after_a_comma(before):
        head = before[: before.rfind(",")]
        previous = head[head.rfind(",") + 1 :]
        if not _opens_clause(language, previous) and (
            len(previous.split()) <= 4 or list_word.match(head[-1:] or "")
        ):
            return True
    return False


@cache
def _list_words() -> tuple[str, ...]:
    """The list conjunctions of both languages (both always counted: drafts quote
    lists in the other language too)."""
    return words_of("vi", "list_conjunctions") + words_of("en", "list_conjunctions")


@cache
def _next_item() -> re.Pattern[str]:
    """ ", X," or ", X và/and …": the next item of a list of groups."""
    words = "|".join(re.escape(w) for w in _list_words())
    return re.compile(rf",\s*([^,;:.\n]{{0,40}}?)(?=,|;|\s(?:{words})\s)")


def _after_a_comma(before: str) -> bool:
    r"""Does ``before`` end in a comma, maybe with a list conjunction after it
    (``,\s*(?:or\s+|and\s+|…)?$``)? Read from the end: searching the pattern scanned
    the whole sentence once per marker."""
    tail = before.rstrip()
    if tail.endswith(","):
        return True
    if len(tail) == len(before):  # a list word must be followed by whitespace
        return False
    for word in _list_words():
        if tail.endswith(word) and tail[: -len(word)].rstrip().endswith(","):
            return True
    return False


@lru_cache(maxsize=8192)
def one_sex_rule(
    text: str,
    language: str,
    lexicon_id: str | None = None,
    context: str = "",
) -> OneSexRule | None:
    """The one-sex rule a provision sets, if its subject is one sex only (the other
    sex may appear as an object: "… for the benefit of his wife"). Each sentence's
    subject is tried in turn: an English section opens with its heading line. Cached:
    the classifier and the comparison of siblings both ask for it."""
    lists = sex_lists(language, lexicon_id)
    hits = find_markers(text, lists)
    for subject in hits:
        if subject.label not in SEXES or not _is_subject(text, hits, subject, language):
            continue
        if _listed_group(text, subject, hits, language):
            continue
        found = _rule_for(text, language, lists, context, hits, subject)
        if found is not None:
            return found
    return None


def _rule_order(rule: tuple[Hit, str]) -> tuple[bool, int, bool]:
    """A free choice or a penalty anywhere decides ("nếu tự nguyện", "is … guilty of an
    indictable offence"); else the first rule, and of the labels one phrase carries the
    most specific list ("có nghĩa vụ" is a duty)."""
    h, kind = rule
    return kind not in ("choice", "offence"), h.start, not h.label.startswith("rule_")


def _first_rule(hits: list[Hit], lo: int, hi: int) -> list[tuple[Hit, str]]:
    """The rule of :func:`_rule_order` among the markers starting in [lo, hi) (a
    one-item list), or none. Why not sort them all: a provision that is one long
    sentence would sort every rule word of it once per sex word."""
    if not isinstance(hits, Markers):
        found = [(h, k) for h in _within(hits, lo, hi) if (k := _rule_kind(h.label)) is not None]
        found.sort(key=_rule_order)
        return found[:1]
    ruled, special = hits.ruled()
    for pool in (special, ruled):
        starts = pool.starts()
        i = bisect_left(starts, lo)
        if i == len(pool) or pool[i].start >= hi:
            continue
        # the earliest start; at one start, a rule list's own label before the others,
        # else the first (the order of a stable sort)
        j = i
        while j < len(pool) and pool[j].start == pool[i].start:
            if pool[j].label.startswith("rule_"):
                i = j
                break
            j += 1
        h = pool[i]
        return [(h, _rule_kind(h.label) or "")]
    return []


def _rule_for(
    text: str,
    language: str,
    lists: SexLists,
    context: str,
    hits: list[Hit],
    subject: Hit,
) -> OneSexRule | None:
    left, right = _sentence_bounds(text, subject.start)
    # a Vietnamese subject at the head of its clause takes the rule that follows it;
    # a group named late ("… được phân công cho cán bộ, chiến sĩ nam") the one before
    late = language != "vi" or _subject_vi(text, hits, subject) is False
    lo = left if late else subject.end
    rules = _first_rule(hits, lo, right)
    if late and not rules:
        # "lập, cập nhật danh sách … gồm những người là nam", "Không tuyển dụng người là
        # nam": the listing or hiring verb before a late-named group is the rule
        rules = [
            (h, _opener_kind(hits, h))
            for h in _within(hits, left, subject.start)
            if h.label == "opener"
        ]
        rules.sort(key=_rule_order)
    via = _subject_via(text, hits, subject, language)
    if not rules and isinstance(via, Hit):
        # the verb that takes the group as its object is the rule: "lập danh sách nam
        # thanh niên", "cử nam giáo viên đi bồi dưỡng"
        rules = [(via, _opener_kind(hits, via))]
    from_context = False
    if not rules and context and len(text) <= 200 and sexes_of(hits) == {subject.label}:
        ctx_hits = find_markers(context, lists)
        rules = [(h, k) for h in ctx_hits if (k := _rule_kind(h.label)) is not None]
        from_context = bool(rules)
        if rules:
            rule_end = subject.end
    if not rules:
        return None
    rule, kind = rules[0]
    if (
        late
        and language == "vi"
        and _within(_labelled(hits, other_sex(subject.label)), left, right)
    ):
        return None  # "cha đẻ, cha nuôi, mẹ đẻ, mẹ nuôi": both named, no one-sided subject
    if (
        language == "vi"
        and not from_context
        and _new_subject_after_then(language, text[subject.end : rule.start])
    ):
        return None  # "trường hợp người chấp hành án là nữ thì Hội đồng phải …"
    if not from_context and any(
        language == "vi"
        or (_is_subject(text, hits, h, language) and not _listed_group(text, h, hits, language))
        for h in _within(_labelled(hits, other_sex(subject.label)), left,
                         rule.start if language == "vi" else right)
    ):
        return None  # both sexes are subjects: the within-provision shapes decide
    if not from_context:
        rule_end = rule.end
    prefix = text[left : subject.start]
    subject_words = _LABEL.sub("", prefix).strip().lower()
    vals: dict[str, list[float]] = {}
    sexed = _ordered([h for h in hits if h.label in SEXES])
    for q in quantities(text, language):
        if q.unit:
            vals.setdefault(unit_family(q.unit), []).append(q.value)
        elif _bare_value_of(text, sexed, q.start):
            vals.setdefault(NUMBER, []).append(q.value)
    start, end = _trim(text, subject.start, max(rule_end, subject.end))
    return OneSexRule(
        subject.label,
        kind,
        start,
        end,
        subject_words,
        _merge_bare({"x": vals})["x"],
        masked(text, hits),
        from_context,
    )


def masked(text: str, hits: list[Hit]) -> str:
    """The text with sex and family words and numbers blanked, lower-cased: two
    provisions whose masked texts are equal say the same thing to each sex."""
    out = []
    pos = 0
    for h in sorted((h for h in hits if h.label in (*SEXES, "both")), key=lambda h: h.start):
        if h.start < pos:
            continue
        out.append(text[pos : h.start])
        out.append("◊")
        pos = h.end
    out.append(text[pos:])
    joined = _LABEL.sub("", "".join(out)).lower()
    joined = re.sub(r"\s+", " ", joined).strip(" .;,")
    return re.sub(r"[;,]?\s*(?:and|or|và|hoặc)$", "", joined).strip(" .;,")


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
    sexes = sexes_of(hits)
    if len(sexes) != 1:
        return None
    sex = sexes.pop()
    sex_hits = _ordered([h for h in hits if h.label == sex])
    vals: dict[str, list[float]] = {}
    ends = []
    for q in quantities(text, language):
        if q.unit:
            vals.setdefault(unit_family(q.unit), []).append(q.value)
            ends.append(q.end)
        elif _bare_value_of(text, sex_hits, q.start):
            vals.setdefault(NUMBER, []).append(q.value)
            ends.append(q.end)
    if not vals:
        return None
    start = min(h.start for h in sex_hits)
    return sex, vals, *_trim(text, start, max(max(ends), start + 1))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,;:\n\t":
        start += 1
    while end > start and text[end - 1] in " ,;:\n\t.":
        end -= 1
    return start, end
