"""Rebuild ``examples/ho-so-du-thao/``: a fictional drafting dossier, written for genderlens.

The dossier is what an appraising body receives under LGE 2006 Art. 21-22: the draft
decree, its gender-mainstreaming report and the summary of consultation comments. It is
built to show every answer the dossier review gives:

* the draft has two differential provisions: Điều 3 khoản 2 (health checks every six
  months for women, twelve for men), which the report justifies with survey figures,
  and Điều 4 khoản 2 (a lower age limit for women on night shifts), which nothing in the
  dossier explains;
* the report names the gender issue with figures by sex, forecasts the impact on women
  and men, assigns responsibility and funding - but still concludes that the draft
  "không có quy định phân biệt đối xử về giới", and cites an "Điều 8" from an earlier,
  longer version of the draft;
* the consultation summary records the comments of the Women's Union and of the
  gender-equality agency and the drafter's answers.

Run from the repository root: ``python examples/make_dossier.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.docx_fixtures import build_docx, p, table  # noqa: E402

OUT = ROOT / "examples" / "ho-so-du-thao"
TITLE = "QUY ĐỊNH ĐIỀU KIỆN LÀM VIỆC TRONG KHO LẠNH CỦA CƠ SỞ CHẾ BIẾN THỦY SẢN"


def header(issuer: str, number: str, stamp: str = "") -> list[str]:
    rows = [[issuer, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], [number, "Độc lập - Tự do - Hạnh phúc"]]
    if stamp:
        rows.append(["", stamp])
    return [table(rows)]


def draft() -> list[str]:
    return [
        *header("CHÍNH PHỦ", "Số: …/2027/NĐ-CP", "Dự thảo 3"),
        p(text="NGHỊ ĐỊNH"),
        p(text=TITLE),
        p(text="Căn cứ Luật Tổ chức Chính phủ;"),
        p(text="Căn cứ Bộ luật Lao động;"),
        p(text="Theo đề nghị của Bộ trưởng Bộ Nông nghiệp và Môi trường;"),
        p(text="Chính phủ ban hành Nghị định quy định điều kiện làm việc trong kho lạnh của "
               "cơ sở chế biến thủy sản."),
        p(text="Điều 1. Phạm vi điều chỉnh"),
        p(text="Nghị định này quy định điều kiện làm việc, khám sức khỏe và bố trí ca làm việc "
               "của người lao động làm việc trong kho lạnh của cơ sở chế biến thủy sản."),
        p(text="Điều 2. Nguyên tắc"),
        p(text="Nam, nữ bình đẳng về cơ hội việc làm, tiền lương và điều kiện làm việc trong "
               "kho lạnh."),
        p(text="Điều 3. Khám sức khỏe định kỳ"),
        p(text="1. Người sử dụng lao động tổ chức khám sức khỏe định kỳ cho người lao động làm "
               "việc trong kho lạnh."),
        p(text="2. Lao động nữ được khám sức khỏe định kỳ 06 tháng một lần, lao động nam 12 "
               "tháng một lần."),
        p(text="Điều 4. Làm việc ca đêm"),
        p(text="1. Ca đêm trong kho lạnh không kéo dài quá 08 giờ."),
        p(text="2. Tuổi tối đa làm việc ca đêm trong kho lạnh là 55 tuổi đối với lao động nam "
               "và 50 tuổi đối với lao động nữ."),
        p(text="Điều 5. Trách nhiệm và kinh phí"),
        p(text="1. Sở Nông nghiệp và Môi trường chủ trì kiểm tra việc thực hiện Nghị định này."),
        p(text="2. Kinh phí kiểm tra được bố trí trong dự toán ngân sách nhà nước hằng năm."),
        p(text="Điều 6. Hiệu lực thi hành"),
        p(text="Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2028."),
        p(text="TM. CHÍNH PHỦ"),
    ]


def report() -> list[str]:
    return [
        *header("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Số: …/BC-BNNMT"),
        p(text="BÁO CÁO"),
        p(text="Lồng ghép vấn đề bình đẳng giới trong dự thảo Nghị định quy định điều kiện "
               "làm việc trong kho lạnh của cơ sở chế biến thủy sản"),
        p(text="1. Vấn đề giới trong lĩnh vực được điều chỉnh"),
        p(text="Lao động trong kho lạnh chủ yếu là phụ nữ: theo khảo sát năm 2025 của Bộ tại "
               "42 cơ sở, nữ chiếm 68% số người làm việc trong kho lạnh và chỉ 21% số tổ "
               "trưởng. Khoảng cách giới về thu nhập là 14%."),
        p(text="2. Dự báo tác động giới"),
        p(text="Quy định về khám sức khỏe tác động đến khoảng 9.000 lao động nữ và 4.200 lao "
               "động nam. Chi phí khám tăng thêm của người sử dụng lao động được ước tính là "
               "1,2 tỷ đồng mỗi năm; tác động đối với nam và nữ được theo dõi qua số liệu "
               "phân tổ theo giới tính."),
        p(text="3. Giải trình các quy định áp dụng khác nhau đối với nam và nữ"),
        p(text="Khoản 2 Điều 3 quy định chu kỳ khám sức khỏe 06 tháng đối với lao động nữ vì "
               "khảo sát năm 2025 cho thấy tỷ lệ mắc bệnh phụ khoa do làm việc lâu ở nhiệt độ "
               "thấp của lao động nữ cao gấp 3 lần mức chung; chu kỳ ngắn hơn nhằm phát hiện "
               "sớm bệnh nghề nghiệp và sẽ được rà soát sau 03 năm thực hiện."),
        p(text="Điều 8 về chế độ báo cáo đã bổ sung yêu cầu phân tổ số liệu theo giới tính."),
        p(text="4. Trách nhiệm và nguồn lực"),
        p(text="Sở Nông nghiệp và Môi trường chủ trì kiểm tra; kinh phí được bố trí trong dự "
               "toán ngân sách nhà nước hằng năm, không phát sinh biên chế mới."),
        p(text="5. Kết luận"),
        p(text="Dự thảo không có quy định phân biệt đối xử về giới và bảo đảm các nguyên tắc "
               "cơ bản về bình đẳng giới quy định tại Điều 6 Luật Bình đẳng giới."),
    ]


def consultation() -> list[str]:
    return [
        *header("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", ""),
        p(text="BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý"),
        p(text="dự thảo Nghị định quy định điều kiện làm việc trong kho lạnh của cơ sở chế "
               "biến thủy sản"),
        p(text="Dự thảo được lấy ý kiến các bộ, ngành, Hội Liên hiệp Phụ nữ Việt Nam và đăng "
               "tải trên Cổng thông tin điện tử của Chính phủ trong 60 ngày."),
        table([
            ["Cơ quan góp ý", "Nội dung góp ý", "Tiếp thu, giải trình"],
            ["Hội Liên hiệp Phụ nữ Việt Nam",
             "Đề nghị nêu rõ căn cứ của chu kỳ khám sức khỏe khác nhau cho lao động nữ và "
             "lao động nam.",
             "Tiếp thu: đã bổ sung số liệu khảo sát năm 2025 vào Báo cáo lồng ghép vấn đề "
             "bình đẳng giới."],
            ["Bộ Nội vụ (cơ quan quản lý nhà nước về bình đẳng giới)",
             "Đề nghị số liệu báo cáo về lao động trong kho lạnh được phân tổ theo giới tính.",
             "Tiếp thu, sẽ quy định trong văn bản hướng dẫn."],
            ["Phòng Thương mại và Công nghiệp Việt Nam",
             "Đề nghị giảm tần suất khám sức khỏe để giảm chi phí.",
             "Giải trình: giữ như dự thảo vì lý do bảo vệ sức khỏe người lao động."],
        ]),
    ]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, body, title in (
        ("du-thao-nghi-dinh.docx", draft(), "Dự thảo Nghị định (ví dụ)"),
        ("bao-cao-long-ghep-gioi.docx", report(), "Báo cáo lồng ghép giới (ví dụ)"),
        ("tong-hop-y-kien.docx", consultation(), "Tổng hợp ý kiến (ví dụ)"),
    ):
        build_docx(OUT / name, body, title=title, creator="genderlens examples")
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
