"""Finding phrases in dossier documents and quoting what was found.

Reports are prose, not provisions: a passage is one paragraph, quoted by its sentence
and located by the nearest heading above it, so an appraiser can find it in the
document without genderlens.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from genderlens.model import Document, Evidence
from genderlens.normalize import match_form

_HEADING = re.compile(r"^\s*((?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]|Phần\s+\S+|Mục\s+\S+|Part\s+\S+)"
                      r"\s*\S", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")
_QUOTE_CHARS = 320


@functools.lru_cache(maxsize=4096)
def phrase_regex(phrase: str) -> re.Pattern[str]:
    """A phrase as a pattern on the match form: words in order, any punctuation or
    spaces between them ("tổng hợp, tiếp thu" is "tổng hợp tiếp thu")."""
    words = re.findall(r"\w+", match_form(phrase))
    body = r"[\W_]+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)")


@dataclass(frozen=True, slots=True)
class Hit:
    paragraph: int
    start: int
    end: int


def is_heading(text: str) -> bool:
    """A report's heading ("2. Dự báo tác động giới"): short, numbered, no full stop."""
    text = text.strip()
    return (0 < len(text) <= 100 and not text.endswith((".", ";", ",", ":"))
            and bool(_HEADING.match(text) or text.isupper()))


def find(texts: Sequence[str], phrases: Iterable[str],
         headings: Sequence[bool] | None = None) -> Hit | None:
    """The first paragraph holding any of the phrases (document order); body text
    before headings, since a heading announces a topic and a passage answers it."""
    rxs = [phrase_regex(p) for p in phrases if p.strip()]
    if headings is not None:
        body = [t if not h else "" for t, h in zip(texts, headings, strict=True)]
        hit = find(body, phrases)
        if hit is not None:
            return hit
    for i, t in enumerate(texts):
        best: Hit | None = None
        for rx in rxs:
            m = rx.search(t)
            if m and (best is None or m.start() < best.start):
                best = Hit(i, m.start(), m.end())
        if best is not None:
            return best
    return None


def forms(doc: Document) -> list[str]:
    """Match forms of the document's paragraphs (same length as their text)."""
    return [match_form(p.text) if p.is_provision_text else "" for p in doc.paragraphs]


def sentence_bounds(text: str, start: int, end: int, extra: int = 0) -> tuple[int, int]:
    """[left, right) of the sentence around [start, end), plus ``extra`` sentences after."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    right = end
    for _ in range(extra + 1):
        after = _SENTENCE_END.search(text, right)
        if after is None:
            return left, len(text)
        right = after.end()
    return left, right


def sentence(text: str, start: int, end: int) -> str:
    """The sentence around [start, end), trimmed to a quotable length."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    after = _SENTENCE_END.search(text, end)
    right = after.end() if after else len(text)
    quote = text[left:right].strip()
    if len(quote) > _QUOTE_CHARS:
        lo = max(0, start - left - _QUOTE_CHARS // 2)
        quote = quote[lo:lo + _QUOTE_CHARS].strip()
        quote = ("…" if lo > 0 else "") + quote + "…"
    return quote


def heading_before(doc: Document, index: int) -> str:
    """The nearest heading above a paragraph ("2. Tác động về giới"), or ""."""
    for i in range(index, -1, -1):
        p = doc.paragraphs[i]
        text = p.text.strip()
        if not text or len(text) > 150:
            continue
        if p.kind == "heading" or is_heading(text):
            return text if len(text) <= 80 else text[:79].rsplit(" ", 1)[0] + "…"
    return ""


def location(doc: Document, index: int, lang: str, *, draft: bool = False,
             **extra: Any) -> dict[str, Any]:
    """Where a paragraph is, for a reader of the memo and for programs: in the draft
    by its citation, in a report by the heading above it."""
    p = doc.paragraphs[index]
    n = index + 1
    para = f"đoạn {n}" if lang == "vi" else f"¶ {n}"
    if p.anchor.line is not None:
        para += f", dòng {p.anchor.line}" if lang == "vi" else f", line {p.anchor.line}"
    head = heading_before(doc, index - 1) if index > 0 else ""
    cite = {i: u.locator.text for u in doc.walk() for i in u.paragraphs
            if u.kind in ("article", "clause", "point", "subpoint")}.get(index) if draft else None
    if cite:
        text = cite
    elif p.anchor.where:
        where = p.anchor.where
        if lang == "vi":
            where = (where.replace("table", "bảng").replace("row", "dòng")
                     .replace("cell", "ô"))
        text = f"{where} ({para})"
    elif head:
        text = f"{'mục' if lang == 'vi' else 'under'} “{head}” ({para})"
    else:
        text = para
    out: dict[str, Any] = {"text": text, "paragraph": index, "line": p.anchor.line}
    out.update(extra)
    return out


def evidence(doc: Document, path: str, role: str, hit: Hit, lang: str,
             what: str = "") -> Evidence:
    text = doc.paragraphs[hit.paragraph].text
    return Evidence(path, role, sentence(text, hit.start, hit.end),
                    location(doc, hit.paragraph, lang, draft=role == "draft"), what)
