"""Compare provisions with each other: the shapes one provision cannot show alone.

Real law mostly names one sex per clause and leaves the other to a sibling clause, to
another article, or to nothing (DESIGN §4). So after every provision has been
classified on its own (:mod:`genderlens.check.sexdiff`), this module

- compares values split across sibling points or clauses ("a) Nam: 62; b) Nữ: 60");
- pairs each one-sex rule with the other sex's rule: in a sibling first, then in the
  same article, then anywhere in the instrument for the same subject ("Where the
  insured is a married man …" / "… a married woman …"). Equal rules are no finding;
  different ones are ``siblings`` findings citing the other provision; an unpaired
  rule stays ``one-sex`` ("nothing matching for women");
- marks a provision that takes its scope from a one-sex clause it cites ("Lao động nam
  quy định tại khoản 3 Điều 12") as ``reference``.

Everything here is linear in the number of marked provisions: siblings come from the
parent map, articles and subjects from dictionaries built once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from genderlens.check.matching import form_of
from genderlens.check.sexdiff import (
    Classification,
    OneSexRule,
    one_sex_rule,
    one_sex_values,
    other_sex,
    say,
    words_of,
)
from genderlens.model import Unit
from genderlens.normalize import match_form

Pair = tuple[Unit, Classification]

_CITE_VI = re.compile(
    r"(?:điểm\s+(?P<point>[a-zđ])\s+)?(?:khoản\s+(?P<clause>\d+)\s+)?"
    r"Điều\s+(?P<article>\d+[a-zđ]?|này)(?P<other>\s+(?:của|tại)\s+(?:Luật|Bộ luật|Nghị định|"
    r"Pháp lệnh|Thông tư)(?!\s+này))?",
    re.IGNORECASE,
)
_CITE_EN = re.compile(
    r"\b(?:(?:sub)?section|(?:sub)?paragraph|s\.)\s*(?P<article>\d+(?:\.\d+)?)"
    r"(?:\((?P<clause>\d+(?:\.\d+)?)\))?(?:\((?P<point>[a-z](?:\.\d+)?)\))?"
    r"(?P<other>\s+of\s+the\s+(?!Act\b)[A-Z][\w ]*Act)?"
)
_CITE_HINT = re.compile(r"Điều\s+\d|section|paragraph|\bs\.\s*\d", re.IGNORECASE)
# _CITE_HINT on the match form (lower-cased, same length), where it needs neither
# re.IGNORECASE nor the word boundary that kept the regex engine from skipping ahead:
# four times faster on the many provisions of an Act that cite (see _has_hint).
_HINT_ON_FORM = re.compile(r"điều\s+\d|section|paragraph|s\.\s*\d")
# letters that re.IGNORECASE matches with "i" or "s" but str.lower() does not lower to them
_CASE_SPECIALS = ("ı", "ſ", "İ")
# "Subsection 6(1) applies … to aquaculture licences", "… cũng được áp dụng đối với"
_APPLIES_AFTER = re.compile(
    r"(?:\s+của\s+\w+\s+này)?\s*(?:applies|apply|shall apply|cũng được áp dụng|được áp dụng)",
    re.IGNORECASE,
)
# Words that make a citation the scope of the citing provision ("under section 6",
# "quy định tại khoản 3 Điều 12"), not a mere mention.
_SCOPE_BEFORE = re.compile(
    r"(?:under|referred to in|described in|mentioned in|pursuant to|quy định tại|"
    r"theo quy định tại|nêu tại|tại|theo)\s*$",
    re.IGNORECASE,
)


def refine(
    units: Sequence[Unit],
    parents: dict[str, Unit],
    language: str,
    lexicon: str | None,
    classified: list[Pair],
    marked: Sequence[Unit],
    context_of: Callable[[Unit], str],
) -> list[Pair]:
    """The classifications of ``classified`` after comparing provisions with each
    other (at most one classification per provision)."""
    by_id: dict[str, Classification] = {u.id: c for u, c in classified}
    marked_ids = {u.id for u in marked}
    _sibling_values(parents, units, language, lexicon, by_id, marked_ids)
    _respectively(units, language, lexicon, by_id, marked_ids)
    counted = _units_by_id(units, marked_ids)
    _counterparts(parents, language, lexicon, by_id, marked,
                  {uid: u for uid, (_, u) in counted.items()}, context_of)
    _references(parents, language, lexicon, by_id, marked, units)
    # In document order, the last unit of each id, as a map of every unit's id gave; the
    # maps hold only the ids asked for (a draft with no articles has a unit per line).
    picked = _units_by_id(units, by_id.keys())
    return [(u, by_id[uid]) for uid, (_, u) in sorted(picked.items(), key=lambda kv: kv[1][0])]


def _units_by_id(units: Sequence[Unit], ids: Collection[str]) -> dict[str, tuple[int, Unit]]:
    """The last unit with each of ``ids``, and its position in ``units``."""
    out: dict[str, tuple[int, Unit]] = {}
    for i, u in enumerate(units):
        uid = u.id
        if uid in ids:
            out[uid] = (i, u)
    return out


def _sibling_values(
    parents: dict[str, Unit],
    units: Sequence[Unit],
    language: str,
    lexicon: str | None,
    by_id: dict[str, Classification],
    marked: set[str],
) -> None:
    """Values split across sibling points: "a) Nam: 62 tuổi; b) Nữ: 60 tuổi"."""
    for unit in units:
        if len(unit.children) < 2 or sum(1 for c in unit.children if c.id in marked) < 2:
            continue
        profiles = []
        for child in unit.children:
            if child.id not in marked:
                continue
            r = one_sex_values(child.text, language, lexicon)
            if r is not None:
                profiles.append((child, r))
        males = [(c, r) for c, r in profiles if r[0] == "male"]
        females = [(c, r) for c, r in profiles if r[0] == "female"]
        for mc, mr in males:
            for fc, fr in females:
                for fam in sorted(set(mr[1]) & set(fr[1])):
                    if sorted(mr[1][fam]) == sorted(fr[1][fam]):
                        continue
                    for child, r, other in ((mc, mr, fc), (fc, fr, mc)):
                        if _is_differential(by_id.get(child.id)) and by_id[child.id].shape in (
                            "values",
                            "obligation",
                            "condition",
                            "spouse",
                        ):
                            continue
                        detail = say(language, "siblings", unit=fam, other=other.locator.text)
                        by_id[child.id] = Classification(
                            "differential", r[2], r[3], detail, "siblings", r[0],
                            other.locator.text,
                        )  # fmt: skip
                    break


def _respectively(
    units: Sequence[Unit],
    language: str,
    lexicon: str | None,
    by_id: dict[str, Classification],
    marked: set[str],
) -> None:
    """Values in a lead-in taken in order by one-sex points: "nghỉ hưu trước tuổi lần
    lượt là 05 năm và 03 năm … a) Lao động nam …; b) Lao động nữ …"."""
    from genderlens.check.sexdiff import find_markers, say_values, sex_lists, sexes_of, unit_family
    from genderlens.check.values import quantities

    lists = sex_lists(language, lexicon)
    words = tuple(match_form(w) for w in words_of(language, "respectively"))
    for unit in units:
        if len(unit.children) < 2 or not unit.text or by_id.get(unit.id) is not None:
            continue
        form = form_of(unit.text)
        if not any(w in form for w in words):
            continue  # a substring test spares tokenising every lead-in of the draft
        hits = find_markers(unit.text, lists, form)
        word = next((h for h in hits if h.label == "respectively"), None)
        if word is None:
            continue
        values = [q for q in quantities(unit.text, language) if q.unit]
        by_family: dict[str, list[float]] = {}
        for q in values:
            by_family.setdefault(unit_family(q.unit), []).append(q.value)
        sexes = []
        for child in unit.children:
            if child.id not in marked:
                break
            found = sexes_of(find_markers(child.text, lists))
            if len(found) != 1:
                break
            sexes.append(found.pop())
        for fam, vals in by_family.items():
            if len(vals) != len(sexes) or len(set(sexes)) != 2:
                continue
            men = sorted(v for v, s in zip(vals, sexes, strict=True) if s == "male")
            women = sorted(v for v, s in zip(vals, sexes, strict=True) if s == "female")
            if men == women:
                continue
            detail = say_values(language, fam, men, women)
            start = min(q.start for q in values)
            end = max(word.end, max(q.end for q in values))
            by_id[unit.id] = Classification("differential", start, end, detail, "values")
            break


