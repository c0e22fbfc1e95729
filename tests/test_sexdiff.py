"""The shapes of sex-specific provisions (DESIGN.md §4), one line each."""

from __future__ import annotations

import unicodedata

import pytest

from genderlens.check.sexdiff import classify
from genderlens.check.values import quantities


@pytest.mark.parametrize(
    "text",
    [
        "Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên được kết hôn.",
        "Tuổi nghỉ hưu là đủ 62 tuổi đối với lao động nam và đủ 60 tuổi đối với lao động nữ.",
        "Nam từ đủ hai mươi tuổi, nữ từ đủ mười tám tuổi.",
        "Lao động nam được nghỉ 05 ngày, lao động nữ được nghỉ 07 ngày.",
        "Mức đóng là 8% đối với nam và 6% đối với nữ.",
        "Tuổi tối đa của người lái xe là 50 tuổi đối với nữ và 55 tuổi đối với nam.",
        "Công dân nam từ đủ 18 tuổi đến hết 45 tuổi, công dân nữ từ đủ 18 tuổi đến hết 40 tuổi.",
        "Phụ nữ mang thai hoặc nuôi con dưới 36 tháng tuổi; nam giới một mình nuôi con dưới 36 tháng tuổi.",
        "Công dân nam có nghĩa vụ tham gia; công dân nữ tham gia nếu tự nguyện.",
        "Lao động nữ có đủ 15 năm đóng bảo hiểm xã hội thì được hưởng lương hưu.",
        "Thời gian công tác tối thiểu là ba năm đối với người chồng và hai năm đối với người vợ.",
    ],
)
def test_vietnamese_differential(text: str) -> None:
    c = classify(text, "vi")
    assert c is not None and c.category == "differential", c


@pytest.mark.parametrize(
    "text",
    [
        "Nam, nữ đủ 18 tuổi được tham gia.",
        "Nam đủ 18 tuổi, nữ đủ 18 tuổi được tham gia.",
        "Công dân Việt Nam từ đủ 18 tuổi trở lên, không phân biệt nam, nữ, được tuyển chọn.",
        "Người lao động ở miền Nam được nghỉ 10 ngày; lao động nữ mang thai được nghỉ thêm 10 ngày.",
        "Nam, nữ bình đẳng về tuổi nghỉ hưu; tuổi nghỉ hưu là 62 tuổi.",
        "Công dân Việt Nam đủ 18 tuổi có quyền bầu cử.",
        "Tỉnh Hà Nam có 6 đơn vị hành chính cấp huyện và 05 năm xây dựng.",
    ],
)
def test_vietnamese_not_differential(text: str) -> None:
    c = classify(text, "vi")
    assert c is None or c.category != "differential", c


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Lao động nữ mang thai từ tháng thứ 07 không làm ca đêm.", "protective"),
        ("Lao động nam khi vợ sinh con được nghỉ việc hưởng chế độ thai sản.", "protective"),
        ("Bảo đảm tỷ lệ nữ ít nhất 35% trong danh sách ứng cử.", "special-measure"),
        ("Phụ nữ nghèo khi sinh con được hỗ trợ.", "protective"),
        ("Các biện pháp thúc đẩy bình đẳng giới bao gồm:", "special-measure"),
    ],
)
def test_vietnamese_classified(text: str, category: str) -> None:
    c = classify(text, "vi")
    assert c is not None and c.category == category, c


def test_decomposed_and_old_tone_placement() -> None:
    text = "Nam đủ 62 tuổi, nữ đủ 60 tuổi thì được nghỉ hưu; thủ tục hoà giải."
    nfd = unicodedata.normalize("NFD", text)
    assert classify(unicodedata.normalize("NFC", nfd), "vi") is not None


@pytest.mark.parametrize(
    "text",
    [
        "The pension age is 65 years of age for men and 60 years of age for women.",
        "A widow receives 60 per cent of the pension and a widower receives 40 per cent.",
        "Men may retire at sixty-five years, women at sixty years.",
    ],
)
def test_english_differential(text: str) -> None:
    c = classify(text, "en")
    assert c is not None and c.category == "differential", c


@pytest.mark.parametrize(
    "text",
    [
        "Women and men may retire at 65 years of age.",
        "Every person, man or woman, who is 18 years of age may vote.",
    ],
)
def test_english_not_differential(text: str) -> None:
    c = classify(text, "en")
    assert c is None or c.category != "differential", c


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("đủ 62 tuổi và 03 tháng", [(62, "age"), (3, "month")]),
        ("dưới ba mươi sáu tháng tuổi", [(36, "month")]),
        ("ít nhất ba mươi lăm phần trăm", [(35, "percent")]),
        ("vào năm 2028 trong 05 năm", [(2028, ""), (5, "year")]),
    ],
)
def test_vietnamese_quantities(text: str, values: list[tuple[int, str]]) -> None:
    assert [(q.value, q.unit) for q in quantities(text, "vi")] == values


def test_a_phrase_in_two_lists_keeps_both_labels() -> None:
    from genderlens.check.matching import PhraseIndex

    index = PhraseIndex("vi", {"obligation": ["có nghĩa vụ"], "entitlement": ["có nghĩa vụ"],
                               "other": ["nghĩa vụ"]})
    hits = index.find("Công dân nam có nghĩa vụ tham gia.")
    assert sorted(h.label for h in hits) == ["entitlement", "obligation"]
