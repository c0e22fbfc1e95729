"""Open a .docx package only after it has shown it is safe and really a Word document.

A .docx is a zip of XML parts, and both layers can be hostile or merely broken: a zip
bomb expands a few kilobytes into gigabytes, a password-protected .docx is not a zip at
all (it is an OLE compound file, like a legacy .doc), a truncated download fails half
way through a member, and XML can carry entity expansions or network look-ups. Every
one of these must end as a one-line :class:`~genderlens.errors.InputError`, never as a
traceback, and batch mode must be able to carry on with the next file.

So the checks run in order of cost: file system (regular file, size), the first bytes
(empty, OLE, not a zip), the zip central directory (member count, declared sizes,
compression ratios, required parts) and only then decompression, which is metered
again while it happens because the central directory can lie. XML is parsed with a
parser that never resolves entities, never touches the network and refuses a DTD.

The annotator uses the same :class:`DocxPackage`, so the reader and the writer agree on
what a readable Word file is.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from lxml import etree

from genderlens.errors import InputError
from genderlens.readers import check_regular_file

# A draft law with images is a few MB; 100 MB is far beyond any real draft.
MAX_DOCX_BYTES = 100 * 1024 * 1024
# Word writes a few dozen members; thousands mean something generated or hostile.
MAX_MEMBERS = 10_000
# Everything we may decompress (all members) together.
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
# Deflate reaches ~1000:1 only on degenerate data (runs of one byte); XML compresses
# 5-20:1. Members above RATIO_MIN_BYTES must not expand more than MAX_RATIO times.
MAX_RATIO = 200
RATIO_MIN_BYTES = 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

CONTENT_TYPES = "[Content_Types].xml"
DEFAULT_MAIN_PART = "word/document.xml"

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"

DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_SAVE_DOCX = "open it in Word and save it as a Word Document (.docx)"
# Main-part content types of Office files that are not a Word document, with what to
# tell the user. Word refuses each of them under a .docx name.
FOREIGN_TYPES: dict[str, tuple[str, str]] = {
    "application/vnd.ms-word.document.macroenabled.main+xml": (
        "a macro-enabled Word document (.docm)",
        "save it as a Word Document (.docx) without macros",
    ),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "a Word template (.dotx)",
        "create a document from the template and save it as .docx",
    ),
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": (
        "a macro-enabled Word template (.dotm)",
        "create a document from the template and save it as .docx",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "an Excel workbook (.xlsx)",
        "genderlens reads Word drafts; copy the text into a .docx",
    ),
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": (
        "a macro-enabled Excel workbook (.xlsm)",
        "genderlens reads Word drafts; copy the text into a .docx",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": (
        "an Excel template (.xltx)",
        "genderlens reads Word drafts; copy the text into a .docx",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "a PowerPoint presentation (.pptx)",
        "genderlens reads Word drafts; copy the text into a .docx",
    ),
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml": (
        "a macro-enabled PowerPoint presentation (.pptm)",
        "genderlens reads Word drafts; copy the text into a .docx",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": (
        "a PowerPoint slide show (.ppsx)",
        "genderlens reads Word drafts; copy the text into a .docx",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml": (
        "a PowerPoint template (.potx)",
        "genderlens reads Word drafts; copy the text into a .docx",
    ),
}

_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """The caps, overridable so tests can exercise them without huge files."""

    max_file_bytes: int = MAX_DOCX_BYTES
    max_members: int = MAX_MEMBERS
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES
    max_ratio: float = MAX_RATIO
    ratio_min_bytes: int = RATIO_MIN_BYTES


DEFAULT_LIMITS = Limits()


def xml_parser() -> etree.XMLParser:
    """A parser that cannot be talked into fetching, expanding or ballooning anything.

    A fresh parser per package: lxml parsers are not safe to share between threads.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_blank_text=False,
    )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def sniff(head: bytes) -> str:
    """Say what a file probably is from its first bytes, so the hint can be specific."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "an RTF file"
    if stripped[:1] == b"<":
        low = stripped[:2048].lower()
        if b"<html" in low or b"<!doctype html" in low:
            return "an HTML file"
        return "an XML file (Word 2003 XML or flat OPC?)"
    if stripped.startswith(b"%PDF"):
        return "a PDF file"
    if head.startswith(OLE_MAGIC):
        return "an OLE compound file (legacy .doc or a password-protected Office file)"
    if head.startswith(ZIP_MAGICS):
        return "a zip archive"
    return ""


def check_input_file(path: Path, limits: Limits, label: str) -> tuple[int, bytes]:
    """Regular file, size cap, not empty; return (size, first 4 KiB)."""
    st = check_regular_file(path)
    size = st.st_size
    if size > limits.max_file_bytes:
        raise InputError(
            str(path),
            f"file too large for a {label} draft ({_mb(size)}, "
            f"limit {_mb(limits.max_file_bytes)})",
        )
    if size == 0:
        raise InputError(str(path), "empty file (0 bytes)")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    return size, head


def check_docx_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> int:
    """Check what can be checked without opening the zip; return the file size."""
    size, head = check_input_file(path, limits, ".docx")
    if head.startswith(OLE_MAGIC):
        raise InputError(
            str(path),
            "password-protected .docx or legacy .doc (OLE compound file)",
            "save it as an unprotected .docx",
        )
    if not head.startswith(ZIP_MAGICS):
        what = sniff(head)
        problem = "not a .docx (not a zip archive)"
        if what:
            problem = f"not a .docx (looks like {what})"
        raise InputError(str(path), problem, "open it in Word and save it as .docx")
    return size


class ZipPackage:
    """A validated, open zip package (.docx, .odt): metered member reads and hardened
    XML parsing, shared so that every zip-based format has the same bomb guards.

    ``label`` names the format in messages (".docx", ".odt") and ``resave`` is the
    hint for a damaged file. Member names are looked up case-insensitively (OPC
    requires it; ODF names are lower case in practice, so nothing is lost there).
    """

    label = ".docx"
    app = "Word"
    resave = "re-download the file or re-save it from Word"

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS, *, size: int) -> None:
        self.path = path
        self.limits = limits
        self.size = size
        self._budget = limits.max_uncompressed_bytes
        self._parser = xml_parser()
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise self._error(
                f"corrupt or truncated {self.label} (the zip archive is damaged)", self.resave
            ) from None
        except (OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise self._error(f"cannot open the zip archive: {_one_line(exc)}") from None
        try:
            self._infos = self._check_directory()
            self._validate()
        except BaseException:
            self._zip.close()
            raise

    def _validate(self) -> None:
        """Format-specific checks once the directory has passed (subclasses)."""

    # ------------------------------------------------------------------ checks

    def _error(self, problem: str, hint: str = "") -> InputError:
        return InputError(str(self.path), problem, hint)

    def _check_directory(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        lim = self.limits
        if len(infos) > lim.max_members:
            raise self._error(
                f"suspicious {self.label}: {len(infos)} zip members (limit {lim.max_members})",
                "possible zip bomb",
            )
        total = 0
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.flag_bits & 0x1:
                raise self._error(
                    f"encrypted zip member in {self.label}",
                    f"save it as an unprotected {self.label}",
                )
            size = info.file_size
            total += size
            if size > lim.ratio_min_bytes:
                ratio = size / info.compress_size if info.compress_size else float("inf")
                if ratio > lim.max_ratio:
                    raise self._error(
                        f"suspicious {self.label}: member {info.filename!r} expands {ratio:.0f}x "
                        f"to {_mb(size)} (limit {lim.max_ratio:.0f}x)",
                        "possible zip bomb",
                    )
            by_name[info.filename.lower()] = info
        if total > lim.max_uncompressed_bytes:
            raise self._error(
                f"suspicious {self.label}: {_mb(total)} uncompressed "
                f"(limit {_mb(lim.max_uncompressed_bytes)})",
                "possible zip bomb",
            )
        return by_name

    # ------------------------------------------------------------------ access

    def has(self, name: str) -> bool:
        return name.lower() in self._infos

    def names(self) -> list[str]:
        return [info.filename for info in self._infos.values()]

    def read(self, name: str) -> bytes:
        """Decompress one member, metering the bytes against the declared size and the
        package budget (the central directory is only a claim)."""
        info = self._infos.get(name.lower())
        if info is None:
            raise self._error(f"missing part {name} in .docx")
        limit = min(info.file_size, self._budget)
        chunks: list[bytes] = []
        got = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    got += len(chunk)
                    if got > limit:
                        what = (
                            "its declared size"
                            if got > info.file_size
                            else f"the {_mb(self.limits.max_uncompressed_bytes)} limit"
                        )
                        raise self._error(
                            f"suspicious {self.label}: {name} expands beyond {what}",
                            "possible zip bomb",
                        )
                    chunks.append(chunk)
        except InputError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            # ValueError: e.g. a member name that is not valid UTF-8 in a local header
            raise self._error(
                f"corrupt or truncated {self.label} ({name}: {_one_line(exc)})", self.resave
            ) from None
        except NotImplementedError as exc:  # unsupported compression method
            raise self._error(f"cannot read {name}: {_one_line(exc)}") from None
        except RuntimeError as exc:  # zipfile: "File is encrypted, password required"
            raise self._error(
                f"cannot read {name}: {_one_line(exc)}", f"save it as an unprotected {self.label}"
            ) from None
        except OSError as exc:
            raise self._error(f"cannot read {name}: {exc.strerror or exc}") from None
        self._budget -= got
        return b"".join(chunks)

    def xml(self, name: str) -> etree._Element:
        """Parse one member with the hardened parser; syntax errors become one line."""
        data = self.read(name)
        try:
            root = etree.fromstring(data, self._parser)
        except etree.XMLSyntaxError as exc:
            raise self._error(
                f"corrupt {self.app} XML in {name} ({_one_line(exc)})",
                f"open it in {self.app} and save it again",
            ) from None
        if root is None:
            raise self._error(f"corrupt {self.app} XML in {name} (no root element)")
        tree = root.getroottree()
        if tree.docinfo.doctype:
            raise self._error(f"unexpected DTD in {name}", f"{self.app} never writes one")
        return root

    # ---------------------------------------------------------------- lifetime

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class DocxPackage(ZipPackage):
    """An open .docx whose content types say it really is a Word document.

    Word itself trusts ``[Content_Types].xml``, not the file name: a macro-enabled
    document or a template renamed ``.docx`` is refused by Word and by python-docx, so
    reading it anyway (or, worse, finding no document part and reporting an empty draft
    as "0 errors") would review something the drafter's readers will never see.
    """

    def _validate(self) -> None:
        if CONTENT_TYPES.lower() not in self._infos:
            raise self._error(
                f"not a Word document (zip archive without {CONTENT_TYPES})",
                "open it in Word and save it as .docx",
            )
        self.main_part = self._find_main_part()
        self._check_content_type(self.main_part)

    def _find_main_part(self) -> str:
        """The main document part named by the package relationships, as Word does;
        fall back to the conventional name when the relationships are missing."""
        candidates: list[str] = []
        rels = self._infos.get("_rels/.rels")
        if rels is not None:
            root = self.xml("_rels/.rels")
            for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
                rtype = rel.get("Type", "")
                if rtype.endswith(_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
                    candidates.append(resolve_target("", rel.get("Target", "")))
        candidates.append(DEFAULT_MAIN_PART)
        for name in candidates:
            if name.lower() in self._infos:
                return self._infos[name.lower()].filename
        raise self._error(
            f"not a Word document (zip archive without {DEFAULT_MAIN_PART})",
            "is it an Excel or PowerPoint file? genderlens reads Word .docx",
        )

    def _check_content_type(self, part: str) -> None:
        """The main part's declared content type must be a WordprocessingML document."""
        declared = self.content_type(part)
        if declared == DOCUMENT_TYPE:
            return
        known = FOREIGN_TYPES.get(declared or "")
        if known is not None:
            what, hint = known
            raise self._error(f"not a Word document: this is {what} named .docx", hint)
        if declared is None:
            raise self._error(
                f"not a Word document ({CONTENT_TYPES} declares no content type for {part})",
                "open it in Word and save it as .docx",
            )
        raise self._error(
            f"not a Word document (main part declared as {declared[:120]})",
            "open it in Word and save it as .docx",
        )

    def content_type(self, part: str) -> str | None:
        """The content type ``[Content_Types].xml`` gives ``part``: its Override, else the
        Default for its extension (both compared case-insensitively, as OPC says)."""
        root = self.xml(CONTENT_TYPES)
        wanted = "/" + part.lower().lstrip("/")
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        default = None
        for el in root:
            if not isinstance(el.tag, str):
                continue
            local = etree.QName(el).localname
            if local == "Override" and el.get("PartName", "").lower() == wanted:
                return el.get("ContentType", "").strip().lower()
            if local == "Default" and el.get("Extension", "").lower() == ext:
                default = el.get("ContentType", "").strip().lower()
        return default

    def xml(self, name: str) -> etree._Element:
        root = super().xml(name)
        if root.tag.startswith(f"{{{_STRICT_W_NS}}}"):
            raise self._error(
                "Strict Open XML .docx is not supported",
                "save it as a Word Document (.docx), not Strict Open XML",
            )
        return root

    def part_rels(self, part: str) -> dict[str, list[str]]:
        """Relationship type suffix ("styles", "footnotes", "header", ...) -> part names
        of the internal targets of ``part``'s relationships, in file order."""
        rels_name = posixpath.join(
            posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels"
        )
        out: dict[str, list[str]] = {}
        if not self.has(rels_name):
            return out
        base = posixpath.dirname(part)
        for rel in self.xml(rels_name).iter(f"{{{_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            rtype = rel.get("Type", "").rsplit("/", 1)[-1]
            target = resolve_target(base, rel.get("Target", ""))
            if self.has(target):
                out.setdefault(rtype, []).append(self._infos[target.lower()].filename)
        return out


def resolve_target(base: str, target: str) -> str:
    """A relationship target as a zip member name (absolute targets start with "/")."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    joined = posixpath.normpath(posixpath.join(base, target)) if base else target
    return joined.lstrip("/")


def open_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> DocxPackage:
    """Validate ``path`` and return an open package (use it as a context manager)."""
    size = check_docx_file(path, limits)
    return DocxPackage(path, limits, size=size)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] if text else type(exc).__name__