def _is_differential(c: Classification | None) -> bool:
    return c is not None and c.category == "differential"


def _counterparts(
    parents: dict[str, Unit],
    language: str,
    lexicon: str | None,
    by_id: dict[str, Classification],
    marked: Sequence[Unit],
    unit_of: dict[str, Unit],
    context_of: Callable[[Unit], str],
) -> None:
    rules: dict[str, OneSexRule] = {}
    for u in marked:
        c = by_id.get(u.id)
        if c is not None and c.shape not in ("one-sex",):
            continue  # protective, measures and within-provision differences stand
        r = one_sex_rule(u.text, language, lexicon, context_of(u))
        if r is not None:
            rules[u.id] = r
    if not rules:
        return
    article_of: dict[str, str] = {}
    for uid in rules:
        article_of[uid] = _article_id(unit_of[uid], parents)
    by_parent: dict[tuple[str, str], list[str]] = {}
    by_article: dict[tuple[str, str], list[str]] = {}
    by_subject: dict[tuple[str, str], list[str]] = {}
    for uid, r in rules.items():
        parent = parents.get(uid)
        if parent is not None:
            by_parent.setdefault((parent.id, r.sex), []).append(uid)
        by_article.setdefault((article_of[uid], r.sex), []).append(uid)
        if r.subject:
            by_subject.setdefault((r.subject, r.sex), []).append(uid)
    for uid, r in rules.items():
        c = by_id.get(uid)
        if c is None or c.shape != "one-sex":
            continue
        want = other_sex(r.sex)
        parent = parents.get(uid)
        candidates = (
            (by_parent.get((parent.id, want), []) if parent is not None else [])
            or by_article.get((article_of[uid], want), [])
            or (by_subject.get((r.subject, want), []) if r.subject else [])
        )
        if not candidates:
            continue
        other_id = candidates[0]  # document order: the nearest earlier or first later
        other = rules[other_id]
        other_loc = unit_of[other_id].locator.text
        verdict = _compare(r, other)
        if verdict is None:
            del by_id[uid]  # the same rule for both sexes, written twice
            continue
        if verdict == "choice":
            bound, free = (r.sex, other.sex) if r.kind == "duty" else (other.sex, r.sex)
            detail = say(language, "siblings-choice", bound=bound, free=free, other=other_loc)
        elif verdict.startswith("values:"):
            fam = verdict.split(":", 1)[1]
            detail = say(language, "siblings", unit=fam, other=other_loc)
        else:
            detail = say(
                language, "siblings-rule", kind=r.kind, sex=r.sex, other_sex=want, other=other_loc
            )
        by_id[uid] = replace(c, detail=detail, shape="siblings", compared_with=other_loc)


