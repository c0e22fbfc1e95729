"""Quantities in provisions: "đủ 62 tuổi", "ba mươi sáu tháng", "35%", "five years".

The differential check compares what a provision gives each sex; those values are
ages, durations, rates and counts, written in digits or in words. Numerals are
grammar, not domain knowledge, so they live here; what counts as a unit is listed
per language below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VI_DIGITS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
    "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip

VI_UNITS = {
    "tuổi": "age", "tháng": "month", "năm": "year", "ngày": "day", "giờ": "hour",
    "phút": "minute", "tuần": "week", "%": "percent", "phần trăm": "percent", "lần": "times",
    "đồng": "money", "người": "people", "điểm": "points", "cm": "length", "xăng-ti-mét": "length",
    "mét": "length", "m": "length", "ha": "area", "héc-ta": "area", "hécta": "area",
    "m2": "area", "kg": "weight", "ki-lô-gam": "weight", "kilôgam": "weight",
}  # fmt: skip
EN_UNITS = {
    "years": "year", "year": "year", "months": "month", "month": "month", "weeks": "week",
    "week": "week", "days": "day", "day": "day", "hours": "hour", "hour": "hour",
    "%": "percent", "per cent": "percent", "percent": "percent", "years of age": "age",
    "times": "times", "dollars": "money", "points": "points", "acres": "area", "acre": "area",
    "hectares": "area", "hectare": "area", "centimetres": "length", "centimeters": "length",
    "cm": "length", "metres": "length", "meters": "length", "kilograms": "weight", "kg": "weight",
}  # fmt: skip

_VI_WORD = "|".join(
    sorted([*VI_DIGITS, "mười", "mươi", "trăm", "linh", "lẻ"], key=len, reverse=True)
)
_VI_NUM = re.compile(
    rf"(?<![\w.,/])(\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\w/])|(?<!\w)((?:(?:{_VI_WORD})\s+)*(?:{_VI_WORD}))(?!\w)",
    re.IGNORECASE,
)
_VI_UNIT = re.compile(
    r"\s*(%|phần trăm|tuổi|tháng|năm|ngày|giờ|phút|tuần|lần|đồng|người|điểm|xăng-ti-mét|cm|mét|m2|"
    r"m|héc-ta|hécta|ha|ki-lô-gam|kilôgam|kg)(?!\w)",
    re.IGNORECASE,
)
_EN_WORDS = "|".join(sorted(EN_NUMBERS, key=len, reverse=True))
_EN_NUM = re.compile(
    rf"(?<![\w.,/])(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:[.,]\d+)?)(?![\w/])|(?<!\w)((?:(?:{_EN_WORDS})[\s-]+)*(?:{_EN_WORDS}))(?!\w)",
    re.IGNORECASE,
)
_EN_UNIT = re.compile(
    r"\s*(%|per cent|percent|years of age|years?|months?|weeks?|days?|hours?|times|dollars|points|"
    r"acres?|hectares?|centimet(?:re|er)s|cm|met(?:re|er)s|kilograms|kg)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str  # "age", "year", "month", ... or "" when no unit follows
    start: int
    end: int


def _vi_words_value(words: list[str]) -> float | None:
    """Vietnamese numerals: "ba mươi sáu" 36, "mười lăm" 15, "một trăm linh năm" 105."""
    total = 0
    current = 0
    seen = False
    for w in words:
        w = w.lower()
        if w in VI_DIGITS:
            current += VI_DIGITS[w]
            seen = True
        elif w == "mười":
            current += 10
            seen = True
        elif w == "mươi":
            current = (current or 1) * 10
        elif w == "trăm":
            total += (current or 1) * 100
            current = 0
        elif w in ("linh", "lẻ"):
            continue
    return float(total + current) if seen or total else None


def _en_words_value(words: list[str]) -> float | None:
    total = 0
    current = 0
    for w in words:
        v = EN_NUMBERS.get(w.lower())
        if v is None:
            return None
        if v == 100:
            current = (current or 1) * 100
        else:
            current += v
    total += current
    return float(total)


def _digits_value(digits: str, language: str) -> float:
    """ "100.000.000" and "1,5" in Vietnamese; "20,000" and "2.5" in English."""
    if language == "vi":
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", digits):
            digits = digits.replace(".", "")
        return float(digits.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        return float(digits.replace(",", ""))
    return float(digits.replace(",", "."))


def quantities(text: str, language: str, bare_words: bool = False) -> list[Quantity]:
    """Numbers with the unit that follows them (if any), in order. Numbers written in
    words count only with a unit, unless ``bare_words`` (then a run of two or more
    words, or ten and over, counts without one: "nam năm mươi tư, nữ năm mươi hai")."""
    num_rx, unit_rx = (_VI_NUM, _VI_UNIT) if language == "vi" else (_EN_NUM, _EN_UNIT)
    units = VI_UNITS if language == "vi" else EN_UNITS
    out: list[Quantity] = []
    for m in num_rx.finditer(text):
        if m.group(1):
            value = _digits_value(m.group(1), language)
        else:
            words = re.split(r"[\s-]+", m.group(2))
            # (Vietnamese: "năm" alone is "year" far more often than "five"; a lone
            # word-numeral counts only when a unit other than "năm" follows it, below.)
            v = _vi_words_value(words) if language == "vi" else _en_words_value(words)
            if v is None:
                continue
            value = v
        u = unit_rx.match(text, m.end())
        if (
            m.group(2)
            and not u
            and language == "vi"
            and len(words) > 1
            and words[-1].lower() == "năm"
        ):
            # "ba năm" is three years, not the numeral "ba năm" (eight)
            v = _vi_words_value(words[:-1])
            if v is not None:
                out.append(Quantity(v, "year", m.start(), m.end()))
            continue
        if m.group(2):
            if not u:
                if bare_words and (len(words) > 1 or value >= 10):
                    out.append(Quantity(value, "", m.start(), m.end()))
                continue
            if language == "vi" and len(words) == 1 and words[0].lower() == "năm":
                continue
        unit = units.get(u.group(1).lower(), "") if u else ""
        if not unit and m.group(1) and text[max(0, m.start() - 1) : m.start()] == "$":
            unit = "money"
        end = u.end() if u else m.end()
        out.append(Quantity(value, unit, m.start(), end))
    return out
