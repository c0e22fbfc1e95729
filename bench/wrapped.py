"""What reading wrapped text costs: the corpus laws wrapped at a width, reviewed against
the same laws written a paragraph per line.

Usage: python bench/wrapped.py [--width 70]

Each Vietnamese law of ``vi/laws-txt`` and each Canadian Act (Markdown removed, as
``bench/peers.py`` does) is wrapped at ``--width`` columns, as a PDF export or an e-mail
wraps it, and both forms are reviewed. Printed: how many files keep their structure
(the same articles, clauses, points, chapters and sections) and how many findings
(rule, citation, quote) only one of the two forms has, per language; then the files that
differ most. A wrapped reading that loses nothing gives the same findings.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from peers import plain_text  # noqa: E402

import genderlens  # noqa: E402
from genderlens.model import Review  # noqa: E402

_STRUCTURE = ("article", "clause", "point", "chapter", "section")


def sources() -> Iterator[tuple[str, str, str]]:
    for f in sorted((CORPUS / "vi/laws-txt").glob("*.txt")):
        yield "vi", f.name, f.read_text(encoding="utf-8")
    for f in sorted((CORPUS / "en/canada-acts-md").glob("*/*.md")):
        yield "en", f.name, plain_text(f.read_text(encoding="utf-8"))


def wrap(text: str, width: int) -> str:
    return "\n".join("\n".join(textwrap.wrap(line, width, break_on_hyphens=False))
                     if line.strip() else "" for line in text.split("\n"))


def structure(review: Review) -> list[tuple[str, str]]:
    return sorted((u.kind, u.id) for u in review.document.walk() if u.kind in _STRUCTURE)


def findings(review: Review) -> set[tuple[str, str, str]]:
    return {(f.rule, f.locator.text, " ".join(f.quote.split())) for f in review.findings}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--width", type=int, default=70)
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    totals: dict[str, list[int]] = {}
    worst = []
    with tempfile.TemporaryDirectory(prefix="genderlens-wrapped-") as tmp:
        for lang, name, text in sources():
            plain, wrapped = Path(tmp) / "plain.txt", Path(tmp) / "wrapped.txt"
            plain.write_text(text, encoding="utf-8")
            wrapped.write_text(wrap(text, args.width), encoding="utf-8")
            a, b = genderlens.review(plain), genderlens.review(wrapped)
            fa, fb = findings(a), findings(b)
            same = structure(a) == structure(b)
            t = totals.setdefault(lang, [0, 0, 0, 0, 0])
            for i, v in enumerate((1, same, len(fa), len(fa - fb), len(fb - fa))):
                t[i] += v
            worst.append((len(fa ^ fb), name, same))
    print(f"wrapped at {args.width} columns")
    print(f"{'':4} {'files':>5} {'same structure':>15} {'findings':>9} "
          f"{'only plain':>11} {'only wrapped':>13}")
    for lang, (n, same, total, only_a, only_b) in totals.items():
        print(f"{lang:4} {n:5} {same:15} {total:9} {only_a:11} {only_b:13}")
    print("most different:")
    for diff, name, same in sorted(worst, reverse=True)[:5]:
        print(f"  {diff:4} findings differ, structure {'same' if same else 'differs'}: {name}")


if __name__ == "__main__":
    main()
