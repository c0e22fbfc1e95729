"""The spaCy language layer: one blank pipeline per language per process.

No model is downloaded: only tokenizers are needed, because every rule matches on
token text. Vietnamese uses spaCy's rule-based tokenizer (not pyvi's word segmenter,
whose segmentation changes with context and makes phrase matches miss), so phrases
match syllable by syllable. English drops the tokenizer's emoticon and other
symbol special cases, which cost throughput and never occur in legislation.

spaCy objects never leave ``genderlens.check``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language


@cache
def pipeline(language: str) -> Language:
    import spacy

    if language == "vi":
        nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    elif language == "en":
        nlp = spacy.blank("en")
        rules: dict[str, Any] = nlp.tokenizer.rules  # type: ignore[attr-defined]
        nlp.tokenizer.rules = {  # type: ignore[attr-defined]
            k: v for k, v in rules.items() if k.replace("'", "").replace(".", "").isalpha()
        }
    else:
        nlp = spacy.blank("xx")
    nlp.max_length = 5_000_000
    return nlp
