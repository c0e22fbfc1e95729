"""The .docx reader: what Word shows, paragraph by paragraph, with anchors the annotator
can follow back into the XML."""

from __future__ import annotations

import hashlib
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx_fixtures import (
    NSDECL,
    VN_LAW_LEVELS,
    W,
    abstract_num,
    block_sdt,
    build_docx,
    custom_xml,
    dele,
    deleted_mark,
    endnote_ref,
    field,
    footnote_ref,
    hyperlink,
    inline_sdt,
    ins,
    level,
    move_from,
    move_to,
    note,
    note_paragraph,
    notes_xml,
    num,
    numbering_style,
    numbering_xml,
    p,
    paragraph_style,
    part_root,
    r,
    rezip,
    simple_field,
    smart_tag,
    table,
    tbl,
    tc,
    text_box,
    tr,
    vml_text_box,
)
from lxml import etree

from genderlens.model import Paragraph
from genderlens.normalize import normalize
from genderlens.readers import read_file
from genderlens.readers.base import ReadResult
from genderlens.readers.docx import format_number, iter_text_nodes, paragraph_text, read_docx

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def texts(result: ReadResult, kind: str | None = None) -> list[str]:
    return [p.text for p in result.paragraphs if kind is None or p.kind == kind]


def by_raw(result: ReadResult, raw: str) -> Paragraph:
    found = [p for p in result.paragraphs if p.raw == raw]
    assert len(found) == 1, (raw, [p.raw for p in result.paragraphs])
    return found[0]


def assert_anchor_contract(path: Path, result: ReadResult) -> None:
    """Every paragraph can be found again by (part, index) and rebuilt exactly: this
    is what the annotator relies on."""
    roots: dict[str, list[etree._Element]] = {}
    with zipfile.ZipFile(path) as z:
        for para in result.paragraphs:
            part = para.anchor.part
            assert part is not None and para.anchor.index is not None
            if part not in roots:
                roots[part] = list(etree.fromstring(z.read(part)).iter(W + "p"))
            element = roots[part][para.anchor.index]
            assert paragraph_text(element) == para.raw
            assert "".join(text for _, text in iter_text_nodes(element)) == para.raw
            assert para.text == (f"{para.label} " if para.label else "") + normalize(para.raw)
            assert para.text[para.body_offset :] == normalize(para.raw)


def read(path: Path) -> ReadResult:
    result = read_docx(path)
    assert_anchor_contract(path, result)
    return result


# --------------------------------------------------------------------- the flow


def test_body_paragraphs_in_order_with_metadata(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "a.docx",
        [p(text="LUẬT"), p(), p(text="   "), p(text="Điều 1. Phạm vi"), p(r("Nam, "), r("nữ"))],
        title="Luật Bình đẳng giới",
        creator="Ban soạn thảo",
    )
    result = read(path)
    assert texts(result) == ["LUẬT", "Điều 1. Phạm vi", "Nam, nữ"]
    assert [p.kind for p in result.paragraphs] == ["body"] * 3
    assert [p.anchor.index for p in result.paragraphs] == [0, 3, 4]
    assert all(
        p.anchor.part == "word/document.xml" and p.anchor.where == "" for p in result.paragraphs
    )
    assert result.format == "docx"
    assert result.encoding is None
    assert result.size == path.stat().st_size
    assert result.metadata["core.title"] == "Luật Bình đẳng giới"
    assert result.metadata["core.creator"] == "Ban soạn thảo"
    assert "core.created" in result.metadata and "core.modified" in result.metadata
    assert result.tracked_changes is False
    assert result.paragraphs[0].style == "Normal"


def test_read_file_dispatches_docx(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "Draft.DOCX", [p(text="x")])
    assert texts(read_file(path)) == ["x"]


