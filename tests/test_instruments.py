"""Files that hold several instruments, and drafts with no recognised structure.

Each fixture is a draft of the shape the issue describes (a decision and the
regulation it issues, a decree and its charter, a circular with annexes, an Act with a
Schedule, three laws in one file): every provision must be found, numbered from its
own instrument's Điều 1, checked, and cited so that a lawyer can tell the instruments
apart. Coverage and the reading warnings must say what was read.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import docx
import pytest

import genderlens
from genderlens.model import Document, Finding, Review
from genderlens.render import render

DECISION = """BỘ NỘI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/2030/QĐ-BNV
Hà Nội, ngày 5 tháng 3 năm 2030
QUYẾT ĐỊNH
Ban hành Quy chế tuyển dụng viên chức
BỘ TRƯỞNG BỘ NỘI VỤ
Căn cứ Luật Viên chức ngày 15 tháng 11 năm 2010;
Theo đề nghị của Vụ trưởng Vụ Tổ chức cán bộ,
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế tuyển dụng viên chức.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Vụ trưởng Vụ Tổ chức cán bộ chịu trách nhiệm thi hành Quyết định này.
Nơi nhận:
- Như Điều 3;
- Lưu: VT, TCCB.
BỘ TRƯỞNG
Nguyễn Văn A
QUY CHẾ
Tuyển dụng viên chức
(Ban hành kèm theo Quyết định số 12/2030/QĐ-BNV ngày 5 tháng 3 năm 2030 của Bộ trưởng Bộ Nội vụ)
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc tuyển dụng viên chức.
Điều 2. Điều kiện dự tuyển
1. Người dự tuyển phải có đủ sức khỏe.
2. Có bằng đại học trở lên.
3. Tuổi dự tuyển tối đa là 40 tuổi đối với nam và 35 tuổi đối với nữ.
Chương II
TỔ CHỨC TUYỂN DỤNG
Điều 3. Các trường hợp không tuyển dụng
Không tuyển dụng lao động nữ vào các vị trí lái xe.
"""

CIRCULAR = """BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 05/2030/TT-BLĐTBXH
THÔNG TƯ
HƯỚNG DẪN VỀ ĐÀO TẠO NGHỀ
Căn cứ Bộ luật Lao động ngày 20 tháng 11 năm 2019;
Bộ trưởng Bộ Lao động - Thương binh và Xã hội ban hành Thông tư hướng dẫn về đào tạo nghề.
Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn về đào tạo nghề.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực từ ngày 01 tháng 7 năm 2030.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
BỘ TRƯỞNG
Nguyễn Thị C
PHỤ LỤC I
ĐIỀU KIỆN THAM GIA KHÓA ĐÀO TẠO
(Ban hành kèm theo Thông tư số 05/2030/TT-BLĐTBXH)
Điều 1. Đối tượng
Người học từ đủ 18 tuổi trở lên.
Điều 2. Độ tuổi
1. Người học phải có sức khỏe phù hợp.
2. Tuổi tối đa là 45 tuổi đối với nam và 40 tuổi đối với nữ.
PHỤ LỤC II
MẪU ĐƠN ĐĂNG KÝ
(Ban hành kèm theo Thông tư số 05/2030/TT-BLĐTBXH)
Kính gửi: Cơ sở đào tạo nghề.
Tôi tên là: ............................................
Cơ sở không tuyển dụng lao động nữ vào lớp điều khiển máy xúc.
"""


def _law(number: str, name: str, body: str, preamble: bool = True) -> str:
    head = f"QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLuật số: {number}\nLUẬT\n{name}\n"
    if preamble:
        head += "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
    tail = (
        "Luật này đã được Quốc hội khóa XV, kỳ họp thứ 9 thông qua ngày 10 tháng 6 năm 2030.\n"
        "CHỦ TỊCH QUỐC HỘI\nTrần Văn B\n"
    )
    return head + body + tail


THREE_LAWS = (
    _law(
        "01/2030/QH15",
        "THỬ NGHIỆM MỘT",
        "Điều 1. Phạm vi điều chỉnh\nLuật này quy định về thử nghiệm một.\n"
        "Điều 2. Hiệu lực\nLuật này có hiệu lực từ ngày 01 tháng 01 năm 2031.\n",
    )
    + _law(
        "02/2030/QH15",
        "THỬ NGHIỆM HAI",
        "Điều 1. Đối tượng áp dụng\nLuật này áp dụng đối với người lao động.\n"
        "Điều 2. Tuổi nghỉ hưu\n"
        "Tuổi nghỉ hưu tối đa là 62 tuổi đối với lao động nam và 60 tuổi đối với lao động nữ.\n"
        "Điều 3. Hiệu lực\nLuật này có hiệu lực từ ngày ký.\n",
    )
    + _law(
        "03/2030/QH15",
        "THỬ NGHIỆM BA",
        "Điều 1. Phạm vi\nLuật này quy định về thử nghiệm ba.\n"
        "Điều 2. Tuyển dụng\nKhông tuyển dụng lao động nữ vào công việc lái xe.\n",
        preamble=False,
    )
)

ACT = """# Test Boards Act

