"""Small .docx files written for the reader's tests.

python-docx gives a real Word package (styles, numbering part, core properties); the
body, numbering definitions, notes and headers are then replaced or added as raw
WordprocessingML, because the traps under test (tracked insertions, content controls,
text boxes, automatic numbering) are exactly what python-docx's API cannot write.

Builders return XML strings so that a test reads like the XML Word would write.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = {
    "w": W_NS,
    "r": R_NS,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}
NSDECL = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
W = f"{{{W_NS}}}"

_REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_BASE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

_AUTHOR = 'w:author="Reviewer" w:date="2024-05-01T10:00:00Z"'


# ------------------------------------------------------------------ inline XML


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def r(text: str = "", *, inner: str = "", rpr: str = "") -> str:
    """A run with ``text`` (and/or raw ``inner`` XML after it)."""
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f"<w:r>{rpr_xml}{t(text) if text else ''}{inner}</w:r>"


def ins(*runs: str, rid: int = 1) -> str:
    """A tracked insertion (accepted by the reader)."""
    return f'<w:ins w:id="{rid}" {_AUTHOR}>{"".join(runs)}</w:ins>'


def dele(text: str, rid: int = 2) -> str:
    """A tracked deletion: the run holds w:delText, never w:t."""
    return (
        f'<w:del w:id="{rid}" {_AUTHOR}><w:r>'
        f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
    )


def move_from(text: str, rid: int = 3) -> str:
    return (
        f'<w:moveFrom w:id="{rid}" {_AUTHOR}><w:r>'
        f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:moveFrom>'
    )


def move_to(text: str, rid: int = 4) -> str:
    return f'<w:moveTo w:id="{rid}" {_AUTHOR}>{r(text)}</w:moveTo>'


def hyperlink(text: str) -> str:
    return f'<w:hyperlink w:anchor="x" w:history="1">{r(text)}</w:hyperlink>'


def smart_tag(text: str) -> str:
    uri = "urn:schemas-microsoft-com:office:smarttags"
    return f'<w:smartTag w:uri="{uri}" w:element="place">{r(text)}</w:smartTag>'


def inline_sdt(text: str) -> str:
    return (
        '<w:sdt><w:sdtPr><w:alias w:val="Name"/><w:id w:val="11"/></w:sdtPr>'
        f"<w:sdtContent>{r(text)}</w:sdtContent></w:sdt>"
    )


def field(code: str, result: str) -> str:
    """A complex field: the code (w:instrText) is hidden, the result is shown."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(code)}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{r(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def simple_field(code: str, result: str) -> str:
    return f"<w:fldSimple w:instr={quoteattr(code)}>{r(result)}</w:fldSimple>"


def footnote_ref(note_id: int) -> str:
    return (
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'
    )


def endnote_ref(note_id: int) -> str:
    return f'<w:r><w:endnoteReference w:id="{note_id}"/></w:r>'


def text_box(*paragraphs: str) -> str:
    """A floating text box as Word 2010+ writes it: the wps shape in mc:Choice and the
    same content again as VML in mc:Fallback (readers must not read it twice)."""
    content = "".join(paragraphs)
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:extent cx="100" cy="100"/><wp:docPr id="1" name="Box"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape id="b1"><v:textbox>'
        f"<w:txbxContent>{content}</w:txbxContent>"
        "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def vml_text_box(*paragraphs: str) -> str:
    """A legacy (Word 2003) VML text box, no AlternateContent."""
    return (
        '<w:r><w:pict><v:shape id="b2"><v:textbox><w:txbxContent>'
        f"{''.join(paragraphs)}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )


# ------------------------------------------------------------------- block XML


def p(
    *content: str,
    text: str | None = None,
    style: str | None = None,
    num: int | None = None,
    ilvl: int | None = None,
    mark: str = "",
) -> str:
    """A paragraph. ``text`` is a convenience for one plain run; ``content`` is raw
    inline XML; ``num``/``ilvl`` write a direct w:numPr (either may be omitted);
    ``mark`` is raw XML for the paragraph mark's w:rPr (e.g. a w:del)."""
    ppr = ""
    if style is not None:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None or ilvl is not None:
        ppr += "<w:numPr>"
        if ilvl is not None:
            ppr += f'<w:ilvl w:val="{ilvl}"/>'
        if num is not None:
            ppr += f'<w:numId w:val="{num}"/>'
        ppr += "</w:numPr>"
    if mark:
        ppr += f"<w:rPr>{mark}</w:rPr>"
    body = (r(text) if text is not None else "") + "".join(content)
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{body}</w:p>"


def deleted_mark(rid: int = 9) -> str:
    return f'<w:del w:id="{rid}" {_AUTHOR}/>'


def tc(*blocks: str) -> str:
    inner = "".join(blocks) or "<w:p/>"
    return f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{inner}</w:tc>'


def tr(*cells: str, deleted: bool = False) -> str:
    trpr = f'<w:trPr><w:del w:id="20" {_AUTHOR}/></w:trPr>' if deleted else ""
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


def tbl(*rows: str) -> str:
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>{"".join(rows)}</w:tbl>'
    )


