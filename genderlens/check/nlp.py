"""The tokenizer every phrase is matched with: punctuation split off words, nothing else.

No model is needed: every rule matches on token text. Both languages get the same small
rule-based tokenizer. Vietnamese is therefore matched syllable by syllable (pyvi's word
segmenter changes segmentation with context and makes phrase matches miss), and English
has no emoticon or abbreviation special cases, URL matching or exception table, which
cost throughput and never matter in legislation. Phrase patterns are tokenised by the
same tokenizer, so they always line up with the text.

Why not spaCy's ``Tokenizer`` any more: importing spaCy took ~0.8 s of every run, more
than a one-page review needs in all. :func:`tokenize` follows spaCy's algorithm
(``spacy/tokenizer.pyx``: split on whitespace, then strip prefixes and suffixes until
none is left, then split infixes) with the rules below and gives the same tokens;
``tests/test_tokenizer.py`` compares the two on the corpus when spaCy is installed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

_PREFIX = re.compile(r"""^[\(\[\{"“‘'«„\-–—•*_]""")
_SUFFIX = re.compile(r"""(?:['’]s|[\)\]\}"”’'».,;:!?…*_])$""")
_INFIX = re.compile(r"""[;:/()\[\]"“”*]|(?<!\d),|,(?!\d)""")
# whitespace-delimited chunks (the whitespace between them is looked at apart)
_WORDS = re.compile(r"\S+")

Token = tuple[int, int]  # (start, end) character offsets; the text is form[start:end]

# chunk -> its tokens as (offset in the chunk, length): chunks repeat a lot in legislation
_SPLITS: dict[str, tuple[tuple[int, int], ...]] = {}
_SPLITS_MAX = 200_000
# Only words repeat: a 4 MB run without a space (a table pasted without spaces) kept its
# million token offsets in this process-wide cache after its review had ended.
_SPLIT_CACHED = 200


def _split(chunk: str) -> tuple[tuple[int, int], ...]:
    """spaCy's ``_split_affixes`` + ``_attach_tokens`` for one chunk without spaces."""
    prefixes: list[tuple[int, int]] = []
    suffixes: list[tuple[int, int]] = []
    lo, hi = 0, len(chunk)
    last = -1
    while hi > lo and hi - lo != last:
        last = hi - lo
        string = chunk[lo:hi]
        m = _PREFIX.search(string)
        pre = m.end() - m.start() if m else 0
        m = _SUFFIX.search(string[pre:])
        suf = m.end() - m.start() if m else 0
        if pre and suf and pre + suf <= hi - lo:
            prefixes.append((lo, pre))
            suffixes.append((hi - suf, suf))
            lo, hi = lo + pre, hi - suf
        elif pre:
            prefixes.append((lo, pre))
            lo += pre
        elif suf:
            suffixes.append((hi - suf, suf))
            hi -= suf
    out = prefixes
    if hi > lo:
        start = lo
        for m in _INFIX.finditer(chunk[lo:hi]):
            s, e = m.start() + lo, m.end() + lo
            if s == lo:  # spaCy never splits an infix at the very start
                continue
            if s != start:
                out.append((start, s - start))
            if s != e:
                out.append((s, e - s))
            start = e
        if start < hi:
            out.append((start, hi - start))
    out.extend(reversed(suffixes))
    return tuple(out)


def tokenize(text: str) -> list[Token]:
    """Token offsets of ``text``, as spaCy's tokenizer with the rules above cuts it.

    A single space after a token belongs to it (not a token); any other run of
    whitespace is a token of its own, less one leading space.
    """
    return tokens_and_texts(text)[0]


def tokens_and_texts(text: str) -> tuple[list[Token], list[str]]:
    """:func:`tokenize` and the token texts, in one pass (the phrase table needs both).

    Only runs of non-space are visited; the whitespace between two of them is a token
    unless it is exactly one space, the common case.
    """
    toks: list[Token] = []
    texts: list[str] = []
    add_tok = toks.append
    add_text = texts.append
    splits = _SPLITS
    prev = 0
    for m in _WORDS.finditer(text):
        start, end = m.span()
        if start != prev and (start - prev != 1 or text[prev] != " " or not prev):
            gap = prev + 1 if prev and text[prev] == " " else prev
            add_tok((gap, start))
            add_text(text[gap:start])
        prev = end
        chunk = m.group()
        parts = splits.get(chunk)
        if parts is None:
            parts = _split(chunk)
            if len(splits) < _SPLITS_MAX and len(chunk) <= _SPLIT_CACHED:
                splits[chunk] = parts
        if len(parts) == 1:
            add_tok((start, end))
            add_text(chunk)
        else:
            for off, n in parts:
                add_tok((start + off, start + off + n))
                add_text(chunk[off : off + n])
    if prev != len(text):
        gap = prev + 1 if prev and text[prev] == " " else prev
        if gap < len(text):
            add_tok((gap, len(text)))
            add_text(text[gap:])
    return toks, texts


def pipeline(language: str) -> Language:
    """A blank spaCy pipeline with the same tokenizer (for tests and comparisons only)."""
    import spacy
    from spacy.tokenizer import Tokenizer

    nlp = spacy.blank(
        language if language in ("vi", "en") else "xx",
        config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}},
    )
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        rules={},
        prefix_search=_PREFIX.search,
        suffix_search=_SUFFIX.search,
        infix_finditer=_INFIX.finditer,
    )
    nlp.max_length = 5_000_000
    return nlp
