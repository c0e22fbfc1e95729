"""Reviewing a draft with its dossier (LGE 2006 Art. 21-22).

The appraising body reads the submission, the gender-mainstreaming report, the impact
assessment and the consultation summary beside the draft; so does this package. It
recognises each document's role (:mod:`.roles`), answers the items only the dossier can
answer with quoted evidence (:mod:`.evidence`), checks that every differential provision
of the draft is justified in the reports (:mod:`.justify`) and that the reports'
statements about the draft still hold (:mod:`.consistency`). The draft itself is
reviewed exactly as it would be alone, so its findings and their ids do not change.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genderlens.errors import GenderlensError, UsageError
from genderlens.model import Document, Dossier, DossierDocument, Review


@dataclass(slots=True)
class Member:
    """One document of the dossier as read: its role, and the document when readable."""

    path: Path
    role: str
    reason: str
    doc: Document | None = None
    error: str = ""


def _display(path: Path) -> str:
    from genderlens.commands.runner import display_path

    return display_path(path)


def read_member(path: Path, roles: Sequence[tuple[str, str]] = (), root: Path | None = None,
                language: str | None = None, forced: str | None = None) -> Member:
    """Read one document and settle its role (``forced``, configured, or recognised)."""
    from genderlens.api import read
    from genderlens.dossier.roles import recognise, role_from_config

    try:
        doc = read(path, language=language)
    except GenderlensError as exc:
        return Member(path, forced or "unknown", "", None, str(exc))
    except Exception as exc:  # one unreadable report must not stop the appraisal
        return Member(path, forced or "unknown", "", None,
                      f"{path}: internal error while reading: {type(exc).__name__}: {exc}")
    configured = role_from_config(path, roles, root)
    if forced:
        # say what the title says when it agrees, so the memo reads the same whichever
        # way the dossier was given
        role, reason = recognise(doc)
        return Member(path, forced, reason if role == forced else "given as the draft", doc)
    if configured:
        return Member(path, configured, "configuration", doc)
    role, reason = recognise(doc)
    return Member(path, role, reason, doc)


def members(path: str | os.PathLike[str], dossier: Any = None,
            roles: Sequence[tuple[str, str]] = (), language: str | None = None,
            root: Path | None = None) -> tuple[Member, list[Member]]:
    """(the draft, the other documents). ``path`` is a dossier folder, or the draft with
    ``dossier`` a folder or a list of files beside it."""
    from genderlens.dossier.roles import dossier_files

    p = Path(path)
    if p.is_dir():
        if dossier:
            raise UsageError(f"{p} is a dossier folder: give --dossier/--with only beside a draft")
        read = [read_member(f, roles, root or p) for f in dossier_files(p)]
        drafts = [m for m in read if m.role == "draft"]
        if len(drafts) != 1:
            found = ", ".join(f"{m.path.name} ({m.role})" for m in read) or "no documents"
            what = "no draft" if not drafts else f"{len(drafts)} drafts"
            raise UsageError(f"{p}: {what} in the dossier ({found}); name the draft with "
                             "dossier_roles in the configuration, or review DRAFT --dossier DIR")
        draft = drafts[0]
        if language and draft.doc is not None and draft.doc.language != language:
            draft = read_member(draft.path, roles, root or p, language, "draft")
        return draft, [m for m in read if m is not draft]
    draft = read_member(p, roles, root, language, forced="draft")
    if draft.error:
        from genderlens.errors import InputError

        raise InputError(str(p), draft.error.split(": ", 1)[-1])
    files: list[Path] = []
    for entry in ([dossier] if isinstance(dossier, str | os.PathLike) else list(dossier or ())):
        e = Path(entry)
        files += dossier_files(e) if e.is_dir() else [e]
    same = os.path.abspath(p)
    others = [read_member(f, roles, root or (Path(dossier) if isinstance(
        dossier, str | os.PathLike) and Path(dossier).is_dir() else None))
        for f in files if os.path.abspath(f) != same]
    return draft, others


def dossier_draft(folder: Path, roles: Sequence[tuple[str, str]] = (),
                  limit: int = 20) -> tuple[Path, list[Path]] | None:
    """(the draft, the other documents) when a folder given to ``review`` is one
    dossier - a draft and at least one recognised dossier document - rather than a batch
    of drafts (None). Big folders and folders with subfolders are batches: a dossier is a
    handful of documents, and reading hundreds of laws twice to decide would double a
    batch's time."""
    from genderlens.dossier.roles import dossier_files

    files = dossier_files(folder)
    if not 2 <= len(files) <= limit or any(f.is_dir() for f in folder.iterdir()
                                           if not f.name.startswith(".")):
        return None
    read = [read_member(f, roles, folder) for f in files]
    drafts = [m for m in read if m.role == "draft"]
    others = sum(1 for m in read if m.role not in ("draft", "unknown"))
    if len(drafts) != 1 or others < 1:
        return None
    return drafts[0].path, [m.path for m in read if m is not drafts[0]]


