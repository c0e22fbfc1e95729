"""Rebuild ``examples/du-thao-nghi-dinh.docx`` (a fictional Vietnamese draft decree).

The draft is written for genderlens (no real text): articles, clauses and points are
numbered by Word's automatic numbering (articles through a paragraph style, clauses
and points directly), one table holds values per sex, and one sentence is a tracked
insertion, so the example exercises what real drafts do. Run from the repository root:
``python examples/make_examples.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.docx_fixtures import (  # noqa: E402
    abstract_num,
    build_docx,
    ins,
    level,
    num,
    numbering_xml,
    p,
    paragraph_style,
    r,
    table,
)

ARTICLE = "Dieu"


def art(heading: str) -> str:
    return p(text=heading, style=ARTICLE)


def clause(text: str) -> str:
    return p(text=text, num=1, ilvl=1)


def point(text: str) -> str:
    return p(text=text, num=1, ilvl=2)


def body() -> list[str]:
    return [
        table([["BỘ LAO ĐỘNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
               ["Số: …/2026/NĐ-CP", "Hà Nội, ngày 15 tháng 12 năm 2026"]]),
        p(text="DỰ THẢO"),
        p(text="NGHỊ ĐỊNH"),
        p(text="QUY ĐỊNH VỀ ĐIỀU KIỆN LÀM VIỆC TẠI CƠ SỞ CHẾ BIẾN THỦY SẢN VEN BIỂN"),
        p(text="Căn cứ Luật Tổ chức Chính phủ;"),
        p(text="Căn cứ Bộ luật Lao động;"),
        p(text="Chính phủ ban hành Nghị định quy định về điều kiện làm việc tại cơ sở chế biến thủy sản ven biển."),
        p(text="Chương I"),
        p(text="QUY ĐỊNH CHUNG"),
        art("Phạm vi điều chỉnh"),
        p(text="Nghị định này quy định điều kiện làm việc, tuyển dụng và bảo vệ người lao động tại các cơ sở chế biến thủy sản ven biển."),
        art("Nguyên tắc"),
        clause("Nam, nữ bình đẳng về cơ hội việc làm, tiền lương và điều kiện làm việc."),
        clause("Cơ sở chế biến không được phân biệt đối xử về giới trong tuyển dụng."),
        p(text="Chương II"),
        p(text="TUYỂN DỤNG VÀ SỬ DỤNG LAO ĐỘNG"),
        art("Độ tuổi làm việc"),
        clause("Độ tuổi làm việc tại dây chuyền cấp đông được quy định như sau:"),
        table([["Nhóm lao động", "Tuổi tối thiểu", "Tuổi tối đa"],
               ["Lao động nam", "18 tuổi", "60 tuổi"],
               ["Lao động nữ", "18 tuổi", "55 tuổi"]]),
        clause("Thời gian thử việc là 30 ngày đối với lao động nam và 45 ngày đối với lao động nữ."),
        art("Công việc không sử dụng lao động nữ"),
        clause("Cơ sở không được sử dụng lao động nữ làm công việc bốc xếp hàng trên tàu cá."),
        clause("Lao động nữ được bố trí công việc nhẹ nhàng, phù hợp với thiên chức của phụ nữ."),
        art("Bảo vệ thai sản"),
        p(r("Lao động nữ mang thai từ tháng thứ 07 không phải làm ca đêm"),
          ins(r(" và được giảm 01 giờ làm việc hằng ngày")), r(".")),
        art("Hội đồng an toàn lao động"),
        clause("Mỗi cơ sở thành lập Hội đồng an toàn lao động gồm đại diện người sử dụng lao động và người lao động."),
        clause("Bảo đảm tỷ lệ nữ ít nhất 30% trong Hội đồng an toàn lao động."),
        art("Chế độ báo cáo"),
        clause("Cơ sở chế biến báo cáo số liệu thống kê về lao động và tai nạn lao động hằng năm."),
        clause("Cơ sở có quy chế phòng, chống quấy rối tình dục tại nơi làm việc và xử lý khiếu nại."),
        p(text="Chương III"),
        p(text="ĐIỀU KHOẢN THI HÀNH"),
        art("Hiệu lực thi hành"),
        p(text="Nghị định này có hiệu lực từ ngày 01 tháng 7 năm 2027."),
        p(text="Nơi nhận:"),
        p(text="- Các bộ, cơ quan ngang bộ;"),
        p(text="TM. CHÍNH PHỦ"),
    ]


def main() -> None:
    numbering = numbering_xml(
        abstract_num(
            1,
            level(0, "decimal", "Điều %1.", pstyle=ARTICLE),
            level(1, "decimal", "%2.", restart=0 + 1),
            level(2, "lowerLetter", "%3)"),
        ),
        num(1, 1),
    )
    out = ROOT / "examples" / "du-thao-nghi-dinh.docx"
    build_docx(out, body(), numbering=numbering,
               styles=[paragraph_style(ARTICLE, "Điều", num=1, ilvl=0)],
               title="Dự thảo Nghị định (ví dụ)", creator="genderlens examples")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