def table(cells: Sequence[Sequence[str]]) -> str:
    """A table from plain cell texts (one paragraph each)."""
    return tbl(*(tr(*(tc(p(text=c)) for c in row)) for row in cells))


def block_sdt(*blocks: str) -> str:
    return (
        '<w:sdt><w:sdtPr><w:alias w:val="Clause"/><w:id w:val="12"/></w:sdtPr>'
        f"<w:sdtContent>{''.join(blocks)}</w:sdtContent></w:sdt>"
    )


def custom_xml(*blocks: str) -> str:
    return f'<w:customXml w:uri="urn:x" w:element="clause">{"".join(blocks)}</w:customXml>'


# ------------------------------------------------------------------- numbering


def level(
    ilvl: int,
    fmt: str = "decimal",
    text: str | None = None,
    start: int = 1,
    *,
    restart: int | None = None,
    legal: bool = False,
    pstyle: str | None = None,
) -> str:
    lvl_text = text if text is not None else f"%{ilvl + 1}."
    extra = ""
    if restart is not None:
        extra += f'<w:lvlRestart w:val="{restart}"/>'
    if pstyle is not None:
        extra += f'<w:pStyle w:val="{pstyle}"/>'
    if legal:
        extra += "<w:isLgl/>"
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'{extra}<w:lvlText w:val={quoteattr(lvl_text)}/><w:lvlJc w:val="left"/></w:lvl>'
    )


def abstract_num(aid: int, *levels: str, style_link: str | None = None) -> str:
    link = f'<w:numStyleLink w:val="{style_link}"/>' if style_link else ""
    return f'<w:abstractNum w:abstractNumId="{aid}">{link}{"".join(levels)}</w:abstractNum>'


def num(
    num_id: int, aid: int, starts: dict[int, int] | None = None, lvls: Iterable[str] = ()
) -> str:
    """A w:num; ``starts`` maps level -> w:startOverride, ``lvls`` are raw
    w:lvlOverride elements with a full level."""
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
        for k, v in (starts or {}).items()
    )
    head = f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>'
    return f"{head}{overrides}{''.join(lvls)}</w:num>"


def numbering_xml(*items: str) -> str:
    """A numbering part: abstractNums must come before nums, as in Word."""
    abstracts = [i for i in items if i.startswith("<w:abstractNum")]
    nums = [i for i in items if not i.startswith("<w:abstractNum")]
    return f"<w:numbering {NSDECL}>{''.join(abstracts)}{''.join(nums)}</w:numbering>"


VN_LAW_LEVELS = (
    level(0, "decimal", "Điều %1."),
    level(1, "decimal", "%2."),
    level(2, "lowerLetter", "%3)"),
)


def paragraph_style(
    style_id: str,
    name: str | None = None,
    *,
    based_on: str | None = None,
    num: int | None = None,
    ilvl: int | None = None,
) -> str:
    ppr = ""
    if num is not None or ilvl is not None:
        ppr = "<w:pPr><w:numPr>"
        if ilvl is not None:
            ppr += f'<w:ilvl w:val="{ilvl}"/>'
        if num is not None:
            ppr += f'<w:numId w:val="{num}"/>'
        ppr += "</w:numPr></w:pPr>"
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name or style_id}"/>{based}{ppr}</w:style>'
    )


def numbering_style(style_id: str, num: int) -> str:
    """A list (numbering) style, the target of a w:numStyleLink."""
    return (
        f'<w:style w:type="numbering" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{style_id}"/>'
        f'<w:pPr><w:numPr><w:numId w:val="{num}"/></w:numPr></w:pPr></w:style>'
    )


# ----------------------------------------------------------------------- notes


def note(kind: str, note_id: int, *paragraphs: str, note_type: str | None = None) -> str:
    typ = f' w:type="{note_type}"' if note_type else ""
    return f'<w:{kind}{typ} w:id="{note_id}">{"".join(paragraphs)}</w:{kind}>'


def note_paragraph(kind: str, text: str) -> str:
    """A note's paragraph as Word writes it: the reference mark, a space, the text."""
    mark = "footnoteRef" if kind == "footnote" else "endnoteRef"
    return p(f"<w:r><w:{mark}/></w:r>", r(" " + text))


def notes_xml(kind: str, *notes: str, separators: bool = True) -> str:
    seps = ""
    if separators:
        seps = note(kind, -1, "<w:p><w:r><w:separator/></w:r></w:p>", note_type="separator") + note(
            kind, 0, "<w:p><w:r><w:continuationSeparator/></w:r></w:p>",
            note_type="continuationSeparator",
        )  # fmt: skip
    return f"<w:{kind}s {NSDECL}>{seps}{''.join(notes)}</w:{kind}s>"


