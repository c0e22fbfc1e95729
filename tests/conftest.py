"""Shared fixtures: the real-law corpus (optional) and small drafts written on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_path(*parts: str) -> Path:
    """Path inside ../shared/corpus, skipping the test when the corpus is absent."""
    path = CORPUS.joinpath(*parts)
    if not CORPUS.is_dir():
        pytest.skip(
            f"real-law corpus not found at {CORPUS} (tests on real laws need ../shared/corpus)"
        )
    if not path.exists():
        pytest.skip(f"corpus file missing: {path}")
    return path


def corpus_files(folder: str, pattern: str) -> list[Path]:
    """Files for parametrised corpus tests; empty (and so skipped) without the corpus."""
    base = CORPUS / folder
    if not base.is_dir():
        return []
    return sorted(base.glob(pattern))


@pytest.fixture
def write(tmp_path: Path):
    """write("name.txt", "text") -> Path; text is written as UTF-8."""

    def _write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
        return path

    return _write