def test_input_is_never_modified(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "a.docx",
        [p(text="a", num=1), p(r("b"), ins(r("c")), dele("d"))],
        numbering=numbering_xml(abstract_num(1, *VN_LAW_LEVELS), num(1, 1)),
        footnotes=notes_xml("footnote", note("footnote", 1, note_paragraph("footnote", "n"))),
    )
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    read_docx(path)
    read_docx(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == mtime
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.docx"]


def test_decomposed_text_is_normalised_but_raw_kept(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Lao động nữ")
    path = build_docx(tmp_path / "a.docx", [p(text=nfd), p(text="\u00d0iều 3.")])
    result = read(path)
    assert result.paragraphs[0].raw == nfd
    assert result.paragraphs[0].text == "Lao động nữ"
    assert result.paragraphs[1].text == "Điều 3."


# ------------------------------------------------------------------ inline text


def test_inline_containers_are_text(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(
                r("See "),
                hyperlink("Article 5"),
                r(" in "),
                smart_tag("Hà Nội"),
                r(", "),
                inline_sdt("the Minister"),
                r(" and "),
                simple_field("DOCPROPERTY x", "Law 73"),
                r(" "),
                field(" REF bm1 \\h ", "clause 2"),
                r("."),
            ),
            p(custom_xml(r("inline custom"))),
        ],
    )
    result = read(path)
    assert texts(result) == [
        "See Article 5 in Hà Nội, the Minister and Law 73 clause 2.",
        "inline custom",
    ]
    assert "REF" not in result.paragraphs[0].raw


def test_special_run_content(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(
                r("a", inner="<w:tab/>"),
                r("b", inner='<w:br/><w:t xml:space="preserve">c</w:t>'),
                r("", inner="<w:cr/><w:t>d</w:t><w:noBreakHyphen/><w:t>e</w:t>"),
                r("", inner='<w:softHyphen/><w:sym w:font="Wingdings" w:char="F0E0"/><w:t>f</w:t>'),
                r("hidden", rpr="<w:vanish/>"),
                r("shown", rpr='<w:vanish w:val="0"/>'),
            )
        ],
    )
    assert texts(read(path)) == ["a\tb c d-efshown"]


def test_iter_text_nodes_maps_offsets_to_elements(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "a.docx", [p(r("Nam"), r("", inner="<w:tab/>"), hyperlink("nữ"))])
    root = part_root(path)
    para = next(root.iter(W + "p"))
    pieces = list(iter_text_nodes(para))
    assert [text for _, text in pieces] == ["Nam", "\t", "nữ"]
    assert [etree.QName(el).localname for el, _ in pieces] == ["t", "tab", "t"]
    assert all(etree.QName(el.getparent()).localname == "r" for el, _ in pieces)
    assert paragraph_text(para) == "Nam\tnữ"


# --------------------------------------------------------------- tracked changes


def test_tracked_changes_are_read_as_accepted(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(r("Người lao động "), dele("nam "), ins(r("nam và nữ ")), r("được nghỉ.")),
            p(move_from("moved away "), r("stays"), move_to(" arrived")),
            f'<w:ins w:id="30" w:author="x">{p(text="A whole inserted paragraph")}</w:ins>',
            f'<w:del w:id="31" w:author="x">{p(text="A whole deleted paragraph")}</w:del>',
        ],
    )
    result = read(path)
    assert result.tracked_changes is True
    assert texts(result) == [
        "Người lao động nam và nữ được nghỉ.",
        "stays arrived",
        "A whole inserted paragraph",
    ]


def test_formatting_change_alone_counts_as_tracked(tmp_path: Path) -> None:
    rpr = '<w:b/><w:rPrChange w:id="1" w:author="x"><w:rPr/></w:rPrChange>'
    path = build_docx(tmp_path / "a.docx", [p(r("bold now", rpr=rpr))])
    result = read(path)
    assert result.tracked_changes is True
    assert texts(result) == ["bold now"]


def test_deleted_paragraph_mark_does_not_merge_or_number(tmp_path: Path) -> None:
    """Policy: one Paragraph per w:p (anchors stay valid); the paragraph whose mark
    is deleted keeps its text but loses its number, and vanishes if nothing is left."""
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(text="first", num=1),
            p(r("tail of first"), num=1, mark=deleted_mark()),
            p(dele("all gone"), num=1, mark=deleted_mark(8)),
            p(text="second", num=1),
        ],
        numbering=numbering_xml(abstract_num(1, level(0, "decimal", "%1.")), num(1, 1)),
    )
    result = read(path)
    assert [(x.label, x.raw) for x in result.paragraphs] == [
        ("1.", "first"),
        ("", "tail of first"),
        ("2.", "second"),
    ]
    assert result.tracked_changes is True


