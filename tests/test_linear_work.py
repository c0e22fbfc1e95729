"""A review's work grows linearly with the draft, whatever its shape.

Not a timed test (timings live in ``bench/scaling.py``): each shape is reviewed at two
sizes, and what the review does is counted -- characters handed to the phrase automaton, to
phrase lookups, to the differential classifier and to the named-person search, and the
peak of Python memory -- so that a per-hit rescan of a provision (quadratic) shows up
as work growing four times when the draft doubles. Windows of over-long provisions are
tested apart, with limits lowered so that small drafts exercise them.
"""

from __future__ import annotations

import random
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import genderlens
from genderlens.check import engine, matching, pronouns, sexdiff
from genderlens.check.matching import IGNORE, Hit, _longest
from genderlens.model import Review


def _vi_paragraph(i: int) -> str:
    return (f"Người lao động nữ số {i} được nghỉ thai sản; lao động nam được nghỉ khi vợ "
            f"sinh con. Chủ tịch hội đồng quyết định việc tuyển dụng lao động nữ.")


def _en_sentence(i: int) -> str:
    return (f"The chairman must sign form {i} he receives, and his deputy, the Minister, "
            f"may refuse if he is absent")


SHAPES: dict[str, Callable[[int], tuple[str, str]]] = {
    # one paragraph, no line break at all
    "one-paragraph": lambda n: ("txt", " ".join(_vi_paragraph(i) for i in range(n))),
    # a provision that is one sentence with thousands of hits
    "many-hits-vi": lambda n: ("txt", "LUẬT MẪU\nĐiều 1. Phạm vi\n"
                               + ", ".join(f"lao động nữ {i}, lao động nam, thiên chức của phụ nữ" for i in range(n))),
    "many-hits-en": lambda n: ("txt", "Sample Act\n1 Scope\n(1) "
                               + ", ".join(_en_sentence(i) for i in range(n)) + "."),
    # one word per line: read as the paragraphs the wrapped lines make
    "one-word-lines": lambda n: ("txt", "\n".join(
        w for i in range(n) for w in ("Người", "lao", "động", "nữ", str(i)))
        + "\nThiên chức của phụ nữ là chăm sóc gia đình."),
    # one word per line that goes on from none: many tiny paragraph units
    "one-capitalised-word-lines": lambda n: ("txt", "\n".join(
        w for i in range(n) for w in ("Người", "Lao", "Động", "Nữ", str(i)))
        + "\nThiên chức của phụ nữ là chăm sóc gia đình."),
    # one chunk with no space at all and a candidate every few characters
    "one-chunk": lambda n: ("txt", "Điều 1. Phạm vi\n" + "(nữ)/(nam);" * (4 * n)
                            + "\nThiên chức của phụ nữ là chăm sóc gia đình."),
    # a Markdown table: one unit per row, hits in every row
    "table": lambda n: ("md", "# Bảng\n\n| Họ tên | Giới tính | Chức vụ |\n|---|---|---|\n"
                        + "\n".join(f"| Người {i} | {'nam' if i % 2 else 'nữ'} | thiên chức của phụ nữ |"
                                    for i in range(n))),
    # no recognised structure: plain paragraphs
    "unstructured": lambda n: ("txt", "\n".join(
        _en_sentence(i) + ". The chairman shall notify his staff." for i in range(n))),
}


