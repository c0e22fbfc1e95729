"""The tokenizer gives spaCy's tokens (the reference it replaced) on drafts of every kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from genderlens.check.nlp import tokenize
from tests.conftest import corpus_files

spacy = pytest.importorskip("spacy")

CASES = [
    "", " ", "\t", "a  b", "a\nb", " a", "  a", "a ", "a  ", "\n a", "a\n\n b",
    "(người) nữ,", "''a''", "nam-nữ;", "1,5 và 2,3,", "x:y/z", ":a", "điều 5.", "'s",
    "a's b’s", "…", "(((", "“a”", "a , b", "«Điều 1»", "—x—", "(a)(b)", "a\u00a0b", "*x*,",
]


@pytest.fixture(scope="module")
def reference() -> object:
    from genderlens.check.nlp import pipeline

    return pipeline("vi")


def _spacy(nlp: object, text: str) -> list[tuple[int, int]]:
    return [(t.idx, t.idx + len(t.text)) for t in nlp.make_doc(text)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", CASES)
def test_same_tokens_as_spacy(reference: object, text: str) -> None:
    assert tokenize(text) == _spacy(reference, text)


@pytest.mark.parametrize(
    "path",
    corpus_files("vi/laws-txt", "Luat-Binh-dang-gioi*.txt")
    + corpus_files("en/canada-acts-md", "gender_topic/*.md"),
    ids=lambda p: p.name,
)
def test_same_tokens_on_real_laws(reference: object, path: Path) -> None:
    import genderlens
    from genderlens.check.matching import form_of

    doc = genderlens.read(path)
    for unit in doc.walk():
        for text in (unit.text, form_of(unit.text)):
            assert tokenize(text) == _spacy(reference, text), unit.id
