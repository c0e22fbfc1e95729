"""Literal words a regular expression cannot match without.

Pattern rules are written by lawyers as regular expressions; most provisions contain
none of their key words. Extracting, from the parsed expression, a set of literals one
of which every match must contain lets the engine skip those provisions with a plain
substring test, which is many times faster than running the expression. When the
expression is too clever to analyse, there is no prefilter and nothing is skipped.
"""

from __future__ import annotations

from typing import Any

try:  # Python 3.11+: the parser lives in re._parser
    from re import _parser as sre_parse  # type: ignore[attr-defined]
    from re._constants import (
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
