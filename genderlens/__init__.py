"""genderlens: review draft legal documents for gender mainstreaming.

The public API is deliberately small and lazy: importing ``genderlens`` must stay
cheap (``genderlens --help`` may not import spaCy or python-docx).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from genderlens.model import Document, Review

__all__ = ["__version__", "read", "review", "review_dossier"]


def read(path: Any, *, language: str | None = None) -> Document:
    """Read a .docx, .txt or .md draft into a structured :class:`Document`."""
    from genderlens.api import read as _read

    return _read(path, language=language)


def review(path_or_document: Any, **kwargs: Any) -> Review:
    """Read (if needed) and check a draft; see :func:`genderlens.api.review`."""
    from genderlens.api import review as _review

    return _review(path_or_document, **kwargs)


def review_dossier(path: Any, dossier: Any = None, **kwargs: Any) -> Review:
    """Review a draft with its dossier; see :func:`genderlens.dossier.review_dossier`."""
    from genderlens.dossier import review_dossier as _review_dossier

    return _review_dossier(path, dossier, **kwargs)
