"""Readers: one module per format, chosen by suffix.

Each reader turns a file into :class:`~genderlens.model.Paragraph` values with source
anchors and normalised text; nothing here knows about legal structure.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from genderlens.errors import InputError
from genderlens.readers.base import ReadResult

# Text inputs larger than this are refused: a draft law is a few MB at most.
MAX_TEXT_BYTES = 50 * 1024 * 1024

SUFFIXES = (".docx", ".txt", ".md", ".markdown", ".odt", ".pdf", ".html", ".htm", ".doc",
            ".rtf")
FORMATS_HINT = "genderlens reads .docx, .odt, .pdf, .html, .doc, .rtf, .txt and .md"


def _reader(suffix: str) -> Callable[[Path], ReadResult]:
    if suffix == ".docx":
        from genderlens.readers.docx import read_docx

        return read_docx
    if suffix in (".md", ".markdown"):
        from genderlens.readers.markdown import read_markdown

        return read_markdown
    if suffix == ".txt":
        from genderlens.readers.text import read_text

        return read_text
    if suffix == ".odt":
        from genderlens.readers.odt import read_odt

        return read_odt
    if suffix == ".pdf":
        from genderlens.readers.pdf import read_pdf

        return read_pdf
    if suffix in (".html", ".htm"):
        from genderlens.readers.html import read_html

        return read_html
    if suffix in (".doc", ".rtf"):
        from genderlens.readers.convert import read_converted

        return read_converted
    raise KeyError(suffix)


def check_regular_file(path: Path) -> os.stat_result:
    """Refuse anything that is not a readable regular file, with a one-line reason."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except PermissionError:
        raise InputError(str(path), "permission denied", "check the file's permissions") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot open: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(str(path), "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(str(path), "is not a regular file")
    if not os.access(path, os.R_OK):
        raise InputError(str(path), "permission denied", "check the file's permissions")
    return st


def read_file(path: str | os.PathLike[str]) -> ReadResult:
    """Read any supported file; raises :class:`InputError` with a one-line message.

    A file with no text at all is an error, not an empty draft: reviewing nothing
    would report "0 errors" for a draft whose text the reader could not see.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        reader = _reader(suffix)
    except KeyError:
        raise InputError(
            str(p), f"unsupported file type {suffix or '(no suffix)'!r}", FORMATS_HINT
        ) from None
    result = reader(p)
    if not any(para.text.strip() for para in result.paragraphs):
        raise InputError(
            str(p),
            f"no text found in this {suffix.lstrip('.')} file",
            "an empty draft cannot be reviewed; check that this is the right file",
        )
    return result