def test_deleted_table_row_is_dropped(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "a.docx",
        [
            tbl(
                tr(tc(p(text="kept"))),
                tr(tc(p(text="row deleted")), deleted=True),
                tr(tc(p(text="last"))),
            )
        ],
    )
    result = read(path)
    assert [(x.text, x.anchor.where) for x in result.paragraphs] == [
        ("kept", "table 1, row 1, cell 1"),
        ("last", "table 1, row 2, cell 1"),
    ]


# ------------------------------------------------------------- where text lives


def test_tables_nested_tables_and_locations(tmp_path: Path) -> None:
    nested = tbl(tr(tc(p(text="n11")), tc(p(text="n12"))))
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(text="before"),
            table([["QUỐC HỘI", "CỘNG HÒA"]]),
            p(text="between"),
            tbl(
                tr(tc(p(text="r1c1")), tc(p(text="r1c2"))),
                tr(tc(p(text="r2c1")), tc(p(text="r2c2 first"), nested, p(text="r2c2 after"))),
            ),
        ],
    )
    result = read(path)
    got = [(x.text, x.kind, x.anchor.where) for x in result.paragraphs]
    assert got == [
        ("before", "body", ""),
        ("QUỐC HỘI", "table", "table 1, row 1, cell 1"),
        ("CỘNG HÒA", "table", "table 1, row 1, cell 2"),
        ("between", "body", ""),
        ("r1c1", "table", "table 2, row 1, cell 1"),
        ("r1c2", "table", "table 2, row 1, cell 2"),
        ("r2c1", "table", "table 2, row 2, cell 1"),
        ("r2c2 first", "table", "table 2, row 2, cell 2"),
        ("n11", "table", "table 2, row 2, cell 2 > table 1, row 1, cell 1"),
        ("n12", "table", "table 2, row 2, cell 2 > table 1, row 1, cell 2"),
        ("r2c2 after", "table", "table 2, row 2, cell 2"),
    ]


def test_block_content_controls_and_custom_xml(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(text="one"),
            block_sdt(p(text="inside control"), table([["cell in control"]])),
            custom_xml(p(text="inside custom xml")),
            tbl(f"<w:sdt><w:sdtContent>{tr(tc(p(text='row in control')))}</w:sdtContent></w:sdt>"),
        ],
    )
    result = read(path)
    assert [(x.text, x.anchor.where) for x in result.paragraphs] == [
        ("one", ""),
        ("inside control", ""),
        ("cell in control", "table 1, row 1, cell 1"),
        ("inside custom xml", ""),
        ("row in control", "table 2, row 1, cell 1"),
    ]


def test_text_boxes_follow_their_host_once(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(
                r("Host text "),
                text_box(p(text="Box line 1"), p(text="Box line 2")),
                r("continues"),
            ),
            p(text="next"),
            table([["cell"]]),
            p(vml_text_box(p(text="legacy box"))),
        ],
    )
    result = read(path)
    got = [(x.text, x.kind, x.anchor.where) for x in result.paragraphs]
    assert got == [
        ("Host text continues", "body", ""),
        ("Box line 1", "textbox", "text box"),
        ("Box line 2", "textbox", "text box"),
        ("next", "body", ""),
        ("cell", "table", "table 1, row 1, cell 1"),
        ("legacy box", "textbox", "text box"),
    ]
    # The anchor is the Choice copy (the first in document order), not the Fallback.
    assert [x.anchor.index for x in result.paragraphs[:3]] == [0, 1, 2]
    assert not any(x.is_provision_text for x in result.paragraphs if x.kind == "textbox")


