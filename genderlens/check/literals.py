"""Literal words a regular expression cannot match without.

Pattern rules are written by lawyers as regular expressions; most provisions contain
none of their key words. Extracting, from the parsed expression, a set of literals one
of which every match must contain lets the engine skip those provisions with a plain
substring test, which is many times faster than running the expression. When the
expression is too clever to analyse, there is no prefilter and nothing is skipped.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

try:  # Python 3.11+: the parser lives in re._parser
    from re import _parser as sre_parse  # type: ignore[attr-defined]
    from re._constants import (
        ASSERT,
        ASSERT_NOT,
        AT,
        BRANCH,
        IN,
        LITERAL,
        MAX_REPEAT,
        MIN_REPEAT,
        SUBPATTERN,
    )
except ImportError:  # pragma: no cover - older layouts
    sre_parse = None

MIN_LITERAL = 2


def _prefixes(items: Any) -> set[str] | None:
    """Literal strings one of which starts every match of this sequence (after any
    zero-width assertions), or None when unknown."""
    text = ""
    for op, av in items:
        if op == AT:
            if text:
                break
            continue
        if op == LITERAL:
            text += chr(av)
            continue
        if text:
            break
        if op == SUBPATTERN:
            return _prefixes(av[-1])
        if op == BRANCH:
            out: set[str] = set()
            for alt in av[1]:
                p = _prefixes(alt)
                if not p:
                    return None
                out |= p
            return out
        if op in (MAX_REPEAT, MIN_REPEAT):
            lo, _hi, sub = av
            if lo >= 1:
                return _prefixes(sub)
            return None
        return None
    return {text} if text else None


def _required(items: Any) -> set[str] | None:
    """Of the literal sets that mandatory elements of the sequence require, the most
    selective one (longest shortest member): "lao động nữ" beats "không"."""
    best: set[str] | None = None
    seq = list(items)
    for i, (op, av) in enumerate(seq):
        if op in (MAX_REPEAT, MIN_REPEAT) and av[0] == 0:
            continue  # optional: cannot be required
        if op in (AT, IN):
            continue
        found = _prefixes(seq[i:])
        if not found and op == SUBPATTERN and av[-1]:
            found = _required(av[-1])
        if not found or any(len(s) < MIN_LITERAL for s in found):
            continue
        if best is None or min(map(len, found)) > min(map(len, best)):
            best = found
    return best


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lower-case literals one of which any match of ``pattern`` contains (None: none
    known). Only meaningful for case-insensitive matching on lower-cased text."""
    if sre_parse is None:
        return None
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:
        return None
    found = _required(list(parsed))
    if not found:
        return None
    return tuple(sorted({s.lower() for s in found}))


# ------------------------------------------------------------ conjunctive clauses

# An exact set (every string a piece of the expression can match) is dropped when it
# would hold more strings than this: a longer literal list costs a scan per literal.
MAX_EXACT = 32


def _exact_one(op: Any, av: Any) -> set[str] | None:
    """Every string one element can match, when few and known ("" if zero-width)."""
    if op == LITERAL:
        return {chr(av)}
    if op in (AT, ASSERT, ASSERT_NOT):
        return {""}
    if op == SUBPATTERN:
        return _exact(av[-1])
    if op == BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            sub = _exact(alt)
            if sub is None:
                return None
            out |= sub
        return out if len(out) <= MAX_EXACT else None
    if op == IN:
        if all(o == LITERAL for o, _ in av):
            return {chr(c) for _, c in av}
        return None
    if op in (MAX_REPEAT, MIN_REPEAT):
        lo, hi, sub = av
        inner = _exact(sub) if hi <= 1 else None
        if inner is None:
            return None
        return inner | {""} if lo == 0 else inner
    return None


def _exact(items: Any) -> set[str] | None:
    out = {""}
    for op, av in items:
        piece = _exact_one(op, av)
        if piece is None:
            return None
        out = {a + b for a in out for b in piece}
        if len(out) > MAX_EXACT:
            return None
    return out


def _minimal(strings: set[str]) -> frozenset[str]:
    """Drop the strings containing another one: that one occurs wherever they do."""
    ordered = sorted(strings, key=len)
    kept: list[str] = []
    for s in ordered:
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _clauses(items: Any) -> list[frozenset[str]]:
    """Literal sets such that every match of this sequence contains a member of each.

    Consecutive elements whose strings are few and known (literals, small groups,
    optional words, zero-width assertions) are multiplied out into whole phrases:
    "(người )?(chồng|cha)\\b (có quyền|phải)" requires one of "chồng có quyền",
    "cha phải", ... which far fewer provisions hold than "phải". Each piece of such a
    run (a word, a group) is a clause of its own too: "chồng" or "cha" is two literals
    to look for where the phrases are twelve.
    """
    out: list[frozenset[str]] = []
    run = {""}
    word = ""  # the literal characters read since the last other element

    def keep(strings: set[str]) -> None:
        kept = _minimal(strings)
        if kept and min(map(len, kept)) >= MIN_LITERAL:
            out.append(kept)

    for op, av in items:
        piece = _exact_one(op, av)
        if op == LITERAL:
            word += chr(av)
        else:
            keep({word})
            word = ""
            if piece is not None:
                keep(piece)
                # a group's own clauses: "(có|đạt) (chiều cao|cân nặng)|là chủ hộ"
                # is few enough strings to multiply out, yet "chiều cao", "cân nặng"
                # or "là chủ hộ" is a shorter list
                out.extend(_inner(op, av))
        if piece is not None:
            joined = {a + b for a in run for b in piece}
            if len(joined) <= MAX_EXACT:
                run = joined
                continue
            keep(run)
            run = piece
            continue
        keep(run)
        run = {""}
        out.extend(_inner(op, av))
    keep({word})
    keep(run)
    return out


def _selective(clause: frozenset[str] | tuple[str, ...]) -> tuple[int, int]:
    """Sort key, best first: few literals to look for, then long (rare) ones."""
    return len(clause), -min(map(len, clause))


# A branch's clauses are the disjunctions of one clause per alternative; at most this
# many combinations are kept (the most selective clauses of each alternative first).
MAX_COMBINATIONS = 64


def _inner(op: Any, av: Any) -> list[frozenset[str]]:
    """The clauses a non-exact element requires."""
    if op == SUBPATTERN:
        return _clauses(av[-1])
    if op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1:
        return _clauses(av[2])
    if op == BRANCH:
        # (a1 and a2) or (b1 and b2) == (a1 or b1) and (a1 or b2) and (a2 or b1) ...
        per_alt = [sorted(set(_clauses(alt)), key=_selective) for alt in av[1]]
        if not all(per_alt):
            return []
        k = 1
        longest = max(map(len, per_alt))
        while k < longest and math.prod(min(len(c), k + 1) for c in per_alt) <= MAX_COMBINATIONS:
            k += 1
        out: list[frozenset[str]] = []
        for combo in itertools.product(*(c[:k] for c in per_alt)):
            out.append(_minimal(set().union(*combo)))
        return out
    return []


def required_clauses(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Lower-case literal sets such that any match of ``pattern`` contains a member of
    every set (a conjunction of disjunctions; empty: none known), the most selective
    first."""
    if sre_parse is None:
        return ()
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:
        return ()
    found = {tuple(sorted(_minimal({s.lower() for s in c}))) for c in _clauses(list(parsed))}
    return tuple(sorted(found, key=lambda c: (_selective(c), c)))
