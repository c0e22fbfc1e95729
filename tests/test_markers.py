"""One line per marker case: what opens a unit and what does not."""

from __future__ import annotations

import pytest

from genderlens.model import Anchor, Paragraph
from genderlens.structure.markers import classify_en, classify_vi


@pytest.mark.parametrize(
    ("line", "kind", "number", "heading"),
    [
        ("Điều 4. Giải thích từ ngữ", "article", "4", "Giải thích từ ngữ"),
        ("Điều 4 Giải thích từ ngữ", "article", "4", "Giải thích từ ngữ"),
        ("Điều 4", "article", "4", ""),
        ("Điều  12a.\tSửa đổi", "article", "12a", "Sửa đổi"),
        ("ĐIỀU 7. PHẠM VI", "article", "7", "PHẠM VI"),
        ("Điều 13: Nguyên tắc", "article", "13", "Nguyên tắc"),
        ("Chương I", "chapter", "I", ""),
        ("CHƯƠNG II. QUY ĐỊNH CHUNG", "chapter", "II", "QUY ĐỊNH CHUNG"),
        ("Chương 1:", "chapter", "1", ""),
        ("Mục 1. GIAO KẾT HỢP ĐỒNG", "section", "1", "GIAO KẾT HỢP ĐỒNG"),
        ("Tiểu mục 2. CẦM CỐ TÀI SẢN", "subsection_group", "2", "CẦM CỐ TÀI SẢN"),
        ("Phần thứ hai", "part", "thứ hai", ""),
        ("PHẦN THỨ BA", "part", "thứ ba", ""),
        ("1. Người lao động là người làm việc", "clause", "1", ""),
        ("12. Nội dung", "clause", "12", ""),
        ("2- Không được sử dụng", "clause", "2", ""),
        ("a) Nam đủ 20 tuổi", "point", "a", ""),
        ("Điều 8.2.LQ.1. Phạm vi điều chỉnh", "article", "8.2.LQ.1", "Phạm vi điều chỉnh"),
        ("Điều 8.2.NĐ.1.1. Phạm vi", "article", "8.2.NĐ.1.1", "Phạm vi"),
        ("đ) Trường hợp khác", "point", "đ", ""),
    ],
)
def test_vietnamese_markers(line: str, kind: str, number: str, heading: str) -> None:
    m = classify_vi(line)
    assert m is not None
    assert (m.kind, m.number, m.heading) == (kind, number, heading)


@pytest.mark.parametrize(
    "line",
    [
        "Điều 5 của Luật này được sửa đổi như sau:",
        "Điều 13 được sửa đổi, bổ sung như sau:",
        "Điều 37 và điểm đ khoản 1 Điều 38;",
        "Mục đích của giao dịch dân sự là lợi ích",
        "Chương trình và tài liệu họp phải được gửi",
        "Mục 1 Chương XI của Bộ luật này",
        "100.000 đồng",
        "2019. Năm",
        "Việt Nam là quốc gia",
        "Nam từ đủ 20 tuổi trở lên",
        "Điều 29. Lựa chọn nhà thầu trong trường hợp đặc biệt\t25",
        "Điều 3. Giải thích từ ngữ ........ 4",
    ],
)
def test_vietnamese_non_markers(line: str) -> None:
    m = classify_vi(line)
    assert m is None or m.kind not in ("article", "chapter", "section"), m


def _p(text: str, kind: str = "body") -> Paragraph:
    return Paragraph(text, text, Anchor(line=1), kind=kind)


@pytest.mark.parametrize(
    ("text", "kind_in", "kind", "number", "heading"),
    [
        ("12 Definitions", "heading", "article", "12", "Definitions"),
        (
            "2.1 Designation of beneficiary",
            "heading",
            "article",
            "2.1",
            "Designation of beneficiary",
        ),
        ("Part II", "heading", "part", "II", ""),
        ("PART 3 — Offences", "body", "part", "3", "Offences"),
        ("Division 1", "heading", "section", "1", ""),
        ("Article 5 Equal treatment", "heading", "article", "5", "Equal treatment"),
        ("(1) The Minister may", "body", "clause", "1", ""),
        ("(1.1) The Superintendent shall", "body", "clause", "1.1", ""),
        ("(a) receive applications", "list", "point", "a", ""),
        ("(d.1) issue directives", "list", "point", "d.1", ""),
        ("(A) a clause", "list", "subpoint", "A", ""),
    ],
)
def test_english_markers(text: str, kind_in: str, kind: str, number: str, heading: str) -> None:
    m = classify_en(_p(text, kind_in))
    assert m is not None
    assert (m.kind, m.number, m.heading) == (kind, number, heading)


@pytest.mark.parametrize(
    "text",
    ["Interpretation", "Section 5 of the Act applies", "(**enfants**) children"],
)
def test_english_non_markers(text: str) -> None:
    m = classify_en(_p(text, "heading" if text == "Interpretation" else "body"))
    assert m is None
