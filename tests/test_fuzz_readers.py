"""Inputs that break parsers: random bytes, truncated and mutated real files, hostile
Unicode. Whatever the readers and the structure stage are fed, the only exception that
may escape is the project's own InputError. Example counts are bounded (and the
deadline generous) so the suite stays fast on a shared two-core machine."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx_fixtures import build_docx, p
from format_fixtures import LAW_LIST_STYLE, build_odt, law_odt_body
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_fixtures import law_pages, pdf_bytes

from genderlens.errors import InputError
from genderlens.readers import read_file
from genderlens.structure import build_document

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
SUFFIXES = (".docx", ".odt", ".pdf", ".html", ".txt", ".md")

# Characters that break naive text handling: combining marks, bidi controls, NUL,
# look-alike letters, line and paragraph separators, the BOM, private use.
NASTY = st.sampled_from(
    ["\u0301", "\u0323", "\u0309", "\u202e", "\u202d", "\u2066", "\u200f", "\x00", "\u00d0",
     "\u0110", "\u2028", "\u2029", "\ufeff", "\ue000", "\U0001f600", "Điều 1.", "1.", "a)",
     "\t", "\r", "\n", "<", "&", "Chương", " "])
TEXT = st.lists(st.one_of(NASTY, st.text(max_size=8)), max_size=40).map("".join)


def _read_and_structure(path: Path) -> None:
    try:
        build_document(read_file(path))
    except InputError as exc:
        assert "\n" not in str(exc)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    d = tmp_path_factory.mktemp("fuzz-samples")
    docx = build_docx(d / "s.docx", [p(text="Điều 1. Phạm vi"), p(text="1. Nam, nữ bình đẳng.")])
    odt = build_odt(d / "s.odt", law_odt_body(), styles=LAW_LIST_STYLE)
    html = ("<html><body><p>Điều 1. Phạm vi</p><ol><li>Khoản một;<br>Khoản hai</li></ol>"
            "<table><tr><td>Nam</td></tr></table></body></html>").encode()
    return {".docx": docx.read_bytes(), ".odt": odt.read_bytes(), ".pdf": pdf_bytes(law_pages()),
            ".html": html, ".txt": "Điều 1. Phạm vi\n1. Khoản.\n".encode(),
            ".md": "# Luật\n\nĐiều 1. Phạm vi\n".encode()}


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=4096))
def test_random_bytes(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    _read_and_structure(path)


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), cut=st.floats(0.0, 1.0))
def test_truncated_files(tmp_path: Path, samples: dict[str, bytes], suffix: str,
                         cut: float) -> None:
    data = samples[suffix]
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(data[: int(len(data) * cut)])
    _read_and_structure(path)


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), flips=st.lists(
    st.tuples(st.floats(0.0, 1.0, exclude_max=True), st.integers(0, 255)), min_size=1,
    max_size=8))
def test_mutated_bytes(tmp_path: Path, samples: dict[str, bytes], suffix: str,
                       flips: list[tuple[float, int]]) -> None:
    data = bytearray(samples[suffix])
    for where, value in flips:
        data[int(where * len(data))] = value
    path = tmp_path / f"mutated{suffix}"
    path.write_bytes(bytes(data))
    _read_and_structure(path)


def _mutate_member(src: bytes, member: str, at: float, insert: str, out: Path) -> None:
    import io

    with zipfile.ZipFile(io.BytesIO(src)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[member].decode("utf-8")
    i = int(at * len(xml))
    parts[member] = (xml[:i] + insert + xml[i:]).encode("utf-8", "surrogatepass")
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


@FUZZ
@given(kind=st.sampled_from([(".docx", "word/document.xml"), (".odt", "content.xml")]),
       at=st.floats(0.0, 1.0), insert=st.one_of(TEXT, st.sampled_from(
           ["<", "</w:p>", "<w:p>", "</text:p>", "<text:list>", "&amp;", "&#0;", "]]>",
            "<!DOCTYPE x>", "<?pi?>", '"', "<w:numPr><w:numId w:val=\"99\"/></w:numPr>",
            '<text:s text:c="99999999999"/>'])))
def test_mutated_xml(tmp_path: Path, samples: dict[str, bytes], kind: tuple[str, str],
                     at: float, insert: str) -> None:
    suffix, member = kind
    path = tmp_path / f"xml{suffix}"
    _mutate_member(samples[suffix], member, at, insert, path)
    _read_and_structure(path)


@FUZZ
@given(text=TEXT, suffix=st.sampled_from([".txt", ".md", ".html"]),
       encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_hostile_unicode(tmp_path: Path, text: str, suffix: str, encoding: str) -> None:
    path = tmp_path / f"unicode{suffix}"
    path.write_bytes(text.encode(encoding, "surrogatepass"))
    _read_and_structure(path)


@FUZZ
@given(text=st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
                    min_size=1, max_size=4), prefix=TEXT)
def test_lone_surrogates_in_utf16(tmp_path: Path, text: str, prefix: str) -> None:
    path = tmp_path / "surrogates.txt"
    path.write_bytes(b"\xff\xfe" + (prefix + text).encode("utf-16-le", "surrogatepass"))
    _read_and_structure(path)


def _xml_chars(text: str) -> str:
    """What a Word file can hold: XML 1.0 characters only (the fixture writes XML)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (" " <= ch <= "\ud7ff")
                   or ("\ue000" <= ch <= "\ufffd") or ch > "\uffff")


@FUZZ
@given(paragraphs=st.lists(TEXT, min_size=1, max_size=12))
def test_structure_stage_on_hostile_text(tmp_path: Path, paragraphs: list[str]) -> None:
    """Text the readers let through (after normalisation) must structure without errors."""
    docx = build_docx(tmp_path / "u.docx", [p(text=_xml_chars(t)) for t in paragraphs])
    _read_and_structure(docx)


# ------------------------------------------------------------------ real corpus files

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
REAL = CORPUS / "vi" / "laws-docx" / "Luật-39-2009-QH12.docx"  # the smallest real law
REAL_FUZZ = settings(FUZZ, max_examples=25)


@pytest.fixture(scope="module")
def real_docx() -> bytes:
    if not REAL.is_file():
        pytest.skip("../shared/corpus is not available")
    return REAL.read_bytes()


@pytest.mark.corpus
@REAL_FUZZ
@given(cut=st.floats(0.0, 1.0))
def test_truncated_real_law(tmp_path: Path, real_docx: bytes, cut: float) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes(real_docx[: int(len(real_docx) * cut)])
    _read_and_structure(path)


@pytest.mark.corpus
@REAL_FUZZ
@given(at=st.floats(0.0, 1.0), insert=st.one_of(TEXT, st.sampled_from(
    ["<", "</w:p>", "<w:p>", "</w:tbl>", "<w:ins>", "&#0;", "<!DOCTYPE x>",
     '<w:numPr><w:ilvl w:val="-1"/><w:numId w:val="1"/></w:numPr>'])))
def test_mutated_real_xml(tmp_path: Path, real_docx: bytes, at: float, insert: str) -> None:
    path = tmp_path / "mutated.docx"
    _mutate_member(real_docx, "word/document.xml", at, insert, path)
    _read_and_structure(path)
