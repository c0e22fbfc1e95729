"""A checklist written only from ``checklists/README.md`` (gender-based-violence
provisions) loads, its examples pass, and it finds what it should in the 2007 Law on
Domestic Violence Prevention and Control.

It stays a fixture rather than a built-in: on the whole corpus its conditional items also
fire on laws that mention victims of domestic violence in passing (the 2012 Law on Legal
Dissemination and Education, Art. 19), where "no protection orders" is not a finding a
reviewer would keep.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import genderlens
from genderlens.check.examples import run_examples
from genderlens.check.loader import load_checklist, validate_files
from tests.conftest import corpus_path

GBV = Path(__file__).parent / "checklists" / "gbv-provisions.yaml"


def test_gbv_checklist_is_valid_next_to_the_builtins() -> None:
    assert validate_files([GBV]) == {str(GBV): []}
    checklist = load_checklist(GBV)
    assert [i.status for i in checklist.items] == [
        "conditional", "conditional", "conditional", "flag-if-found", "human"
    ]


def test_gbv_examples_pass() -> None:
    results = list(run_examples([load_checklist(GBV)]))
    assert len(results) == 10
    assert [r.rule for r in results if not r.ok] == []


@pytest.mark.corpus
def test_gbv_checklist_on_the_domestic_violence_law() -> None:
    law = corpus_path(
        "vi", "laws-txt", "Luat-phong-chong-bao-luc-gia-dinh-2007-02-2007-QH12-59647.txt"
    )
    review = genderlens.review(law, checklists=[load_checklist(GBV)])
    status = {r.item: r.status for r in review.items}
    assert status == {
        "gbv-01-sexual-violence-covered": "met",  # Art. 2(1)(đ) cưỡng ép quan hệ tình dục
        "gbv-02-protection-orders": "met",  # Art. 19-21 cấm tiếp xúc
        "gbv-03-confidentiality": "met",  # Art. 5(1)(d) giữ bí mật về nơi tạm lánh
        "gbv-04-mediation-in-violence": "flagged",
        "gbv-05-retaliation": "needs-review",
    }
    [finding] = [f for f in review.findings if f.item == "gbv-04-mediation-in-violence"]
    # Art. 17(1): sanctions only after grassroots mediation failed; Art. 12(7)'s
    # "Không hòa giải …" exception is cancelled by the detector's `unless`.
    assert finding.locator.article == "17" and "hòa giải" in finding.quote
