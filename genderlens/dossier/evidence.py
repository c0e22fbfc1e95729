"""The appraisal items only the dossier answers (GM-01...GM-05, GM-07, GM-08).

Each answer quotes the passage it rests on and says where it is, because the appraiser
signs the appraisal, not genderlens: "met" without the words behind it would be a claim
to take on trust. An item is met when every part of its question is answered somewhere
in the documents that item is answered from (``checklists/dossier/roles.yaml``): the
checklist's own phrases first (the gender issue is named), then the parts the YAML adds
(figures tied to women or men, who is responsible, the Women's Union *and* the
gender-equality agency *and* the drafter's answers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from genderlens.check.spec import Checklist, Item
from genderlens.dossier.data import DossierData, ItemSpec, Requirement
from genderlens.dossier.text import Hit, evidence, find, is_heading, phrase_regex
from genderlens.model import Document, Evidence, Finding, ItemResult, Locator, Review, Severity
from genderlens.normalize import match_form

_NUMBER = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|phần trăm|per cent|percent)?|tỷ lệ|tỉ lệ|proportion|share")


@dataclass(frozen=True, slots=True)
class Source:
    path: str
    role: str
    doc: Document
    forms: list[str]
    headings: list[bool]


def _item_phrases(item: Item, lang: str, key: str = "any") -> tuple[str, ...]:
    out: list[str] = []
    for d in item.detectors:
        if d.language in (None, "", lang):
            out += list(d.opt(key) or ())
    return tuple(out)


def _label(what: dict[str, str], lang: str) -> str:
    return what.get(lang) or what.get("en") or next(iter(what.values()), "")


def _figures(src: Source, data: DossierData) -> Hit | None:
    """A number (or a rate) with a sex word near it, in one sentence."""
    sex = [phrase_regex(w) for w in data.sex_words.get(src.doc.language, ())]
    win = data.figure_window
    for i, form in enumerate(src.forms):
        if not form or not any(ch.isdigit() for ch in form):
            continue
        for m in _NUMBER.finditer(form):
            if not any(ch.isdigit() for ch in m.group()) and "%" not in form:
                continue
            lo, hi = max(0, m.start() - win), min(len(form), m.end() + win)
            for rx in sex:
                sm = rx.search(form, lo, hi)
                if sm:
                    return Hit(i, min(sm.start(), m.start()), max(sm.end(), m.end()))
    return None


def _search(sources: Sequence[Source], phrases: Sequence[str]) -> tuple[Source, Hit] | None:
    for src in sources:
        hit = find(src.forms, phrases, src.headings)
        if hit is not None:
            return src, hit
    return None


def answer(item: Item, spec: ItemSpec, sources: Sequence[Source], lang: str,
           data: DossierData) -> tuple[str, list[Evidence], list[str]]:
    """(status, evidence, what is missing) for one item over the given documents."""
    searched = [s for r in spec.roles for s in sources if s.role == r]
    found: list[Evidence] = []
    missing: list[str] = []
    reqs: list[Requirement] = []
    key = "expect" if spec.conditional else "any"
    own: dict[str, tuple[str, ...]] = {}
    for src in searched:
        own.setdefault(src.doc.language, _item_phrases(item, src.doc.language, key))
    phrases = tuple(p for ps in own.values() for p in ps) or _item_phrases(item, lang, key)
    reqs.append(Requirement({}, phrases))  # the item's own question: no label needed
    reqs += list(spec.also)
    for req in reqs:
        got = _search(searched, req.phrases)
        what = _label(req.what, lang)
        if got is None:
            missing.append(what or _title(item, lang))
        else:
            src, hit = got
            _add(found, evidence(src.doc, src.path, src.role, hit, lang, what))
    if spec.figures:
        what = "số liệu theo giới tính" if lang == "vi" else "figures by sex"
        fig = next(((s, h) for s in searched if (h := _figures(s, data)) is not None), None)
        if fig is None:
            missing.append(what)
        else:
            _add(found, evidence(fig[0].doc, fig[0].path, fig[0].role, fig[1], lang, what))
    return ("met" if not missing else "not-met"), found, missing


def _add(found: list[Evidence], e: Evidence) -> None:
    """One passage answering several parts of a question is quoted once."""
    for i, old in enumerate(found):
        if old.document == e.document and old.location == e.location:
            what = "; ".join(w for w in (old.what, e.what) if w)
            found[i] = replace(old, what=what)
            return
    found.append(e)


def _not_met_text(lang: str, missing: Sequence[str], reason: str = "") -> str:
    if reason:
        return reason
    if lang == "vi":
        return "Hồ sơ chưa cho thấy: " + "; ".join(missing) + "."
    return "The dossier does not show: " + "; ".join(missing) + "."


def answer_items(review: Review, checklists: Sequence[Checklist], sources: Sequence[Source],
                 data: DossierData, lang: str) -> None:
    """Replace the review's "dossier not provided" items with answers, in place, and
    add one omission finding per unanswered item (located in the dossier)."""
    items = {(c.id, i.id): (c, i) for c in checklists for i in c.items}
    roles_present = {s.role for s in sources}
    new_items: list[ItemResult] = []
    for res in review.items:
        pair = items.get((res.checklist, res.item))
        spec = data.items.get(res.item)
        if not res.dossier or pair is None or spec is None or res.status == "not-applicable":
            new_items.append(res)
            continue
        cl, item = pair
        reason = ""
        if not any(r in roles_present for r in spec.roles):
            names = ", ".join(data.name(r, lang) for r in spec.roles if r != "draft")
            status = "not-met"
            found: list[Evidence] = []
            missing: list[str] = []
            reason = (f"Hồ sơ không có tài liệu trả lời mục này ({names})." if lang == "vi"
                      else f"The dossier holds none of the documents that answer this ({names}).")
        else:
            status, found, missing = answer(item, spec, sources, lang, data)
        if spec.needs_role and spec.needs_role not in roles_present:
            status = "not-met"
            reason = (f"Hồ sơ không có {data.name(spec.needs_role, lang).lower()}." if lang == "vi"
                      else f"The dossier has no {data.name(spec.needs_role, lang).lower()}.")
        elif spec.needs_role and spec.report_covers:
            report = [s for s in sources if s.role == spec.needs_role]
            gaps = []
            for other in spec.report_covers:
                o_pair = items.get((res.checklist, other))
                o_spec = data.items.get(other)
                if o_pair is None or o_spec is None:
                    continue
                o_status, _, _ = answer(o_pair[1], replace(o_spec, roles=(spec.needs_role,)),
                                              report, lang, data)
                if o_status != "met":
                    gaps.append(_title(o_pair[1], lang))
            if gaps:
                status = "not-met"
                missing = [*missing, *gaps]
                reason = (f"Báo cáo lồng ghép không đề cập: {'; '.join(gaps)}." if lang == "vi"
                          else f"The gender report does not cover: {'; '.join(gaps)}.")
        findings_ids: tuple[str, ...] = ()
        if status == "not-met":
            f = Finding(cl.id, item.id, f"{cl.id}.{item.id}", "omission",
                        item.severity if isinstance(item.severity, Severity) else Severity.warning,
                        Locator(text="Hồ sơ dự án" if lang == "vi" else "Dossier"), "",
                        _not_met_text(lang, missing, reason), "", item.basis)
            review.findings.append(f)
            findings_ids = (f.fingerprint,)
        new_items.append(replace(res, status=status, sources=tuple(found),
                                 evidence=findings_ids,
                                 reason=reason or ("; ".join(missing) if missing else "")))
    review.items[:] = new_items


def _title(item: Item, lang: str) -> str:
    return item.title.get(lang) if hasattr(item.title, "get") else str(item.title)


def source_of(path: str, role: str, doc: Document) -> Source:
    titles = ({u.paragraphs[0] for u in doc.walk() if u.kind == "article" and u.paragraphs}
              if role == "draft" else set())
    return Source(path, role, doc,
                  [match_form(p.text) if p.is_provision_text else "" for p in doc.paragraphs],
                  # a table's first row names its columns; it answers nothing
                  [i in titles or p.kind == "heading" or is_heading(p.text)
                   or p.anchor.where.split(", cell")[0].endswith("row 1")
                   for i, p in enumerate(doc.paragraphs)])
