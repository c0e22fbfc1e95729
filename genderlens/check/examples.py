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
from typing import Any

from genderlens.check.spec import Checklist, Item
from genderlens.model import Review
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
    opts = Options(enable_only=frozenset({f"{checklist.id}.{item.id}"}))
    role = _dossier_role(item.id)
    if role is not None:
        # a dossier item is answered from a dossier document, not from the draft: the
        # example is that document, beside a one-article draft
        review = _review_in_dossier(checklist, item, text, lang, role, opts, workdir)
    else:
        if lang == "vi":
            path, body = workdir / "draft.txt", f"Điều 1. Quy định thử nghiệm\n{text}\n"
        else:
            path, body = workdir / "draft.md", f"### 1 Test provision\n\n{text}\n"
        path.write_text(body, encoding="utf-8")
        doc = genderlens.read(path, language=lang)
        review = genderlens.review(doc, checklists=[checklist], options=opts)
    status = next((r.status for r in review.items if r.item == item.id), "not-run")
    found = tuple(f"{f.quote}: {f.message}" for f in review.findings if f.item == item.id)
    if item.status == "human":
        ok = status == "needs-review"
    else:
        ok = status in (FAILING if expected == "fail" else PASSING)
    return ExampleResult(checklist.id, item.id, expected, text, status, ok, found)


def _dossier_role(item_id: str) -> str | None:
    """The dossier role whose document answers ``item_id`` (None: a draft item)."""
    from genderlens.dossier.data import dossier_data

    spec = dossier_data().items.get(item_id)
    if spec is None:
        return None
    return next((r for r in spec.roles if r != "draft"), None)


def _review_in_dossier(
    checklist: Checklist,
    item: Item,
    text: str,
    lang: str,
    role: str,
    opts: Any,
    workdir: Path,
) -> Review:
    from genderlens.dossier import review_dossier

    folder = workdir / f"dossier-{item.id}"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".txt" if lang == "vi" else ".md"
    draft = folder / f"draft{suffix}"
    if lang == "vi":
        draft.write_text(
            "Điều 1. Phạm vi\nNghị định này quy định về trẻ em trên môi trường mạng.\n",
            encoding="utf-8",
        )
    else:
        draft.write_text(
            "### 1 Scope\n\nThese Regulations protect children online.\n", encoding="utf-8"
        )
    doc = folder / f"doc{suffix}"
    doc.write_text(text + "\n", encoding="utf-8")
    return review_dossier(
        draft, [doc], roles=[("doc.*", role)], language=lang, checklists=[checklist], options=opts
    )


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
