"""Plain-text drafts: one paragraph per line, unless the text is wrapped at a width."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import genderlens
from genderlens.readers.text import hard_wrapped, split_lines, unwrapped_paragraphs
from genderlens.render import render

WRAPPED = (
    "Quy định này áp dụng cho\n"
    "lao động nữ làm việc trong\n"
    "các doanh nghiệp, và các\n"
    "chủ tịch hội đồng phải bảo đảm thiên\n"
    "chức của phụ nữ được tôn trọng.\n"
    "\n"
    "Người sử dụng lao động có trách nhiệm\n"
    "thực hiện quy định này.\n"
)

# A law written one paragraph per line: headings without a full stop, points in lower
# case, a directive, a sentence that ends on a colon.
LAW = (
    "LUẬT MẪU\n"
    "Điều 1. Phạm vi điều chỉnh\n"
    "Luật này quy định về lao động nữ và các điều kiện sau đây:\n"
    "a) lao động nữ được nghỉ thai sản\n"
    "b) lao động nam được nghỉ khi vợ sinh con\n"
    "<!-- genderlens-disable-next-line -->\n"
    "thiên chức của phụ nữ là chăm sóc gia đình.\n"
    "Điều 2. Hiệu lực\n"
    "Luật này có hiệu lực từ ngày ký.\n"
)


def test_wrapped_lines_are_read_as_the_paragraphs_they_make(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    assert hard_wrapped(split_lines(WRAPPED))
    doc = genderlens.read(path)
    assert [p.anchor.line for p in doc.paragraphs] == [1, 7]
    first = doc.paragraphs[0]
    assert first.raw == "\n".join(WRAPPED.split("\n")[:5])  # the source, line ends kept
    assert first.text == first.raw.replace("\n", " ")  # one sentence to check
    assert [u.locator.text for u in doc.walk()] == ["đoạn 1 (dòng 1–5)", "đoạn 2 (dòng 7–8)"]


def test_a_phrase_across_a_line_end_is_found_on_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    review = genderlens.review(path)
    [stereotype] = [f for f in review.findings if f.category == "stereotype"]
    assert stereotype.quote == "thiên chức của phụ nữ"  # "thiên" ends line 4
    assert (stereotype.span.line, stereotype.span.column) == (4, 32)
    line4 = WRAPPED.split("\n")[3]
    assert line4[stereotype.span.column - 1:] == "thiên"
    sarif = json.loads(render(review, "sarif"))
    region = next(r for r in sarif["runs"][0]["results"]
              if r["ruleId"] == stereotype.rule)["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 32)
    assert region["snippet"]["text"] == "thiên\nchức của phụ nữ"
    # the quote ends on the next line: "chức của phụ nữ" is its first 15 characters
    assert (region["endLine"], region["endColumn"]) == (5, 16)
    assert (stereotype.span.end_line, stereotype.span.end_column) == (5, 16)
    from genderlens.render.github import annotation

    assert ",line=4,col=32,endLine=5,endColumn=16," in annotation("wrapped.txt", stereotype)


def test_a_law_written_a_paragraph_per_line_keeps_its_lines(tmp_path: Path) -> None:
    assert not hard_wrapped(split_lines(LAW))
    path = tmp_path / "law.txt"
    path.write_text(LAW, encoding="utf-8")
    doc = genderlens.read(path)
    assert [p.raw for p in doc.paragraphs] == LAW.strip("\n").split("\n")
    review = genderlens.review(path)
    [stereotype] = [f for f in review.findings if f.category == "stereotype"]
    assert (stereotype.span.line, stereotype.span.column) == (7, 1)


def test_list_items_and_directives_are_never_joined_to_the_line_above() -> None:
    text = ("các trường hợp\nsau đây gồm\na) lao động nữ\nđ) người lao\nđộng nam\n"
            "<!-- genderlens-disable -->\nthiên chức của\nphụ nữ\n- gạch đầu dòng\n")
    raws = [p.raw for p in unwrapped_paragraphs(split_lines(text))]
    assert raws == ["các trường hợp\nsau đây gồm", "a) lao động nữ", "đ) người lao\nđộng nam",
                    "<!-- genderlens-disable -->", "thiên chức của\nphụ nữ", "- gạch đầu dòng"]


def test_a_law_wrapped_at_a_width_reads_as_the_law(tmp_path: Path) -> None:
    """A law saved from a PDF at 40 columns: its articles, clauses and points are the
    same as written a paragraph per line, and a line that goes on with a capital ("Việt
    / Nam", a name) is joined, so "Nam" does not read as a rule for men."""
    law = (
        "LUẬT MẪU\n"
        "Điều 1. Phạm vi điều chỉnh\n"
        "1. Luật này quy định về quyền của công dân nước Cộng hòa xã hội chủ nghĩa Việt "
        "Nam được đăng ký tàu biển và các điều kiện sau đây:\n"
        "a) tàu biển được đăng ký tại cơ quan đăng ký tàu biển của Bộ Giao thông vận tải "
        "theo quy định của Chính phủ;\n"
        "b) chủ tàu có trụ sở tại Việt Nam.\n"
        "2. Lao động nữ được nghỉ thai sản theo quy định của pháp luật về bảo hiểm xã hội "
        "và lao động nam được nghỉ khi vợ sinh con theo quy định của Chính phủ.\n"
        "Điều 2. Hiệu lực\n"
        "Luật này có hiệu lực từ ngày ký ban hành và áp dụng cho mọi tổ chức, cá nhân.\n"
    )
    wrapped = "\n".join("\n".join(textwrap.wrap(line, 40)) for line in law.splitlines())
    assert "Việt\nNam được" in wrapped
    assert hard_wrapped(split_lines(wrapped)) and not hard_wrapped(split_lines(law))
    (tmp_path / "law.txt").write_text(law, encoding="utf-8")
    (tmp_path / "wrapped.txt").write_text(wrapped, encoding="utf-8")
    one, other = genderlens.review(tmp_path / "law.txt"), genderlens.review(tmp_path / "wrapped.txt")
    assert [(u.kind, u.id) for u in one.document.walk()] == [
        (u.kind, u.id) for u in other.document.walk()]
    assert [p.text for p in one.document.paragraphs] == [
        p.text for p in other.document.paragraphs]
    assert [(f.rule, f.quote) for f in one.findings] == [(f.rule, f.quote) for f in other.findings]


def test_which_wrapped_lines_go_on_from_the_line_above() -> None:
    from genderlens.readers.text import _continues

    long = 40.0  # the line above is as long as the text's wrapped lines
    goes_on = [
        ("quyền của công dân nước Cộng hòa xã hội chủ nghĩa Việt", "Nam được đăng ký"),
        ("a citizen under any of paragraphs (1)(b), (c.1), (e), (g) to (j) and", "(o) to (r)"),
        ("A person who would not become a citizen under paragraph (1)(b),", "(g) or (h) for"),
        ("the Minister may designate a person for the purposes of subsection", "(2) of the Act"),
        ("theo quy định tại khoản 1 Điều 5 của Luật này và các văn bản", "2019 của Quốc hội"),
    ]
    new_block = [
        ("CHƯƠNG II QUYỀN, TRÁCH NHIỆM CỦA CÔNG ĐOÀN VÀ ĐOÀN VIÊN", "Mục 1. QUYỀN"),
        ("QUYỀN, TRÁCH NHIỆM CỦA CÔNG ĐOÀN VÀ ĐOÀN VIÊN CÔNG ĐOÀN", "Nhà nước bảo đảm"),
        ("the following persons are eligible to apply for the grant,", "(a) a resident"),
        ("Luật này quy định về các điều kiện sau đây:", "a) lao động nữ"),
        ("người lao động được hưởng các chế độ theo quy định sau đây", "1. Lao động nữ"),
        ("theo quy định của pháp luật về bảo hiểm xã hội", "Điều 5. Hiệu lực"),
        ("The Minister may make regulations", "12 The Governor in Council may"),
    ]
    for prev, line in goes_on:
        assert _continues(prev, line, long), (prev, line)
    for prev, line in new_block:
        assert not _continues(prev, line, long), (prev, line)
    assert not _continues("a short heading", "Nam được đăng ký")  # not at the width
