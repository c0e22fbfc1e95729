"""Which document of a dossier is the draft, the submission, the gender report...

An appraiser tells them apart by their title page, so genderlens reads the title and
the opening (``checklists/dossier/roles.yaml``) rather than file names, which drafting
offices choose freely. A document nothing recognises is ``unknown``: listed in the memo,
never guessed, because a consultation summary read as the gender report would make
every answer wrong. A configuration can name a file's role outright.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from genderlens.dossier.data import ROLE_ORDER, DossierData, dossier_data
from genderlens.dossier.text import phrase_regex
from genderlens.model import Document
from genderlens.normalize import match_form


def opening(doc: Document, data: DossierData) -> list[str]:
    """The first non-empty paragraphs: title block, title and the first lines."""
    out: list[str] = []
    total = 0
    for p in doc.paragraphs:
        text = p.text.strip()
        if not text or p.kind in ("footnote", "endnote", "comment", "notes", "directive"):
            continue
        out.append(text)
        total += len(text)
        if len(out) >= data.opening_paragraphs or total >= data.opening_chars:
            break
    return out


def _draft_title(paragraphs: Sequence[str], lang: str, data: DossierData) -> tuple[int, str] | None:
    """(paragraph index, title) of a line naming the instrument's type, if any."""
    for i, text in enumerate(paragraphs):
        if len(text) > 200:
            continue
        form = match_form(text).lstrip("#* ").strip()
        if lang == "vi":
            letters = [c for c in text if c.isalpha()]
            upper = letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
            if not upper:
                continue
            for start in data.draft_title_starts:
                if phrase_regex(start).match(form):
                    return i, text
        else:
            words = set(form.replace("(", " ").replace(")", " ").split())
            if words & set(data.draft_title_words) and len(form.split()) <= 14:
                return i, text
    return None


def recognise(doc: Document, data: DossierData | None = None) -> tuple[str, str]:
    """(role, reason) from the document's title and opening."""
    data = data or dossier_data()
    paras = opening(doc, data)
    joined = " \n ".join(match_form(t) for t in paras)
    starts = []
    pos = 0
    for t in paras:
        starts.append(pos)
        pos += len(t) + 3
    if paras and any(phrase_regex(w).match(match_form(paras[0]).lstrip("#*[( "))
                     for w in data.not_dossier_starts):
        return "unknown", f"a form or annex, not a dossier document: {paras[0][:60]}"
    best: tuple[int, int, int, str, str] | None = None  # (start, -length, order, role, phrase)
    langs = (doc.language, "en" if doc.language == "vi" else "vi")
    # A role's phrase must open a paragraph (a title line), not appear inside one: a
    # form that mentions "Mẫu Tờ trình" is not a submission.
    line_starts = [st + len(t) - len(t.lstrip("#*-–—:.[( \t"))
                   for st, t in zip(starts, (match_form(x) for x in paras), strict=True)]
    for order, role in enumerate(ROLE_ORDER):
        for lang in langs:
            for phrase in data.roles.get(role, {}).get(lang, ()):
                rx = phrase_regex(phrase)
                for st in line_starts:
                    m = rx.match(joined, st)
                    if m is None:
                        continue
                    key = (m.start(), -(m.end() - m.start()), order, role, phrase)
                    if best is None or key < best:
                        best = key
                    break
    draft = _draft_title(paras, doc.language, data) if doc.articles() else None
    if draft is not None:
        draft_pos = starts[draft[0]]
        if best is None or draft_pos < best[0]:
            return "draft", f"title: {draft[1]}"
    if best is not None:
        return best[3], f"title: {best[4]}"
    return "unknown", ""


def role_from_config(path: Path, overrides: Sequence[tuple[str, str]],
                     root: Path | None = None) -> str | None:
    """The role a configuration gives this file (``dossier_roles`` globs), if any."""
    from genderlens.project.config import glob_match, relative_to

    rel = relative_to(path, root) if root is not None else None
    for pattern, role in overrides:
        for candidate in (rel, path.name, path.as_posix()):
            if candidate is not None and glob_match(pattern, candidate):
                return role
    return None


def dossier_files(folder: Path) -> list[Path]:
    """The documents of a dossier folder (not recursive: a dossier is one folder),
    in every format the readers know, so new readers (PDF, ODT) need no change here."""
    from genderlens.readers import SUFFIXES

    suffixes = (*SUFFIXES, ".pdf", ".odt", ".html", ".htm", ".doc")
    out = []
    for name in sorted(os.listdir(folder)):
        p = folder / name
        if name.startswith((".", "~$")) or not p.is_file():
            continue
        if name.lower().endswith(suffixes):
            out.append(p)
    return out


def roles_table(roles: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in roles.items())
