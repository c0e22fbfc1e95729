"""The .docx input guard: every bad input is one line of InputError, never a traceback,
and nothing dangerous is decompressed or parsed before it has been checked."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from docx_fixtures import build_docx, p, rezip

from genderlens.errors import InputError
from genderlens.readers import read_file
from genderlens.readers.docx import read_docx
from genderlens.readers.guard import (
    MAX_DOCX_BYTES,
    MAX_MEMBERS,
    Limits,
    open_docx,
    xml_parser,
)

DOC_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def refuse(path: Path, *words: str) -> InputError:
    """read_docx must raise InputError whose one-line message contains ``words``."""
    with pytest.raises(InputError) as info:
        read_docx(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    for word in words:
        assert word in message, message
    return info.value


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return build_docx(tmp_path / "good.docx", [p(text="Điều 1. Phạm vi")])


def test_good_file_passes(good: Path) -> None:
    with open_docx(good) as pkg:
        assert pkg.main_part == "word/document.xml"
        assert pkg.size == good.stat().st_size
        assert pkg.has("[content_types].xml")
        assert "styles" in pkg.part_rels(pkg.main_part)


def test_missing_file(tmp_path: Path) -> None:
    refuse(tmp_path / "nope.docx", "no such file")


def test_folder(tmp_path: Path) -> None:
    folder = tmp_path / "dir.docx"
    folder.mkdir()
    refuse(folder, "folder")


@pytest.mark.skipif(os.name != "posix", reason="FIFOs are POSIX")
def test_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    refuse(fifo, "not a regular file")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    refuse(path, "empty file")


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    with path.open("wb") as fh:  # sparse: no disk used
        fh.truncate(MAX_DOCX_BYTES + 1)
    refuse(path, "too large", "limit 100 MB")


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "random.docx"
    path.write_bytes(os.urandom(4096).replace(b"PK", b"pk"))
    err = refuse(path, "not a .docx (not a zip archive)")
    assert err.hint


def test_ole_file_is_encrypted_or_legacy(tmp_path: Path) -> None:
    path = tmp_path / "secret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    err = refuse(path, "password-protected .docx or legacy .doc")
    assert err.hint == "save it as an unprotected .docx"


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"<html><body>x</body></html>", "HTML"),
        (b'<?xml version="1.0"?><w:wordDocument/>', "XML"),
        (b"%PDF-1.7\n", "PDF"),
    ],
)
def test_renamed_files_are_named(tmp_path: Path, head: bytes, what: str) -> None:
    path = tmp_path / "renamed.docx"
    path.write_bytes(head)
    refuse(path, "not a .docx", what)


def test_truncated_zip(tmp_path: Path, good: Path) -> None:
    data = good.read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    refuse(path, "corrupt or truncated")


def test_crc_error_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "crc.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", DOC_TYPES)
        z.writestr("word/document.xml", "<w:document xmlns:w='x'>" + "A" * 2000 + "</w:document>")
    data = bytearray(path.read_bytes())
    at = data.index(b"AAAA")
    data[at] = ord("B")  # same length, wrong CRC: only noticed while decompressing
    path.write_bytes(bytes(data))
    refuse(path, "corrupt or truncated", "word/document.xml")


def test_zip_without_content_types(tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<x/>")
    refuse(path, "not a Word document", "[Content_Types].xml")


def test_zip_without_document(tmp_path: Path, good: Path) -> None:
    path = rezip(good, tmp_path / "nodoc.docx", drop=["word/document.xml"])
    refuse(path, "not a Word document", "word/document.xml")


def test_spreadsheet_renamed(tmp_path: Path) -> None:
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    refuse(path, "not a Word document")


def test_main_part_found_through_package_relationships(tmp_path: Path, good: Path) -> None:
    with zipfile.ZipFile(good) as z:
        doc = z.read("word/document.xml")
        rels = z.read("_rels/.rels").replace(b"word/document.xml", b"word/main.xml")
        types = z.read("[Content_Types].xml").replace(b"/word/document.xml", b"/word/main.xml")
    path = rezip(
        good,
        tmp_path / "renamed-main.docx",
        drop=["word/document.xml", "word/_rels/document.xml.rels"],
        replace={"word/main.xml": doc, "_rels/.rels": rels, "[Content_Types].xml": types},
    )
    result = read_docx(path)
    assert [x.text for x in result.paragraphs] == ["Điều 1. Phạm vi"]
    assert result.paragraphs[0].anchor.part == "word/main.xml"


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/zeros.bin", bytes(60 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    refuse(path, "suspicious .docx", "word/media/zeros.bin", "expands", "zip bomb")


def test_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        for i in range(MAX_MEMBERS):
            z.writestr(f"customXml/item{i}.xml", b"")
    refuse(path, "suspicious .docx", f"{MAX_MEMBERS + 2} zip members", "limit 10000")


def test_total_uncompressed_size(tmp_path: Path, good: Path) -> None:
    limits = Limits(max_uncompressed_bytes=10_000)
    with pytest.raises(InputError, match="uncompressed"):
        open_docx(good, limits)


def test_budget_is_enforced_while_reading(good: Path) -> None:
    """The directory total passes, yet reading past the budget stops mid-stream."""
    with zipfile.ZipFile(good) as z:
        doc_size = z.getinfo("word/document.xml").file_size
        total = sum(i.file_size for i in z.infolist())
    with open_docx(good, Limits(max_uncompressed_bytes=total)) as pkg:
        pkg._budget = doc_size - 1  # as if the rest had been used up by earlier parts
        with pytest.raises(InputError, match="expands beyond"):
            pkg.read("word/document.xml")


def test_encrypted_member_flag(tmp_path: Path) -> None:
    path = tmp_path / "enc.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        info = zipfile.ZipInfo("word/document.xml")
        info.flag_bits |= 0x1
        z.writestr(info, b"<w:document/>")
    refuse(path, "encrypted")


def test_corrupt_xml(tmp_path: Path, good: Path) -> None:
    path = rezip(
        good, tmp_path / "badxml.docx", replace={"word/document.xml": b"<w:document><w:body>"}
    )
    err = refuse(path, "corrupt Word XML in word/document.xml")
    assert err.hint


def test_corrupt_styles_part(tmp_path: Path, good: Path) -> None:
    path = rezip(
        good, tmp_path / "badstyles.docx", replace={"word/styles.xml": b"\x00\x01 not xml"}
    )
    refuse(path, "corrupt Word XML in word/styles.xml")


def test_corrupt_core_properties_is_only_a_warning(tmp_path: Path, good: Path) -> None:
    path = rezip(
        good, tmp_path / "badcore.docx", replace={"docProps/core.xml": b"<cp:coreProperties"}
    )
    result = read_docx(path)
    assert [x.text for x in result.paragraphs] == ["Điều 1. Phạm vi"]
    assert any("document properties" in w for w in result.warnings)


def test_entities_and_dtds_are_refused(tmp_path: Path, good: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = rezip(good, tmp_path / "lol.docx", replace={"word/document.xml": laughs})
    refuse(path, "DTD")


def test_external_entities_are_not_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]><x>&s;</x>'
    ).encode()
    from lxml import etree

    root = etree.fromstring(xml, xml_parser())
    assert "TOP SECRET" not in etree.tostring(root).decode()


def test_strict_open_xml_is_refused_clearly(tmp_path: Path, good: Path) -> None:
    strict = (
        b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main">'
        b"<w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>"
    )
    path = rezip(good, tmp_path / "strict.docx", replace={"word/document.xml": strict})
    refuse(path, "Strict Open XML")


def test_errors_reach_read_file_as_input_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        read_file(path)


def test_bad_file_does_not_leave_anything_open(tmp_path: Path, good: Path) -> None:
    """A refused package closes its zip (batch mode reads thousands of files)."""
    path = rezip(good, tmp_path / "badxml.docx", replace={"word/document.xml": b"<oops"})
    for _ in range(50):
        with pytest.raises(InputError):
            read_docx(path)
    fds = Path("/proc/self/fd")
    if fds.is_dir():
        assert not any(str(path) == os.path.realpath(fd) for fd in fds.iterdir())
