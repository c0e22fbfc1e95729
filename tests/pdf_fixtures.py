"""Small PDFs written byte by byte for the reader's tests.

Each page is a list of ``(x, y, text)`` lines set in Helvetica (WinAnsi: ASCII text
only; Vietnamese PDFs come from LibreOffice in the corpus tests), or ``None`` for an
image-only page such as a scanner writes. The cross-reference table is exact, so
every PDF reader opens these without repair.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

Line = tuple[float, float, str] | tuple[float, float, str, float]
# (x0, y, x1): a horizontal line (a footnote separator); (x0, y0, x1, y1): any line
Rule = tuple[float, float, float] | tuple[float, float, float, float]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(pages: Sequence[Sequence[Line] | None], size: float = 11,
              rules: Sequence[Sequence[Rule]] = ()) -> bytes:
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    image = add(b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace "
                b"/DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length "
                + str(len(zlib.compress(b"\x80" * 64))).encode() + b" >>\nstream\n"
                + zlib.compress(b"\x80" * 64) + b"\nendstream")
    kids = []
    for number, page in enumerate(pages):
        if page is None:
            content = b"q 500 0 0 700 50 50 cm /Im1 Do Q"
        else:
            ops = []
            for line in page:
                x, y, t = line[0], line[1], line[2]
                s = line[3] if len(line) > 3 else size
                ops.append(f"BT /F1 {s} Tf {x:.1f} {y:.1f} Td ({_escape(t)}) Tj ET")
            for rule in rules[number] if number < len(rules) else ():
                x0, y0, x1 = rule[0], rule[1], rule[2]
                y1 = rule[3] if len(rule) > 3 else y0
                ops.append(f"0.5 w {x0:.1f} {y0:.1f} m {x1:.1f} {y1:.1f} l S")
            content = "\n".join(ops).encode("cp1252")
        stream = add(b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n"
                     + content + b"\nendstream")
        kids.append(add(
            f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 595 842] /Contents {stream} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> /XObject << /Im1 {image} 0 R >> >> >>"
            .encode()))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    objects[tree - 1] = (f"<< /Type /Pages /Count {len(kids)} /Kids ["
                         + " ".join(f"{k} 0 R" for k in kids) + "] >>").encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return bytes(out)


def write_pdf(path: Path, pages: Sequence[Sequence[Line] | None], size: float = 11,
              rules: Sequence[Sequence[Rule]] = ()) -> Path:
    path.write_bytes(pdf_bytes(pages, size, rules))
    return path


def law_pages() -> list[list[Line]]:
    """Two pages of an English Act: a running header, page numbers, indented sections,
    a paragraph that wraps (with a hyphenated word) and one continued on page 2."""
    header = (250, 800, "Draft Equality Act")
    p1 = [
        header,
        (72, 740, "1 Short title"),
        (90, 720, "This Act may be cited as the Equality Act."),
        (72, 690, "2 Duties of the Minister"),
        (90, 670, "(1) The Minister must publish a report every year on the appli-"),
        (72, 656, "cation of this Act to women and men in the public service and"),
        (72, 642, "the report must be laid before Parliament."),
        (90, 620, "(2) The report must include statistics disaggregated by sex and"),
        (72, 606, "by age group for every department and agency that employs more"),
        (72, 592, "than fifty persons in the year to which the report relates, and also"),
        (290, 30, "1"),
    ]
    p2 = [
        header,
        (72, 760, "for the previous year."),
        (72, 730, "3 Commencement"),
        (90, 710, "This Act comes into force on a day fixed by order."),
        (290, 30, "2"),
    ]
    return [p1, p2]
