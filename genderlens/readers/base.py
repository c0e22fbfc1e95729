"""What every reader returns: paragraphs with source anchors, before structure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from genderlens.model import Paragraph


@dataclass(slots=True)
class ReadResult:
    path: str
    format: str  # "docx" | "odt" | "pdf" | "html" | "doc" | "rtf" | "txt" | "md"
    paragraphs: Sequence[Paragraph]
    metadata: dict[str, str] = field(default_factory=dict)
    tracked_changes: bool = False
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    size: int = 0
