"""Warm throughput of reading + structuring (``genderlens.read``), folder by folder.

Usage: python bench/read_speed.py [--passes N] [FOLDER ...]
       (default: ../shared/corpus/vi/laws-txt and ../shared/corpus/en/canada-acts-md)

Per folder: one cold pass (imports, caches), then N warm passes in the same process;
prints the best and median warm pass as seconds and MB/s, wall clock and CPU time.
On a shared machine CPU time (process_time) is the steadier of the two; compare two
versions of the code by running this alternately with each on PYTHONPATH.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # after PYTHONPATH, so a checkout given there is measured

import genderlens  # noqa: E402
from genderlens.readers import SUFFIXES  # noqa: E402

DEFAULT = ("vi/laws-txt", "en/canada-acts-md")


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)


def one_pass(files: list[Path]) -> tuple[float, float]:
    """(wall, cpu) seconds to read and structure every file once."""
    w0, c0 = time.perf_counter(), time.process_time()
    for f in files:
        genderlens.read(f)
    return time.perf_counter() - w0, time.process_time() - c0


def main() -> None:
    args = sys.argv[1:]
    passes = 5
    if args[:1] == ["--passes"]:
        passes, args = int(args[1]), args[2:]
    folders = [Path(a) for a in args] or [ROOT.parent / "shared/corpus" / d for d in DEFAULT]
    print(f"genderlens from {Path(genderlens.__file__).parent}")
    for folder in folders:
        files = files_in(folder)
        if not files:
            print(f"{folder}: no input files")
            continue
        mb = sum(f.stat().st_size for f in files) / 1e6
        cold, _ = one_pass(files)
        runs = [one_pass(files) for _ in range(passes)]
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        print(
            f"{folder.name}: {len(files)} files, {mb:.2f} MB; cold {cold:.2f} s; warm over "
            f"{passes} passes: wall best {min(walls):.3f} s = {mb / min(walls):.2f} MB/s, "
            f"median {statistics.median(walls):.3f} s; cpu best {min(cpus):.3f} s = "
            f"{mb / min(cpus):.2f} MB/s, median {statistics.median(cpus):.3f} s"
        )


if __name__ == "__main__":
    main()