class _Meter:
    """Counts the characters that the scanning functions are handed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.chars = 0
        self._wrap(monkeypatch, matching, "_scan", lambda a, k: len(a[1]))
        self._wrap(monkeypatch, matching.PhraseIndex, "find", lambda a, k: len(a[1]))
        self._wrap(monkeypatch, sexdiff, "classify", lambda a, k: len(a[0]))
        self._wrap(monkeypatch, pronouns, "_named_person", lambda a, k: len(a[0]))

    def _wrap(self, mp: pytest.MonkeyPatch, owner: Any, name: str,
              size: Callable[[tuple[Any, ...], dict[str, Any]], int]) -> None:
        inner = getattr(owner, name)
        if getattr(inner, "_metered", False):
            return

        def metered(*args: Any, **kwargs: Any) -> Any:
            self.chars += size(args, kwargs)
            return inner(*args, **kwargs)

        metered._metered = True  # type: ignore[attr-defined]
        mp.setattr(owner, name, metered)


@pytest.fixture
def small_windows(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(engine, "LONG_UNIT", 4_000)
    monkeypatch.setattr(engine, "WINDOW", 1_000)
    yield


def _review(path: Path, meter: _Meter) -> tuple[int, int, int, Review]:
    """Characters metered, calls made (Python functions, generator steps and calls
    into C, counted by a profile hook: a loop over every marker for every marker
    shows as calls growing with the square of the text) and peak memory."""
    meter.chars = 0
    calls = [0]

    def count(frame: Any, event: str, arg: Any) -> None:
        calls[0] += 1

    doc = genderlens.read(path)
    tracemalloc.start()
    sys.setprofile(count)
    try:
        review = genderlens.review(doc)
    finally:
        sys.setprofile(None)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return meter.chars, calls[0], peak, review


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_work_and_memory_grow_linearly(
    shape: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without windows, so that a rescan per hit inside one provision shows."""
    monkeypatch.setattr(engine, "LONG_UNIT", 10**9)
    meter = _Meter(monkeypatch)
    n = 150
    figures = []
    # the first review of a process builds the phrase automata and loads the
    # checklists: warm up so that one-off costs do not hide the growth
    for size in (n // 3, n, 2 * n, 4 * n):
        suffix, text = SHAPES[shape](size)
        path = tmp_path / f"{shape}-{size}.{suffix}"
        path.write_text(text, encoding="utf-8")
        work, calls, peak, review = _review(path, meter)
        assert review.findings, "the shape must give the checkers something to do"
        figures.append((len(text), work, calls, peak))
    _, (c1, w1, k1, m1), _, (c4, w4, k4, m4) = figures
    growth = c4 / c1
    assert w4 <= 1.3 * growth * w1, f"work grew {w4 / w1:.1f}x for {growth:.1f}x the text"
    assert k4 <= 1.3 * growth * k1, f"calls grew {k4 / k1:.1f}x for {growth:.1f}x the text"
    assert m4 <= 1.5 * growth * m1, f"memory grew {m4 / m1:.1f}x for {growth:.1f}x the text"


def test_no_checked_unit_is_longer_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_windows: None
) -> None:
    """Windows bound what quadratic rules (regexes, the classifier) can cost per unit,
    and findings in them are located in the provision they come from."""
    seen: list[int] = []
    inner = engine._run_item

    def spy(cl: Any, item: Any, ctx: engine.Context, *rest: Any) -> Any:
        seen.extend(len(u.text) for u in ctx.units)
        return inner(cl, item, ctx, *rest)

    monkeypatch.setattr(engine, "_run_item", spy)
    _, text = SHAPES["one-paragraph"](200)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    review = genderlens.review(genderlens.read(path))
    assert len(text) > 4 * engine.LONG_UNIT
    assert seen and max(seen) <= engine.WINDOW
    assert review.findings
    units = {u.id: u for u in review.document.walk()}
    for f in review.findings:
        if f.span is not None:
            assert f.unit_id in units
            assert units[f.unit_id].text[f.span.start : f.span.end] == f.quote


class _CountingList(list[Any]):
    """A document's paragraphs, counting how often checks look one up."""

    reads = 0

    def __getitem__(self, index: Any) -> Any:
        _CountingList.reads += 1
        return super().__getitem__(index)


