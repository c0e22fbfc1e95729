"""Structure stage: paragraphs -> legal units, language, title and metadata."""

from __future__ import annotations

from genderlens.gcpause import collector_paused
from genderlens.model import Document
from genderlens.readers.base import ReadResult
from genderlens.structure.builder import build_units, locator_text
from genderlens.structure.coverage import measure, reading_warnings
from genderlens.structure.language import LANGUAGES, detect_language
from genderlens.structure.metadata import extract_metadata

__all__ = ["LANGUAGES", "build_document", "detect_language", "locator_text"]


def build_document(result: ReadResult, language: str | None = None) -> Document:
    with collector_paused():  # one unit and locator per line, no cycles among them
        return _build_document(result, language)


def _build_document(result: ReadResult, language: str | None) -> Document:
    lang = language or detect_language(result.paragraphs)
    units = build_units(result.paragraphs, lang)
    title, meta = extract_metadata(result.paragraphs, units, lang, result.metadata)
    doc = Document(
        path=result.path,
        format=result.format,
        language=lang,
        paragraphs=result.paragraphs,
        units=units,
        title=title,
        metadata=meta,
        tracked_changes=result.tracked_changes,
        encoding=result.encoding,
        warnings=list(result.warnings),
        size=result.size,
    )
    doc.coverage = measure(doc)
    doc.reading_warnings = reading_warnings(doc, doc.coverage)
    return doc
