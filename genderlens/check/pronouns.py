"""Generic masculine pronouns in English provisions.

"The Minister ... he" is the classic finding; "His Majesty", "he or she" and a
provision limited to men ("a married man ... his wife") are not. A bare pronoun list
fires on every use (Vale's Joblint trap): here the longest phrase wins, so doublets
and specific referents registered in the lexicon swallow the pronoun inside them,
and a male-only context in the provision (or the provisions it hangs from) marks the
pronoun as specific.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from genderlens.check.matching import IGNORE, Hit, PhraseIndex, form_of


@dataclass(frozen=True, slots=True)
class Pronoun:
    start: int
    end: int
    kind: str  # "generic" | "doublet" | "specific"
    antecedent: str = ""


@dataclass(frozen=True, slots=True)
class _Lists:
    index: PhraseIndex
    roles: PhraseIndex
    male: PhraseIndex


@cache
def _lists(lexicon_id: str | None) -> _Lists:
    from genderlens.check.loader import get_lexicon

    lex = get_lexicon(lexicon_id or "en-sex-markers")
    index = PhraseIndex(
        "en",
        {
            "pronoun": lex.list("masculine_pronouns"),
            "doublet": lex.list("doublets"),
            IGNORE: lex.list("specific_referents"),
        },
    )
    roles = PhraseIndex(
        "en", {"role": lex.list("roles") + lex.list("indefinite_persons")}, scan=False
    )
    male = PhraseIndex("en", {"male": lex.list("male")}, scan=False)
    return _Lists(index, roles, male)


def pronoun_units(lexicon_id: str | None = None) -> list[int]:
    """Positions of the prepared provisions that contain a masculine pronoun."""
    return [pos for pos, _ in _lists(lexicon_id).index.find_all()]


def find_pronouns(
    text: str,
    context: str = "",
    lexicon_id: str | None = None,
    male_terms: frozenset[str] = frozenset(),
) -> list[Pronoun]:
    """Classify each masculine pronoun of ``text``; ``context`` is the text of the
    enclosing provisions (a list item's pronoun may refer to its chapeau).
    ``male_terms`` are terms the document defines for men only ("settler"): a pronoun
    standing for one of them is specific, not generic."""
    lists = _lists(lexicon_id)
    form = form_of(text)
    hits = lists.index.find(text, form)
    if not hits:
        return []
    out: list[Pronoun] = []
    male_positions = [h.start for h in lists.male.find(text, form)]
    context_male = bool(context) and bool(lists.male.find(context))
    for h in hits:
        if h.label == "doublet":
            out.append(Pronoun(h.start, h.end, "doublet"))
            continue
        # a male-only context counts from the start of the pronoun's own paragraph
        para_start = text.rfind("\n", 0, h.start) + 1
        if context_male or any(para_start <= p < h.start for p in male_positions):
            out.append(Pronoun(h.start, h.end, "specific"))
            continue
        named = _named_person(text[max(para_start, _window_start(text, h.start)) : h.start])
        if named:
            # "John Smith, the Commissioner, … his term of office": the pronoun is
            # about a named person, never a generic masculine
            out.append(Pronoun(h.start, h.end, "specific", named))
            continue
        antecedent = _antecedent(text, h.start, context, lists)
        near = _antecedent(text, h.start, context, lists, nearest=True) if male_terms else ""
        if near and near.lower() in male_terms:
            out.append(Pronoun(h.start, h.end, "specific", antecedent))
            continue
        out.append(Pronoun(h.start, h.end, "generic", antecedent))
    return out


_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Hon|Mr\. Justice|Madam Justice|Justice)\.?"
_NAME_WORD = r"[A-ZÀ-Ý][^\W\d_]+(?:-[A-ZÀ-Ý][^\W\d_]+)?"
# a person named by honorific ("Mr. Justice Dubé"), or a full name followed by an
# appositive role ("John Smith, the Commissioner,") or introduced as a name ("named")
_NAMED = re.compile(
    rf"\b{_HONORIFIC}\s+(?:{_NAME_WORD}\s*)+"
    rf"|\b{_NAME_WORD}(?:\s+[A-Z]\.)?(?:\s+{_NAME_WORD})+(?=,\s+(?:the|a|an)\s)"
    rf"|\bnamed\s+{_NAME_WORD}(?:\s+{_NAME_WORD})*"
)


def _named_person(before: str) -> str:
    """The last named person of the text before a pronoun (its paragraph), if any."""
    found = list(_NAMED.finditer(before))
    return found[-1].group().strip() if found else ""


# How far back a pronoun looks for a named person in its paragraph. Why a bound: one
# paragraph with thousands of pronouns (a table read as text, a draft without line
# breaks) made the search quadratic; a name 2,000 characters back is not the referent.
_NAME_WINDOW = 2000


def _window_start(text: str, pos: int) -> int:
    """Where the look-back window before ``pos`` starts (on a space, never mid-word)."""
    if pos <= _NAME_WINDOW:
        return 0
    cut = text.find(" ", pos - _NAME_WINDOW, pos)
    return cut + 1 if cut >= 0 else pos - _NAME_WINDOW


# The role nouns of the provision being read, found once: (text, hits, starts, ends).
_ROLES: list[tuple[str, list[Hit], list[int], list[int]]] = []


def _roles_of(text: str, lists: _Lists) -> tuple[list[Hit], list[int], list[int]]:
    """Role hits of the whole provision, with their starts and ends for bisecting.

    Why: looking for roles in each pronoun's own sentence and in the text before it
    re-read the provision once per pronoun (quadratic in a long one). Kept hits never
    overlap and come sorted by start, so their ends are sorted too.
    """
    if _ROLES and _ROLES[0][0] is text:
        return _ROLES[0][1:]
    hits = lists.roles.find(text) if text.strip() else []
    _ROLES[:] = [(text, hits, [h.start for h in hits], [h.end for h in hits])]
    return hits, _ROLES[0][2], _ROLES[0][3]


def _antecedent(text: str, pos: int, context: str, lists: _Lists, nearest: bool = False) -> str:
    """The role the pronoun at ``pos`` most likely stands for: the first role noun of
    its sentence (usually the subject: "The Minister may designate a person if he …"),
    or with ``nearest`` the last one before it; else the last one named before it in
    the provision, else the last one named in the enclosing provisions."""
    hits, starts, ends = _roles_of(text, lists)
    cut = max(text.rfind(".", 0, pos), text.rfind(";", 0, pos), text.rfind("\n", 0, pos)) + 1
    last = bisect.bisect_right(ends, pos) - 1  # the last role ending before the pronoun
    if text[cut:pos].strip():
        first = bisect.bisect_left(starts, cut)
        if nearest and last >= first:
            return text[starts[last] : ends[last]]
        if not nearest and first < len(hits) and ends[first] <= pos:
            return text[starts[first] : ends[first]]
    if last >= 0:
        return text[starts[last] : ends[last]]
    found = lists.roles.find(context) if context else []
    if found:
        return context[found[-1].start : found[-1].end]
    return ""
