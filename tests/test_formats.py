"""The readers for .odt, .pdf, .html, .doc/.rtf, and the honest refusal of files that
only pretend to be a .docx: same Paragraph/Anchor values as the .docx reader, one-line
errors otherwise."""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from docx_fixtures import build_docx, p
from format_fixtures import (
    LAW_LIST_STYLE,
    W_DOC,
    build_odt,
    law_odt_body,
    office_package,
)
from pdf_fixtures import law_pages, write_pdf

from genderlens.errors import InputError
from genderlens.readers import read_file

ROOT = Path(__file__).resolve().parent.parent
HAS_SOFFICE = shutil.which("soffice") is not None
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) not installed")


def cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese pages are encoded: a base letter (precomposed
    where the code page has it) followed by a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            for i in range(1, len(decomposed)):
                base = unicodedata.normalize("NFC", decomposed[:i] + decomposed[i + 1:])
                try:
                    out += base.encode("cp1258") + decomposed[i].encode("cp1258")
                    break
                except UnicodeEncodeError:
                    continue
    return bytes(out)


def refused(path: Path, *words: str) -> str:
    with pytest.raises(InputError) as info:
        read_file(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path))
    for word in words:
        assert word in message, message
    return message


# ------------------------------------------------------------------ .docx honesty

DOCX_TYPES = "application/vnd.openxmlformats-officedocument.wordprocessingml"


@pytest.mark.parametrize(
    ("main", "ctype", "what"),
    [
        ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml",
         "macro-enabled Word document (.docm)"),
        ("word/document.xml", f"{DOCX_TYPES}.template.main+xml", "Word template (.dotx)"),
        ("word/document.xml", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
         "macro-enabled Word template (.dotm)"),
        ("xl/workbook.xml",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
         "Excel workbook (.xlsx)"),
        ("ppt/presentation.xml",
         "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
         "PowerPoint presentation (.pptx)"),
    ],
)
def test_office_files_renamed_docx_say_what_they_are(tmp_path: Path, main: str, ctype: str,
                                                     what: str) -> None:
    path = office_package(tmp_path / "draft.docx", main, ctype, W_DOC.format(text="Điều 1."))
    refused(path, "not a Word document", what)


def test_main_part_without_declared_type_is_refused(tmp_path: Path) -> None:
    path = office_package(tmp_path / "d.docx", "word/document.xml", "application/xml",
                          W_DOC.format(text="Điều 1."))
    refused(path, "not a Word document", "application/xml")


def test_real_document_type_is_read(tmp_path: Path) -> None:
    path = office_package(tmp_path / "d.docx", "word/document.xml",
                          f"{DOCX_TYPES}.document.main+xml", W_DOC.format(text="Điều 1. Phạm vi"))
    assert [x.text for x in read_file(path).paragraphs] == ["Điều 1. Phạm vi"]


def test_docx_without_text_is_an_input_error(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "empty.docx", [p(text="")])
    refused(path, "no text found in this docx file")


# -------------------------------------------------------------------------- .odt


def test_odt_law_reads_like_the_docx(tmp_path: Path) -> None:
    path = build_odt(tmp_path / "law.odt", law_odt_body(), styles=LAW_LIST_STYLE)
    result = read_file(path)
    assert result.format == "odt"
    body = [(x.kind, x.text) for x in result.paragraphs]
    assert body == [
        ("body", "LUẬT BÌNH ĐẲNG GIỚI"),
        ("body", "Chương I"),
        ("body", "Điều 1. Phạm vi điều chỉnh"),
        ("body", "1. Luật này quy định về bình đẳng giới."),
        ("body", "2. Nam, nữ bình  đẳng."),
        ("body", "a) điểm thứ nhất;"),
        ("body", "b) điểm thứ hai."),
        ("body", "Đoạn không đánh số."),
        ("body", "Điều 2. Giải thích từ ngữ"),
        ("table", "Nam: 60 tuổi"),
        ("table", "Nữ: 55 tuổi"),
        ("footnote", "Chú thích của người soạn."),
    ]
    assert result.tracked_changes is True
    labelled = result.paragraphs[2]
    assert labelled.label == "Điều 1." and labelled.raw == "Phạm vi điều chỉnh"
    assert labelled.anchor.part == "content.xml" and labelled.anchor.index == 2
    assert result.paragraphs[10].anchor.where == "table 1, row 1, cell 2"
    assert result.paragraphs[11].anchor.where == "footnote 1"


