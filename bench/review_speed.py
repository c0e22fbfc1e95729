"""Throughput of `review` (read + structure + check, all built-in checklists).

Usage: python bench/review_speed.py [FOLDER ...]
Default folders: ../shared/corpus/vi/laws-txt and ../shared/corpus/en/canada-acts-md.
Per folder: cold pass (first, includes building the spaCy pipelines and matchers) and
warm pass (second, same process), in MB/s; plus the time per stage of the warm pass.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import genderlens  # noqa: E402
from genderlens.readers import SUFFIXES  # noqa: E402


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)


def one_pass(files: list[Path]) -> tuple[float, float, int]:
    t_read = t_total = 0.0
    findings = 0
    for f in files:
        t0 = time.perf_counter()
        doc = genderlens.read(f)
        t1 = time.perf_counter()
        review = genderlens.review(doc)
        t2 = time.perf_counter()
        t_read += t1 - t0
        t_total += t2 - t0
        findings += len(review.findings)
    return t_total, t_read, findings


def main() -> None:
    corpus = ROOT.parent / "shared" / "corpus"
    folders = [Path(a) for a in sys.argv[1:]] or [
        corpus / "vi/laws-txt",
        corpus / "en/canada-acts-md",
    ]
    t_import = time.perf_counter()
    import genderlens.check.nlp  # noqa: F401

    for folder in folders:
        files = files_in(folder)
        if not files:
            print(f"{folder}: no files")
            continue
        mb = sum(f.stat().st_size for f in files) / 1e6
        cold, _, n = one_pass(files)
        warm, read, _ = one_pass(files)
        print(f"{folder.name}: {len(files)} files, {mb:.2f} MB, {n} findings")
        print(f"  cold {cold:6.2f} s = {mb / cold:5.2f} MB/s")
        print(
            f"  warm {warm:6.2f} s = {mb / warm:5.2f} MB/s  (read+structure {read:.2f} s, "
            f"check {warm - read:.2f} s)"
        )
    print(f"total wall time {time.perf_counter() - t_import:.1f} s")


if __name__ == "__main__":
    main()
