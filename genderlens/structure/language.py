"""Guess whether a draft is Vietnamese or English.

Vietnamese letters with breves, horns, circumflexes and tone marks are so frequent in
Vietnamese text (and so rare in English) that their share of letters decides it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from genderlens.model import Paragraph

_VI_LETTERS = frozenset(
    "ăâđêôơưàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
    "ĂÂĐÊÔƠƯÀẰẦÈỀÌÒỒỜÙỪỲÁẮẤÉẾÍÓỐỚÚỨÝẢẲẨẺỂỈỎỔỞỦỬỶÃẴẪẼỄĨÕỖỠŨỮỸẠẶẬẸỆỊỌỘỢỤỰỴ"
)

LANGUAGES = ("vi", "en")


_VI_RE = re.compile("[" + "".join(sorted(_VI_LETTERS)) + "]")
_LETTERS_RE = re.compile(r"[^\W\d_]+")


def detect_language(paragraphs: Sequence[Paragraph], sample_chars: int = 20000) -> str:
    parts: list[str] = []
    size = 0
    for p in paragraphs:
        if p.is_provision_text:
            parts.append(p.text)
            size += len(p.text)
            if size >= sample_chars:
                break
    # The sample is the parts joined by newlines. Vietnamese letters are letters, so
    # their share of the letters is at least their share of the sample: once they pass
    # the threshold share of its length (with a margin for float rounding), counting
    # the rest, or all letters, cannot change the answer. Vietnamese text gets there
    # in its first lines.
    # Counted in chunks of doubling size: few calls for English, which is never sure
    # and counts everything, and little past the point of being sure for Vietnamese.
    sure = _SURE_SHARE * (size + len(parts) - 1)
    vi = start = 0
    chunk = _FIRST_CHUNK
    while start < len(parts):
        end, chars = start, 0
        while end < len(parts) and chars < chunk:
            chars += len(parts[end]) + 1
            end += 1
        vi += len(_VI_RE.findall("\n".join(parts[start:end])))
        if vi > sure:
            return "vi"
        start, chunk = end, 2 * chunk
    if not vi:
        return "en"
    # (letters counted by runs: as many characters, a few times fewer matches)
    letters = sum(map(len, _LETTERS_RE.findall("\n".join(parts))))
    if letters and vi / letters > _VI_SHARE:
        return "vi"
    return "en"


_VI_SHARE = 0.03
_FIRST_CHUNK = 1000  # characters
_SURE_SHARE = 0.031
