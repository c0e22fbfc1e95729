"""Hostile and broken inputs through the real command line: each is one line on
stderr, exit 3, under 5 s and 500 MB, and the input is left unchanged.

The files are built here (tmp_path), never committed. ``bench/hostile.py``-style figures
(time, peak memory per file) are printed with ``pytest -s``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx_fixtures import build_docx, p
from format_fixtures import W_DOC, build_odt, office_package
from pdf_fixtures import law_pages, pdf_bytes, write_pdf

ROOT = Path(__file__).resolve().parent.parent
# Hostile but readable: reviewed normally (exit 0 or 1), no traceback.
READS = "\x00reads"
DOCX_T = "application/vnd.openxmlformats-officedocument"


def _zip_bomb(path: Path, inner: str, prefix: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in prefix.items():
            z.writestr(name, data)
        z.writestr(inner, b"\0" * (60 * 1024 * 1024))
    return path


def _encrypted_pdf(path: Path) -> Path:
    import pypdf

    src = path.with_suffix(".plain.pdf")
    write_pdf(src, law_pages())
    writer = pypdf.PdfWriter(clone_from=str(src))
    writer.encrypt(user_password="secret", algorithm="AES-256")
    with path.open("wb") as fh:
        writer.write(fh)
    src.unlink()
    return path


def _billion_laughs() -> str:
    ents = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 10))
    return f'<?xml version="1.0"?><!DOCTYPE d [{ents}]><d>&a9;</d>'


def _odt(body: str) -> str:
    from format_fixtures import content_xml

    return content_xml(body)


def _builders() -> dict[str, tuple[str, Callable[[Path], Path], str]]:
    """name -> (file name, builder, words the one-line message must contain)."""
    return {
        "docm-renamed": ("macro.docx", lambda d: office_package(
            d / "macro.docx", "word/document.xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml", W_DOC.format(text="x")),
            "macro-enabled"),
        "dotx-renamed": ("template.docx", lambda d: office_package(
            d / "template.docx", "word/document.xml",
            f"{DOCX_T}.wordprocessingml.template.main+xml", W_DOC.format(text="x")), "template"),
        "xlsx-renamed": ("book.docx", lambda d: office_package(
            d / "book.docx", "xl/workbook.xml", f"{DOCX_T}.spreadsheetml.sheet.main+xml",
            "<workbook/>"), "Excel workbook"),
        "pptx-renamed": ("slides.docx", lambda d: office_package(
            d / "slides.docx", "ppt/presentation.xml",
            f"{DOCX_T}.presentationml.presentation.main+xml", "<presentation/>"), "PowerPoint"),
        "strict-ooxml": ("strict.docx", lambda d: office_package(
            d / "strict.docx", "word/document.xml",
            f"{DOCX_T}.wordprocessingml.document.main+xml",
            W_DOC.format(text="x").replace(
                "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                "http://purl.oclc.org/ooxml/wordprocessingml/main")), "Strict Open XML"),
        "empty-docx": ("empty.docx", lambda d: build_docx(d / "empty.docx", [p(text="")]),
                       "no text found"),
        "docx-zip-bomb": ("bomb.docx", lambda d: _zip_bomb(
            d / "bomb.docx", "word/document.xml", {"[Content_Types].xml": "<Types/>"}),
            "zip bomb"),
        "docx-ole": ("locked.docx", lambda d: _write(
            d / "locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048),
            "OLE compound file"),
        "docx-truncated": ("cut.docx", lambda d: _truncate(
            build_docx(d / "cut.docx", [p(text="Điều 1. Phạm vi " * 200)])), "corrupt"),
        "docx-billion-laughs": ("laughs.docx", lambda d: office_package(
            d / "laughs.docx", "word/document.xml",
            f"{DOCX_T}.wordprocessingml.document.main+xml", _billion_laughs()), "entity"),
        "odt-zip-bomb": ("bomb.odt", lambda d: _zip_bomb(
            d / "bomb.odt", "content.xml",
            {"mimetype": "application/vnd.oasis.opendocument.text"}), "zip bomb"),
        "odt-deep-xml": ("deep.odt", lambda d: build_odt(
            d / "deep.odt", "", content=_odt("<text:section>" * 30_000 + "<text:p>x</text:p>"
                                             + "</text:section>" * 30_000)), "corrupt"),
        "odt-billion-laughs": ("laughs.odt", lambda d: build_odt(
            d / "laughs.odt", "", content=_billion_laughs()), "entity"),
        "ods-renamed": ("sheet.odt", lambda d: build_odt(
            d / "sheet.odt", "<text:p>x</text:p>",
            mimetype="application/vnd.oasis.opendocument.spreadsheet"), "spreadsheet"),
        "empty-odt": ("empty.odt", lambda d: build_odt(d / "empty.odt", "<text:p/>"),
                      "no text found"),
        "odt-docx-renamed": ("word.odt", lambda d: build_docx(d / "word.odt", [p(text="x")]),
                             "Word .docx renamed"),
        "pdf-scanned": ("scan.pdf", lambda d: write_pdf(d / "scan.pdf", [None] * 3),
                        "OCR"),
        "pdf-10000-blank-pages": ("blank.pdf", lambda d: _write(
            d / "blank.pdf", pdf_bytes([[]] * 10_000)), "no text found"),
        "pdf-encrypted-text": ("locked.pdf", lambda d: _encrypted_pdf(d / "locked.pdf"),
                               "password-protected"),
        "pdf-truncated": ("cut.pdf", lambda d: _write(
            d / "cut.pdf", pdf_bytes(law_pages())[:300]), "PDF"),
        "pdf-random-bytes": ("noise.pdf", lambda d: _write(
            d / "noise.pdf", b"%PDF-1.7\n" + os.urandom(20_000)), "PDF"),
        "pdf-deep-arrays": ("arrays.pdf", lambda d: _write(
            d / "arrays.pdf", pdf_bytes(law_pages()).replace(
                b"/MediaBox", b"/Junk " + b"[" * 50_000 + b"]" * 50_000 + b" /MediaBox", 1)),
            READS),
        "pdf-is-html": ("page.pdf", lambda d: _write(d / "page.pdf", b"<html><p>x</p></html>"),
                        "looks like an HTML file"),
        "html-100000-nested": ("deep.html", lambda d: _write(
            d / "deep.html", b"<html><body>" + b"<div>" * 100_000 + b"x"), "256 levels"),
        "html-navigation-only": ("nav.html", lambda d: _write(
            d / "nav.html", b"<html><body><nav><a href='/x'>Home</a></nav>"
            b"<script>alert(1)</script></body></html>"), "no text found"),
        "html-wrong-charset": ("bad.html", lambda d: _write(
            d / "bad.html", b'<meta charset="utf-8"><p>\xd0i\xea\xcc\xf2u 1</p>'), "declares"),
        "html-unknown-charset": ("odd.html", lambda d: _write(
            d / "odd.html", b'<meta charset="x-unknown"><p>x</p>'), "unknown encoding"),
        "html-binary": ("bin.html", lambda d: _write(d / "bin.html", b"\x00\x01\x02" * 4000),
                        "binary"),
        "doc-fake": ("fake.doc", lambda d: _write(d / "fake.doc", b"MZ\x90\x00" + b"\0" * 100),
                     "not a Word .doc"),
        "rtf-fake": ("fake.rtf", lambda d: _write(d / "fake.rtf", b"just text"),
                     "not an RTF file"),
        "txt-utf16-lone-surrogate": ("s.txt", lambda d: _write(
            d / "s.txt", b"\xff\xfe" + "Điều 1".encode("utf-16-le") + b"\x00\xd8A\x00"),
            "invalid UTF-16"),
    }


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _truncate(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


CASES = _builders()


def _run(path: Path, tmp: Path) -> tuple[int, str, float, int]:
    """(exit code, stderr, seconds, peak RSS in MB) of ``genderlens review PATH``, the
    peak as the kernel reports it for that process when it ends (``wait4``)."""
    err = tmp / "stderr.txt"
    t = time.perf_counter()
    with open(err, "wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "genderlens", "review", str(path), "-q",
                                 "-f", "json", "--jobs", "1"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=fh)
        timer = threading.Timer(60, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t
    return (proc.returncode, err.read_text(encoding="utf-8", errors="replace"), seconds,
            usage.ru_maxrss // 1024)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_is_one_line_exit_3(tmp_path: Path, name: str) -> None:
    filename, build, words = CASES[name]
    if name == "pdf-encrypted-text":
        pytest.importorskip("pypdf")
    path = build(tmp_path)
    assert path.name == filename
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    work = tmp_path / "run"
    work.mkdir()
    code, err, seconds, rss = _run(path, work)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    print(f"{name}: exit {code}, {seconds:.2f} s, peak {rss} MB: {lines[:1]}")
    assert "Traceback" not in err
    if words == READS:
        assert code in (0, 1), err
    else:
        assert code == 3, err
        assert len(lines) == 1, err
        assert str(path) in lines[0] and words in lines[0]
    assert seconds < 5
    assert 0 < rss < 500
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
