"""Units for the paragraphs of a draft in which no article was recognised.

Such a draft becomes one unit per paragraph, located by number and line ("đoạn 12
(dòng 40)"). A file of one-word lines has a paragraph every six bytes, and a full
:class:`~genderlens.model.Unit` with its Locator, label, id, number, children list and
paragraph tuple costs about 580 bytes: 4 MB of such lines took 550 MB to structure.
A :class:`ParagraphUnit` keeps only its paragraph's index and a scheme it shares with
every other paragraph unit of its instrument, and works out the rest when asked: the
same values as a plain Unit, computed from the same paragraph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from genderlens.model import Locator, Paragraph, TextLines, Unit


class ParagraphScheme:
    """What the paragraph units of one instrument share: the paragraphs they point into
    and how their citations and ids are worded."""

    __slots__ = ("cite_prefix", "id_prefix", "instrument", "line_words", "paragraph_words",
                 "paragraphs", "text_of")

    def __init__(self, paragraphs: Sequence[Paragraph], paragraph_words: str, line_words: str,
                 instrument: str | None, id_prefix: str) -> None:
        self.paragraphs = paragraphs
        self.text_of: Callable[[int], str] = (
            paragraphs.text_of if isinstance(paragraphs, TextLines)
            else (lambda i: paragraphs[i].text)
        )
        self.paragraph_words = paragraph_words  # "đoạn {n}"
        self.line_words = line_words  # " (dòng {line})"
        self.instrument = instrument  # None for the file's main instrument
        self.cite_prefix = f"{instrument}, " if instrument is not None else ""
        self.id_prefix = f"{id_prefix}__" if id_prefix else ""

    def citation(self, index: int) -> str:
        label = self.paragraph_words.format(n=index + 1)
        paragraphs = self.paragraphs
        if isinstance(paragraphs, TextLines):  # one line each: no need to make the paragraph
            line: int | None = paragraphs.line_of(index)
            lines = 0
        else:
            para = paragraphs[index]
            line = para.anchor.line
            lines = para.raw.count("\n")  # unwrapped from several lines: "dòng 4–9"
        if line is not None:
            label += self.line_words.format(line=f"{line}–{line + lines}" if lines else line)
        return self.cite_prefix + label


class ParagraphUnit(Unit):
    """A ``paragraph`` unit that stores its index and scheme only.

    It reads like the plain Unit the builder used to make (tests compare them field by
    field) and pickles as that plain Unit, so batch workers and memos see no difference.
    Its locator, id and text are new objects on each access; nothing holds on to them.
    """

    __slots__ = ("_index", "_scheme")

    def __init__(self, index: int, scheme: ParagraphScheme) -> None:
        # The inherited fields that never vary are set; the rest are the properties below.
        self.kind = "paragraph"
        self.heading = ""
        self.quoted = False
        self._index = index
        self._scheme = scheme

    @property
    def number(self) -> str:  # type: ignore[override]
        return str(self._index + 1)

    @property
    def text(self) -> str:  # type: ignore[override]
        return self._scheme.text_of(self._index)

    @property
    def locator(self) -> Locator:  # type: ignore[override]
        scheme = self._scheme
        return Locator(text=scheme.citation(self._index), instrument=scheme.instrument)

    @property
    def id(self) -> str:  # type: ignore[override]
        return f"{self._scheme.id_prefix}para_{self._index + 1}"

    @property
    def paragraphs(self) -> tuple[int, ...]:  # type: ignore[override]
        return (self._index,)

    @property
    def children(self) -> list[Unit]:  # type: ignore[override]
        return []

    def plain(self) -> Unit:
        """The same unit as a plain :class:`Unit`."""
        return Unit(self.kind, self.number, self.heading, self.text, self.locator, self.id,
                    self.paragraphs, [], self.quoted)

    def __reduce__(self) -> str | tuple[Any, ...]:
        return self.plain().__reduce__()
