"""Warm and cold review throughput of two or more checkouts, side by side in one run.

Usage: python bench/side_by_side.py TREE [TREE ...] [--rounds 3] [-- FOLDER ...]

Each TREE is a checkout of genderlens (``git worktree add --detach ../base COMMIT``
makes one of an older commit). Every round runs ``TREE/bench/review_speed.py`` once per
tree, trees in turn, so that noise from other work on the machine spreads over all of
them; the figures are the medians of the rounds, each tree's code being imported from
that tree only. Printed per folder: cold and warm MB/s, read+structure and check
seconds, and each tree's warm time as a multiple of the first tree's.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

_FOLDER = re.compile(r"^(\S+): \d+ files, ([\d.]+) MB")
_COLD = re.compile(r"^\s+cold\s+([\d.]+) s")
_WARM = re.compile(r"^\s+warm\s+([\d.]+) s .*read\+structure ([\d.]+) s, check ([\d.]+) s")


def run_once(tree: Path, folders: list[str]) -> dict[str, dict[str, float]]:
    script = tree / "bench" / "review_speed.py"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, str(script), *folders], capture_output=True,
                         text=True, env=env, check=True).stdout
    figures: dict[str, dict[str, float]] = {}
    current = ""
    for line in out.splitlines():
        if m := _FOLDER.match(line):
            current = m[1]
            figures[current] = {"mb": float(m[2])}
        elif (m := _COLD.match(line)) and current:
            figures[current]["cold"] = float(m[1])
        elif (m := _WARM.match(line)) and current:
            figures[current].update(warm=float(m[1]), read=float(m[2]), check=float(m[3]))
    return figures


def main() -> None:
    argv = sys.argv[1:]
    folders: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, folders = argv[:cut], argv[cut + 1 :]
    ap = argparse.ArgumentParser()
    ap.add_argument("trees", nargs="+", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    runs: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    sizes: dict[str, float] = {}
    for r in range(args.rounds):
        for tree in args.trees:
            for folder, fig in run_once(tree.resolve(), folders).items():
                sizes[folder] = fig["mb"]
                for k, v in fig.items():
                    runs[(folder, str(tree))][k].append(v)
        print(f"round {r + 1} of {args.rounds} done", file=sys.stderr)
    print(f"median of {args.rounds} alternating rounds, one process per tree and round")
    for folder, mb in sizes.items():
        print(f"\n{folder} ({mb:.2f} MB)")
        print(f"{'tree':<28} {'cold MB/s':>9} {'warm MB/s':>9} {'read s':>7} {'check s':>7}"
              f" {'warm x first':>12}")
        first = None
        for tree in args.trees:
            fig = {k: statistics.median(v) for k, v in runs[(folder, str(tree))].items()}
            first = first or fig["warm"]
            print(f"{str(tree)[-28:]:<28} {mb / fig['cold']:9.2f} {mb / fig['warm']:9.2f} "
                  f"{fig['read']:7.2f} {fig['check']:7.2f} {first / fig['warm']:11.2f}x")


if __name__ == "__main__":
    main()
