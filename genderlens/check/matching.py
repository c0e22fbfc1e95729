"""Phrase lookup on the match form of a text (NFC, tone-folded, lower-cased).

The match form has the same length as the text, so character offsets found on it
are offsets in the unit text. A bag-of-words test decides whether a text can contain
any phrase at all; only then is it tokenised (:func:`genderlens.check.nlp.tokenize`)
and its tokens looked up in one table holding the phrases of every detector, so
throughput stays high on the many provisions that say nothing about sex or gender, and
the cost of a provision grows with its tokens and hits, not with the number of rules.

Why a token table rather than spaCy's PhraseMatcher or an Aho-Corasick automaton over
characters (pyahocorasick): a phrase must match whole tokens ("nam" is not in
"nam-nữ", "người (nữ" matches "người(nữ"), which a character automaton cannot say
without tokenising anyway, and the PhraseMatcher needs spaCy, whose import alone cost
~0.8 s of every run. The table gives the PhraseMatcher's matches exactly (every
occurrence of every phrase, one per phrase list).

Exceptions are data, as in negspacy: phrases registered under an ``ignore`` label
(false friends such as "Việt Nam" for "nam") win over shorter phrases they contain and
are then dropped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import compress
from unicodedata import is_normalized

from genderlens.normalize import fold_tones, match_form

IGNORE = "__ignore__"

# Several detectors look at the same provision: its match form and its spaCy Doc are
# computed once per review (the engine clears these between documents).
_FORMS: dict[str, str] = {}
_DOCS: dict[tuple[str, str], tuple[list[tuple[int, int]], list[str]]] = {}


def form_of(text: str) -> str:
    """The match form of a provision's text (already NFC: only folded and lowered)."""
    form = _FORMS.get(text)
    if form is None:
        form = fold_tones(text).lower() if is_normalized("NFC", text) else match_form(text)
        _FORMS[text] = form
    return form


def tokens(language: str, form: str) -> tuple[list[tuple[int, int]], list[str]]:
    """(start, end) and text of every token of ``form`` (one tokenizer for all languages)."""
    key = (language, form)
    toks = _DOCS.get(key)
    if toks is None:
        from genderlens.check.nlp import tokens_and_texts

        toks = _DOCS[key] = tokens_and_texts(form)
    return toks


def clear_cache() -> None:
    _FORMS.clear()
    _DOCS.clear()
    for bank in _BANKS.values():
        bank.results.clear()
        bank.prepare([])


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    label: str
    phrase: str  # the registered phrase (match form) that matched