def _checklists(doc: Document, checklists: Sequence[Any] | None) -> list[Any]:
    """The draft's checklists plus, for a draft in any language, the ones holding
    dossier items: a dossier is appraised whatever language it is written in."""
    from genderlens.check.loader import builtin_checklists, find_checklist

    if checklists:
        return [c if not isinstance(c, str) else find_checklist(c) for c in checklists]
    lists = [c for c in builtin_checklists() if c.applies_to(doc.language)]
    for c in builtin_checklists():
        if c not in lists and any(d.opt("scope") == "dossier"
                                  and d.language in (None, "", doc.language)
                                  for i in c.items for d in i.detectors):
            lists.append(c)
    return lists


def review_dossier(path: str | os.PathLike[str], dossier: Any = None, *,
                   roles: Sequence[tuple[str, str]] = (), language: str | None = None,
                   checklists: Sequence[Any] | None = None, options: Any = None,
                   root: Path | None = None) -> Review:
    """Review a draft with its dossier: a dossier folder, or a draft plus ``dossier``
    (a folder or files). ``roles`` are ("glob", "role") overrides."""
    import time

    from genderlens.check.engine import review_document
    from genderlens.dossier import consistency, evidence, justify
    from genderlens.dossier.data import dossier_data

    t0 = time.perf_counter()
    data = dossier_data()
    draft, others = members(path, dossier, roles, language, root)
    assert draft.doc is not None
    doc = draft.doc
    lists = _checklists(doc, checklists)
    t1 = time.perf_counter()
    review = review_document(doc, checklists=lists, options=options)
    t2 = time.perf_counter()
    lang = "vi" if doc.language == "vi" else "en"
    if options is not None and getattr(options, "memo_language", None):
        lang = options.memo_language
    readable = [(_display(m.path), m.role, m.doc) for m in others if m.doc is not None]
    sources = [evidence.source_of(_display(draft.path), "draft", doc)]
    # Another document titled as a draft (an earlier version) is listed, not read as
    # this draft's evidence.
    used = [s for s in readable if s[1] not in ("unknown", "draft")]
    sources += [evidence.source_of(p, r, d) for p, r, d in used]
    evidence.answer_items(review, lists, sources, data, lang)
    review.findings = justify.justify(review, used, data)
    extra, cited_missing = consistency.check(review, readable, data)
    review.findings.extend(extra)
    consistency.flag_item(review, extra, lang)
    docs = [DossierDocument(_display(draft.path), "draft", doc.title or "", doc.language,
                            draft.reason)]
    docs += [DossierDocument(_display(m.path), m.role, (m.doc.title or "") if m.doc else "",
                             m.doc.language if m.doc else "", m.reason, m.error)
             for m in others]
    review.dossier = Dossier(docs, cited_missing)
    review.timings["read_dossier"] = t1 - t0
    review.timings["dossier"] = time.perf_counter() - t2
    return review


__all__ = ["dossier_draft", "members", "review_dossier"]
