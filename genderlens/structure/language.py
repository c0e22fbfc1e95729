"""Guess whether a draft is Vietnamese or English.

Vietnamese letters with breves, horns, circumflexes and tone marks are so frequent in
Vietnamese text (and so rare in English) that their share of letters decides it.
"""

from __future__ import annotations

import re

from genderlens.model import Paragraph

_VI_LETTERS = frozenset(
    "ăâđêôơưàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
    "ĂÂĐÊÔƠƯÀẰẦÈỀÌÒỒỜÙỪỲÁẮẤÉẾÍÓỐỚÚỨÝẢẲẨẺỂỈỎỔỞỦỬỶÃẴẪẼỄĨÕỖỠŨỮỸẠẶẬẸỆỊỌỘỢỤỰỴ"
)

LANGUAGES = ("vi", "en")


_VI_RE = re.compile("[" + "".join(sorted(_VI_LETTERS)) + "]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def detect_language(paragraphs: list[Paragraph], sample_chars: int = 20000) -> str:
    parts: list[str] = []
    size = 0
    for p in paragraphs:
        if p.is_provision_text:
            parts.append(p.text)
            size += len(p.text)
            if size >= sample_chars:
                break
    sample = "\n".join(parts)
    vi = len(_VI_RE.findall(sample))
    if not vi:
        return "en"
    if vi > _SURE_SHARE * len(sample):
        # Vietnamese letters are letters, so their share of the letters is at least
        # their share of the sample: the (slower) count of all letters cannot change
        # the answer. The margin over the threshold absorbs float rounding.
        return "vi"
    letters = len(_LETTER_RE.findall(sample))
    if letters and vi / letters > _VI_SHARE:
        return "vi"
    return "en"


_VI_SHARE = 0.03
_SURE_SHARE = 0.031
