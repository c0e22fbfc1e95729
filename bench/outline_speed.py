"""Throughput and peak memory of reading + structuring a folder of laws.

Usage: python bench/outline_speed.py [FOLDER ...]  (default: ../shared/corpus/vi/laws-txt)
Prints MB/s (cold = first pass, warm = second pass in the same process), then the
peak Python memory of one pass (tracemalloc, a separate slower pass) and the peak RSS.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import genderlens  # noqa: E402
from genderlens.readers import SUFFIXES  # noqa: E402


def files_in(folders: list[Path]) -> list[Path]:
    out: list[Path] = []
    for folder in folders:
        out += sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)
    return out


def run(files: list[Path]) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    units = 0
    for f in files:
        doc = genderlens.read(f)
        units += sum(1 for _ in doc.walk())
    return time.perf_counter() - t0, units, len(files)


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]] or [ROOT.parent / "shared/corpus/vi/laws-txt"]
    files = files_in(folders)
    if not files:
        sys.exit("no input files")
    size = sum(f.stat().st_size for f in files)
    cold, units, n = run(files)
    warm, _, _ = run(files)
    # memory in a separate pass: tracemalloc slows Python down several times
    tracemalloc.start()
    run(files)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mb = size / 1e6
    print(f"files: {n}, {mb:.2f} MB, units: {units}")
    print(f"cold: {cold:.2f} s = {mb / cold:.2f} MB/s")
    print(f"warm: {warm:.2f} s = {mb / warm:.2f} MB/s")
    print(f"peak traced memory: {peak / 1e6:.1f} MB; peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