def test_footnotes_and_endnotes(tmp_path: Path) -> None:
    footnotes = notes_xml(
        "footnote",
        note("footnote", 1, note_paragraph("footnote", "Second reference in text.")),
        note(
            "footnote",
            2,
            note_paragraph("footnote", "First reference in text."),
            table([["in note"]]),
        ),
    )
    endnotes = notes_xml("endnote", note("endnote", 1, note_paragraph("endnote", "An endnote.")))
    path = build_docx(
        tmp_path / "a.docx",
        [p(r("Body"), footnote_ref(2), r(" more"), footnote_ref(1), r(" end"), endnote_ref(1))],
        footnotes=footnotes,
        endnotes=endnotes,
    )
    result = read(path)
    got = [(x.text, x.kind, x.anchor.part, x.anchor.where) for x in result.paragraphs]
    assert got == [
        ("Body more end", "body", "word/document.xml", ""),
        (" First reference in text.", "footnote", "word/footnotes.xml", "footnote 1"),
        ("in note", "footnote", "word/footnotes.xml", "footnote 1 > table 1, row 1, cell 1"),
        (" Second reference in text.", "footnote", "word/footnotes.xml", "footnote 2"),
        (" An endnote.", "endnote", "word/endnotes.xml", "endnote 1"),
    ]


def test_headers_footers_and_comments_are_not_provisions(tmp_path: Path) -> None:
    comments = (
        f'<w:comments {NSDECL}><w:comment w:id="0" w:author="x">'
        f"{p(text='A reviewer comment')}</w:comment></w:comments>"
    )
    path = build_docx(
        tmp_path / "a.docx",
        [p(text="Body only")],
        header=p(text="DỰ THẢO 2"),
        footer=p(text="Page footer"),
        comments=comments,
    )
    result = read(path)
    assert texts(result) == ["Body only"]
    assert result.metadata["headers"] == "DỰ THẢO 2"


def test_alt_chunk_is_reported(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "a.docx", [p(text="x"), '<w:altChunk r:id="rId99"/>'])
    result = read(path)
    assert texts(result) == ["x"]
    assert any("altChunk" in w for w in result.warnings)


# -------------------------------------------------------------------- numbering


def vn_numbering() -> str:
    return numbering_xml(abstract_num(1, *VN_LAW_LEVELS), num(1, 1))


def test_vietnamese_law_numbering(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(text="Phạm vi điều chỉnh", num=1, ilvl=0),
            p(text="Luật này quy định...", ilvl=None),
            p(text="Đối tượng áp dụng", num=1, ilvl=0),
            p(text="Cơ quan nhà nước;", num=1, ilvl=1),
            p(text="Tổ chức:", num=1, ilvl=1),
            *(p(text=f"point {i}", num=1, ilvl=2) for i in range(1, 7)),
            p(text="Cá nhân.", num=1, ilvl=1),
            p(text="first point again", num=1, ilvl=2),
            p(text="Giải thích từ ngữ", num=1, ilvl=0),
            p(text="Clause restarts", num=1, ilvl=1),
        ],
        numbering=vn_numbering(),
    )
    result = read(path)
    assert [x.label for x in result.paragraphs] == [
        "Điều 1.", "", "Điều 2.", "1.", "2.",
        "a)", "b)", "c)", "d)", "e)", "f)",  # Word shows e) where drafters type đ)
        "3.", "a)", "Điều 3.", "1.",
    ]  # fmt: skip
    first = result.paragraphs[0]
    assert first.text == "Điều 1. Phạm vi điều chỉnh"
    assert first.raw == "Phạm vi điều chỉnh"
    assert first.body_offset == len("Điều 1. ")


def test_numbering_through_style_and_based_on_chain(tmp_path: Path) -> None:
    styles = [
        paragraph_style("Dieu", "Điều luật", num=1, ilvl=0),
        paragraph_style("Khoan", "Khoản", num=1, ilvl=1),
        paragraph_style("KhoanDam", "Khoản đậm", based_on="Khoan"),
        paragraph_style("Diem", "Điểm", based_on="Khoan", ilvl=2),
    ]
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(text="Heading", style="Dieu"),
            p(text="clause", style="Khoan"),
            p(text="clause via basedOn", style="KhoanDam"),
            p(text="point: numId from Khoan, ilvl from Diem", style="Diem"),
            p(text="direct ilvl overrides style", style="Khoan", ilvl=2),
            p(text="numId 0 switches style numbering off", style="Khoan", num=0),
            p(text="next heading", style="Dieu"),
        ],
        numbering=vn_numbering(),
        styles=styles,
    )
    result = read(path)
    assert [(x.label, x.style) for x in result.paragraphs] == [
        ("Điều 1.", "Điều luật"),
        ("1.", "Khoản"),
        ("2.", "Khoản đậm"),
        ("a)", "Điểm"),
        ("b)", "Khoản"),
        ("", "Khoản"),
        ("Điều 2.", "Điều luật"),
    ]


