"""The spaCy language layer: one blank pipeline per language per process.

No model is downloaded: only tokenizers are needed, because every rule matches on
token text. Both languages get the same small rule-based tokenizer: punctuation is
split off words, nothing else. Vietnamese is therefore matched syllable by syllable
(pyvi's word segmenter changes segmentation with context and makes phrase matches
miss), and English loses the emoticon and abbreviation special cases, URL matching and
the exception table, which cost throughput and never matter in legislation. Phrase
patterns are tokenised by the same tokenizer, so they always line up with the text.

spaCy objects never leave ``genderlens.check``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

_PREFIX = re.compile(r"""^[\(\[\{"“‘'«„\-–—•*_]""")
_SUFFIX = re.compile(r"""(?:['’]s|[\)\]\}"”’'».,;:!?…*_])$""")
_INFIX = re.compile(r"""[;:/()\[\]"“”*]|(?<!\d),|,(?!\d)""")


@cache
def pipeline(language: str) -> Language:
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
