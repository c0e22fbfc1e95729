"""Guess whether a draft is Vietnamese or English.

Vietnamese letters with breves, horns, circumflexes and tone marks are so frequent in
Vietnamese text (and so rare in English) that their share of letters decides it.
"""

from __future__ import annotations

from genderlens.model import Paragraph

_VI_LETTERS = frozenset(
    "ăâđêôơưàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
    "ĂÂĐÊÔƠƯÀẰẦÈỀÌÒỒỜÙỪỲÁẮẤÉẾÍÓỐỚÚỨÝẢẲẨẺỂỈỎỔỞỦỬỶÃẴẪẼỄĨÕỖỠŨỮỸẠẶẬẸỆỊỌỘỢỤỰỴ"
)

LANGUAGES = ("vi", "en")


def detect_language(paragraphs: list[Paragraph], sample_chars: int = 20000) -> str:
    letters = vi = 0
    for p in paragraphs:
        for ch in p.text:
            if ch.isalpha():
                letters += 1
                if ch in _VI_LETTERS:
                    vi += 1
        if letters >= sample_chars:
            break
    if letters and vi / letters > 0.03:
        return "vi"
    return "en"
