"""The literal prefilters of pattern rules (the required literals and the conjunctive
clauses) never skip a provision a pattern matches in."""

from __future__ import annotations

import re

import pytest

from genderlens.check.literals import required_clauses, required_literals
from genderlens.check.loader import builtin_checklists


@pytest.mark.parametrize(
    ("pattern", "clauses"),
    [
        # a word, then a phrase multiplied out of the groups around it
        (r"\b(người )?(chồng|cha)\b (phải|có quyền)",
         (("cha", "chồng"), ("có quyền", "phải"),
          ("cha có quyền", "cha phải", "chồng có quyền", "chồng phải"))),
        # optional pieces multiply out too; a longer phrase holding a shorter one goes
        (r"breast-?feeding|lactat(ing|ion)",
         (("breast-feeding", "breastfeeding", "lactating", "lactation"),)),
        # (a and b) or c: (a or c) and (b or c)
        (r"\bwomen\b[^.]*\bnight work\b|\bunderground\b",
         (("underground", "women"), ("night work", "underground"))),
        (r"(x)?y*", ()),  # nothing required
        (r"\b(a|b)\b", ()),  # too short to be worth a prefilter
    ],
)
def test_required_clauses(pattern: str, clauses: tuple[tuple[str, ...], ...]) -> None:
    found = required_clauses(pattern)
    assert set(clauses) <= set(found)
    assert bool(found) == bool(clauses)


def _examples() -> list[tuple[str, str]]:
    out = []
    for cl in builtin_checklists():
        for item in cl.items:
            for det in item.detectors:
                if det.kind == "pattern":
                    for ex in item.examples_fail + item.examples_pass:
                        out.append((det.opt("regex"), ex))
    return out


@pytest.mark.parametrize(("pattern", "text"), _examples())
def test_every_clause_is_necessary(pattern: str, text: str) -> None:
    """Wherever a built-in pattern matches, each clause has a member in the text."""
    low = text.lower()
    if re.search(pattern, low):
        for clause in required_clauses(pattern):
            assert any(lit in low for lit in clause), clause


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


@pytest.mark.parametrize(("pattern", "text"), _examples())
def test_literals_are_necessary(pattern: str, text: str) -> None:
    """Wherever a built-in pattern matches, one of its required literals occurs."""
    lits = required_literals(pattern)
    if lits and re.search(pattern, text.lower()):
        assert any(lit in text.lower() for lit in lits)