def test_style_linked_from_level_gives_the_level(tmp_path: Path) -> None:
    """A style with only numId takes its level from the w:lvl that names it."""
    numbering = numbering_xml(
        abstract_num(
            1, level(0, "upperRoman", "Chương %1"), level(1, "decimal", "Mục %2", pstyle="Muc")
        ),
        num(1, 1),
    )
    path = build_docx(
        tmp_path / "a.docx",
        [p(text="A", num=1, ilvl=0), p(text="B", style="Muc"), p(text="C", style="Muc")],
        numbering=numbering,
        styles=[paragraph_style("Muc", num=1)],
    )
    assert [x.label for x in read(path).paragraphs] == ["Chương I", "Mục 1", "Mục 2"]


def test_multilevel_text_legal_and_restart(tmp_path: Path) -> None:
    numbering = numbering_xml(
        abstract_num(
            1,
            level(0, "upperRoman", "%1."),
            level(1, "decimal", "%1.%2.", legal=True),
            level(2, "lowerLetter", "(%3)", restart=0),
        ),
        num(1, 1),
    )
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(text="a", num=1, ilvl=0),
            p(text="b", num=1, ilvl=1),
            p(text="c", num=1, ilvl=2),
            p(text="d", num=1, ilvl=0),
            p(text="e", num=1, ilvl=1),
            p(text="f", num=1, ilvl=2),
        ],
        numbering=numbering,
    )
    # isLgl shows the upper-Roman level as decimal; lvlRestart 0 never restarts (c).
    assert [x.label for x in read(path).paragraphs] == ["I.", "1.1.", "(a)", "II.", "2.1.", "(b)"]


def test_lvl_restart_names_the_level_that_restarts(tmp_path: Path) -> None:
    """Level 3 with w:lvlRestart 1 restarts after level 1 only, not after level 2."""
    numbering = numbering_xml(
        abstract_num(
            1,
            level(0, "decimal", "%1."),
            level(1, "lowerLetter", "%2)"),
            level(2, "lowerRoman", "%3.", restart=1),
        ),
        num(1, 1),
    )
    path = build_docx(
        tmp_path / "a.docx",
        [p(text=t, num=1, ilvl=lv) for t, lv in [("A", 0), ("a", 1), ("i", 2), ("b", 1), ("ii", 2)]]
        + [p(text="B", num=1, ilvl=0), p(text="i again", num=1, ilvl=2)],
        numbering=numbering,
    )
    labels = [x.label for x in read(path).paragraphs]
    assert labels == ["1.", "a)", "i.", "b)", "ii.", "2.", "i."]


def test_custom_number_format_uses_its_fallback(tmp_path: Path) -> None:
    """Word 2010 writes custom formats in mc:AlternateContent with a plain Fallback."""
    lvl = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent>'
        '<mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/>'
        '</mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback>'
        '</mc:AlternateContent><w:lvlText w:val="%1."/></w:lvl>'
    )
    path = build_docx(
        tmp_path / "a.docx",
        [p(text="x", num=1)],
        numbering=numbering_xml(abstract_num(1, lvl), num(1, 1)),
    )
    assert [x.label for x in read(path).paragraphs] == ["01."]