def _compare(a: OneSexRule, b: OneSexRule) -> str | None:
    """None when the two rules say the same to each sex; else what differs."""
    kinds = {a.kind, b.kind}
    if kinds == {"duty", "choice"}:
        return "choice"
    for fam in sorted(set(a.values) & set(b.values)):
        if sorted(a.values[fam]) != sorted(b.values[fam]):
            return f"values:{fam}"
    if a.masked == b.masked:
        return None
    if _strip_numbers(a.masked) == _strip_numbers(b.masked) and not (set(a.values) ^ set(b.values)):
        return None  # same words, same values where both give them
    return "rule"


def _strip_numbers(text: str) -> str:
    return re.sub(r"\d+(?:[.,]\d+)?", "#", text)


def _in_first_sentence(unit: Unit, c: Classification) -> bool:
    """Is the one-sex rule the cited provision's own first rule ("Công dân nam … có nghĩa
    vụ …"), not an exception at its end ("… Không áp dụng cùm chân đối với … phụ nữ")?"""
    body = unit.text
    heading_end = body.find("\n") + 1 if unit.kind == "article" and "\n" in body else 0
    m = re.search(r"[.;](?=\s|$)", body[heading_end:])
    first_end = heading_end + m.end() if m else len(body)
    return c.start < first_end


def _has_hint(text: str) -> bool:
    """``_CITE_HINT.search(text)``, answered on the match form where it can be."""
    form = form_of(text)
    m = _HINT_ON_FORM.search(form)
    if m is None:
        return any(c in text for c in _CASE_SPECIALS) and bool(_CITE_HINT.search(text))
    at = m.start()
    if not form.startswith("s.", at) or at == 0 or not _WORD_CHAR.match(form, at - 1):
        return True  # "s. 12" after a word character is no hint: the regex decides
    return bool(_CITE_HINT.search(text))


_WORD_CHAR = re.compile(r"\w")

# The article numbers _CITE_VI and _CITE_EN read ("Điều 12a", "section 12.1") start
# after a non-digit: a provision citing one of some articles holds one of them there.
def _numbers_rx(articles: set[str | None], language: str) -> re.Pattern[str]:
    alts = "|".join(re.escape(a) for a in sorted(filter(None, articles), key=len, reverse=True))
    return re.compile(rf"(?<!\d)(?:{alts})", re.IGNORECASE if language == "vi" else 0)


def _gives_scope(c: Classification | None) -> bool:
    """Can a provision citing this one without naming a sex take its scope from it?"""
    return c is not None and c.category == "differential" and c.shape in ("one-sex", "siblings")


def _may_cite(u: Unit, articles: set[str | None], numbers: re.Pattern[str] | None,
              language: str) -> bool:
    """False when ``u`` cannot cite a provision of ``articles``: it holds none of their
    numbers (``numbers`` finds them) nor, for "Điều này", is one itself."""
    if numbers is None:
        return False
    if numbers.search(u.text):
        return True
    return language == "vi" and u.locator.article in articles and "này" in form_of(u.text)