def test_windows_of_a_provision_of_many_paragraphs_cost_what_they_hold(
    tmp_path: Path, small_windows: None
) -> None:
    """Each window of a long provision reads its own stretch only: per-window work
    over the whole provision's paragraphs (locating a finding, comparing table columns)
    made a 4 MB draft of wrapped one-word lines take twice its share."""
    figures = []
    for size in (100, 400, 1600):  # the first one warms the caches up
        _, text = SHAPES["one-word-lines"](size)
        text = "Điều 1. Phạm vi\n1. Nội dung\n" + text.replace("\nNgười", "\nngười")
        path = tmp_path / f"wrapped-{size}.txt"
        path.write_text(text, encoding="utf-8")
        doc = genderlens.read(path)
        doc.paragraphs = _CountingList(doc.paragraphs)
        _CountingList.reads = 0
        review = genderlens.review(doc)
        assert review.findings and len(max(doc.walk(), key=lambda u: len(u.text)).paragraphs) > size
        figures.append((len(text), _CountingList.reads))
    _, (c1, r1), (c4, r4) = figures
    assert r4 <= 1.3 * (c4 / c1) * r1, f"reads grew {r4 / r1:.1f}x for {c4 / c1:.1f}x the text"


def test_a_long_provision_of_many_paragraphs_is_located_and_compared_once(
    tmp_path: Path, small_windows: None
) -> None:
    """One clause of thousands of paragraphs (a table, wrapped text read as one
    provision) is checked in windows; each finding is located in its own paragraph and
    line, and a table whose columns are headed by sex is still compared, its finding
    cited in the window that holds it."""
    from tests.docx_fixtures import build_docx, p, table

    rows = [["Cấp bậc", "Nam", "Nữ"]] + [[f"Hạng {i}", "50", "50"] for i in range(300)]
    rows.append(["Đại tá", "57", "55"])
    body = [p(text="Điều 1. Hạn tuổi"), p(text="1. Hạn tuổi phục vụ cao nhất:"), table(rows)]
    body += [p(text=f"Thiên chức của phụ nữ số {i} là chăm sóc gia đình.") for i in range(200)]
    path = build_docx(tmp_path / "long.docx", body)
    review = genderlens.review(path)
    doc = review.document
    clause = max(doc.walk(), key=lambda u: len(u.text))
    assert len(clause.text) > engine.LONG_UNIT and len(clause.paragraphs) > 1000
    (diff,) = [f for f in review.findings if f.category == "differential"]
    assert diff.shape == "values" and diff.quote == "Đại tá"
    stereotypes = [f for f in review.findings if f.category == "stereotype"]
    assert len(stereotypes) == 200
    for f in [diff, *stereotypes]:
        para = doc.paragraphs[f.span.paragraph]
        assert para.text[f.span.para_start:f.span.para_end] == f.quote
        assert clause.text[f.span.start:f.span.end] == f.quote


def _longest_by_pairs(raw: list[tuple[int, int, str]], form: str) -> list[Hit]:
    """The definition: every span compared with every kept one (quadratic)."""
    spans = sorted(raw, key=lambda x: (-(x[1] - x[0]), x[0], x[2]))
    taken: list[tuple[int, int, str]] = []
    occupied: list[tuple[int, int]] = []
    for s, e, label in spans:
        if (s, e) not in occupied and any(s < oe and os < e for os, oe in occupied):
            continue
        occupied.append((s, e))
        taken.append((s, e, label))
    taken.sort()
    return [Hit(s, e, label, form[s:e]) for s, e, label in taken if label != IGNORE]


def test_longest_match_agrees_with_the_pairwise_definition() -> None:
    rnd = random.Random(9)
    form = "x" * 64
    for case in range(5_000):
        raw = []
        for _ in range(rnd.randint(0, 12)):
            s = rnd.randint(0, 40)
            raw.append((s, s + rnd.randint(0 if case % 5 == 0 else 1, 10),
                        rnd.choice(["a", "b", IGNORE])))
        assert _longest(raw, form) == _longest_by_pairs(raw, form), raw
