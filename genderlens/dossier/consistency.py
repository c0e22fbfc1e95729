"""What the dossier says about the draft, checked against the draft.

A gender report that states "the draft has no provision that discriminates by sex"
while the draft sets different ages for women and men is the most common flaw an
appraiser finds, and the one a reviewer reading only the report would miss. Reports
written for an earlier version also cite articles the draft no longer has (the draft
was renumbered): their reasoning may now be about another provision.
"""

from __future__ import annotations

from collections.abc import Sequence

from genderlens.dossier.data import DossierData
from genderlens.dossier.justify import JUSTIFIABLE, citations
from genderlens.dossier.text import find, location, sentence
from genderlens.model import Document, Finding, Locator, Review, Severity
from genderlens.normalize import match_form

CHECKLIST = "vn-lge-appraisal"
ITEM = "gm-05-mainstreaming-report"
BASIS = "LGE 2006 Art. 21(2), 22(2)(d) (to be verified); Circular 17/2014/TT-BTP Art. 11"


def _finding(path: str, doc: Document, index: int, quote: str, message: str,
             suggestion: str, lang: str) -> Finding:
    from pathlib import Path

    loc = location(doc, index, lang)
    return Finding(CHECKLIST, ITEM, f"{CHECKLIST}.{ITEM}", "dossier-consistency",
                   Severity.warning, Locator(text=f"{Path(path).name}, {loc['text']}"), quote,
                   message, suggestion, BASIS, document=path)


def flag_item(review: Review, findings: Sequence[Finding], lang: str) -> None:
    """A report whose statements the draft contradicts has not done its Art. 21 work,
    whatever else it contains: its item is flagged, with the findings as evidence."""
    from dataclasses import replace

    if not findings:
        return
    for i, res in enumerate(review.items):
        if res.checklist == CHECKLIST and res.item == ITEM and res.status == "met":
            reason = (f"{len(findings)} nhận định trong hồ sơ không phù hợp với dự thảo"
                      if lang == "vi" else
                      f"{len(findings)} statement(s) of the dossier do not match the draft")
            review.items[i] = replace(res, status="flagged", reason=reason,
                                      evidence=tuple(f.fingerprint for f in findings))


def check(review: Review, sources: Sequence[tuple[str, str, Document]],
          data: DossierData) -> tuple[list[Finding], list[tuple[str, str, str]]]:
    """(findings, cited articles the draft lacks as (document, citation, quote))."""
    lang = review.document.language
    vi = lang == "vi"
    differential = [f for f in review.findings
                    if f.category in JUSTIFIABLE and f.severity >= Severity.warning
                    and f.document is None]
    articles = {u.number for u in review.document.articles() if u.number}
    findings: list[Finding] = []
    missing: list[tuple[str, str, str]] = []
    for path, role, doc in sources:
        if role in ("draft", "unknown"):
            continue
        forms = [match_form(p.text)
                 if p.is_provision_text else "" for p in doc.paragraphs]
        claims = data.no_difference_claims.get(doc.language or lang, ())
        hit = find(forms, claims)
        if hit is not None and differential:
            where = "; ".join(dict.fromkeys(f.locator.text for f in differential))
            quote = sentence(doc.paragraphs[hit.paragraph].text, hit.start, hit.end)
            msg = (f"Tài liệu này khẳng định dự thảo không phân biệt đối xử về giới, nhưng dự thảo "
                   f"có {len(differential)} quy định đối xử khác nhau giữa nam và nữ hoặc loại trừ "
                   f"một giới: {where}." if vi else
                   f"This document states that the draft does not treat women and men "
                   f"differently, but the draft has {len(differential)} such provision(s): "
                   f"{where}.")
            sugg = ("Sửa lại nhận định này và giải trình từng quy định." if vi else
                    "Correct the statement and justify each provision.")
            findings.append(_finding(path, doc, hit.paragraph, quote, msg, sugg, lang))
        if not articles:
            continue
        seen: set[str] = set()
        for i, form in enumerate(forms):
            if not form:
                continue
            for c in citations(form, doc.language or lang):
                if c.article in articles or c.article in seen:
                    continue
                seen.add(c.article)
                cite = doc.paragraphs[i].text[c.start:c.end]
                quote = sentence(doc.paragraphs[i].text, c.start, c.end)
                missing.append((path, cite, quote))
                msg = (f"Tài liệu viện dẫn “{cite}”, nhưng dự thảo không có Điều {c.article} "
                       "(dự thảo có thể đã được đánh số lại): lập luận có thể nói về một quy định "
                       "khác." if vi else
                       f"The document cites “{cite}”, which the draft does not contain (the "
                       "draft may have been renumbered): its reasoning may be about another "
                       "provision.")
                sugg = ("Cập nhật số điều trong tài liệu theo dự thảo hiện hành." if vi else
                        "Update the citations to the current draft.")
                findings.append(_finding(path, doc, i, quote, msg, sugg, lang))
    return findings, missing
