"""Every checklist item's pass/fail examples run through the real engine.

proselint's lesson: a rule without examples is untested, so each item with detectors
must carry both kinds, and each example must behave as the YAML says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import genderlens
from genderlens.check.engine import Options
from genderlens.check.loader import builtin_checklists
from genderlens.check.spec import Checklist, Item

CASES: list[tuple[Checklist, Item, str, bool]] = []
for _cl in builtin_checklists():
    for _item in _cl.items:
        for _ex in _item.examples_fail:
            CASES.append((_cl, _item, _ex, True))
        for _ex in _item.examples_pass:
            CASES.append((_cl, _item, _ex, False))


def _lang(cl: Checklist, item: Item, text: str) -> str:
    """The example's own language (a checklist chosen explicitly runs on any draft)."""
    langs = item.languages
    if len(langs) == 1:
        return langs[0]
    return (
        "vi"
        if any(ch in text for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
        else "en"
    )


def _review(tmp_path: Path, cl: Checklist, item: Item, text: str):
    lang = _lang(cl, item, text)
    head = "Điều 1. Quy định thử nghiệm" if lang == "vi" else "1 Test provision"
    path = tmp_path / ("draft.txt" if lang == "vi" else "draft.md")
    body = f"{head}\n{text}\n" if lang == "vi" else f"### {head}\n\n{text}\n"
    path.write_text(body, encoding="utf-8")
    doc = genderlens.read(path, language=lang)
    opts = Options(enable_only=frozenset({f"{cl.id}.{item.id}"}))
    return genderlens.review(doc, checklists=[cl], options=opts)


def test_every_item_with_detectors_has_examples() -> None:
    missing = [
        f"{c.id}.{i.id}"
        for c in builtin_checklists()
        for i in c.items
        if i.detectors and not (i.examples_fail and i.examples_pass)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("cl", "item", "text", "should_fail"),
    CASES,
    ids=[f"{c.id}.{i.id}:{'fail' if f else 'pass'}:{t[:30]}" for c, i, t, f in CASES],
)
def test_item_example(
    tmp_path: Path, cl: Checklist, item: Item, text: str, should_fail: bool
) -> None:
    review = _review(tmp_path, cl, item, text)
    result = next(r for r in review.items if r.item == item.id)
    mine = [f for f in review.findings if f.item == item.id]
    if item.status == "human":
        assert result.status == "needs-review"
        return
    if result.dossier:
        # Reviewed alone, a draft says nothing about its dossier (the examples run
        # against a dossier in tests/test_dossier.py).
        assert result.status in ("needs-review", "not-applicable"), result.status
        assert not mine
        return
    if should_fail:
        assert result.status in ("flagged", "not-met"), (result.status, mine)
    else:
        assert result.status in ("met", "not-applicable"), (
            result.status,
            [(f.quote, f.message) for f in mine],
        )