## 1 Short title

This Act may be cited as the Test Boards Act.

## 2 Establishment

A board is established, to be composed of members appointed by the Minister.

## 3 Chairperson

The Minister shall designate one of the members as chairperson of the board.

## SCHEDULE

(Section 2)

### 1 Interpretation

In this Schedule, board means the board established by section 2.

### 2 Term of office

Each member holds office during good behaviour.

### 3 Absence

If the chairman is absent, the members may designate one of their number to act.
"""


def _findings(review: Review, category: str) -> list[Finding]:
    return [f for f in review.findings if f.category == category]


def _numbers(doc: Document, instrument: str | None) -> list[str]:
    return [
        a.number or ""
        for a in doc.articles()
        if a.locator.instrument == instrument
    ]


def _json_file(review: Review) -> dict:
    return json.loads(str(render(review, "json")))["files"][0]


# ------------------------------------------------------------ decision + regulation


def test_decision_and_attached_regulation_are_both_read(write) -> None:
    doc = genderlens.read(write("qd.txt", DECISION))
    assert _numbers(doc, None) == ["1", "2", "3"]
    assert _numbers(doc, "Quy chế") == ["1", "2", "3"]
    regulation = next(u for u in doc.units if u.kind == "instrument")
    assert regulation.locator.text == "Quy chế"
    assert "Ban hành kèm theo" in regulation.heading
    # The decision's signature block is only its own lines.
    signature = next(u for u in doc.units if u.kind == "signature")
    assert signature.text.splitlines() == [
        "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, TCCB.", "BỘ TRƯỞNG", "Nguyễn Văn A",
    ]
    # Same article numbers, different units: ids and citations tell them apart.
    ids = [a.id for a in doc.articles()]
    assert len(set(ids)) == len(ids)
    clause = next(u for u in doc.walk() if u.id == "instr_2__art_2__cl_3")
    assert clause.locator.text == "Quy chế, Điều 2 khoản 3"


def test_regulation_provisions_are_checked_and_cited_with_the_instrument(write) -> None:
    review = genderlens.review(write("qd.txt", DECISION))
    diff = _findings(review, "differential")
    assert [f.locator.text for f in diff] == ["Quy chế, Điều 2 khoản 3"]
    assert "40 tuổi đối với nam và 35 tuổi đối với nữ" in diff[0].quote
    excl = _findings(review, "exclusion")
    assert [(f.locator.text, f.quote) for f in excl] == [
        ("Quy chế, Điều 3", "Không tuyển dụng lao động nữ")
    ]
    entry = _json_file(review)
    located = [f["location"] for f in entry["findings"] if f["category"] == "differential"]
    assert located[0]["instrument"] == "Quy chế"
    assert located[0]["article"] == "2" and located[0]["clause"] == "3"
    # Main-instrument findings carry no instrument field (their JSON is unchanged).
    assert all("instrument" not in f["location"] for f in entry["findings"]
               if f["category"] == "omission")
    assert entry["coverage"]["instruments"] == ["Quy chế"]
    assert entry["coverage"]["body_share"] == 1.0
    assert set(entry["coverage"]["left_out"]) == {"header", "signature"}


def test_main_and_attached_article_fingerprints_differ(write) -> None:
    text = DECISION.replace(
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 2. Không tuyển dụng lao động nữ vào các vị trí lái xe.",
    ).replace("Điều 3. Các trường hợp không tuyển dụng\nKhông", "Điều 2. Trường hợp khác\nKhông")
    review = genderlens.review(write("qd2.txt", text))
    excl = _findings(review, "exclusion")
    assert sorted(f.locator.text for f in excl) == ["Quy chế, Điều 2", "Điều 2"]
    assert len({f.fingerprint for f in excl}) == 2


# ------------------------------------------------------------ decree + charter (.docx)


def _decree_docx(path: Path) -> Path:
    d = docx.Document()
    for line in (
        "CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 20/2030/NĐ-CP",
        "NGHỊ ĐỊNH", "BAN HÀNH ĐIỀU LỆ TỔ CHỨC VÀ HOẠT ĐỘNG CỦA QUỸ HỖ TRỢ VIỆC LÀM",
        "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
        "Chính phủ ban hành Nghị định ban hành Điều lệ tổ chức và hoạt động của Quỹ.",
        "Điều 1. Ban hành kèm theo Nghị định này Điều lệ tổ chức và hoạt động của Quỹ.",
        "Điều 2. Nghị định này có hiệu lực thi hành kể từ ngày ký.",
    ):
        d.add_paragraph(line)
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Nơi nhận:\n- Các bộ, cơ quan ngang bộ;\n- Lưu: VT."
    table.rows[0].cells[1].text = "TM. CHÍNH PHỦ\nTHỦ TƯỚNG\nNguyễn Văn D"
    for line in (
        "ĐIỀU LỆ",
        "TỔ CHỨC VÀ HOẠT ĐỘNG CỦA QUỸ HỖ TRỢ VIỆC LÀM",
        "(Ban hành kèm theo Nghị định số 20/2030/NĐ-CP của Chính phủ)",
        "Chương I", "NHỮNG QUY ĐỊNH CHUNG",
        "Điều 1. Địa vị pháp lý",
        "Quỹ là tổ chức tài chính nhà nước.",
        "Điều 2. Giám đốc Quỹ",
        "1. Giám đốc Quỹ do Bộ trưởng bổ nhiệm.",
        "2. Tuổi bổ nhiệm lần đầu tối đa là 55 tuổi đối với nam và 50 tuổi đối với nữ.",
        "Chương II", "TỔ CHỨC BỘ MÁY",
        "Điều 3. Nhân viên",
        "Quỹ không tuyển dụng lao động nữ vào vị trí bảo vệ.",
    ):
        d.add_paragraph(line)
    d.save(str(path))
    return path


def test_decree_and_charter_docx(tmp_path: Path) -> None:
    path = _decree_docx(tmp_path / "nd.docx")
    doc = genderlens.read(path)
    assert _numbers(doc, None) == ["1", "2"]
    assert _numbers(doc, "Điều lệ") == ["1", "2", "3"]
    signature = next(u for u in doc.units if u.kind == "signature")
    assert "Nguyễn Văn D" in signature.text and "Quỹ" not in signature.text
    review = genderlens.review(doc)
    assert [f.locator.text for f in _findings(review, "differential")] == [
        "Điều lệ, Điều 2 khoản 2"
    ]
    assert [f.locator.text for f in _findings(review, "exclusion")] == ["Điều lệ, Điều 3"]
    # .docx findings have no line: the citation alone locates them
    assert review.document.coverage is not None
    assert review.document.coverage.body_share == 1.0


# ------------------------------------------------------------ circular with annexes


def test_circular_annexes_with_and_without_articles(write) -> None:
    review = genderlens.review(write("tt.txt", CIRCULAR))
    doc = review.document
    assert [u.locator.text for u in doc.units if u.kind == "instrument"] == [
        "Phụ lục I", "Phụ lục II",
    ]
    assert _numbers(doc, None) == ["1", "2"]
    assert _numbers(doc, "Phụ lục I") == ["1", "2"]
    assert [f.locator.text for f in _findings(review, "differential")] == [
        "Phụ lục I, Điều 2 khoản 2"
    ]
    # An annex without articles is checked paragraph by paragraph, located by line.
    excl = _findings(review, "exclusion")
    assert [f.locator.text for f in excl] == ["Phụ lục II, đoạn 30 (dòng 30)"]
    assert excl[0].span is not None and excl[0].span.line == 30


# ------------------------------------------------------------ English Act + Schedule


def test_english_act_with_schedule(write) -> None:
    review = genderlens.review(write("act.md", ACT))
    doc = review.document
    assert _numbers(doc, None) == ["1", "2", "3"]
    assert _numbers(doc, "Schedule") == ["1", "2", "3"]
    chairman = [f for f in review.findings if f.quote == "chairman"]
    assert [f.locator.text for f in chairman] == ["Schedule, s. 3"]
    assert chairman[0].locator.instrument == "Schedule"
    assert _json_file(review)["coverage"]["instruments"] == ["Schedule"]


def test_markdown_saved_as_txt_is_structured_like_md(write) -> None:
    as_md = genderlens.read(write("act.md", ACT))
    as_txt = genderlens.read(write("act.txt", ACT))
    assert as_txt.format == "txt"
    assert [(u.id, u.locator.text) for u in as_txt.walk()] == [
        (u.id, u.locator.text) for u in as_md.walk()
    ]
    assert [p.anchor.line for p in as_txt.paragraphs] == [p.anchor.line for p in as_md.paragraphs]


# ------------------------------------------------------------ three laws in one file


def test_three_laws_in_one_file(write) -> None:
    review = genderlens.review(write("laws.txt", THREE_LAWS))
    doc = review.document
    names = [u.locator.text for u in doc.units if u.kind == "instrument"]
    assert names == ["Luật Thử nghiệm hai", "Luật Thử nghiệm ba"]
    assert _numbers(doc, None) == ["1", "2"]
    assert _numbers(doc, names[0]) == ["1", "2", "3"]
    assert _numbers(doc, names[1]) == ["1", "2"]
    assert [f.locator.text for f in _findings(review, "differential")] == [
        "Luật Thử nghiệm hai, Điều 2"
    ]
    assert [f.locator.text for f in _findings(review, "exclusion")] == [
        "Luật Thử nghiệm ba, Điều 2"
    ]
    signatures = [u for u in doc.walk() if u.kind == "signature"]
    assert len(signatures) == 3
    assert all(len(s.paragraphs) == 3 for s in signatures)


# ------------------------------------------------------------ no structure, no text

PLAIN = """Ghi nhớ về công tác tuyển dụng năm 2030

