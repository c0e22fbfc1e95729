"""Which PDF library recovers Vietnamese law text best? pypdf vs pdfminer.six vs pdfplumber.

Reads the LibreOffice PDFs of the corpus laws (made by ``bench/formats.py``, cached in
the same folder) with each library's plain text extraction and compares with the text
of the .docx: word recall (diacritics: a word with a lost or decomposed tone mark does
not match), words that are not in the .docx (running headers, page numbers, garbage),
whether the sequence of "Điều N." line starts is the .docx's (reading order), and time.

    python bench/pdf_libraries.py [--cache DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "vi" / "laws-docx"
_ARTICLE = re.compile(r"^\s*Điều\s+(\d+)\.", re.M)


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", unicodedata.normalize("NFC", text).lower()))


def _libraries() -> dict[str, Callable[[str], str]]:
    out: dict[str, Callable[[str], str]] = {}
    try:
        import pypdf

        out["pypdf"] = lambda f: "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(f).pages)
    except ImportError:
        pass
    try:
        from pdfminer.high_level import extract_text

        out["pdfminer.six"] = extract_text
    except ImportError:
        pass
    try:
        import pdfplumber

        def plumber(f: str) -> str:
            with pdfplumber.open(f) as pdf:
                return "\n".join(p.extract_text() or "" for p in pdf.pages)

        out["pdfplumber"] = plumber
    except ImportError:
        pass
    return out


def main(argv: Sequence[str] | None = None) -> int:
    from genderlens.readers.docx import read_docx

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path,
                    default=Path(tempfile.gettempdir()) / "genderlens-formats")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    libs = _libraries()
    docs = sorted(CORPUS.glob("*.docx"))
    if args.limit:
        docs = docs[: args.limit]
    totals = {name: [0, 0, 0, 0, 0.0, 0] for name in libs}  # hit, ref, extra, order, s, n
    for doc in docs:
        pdf = args.cache / "pdf" / f"{doc.stem}.pdf"
        if not pdf.exists():
            continue
        ref_text = "\n".join(p.text for p in read_docx(doc).paragraphs)
        ref = _words(ref_text)
        ref_arts = _ARTICLE.findall(ref_text)
        for name, extract in libs.items():
            t = time.perf_counter()
            text = extract(str(pdf))
            dt = time.perf_counter() - t
            got = _words(text)
            arts = _ARTICLE.findall(text)
            tot = totals[name]
            tot[0] += sum((ref & got).values())
            tot[1] += sum(ref.values())
            tot[2] += sum((got - ref).values())
            tot[3] += arts == ref_arts
            tot[4] += dt
            tot[5] += 1
    for name, (hit, n, extra, order, seconds, files) in totals.items():
        print(f"{name:13} {files} PDFs: word recall {hit / max(n, 1):.4f}, words not in the .docx "
              f"{extra}, article order identical {order}/{files}, {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
