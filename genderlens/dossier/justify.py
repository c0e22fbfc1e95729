"""Is each differential provision of the draft justified in the dossier?

Treating women and men differently may be lawful when it is justified (LGE Art. 6,
CEDAW Art. 4), and the place for the reasons is the gender report or the impact
assessment. The appraiser's question is provision by provision, so for every
differential or exclusion finding this module looks for the passages that discuss
*that* provision: by citation ("khoản 2 Điều 5", "Điều 5 khoản 2", "section 5(2)"), by
its quoted words, or by its topic (the article's heading). A passage counts as a
justification only when it gives a reason (``reason_markers``): a report that merely
restates the rule justifies nothing. Found or not, the result is
``Finding.justification``, which the verdict already weighs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from genderlens.dossier.data import DossierData
from genderlens.dossier.text import location, phrase_regex, sentence, sentence_bounds
from genderlens.model import Document, Finding, Justification, Review, Unit
from genderlens.normalize import match_form

JUSTIFIABLE = frozenset({"differential", "exclusion"})

# Citations on the match form (lower case, tones folded). Vietnamese cites the smallest
# unit first ("điểm a khoản 2 Điều 5") or the article first ("Điều 5 khoản 2").
_VI_INNER_FIRST = re.compile(
    r"(?:điểm\s+(?P<p>[a-zđ])\s*,?\s+)?khoản\s+(?P<c>\d+)\s*,?\s+(?:của\s+)?điều\s+(?P<a>\d+[a-z]?)")
_VI_ARTICLE_FIRST = re.compile(
    r"điều\s+(?P<a>\d+[a-z]?)(?:\s*,?\s+khoản\s+(?P<c>\d+)(?:\s*,?\s+điểm\s+(?P<p>[a-zđ]))?)?")
_EN_CITE = re.compile(
    r"(?:section|sections|s\.|clause|article)\s+(?P<a>\d+[a-z]?)"
    r"(?:\s*\((?P<c>\d+)\))?(?:\s*\((?P<p>[a-z])\))?")
# After a citation: the name of another instrument means it is not the draft's article
# ("Điều 19 và Điều 20 Luật Bình đẳng giới", "section 21 of the Gender Equality Act"),
# also at the end of a list of citations.
_LIST_GOES_ON = re.compile(
    r"(?:\s*(?:,|và|hoặc|đến|and|or|to)\s*(?:khoản\s+\d+\s+)?(?:điều\s+|sections?\s+|s\.\s*)?"
    r"\d+[a-z]?(?:\s*\(\d+\))?)*")
_OTHER_LAW = re.compile(
    r"^\s*,?\s*(?:của\s+|tại\s+)?(?:luật|bộ luật|hiến pháp|nghị định số|nghị định \d|"
    r"thông tư số|thông tư \d|công ước|pháp lệnh|nghị quyết số|quyết định số|"
    r"(?:of|under|in)\s+the\s+(?:[a-z'-]+\s+){0,8}(?:act|code|convention|constitution|charter)"
    r"\b|of cedaw)")


@dataclass(frozen=True, slots=True)
class Citation:
    article: str
    clause: str | None
    point: str | None
    start: int
    end: int


def citations(form: str, lang: str) -> list[Citation]:
    """Citations of the draft's own provisions in a passage's match form."""
    out: list[Citation] = []
    taken: list[tuple[int, int]] = []
    patterns = (_VI_INNER_FIRST, _VI_ARTICLE_FIRST) if lang == "vi" else (_EN_CITE,)
    for rx in patterns:
        for m in rx.finditer(form):
            if any(s <= m.start() < e for s, e in taken):
                continue
            rest = _LIST_GOES_ON.match(form, m.end())
            after = rest.end() if rest else m.end()
            if _OTHER_LAW.match(form[after:after + 120]):
                continue
            taken.append((m.start(), m.end()))
            out.append(Citation(m.group("a"), m.group("c"), m.group("p"), m.start(), m.end()))
    return out


@dataclass(frozen=True, slots=True)
class Candidate:
    score: int
    matched_by: str
    role_rank: int
    paragraph: int
    start: int
    end: int


def _windows(words: Sequence[str], n: int) -> list[str]:
    return [" ".join(words[i:i + n]) for i in range(0, max(0, len(words) - n + 1))]


def _topic(heading: str, data: DossierData) -> str | None:
    """The article heading as a topic phrase, when it says something specific."""
    words = [w for w in re.findall(r"\w+", match_form(heading))]
    content = [w for w in words if w not in data.topic_stopwords]
    if len(content) < 2 or len(words) < 3:
        return None
    return " ".join(words)


def _reason_window(texts: Sequence[str], c: Candidate, lang: str,
                   data: DossierData) -> tuple[int, int, bool] | None:
    """Where the reason for the matched provision is: its sentence and the next one
    (a paragraph may discuss two provisions, and only one of them with a reason), or
    the next paragraph when the match is a short lead-in ("Khoản 2 Điều 3:").
    Returns (left, right, in_next_paragraph) or None."""
    markers = [phrase_regex(m) for m in data.reason_markers.get(lang, ())]
    form = texts[c.paragraph]
    left, right = sentence_bounds(form, c.start, c.end, extra=1)
    if any(rx.search(form, left, right) for rx in markers):
        return left, right, False
    nxt = c.paragraph + 1
    if len(form.strip()) < 120 and nxt < len(texts) and any(rx.search(texts[nxt])
                                                           for rx in markers):
        return left, right, True
    return None


def _score(f: Finding, article: Unit | None, forms: Sequence[str], lang: str,
           data: DossierData, rank: int) -> list[Candidate]:
    loc = f.locator
    quote_words = re.findall(r"\w+", match_form(f.quote))
    # Vietnamese words are syllables: "đối với lao động nữ" is five of them and says
    # nothing about which provision is meant, so a quote must share eight.
    n = 8 if lang == "vi" else 6
    windows = _windows(quote_words, n) if len(quote_words) >= n else []
    topic = _topic(article.heading, data) if article is not None and article.heading else None
    out = []
    for i, form in enumerate(forms):
        if not form:
            continue
        best: Candidate | None = None
        for c in citations(form, lang):
            if loc.article is None or c.article != loc.article:
                continue
            if c.clause is not None and loc.clause is not None and c.clause != loc.clause:
                continue  # another clause of the same article
            if c.point is not None and loc.point is not None and c.point != loc.point:
                continue
            score = 4 if (c.clause and c.clause == loc.clause) else 3
            if best is None or score > best.score:
                best = Candidate(score, "citation", rank, i, c.start, c.end)
        if best is None and windows:
            flat = " ".join(re.findall(r"\w+", form))
            if any(w in flat for w in windows):
                w = next(w for w in windows if w in flat)
                m = phrase_regex(w).search(form)
                st, en = (m.start(), m.end()) if m else (0, 0)
                best = Candidate(2, "quote", rank, i, st, en)
        if best is None and topic:
            m = phrase_regex(topic).search(form)
            # the topic alone may be about another rule of the article: the passage
            # must also speak of women or men
            if m and any(phrase_regex(w).search(form) for w in data.sex_words.get(lang, ())):
                best = Candidate(1, "topic", rank, i, m.start(), m.end())
        if best is not None:
            out.append(best)
    return out


def justify(review: Review, sources: Sequence[tuple[str, str, Document]],
            data: DossierData) -> list[Finding]:
    """The review's findings with ``justification`` set on every differential and
    exclusion finding. ``sources`` are (path, role, document) in the order searched."""
    lang = review.document.language
    units = {u.id: u for u in review.document.walk()}
    parents: dict[str, Unit] = {}
    for u in units.values():
        for c in u.children:
            parents[c.id] = u
    ranked = sorted(sources, key=lambda s: (data.justification_sources.index(s[1])
                                            if s[1] in data.justification_sources else 99))
    ranked = [s for s in ranked if s[1] in data.justification_sources]
    forms = [[match_form(p.text) if p.is_provision_text else "" for p in d.paragraphs]
             for _, _, d in ranked]
    out = []
    for f in review.findings:
        if f.category not in JUSTIFIABLE or f.document is not None:
            out.append(f)
            continue
        article = units.get(f.unit_id)
        while article is not None and article.kind != "article":
            article = parents.get(article.id)
        cands: list[tuple[Candidate, int]] = []
        for k, (_, _, doc) in enumerate(ranked):
            cands += [(c, k) for c in _score(f, article, forms[k], doc.language or lang, data, k)]
        cands.sort(key=lambda ck: (-ck[0].score, ck[0].role_rank, ck[0].paragraph))
        chosen = None
        for c, k in cands:
            window = _reason_window(forms[k], c, ranked[k][2].language or lang, data)
            if window is not None:
                chosen = (c, k, window)
                break
        if chosen is None:
            j = Justification("not-found")
        else:
            c, k, (left, right, next_para) = chosen
            path, role, doc = ranked[k]
            text = doc.paragraphs[c.paragraph].text
            quote = " ".join(text[left:right].split())
            if len(quote) > 480:
                quote = sentence(text, c.start, c.end)
            if next_para:
                nxt = doc.paragraphs[c.paragraph + 1].text.strip()
                quote = f"{quote} {sentence(nxt, 0, 0)}"
            j = Justification("found", path, quote,
                              location(doc, c.paragraph, lang, role=role,
                                       matched_by=c.matched_by))
        out.append(replace(f, justification=j))
    return out
