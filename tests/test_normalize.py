"""The way back from normalised text to the source characters."""

from __future__ import annotations

import random

from genderlens.normalize import (
    needs_normalising,
    normalize,
    normalize_with_map,
    source_offset,
)

# decomposed tones, look-alikes, dropped zero-width characters, marks with no
# precomposed letter, a singleton NFC replaces, plain ASCII runs
_PIECES = [*"ab xyzĐđ.,", "\u00d0", "\u00f0", "\u00a0", "\u200b", "\ufeff", "\u0301", "\u0300",
           "\u0323", "e\u0301", "o\u0302\u0301", "\u212b", "x\u0301\u0301", "Lao động nữ "]


def test_source_offsets_are_those_of_the_per_character_map() -> None:
    rnd = random.Random(7)
    for _ in range(3000):
        raw = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 24)))
        norm, omap = normalize_with_map(raw)
        for i in range(len(norm) + 2):
            want = omap[min(i, len(omap) - 1)] if needs_normalising(raw) else i
            assert source_offset(raw, i) == want, (raw, i)


def test_one_changed_letter_in_a_long_paragraph_is_located_exactly() -> None:
    raw = "nam và nữ " * 50_000 + "Ð" + " thiên chức của phụ nữ" + "e\u0301" * 3
    norm = normalize(raw)
    at = norm.index("thiên")
    assert raw[source_offset(raw, at):].startswith("thiên")
    assert source_offset(raw, len(norm)) == len(raw)
    assert source_offset(raw, len(norm) - 1) == len(raw) - 2  # "é" from "e" + mark
