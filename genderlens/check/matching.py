"""Phrase lookup on the match form of a text (NFC, tone-folded, lower-cased).

The match form has the same length as the text, so character offsets found on it
are offsets in the unit text. One Aho-Corasick automaton (pyahocorasick) per language
holds the phrases of every detector, in every spelling a text can give their tokens;
it finds them all in one pass over the characters, and each candidate is then held to
whole tokens as :func:`genderlens.check.nlp.tokenize` cuts the text ("nam" is not in
"nam-nữ", "người (nữ" matches "người(nữ"). The cost of a provision therefore follows
its length and its candidates, not the number of rules, and the matches are the
PhraseMatcher's exactly (every occurrence of every phrase, one per phrase list).

Why not tokenise every provision and look its tokens up (the previous design): the
tokenizer is Python, the automaton C; on the corpus the token table spent three
quarters of the check stage cutting provisions into tokens, and a bag-of-words
prefilter had to decide which provisions were worth it. Why not spaCy's PhraseMatcher:
it needs spaCy, whose import alone cost ~0.8 s of every run.

Exceptions are data, as in negspacy: phrases registered under an ``ignore`` label
(false friends such as "Việt Nam" for "nam") win over shorter phrases they contain and
are then dropped.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice, pairwise
from typing import Any, NamedTuple, TypeAlias
from unicodedata import is_normalized

from genderlens.normalize import fold_tones, lower, match_form

IGNORE = "__ignore__"

# Several detectors look at the same provision: its match form is computed once per
# review (the engine clears these between documents). Why a bound: the cache keeps each
# text alive, and a draft with no articles has a provision per line (660 000 texts and
# forms, 170 MB, for 4 MB of one-word lines); past the bound a form is computed again.
_FORMS: dict[str, str] = {}
_FORMS_KEPT = 65_536


def form_of(text: str) -> str:
    """The match form of a provision's text (already NFC: only folded and lowered)."""
    form = _FORMS.get(text)
    if form is None:
        form = lower(fold_tones(text)) if is_normalized("NFC", text) else match_form(text)
        if len(_FORMS) < _FORMS_KEPT:
            _FORMS[text] = form
    return form


def tokens(language: str, form: str) -> tuple[list[tuple[int, int]], list[str]]:
    """(start, end) and text of every token of ``form`` (one tokenizer for all
    languages), kept for the review: detectors that need a provision's tokens ask once."""
    key = (language, form)
    toks = _TOKENS.get(key)
    if toks is None:
        from genderlens.check.nlp import tokens_and_texts

        toks = _TOKENS[key] = tokens_and_texts(form)
    return toks


_TOKENS: dict[tuple[str, str], tuple[list[tuple[int, int]], list[str]]] = {}


def clear_cache() -> None:
    _FORMS.clear()
    _TOKENS.clear()
    for bank in _BANKS.values():
        bank.results.clear()
        bank.prepare(Forms("", array("q")))


class Hit(NamedTuple):
    """A phrase found in a text (a tuple: a review makes hundreds of thousands)."""

    start: int
    end: int
    label: str
    phrase: str  # the registered phrase (match form) that matched


