"""Run checklists over a structured document: findings and a status per item.

The engine, not the detectors, stamps checklist, item, rule id, basis and location
on a finding (yamllint's lesson): detectors only say *where* and *why*.
"""

from __future__ import annotations

import bisect
import collections
import functools
import itertools
import operator
import re
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from genderlens.check.spec import Checklist, Detector, Item, Text
from genderlens.model import (
    DOSSIER_NOT_PROVIDED,
    UNCHECKED_KINDS,
    ChecklistInfo,
    Document,
    Finding,
    ItemResult,
    Locator,
    Paragraph,
    Review,
    Severity,
    Span,
    Unit,
)
from genderlens.normalize import source_offset


@dataclass(frozen=True, slots=True)
class Hit:
    """What a detector reports: a place in a unit and the words to say about it."""

    unit: Unit | None  # None: the whole document (an omission)
    start: int
    end: int
    category: str
    message: str
    suggestion: str = ""
    severity: Severity | None = None  # None: the item's severity
    source: str = ""  # extra basis (a lexicon entry's source)
    shape: str = ""  # the differential classifier's shape ("values", "one-sex", ...)
    compared_with: str = ""  # the sibling or cited provision, in words


@dataclass(slots=True)
class Options:
    """Switches from configuration; see genderlens.project.config."""

    disable: frozenset[str] = frozenset()  # rule or item ids (full "checklist.item")
    enable_only: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    memo_language: str | None = None


@dataclass(slots=True)
class Context:
    doc: Document
    language: str
    units: list[Unit]  # every unit with provision text, document order
    parents: dict[str, Unit]
    cache: dict[str, Any] = field(default_factory=dict)
    # window unit id -> (the over-long unit it is part of, offset of its text there)
    windows: dict[str, tuple[Unit, int]] = field(default_factory=dict)


# A unit longer than this is checked in windows of about WINDOW characters, cut at a
# line, else a sentence, else a word. Why: rules look at a provision as a whole (a
# regex running to the end of the sentence, the classifier comparing every marker with
# every value), which is quadratic in its length; a draft with no line breaks or a
# table read as one provision made a review take minutes and gigabytes. Windowing
# bounds that work per window, so a review grows linearly with the draft. The limit is
# above every provision of the real-law corpus, whose reviews are therefore unchanged.
LONG_UNIT = 100_000
WINDOW = 20_000


