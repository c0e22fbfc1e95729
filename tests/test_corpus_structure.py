"""Structure on the real laws of ../shared/corpus (skipped when the corpus is absent).

The article count is checked against an independent count of heading lines; numbering
gaps are allowed only where the source file itself lacks the heading line (listed
below with the reason, verified by reading the files).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from pathlib import Path

import pytest

import genderlens
from tests.conftest import corpus_files, corpus_path

pytestmark = pytest.mark.corpus

VI_TXT = corpus_files("vi/laws-txt", "*.txt")
VI_DOCX = corpus_files("vi/laws-docx", "*.docx")
CANADA = corpus_files("en/canada-acts-md", "*/*.md")

# Heading lines that are missing from the source text, so the numbering jumps there.
SOURCE_GAPS: dict[str, list[tuple[int, int]]] = {
    # "Điều 47" has no heading line: its text follows Điều 46 directly.
    "Luat-Bau-cu-dai-bieu-Quoc-hoi-va-dai-bieu-Hoi-dong-nhan-dan-2015-282376.txt": [(46, 48)],
    # The labels README notes the heading lines of Điều 12 and 13 are missing.
    "Luat-Binh-dang-gioi-2006-73-2006-QH11-15866.txt": [(11, 14)],
    # Heading lines of Điều 4 and 29 are missing from the file.
    "Luat-Giao-dich-dien-tu-2005-51-2005-QH11-6922.txt": [(3, 5), (28, 30)],
    # Several heading lines are absent (the text runs on without them).
    "Luat-trung-mua-trung-dung-tai-san-2008-15-2008-QH12-66950.txt": [
        (5, 9),
        (9, 12),
        (14, 16),
        (32, 34),
    ],
}

_HEADING = re.compile(r"^[ \t]*(?:Điều|ĐIỀU|Ðiều)[ \t]+(\d+[a-zđ]?)(?:[ \t]*\.|[ \t]*$)")


def independent_article_numbers(path: Path) -> list[str]:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig"))
    return [m.group(1) for line in text.splitlines() if (m := _HEADING.match(line))]


def gaps(numbers: list[str]) -> list[tuple[int, int]]:
    ints = [int(re.match(r"\d+", n).group()) for n in numbers]  # type: ignore[union-attr]
    return [(a, b) for a, b in itertools.pairwise(ints) if b != a + 1 and b != a]


@pytest.mark.parametrize("path", VI_TXT, ids=lambda p: p.name[:40])
def test_vi_txt_articles_match_independent_count(path: Path) -> None:
    doc = genderlens.read(path)
    found = [a.number for a in doc.articles()]
    assert found == independent_article_numbers(path)
    assert gaps(found) == SOURCE_GAPS.get(path.name, [])
    assert len(found) == len(set(found)), "repeated article numbers"
    assert doc.language == "vi"


@pytest.mark.parametrize(
    "path", [p for p in VI_TXT if p.name not in SOURCE_GAPS], ids=lambda p: p.name[:40]
)
def test_vi_txt_clauses_and_points_are_numbered_in_order(path: Path) -> None:
    doc = genderlens.read(path)
    for art in doc.articles():
        clauses = [c.number for c in art.children if c.kind == "clause"]
        nums = [int(re.match(r"\d+", c).group()) for c in clauses]  # type: ignore[union-attr]
        # clause numbers never go backwards inside an article (amendments are quoted)
        assert nums == sorted(nums), (art.locator.text, clauses)


def test_labour_code_structure() -> None:
    path = corpus_path("vi/laws-txt/Bo-Luat-lao-dong-2019-333670.txt")
    doc = genderlens.read(path)
    assert len(doc.articles()) == 220
    art169 = next(a for a in doc.articles() if a.number == "169")
    assert art169.heading == "Tuổi nghỉ hưu"
    assert [c.number for c in art169.children] == ["1", "2", "3", "4", "5"]
    assert "Kể từ năm 2021" in art169.children[1].text
    assert doc.metadata["number"] == "45/2019/QH14"
    # Article 219 amends other laws: the quoted articles stay quoted.
    quoted = [u for u in doc.walk() if u.quoted and u.kind == "article"]
    assert quoted and all(u.locator.quoted_in for u in quoted)


def _canada_sections(path: Path) -> list[str]:
    nums = []
    in_details = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^## (RELATED PROVISIONS|AMENDMENTS NOT IN FORCE)\s*$", line, re.I):
            break  # provisions of the amending Acts, not of this Act
        if line.startswith("<details"):
            in_details = True
        elif line.startswith("</details"):
            in_details = False
        elif not in_details and (m := re.match(r"^#{2,6} (\d+(?:\.\d+)*[A-Z]?)\b", line)):
            nums.append(m.group(1))
    return nums


@pytest.mark.parametrize("path", CANADA, ids=lambda p: p.name[:40])
def test_canadian_sections(path: Path) -> None:
    doc = genderlens.read(path)
    assert doc.language == "en"
    found = [a.number for a in doc.articles()]
    assert found == _canada_sections(path)


def test_canadian_subsections_and_paragraphs() -> None:
    doc = genderlens.read(
        corpus_path("en/canada-acts-md/generic_he/B-3-bankruptcy-and-insolvency-act.md")
    )
    s5 = next(a for a in doc.articles() if a.number == "5")
    assert [c.number for c in s5.children][:6] == ["1", "1.1", "2", "3", "4", "5"]
    sub4 = next(c for c in s5.children if c.number == "4")
    assert [p.number for p in sub4.children][:5] == ["a", "b", "c", "d", "d.1"]
    b = sub4.children[1]
    assert [s.number for s in b.children] == ["i", "ii"]
    assert b.children[1].locator.text == "s. 5(4)(b)(ii)"
