"""Run a checklist item's own ``examples`` through the real reader and engine.

The examples are a reviewer's unit test for a rule: each ``fail`` provision must be
flagged (or found lacking) and each ``pass`` provision must not. ``genderlens rules test``
and the test suite both call :func:`run_examples`, so what a lawyer sees in the table is
exactly what CI checks.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from genderlens.check.spec import Checklist, Item
from genderlens.structure.language import _VI_RE

FAILING = ("flagged", "not-met")
PASSING = ("met", "not-applicable")


@dataclass(frozen=True, slots=True)
class ExampleResult:
    checklist: str
    item: str
    expected: str  # "fail" or "pass"
    text: str
    status: str  # the item's status on this example alone
    ok: bool
    findings: tuple[str, ...] = ()  # what was found, to show why a pass example failed

    @property
    def rule(self) -> str:
        return f"{self.checklist}.{self.item}"


def example_language(item: Item, text: str) -> str:
    """The example's own language: an item may carry vi and en examples side by side."""
    if len(item.languages) == 1:
        return item.languages[0]
    return "vi" if _VI_RE.search(text) else "en"


def run_example(
    checklist: Checklist, item: Item, text: str, expected: str, workdir: Path
) -> ExampleResult:
    """Review ``text`` as the only provision of a one-article draft, with only this item on."""
    import genderlens
    from genderlens.check.engine import Options

    lang = example_language(item, text)
    if lang == "vi":
        path, body = workdir / "draft.txt", f"Điều 1. Quy định thử nghiệm\n{text}\n"
    else:
        path, body = workdir / "draft.md", f"### 1 Test provision\n\n{text}\n"
    path.write_text(body, encoding="utf-8")
    doc = genderlens.read(path, language=lang)
    opts = Options(enable_only=frozenset({f"{checklist.id}.{item.id}"}))
    review = genderlens.review(doc, checklists=[checklist], options=opts)
    status = next((r.status for r in review.items if r.item == item.id), "not-run")
    found = tuple(f"{f.quote}: {f.message}" for f in review.findings if f.item == item.id)
    if item.status == "human":
        ok = status == "needs-review"
    else:
        ok = status in (FAILING if expected == "fail" else PASSING)
    return ExampleResult(checklist.id, item.id, expected, text, status, ok, found)


def cases(checklists: Iterable[Checklist]) -> Iterator[tuple[Checklist, Item, str, str]]:
    for checklist in checklists:
        for item in checklist.items:
            for text in item.examples_fail:
                yield checklist, item, text, "fail"
            for text in item.examples_pass:
                yield checklist, item, text, "pass"


def run_examples(
    checklists: Iterable[Checklist], rules: Iterable[str] = ()
) -> Iterator[ExampleResult]:
    """Every example of every item (or of the items named in ``rules``, by full or bare id)."""
    wanted = set(rules)
    with tempfile.TemporaryDirectory(prefix="genderlens-examples-") as tmp:
        for checklist, item, text, expected in cases(checklists):
            if wanted and not wanted & {item.id, f"{checklist.id}.{item.id}", checklist.id}:
                continue
            yield run_example(checklist, item, text, expected, Path(tmp))
