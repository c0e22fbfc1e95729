"""Five corpus laws converted by LibreOffice to PDF, ODT and HTML read back to the same
articles and clause counts as the .docx. The full sweep of every corpus .docx, with the
differences it finds, is ``python bench/formats.py`` (see README)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from genderlens.api import read

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "vi" / "laws-docx"
SAMPLE = ["Luật-73-2006-QH11", "Luật-38-2013-QH13", "Luật-39-2009-QH12", "Luật-94-2015-QH13",
          "Luật-57-2020-QH14"]
FORMATS = ("pdf", "odt", "html")

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available"),
    pytest.mark.skipif(shutil.which("soffice") is None,
                       reason="LibreOffice (soffice) is not installed"),
]


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every sample law in every format, converted once per session."""
    out = tmp_path_factory.mktemp("corpus-formats")
    docs = [str(CORPUS / f"{name}.docx") for name in SAMPLE]
    for fmt in FORMATS:
        subprocess.run(["soffice", f"-env:UserInstallation={(out / 'lo').as_uri()}",
                        "--headless", "--convert-to", fmt, "--outdir", str(out), *docs],
                       check=True, capture_output=True, timeout=600)
    return out


def _shape(path: Path) -> tuple[list[str | None], list[int]]:
    arts = read(path).articles()
    return [a.number for a in arts], [sum(u.kind == "clause" for u in a.walk()) for a in arts]


@pytest.mark.parametrize("name", SAMPLE)
def test_law_reads_back_the_same_in_every_format(converted: Path, name: str) -> None:
    ref = _shape(CORPUS / f"{name}.docx")
    assert ref[0], "the .docx itself has articles"
    for fmt in FORMATS:
        assert _shape(converted / f"{name}.{fmt}") == ref, fmt
