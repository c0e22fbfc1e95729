"""Small .odt and .html files written for the readers' tests, and the Office packages
that pretend to be a .docx."""

from __future__ import annotations

import zipfile
from pathlib import Path

ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"'
)
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"

# "Điều %1%." / "%2%." / "%3%)" as LibreOffice writes a Word law's numbering.
LAW_LIST_STYLE = (
    '<text:list-style style:name="L1">'
    '<text:list-level-style-number text:level="1" style:num-prefix="Điều " '
    'style:num-suffix="." style:num-format="1"/>'
    '<text:list-level-style-number text:level="2" style:num-suffix="." style:num-format="1"/>'
    '<text:list-level-style-number text:level="3" style:num-suffix=")" style:num-format="a"/>'
    "</text:list-style>"
)


def content_xml(body: str, automatic_styles: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS} '
        f'office:version="1.3"><office:automatic-styles>{automatic_styles}'
        f"</office:automatic-styles><office:body><office:text>{body}</office:text>"
        "</office:body></office:document-content>"
    )


def build_odt(path: Path, body: str, *, styles: str = "", mimetype: str = ODT_MIMETYPE,
              extra: dict[str, str | bytes] | None = None, content: str | None = None) -> Path:
    """An .odt as LibreOffice writes it: ``mimetype`` first and stored, then XML parts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content if content is not None else content_xml(body))
        z.writestr("styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles '
                   f"{ODT_NS}><office:styles>{styles}</office:styles></office:document-styles>")
        z.writestr("META-INF/manifest.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                   '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                   f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
                   "</manifest:manifest>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def law_odt_body() -> str:
    """A Vietnamese law as LibreOffice writes a converted Word file: auto-numbered
    articles, clauses and points in one list that continues across lists, a table,
    a footnote and a tracked deletion."""
    return (
        '<text:p>LUẬT BÌNH ĐẲNG GIỚI</text:p>'
        '<text:h text:outline-level="1">Chương I</text:h>'
        '<text:list xml:id="l1" text:style-name="L1"><text:list-item>'
        "<text:p>Phạm vi điều chỉnh</text:p>"
        "<text:list><text:list-item><text:p>Luật này quy định về bình đẳng giới"
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>Chú thích của người soạn.</text:p></text:note-body>"
        "</text:note>.</text:p></text:list-item>"
        "<text:list-item><text:p>Nam, nữ<text:s/>bình<text:s text:c=\"2\"/>đẳng"
        "<text:change text:change-id=\"c1\"/>.</text:p>"
        "<text:list><text:list-item><text:p>điểm thứ nhất;</text:p></text:list-item>"
        "<text:list-item><text:p>điểm thứ hai.</text:p></text:list-item></text:list>"
        "</text:list-item></text:list></text:list-item></text:list>"
        '<text:p>Đoạn không đánh số.</text:p>'
        '<text:list text:style-name="L1" text:continue-numbering="true"><text:list-item>'
        "<text:p>Giải thích từ ngữ</text:p></text:list-item></text:list>"
        '<table:table table:name="T1"><table:table-row><table:table-cell>'
        "<text:p>Nam: 60 tuổi</text:p></table:table-cell><table:table-cell>"
        "<text:p>Nữ: 55 tuổi</text:p></table:table-cell></table:table-row></table:table>"
        '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
        "<text:p>văn bản đã xoá</text:p></text:deletion></text:changed-region>"
        "</text:tracked-changes>"
    )


CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="{target}"/></Relationships>'
)


def office_package(path: Path, main: str, content_type: str, body: str) -> Path:
    """A zip that Office would open by its content types: one main part of the given type."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   f'<?xml version="1.0"?><Types xmlns="{CT_NS}"><Default Extension="rels" '
                   'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   f'<Override PartName="/{main}" ContentType="{content_type}"/></Types>')
        z.writestr("_rels/.rels", _RELS.format(target=main))
        z.writestr(main, body)
    return path


W_DOC = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
         'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
         "</w:body></w:document>")
