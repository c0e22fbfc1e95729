"""Generic masculine pronouns in English provisions.

"The Minister ... he" is the classic finding; "His Majesty", "he or she" and a
provision limited to men ("a married man ... his wife") are not. A bare pronoun list
fires on every use (Vale's Joblint trap): here the longest phrase wins, so doublets
and specific referents registered in the lexicon swallow the pronoun inside them,
and a male-only context in the provision (or the provisions it hangs from) marks the
pronoun as specific.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from genderlens.check.matching import IGNORE, PhraseIndex, form_of


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
        named = _named_person(text[para_start : h.start])
        if named:
            # "John Smith, the Commissioner, … his term of office": the pronoun is
            # about a named person, never a generic masculine
            out.append(Pronoun(h.start, h.end, "specific", named))
            continue
        antecedent = _antecedent(text[: h.start], context, lists)
        near = _antecedent(text[: h.start], context, lists, nearest=True) if male_terms else ""
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


def _antecedent(before: str, context: str, lists: _Lists, nearest: bool = False) -> str:
    """The role the pronoun most likely stands for: the first role noun of its
    sentence (usually the subject: "The Minister may designate a person if he …"),
    or with ``nearest`` the last one before it; else the last one named in the
    enclosing provisions."""
    cut = max(before.rfind("."), before.rfind(";"), before.rfind("\n"))
    sentence = before[cut + 1 :]
    found = lists.roles.find(sentence) if sentence.strip() else []
    if found:
        pick = found[-1] if nearest else found[0]
        return sentence[pick.start : pick.end]
    for source in (before, context):
        if not source:
            continue
        found = lists.roles.find(source)
        if found:
            last = found[-1]
            return source[last.start : last.end]
    return ""
