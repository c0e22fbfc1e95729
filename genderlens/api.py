"""The Python API that the CLI, batch mode and tests share."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from genderlens.errors import UsageError
from genderlens.model import Document, Review
from genderlens.structure.language import LANGUAGES


def read(path: str | os.PathLike[str], *, language: str | None = None) -> Document:
    """Read and structure a draft. Raises ``InputError`` (one line) when it cannot."""
    from genderlens.readers import read_file
    from genderlens.structure import build_document

    if language is not None and language not in LANGUAGES:
        raise UsageError(f"unknown language {language!r} (choose from {', '.join(LANGUAGES)})")
    return build_document(read_file(Path(path)), language=language)


def review(path_or_document: Any, *, dossier: Any = None, **kwargs: Any) -> Review:
    """Check a draft against checklists; implemented in :mod:`genderlens.check.engine`.

    With ``dossier`` (a folder or files beside the draft), or when the path is a dossier
    folder, the draft is reviewed with its dossier (:func:`genderlens.dossier.review_dossier`;
    ``roles`` then names roles by glob)."""
    from genderlens.check.engine import review_document

    if dossier is not None or (not isinstance(path_or_document, Document)
                               and Path(path_or_document).is_dir()):
        from genderlens.dossier import review_dossier

        if isinstance(path_or_document, Document):
            raise UsageError("a dossier is reviewed from files: give the draft's path")
        return review_dossier(path_or_document, dossier, **kwargs)
    kwargs.pop("roles", None)
    doc = path_or_document
    if not isinstance(doc, Document):
        doc = read(path_or_document, language=kwargs.pop("language", None))
    else:
        kwargs.pop("language", None)
    return review_document(doc, **kwargs)