def test_lists_sharing_an_abstract_continue_unless_restarted(tmp_path: Path) -> None:
    numbering = numbering_xml(
        abstract_num(1, level(0, "decimal", "%1.")),
        num(1, 1),
        num(2, 1),
        num(3, 1, starts={0: 1}),
        num(4, 1, starts={0: 5}),
    )
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(text="a", num=1),
            p(text="b", num=1),
            p(text="c", num=2),  # same abstract: continues
            p(text="d", num=3),  # startOverride: restarts
            p(text="e", num=3),
            p(text="f", num=4),  # startOverride 5
            p(text="g", num=1),  # back to list 1: the shared counter goes on
        ],
        numbering=numbering,
    )
    assert [x.label for x in read(path).paragraphs] == ["1.", "2.", "3.", "1.", "2.", "5.", "6."]


def test_number_formats_bullets_and_empty_items(tmp_path: Path) -> None:
    numbering = numbering_xml(
        abstract_num(1, level(0, "bullet", "\uf0b7")),
        abstract_num(2, level(0, "upperLetter", "%1.", start=26)),
        abstract_num(3, level(0, "decimalZero", "%1", start=9)),
        abstract_num(4, level(0, "lowerRoman", "(%1)", start=3)),
        abstract_num(5, level(0, "none", "Phụ lục")),
        abstract_num(6, level(0, "ordinal", "%1 item")),
        num(1, 1),
        num(2, 2),
        num(3, 3),
        num(4, 4),
        num(5, 5),
        num(6, 6),
        num(7, 99),  # abstract does not exist: no label, no crash
    )
    path = build_docx(
        tmp_path / "a.docx",
        [
            p(text="bullet item", num=1),
            p(num=1),  # empty bullet: skipped
            p(text="Z", num=2),
            p(text="AA", num=2),
            p(text="09", num=3),
            p(text="10", num=3),
            p(text="iii", num=4),
            p(num=4),  # empty but numbered: kept, Word shows "(iv)"
            p(text="literal", num=5),
            p(text="first", num=6),
            p(text="dangling", num=7),
            p(text="undefined level", num=2, ilvl=5),
        ],
        numbering=numbering,
    )
    result = read(path)
    assert [(x.label, x.raw) for x in result.paragraphs] == [
        ("", "bullet item"),
        ("Z.", "Z"),
        ("AA.", "AA"),
        ("09", "09"),
        ("10", "10"),
        ("(iii)", "iii"),
        ("(iv)", ""),
        ("Phụ lục", "literal"),
        ("1st item", "first"),
        ("", "dangling"),
        ("", "undefined level"),
    ]
    assert result.paragraphs[6].text == "(iv) "


def test_num_style_link(tmp_path: Path) -> None:
    """An abstractNum that only links to a list style takes the levels of the
    abstractNum behind that style."""
    numbering = numbering_xml(
        abstract_num(1, level(0, "decimal", "Article %1")),
        abstract_num(2, style_link="LawList"),
        num(1, 1),
        num(2, 2),
    )
    path = build_docx(
        tmp_path / "a.docx",
        [p(text="a", num=2), p(text="b", num=2)],
        numbering=numbering,
        styles=[numbering_style("LawList", 1)],
    )
    assert [x.label for x in read(path).paragraphs] == ["Article 1", "Article 2"]