Phòng nhân sự thông báo kế hoạch tuyển dụng trong năm.

Ứng viên nộp hồ sơ trước ngày 30 tháng 6.

Không tuyển dụng lao động nữ vào vị trí bảo vệ kho.
"""


def test_text_without_articles_is_read_paragraph_by_paragraph(write) -> None:
    review = genderlens.review(write("plain.txt", PLAIN))
    doc = review.document
    assert [u.kind for u in doc.units] == ["paragraph"] * 4
    excl = _findings(review, "exclusion")
    assert [f.locator.text for f in excl] == ["đoạn 4 (dòng 7)"]
    assert [w.code for w in review.warnings] == ["no-provisions"]
    entry = _json_file(review)
    assert [w["code"] for w in entry["warnings"]] == ["no-provisions"]
    memo = render(review, "md")
    assert "Không nhận diện được điều, khoản nào" in memo
    html = render(review, "html")
    assert "Không nhận diện được điều, khoản nào" in html
    text = render(review, "text")
    assert "[no-provisions]" in text


def test_english_paragraph_locators(write) -> None:
    text = "Staffing note\n\nEach foreman shall report to the manager.\n"
    review = genderlens.review(write("note.txt", text), language="en")
    foreman = [f for f in review.findings if f.quote.lower() == "foreman"]
    assert [f.locator.text for f in foreman] == ["¶ 2 (line 3)"]


def test_document_without_text_says_so(tmp_path: Path) -> None:
    """No text at all is an unreadable input (exit 3, one line), never "0 errors"."""
    from genderlens.errors import InputError

    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    with pytest.raises(InputError, match="no text"):
        genderlens.review(path, language="vi")


def test_memo_reports_coverage_and_instruments(write, tmp_path: Path) -> None:
    review = genderlens.review(write("qd.txt", DECISION))
    memo = render(review, "md", memo_lang="en")
    assert "The checks read" in memo
    assert "besides the main one: Quy chế" in memo
    assert "Quy chế, Điều 2" in memo  # findings grouped under the instrument's article
    out = tmp_path / "memo.docx"
    out.write_bytes(render(review, "docx", memo_lang="en"))
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(t.startswith("The checks read") and "Quy chế" in t for t in texts)


def test_unstructured_text_is_linear(write) -> None:
    """A long text without articles becomes paragraph units, in linear time."""
    line = "Người lao động được hưởng chế độ theo quy định của pháp luật.\n\n"
    small = write("small.txt", line * 2000)
    big = write("big.txt", line * 8000)
    t0 = time.perf_counter()
    genderlens.read(small)
    t1 = time.perf_counter()
    doc = genderlens.read(big)
    t2 = time.perf_counter()
    assert len(doc.units) == 8000 and doc.units[-1].locator.text == "đoạn 8000 (dòng 15999)"
    # four times the text: well under sixteen times the time (quadratic would be 16x)
    assert (t2 - t1) < 8 * (t1 - t0) + 0.5


def test_prose_filed_as_signature_counts_as_unread() -> None:
    """Coverage trusts a reason only when the text looks like it: a regulation that
    ends up inside a signature block is reported, not hidden."""
    from genderlens.model import Anchor, Locator, Paragraph, Unit
    from genderlens.structure.coverage import measure, reading_warnings

    prose = "Tuổi dự tuyển tối đa là 40 tuổi đối với nam và 35 tuổi đối với nữ, " * 4
    texts = ["Điều 1. Phạm vi", "Nội dung của điều này.", "Nơi nhận:", prose]
    paras = [Paragraph(t, t, Anchor(line=i + 1)) for i, t in enumerate(texts)]
    article = Unit("article", "1", "Phạm vi", "\n".join(texts[:2]), Locator("Điều 1", article="1"),
                   "art_1", paragraphs=(0, 1))
    signature = Unit("signature", None, "", "\n".join(texts[2:]), Locator("Phần ký ban hành"),
                     "signature", paragraphs=(2, 3))
    doc = Document("x.txt", "txt", "vi", paras, units=[article, signature])
    cov = measure(doc)
    assert cov.left_out == {"signature": len("Nơi nhận:")}
    assert cov.body_share < 0.2
    assert [s.reason for s in cov.spans] == ["signature", "misfiled-signature"]
    warnings = reading_warnings(doc, cov)
    assert [w.code for w in warnings] == ["low-coverage"]


def test_related_provisions_after_schedules_belong_to_the_act(write) -> None:
    text = ACT + "\n## RELATED PROVISIONS\n\n— 2030, c. 5, s. 12\n\n" \
                 "“12 The chairman shall report to the Minister.”\n"
    doc = genderlens.read(write("act.md", text))
    related = doc.units[-1]
    assert related.kind == "annex" and related.locator.instrument is None
    assert [u.locator.instrument for u in related.walk() if u.kind == "article"] == [None]


def test_long_annex_without_articles_is_linear(write) -> None:
    line = "Người lao động được hưởng chế độ theo quy định của pháp luật.\n"
    head = CIRCULAR.split("PHỤ LỤC II")[0] + "PHỤ LỤC II\nMẪU BÁO CÁO\n"
    small = write("small.txt", head + line * 2000)
    big = write("big.txt", head + line * 8000)
    t0 = time.perf_counter()
    genderlens.read(small)
    t1 = time.perf_counter()
    doc = genderlens.read(big)
    t2 = time.perf_counter()
    annex = [u for u in doc.units if u.kind == "instrument"][-1]
    assert annex.locator.text == "Phụ lục II"
    assert sum(1 for u in annex.children if u.kind == "paragraph") == 8000
    assert (t2 - t1) < 8 * (t1 - t0) + 0.5


def test_reading_warnings_reach_sarif_and_github(write) -> None:
    review = genderlens.review(write("plain.txt", PLAIN))
    sarif = json.loads(str(render(review, "sarif")))
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert [n["descriptor"]["id"] for n in invocation["toolExecutionNotifications"]] == [
        "no-provisions"
    ]
    github = str(render(review, "github"))
    assert "title=genderlens no-provisions::" in github


def test_console_view_shows_warnings_and_coverage(write) -> None:
    from rich.console import Console

    from genderlens.render import print_review

    review = genderlens.review(write("plain.txt", PLAIN))
    console = Console(width=200, record=True, color_system=None)
    print_review(review, console, memo_lang="en")
    out = console.export_text()
    assert "No articles or sections were recognised" in out
    assert "The checks read 100% of the text" in out


def test_batch_summary_reports_coverage_and_reading_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli_runner import run_cli

    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "plain.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "drafts" / "qd.txt").write_text(DECISION, encoding="utf-8")
    code, _, err = run_cli(["review", "drafts", "-f", "json", "--output-dir", "out", "-j", "1",
                            "--fail-on", "never"], monkeypatch, capsys, tmp_path)
    assert code == 0, err
    summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    rows = {r["path"]: r for r in summary["files"]}
    assert rows["drafts/plain.txt"]["reading"] == ["no-provisions"]
    assert rows["drafts/qd.txt"]["reading"] == [] and rows["drafts/qd.txt"]["read"] == 1.0
    assert "(no-provisions)" in (tmp_path / "out" / "summary.md").read_text("utf-8")


def test_english_act_with_schedule_docx(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("Test Boards Act", level=1)
    for line in (
        "1 Short title", "This Act may be cited as the Test Boards Act.",
        "2 Establishment", "A board is established, composed of members appointed by the Minister.",
        "SCHEDULE", "(Section 2)",
        "1 Interpretation", "In this Schedule, board means the board established by section 2.",
        "2 Absence", "If the chairman is absent, the members may designate one of their number.",
    ):
        d.add_paragraph(line)
    path = tmp_path / "act.docx"
    d.save(str(path))
    review = genderlens.review(path, language="en")
    assert _numbers(review.document, None) == ["1", "2"]
    assert _numbers(review.document, "Schedule") == ["1", "2"]
    assert [f.locator.text for f in review.findings if f.quote == "chairman"] == [
        "Schedule, s. 2"
    ]
