"""Coverage of the corpus: the share of each file's text that the checks read.

Usage: python bench/coverage.py [--verbose] [FOLDER ...]
Default folders: every folder of ../shared/corpus with drafts genderlens reads.
Per file: characters, share read, share of the text meant to be checked (outside
headers, signatures, tables of contents, notes and metadata) that was read,
instruments and articles found; per folder the total and the lowest file. The
project's rule is ≥ 99 % of the text meant to be checked, on every file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import genderlens  # noqa: E402
from genderlens.readers import SUFFIXES  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
FOLDERS = ("vi/laws-txt", "vi/laws-docx", "vi/bidding-docx", "vi/labour-code-consolidated",
           "vi/phapdien-md", "en/canada-acts-md", "en/us-uslm")


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    folders = [a for a in argv if not a.startswith("--")] or list(FOLDERS)
    worst_overall = 1.0
    t0 = time.perf_counter()
    for name in folders:
        folder = Path(name) if Path(name).is_dir() else CORPUS / name
        files = files_in(folder)
        if not files:
            print(f"{name}: no files (corpus missing?)")
            continue
        total = read = body = 0
        worst: tuple[float, str] = (1.0, "")
        for path in files:
            doc = genderlens.read(path)
            cov = doc.coverage
            assert cov is not None
            total += cov.total
            read += cov.read
            body += cov.body
            if cov.body_share <= worst[0]:
                worst = (cov.body_share, path.name)
            if verbose:
                left = ", ".join(f"{k} {v / max(cov.total, 1):.1%}"
                                 for k, v in sorted(cov.left_out.items()))
                print(f"  {path.name[:60]:60} {cov.total:>8} read {cov.share:6.1%} "
                      f"body {cov.body_share:6.1%}  instruments {len(cov.instruments) + 1:>2} "
                      f"articles {cov.articles:>4}  left out: {left or '-'}")
        worst_overall = min(worst_overall, worst[0])
        print(f"{name}: {len(files)} files, {total:,} chars, read {read / total:.1%}, "
              f"body read {read / body if body else 1:.2%}; "
              f"lowest {worst[0]:.2%} ({worst[1]})")
    print(f"lowest file overall: {worst_overall:.2%}  ({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
