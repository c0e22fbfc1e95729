"""Coverage on the real laws of ../shared/corpus (skipped when the corpus is absent).

The rule: on every file, the checks read at least 99 % of the text outside headers,
signature blocks, tables of contents and notes, and what they leave out is plausibly
what its reason says (a prose paragraph filed as a signature counts as unread).
``bench/coverage.py`` prints the figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import genderlens
from genderlens.readers import SUFFIXES
from tests.conftest import CORPUS

pytestmark = pytest.mark.corpus

FOLDERS = ("vi/laws-txt", "vi/laws-docx", "vi/bidding-docx", "vi/labour-code-consolidated",
           "vi/phapdien-md", "en/canada-acts-md", "en/us-uslm")


def _files() -> list[Path]:
    out: list[Path] = []
    for folder in FOLDERS:
        base = CORPUS / folder
        if base.is_dir():
            out.extend(sorted(p for p in base.rglob("*") if p.suffix.lower() in SUFFIXES))
    return out


FILES = _files()


@pytest.mark.skipif(not FILES, reason=f"real-law corpus not found at {CORPUS}")
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name[:40]}")
def test_checks_read_at_least_99_percent_of_the_body(path: Path) -> None:
    doc = genderlens.read(path)
    cov = doc.coverage
    assert cov is not None and cov.total > 0
    assert cov.body_share >= 0.99, (cov.body_share, cov.left_out,
                                    [s for s in cov.spans if s.reason.startswith("misfiled")][:3])
    assert "low-coverage" not in [w.code for w in doc.reading_warnings]


def test_multi_instrument_corpus_files_are_split() -> None:
    """The bidding templates and the annexed circular hold several instruments."""
    path = CORPUS / "vi" / "bidding-docx" / "15. Phu luc.docx"
    if not path.is_file():
        pytest.skip(f"corpus file missing: {path}")
    doc = genderlens.read(path)
    assert doc.coverage is not None and len(doc.coverage.instruments) >= 2
    signature_chars = doc.coverage.left_out.get("signature", 0)
    assert signature_chars < 0.1 * doc.coverage.total
