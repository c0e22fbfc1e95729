"""Reviews cross process boundaries (batch workers, the data cache) as pickles."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import genderlens
from genderlens import model
from genderlens.check import spec
from genderlens.check.loader import builtin_checklists

DRAFT = (
    "LUẬT MẪU\n"
    "Điều 1. Phạm vi\n"
    "1. Lao động nữ được nghỉ hưu ở tuổi 55.\n"
    "2. Lao động nam được nghỉ hưu ở tuổi 60.\n"
    "Điều 2. Tuyển dụng\n"
    "Chỉ tuyển nam giới vào vị trí này; thiên chức của phụ nữ là chăm sóc gia đình.\n"
)


def test_a_review_comes_back_from_a_pickle_equal_to_itself(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text(DRAFT, encoding="utf-8")
    review = genderlens.review(path)
    assert review.findings
    back = pickle.loads(pickle.dumps(review, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.findings == review.findings and back.items == review.items
    assert back.document.units == review.document.units
    assert list(back.document.paragraphs) == list(review.document.paragraphs)
    assert back.document.coverage == review.document.coverage
    assert back.checklists == review.checklists and back.warnings == review.warnings


def test_checklists_come_back_from_a_pickle_equal_to_themselves() -> None:
    lists = builtin_checklists()
    assert pickle.loads(pickle.dumps(lists, protocol=pickle.HIGHEST_PROTOCOL)) == lists


def test_model_dataclasses_pickle_as_constructor_calls() -> None:
    """Every dataclass of the model and the checklist spec (a new one too) pickles as a
    call of its constructor, the fast path batch results and the data cache rely on."""
    for module in (model, spec):
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) \
                    and value.__module__ == module.__name__:
                assert "__reduce__" in vars(value), f"{value.__name__} pickles field by field"
