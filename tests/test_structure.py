"""Structure from small drafts written here: every trap of DESIGN.md §4 that concerns
the hierarchy has a case."""

from __future__ import annotations

import json
import unicodedata

import genderlens
from genderlens.render.outline import outline_dict

VI_DRAFT = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 12/2026/NĐ-CP
Hà Nội, ngày 5 tháng 3 năm 2026
NGHỊ ĐỊNH
QUY ĐỊNH VỀ THỬ NGHIỆM
Căn cứ Luật Tổ chức Chính phủ;
Chính phủ ban hành Nghị định quy định về thử nghiệm.
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về thử nghiệm.
Điều 2
Đối tượng áp dụng
1. Cơ quan nhà nước.
2. Tổ chức, cá nhân có liên quan:
a) Doanh nghiệp;
b) Hợp tác xã;
c) Hộ gia đình;
d) Cá nhân;
đ) Tổ chức khác.
Điều 3 của Nghị định này không áp dụng cho hộ kinh doanh.
CHƯƠNG II. ĐIỀU KHOẢN THI HÀNH
Mục 1. SỬA ĐỔI
Điều 3. Sửa đổi Nghị định số 1/2020/NĐ-CP
1. Điều 7 được sửa đổi như sau:
“Điều 7. Điều kiện
1. Nam đủ 20 tuổi.
2. Nữ đủ 18 tuổi.”
2. Bãi bỏ khoản 3 Điều 9.
Ðiều 4. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày ký.
Nơi nhận:
- Các bộ;
TM. CHÍNH PHỦ
PHỤ LỤC I
Bảng biểu mẫu
"""


def test_vietnamese_hierarchy(write) -> None:
    doc = genderlens.read(write("nd.txt", VI_DRAFT))
    assert doc.language == "vi"
    assert [a.number for a in doc.articles()] == ["1", "2", "3", "4"]
    art2 = doc.articles()[1]
    assert art2.heading == "Đối tượng áp dụng"
    assert [c.number for c in art2.children] == ["1", "2"]
    points = art2.children[1].children
    assert [p.number for p in points] == ["a", "b", "c", "d", "đ"]
    assert points[4].locator.text == "Điều 2 khoản 2 điểm đ"
    assert points[4].locator.fields() == {
        "part": None,
        "chapter": "I",
        "section": None,
        "article": "2",
        "clause": "2",
        "point": "đ",
        "subpoint": None,
    }
    # A sentence starting with a reference is text of the point before it, not an article.
    assert "Điều 3 của Nghị định này" in points[4].text


def test_vietnamese_front_and_back_matter(write) -> None:
    doc = genderlens.read(write("nd.txt", VI_DRAFT))
    kinds = [u.kind for u in doc.units]
    assert kinds[:2] == ["title", "preamble"]
    assert "signature" in kinds and kinds[-1] == "instrument"
    # The annex is an instrument of its own; the signature keeps only its own lines.
    annex = doc.units[-1]
    assert annex.locator.text == "Phụ lục I"
    signature = next(u for u in doc.units if u.kind == "signature")
    assert signature.text.splitlines() == ["Nơi nhận:", "- Các bộ;", "TM. CHÍNH PHỦ"]
    assert doc.title == "NGHỊ ĐỊNH QUY ĐỊNH VỀ THỬ NGHIỆM"
    assert doc.metadata["number"] == "12/2026/NĐ-CP"
    assert doc.metadata["date"] == "2026-03-05"
    assert doc.metadata["issuer"] == "CHÍNH PHỦ"
    chapters = [u for u in doc.units if u.kind == "chapter"]
    assert [(c.number, c.heading) for c in chapters] == [
        ("I", "NHỮNG QUY ĐỊNH CHUNG"),
        ("II", "ĐIỀU KHOẢN THI HÀNH"),
    ]


def test_quoted_articles_belong_to_the_amended_law(write) -> None:
    doc = genderlens.read(write("nd.txt", VI_DRAFT))
    art3 = doc.articles()[2]
    assert art3.locator.section == "1" and art3.locator.chapter == "II"
    host = art3.children[0]
    quoted = [u for u in host.walk() if u.quoted]
    assert [u.kind for u in quoted] == ["article", "clause", "clause"]
    assert quoted[0].locator.article == "7"
    assert quoted[0].locator.quoted_in == "Điều 3 khoản 1"
    assert quoted[1].locator.text == "Điều 7 khoản 1 (trích trong Điều 3 khoản 1)"
    # The host's numbering goes on after the quotation.
    assert [c.number for c in art3.children] == ["1", "2"]
    # Icelandic eth (legacy encodings) still opens an article.
    assert doc.articles()[3].heading == "Hiệu lực thi hành"


def test_decomposed_text_is_normalised_with_offsets(write) -> None:
    nfd = unicodedata.normalize("NFD", VI_DRAFT)
    doc = genderlens.read(write("nfd.txt", nfd))
    assert [a.number for a in doc.articles()] == ["1", "2", "3", "4"]
    para = next(p for p in doc.paragraphs if p.text.startswith("Điều 1."))
    assert para.raw != para.text and unicodedata.normalize("NFC", para.raw) == para.text
    from genderlens.normalize import source_offset

    i = para.text.index("Phạm")
    j = source_offset(para.raw, i)
    assert unicodedata.normalize("NFC", para.raw[j : j + 6]).startswith("Phạm")


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed vowels, combining tone marks."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
            out += base.encode("cp1258") + "".join(c for c in d if c in _TONES).encode("cp1258")
    return out


def test_encodings(write, tmp_path) -> None:
    text = "Điều 1. Phạm vi\n1. Nữ giới và nam giới.\n"
    for name, data in {
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "u16.txt": text.encode("utf-16"),
        "win.txt": _cp1258(text),
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        doc = genderlens.read(path)
        assert doc.articles()[0].children[0].text == "1. Nữ giới và nam giới.", name


ENGLISH_MD = """---
title: "Draft Equal Access Regulation"
type: regulation
---