def _article_id(unit: Unit, parents: dict[str, Unit]) -> str:
    u: Unit | None = unit
    while u is not None and u.kind != "article":
        u = parents.get(u.id)
    return u.id if u is not None else unit.id


def _references(
    parents: dict[str, Unit],
    language: str,
    lexicon: str | None,
    by_id: dict[str, Classification],
    marked: Sequence[Unit],
    units: Sequence[Unit],
) -> None:
    """ "Lao động nam quy định tại khoản 3 Điều 12": scope taken from a one-sex clause."""
    from genderlens.check.sexdiff import find_markers, sex_lists, sexes_of

    cite = _CITE_VI if language == "vi" else _CITE_EN
    if not any(c.category == "differential" for c in by_id.values()):
        # nothing one-sided to take a scope from (most drafts): only protections and
        # measures can be inherited, and only by provisions that name a sex
        candidates: Sequence[Unit] = [u for u in marked if u.id not in by_id]
        if not by_id or not candidates:
            return
    else:
        candidates = units
    targets: dict[tuple[str | None, str | None, str | None], Unit] = {}
    for u in units:
        loc = u.locator
        if u.quoted or not loc.article:
            continue
        targets.setdefault((loc.article, loc.clause, loc.point), u)
    lists = sex_lists(language, lexicon)
    marked_ids = {u.id for u in marked}
    # A provision naming no sex can only take its scope from a one-sex rule it cites
    # (the rules found below are references, which none takes a scope from): only a
    # provision holding the number of such a rule's article needs reading.
    scope_articles = {
        key[0] for key, t in targets.items() if _gives_scope(by_id.get(t.id))
    }
    numbers = _numbers_rx(scope_articles, language) if scope_articles else None
    for u in candidates:
        is_marked = u.id in marked_ids
        if not scope_articles and not is_marked:
            continue
        c = by_id.get(u.id)
        if c is not None and c.shape not in ("one-sex",):
            continue
        if not is_marked and (
            c is not None  # names no sex, so it would need to be unclassified
            or not u.text
            or (language == "vi" and "Điều" not in u.text)
            or not _may_cite(u, scope_articles, numbers, language)
        ):
            continue  # the conditions below for a provision naming no sex, cheapest first
        if not _has_hint(u.text):
            continue
        hits = find_markers(u.text, lists) if is_marked else []
        sexes = sexes_of(hits)
        if len(sexes) == 1:
            sex: str | None = next(iter(sexes))
            sex_hit = next((h for h in hits if h.label in ("female", "male")), None)
        elif not sexes and c is None and u.text and (language != "vi" or "Điều" in u.text):
            if is_marked and not _may_cite(u, scope_articles, numbers, language):
                continue
            sex, sex_hit = None, None  # no sex named: only a scope taken from a one-sex rule
        else:
            continue
        for m in cite.finditer(u.text):
            if m.group("other"):
                continue
            scope = _SCOPE_BEFORE.search(u.text[max(0, m.start() - 30) : m.start()])
            if sex is None and not scope and not _APPLIES_AFTER.match(u.text, m.end()):
                continue
            article = m.group("article")
            if article.lower() == "này":
                article = u.locator.article
            clause = m.group("clause")
            point = m.group("point")
            target = targets.get((article, clause, point))
            if target is None and point and not clause:
                target = targets.get((article, None, point))
            if target is None or target.id == u.id:
                continue
            tc = by_id.get(target.id)
            if tc is None:
                continue
            if sex is not None and tc.category in ("protective", "special-measure"):
                # "Lao động nữ quy định tại khoản 1 Điều 5" (a pregnancy clause) is that
                # protection's consequence, not a rule of its own
                if tc.sex in (None, sex):
                    by_id[u.id] = replace(tc, start=0, end=0, compared_with=target.locator.text)
                break
            if tc.category != "differential" or tc.shape == "reference":
                continue
            if sex is None and (
                tc.shape not in ("one-sex", "siblings") or not _in_first_sentence(target, tc)
            ):
                continue  # a scope is taken from a rule for one sex, not from an aside
            if sex is not None and tc.sex not in (None, sex):
                continue
            rule_sex = sex or tc.sex or ""
            if not rule_sex:
                continue
            detail = say(language, "reference", sex=rule_sex, other=target.locator.text)
            start = min(sex_hit.start, m.start()) if sex_hit else m.start()
            end = max(sex_hit.end, m.end()) if sex_hit else m.end()
            by_id[u.id] = Classification(
                "differential", start, end, detail, "reference", rule_sex, target.locator.text
            )
            break