def _cut_points(text: str, size: int) -> list[int]:
    """Offsets where ``text`` is cut into windows of at most about ``size`` characters."""
    cuts = [0]
    while len(text) - cuts[-1] > size:
        start = cuts[-1]
        hard = start + size
        for sep in ("\n", ". ", "; ", " "):
            at = text.rfind(sep, start + size // 2, hard)
            if at >= 0:
                cuts.append(at + len(sep))
                break
        else:
            cuts.append(hard)
    return cuts


def _windowed(
    units: list[Unit], parents: dict[str, Unit]
) -> tuple[list[Unit], dict[str, tuple[Unit, int]]]:
    """The units to check, over-long ones replaced by their windows (see LONG_UNIT)."""
    out: list[Unit] = []
    windows: dict[str, tuple[Unit, int]] = {}
    if max(map(len, map(operator.attrgetter("text"), units)), default=0) <= LONG_UNIT:
        return list(units), windows  # the usual draft: no provision is that long
    for u in units:
        if len(u.text) <= LONG_UNIT or u.kind in UNCHECKED_KINDS:
            out.append(u)
            continue
        cuts = _cut_points(u.text, WINDOW)
        for k, (a, b) in enumerate(zip(cuts, [*cuts[1:], len(u.text)], strict=True)):
            w = Unit(u.kind, u.number, u.heading if k == 0 else "", u.text[a:b], u.locator,
                     f"{u.id}~{k}", u.paragraphs)
            windows[w.id] = (u, a)
            if u.id in parents:
                parents[w.id] = parents[u.id]
            out.append(w)
    return out, windows


def _text(value: Any, lang: str) -> str:
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _format(template: str, **values: str) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


# --------------------------------------------------------------------- detectors


def _units_for_text(ctx: Context) -> list[Unit]:
    units = ctx.cache.get("units_for_text")
    if units is None:
        units = [u for u in ctx.units if u.text and u.kind not in UNCHECKED_KINDS]
        ctx.cache["units_for_text"] = units
    return units


def detect_terms(det: Detector, item: Item, ctx: Context) -> list[Hit]:
    from genderlens.check.loader import get_lexicon
    from genderlens.check.matching import index_for

    lex_id = det.opt("lexicon")
    lex = get_lexicon(lex_id)
    if lex.language not in ("", "any", ctx.language):
        return []
    cats = set(det.opt("categories") or ())
    entries = [e for e in lex.entries if not cats or e.category in cats]
    index = index_for(ctx.language, {str(i): (e.term, *e.forms) for i, e in enumerate(entries)})
    hits: list[Hit] = []
    lang = ctx.language
    units = _units_for_text(ctx)
    for pos, found in index.find_all():
        unit = units[pos]
        for h in found:
            entry = entries[int(h.label)]
            quote = unit.text[h.start : h.end]
            if entry.case_sensitive and quote not in (entry.term, *entry.forms):
                continue
            if entry.unless and _sentence_has(unit.text, h.start, entry.unless):
                continue
            sugg = _text(entry.suggestion, lang)
            msg = _format(
                _text(entry.message, lang) or _default_term_message(lang),
                term=quote,
                suggestion=sugg,
            )
            hits.append(
                Hit(unit, h.start, h.end, entry.category, msg, sugg, entry.severity, entry.source)
            )
    return hits


def _default_term_message(lang: str) -> str:
    if lang == "vi":
        return "Cụm từ “{term}” có thể mang định kiến giới."
    return "“{term}” is not gender-neutral."


def _sentence_has(text: str, pos: int, phrases: Sequence[str]) -> bool:
    left = max(text.rfind(".", 0, pos), text.rfind(";", 0, pos), text.rfind("\n", 0, pos))
    right_candidates = [
        i for i in (text.find(".", pos), text.find(";", pos), text.find("\n", pos)) if i >= 0
    ]
    right = min(right_candidates) if right_candidates else len(text)
    for n, starts in _occurrences(text, tuple(phrases)).items():
        # the first occurrence starting in the sentence is the first to end in it
        i = bisect.bisect_left(starts, left + 1)
        if i < len(starts) and starts[i] + n <= right:
            return True
    return False


@functools.lru_cache(maxsize=256)
def _occurrences(text: str, phrases: tuple[str, ...]) -> dict[int, list[int]]:
    """Phrase length -> sorted starts of every occurrence of ``phrases`` in the
    negation-free match form of ``text`` (the match form has the text's length).

    Why: a hit's sentence used to be cut out and searched once per hit, which is
    quadratic in a provision that is one long sentence with thousands of hits.
    Negation phrases hold no sentence break, so blanking them in the whole provision
    blanks the same characters as blanking them sentence by sentence.
    """
    from genderlens.check.matching import form_of
    from genderlens.normalize import match_form

    form = _blanked(form_of(text))
    out: dict[int, list[int]] = {}
    for phrase in {match_form(p) for p in phrases}:
        starts: list[int] = []
        i = form.find(phrase)
        while i >= 0:
            starts.append(i)
            i = form.find(phrase, i + 1)
        if starts:
            out.setdefault(len(phrase), []).extend(starts)
    for where in out.values():
        where.sort()
    return out


def detect_pattern(det: Detector, item: Item, ctx: Context) -> list[Hit]:
    """Regular expressions, matched case-insensitively.

    A pattern written in lower case runs without re.IGNORECASE on the provision's match
    form (lower-cased, tone-folded, same length): the same hits, found about twice as
    fast, and "hòa"/"hoà" spellings meet. Only the provisions holding the words the
    pattern cannot match without are searched (:func:`_candidates`).
    """
    compiled = _compiled(det, ctx.language)
    unless = det.opt("unless") or ()
    lang = ctx.language
    msg = _text(det.opt("message"), lang)
    sugg = _text(det.opt("suggestion"), lang)
    cat = det.opt("category") or item.category or "stereotype"
    sev = det.opt("severity")
    severity = Severity[sev] if isinstance(sev, str) else sev
    from genderlens.check.matching import form_of

    hits = []
    units = _units_for_text(ctx)
    rx = compiled.rx
    for pos in _candidates(ctx, compiled.clauses):
        unit = units[pos]
        target = form_of(unit.text) if compiled.on_form else unit.text
        for m in rx.finditer(target):
            start, end = m.span()
            if end == start:
                continue
            if unless and _unit_has(unit.text, unless):
                continue
            quote = unit.text[start:end]
            hits.append(
                Hit(
                    unit,
                    start,
                    end,
                    cat,
                    _format(msg or _text(item.title, lang), term=quote, suggestion=sugg),
                    sugg,
                    severity,
                )
            )
    return hits


@dataclass(frozen=True, slots=True)
class _Pattern:
    rx: re.Pattern[str]
    on_form: bool  # run on the match form (else case-insensitively on the text)
    # literal sets (match forms) a provision must hold one member of each of to be
    # searched, the one looked for in the whole draft first; () = search every provision
    clauses: tuple[tuple[str, ...], ...]


def _compiled(det: Detector, language: str) -> _Pattern:
    from genderlens.check.literals import required_clauses, required_literals
    from genderlens.normalize import fold_tones

    key = f"pattern:{id(det)}"
    compiled = _PATTERNS.get(key)
    if compiled is None:
        source = det.opt("regex")
        if re.search(r"(?<!\\)[A-ZÀ-Ỹ]", source):
            rx = re.compile(source, re.IGNORECASE | re.MULTILINE)
            on_form = False
        else:
            source = fold_tones(source)
            rx = re.compile(source, re.MULTILINE)
            on_form = True
        # the plain prefilter stays one of the clauses: a provision it would skip is
        # never searched, whatever the finer clauses say
        lits = required_literals(source)
        found = [*required_clauses(source), *((lits,) if lits else ())]
        clauses = {tuple(sorted({fold_tones(x) for x in c})) for c in found}
        # filters are tried in this order: few, long literals first
        order = sorted(clauses, key=lambda c: (len(c), -min(map(len, c)), c))
        compiled = _Pattern(rx, on_form, tuple(order))
        _PATTERNS[key] = compiled
    return compiled


_WORD = re.compile(r"\w+")

# literal -> (provisions found holding it, provisions looked at), over this process's
# reviews: how selective a literal is, measured rather than guessed (see _candidates)
_SEEN: dict[str, list[int]] = {}


def _rate(literal: str, language: str) -> float:
    """The expected share of provisions holding ``literal``: as measured in earlier
    reviews, else guessed (:func:`_guess`)."""
    seen = _SEEN.get(literal)
    if seen is not None and seen[1]:
        return seen[0] / seen[1]
    return _guess(literal, language)


@functools.cache
def _guess(literal: str, language: str) -> float:
    """A literal's share of provisions as its length and the language's common-words
    list suggest: short strings occur inside many words, common words everywhere."""
    n = len(literal.strip())
    guess = 0.3 if n <= 2 else 0.1 if n <= 3 else 0.02 if n <= 5 else 0.005
    rank = _common_rank(language)
    words = _WORD.findall(literal)
    if words and all(w in rank for w in words):
        guess = max(guess, 0.3)  # every word of it is a common word
    return guess


@functools.cache
def _common_rank(language: str) -> dict[str, int]:
    """Higher = more common; words not listed are rarer than any listed word."""
    from genderlens.check.loader import builtin_lexicons
    from genderlens.normalize import match_form

    lex = builtin_lexicons().get(f"{language}-common-words")
    words = lex.list("common") if lex is not None else ()
    return {match_form(w): len(words) - i for i, w in enumerate(words)}


# One scan of the draft for a literal costs about as much as handling this many
# characters' worth of candidate provisions (Python work per candidate vs a C scan).
_SCAN_CHARS_PER_CANDIDATE = 1_000


_MAX_LEADING = 12


def _candidates(ctx: Context, clauses: tuple[tuple[str, ...], ...]) -> list[int]:
    """Positions of the provisions holding a member of every clause, in order.

    The clause expected to be cheapest -- few literals to scan the draft for, few
    provisions holding them -- is looked for in the whole draft (each literal once per
    review, whichever patterns share it); the other clauses are tested on those
    provisions only, the most selective first. Which clause leads changes the work,
    never the provisions returned.
    """
    units = _units_for_text(ctx)
    if not clauses:
        return list(range(len(units)))
    lang = ctx.language
    joined, _ = _joined(ctx)
    scan = len(joined) / _SCAN_CHARS_PER_CANDIDATE
    cached: dict[str, list[int]] = ctx.cache.setdefault("units_with", {})

    def cost(clause: tuple[str, ...]) -> float:
        return sum(
            (0.0 if lit in cached else scan) + _rate(lit, lang) * len(units) for lit in clause
        )

    # a long literal list is never the cheapest to scan for: only a filter
    short = [c for c in clauses if len(c) <= _MAX_LEADING] or clauses
    first = min(short, key=cost)
    # a rare word shared by several literals ("thai" of "mang thai", "có thai", "thai
    # sản") is looked for once, the literals then among the provisions holding it;
    # shorter literals first, so that longer ones holding them are found the same way
    shared = collections.Counter(
        w
        for lit in first
        if lit not in cached
        for w in set(_WORD.findall(lit))
        if len(w) >= 4 and w not in _common_rank(lang)
    )
    for word, n in sorted(shared.items()):
        if n > 1:
            _units_with(ctx, word)
    found: set[int] = set()
    for lit in sorted(first, key=lambda x: (len(x), x)):
        found.update(_units_with(ctx, lit))
    rest = [c for c in clauses if c is not first]
    if not rest or not found:
        return sorted(found)
    forms = _forms(ctx)
    kept = []
    for pos in sorted(found):
        form = forms[pos]  # cut from the joined text once per provision
        if all(any(lit in form for lit in clause) for clause in rest):
            kept.append(pos)
    return kept


def _units_with(ctx: Context, literal: str) -> list[int]:
    """Positions of the provisions whose match form holds ``literal``: one scan of the
    joined draft that skips to the next provision at each hit, or, when a literal it
    contains was looked for already, a test of the provisions holding that one
    ("female" is in no provision lacking "male")."""
    cache: dict[str, list[int]] = ctx.cache.setdefault("units_with", {})
    found = cache.get(literal)
    if found is not None:
        return found
    joined, starts = _joined(ctx)
    inner = [cache[k] for k in cache if k in literal]
    if inner:
        forms = _forms(ctx)
        found = [pos for pos in min(inner, key=len) if literal in forms[pos]]
    else:
        found = []
        find = joined.find
        last = len(starts) - 1
        at = find(literal)
        while at >= 0:
            pos = bisect.bisect_right(starts, at) - 1
            found.append(pos)
            if pos >= last:
                break
            at = find(literal, starts[pos + 1])
    cache[literal] = found
    seen = _SEEN.setdefault(literal, [0, 0])
    seen[0] += len(found)
    seen[1] += len(starts)
    return found


def _forms(ctx: Context) -> Sequence[str]:
    """The match forms of the review's provisions (``_units_for_text`` order), as the
    phrase matcher prepared them for this review."""
    from genderlens.check.matching import prepared_forms

    return prepared_forms(ctx.language)


def _joined(ctx: Context) -> tuple[str, array[int]]:
    """The match forms of all provisions of the review as one string, with the offset
    where each starts: one scan finds the provisions a rule must look at (the same
    text the phrase automaton scans, joined once per review)."""
    from genderlens.check.matching import prepared_text

    return prepared_text(ctx.language)


_PATTERNS: dict[str, _Pattern] = {}


def _unit_has(text: str, phrases: Sequence[str]) -> bool:
    return bool(_occurrences(text, tuple(phrases)))


@functools.lru_cache(maxsize=64)
def _blanked(form: str) -> str:
    return _without_negations(form)


def _without_negations(form: str) -> str:
    """ "kể cả khi lao động nữ không mang thai", "whether or not she is pregnant": a
    negated maternity word does not make an exclusion a maternity rule."""
    for phrase in _negations():
        if phrase in form:
            form = form.replace(phrase, " " * len(phrase))
    return form


@functools.cache
def _negations() -> tuple[str, ...]:
    from genderlens.check.sexdiff import words_of
    from genderlens.normalize import match_form

    out = [match_form(p) for lang in ("vi", "en") for p in words_of(lang, "not_classifying")]
    return tuple(sorted(out, key=len, reverse=True))


def _soft_breaks(unit: Unit, ctx: Context) -> frozenset[int]:
    """Newlines between cells of one table row: a row reads as one line."""
    whole, offset = ctx.windows.get(unit.id, (unit, 0))
    if whole is unit:
        return _soft_breaks_of(unit, ctx.doc)
    key = f"soft:{whole.id}"
    soft = ctx.cache.get(key)
    if soft is None:
        soft = ctx.cache[key] = sorted(_soft_breaks_of(whole, ctx.doc))
    # the window's own breaks, found by bisection (a scan of all of them per window
    # was quadratic in a table of thousands of rows read as one provision)
    lo = bisect.bisect_left(soft, offset)
    hi = bisect.bisect_left(soft, offset + len(unit.text))
    return frozenset(i - offset for i in soft[lo:hi])


def _soft_breaks_of(unit: Unit, doc: Document) -> frozenset[int]:
    soft: set[int] = set()
    pos = 0
    prev: Paragraph | None = None
    for idx in unit.paragraphs:
        p = doc.paragraphs[idx]
        if prev is not None and p.kind == prev.kind == "table" and _row(p) == _row(prev):
            soft.add(pos - 1)
        pos += len(p.text) + 1
        prev = p
    return frozenset(soft)


_CELL = re.compile(r"^(?P<table>.*table \d+), row (?P<row>\d+), cell (?P<cell>\d+)$")


def _sex_columns(
    ctx: Context, lexicon: str | None, out: list[tuple[Unit, Any]], marked: list[Unit]
) -> list[tuple[Unit, Any]]:
    """A table whose header names the sexes ("Cấp bậc | Nam | Nữ") and whose rows give a
    value in each column ("Cấp úy | 50 | 48"): the values per sex sit in columns, not
    next to the sex words, so they are compared here, row by row."""
    from genderlens.check import sexdiff
    from genderlens.check.values import quantities

    done = {u.id for u, c in out if c.category == "differential"}
    lists = sexdiff.sex_lists(ctx.language, lexicon)
    added: list[tuple[Unit, Any]] = []
    # A provision read in windows is compared as a whole, once: its paragraphs are the
    # whole provision's, and reading them again for every window was quadratic.
    wholes: set[str] = set()
    for unit in marked:
        if unit.id in done:
            continue
        whole = ctx.windows.get(unit.id, (unit, 0))[0]
        if whole is not unit:
            if whole.id in wholes:
                continue
            wholes.add(whole.id)
        cells: dict[str, dict[int, dict[int, tuple[str, int]]]] = {}
        pos = 0
        for idx in whole.paragraphs:
            p = ctx.doc.paragraphs[idx]
            m = _CELL.match(p.anchor.where) if p.kind == "table" else None
            if m:
                table = cells.setdefault(m["table"], {})
                table.setdefault(int(m["row"]), {})[int(m["cell"])] = (p.text, pos)
            pos += len(p.text) + 1
        for rows in cells.values():
            found = _compare_sex_columns(rows, lists, ctx.language, quantities)
            if found is not None:
                start, end, detail = found
                target, start, end = _in_window(ctx, whole, unit, start, end)
                added.append(
                    (target, sexdiff.Classification("differential", start, end, detail, "values"))
                )
                break
    if not added:
        return out
    ids = {u.id for u, _ in added}
    return [(u, c) for u, c in out if u.id not in ids] + added


def _in_window(ctx: Context, whole: Unit, unit: Unit, start: int, end: int
               ) -> tuple[Unit, int, int]:
    """The checked unit holding ``whole``'s [start, end): ``unit`` itself when it is
    not a window, else the window where the span starts (cut at its end)."""
    if whole is unit:
        return unit, start, end
    for window in ctx.units:
        host, offset = ctx.windows.get(window.id, (window, 0))
        if host is whole and offset <= start < offset + len(window.text):
            return window, start - offset, min(end, offset + len(window.text)) - offset
    return unit, 0, 0


def _compare_sex_columns(
    rows: dict[int, dict[int, tuple[str, int]]], lists: Any, language: str, quantities: Any
) -> tuple[int, int, str] | None:
    from genderlens.check import sexdiff

    header_row = None
    columns: dict[int, str] = {}
    for r in sorted(rows):
        cols = {}
        for c, (text, _) in rows[r].items():
            hits = sexdiff.find_markers(text, lists)
            sexes = sexdiff.sexes_of(hits)
            words = re.sub(r"[\W\d_]+", " ", text).split()
            if len(sexes) == 1 and hits and len(words) <= 3:
                cols[c] = next(iter(sexes))
        if set(cols.values()) == {"male", "female"}:
            header_row, columns = r, cols
            break
    if header_row is None:
        return None
    for r in sorted(rows):
        if r <= header_row:
            continue
        values: dict[str, list[float]] = {"male": [], "female": []}
        spans = []
        for c, sex in columns.items():
            cell = rows[r].get(c)
            if cell is None:
                continue
            qs = quantities(cell[0], language, bare_words=True)
            if qs:
                values[sex].append(qs[0].value)
                spans.append((cell[1], cell[1] + len(cell[0])))
        men, women = sorted(values["male"]), sorted(values["female"])
        if men and women and men != women:
            label_cell = next((rows[r][c] for c in sorted(rows[r]) if c not in columns), None)
            label = label_cell[0] if label_cell else ""
            if label_cell is not None:
                spans.append((label_cell[1], label_cell[1] + len(label)))
            start = min(s for s, _ in spans)
            end = max(e for _, e in spans)
            detail = sexdiff.say_values(language, label.strip() or "number", men, women)
            return start, end, detail
    return None


def _row(p: Paragraph) -> str:
    where = p.anchor.where
    return where.rsplit(", cell", 1)[0] if ", cell" in where else where


def classifications(ctx: Context, lexicon: str | None) -> list[tuple[Unit, Any]]:
    """Classify every provision once per document (several items read the result),
    then compare provisions with their siblings, the other sex's rules and the clauses
    they cite (:mod:`genderlens.check.compare`)."""
    from genderlens.check import compare, sexdiff

    key = f"classify:{lexicon}"
    if key in ctx.cache:
        return ctx.cache[key]
    out: list[tuple[Unit, Any]] = []
    units = _units_for_text(ctx)
    marked = [units[pos] for pos, _ in sexdiff.sex_lists(ctx.language, lexicon).scan.find_all()]

    def lead_in(unit: Unit) -> str:
        parent = ctx.parents.get(unit.id)
        if parent is None or unit.kind not in ("clause", "point", "subpoint"):
            return ""
        return "\n".join(t for t in (parent.heading, parent.text) if t)

    for unit in marked:
        c = sexdiff.classify(
            unit.text, ctx.language, _soft_breaks(unit, ctx), lexicon, lead_in(unit)
        )
        if c is not None:
            out.append((unit, c))
    out = _sex_columns(ctx, lexicon, out, marked)
    out = compare.refine(ctx.units, ctx.parents, ctx.language, lexicon, out, marked, lead_in)
    ctx.cache[key] = out
    return out


_FALLBACK_MESSAGE = {
    "vi": "Quy định riêng theo giới tính ({detail}).",
    "en": "Sex-specific provision ({detail}).",
}


def detect_differential(det: Detector, item: Item, ctx: Context) -> list[Hit]:
    from genderlens.check import sexdiff

    lexicon = det.opt("lexicon")
    if lexicon and not lexicon.startswith(ctx.language):
        return []
    wanted = set(det.opt("categories") or ("differential", "protective", "special-measure"))
    lang = "vi" if ctx.language == "vi" else "en"
    hits = []
    for unit, c in classifications(ctx, lexicon):
        if c.category not in wanted:
            continue
        severity = None
        if c.category == "protective":
            severity = Severity.info
        elif c.category == "special-measure":
            art = _article_of(unit, ctx)
            scope_text = art.full_text() if art is not None else unit.text
            if sexdiff.has_end(scope_text, ctx.language, lexicon):
                severity = Severity.info
        template = _text(det.opt("message"), lang) or _FALLBACK_MESSAGE[lang]
        msg = _format(template, detail=c.detail)
        hits.append(
            Hit(
                unit,
                c.start,
                c.end,
                c.category,
                msg,
                _text(det.opt("suggestion"), lang),
                severity,
                shape=c.shape,
                compared_with=c.compared_with if c.shape != "definition" else "",
            )
        )
    return hits


def _article_of(unit: Unit, ctx: Context) -> Unit | None:
    u: Unit | None = unit
    while u is not None and u.kind != "article":
        u = ctx.parents.get(u.id)
    return u


def detect_generic_masculine(det: Detector, item: Item, ctx: Context) -> list[Hit]:
    from genderlens.check.pronouns import find_pronouns

    if ctx.language != "en":
        return []
    from genderlens.check.pronouns import pronoun_units

    doublets = bool(det.opt("doublets", False))
    hits = []
    units = _units_for_text(ctx)
    male_terms = _male_terms(ctx)
    for pos in pronoun_units(det.opt("lexicon")):
        unit = units[pos]
        context = _context_text(unit, ctx)
        for p in find_pronouns(unit.text, context, det.opt("lexicon"), male_terms):
            if p.kind == "doublet" and doublets:
                hits.append(
                    Hit(
                        unit,
                        p.start,
                        p.end,
                        "language",
                        f"“{unit.text[p.start : p.end]}” doublet: many drafting offices prefer "
                        "repeating the noun or restructuring.",
                        "Repeat the noun or restructure the sentence.",
                        Severity.info,
                    )
                )
            elif p.kind == "generic" and not doublets:
                who = f" (refers to “{p.antecedent}”)" if p.antecedent else ""
                hits.append(
                    Hit(
                        unit,
                        p.start,
                        p.end,
                        "language",
                        f"Generic masculine “{unit.text[p.start : p.end]}”{who}: the provision "
                        "applies to people of any sex.",
                        "Repeat the noun, use “they”, or restructure the sentence.",
                    )
                )
    return hits


def _male_terms(ctx: Context) -> frozenset[str]:
    """Terms the document defines for men only ("settler"): their pronouns are specific."""
    found = ctx.cache.get("male_terms")
    if found is None:
        found = frozenset(
            c.compared_with.lower()
            for _, c in classifications(ctx, f"{ctx.language}-sex-markers")
            if c.shape == "definition" and c.sex == "male"
        )
        ctx.cache["male_terms"] = found
    return found


def _context_text(unit: Unit, ctx: Context) -> str:
    """The text a pronoun may refer back to: ancestors' own text, then the unit.
    Built once per parent (siblings share it, and the same string object is a cheap
    key for the phrase lookups that read it)."""
    parent = ctx.parents.get(unit.id)
    if parent is None:
        return ""
    contexts: dict[int, str] = ctx.cache.setdefault("contexts", {})
    text = contexts.get(id(parent))
    if text is None:
        chain = []
        u: Unit | None = parent
        while u is not None and u.kind in ("article", "clause", "point", "subpoint"):
            chain.append(u.text)
            u = ctx.parents.get(u.id)
        text = contexts[id(parent)] = "\n".join(reversed(chain))
    return text


def detect_presence(det: Detector, item: Item, ctx: Context) -> tuple[list[Hit], bool]:
    phrases = tuple(det.opt("any") or ())
    found = _find_first(ctx, phrases)
    if found is not None:
        return [], True
    lang = ctx.language
    msg = _text(det.opt("message"), lang) or _text(item.question, lang)
    return [
        Hit(None, 0, 0, det.opt("category") or "omission", msg, _text(det.opt("suggestion"), lang))
    ], False


def _find_first(ctx: Context, phrases: Sequence[str]) -> tuple[Unit, int, int] | None:
    from genderlens.check.matching import index_for

    found = index_for(ctx.language, {"x": phrases}).find_all()
    if found:
        pos, hs = found[0]
        return _units_for_text(ctx)[pos], hs[0].start, hs[0].end
    return None


def detect_conditional(det: Detector, item: Item, ctx: Context) -> tuple[list[Hit], int, int]:
    """Returns (omission hits, number of triggers, number satisfied)."""
    from genderlens.check.matching import index_for

    trig = tuple(det.opt("trigger") or ())
    expect = tuple(det.opt("expect") or ())
    scope = det.opt("scope") or "article"
    ti = index_for(ctx.language, {"t": trig})
    ei = index_for(ctx.language, {"e": expect}, scan=False)
    lang = ctx.language
    msg = _text(det.opt("message"), lang) or _text(item.question, lang)
    sugg = _text(det.opt("suggestion"), lang)
    hits: list[Hit] = []
    triggers = satisfied = 0
    doc_has: bool | None = None
    done_scopes: set[str] = set()
    units = _units_for_text(ctx)
    for pos, th in ti.find_all():
        unit = units[pos]
        if scope == "document":
            scope_id = "document"
            if scope_id in done_scopes:
                continue
            if doc_has is None:
                doc_has = _find_first(ctx, expect) is not None
            ok = doc_has
        else:
            target = _article_of(unit, ctx) if scope == "article" else unit
            if target is None:
                target = unit
            scope_id = target.id
            if scope_id in done_scopes:
                continue
            text = _full_text(target, ctx) if scope == "article" else unit.text
            ok = _may_hold(ctx.language, expect, text) and bool(ei.find(text))
        done_scopes.add(scope_id)
        triggers += 1
        if ok:
            satisfied += 1
        else:
            h = th[0]
            hits.append(
                Hit(
                    unit,
                    h.start,
                    h.end,
                    det.opt("category") or "omission",
                    _format(msg, term=unit.text[h.start : h.end]),
                    sugg,
                )
            )
    return hits, triggers, satisfied


def _full_text(unit: Unit, ctx: Context) -> str:
    """A provision's whole text, built once per review (several conditionals ask)."""
    key = f"full:{id(unit)}"
    text = ctx.cache.get(key)
    if text is None:
        text = ctx.cache[key] = unit.full_text()
    return text


def _may_hold(language: str, phrases: tuple[str, ...], text: str) -> bool:
    """False when no phrase can match in ``text``: a phrase matches whole tokens, so
    each of its tokens is a substring of the text's match form.

    Why: the lookup index tokenises the whole text to answer, and an article's text is
    long; most articles a trigger names hold none of the expected words.
    """
    from genderlens.check.matching import form_of

    form = form_of(text)
    return any(all(tok in form for tok in toks) for toks in _phrase_tokens(language, phrases))


_PHRASE_TOKENS: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, ...], ...]] = {}