def test_numbering_in_tables_and_notes_is_resolved(tmp_path: Path) -> None:
    footnotes = notes_xml("footnote", note("footnote", 1, p(text="note item", num=1, ilvl=1)))
    path = build_docx(
        tmp_path / "a.docx",
        [p(text="A", num=1), tbl(tr(tc(p(text="cell clause", num=1, ilvl=1)))), p(footnote_ref(1))],
        numbering=vn_numbering(),
        footnotes=footnotes,
    )
    result = read(path)
    assert [(x.label, x.kind) for x in result.paragraphs] == [
        ("Điều 1.", "body"),
        ("1.", "table"),
        ("1.", "footnote"),  # each story counts on its own
    ]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (4, "lowerLetter", "d"),
        (5, "lowerLetter", "e"),
        (27, "lowerLetter", "aa"),
        (53, "upperLetter", "AAA"),
        (1994, "upperRoman", "MCMXCIV"),
        (14, "lowerRoman", "xiv"),
        (7, "decimalZero", "07"),
        (12, "decimalZero", "12"),
        (2, "ordinal", "2nd"),
        (11, "ordinal", "11th"),
        (23, "ordinal", "23rd"),
        (21, "cardinalText", "Twenty-one"),
        (12, "ordinalText", "Twelfth"),
        (40, "ordinalText", "Fortieth"),
        (3, "decimalEnclosedParen", "(3)"),
        (2, "decimalEnclosedCircle", "②"),
        (6, "chicago", "††"),
        (3, "none", ""),
        (3, "bullet", ""),
        (8, "someFutureFormat", "8"),
    ],
)
def test_format_number(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


# ------------------------------------------------------------------------ speed


def test_one_megabyte_document_reads_fast(tmp_path: Path) -> None:
    def para(i: int) -> str:
        return p(
            r(f"Người sử dụng lao động {i} phải bảo đảm "),
            ins(r("cho lao động nam và lao động nữ ")),
            hyperlink(f"điều kiện {i * 7919 % 10007}"),
            r(" làm việc an toàn."),
            num=1,
            ilvl=1,
        )

    count = 1_300_000 // len(para(0).encode("utf-8"))
    body = [p(text=f"Heading {i}", num=1, ilvl=0) if i % 10 == 0 else para(i) for i in range(count)]
    path = build_docx(tmp_path / "big.docx", body, numbering=vn_numbering())
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("word/document.xml").file_size > 1_000_000
    started = time.perf_counter()
    result = read_docx(path)
    elapsed = time.perf_counter() - started
    assert len(result.paragraphs) == count
    assert elapsed < 1.0, f"1 MB document.xml took {elapsed:.2f} s"


# ----------------------------------------------------------------------- corpus


def corpus_docx(folder: str) -> list[object]:
    base = CORPUS / "vi" / folder
    if not base.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"corpus folder missing: {base}"))]
    return [pytest.param(f, id=f.name) for f in sorted(base.glob("*.docx"))]


def corpus_file(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus file missing: {path} (real-law tests need ../shared/corpus)")
    return path


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_docx("laws-docx") + corpus_docx("bidding-docx"))
def test_corpus_docx_reads_and_anchors_hold(path: Path) -> None:
    result = read(path)
    assert result.paragraphs
    assert result.size == path.stat().st_size
    assert all("\n" not in x.text for x in result.paragraphs)


@pytest.mark.corpus
def test_corpus_tracked_changes_are_accepted() -> None:
    """Luật-24-2008-QH12 was edited with track changes on: insertions in clause 5 of
    Điều 23 and whole inserted points a)-c); a deleted space after "Điều 13. ...".
    The accepted text is the promulgated text (compare the .txt of the same law)."""
    path = corpus_file("vi", "laws-docx", "Luật-24-2008-QH12.docx")
    result = read(path)
    assert result.tracked_changes is True
    raws = [x.raw for x in result.paragraphs]
    clause = (
        "5. Người được trở lại quốc tịch Việt Nam thì phải thôi quốc tịch nước ngoài, trừ "
        "những người sau đây, trong trường hợp đặc biệt, nếu được Chủ tịch nước cho phép:"
    )
    assert clause in raws  # "phải thôi", "những người", "sau đây, ..." are w:ins
    assert "a) Là vợ, chồng, cha đẻ, mẹ đẻ hoặc con đẻ của công dân Việt Nam;" in raws
    assert "Điều 13. Người có quốc tịch Việt Nam" in raws  # the deleted " " is gone
    txt = CORPUS / "vi" / "laws-txt" / "Luat-quoc-tich-Viet-Nam-2008-24-2008-QH12-82204.txt"
    if txt.exists():
        lines = {squash(line) for line in txt.read_text(encoding="utf-8").splitlines()}
        assert squash(clause) in lines


def labelled(result: ReadResult) -> list[Paragraph]:
    return [x for x in result.paragraphs if x.label]


