"""The shortcuts in front of the phrase matcher never change what is found."""

from __future__ import annotations

import re

import pytest

from genderlens.check.literals import required_literals
from genderlens.check.loader import builtin_checklists
from genderlens.check.matching import IGNORE, PhraseIndex, _bank, form_of


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"\bkhông (được )?bố trí (người )?lao động nữ\b", ("lao động nữ",)),
        (r"\b(mang thai|sinh con)\b", ("mang thai", "sinh con")),
        (r"\b(a|b)\b", None),  # too short to be worth a prefilter
        (r"(x)?y*", None),  # nothing required
    ],
)
def test_required_literals(pattern: str, literals: tuple[str, ...] | None) -> None:
    assert required_literals(pattern) == literals


def _patterns() -> list[tuple[str, str]]:
    out = []
    for cl in builtin_checklists():
        for item in cl.items:
            for det in item.detectors:
                if det.kind == "pattern":
                    for ex in item.examples_fail + item.examples_pass:
                        out.append((det.opt("regex"), ex))
    return out


@pytest.mark.parametrize(("pattern", "text"), _patterns())
def test_literals_are_necessary(pattern: str, text: str) -> None:
    """Wherever a built-in pattern matches, one of its required literals occurs."""
    lits = required_literals(pattern)
    if lits and re.search(pattern, text.lower()):
        assert any(lit in text.lower() for lit in lits)


def test_bag_of_words_prefilter_and_ignored_phrases() -> None:
    index = PhraseIndex("vi", {"male": ["nam", "lao động nam"], IGNORE: ["Việt Nam"]})
    assert index.find("Lao động nam được nghỉ.")  # registers the phrases in the bank
    bank = _bank("vi")
    assert bank._may_contain_a_phrase(form_of("Lao động nam được nghỉ."))
    # (the bank is shared with every index of the process: texts chosen to hold none)
    assert not bank._may_contain_a_phrase(form_of("Xin chào."))
    # "nam" inside "Việt Nam" alone sends nothing to the tokenizer …
    assert not bank._may_contain_a_phrase(form_of("Việt Nam."))
    # … and is never reported
    assert index.find("Công dân Việt Nam được cấp thẻ.") == []