def _phrase_tokens(language: str, phrases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Each phrase's tokens (match form), longest (rarest) first."""
    key = (language, phrases)
    found = _PHRASE_TOKENS.get(key)
    if found is None:
        from genderlens.check.matching import tokens
        from genderlens.normalize import match_form

        out = []
        for p in phrases:
            form = match_form(p).strip() if p else ""
            toks = set(tokens(language, form)[1]) if form else set()
            if toks:
                out.append(tuple(sorted(toks, key=lambda t: (-len(t), t))))
        found = _PHRASE_TOKENS[key] = tuple(out)
    return found


# ------------------------------------------------------------------------ engine


@functools.lru_cache(maxsize=256)
def _line_breaks(raw: str) -> tuple[int, ...]:
    """Where a paragraph's source breaks lines, found once per paragraph: looking
    around each finding scanned a 4 MB one-line paragraph once per finding."""
    out = []
    i = raw.find("\n")
    while i >= 0:
        out.append(i)
        i = raw.find("\n", i + 1)
    return tuple(out)


def _locate(unit: Unit, start: int, end: int, doc: Document,
            starts: dict[str, list[int]] | None = None) -> Span:
    """The span of unit text [start, end) in its paragraph and source. ``starts`` keeps
    where each paragraph of a long unit starts, so that a finding is located by
    bisection (walking from the first paragraph for each finding was quadratic in a
    provision of 60 000 paragraphs)."""
    pos = 0
    paragraphs = unit.paragraphs
    if starts is not None and len(paragraphs) > 64:
        offsets = starts.get(unit.id)
        if offsets is None:
            offsets = starts[unit.id] = list(
                itertools.accumulate((len(doc.paragraphs[i].text) + 1 for i in paragraphs),
                                     initial=0))
        # the first paragraph that ends at or after ``start`` (its line end included)
        k = max(0, bisect.bisect_left(offsets, start + 1) - 1)
        pos = offsets[k]
        paragraphs = paragraphs[k:]
    for idx in paragraphs:
        p = doc.paragraphs[idx]
        n = len(p.text)
        if start <= pos + n:
            ps = start - pos
            pe = min(end - pos, n)
            src_s = src_e = None
            off = p.body_offset
            if ps >= off:
                src_s = source_offset(p.raw, ps - off)
                src_e = source_offset(p.raw, pe - off)
            line = p.anchor.line
            col = p.anchor.column + (src_s or 0) + 1 if line is not None else None
            end_line = end_col = None
            if line is not None and src_s is not None and src_e is not None:
                breaks = _line_breaks(p.raw)  # a paragraph unwrapped from several lines
                if breaks:
                    first = line
                    k = bisect.bisect_left(breaks, src_s)
                    if k:
                        line += k
                        col = src_s - breaks[k - 1]
                    k_end = bisect.bisect_left(breaks, src_e)
                    if k_end > k:
                        end_line = first + k_end
                        end_col = src_e - breaks[k_end - 1]
            return Span(start, end, idx, ps, pe, src_s, src_e, line, col, end_line, end_col)
        pos += n + 1
    idx = unit.paragraphs[0] if unit.paragraphs else 0
    return Span(start, end, idx, 0, 0)


def _units_and_parents(doc: Document) -> tuple[list[Unit], dict[str, Unit]]:
    """Every unit in document order (``doc.walk()``'s, depth first) and each one's
    parent, in one loop: the nested generators of ``walk`` cost a frame per level and
    unit, on every review."""
    units: list[Unit] = []
    parents: dict[str, Unit] = {}
    stack = doc.units[::-1]
    while stack:
        u = stack.pop()
        units.append(u)
        if u.children:
            for c in u.children:
                parents[c.id] = u
            stack.extend(u.children[::-1])
    return units, parents


def _doc_locator(lang: str) -> Locator:
    return Locator(text="Toàn văn dự thảo" if lang == "vi" else "Whole draft")


def review_document(
    doc: Document,
    checklists: Sequence[str | Checklist] | None = None,
    options: Options | None = None,
    **_: Any,
) -> Review:
    """Check ``doc`` against ``checklists`` (ids, paths or loaded; default: every
    built-in checklist for the document's language)."""
    from genderlens import __version__
    from genderlens.check.loader import builtin_checklists, find_checklist
    from genderlens.check.matching import clear_cache

    t0 = time.perf_counter()
    clear_cache()
    opts = options or Options()
    if checklists:
        lists = [c if isinstance(c, Checklist) else find_checklist(c) for c in checklists]
    else:
        lists = [c for c in builtin_checklists() if c.applies_to(doc.language)]
    units, parents = _units_and_parents(doc)
    units, windows = _windowed(units, parents)
    _register_phrases(doc, lists, opts)
    ctx = Context(doc, doc.language, units, parents, windows=windows)
    from genderlens.check.matching import prepare

    prepare(doc.language, (u.text for u in _units_for_text(ctx)))
    findings: list[Finding] = []
    items: list[ItemResult] = []
    lang = opts.memo_language or ("vi" if doc.language == "vi" else "en")
    for cl in lists:
        for item in cl.items:
            full = f"{cl.id}.{item.id}"
            if full in opts.disable or item.id in opts.disable:
                continue
            if opts.enable_only and full not in opts.enable_only:
                continue
            results = _run_item(cl, item, ctx, lang, doc, opts)
            findings.extend(results[0])
            items.append(results[1])
    findings = fold_related(_dedupe(findings))
    findings.sort(
        key=lambda f: (
            f.span.paragraph if f.span else -1,
            f.span.para_start if f.span else 0,
            -f.severity,
        )
    )
    review = Review(
        document=doc,
        findings=findings,
        items=items,
        checklists=[ChecklistInfo(c.id, c.version, c.title.get(lang), c.basis) for c in lists],
        tool_version=__version__,
        warnings=list(doc.reading_warnings),
    )
    review.timings["check"] = time.perf_counter() - t0
    clear_cache()
    return review


_REGISTERED: set[tuple[str, tuple[int, ...]]] = set()


def _register_phrases(doc: Document, lists: Sequence[Checklist], opts: Options) -> None:
    """Run every item once over an empty draft, so that each detector registers its
    phrases in the shared phrase table before the real provisions are matched.

    Why: detectors build their phrase indexes on first use, and each new index makes
    the table forget what it had matched, so a cold review matched every provision
    once per index (18 times on a one-page draft's first run).
    """
    key = (doc.language, tuple(id(c) for c in lists))
    if key in _REGISTERED:
        return
    from genderlens.model import Document as _Document

    empty = _Document(doc.path, doc.format, doc.language, [])
    ctx = Context(empty, doc.language, [], {})
    lang = opts.memo_language or ("vi" if doc.language == "vi" else "en")
    for cl in lists:
        for item in cl.items:
            _run_item(cl, item, ctx, lang, empty, opts)
    _REGISTERED.add(key)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[str] = set()
    out = []
    for f in findings:
        key = f.fingerprint + (f"@{f.span.paragraph}:{f.span.para_start}" if f.span else "")
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


# Categories that report one decision about a provision: several items reaching it
# (the differential classifier, a spouse-rights pattern, an exclusion rule) make one
# finding, the strongest, with the others as related evidence.
_FOLDED = {"differential": "treatment", "exclusion": "treatment", "special-measure": "measure"}


def fold_related(findings: list[Finding]) -> list[Finding]:
    """One finding per provision for differential treatment (and one for special
    measures): the most severe, first-listed item's finding keeps the others' messages
    in ``related``. Findings without a provision are never folded."""
    from dataclasses import replace

    groups: dict[tuple[str, str], list[int]] = {}
    for i, f in enumerate(findings):
        family = _FOLDED.get(f.category)
        if family and f.unit_id:
            groups.setdefault((f.unit_id, family), []).append(i)
    drop: set[int] = set()
    replaced: dict[int, Finding] = {}
    for idxs in groups.values():
        if len(idxs) < 2:
            continue
        best = min(idxs, key=lambda i: (-findings[i].severity, findings[i].shape == "", i))
        related = tuple(f"{findings[i].rule}: {findings[i].message}" for i in idxs if i != best)
        replaced[best] = replace(findings[best], related=findings[best].related + related)
        drop.update(i for i in idxs if i != best)
    return [replaced.get(i, f) for i, f in enumerate(findings) if i not in drop]


def _applies(det: Detector, lang: str) -> bool:
    return det.language in (None, "", lang)


def _run_item(
    cl: Checklist, item: Item, ctx: Context, lang: str, doc: Document, opts: Options
) -> tuple[list[Finding], ItemResult]:
    full = f"{cl.id}.{item.id}"
    if item.languages and doc.language not in item.languages:
        return [], ItemResult(
            cl.id,
            item.id,
            "not-applicable",
            _text(item.question, lang),
            _text(item.title, lang),
            item.basis,
        )
    dets = [d for d in item.detectors if _applies(d, doc.language)]
    if dets and all(d.opt("scope") == "dossier" for d in dets):
        return [], _dossier_item(cl, item, dets, ctx, lang)
    hits: list[Hit] = []
    present: list[bool] = []
    triggers = satisfied = 0
    for det in dets:
        if det.kind == "terms":
            hits += detect_terms(det, item, ctx)
        elif det.kind == "pattern":
            hits += detect_pattern(det, item, ctx)
        elif det.kind == "differential":
            hits += detect_differential(det, item, ctx)
        elif det.kind == "generic-masculine":
            hits += detect_generic_masculine(det, item, ctx)
        elif det.kind == "presence":
            h, ok = detect_presence(det, item, ctx)
            present.append(ok)
            if item.status != "human":
                hits += h
        elif det.kind == "conditional":
            h, t, s = detect_conditional(det, item, ctx)
            hits += h
            triggers += t
            satisfied += s
    sev_default = opts.severity.get(full) or item.severity
    findings = []
    # A provision quoted a thousand times is one quote, one message and one basis, not
    # a thousand copies of each: a table of 90 000 rows kept 0.7 KB of repeated text
    # per finding. The strings are equal either way, so the findings are unchanged.
    shared: dict[str, str] = ctx.cache.setdefault("strings", {})
    share = shared.setdefault
    for hit in hits:
        sev = opts.severity.get(full) or hit.severity or sev_default
        if hit.unit is None:
            loc, span, quote = _doc_locator(doc.language), None, ""
            uid = ""
        else:
            unit, offset = ctx.windows.get(hit.unit.id, (hit.unit, 0))
            loc = unit.locator
            start, end = hit.start + offset, hit.end + offset
            nl = unit.text.find("\n", start, end)
            if nl >= 0:
                # A quote stays inside one paragraph (one table cell, one line) so that
                # it can be cited and commented on exactly.
                end = nl
            span = _locate(unit, start, end, doc, ctx.cache.setdefault("starts", {}))
            quote = unit.text[start:end]
            quote = share(quote, quote)
            uid = unit.id
        basis = f"{item.basis}; {hit.source}" if hit.source else item.basis
        basis = share(basis, basis)
        findings.append(
            Finding(
                cl.id,
                item.id,
                full,
                hit.category,
                sev,
                loc,
                quote,
                share(hit.message, hit.message),
                hit.suggestion,
                basis,
                span,
                uid,
                hit.shape,
                compared_with=hit.compared_with,
            )
        )
    status = _status(item, dets, findings, present, triggers, satisfied)
    evidence = tuple(f.fingerprint for f in findings[:50])
    return findings, ItemResult(
        cl.id,
        item.id,
        status,
        _text(item.question, lang),
        _text(item.title, lang),
        item.basis,
        evidence,
    )


def _dossier_item(
    cl: Checklist, item: Item, dets: list[Detector], ctx: Context, lang: str
) -> ItemResult:
    """An item only the dossier answers (LGE Art. 21-22) says so instead of judging
    the draft's text: "the dossier lacks a report" about a dossier nobody read was a
    false warning on every draft reviewed alone. :mod:`genderlens.dossier` answers
    these items when the documents are given. A conditional item whose trigger the
    draft lacks (no children concerned) does not apply at all."""
    from genderlens.check.matching import index_for

    status = "needs-review"
    conditionals = [d for d in dets if d.kind == "conditional"]
    if conditionals and len(conditionals) == len(dets):
        triggered = False
        for det in conditionals:
            trig = tuple(det.opt("trigger") or ())
            triggered = triggered or bool(index_for(ctx.language, {"t": trig}).find_all())
        if not triggered:
            status = "not-applicable"
    return ItemResult(
        cl.id,
        item.id,
        status,
        _text(item.question, lang),
        _text(item.title, lang),
        item.basis,
        reason="" if status == "not-applicable" else DOSSIER_NOT_PROVIDED,
        dossier=True,
    )


def _status(
    item: Item,
    dets: list[Detector],
    findings: list[Finding],
    present: list[bool],
    triggers: int,
    satisfied: int,
) -> str:
    if item.status == "human" or (not dets and item.detectors == ()):
        return "needs-review"
    if not dets:
        return "not-applicable"
    if item.status == "flag-if-found":
        return "flagged" if findings else "met"
    if item.status == "expect-present":
        if present:
            return "met" if all(present) else "not-met"
        return "not-met" if findings else "met"
    if item.status == "conditional":
        if triggers == 0:
            return "not-applicable"
        return "met" if satisfied == triggers else "not-met"
    return "needs-review"