@pytest.mark.corpus
def test_corpus_numbering_69_2014() -> None:
    """Articles "Điều %1.", clauses "%2." restarting per article: every labelled
    paragraph reads exactly like a line of the promulgated text."""
    result = read(corpus_file("vi", "laws-docx", "Luật-69-2014-QH13.docx"))
    items = labelled(result)
    assert len(items) == 306
    assert [x.text for x in items[:4]] == [
        "Điều 1. Phạm vi điều chỉnh",
        "Điều 2. Đối tượng áp dụng ",
        "1. Đại diện chủ sở hữu nhà nước. ",
        "2. Doanh nghiệp do Nhà nước nắm giữ 100% vốn điều lệ bao gồm:",
    ]
    articles = [x.label for x in items if x.label.startswith("Điều")]
    assert articles == [f"Điều {i}." for i in range(1, len(articles) + 1)]
    txt = corpus_file(
        "vi",
        "laws-txt",
        "Luat-Quan-ly-su-dung-von-Nha-nuoc-dau-tu-vao-san-xuat-kinh-doanh-tai-doanh-nghiep-2014-259731.txt",
    )
    lines = [squash(line) for line in txt.read_text(encoding="utf-8").splitlines()]
    starts = {line[:40] for line in lines}
    missing = [x.text for x in items if squash(x.text)[:40] not in starts]
    assert missing == []


@pytest.mark.corpus
def test_corpus_numbering_84_2015() -> None:
    """Only articles are auto-numbered ("Điều %1. "). The file lost the numPr of
    "Giải thích từ ngữ" (Điều 3 in the promulgated law), so Word itself shows
    "Điều 3." on the next article: the reader reports what Word shows."""
    result = read(corpus_file("vi", "laws-docx", "Luật-84-2015-QH13.docx"))
    items = labelled(result)
    assert [x.label for x in items] == [f"Điều {i}." for i in range(1, 93)]
    assert items[0].text == "Điều 1. Phạm vi điều chỉnh"
    assert items[1].text == "Điều 2. Đối tượng áp dụng"
    unnumbered = by_raw(result, "Giải thích từ ngữ")
    assert unnumbered.label == ""
    assert items[2].text == "Điều 3. Chính sách của Nhà nước về an toàn, vệ sinh lao động"


@pytest.mark.corpus
def test_corpus_numbering_64_2014() -> None:
    """The amending law numbers its amendment points "%1." automatically."""
    result = read(corpus_file("vi", "laws-docx", "Luật-64-2014-QH13.docx"))
    items = labelled(result)
    assert [x.label for x in items] == [f"{i}." for i in range(1, 50)]
    assert items[0].text == "1. Sửa đổi, bổ sung Điều 1 như sau:"
    assert items[1].text.startswith("2. Sửa đổi, bổ sung điểm đ và điểm e")


@pytest.mark.corpus
def test_corpus_lower_letter_points() -> None:
    """A circular whose points a), b), c) are automatic and restart per list."""
    result = read(corpus_file("vi", "bidding-docx", "0. Lời văn thông tư.docx"))
    labels = [x.label for x in labelled(result)]
    assert labels[:6] == ["a)", "b)", "c)", "a)", "b)", "c)"]
    first = labelled(result)[0]
    assert first.text.startswith("a) Mẫu số 3A được sử dụng")


@pytest.mark.corpus
def test_corpus_tracked_and_clean_pair_read_alike() -> None:
    """The same English document with tracked changes and with them accepted."""
    changes = read(corpus_file("en", "us-uslm", "USLM-2_0-Review-Guide-v2_0_12-changes.docx"))
    clean = read(corpus_file("en", "us-uslm", "USLM-2_0-Review-Guide-v2_0_12-clean.docx"))
    assert changes.tracked_changes and not clean.tracked_changes
    assert texts(changes) == texts(clean)
    headings = [x.label for x in changes.paragraphs if x.style.startswith("heading")]
    assert headings[:6] == ["1", "2", "3", "4", "5", "6"]
    assert "6.1.2.1" in headings


def test_missing_relationships_fall_back_to_conventional_parts(tmp_path: Path) -> None:
    good = build_docx(tmp_path / "a.docx", [p(text="x", num=1)], numbering=vn_numbering())
    path = rezip(good, tmp_path / "norels.docx", drop=["word/_rels/document.xml.rels"])
    assert [x.text for x in read(path).paragraphs] == ["Điều 1. x"]
