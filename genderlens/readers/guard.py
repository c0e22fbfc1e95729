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


def _sniff(head: bytes) -> str:
    """Say what a non-zip file probably is, so the hint can be specific."""
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
    return ""


def check_docx_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> int:
    """Check what can be checked without opening the zip; return the file size."""
    st = check_regular_file(path)
    size = st.st_size
    if size > limits.max_file_bytes:
        raise InputError(
            str(path),
            f"file too large for a .docx draft ({_mb(size)}, limit {_mb(limits.max_file_bytes)})",
        )
    if size == 0:
        raise InputError(str(path), "empty file (0 bytes)")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if head.startswith(OLE_MAGIC):
        raise InputError(
            str(path),
            "password-protected .docx or legacy .doc (OLE compound file)",
            "save it as an unprotected .docx",
        )
    if not head.startswith(ZIP_MAGICS):
        what = _sniff(head)
        problem = "not a .docx (not a zip archive)"
        if what:
            problem = f"not a .docx (looks like {what})"
        raise InputError(str(path), problem, "open it in Word and save it as .docx")
    return size


class DocxPackage:
    """A validated, open .docx: metered member reads and hardened XML parsing.

    Member names in OPC are case-insensitive, so look-ups go through a lower-cased map.
    """

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.limits = limits
        self.size = check_docx_file(path, limits)
        self._budget = limits.max_uncompressed_bytes
        self._parser = xml_parser()
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise self._error(
                "corrupt or truncated .docx (the zip archive is damaged)",
                "re-download the file or re-save it from Word",
            ) from None
        except (OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise self._error(f"cannot open the zip archive: {_one_line(exc)}") from None
        try:
            self._infos = self._check_directory()
            self.main_part = self._find_main_part()
        except BaseException:
            self._zip.close()
            raise

    # ------------------------------------------------------------------ checks

    def _error(self, problem: str, hint: str = "") -> InputError:
        return InputError(str(self.path), problem, hint)

    def _check_directory(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        lim = self.limits
        if len(infos) > lim.max_members:
            raise self._error(
                f"suspicious .docx: {len(infos)} zip members (limit {lim.max_members})",
                "possible zip bomb",
            )
        total = 0
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.flag_bits & 0x1:
                raise self._error(
                    "encrypted zip member in .docx", "save it as an unprotected .docx"
                )
            size = info.file_size
            total += size
            if size > lim.ratio_min_bytes:
                ratio = size / info.compress_size if info.compress_size else float("inf")
                if ratio > lim.max_ratio:
                    raise self._error(
                        f"suspicious .docx: member {info.filename!r} expands {ratio:.0f}x "
                        f"to {_mb(size)} (limit {lim.max_ratio:.0f}x)",
                        "possible zip bomb",
                    )
            by_name[info.filename.lower()] = info
        if total > lim.max_uncompressed_bytes:
            raise self._error(
                f"suspicious .docx: {_mb(total)} uncompressed "
                f"(limit {_mb(lim.max_uncompressed_bytes)})",
                "possible zip bomb",
            )
        if CONTENT_TYPES.lower() not in by_name:
            raise self._error(
                f"not a Word document (zip archive without {CONTENT_TYPES})",
                "open it in Word and save it as .docx",
            )
        return by_name

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
                            f"suspicious .docx: {name} expands beyond {what}",
                            "possible zip bomb",
                        )
                    chunks.append(chunk)
        except InputError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            # ValueError: e.g. a member name that is not valid UTF-8 in a local header
            raise self._error(
                f"corrupt or truncated .docx ({name}: {_one_line(exc)})",
                "re-download the file or re-save it from Word",
            ) from None
        except NotImplementedError as exc:  # unsupported compression method
            raise self._error(f"cannot read {name}: {_one_line(exc)}") from None
        except RuntimeError as exc:  # zipfile: "File is encrypted, password required"
            raise self._error(
                f"cannot read {name}: {_one_line(exc)}", "save it as an unprotected .docx"
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
                f"corrupt Word XML in {name} ({_one_line(exc)})",
                "open it in Word and save it again",
            ) from None
        if root is None:
            raise self._error(f"corrupt Word XML in {name} (no root element)")
        tree = root.getroottree()
        if tree.docinfo.doctype:
            raise self._error(f"unexpected DTD in {name}", "Word never writes one")
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

    # ---------------------------------------------------------------- lifetime

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def resolve_target(base: str, target: str) -> str:
    """A relationship target as a zip member name (absolute targets start with "/")."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    joined = posixpath.normpath(posixpath.join(base, target)) if base else target
    return joined.lstrip("/")


def open_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> DocxPackage:
    """Validate ``path`` and return an open package (use it as a context manager)."""
    return DocxPackage(path, limits)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] if text else type(exc).__name__
