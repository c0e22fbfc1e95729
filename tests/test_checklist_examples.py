"""Every checklist item's pass/fail examples run through the real engine.

proselint's lesson: a rule without examples is untested, so each item with detectors
must carry both kinds, and each example must behave as the YAML says. The cases run
through :func:`genderlens.check.examples.run_example`, the code behind
``genderlens rules test``, so the suite and a reviewer's table agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from genderlens.check.examples import cases, run_example
from genderlens.check.loader import builtin_checklists

CASES = list(cases(builtin_checklists()))


def test_every_item_with_detectors_has_examples() -> None:
    missing = [
        f"{c.id}.{i.id}"
        for c in builtin_checklists()
        for i in c.items
        if i.detectors and not (i.examples_fail and i.examples_pass)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("cl", "item", "text", "expected"),
    CASES,
    ids=[f"{c.id}.{i.id}:{e}:{t[:30]}" for c, i, t, e in CASES],
)
def test_item_example(tmp_path: Path, cl, item, text: str, expected: str) -> None:
    result = run_example(cl, item, text, expected, tmp_path)
    assert result.ok, (result.status, result.findings)