# Draft Equal Access Regulation

## Part 1 General

### 1 Interpretation

(1) In this Regulation, **applicant** means a person who applies.

**Application**

(2) This subsection applies where
  - (a) the applicant is resident;
  - (h) the eighth case;
  - (i) the ninth case, namely
    - (i) the first subcase,
    - (ii) the second subcase.

## Part 2 Duties

### 2 Duty of the Minister

The Minister shall report.
"""


def test_english_hierarchy(write) -> None:
    doc = genderlens.read(write("reg.md", ENGLISH_MD))
    assert doc.language == "en"
    assert doc.title == "Draft Equal Access Regulation"
    assert doc.metadata["type"] == "regulation"
    parts = [u for u in doc.units if u.kind == "part"]
    assert [p.number for p in parts] == ["1", "2"]
    s1 = parts[0].children[0]
    assert (s1.kind, s1.number, s1.heading) == ("article", "1", "Interpretation")
    sub2 = s1.children[1]
    assert sub2.heading == "Application"
    assert [p.number for p in sub2.children] == ["a", "h", "i"]
    assert [s.number for s in sub2.children[2].children] == ["i", "ii"]
    assert sub2.children[2].children[1].locator.text == "s. 1(2)(i)(ii)"
    assert sub2.children[2].locator.text == "s. 1(2)(i)"
    # front matter is metadata, never provision text
    assert all("type: regulation" not in p.text for p in doc.paragraphs)


def test_outline_json_contract(write) -> None:
    doc = genderlens.read(write("reg.md", ENGLISH_MD))
    data = json.loads(json.dumps(outline_dict(doc)))
    unit = data["units"][1]["children"][0]
    assert set(unit) >= {"kind", "number", "heading", "locator", "length", "children"}
    assert set(unit["locator"]) >= {
        "text",
        "part",
        "chapter",
        "section",
        "article",
        "clause",
        "point",
        "subpoint",
    }
    assert unit["locator"]["article"] == "1" and unit["locator"]["part"] == "1"


def test_language_override(write) -> None:
    doc = genderlens.read(write("x.txt", "Điều 1. Phạm vi\n"), language="en")
    assert doc.language == "en"


def test_index_after_the_text_is_not_more_articles(write) -> None:
    md = "# Bộ pháp điển\n\nĐiều 8.2.LQ.1. Phạm vi\n\nNội dung.\n\nĐiều 8.2.LQ.2. Đối tượng\n\n" \
         "## Danh sách điều khoản\n\nĐiều 8.2.LQ.1. Phạm vi Nội dung.\n"
    doc = genderlens.read(write("pd.md", md))
    assert [a.number for a in doc.articles()] == ["8.2.LQ.1", "8.2.LQ.2"]
    # An index repeats the articles: it is not checked again, and coverage says why.
    assert doc.units[-1].kind == "toc"
    assert doc.coverage is not None and "table-of-contents" in doc.coverage.left_out


def test_eu_style_articles_with_numbered_paragraphs(write) -> None:
    text = ("Article 1\nSubject matter\n1. This Regulation lays down rules.\n"
            "2. It applies to employers, who shall report.\n(a) the first case;\n"
            "Article 2\nDefinitions\n1. For the purposes of this Regulation:\n")
    doc = genderlens.read(write("eu.txt", text), language="en")
    arts = doc.articles()
    assert [a.number for a in arts] == ["1", "2"]
    assert [c.number for c in arts[0].children] == ["1", "2"]
    assert arts[0].heading == "Subject matter"
    assert arts[0].children[1].children[0].locator.text == "Art. 1(2)(a)"
