"""Unicode normalisation for matching, with a way back to the source characters.

Real Vietnamese files arrive decomposed (NFD), with old-style tone placement
("hoà" vs "hòa") and with look-alike letters from legacy encodings (Icelandic "Ð"
U+00D0 where "Đ" U+0110 was meant). Matching must see one spelling; citations and
Word comments must point at the characters that are really in the file.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache, partial

# Look-alikes that legacy converters leave in Vietnamese text.
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "\u0110",  # Ð (eth) -> Đ
        "\u00f0": "\u0111",  # ð -> đ
        "\u0189": "\u0110",  # Ɖ (African D) -> Đ
        "\u00a0": " ",  # no-break space -> space
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": "",  # zero width space: dropped (handled by the offset map)
        "\ufeff": "",
    }
)


def normalize_with_map(raw: str) -> tuple[str, list[int]]:
    """Return (normalised text, map) where ``map[i]`` is the index in ``raw`` of the
    first source character that produced normalised character ``i``; ``map`` has one
    extra final entry equal to ``len(raw)`` so that spans ``[a, b)`` map to
    ``[map[a], map[b])``.

    Works grapheme cluster by grapheme cluster (base + combining marks), which is
    exactly the granularity at which NFC composes.
    """
    out: list[str] = []
    omap: list[int] = []
    i = 0
    n = len(raw)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", raw[i:j].translate(_LOOKALIKES))
        for ch in cluster:
            out.append(ch)
            omap.append(i)
        i = j
    omap.append(n)
    return "".join(out), omap


def needs_normalising(raw: str) -> bool:
    return not raw.isascii() and (
        not unicodedata.is_normalized("NFC", raw) or bool(_LOOKALIKE_RE.search(raw))
    )


_LOOKALIKE_RE = re.compile("[\u00d0\u00f0\u0189\u00a0\u2007\u202f\u200b\ufeff]")


def normalize(raw: str) -> str:
    """NFC plus look-alike repair (the text every stage after *read* sees)."""
    # needs_normalising, inlined: readers call this once per line of every file
    if raw.isascii() or (_is_normalized("NFC", raw) and not _has_lookalike(raw)):
        return raw
    return unicodedata.normalize("NFC", raw.translate(_LOOKALIKES))


_is_normalized = unicodedata.is_normalized
_has_lookalike = _LOOKALIKE_RE.search
_LOOKALIKE_CHARS = "".join(map(chr, _LOOKALIKES))


def line_normalizer(text: str) -> Callable[[str], str]:
    """:func:`normalize` for the lines (or any substrings) of ``text``.

    A reader asks once per file: when the file holds no look-alike, no line does, and
    normalising a line is NFC alone (which hands back the line itself when it is
    already NFC). Looking for eight characters in the whole text once is much cheaper
    than a search per line.
    """
    if any(ch in text for ch in _LOOKALIKE_CHARS):
        return normalize
    return partial(unicodedata.normalize, "NFC")


def source_offset(raw: str, index: int) -> int:
    """Map an index in ``normalize(raw)`` back to an index in ``raw`` (the index
    :func:`normalize_with_map`'s map gives)."""
    found = _offset_map(raw)
    if found is None:
        return index
    points, sources, shifted, size = found
    index = min(index, size)
    k = bisect.bisect_right(points, index) - 1
    return sources[k] + (index - points[k]) if shifted[k] else sources[k]


# (normalised index where a stretch starts, its source index, whether the stretch goes
# on one for one, length of the normalised text)
_Stretches = tuple[list[int], list[int], list[bool], int]
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


@lru_cache(maxsize=32)
def _offset_map(raw: str) -> _Stretches | None:
    """:func:`normalize_with_map`'s map as stretches, built once per paragraph: every
    finding in it is located through it (checking the whole paragraph per finding made
    a long paragraph with many findings quadratic). Why stretches, not an entry per
    character: one changed letter anywhere in a 4 MB paragraph made a map of 3 million
    ints, 130 MB; the stretches are as many as the changes."""
    if not needs_normalising(raw):
        return None
    points: list[int] = []
    sources: list[int] = []
    shifted: list[bool] = []

    def stretch(at: int, source: int, one_for_one: bool) -> None:
        if points and points[-1] == at:  # the last stretch made nothing (a dropped char)
            points.pop()
            sources.pop()
            shifted.pop()
        if (one_for_one and shifted and shifted[-1]
                and sources[-1] + (at - points[-1]) == source):
            return  # goes on from the last stretch
        points.append(at)
        sources.append(source)
        shifted.append(one_for_one)

    out = i = 0
    n = len(raw)
    combining = unicodedata.combining
    while i < n:
        run = _ASCII_RUN.match(raw, i)
        if run is not None:
            end = run.end()
            if end < n and combining(raw[end]):
                end -= 1  # the last ASCII letter carries the marks that follow
            if end > i:
                stretch(out, i, True)
                out += end - i
                i = end
                continue
        j = i + 1
        while j < n and combining(raw[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", raw[i:j].translate(_LOOKALIKES))
        if cluster:
            # every character a cluster makes maps to its first source character
            stretch(out, i, len(cluster) == 1)
            out += len(cluster)
        i = j
    stretch(out, n, True)
    return points, sources, shifted, out


_TONE_MARKS = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")


def _compose(base: str, mark: str) -> str:
    return unicodedata.normalize("NFC", base + mark)


# NFC pairs "òa" -> "oà", "ủy" -> "uỷ", "ỏe" -> "oẻ": the toned first vowel and the
# same pair with the tone moved to the second vowel.
_FOLD_MAP: dict[str, str] = {}
for _first in "oOuU":
    for _second in "aAeE" if _first in "oO" else "yY":
        for _mark in _TONE_MARKS:
            _FOLD_MAP[_compose(_first, _mark) + _second] = _first + _compose(_second, _mark)
_FOLD_RE = re.compile("(?:" + "|".join(sorted(_FOLD_MAP)) + r")(?!\w)")


def fold_tones(text: str) -> str:
    """Move the tone from the first to the second vowel of "oa", "oe", "uy" at the end
    of a syllable, so "hòa"/"hoà", "thủy"/"thuỷ", "khỏe"/"khoẻ" compare equal.

    Works on NFC text and is length-preserving (both spellings are the same number of
    code points), so offsets found on folded text are offsets in the NFC text.
    """
    if text.isascii():
        return text
    return _FOLD_RE.sub(lambda m: _FOLD_MAP[m.group()], text)


def match_form(text: str) -> str:
    """The form used for matching: normalised, tone-folded, lower-cased."""
    return lower(fold_tones(normalize(text)))


def lower(text: str) -> str:
    """Lower case of the same length: offsets found on it are offsets in ``text``.

    ``str.lower`` turns the one character "İ" (U+0130) into two ("i" and a combining
    dot), which moved every quote after it; it becomes a plain "i" here.
    """
    return text.lower() if "\u0130" not in text else text.replace("\u0130", "i").lower()