class _Bank:
    """One automaton per language holding the phrases of every index.

    Each provision is scanned once, however many detectors look at it; each index then
    keeps the raw matches carrying its own labels.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        # phrase tokens -> (index id, label number)s that registered them
        self.keys: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        self.automaton: Any = None  # built on first use after phrases change
        # Matches per index are flat (start, end, label number) triples (see _Raw)
        self.results: dict[str, dict[int, _Raw]] = {}
        # the current review's provisions (match forms), the phrases found in each
        # (tokens, whichever index registered them), and per index where it hits
        self.forms: Forms = Forms("", array("q"))
        # provision position -> phrases found there (only provisions with some), as
        # flat (start, end, phrase number) triples: a tuple and two ints per match
        # cost 130 bytes, and a draft of 600 000 matches kept them all for the review
        self.found: dict[int, array[int]] | None = None
        self.phrases: list[tuple[str, ...]] = []  # phrase number -> tokens
        self.numbers: dict[tuple[str, ...], int] = {}
        self.found_keys: set[tuple[str, ...]] = set()  # the phrases ``found`` covers
        self.ids: set[int] = set()  # every index registered
        self.derived: set[int] = set()  # the indexes ``by_index`` and ``prepared`` hold
        self.by_index: dict[int, list[tuple[int, _Raw]]] = {}
        self.prepared: dict[str, dict[int, _Raw]] = {}

    def prepare(self, forms: Forms) -> None:
        self.forms = forms
        self.found = None
        self.phrases = []
        self.numbers = {}
        self.found_keys = set()
        self.derived = set()
        self.by_index = {}
        self.prepared = {}

    def hits_for(self, index_id: int) -> list[tuple[int, _Raw]]:
        """(position in the prepared forms, raw spans) for every provision this index
        hits, computed for all indexes in one pass over the provisions."""
        if index_id not in self.derived:
            self._derive()
        return self.by_index.get(index_id, [])

    def _derive(self) -> None:
        """The hits of the indexes not derived yet in the prepared provisions.

        The engine registers every detector's phrases before the provisions are
        matched (``engine._register_phrases`` runs each item over an empty draft), but
        a detector that returns early on an empty draft registers its index only
        during the review. Why phrases found are kept apart from the indexes: such a
        late index used to make the whole draft be scanned again (four full scans in
        a one-file command); now only its new phrases are looked for, with an
        automaton of their own, and only the new indexes' hits are made.
        """
        if self.found is None:
            self.found = self._scan_prepared(self._automaton())
            self.found_keys = set(self.keys)
        elif len(self.found_keys) < len(self.keys):
            new = [t for t in self.keys if t not in self.found_keys]
            for p, more in self._scan_prepared(_automaton_of(new)).items():
                self.found.setdefault(p, array("q")).extend(more)
            self.found_keys.update(new)
        todo = self.ids - self.derived
        keys = self.keys
        by = self.by_index
        prepared = self.prepared
        phrases = self.phrases
        for p in sorted(self.found):
            triples = iter(self.found[p])
            fresh: dict[int, _Raw] = {}
            for start, end, number in zip(triples, triples, triples, strict=True):
                for index_id, label in keys[phrases[number]]:
                    if index_id in todo:
                        raw = fresh.get(index_id)
                        if raw is None:
                            raw = fresh[index_id] = array("q")
                        raw.extend((start, end, label))
            if not fresh:
                continue
            form = self.forms[p]
            spans = prepared.get(form)
            if spans is None:
                spans = prepared[form] = {}
            for idx, raw in fresh.items():
                spans[idx] = raw
                by.setdefault(idx, []).append((p, raw))
        self.derived |= todo

    def _scan_prepared(self, automaton: Any) -> dict[int, array[int]]:
        """Scan all prepared provisions as one text (one call into the automaton for
        the whole review); a line break between two provisions ends a token as the
        ends of a text do, and a match across two provisions is dropped."""
        forms = self.forms
        joined, starts = forms.joined, forms.starts
        found: dict[int, array[int]] = {}
        numbers = self.numbers
        at = 0  # the provision of the last match (matches come in order of their end)
        base, stop = starts[0] if starts else 0, forms.length(0) if forms else 0
        triples = found.setdefault(0, array("q"))
        for start, end, toks in _scan(automaton, joined):
            if not base <= start < stop:
                at = bisect.bisect_right(starts, start) - 1
                base = starts[at]
                stop = base + forms.length(at)
                triples = found.setdefault(at, array("q"))
            if end > stop:
                continue
            number = numbers.get(toks)
            if number is None:
                number = numbers[toks] = len(self.phrases)
                self.phrases.append(toks)
            triples.extend((start - base, end - base, number))
        return {p: t for p, t in found.items() if t}

    def add(self, index_id: int, label: str, forms: list[str]) -> None:
        from genderlens.check.nlp import tokens_and_texts

        key = (index_id, _label_number(label))
        for f in forms:
            texts = tuple(tokens_and_texts(f)[1])
            if not texts:
                continue
            keys = self.keys.get(texts)
            if keys is None:
                keys = self.keys[texts] = []
                self.automaton = None
            if key not in keys:
                keys.append(key)
        self.ids.add(index_id)
        self.results.clear()  # earlier results lack the new phrases

    def _automaton(self) -> Any:
        if self.automaton is None:
            self.automaton = _automaton_of(list(self.keys))
        return self.automaton

    def match(self, form: str) -> dict[int, _Raw]:
        """index id -> (start_char, end_char, label number) triples for every phrase of
        every index (:func:`decoded` makes them tuples)."""
        if self.derived == self.ids:
            done = self.prepared.get(form)
            if done is not None:
                return done
        found = self.results.get(form)
        if found is None:
            found = {}
            for start, end, toks in _scan(self._automaton(), form):
                for index_id, label in self.keys[toks]:
                    raw = found.get(index_id)
                    if raw is None:
                        raw = found[index_id] = array("q")
                    raw.extend((start, end, label))
            if len(self.results) >= _RESULTS_KEPT:
                self.results.clear()
            self.results[form] = found
        return found


# Texts whose matches a bank remembers. Why a bound: most texts are looked up once
# per review, and a table of 68 000 rows kept every row's matches (150 MB) for the
# whole review; a text looked up again soon (several items reading one provision)
# is still found here.
_RESULTS_KEPT = 4096


def _automaton_of(phrases: list[tuple[str, ...]]) -> Any:
    """An automaton of every spelling of these phrases (see :func:`_scan`)."""
    import ahocorasick

    auto = ahocorasick.Automaton(ahocorasick.STORE_ANY)
    for toks in phrases:
        plain = all(t.isalnum() for t in toks)
        for spelling in _spellings(toks):
            auto.add_word(spelling, (len(spelling), toks, plain,
                                     spelling[0].isalnum(), spelling[-1].isalnum()))
    if len(auto):
        auto.make_automaton()
    return auto


def _spellings(toks: tuple[str, ...]) -> list[str]:
    """Every way a text can spell these tokens: between two tokens there is one space
    or none, except between two letters or digits, which need the space (without it
    they would be one token). "người (nữ" is also "người(nữ", "nữ )" is "nữ)"."""
    out = [toks[0]]
    for left, right in pairwise(toks):
        if left[-1].isalnum() and right[0].isalnum():
            out = [o + " " + right for o in out]
        else:
            out = [o + gap + right for o in out for gap in (" ", "")]
    return out


_SEPARATOR = "\n\x00\n"  # between provisions scanned as one text


def _scan(automaton: Any, form: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """(start, end, tokens) of every phrase occurrence in ``form`` that falls on whole
    tokens, as the tokenizer cuts ``form``, made one at a time (the whole review's
    text is scanned at once: a list of its matches doubled the review's peak).

    The automaton finds every spelling in one pass over the characters (in C); most
    candidates are settled by their neighbours: a letter or digit next to a letter or
    digit is inside a token (no rule ever splits between two), a phrase of plain words
    between whitespace is its own tokens. Only the rest (punctuation next to them) have
    the chunks around them tokenised, so the cost of a provision follows its length
    and its candidates, never the number of phrases.
    """
    if not len(automaton):
        return
    n = len(form)
    region: _Region = (0, 0, [], [], [])
    for last, (size, toks, plain, head_alnum, tail_alnum) in automaton.iter(form):
        end = last + 1
        start = end - size
        before = form[start - 1] if start else " "
        if head_alnum and before.isalnum():
            continue  # most candidates: a short word inside a longer one ("he" in "the")
        after = form[end] if end < n else " "
        if tail_alnum and after.isalnum():
            continue
        if plain and before.isspace() and after.isspace():
            yield start, end, toks
            continue
        if not region[0] <= start < end <= region[1]:
            region = _region(form, start, end)
        lo, _, spans, texts, starts = region
        i = bisect.bisect_left(starts, start - lo)
        j = i + len(toks)
        if (i < len(starts) and starts[i] == start - lo and j <= len(spans)
                and spans[j - 1][1] + lo == end and tuple(texts[i:j]) == toks):
            yield start, end, toks


# (start, end, token spans from start, token texts, token starts) of a stretch of text
_Region = tuple[int, int, list[tuple[int, int]], list[str], list[int]]
_STEP = 256


def _region(form: str, start: int, end: int) -> _Region:
    """The tokens of the whitespace-delimited chunks covering ``form[start:end]``.

    Tokens never cross whitespace, so these are the very tokens of the whole text.
    Why the caller keeps the last region: the automaton reports matches in order of
    their end, so every candidate inside one long chunk (a dotted leader line, a URL, a
    table read without spaces) comes in one run and the chunk is tokenised once.
    """
    from genderlens.check.nlp import tokens_and_texts

    lo = start
    while lo and not form[lo - 1].isspace():
        left = form[max(0, lo - _STEP) : lo]
        piece = left.rsplit(None, 1)[-1]
        lo -= len(piece)
        if len(piece) < len(left):
            break
    hi, n = end, len(form)
    while hi < n and not form[hi].isspace():
        right = form[hi : hi + _STEP]
        piece = right.split(None, 1)[0]
        hi += len(piece)
        if len(piece) < len(right):
            break
    spans, texts = tokens_and_texts(form[lo:hi])
    return lo, hi, spans, texts, [a for a, _ in spans]


_BANKS: dict[tuple[str, bool], _Bank] = {}
_NEXT_ID = [0]


_INDEXES: dict[tuple[str, bool, tuple[tuple[str, tuple[str, ...]], ...]], PhraseIndex] = {}


def index_for(
    language: str, phrases: Mapping[str, Iterable[str]], scan: bool = True
) -> PhraseIndex:
    """A process-wide index for these phrases (built once, reused by every review)."""
    key = (language, scan, tuple(sorted((k, tuple(v)) for k, v in phrases.items())))
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
        return _longest(decoded(spans), form)

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
            hits = _longest(decoded(spans), bank.forms[pos])
            if hits:
                out.append((pos, hits))
        return out


def prepare(language: str, texts: Iterable[str]) -> None:
    """Tell the scanning bank which provisions the current review will ask about."""
    _bank(language, True).prepare(forms_of(texts))


def prepared_forms(language: str) -> Forms:
    """The match forms of the provisions the current review prepared."""
    return _bank(language, True).forms


def prepared_text(language: str) -> tuple[str, array[int]]:
    """Those forms as one text (a line break and NUL between two), with each start."""
    forms = _bank(language, True).forms
    return forms.joined, forms.starts


class Forms(Sequence[str]):
    """The match forms of a review's provisions, kept as the one text the automaton
    scans (``joined``: the forms with :data:`_SEPARATOR` between two) and where each
    starts, and, for a draft of up to :data:`_FORMS_LISTED` provisions, as a list too.

    Why not always a list: with the joined text beside it, every form is held twice,
    and a draft with no articles has a provision per line (660 000 strings, 40 MB, for
    4 MB of one-word lines): past the bound a form is cut from the joined text when
    asked for. Why a list below it: detectors ask for the same forms again and again,
    and cutting them each time made the check stage of vi/laws-txt 8 % slower."""

    __slots__ = ("joined", "listed", "starts")

    def __init__(self, joined: str, starts: array[int]) -> None:
        self.joined = joined
        self.starts = starts
        self.listed: list[str] | None = None
        if len(starts) <= _FORMS_LISTED:
            self.listed = [joined[a:self._end(p)] for p, a in enumerate(starts)]

    def __len__(self) -> int:
        return len(self.starts)

    def _end(self, p: int) -> int:
        starts = self.starts
        return starts[p + 1] - len(_SEPARATOR) if p + 1 < len(starts) else len(self.joined)

    def __getitem__(self, p: int) -> str:  # type: ignore[override]
        if self.listed is not None:
            return self.listed[p]
        if p < 0:
            p += len(self.starts)
        if not 0 <= p < len(self.starts):
            raise IndexError("provision index out of range")
        return self.joined[self.starts[p]:self._end(p)]

    def length(self, p: int) -> int:
        if self.listed is not None:
            return len(self.listed[p])
        return self._end(p) - self.starts[p]


_FORMS_LISTED = 65_536


def forms_of(texts: Iterable[str]) -> Forms:
    """:func:`form_of` of each text, folded and lowered as one text (two calls into C
    for the whole draft instead of two per provision).

    The texts are joined a few thousand at a time, so that a draft of 660 000 short
    provisions never holds them all at once besides their joined text; where a text is
    needed again, it is cut from that joined text."""
    step = len(_SEPARATOR)
    starts = array("q")
    pos = 0
    chunks: list[str] = []
    chunk: list[str] = []
    for t in texts:
        starts.append(pos)
        pos += len(t) + step
        chunk.append(t)
        if len(chunk) == 4096:
            chunks.append(_SEPARATOR.join(chunk))
            chunk = []
    chunks.append(_SEPARATOR.join(chunk))
    del chunk
    source = _SEPARATOR.join(chunks)
    del chunks
    ends = array("q", islice(starts, 1, None))  # an array: a list of ints was 24 MB
    ends.append(len(source) + step)

    def sources() -> Iterator[str]:
        return (source[a : b - step] for a, b in zip(starts, ends, strict=True))

    joined = lower(fold_tones(source)) if is_normalized("NFC", source) else ""
    if len(joined) == len(source) and all(
        joined.startswith(_SEPARATOR, at - step) for at in ends[:-1]
    ):
        forms = Forms(joined, starts)
    else:
        # a text whose form is longer or shorter than itself ("İ" lowers to two
        # characters) or not NFC: each is made on its own
        made = [form_of(t) for t in sources()]
        forms = Forms(_SEPARATOR.join(made), _starts(made, step))
    if len(forms) + len(_FORMS) <= _FORMS_KEPT:  # later look-ups of these texts
        _FORMS.update(zip(sources(), forms, strict=True))
    return forms


def _starts(parts: list[str], step: int) -> array[int]:
    """Where each part starts in the parts joined with ``step`` characters between two."""
    starts = array("q")
    pos = 0
    for part in parts:
        starts.append(pos)
        pos += len(part) + step
    return starts


# An index's matches in one text: (start, end, label number) after one another. Why
# not tuples: a tuple and two ints per match cost 130 bytes, and the hits of every index
# in every provision are kept for the review (a 4 MB draft: a million of them).
_Raw: TypeAlias = "array[int]"
_LABELS: list[str] = []  # label number -> label, process-wide (labels are few)
_LABEL_NUMBERS: dict[str, int] = {}


def _label_number(label: str) -> int:
    number = _LABEL_NUMBERS.get(label)
    if number is None:
        number = _LABEL_NUMBERS[label] = len(_LABELS)
        _LABELS.append(label)
    return number


def decoded(raw: _Raw) -> list[tuple[int, int, str]]:
    """(start, end, label) of each match in ``raw``."""
    labels = _LABELS
    triples = iter(raw)
    return [(s, e, labels[n]) for s, e, n in zip(triples, triples, triples, strict=True)]


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