def test_odt_structure_finds_articles_and_clauses(tmp_path: Path) -> None:
    from genderlens.api import read

    doc = read(build_odt(tmp_path / "law.odt", law_odt_body(), styles=LAW_LIST_STYLE))
    arts = doc.articles()
    assert [a.number for a in arts] == ["1", "2"]
    assert [u.number for u in arts[0].walk() if u.kind == "clause"] == ["1", "2"]


@pytest.mark.parametrize(
    ("mimetype", "words"),
    [
        ("application/vnd.oasis.opendocument.spreadsheet", ("ODF spreadsheet (.ods)",)),
        ("application/vnd.oasis.opendocument.text-template", ("ODF text template (.ott)",)),
        ("application/x-nonsense", ("not an ODF text document",)),
    ],
)
def test_odt_that_is_something_else(tmp_path: Path, mimetype: str, words: tuple[str]) -> None:
    refused(build_odt(tmp_path / "x.odt", "<text:p>x</text:p>", mimetype=mimetype), *words)


def test_password_protected_odt(tmp_path: Path) -> None:
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
        'application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path='
        '"content.xml"><manifest:encryption-data manifest:checksum="x"/></manifest:file-entry>'
        "</manifest:manifest>"
    )
    path = build_odt(tmp_path / "secret.odt", "<text:p>x</text:p>")
    import zipfile

    data = {}
    with zipfile.ZipFile(path) as z:
        data = {n: z.read(n) for n in z.namelist()}
    data["META-INF/manifest.xml"] = manifest.encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, d in data.items():
            z.writestr(n, d)
    refused(path, "password-protected .odt")


# ------------------------------------------------------------------------- .html


def test_html_portal_page_main_text_only(tmp_path: Path) -> None:
    page = tmp_path / "law.html"
    page.write_bytes(cp1258(
        '<html><head><meta charset="windows-1258"><title>Luật</title>'
        "<script>var x = 'Điều 99.';</script></head><body>"
        '<nav><ul><li><a href="/a">Trang chủ</a></li><li><a href="/b">Liên hệ</a></li></ul></nav>'
        '<div id="toanvancontent"><p>Điều 1. Phạm vi</p>'
        "<p>1. Khoản một;<br>2. Khoản hai.</p>"
        "<ol type=a><li>điểm một</li><li value=4>bốn</li></ol>"
        "<table><tr><td>Nam</td><td>60</td></tr></table></div>"
        '<footer>Bản quyền</footer><div style="display:none">ẩn</div>'
        "</body></html>"
    ))
    result = read_file(page)
    assert result.encoding == "cp1258"
    texts = [x.text for x in result.paragraphs]
    assert texts == ["Điều 1. Phạm vi", "1. Khoản một;", "2. Khoản hai.", "a. điểm một",
                     "d. bốn", "Nam", "60"]
    assert result.paragraphs[5].kind == "table"
    assert result.paragraphs[6].anchor.where == "table 1, row 1, cell 2"
    assert result.paragraphs[0].anchor.line == 1
    assert result.metadata["core.title"] == "Luật"


def test_html_without_text_and_too_deep(tmp_path: Path) -> None:
    nav = tmp_path / "nav.html"
    nav.write_text("<html><body><nav>menu</nav><script>x</script></body></html>")
    refused(nav, "no text found")
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000)
    refused(deep, "nested more than 256 levels")