# --------------------------------------------------------------------- package


def _add_rel(rels: etree._Element, rtype: str, target: str) -> str:
    used = {el.get("Id") for el in rels}
    n = 1
    while f"rId{n}" in used:
        n += 1
    rid = f"rId{n}"
    el = etree.SubElement(rels, f"{{{_PKG_REL_NS}}}Relationship")
    el.set("Id", rid)
    el.set("Type", f"{_REL_BASE}/{rtype}")
    el.set("Target", target)
    return rid


def _add_override(types: etree._Element, part: str, content_type: str) -> None:
    for el in list(types):
        if el.get("PartName") == f"/{part}":
            types.remove(el)
    el = etree.SubElement(types, f"{{{_CT_NS}}}Override")
    el.set("PartName", f"/{part}")
    el.set("ContentType", content_type)


def build_docx(
    path: Path,
    body: str | Sequence[str],
    *,
    numbering: str | None = None,
    styles: Sequence[str] = (),
    footnotes: str | None = None,
    endnotes: str | None = None,
    header: str | None = None,
    footer: str | None = None,
    comments: str | None = None,
    title: str | None = "Draft law",
    creator: str | None = "Drafting committee",
) -> Path:
    """Write a .docx whose body is ``body`` (block-level XML strings) and return path.

    ``numbering`` replaces word/numbering.xml; ``styles`` are w:style elements added to
    word/styles.xml; notes, header, footer and comments are whole part XML (header and
    footer may also be given as paragraph XML, which gets wrapped).
    """
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    if creator is not None:
        document.core_properties.author = creator
    buf = io.BytesIO()
    document.save(buf)
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin:
        for name in zin.namelist():
            parts[name] = zin.read(name)

    doc_root = etree.fromstring(parts["word/document.xml"])
    body_el = doc_root.find(W + "body")
    assert body_el is not None
    sect = body_el.find(W + "sectPr")
    for child in list(body_el):
        body_el.remove(child)
    blocks = body if isinstance(body, str) else "".join(body)
    fragment = etree.fromstring(f"<w:body {NSDECL}>{blocks}</w:body>")
    for child in list(fragment):
        body_el.append(child)
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    types = etree.fromstring(parts["[Content_Types].xml"])

    if numbering is not None:
        parts["word/numbering.xml"] = numbering.encode("utf-8")
    if styles:
        st_root = etree.fromstring(parts["word/styles.xml"])
        for xml in styles:
            st_root.append(etree.fromstring(xml.replace("<w:style ", f"<w:style {NSDECL} ", 1)))
        parts["word/styles.xml"] = etree.tostring(st_root, xml_declaration=True, encoding="UTF-8")

    def add_part(name: str, xml: str, rtype: str, ctype: str) -> str:
        parts[f"word/{name}"] = xml.encode("utf-8")
        _add_override(types, f"word/{name}", f"{_CT_BASE}.{ctype}")
        return _add_rel(rels, rtype, name)

    if footnotes is not None:
        add_part("footnotes.xml", footnotes, "footnotes", "footnotes+xml")
    if endnotes is not None:
        add_part("endnotes.xml", endnotes, "endnotes", "endnotes+xml")
    if comments is not None:
        add_part("comments.xml", comments, "comments", "comments+xml")
    refs = ""
    if header is not None:
        xml = header if header.startswith("<w:hdr") else f"<w:hdr {NSDECL}>{header}</w:hdr>"
        rid = add_part("header1.xml", xml, "header", "header+xml")
        refs += f'<w:headerReference {NSDECL} w:type="default" r:id="{rid}"/>'
    if footer is not None:
        xml = footer if footer.startswith("<w:ftr") else f"<w:ftr {NSDECL}>{footer}</w:ftr>"
        rid = add_part("footer1.xml", xml, "footer", "footer+xml")
        refs += f'<w:footerReference {NSDECL} w:type="default" r:id="{rid}"/>'
    if sect is not None:
        for ref in reversed(etree.fromstring(f"<x {NSDECL}>{refs}</x>")):
            sect.insert(0, ref)
        body_el.append(sect)

    parts["word/document.xml"] = etree.tostring(doc_root, xml_declaration=True, encoding="UTF-8")
    parts["word/_rels/document.xml.rels"] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8"
    )
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return path


def rezip(
    src: Path, dst: Path, *, replace: dict[str, bytes] | None = None, drop: Iterable[str] = ()
) -> Path:
    """Copy a package, replacing or dropping members (for corrupting fixtures)."""
    replace = dict(replace or {})
    dropped = set(drop)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in dropped:
                continue
            data = replace.pop(info.filename, None)
            zout.writestr(info.filename, data if data is not None else zin.read(info))
        for name, data in replace.items():
            zout.writestr(name, data)
    return dst


def part_root(path: Path, part: str = "word/document.xml") -> etree._Element:
    """Parse one part of a written package (to check anchors against the XML)."""
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))