class _Bank:
    """One PhraseMatcher per language holding the phrases of every index.

    Each provision is tokenised and matched once, however many detectors look at it;
    each index then keeps the raw matches carrying its own labels.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        # first token -> phrase length in tokens -> token texts -> (index id, label)s
        self.table: dict[str, dict[int, dict[tuple[str, ...], list[tuple[int, str]]]]] = {}
        self.results: dict[str, dict[int, list[tuple[int, int, str]]]] = {}
        # bag-of-words prefilter: rarest word -> word sets of the phrases keyed by it
        self.phrase_words: dict[str, list[frozenset[str]]] = {}
        self.ignore_phrases: set[str] = set()
        self.ignore_rx: re.Pattern[str] | None = None
        # Ignored phrases cancel only the phrases of the index that registered them
        # ("Việt Nam" hides "nam" from the sex markers, not from a consultation item's
        # "Hội Liên hiệp Phụ nữ Việt Nam"): the phrases of other indexes are bag-tested
        # on all the words of a text, those of ignoring indexes on the words left.
        self.entries: list[tuple[int, str, frozenset[str]]] = []
        self.ignoring: set[int] = set()
        self.split: tuple[dict[str, list[frozenset[str]]], dict[str, list[frozenset[str]]]] | None
        self.split = None
        # the current review's provisions (match forms) and, per index, where it hits
        self.forms: list[str] = []
        self.by_index: dict[int, list[tuple[int, list[tuple[int, int, str]]]]] | None = None

    def prepare(self, forms: list[str]) -> None:
        self.forms = forms
        self.by_index = None

    def hits_for(self, index_id: int) -> list[tuple[int, list[tuple[int, int, str]]]]:
        """(position in the prepared forms, raw spans) for every provision this index
        hits, computed for all indexes in one pass over the provisions."""
        if self.by_index is None:
            by: dict[int, list[tuple[int, list[tuple[int, int, str]]]]] = {}
            for pos, form in enumerate(self.forms):
                for idx, spans in self.match(form).items():
                    by.setdefault(idx, []).append((pos, spans))
            self.by_index = by
        return self.by_index.get(index_id, [])

    def _may_contain_a_phrase(self, form: str) -> bool:
        """True unless no registered phrase can occur: every word of a phrase must be
        a word of the text (a necessary condition, checked without tokenising)."""
        words = set(_WORD.findall(form))
        if not self._bag_match(words):
            return False
        if not self.ignore_phrases:
            return True
        if self.ignore_rx is None:
            alts = "|".join(
                re.escape(p) for p in sorted(self.ignore_phrases, key=len, reverse=True)
            )
            self.ignore_rx = re.compile(rf"(?<!\w)(?:{alts})(?!\w)")
        plain, ignoring = self._split()
        if self._bag_match(words, plain):
            return True
        # "Việt Nam" says nothing about "nam": words inside ignored phrases don't count
        return self._bag_match(set(_WORD.findall(self.ignore_rx.sub(" ", form))), ignoring)

    def _split(
        self,
    ) -> tuple[dict[str, list[frozenset[str]]], dict[str, list[frozenset[str]]]]:
        if self.split is None:
            plain: dict[str, list[frozenset[str]]] = {}
            ignoring: dict[str, list[frozenset[str]]] = {}
            for index_id, rare, words in self.entries:
                target = ignoring if index_id in self.ignoring else plain
                target.setdefault(rare, []).append(words)
            self.split = (plain, ignoring)
        return self.split

    def _bag_match(
        self, words: set[str], phrase_words: dict[str, list[frozenset[str]]] | None = None
    ) -> bool:
        pw = self.phrase_words if phrase_words is None else phrase_words
        for key in words.intersection(pw):
            for need in pw[key]:
                if need <= words:
                    return True
        return False

    def add(self, index_id: int, label: str, forms: list[str]) -> None:
        from genderlens.check.nlp import tokenize

        key = (index_id, label)
        for f in forms:
            toks = tuple(f[a:b] for a, b in tokenize(f))
            if not toks:
                continue
            keys = self.table.setdefault(toks[0], {}).setdefault(len(toks), {}).setdefault(toks, [])
            if key not in keys:
                keys.append(key)
        if label == IGNORE:
            self.ignore_phrases.update(forms)
            self.ignore_rx = None
            self.ignoring.add(index_id)
        self.split = None
        for f in forms if label != IGNORE else ():
            # a phrase can only match where each of its words occurs: look for the
            # least common one (ranked by the language's common-words list); phrases
            # that only cancel others (IGNORE) never need a provision tokenised
            words = [w for w in _WORD.findall(f) if w]
            if words:
                rank = _common_rank(self.language)
                rare = min(words, key=lambda w: (rank.get(w, -1), -len(w)))
                self.phrase_words.setdefault(rare, []).append(frozenset(words))
                self.entries.append((index_id, rare, frozenset(words)))
        self.results.clear()  # earlier results lack the new phrases
        self.by_index = None

    def match(self, form: str) -> dict[int, list[tuple[int, int, str]]]:
        """index id -> (start_char, end_char, label) for every phrase of every index."""
        found = self.results.get(form)
        if found is None:
            found = {}
            if self._may_contain_a_phrase(form):
                toks, texts = tokens(self.language, form)
                table = self.table
                n = len(texts)
                # only the tokens that start some phrase are visited in Python
                for i in compress(range(n), map(table.__contains__, texts)):
                    for length, phrases in table[texts[i]].items():
                        if i + length > n:
                            continue
                        keys = phrases.get(tuple(texts[i : i + length]))
                        if keys is None:
                            continue
                        start, end = toks[i][0], toks[i + length - 1][1]
                        for index_id, label in keys:
                            found.setdefault(index_id, []).append((start, end, label))
            self.results[form] = found
        return found


_WORD = re.compile(r"\w+")


@cache
def _common_rank(language: str) -> dict[str, int]:
    """Higher = more common; words not listed are rarer than any listed word."""
    from genderlens.check.loader import builtin_lexicons

    lex = builtin_lexicons().get(f"{language}-common-words")
    words = lex.list("common") if lex is not None else ()
    return {w.lower(): len(words) - i for i, w in enumerate(words)}


_BANKS: dict[tuple[str, bool], _Bank] = {}
_NEXT_ID = [0]


_INDEXES: dict[tuple[str, str], PhraseIndex] = {}


def index_for(
    language: str, phrases: Mapping[str, Iterable[str]], scan: bool = True
) -> PhraseIndex:
    """A process-wide index for these phrases (built once, reused by every review)."""
    key = (language, repr(sorted((k, tuple(v)) for k, v in phrases.items())) + str(scan))
    index = _INDEXES.get(key)
    if index is None:
        index = _INDEXES[key] = PhraseIndex(language, phrases, scan=scan)
    return index


def _bank(language: str, scan: bool = True) -> _Bank:
    """The scanning bank decides which provisions get tokenised at all; the lookup
    bank holds phrases only ever looked for in texts already known to matter (role
    nouns near a pronoun, the expected words of a conditional), so that common words
    such as "person" or "shall" do not send every provision through the tokenizer."""
    bank = _BANKS.get((language, scan))
    if bank is None:
        bank = _BANKS[(language, scan)] = _Bank(language)
    return bank


class PhraseIndex:
    """Longest-match phrase finder for one language (its phrases live in the bank)."""

    def __init__(
        self, language: str, phrases: Mapping[str, Iterable[str]], scan: bool = True
    ) -> None:
        self.language = language
        self.scan = scan
        self._phrases: dict[str, list[str]] = {}
        for label, items in phrases.items():
            forms = sorted({match_form(p).strip() for p in items if p and p.strip()})
            if forms:
                self._phrases[label] = forms
        _NEXT_ID[0] += 1
        self._id = _NEXT_ID[0]
        self._registered = False

    def find(self, text: str, form: str | None = None) -> list[Hit]:
        """All longest, non-overlapping hits in ``text`` (ignore-labelled ones removed)."""
        if form is None:
            form = form_of(text)
        bank = self._register()
        spans = bank.match(form).get(self._id)
        if not spans:
            return []
        return _longest(spans, form)

    def _register(self) -> _Bank:
        bank = _bank(self.language, self.scan)
        if not self._registered:
            for label, forms in self._phrases.items():
                bank.add(self._id, label, forms)
            self._registered = True
        return bank

    def find_all(self) -> list[tuple[int, list[Hit]]]:
        """Hits in every provision prepared for this review (see :func:`prepare`):
        (position, hits) for the provisions that have any."""
        if not self.scan:
            raise ValueError("a lookup-only index cannot scan the review's provisions")
        bank = self._register()
        out = []
        for pos, spans in bank.hits_for(self._id):
            hits = _longest(spans, bank.forms[pos])
            if hits:
                out.append((pos, hits))
        return out


def prepare(language: str, texts: list[str]) -> None:
    """Tell the scanning bank which provisions the current review will ask about."""
    _bank(language, True).prepare([form_of(t) for t in texts])


def _longest(raw: list[tuple[int, int, str]], form: str) -> list[Hit]:
    """Longest first, then leftmost, non-overlapping; ignore-labelled hits dropped.

    Ties between labels are broken by label, so the result never depends on the order
    in which indexes were registered. A phrase in several lists keeps every label (same
    span); a phrase overlapping a longer one is dropped.

    Why bisect: the spans kept so far never overlap one another, so sorted by start they
    are sorted by end too, and only the rightmost one starting before a candidate's end
    can overlap it. Comparing every span with every kept one was quadratic: a provision
    with 5,000 hits (a table, a text read as one paragraph) took minutes.
    """
    spans = list(raw)
    if len(spans) > 1:
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0], x[2]))
        taken: list[tuple[int, int, str]] = []
        kept: set[tuple[int, int]] = set()
        starts: list[int] = []  # of the kept spans, sorted; disjoint, so ends sorted too
        ends: list[int] = []
        for s_, e, label in spans:
            if (s_, e) in kept:
                taken.append((s_, e, label))
                continue
            i = bisect.bisect_left(starts, e)  # kept spans starting before this one ends
            if i and ends[i - 1] > s_:
                continue
            kept.add((s_, e))
            if s_ < e:  # empty spans come last and overlap no later one
                starts.insert(i, s_)
                ends.insert(i, e)
            taken.append((s_, e, label))
        taken.sort()
        spans = taken
    return [Hit(s_, e, label, form[s_:e]) for s_, e, label in spans if label != IGNORE]