def test_html_declared_encoding_must_hold(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_bytes(b'<meta charset="utf-8"><p>' + cp1258("Điều 1") + b"</p>")
    refused(page, "declares utf-8")
    unknown = tmp_path / "unknown.html"
    unknown.write_bytes(b'<meta charset="x-klingon"><p>x</p>')
    refused(unknown, "unknown encoding 'x-klingon'")


# -------------------------------------------------------------------------- .pdf


def test_pdf_paragraphs_pages_and_running_headers(tmp_path: Path) -> None:
    result = read_file(write_pdf(tmp_path / "act.pdf", law_pages()))
    assert result.format == "pdf"
    assert [(x.anchor.page, x.text) for x in result.paragraphs] == [
        (1, "1 Short title"),
        (1, "This Act may be cited as the Equality Act."),
        (1, "2 Duties of the Minister"),
        (1, "(1) The Minister must publish a report every year on the application of this "
            "Act to women and men in the public service and the report must be laid before "
            "Parliament."),
        (1, "(2) The report must include statistics disaggregated by sex and by age group for "
            "every department and agency that employs more than fifty persons in the year to "
            "which the report relates, and also for the previous year."),
        (2, "3 Commencement"),
        (2, "This Act comes into force on a day fixed by order."),
    ]
    assert result.paragraphs[4].anchor.where == "page 1"
    assert any("header/footer" in w for w in result.warnings)


def test_pdf_footnotes_and_note_references(tmp_path: Path) -> None:
    page = [
        (72, 740, "1 Duties"),
        (90, 720, "The Minister must report on equality."),
        (270, 724, "1", 6),  # raised, small: the note reference
        (72, 120, "1 Added by the amending Act.", 8),
    ]
    result = read_file(write_pdf(tmp_path / "notes.pdf", [page], rules=[[(72, 135, 180)]]))
    assert [(x.kind, x.text) for x in result.paragraphs] == [
        ("body", "1 Duties"),
        ("body", "The Minister must report on equality."),
        ("footnote", "1 Added by the amending Act."),
    ]
    assert result.paragraphs[2].anchor.where == "page 1, footnote"


def test_pdf_ruled_table_is_read_cell_by_cell(tmp_path: Path) -> None:
    """Two columns side by side: without the borders the rows would run together."""
    page = [
        (72, 760, "Contract"),
        (76, 730, "Article 1."), (200, 730, "1.1 The documents of the contract are"),
        (76, 716, "Documents"), (200, 716, "listed in the annex."),
        (200, 690, "1.2 The annex prevails."),
        (76, 660, "Article 2."), (200, 660, "2.1 Prices are fixed."),
    ]
    borders = [(72, 745, 500), (72, 675, 500), (72, 645, 500),  # row borders
               (72, 745, 72, 645), (190, 745, 190, 645), (500, 745, 500, 645)]
    result = read_file(write_pdf(tmp_path / "table.pdf", [page], rules=[borders]))
    assert [(x.kind, x.anchor.where, x.text) for x in result.paragraphs] == [
        ("body", "page 1", "Contract"),
        ("table", "page 1, table, row 1, cell 1", "Article 1. Documents"),
        ("table", "page 1, table, row 1, cell 2", "1.1 The documents of the contract are listed in the annex."),
        ("table", "page 1, table, row 1, cell 2", "1.2 The annex prevails."),
        ("table", "page 1, table, row 2, cell 1", "Article 2."),
        ("table", "page 1, table, row 2, cell 2", "2.1 Prices are fixed."),
    ]


def test_scanned_and_blank_pdfs(tmp_path: Path) -> None:
    refused(write_pdf(tmp_path / "scan.pdf", [None, None]), "scanned PDF", "OCR")
    refused(write_pdf(tmp_path / "blank.pdf", [[], []]), "no text found in this PDF")


def test_password_protected_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    plain = write_pdf(tmp_path / "plain.pdf", law_pages())
    writer = pypdf.PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as fh:
        writer.write(fh)
    refused(locked, "password-protected PDF")
    # an owner password alone (printing restrictions) does not hide the text
    writer = pypdf.PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    open_copy = tmp_path / "restricted.pdf"
    with open_copy.open("wb") as fh:
        writer.write(fh)
    assert read_file(open_copy).paragraphs[0].text == "1 Short title"


def test_pdf_without_pdfminer_says_which_extra(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "act.pdf", law_pages())
    code = (
        "import sys; sys.modules['pdfminer'] = None\n"
        "from genderlens.readers import read_file\n"
        "from genderlens.errors import InputError\n"
        f"try:\n    read_file({str(path)!r})\nexcept InputError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert "pip install 'genderlens[pdf]'" in out


@needs_soffice
def test_vietnamese_pdf_from_libreoffice(tmp_path: Path) -> None:
    """A real LibreOffice PDF: diacritics, bold headings and wrapped clauses."""
    long_clause = "1. Nam, nữ bình đẳng trong việc tham gia quản lý nhà nước, " * 4
    src = build_docx(tmp_path / "law.docx", [
        p(text="Điều 1. Phạm vi điều chỉnh"), p(text=long_clause.strip()),
        p(text="2. Nhà nước bảo đảm bình đẳng giới."), p(text="Điều 2. Đối tượng áp dụng"),
    ])
    _soffice(src, "pdf", tmp_path)
    texts = [x.text for x in read_file(tmp_path / "law.pdf").paragraphs]
    assert texts == ["Điều 1. Phạm vi điều chỉnh", long_clause.strip(),
                     "2. Nhà nước bảo đảm bình đẳng giới.", "Điều 2. Đối tượng áp dụng"]


# ------------------------------------------------------------------ .doc and .rtf


def _soffice(src: Path, fmt: str, out: Path) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation={(out / 'lo').as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=180)
    return out / f"{src.stem}.{fmt.split(':')[0]}"


@needs_soffice
@pytest.mark.slow
def test_doc_and_rtf_are_converted_by_libreoffice(tmp_path: Path) -> None:
    src = build_docx(tmp_path / "law.docx", [p(text="Điều 1. Phạm vi"), p(text="1. Khoản một.")])
    for fmt in ("doc", "rtf"):
        copy = _soffice(src, fmt, tmp_path)
        before = copy.read_bytes()
        result = read_file(copy)
        assert result.format == fmt
        assert [x.text for x in result.paragraphs] == ["Điều 1. Phạm vi", "1. Khoản một."]
        assert copy.read_bytes() == before


def test_doc_without_libreoffice_says_how_to_convert(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENDERLENS_SOFFICE", "")
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    refused(doc, "needs LibreOffice", "save the file as .docx")


def test_doc_that_is_not_a_doc(tmp_path: Path) -> None:
    doc = tmp_path / "fake.doc"
    doc.write_bytes(b"%PDF-1.4 not really")
    refused(doc, "not a Word .doc (looks like a PDF file)")
    rtf = tmp_path / "fake.rtf"
    rtf.write_bytes(b"plain words")
    refused(rtf, "not an RTF file")


# ------------------------------------------------------------------------- CLI


def test_annotate_refuses_other_formats_in_one_line(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "act.pdf", law_pages())
    proc = subprocess.run([sys.executable, "-m", "genderlens", "review", str(pdf), "--annotate",
                           str(tmp_path / "out.docx")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "annotating .pdf is not supported" in lines[0]
    assert not (tmp_path / "out.docx").exists()


def test_annotate_dir_says_which_drafts_it_could_not_annotate(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    write_pdf(drafts / "act.pdf", law_pages())
    build_docx(drafts / "luat.docx", [p(text="Điều 1. Phạm vi"), p(text="1. Nam, nữ bình đẳng.")])
    out = tmp_path / "annotated"
    proc = subprocess.run([sys.executable, "-m", "genderlens", "review", str(drafts), "-j", "1",
                           "--annotate-dir", str(out), "-f", "json", "-o",
                           str(tmp_path / "r.json"), "--fail-on", "never", "-q"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert [x.name for x in out.rglob("*.docx")] == ["luat.annotated.docx"]
    assert "--annotate-dir: 1 draft(s) not annotated" in proc.stderr
