"""genderlens side by side with alex 11 and proselint 0.16, whole processes, one run.

The same ~2 MB of Canadian Acts (``../shared/corpus/en/canada-acts-md``), copied line
for line into .txt files, are checked by each tool as one process. The peers are
installed by this script into ``bench/.scratch/`` (npm and a throw-away virtualenv),
never as project dependencies.

Printed: seconds, s/MB and speed ratios; findings per tool; and recall of the
generic-masculine pronouns labelled in ``labels/pronouns_en.tsv`` (a labelled line
counts as found when the tool flags that pronoun on that line).

Usage: python bench/peers.py [--mb 2.0] [--skip-install]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SCRATCH = ROOT / "bench" / ".scratch"
ALEX = SCRATCH / "alex" / "node_modules" / ".bin" / "alex"
PROSELINT = SCRATCH / "proselint-venv" / "bin" / "proselint"
PRONOUNS = {"he", "him", "his", "himself"}


def install() -> None:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    if not ALEX.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(SCRATCH / "alex"),
                "alex@11",
            ],
            check=True,
        )
    if not PROSELINT.exists():
        subprocess.run([sys.executable, "-m", "venv", str(SCRATCH / "proselint-venv")], check=True)
        subprocess.run(
            [str(SCRATCH / "proselint-venv/bin/pip"), "install", "-q", "proselint==0.16.*"],
            check=True,
        )


def make_input(mb: float) -> list[Path]:
    """Copy Acts (labelled ones first) into .txt files until ``mb`` megabytes."""
    out = SCRATCH / "peers-input"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    labelled = {r["file"] for r in _labels()}
    acts = sorted(
        (CORPUS / "en/canada-acts-md").glob("*/*.md"),
        key=lambda p: (str(p.relative_to(CORPUS)) not in labelled, p.stat().st_size),
    )
    files, size = [], 0
    for act in acts:
        if size >= mb * 1e6:
            break
        target = out / (act.stem + ".txt")
        target.write_text(plain_text(act.read_text(encoding="utf-8")), encoding="utf-8")
        files.append(target)
        size += target.stat().st_size
    return files


_MD_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|>\s?)")
_MD_HTML = re.compile(r"^\s*</?(details|summary)\b.*$", re.I)


def plain_text(markdown: str) -> str:
    """The Act as plain text, line for line (so labelled line numbers still hold):
    heading and list markers, emphasis and the HTML of editorial notes removed."""
    lines = []
    for line in markdown.split("\n"):
        if _MD_HTML.match(line):
            lines.append("")
            continue
        line = _MD_PREFIX.sub("", line)
        lines.append(line.replace("**", "").replace("*", ""))
    return "\n".join(lines)


def _labels() -> list[dict[str, str]]:
    path = CORPUS / "labels/pronouns_en.tsv"
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def gold_lines(files: list[Path]) -> dict[str, set[tuple[int, str]]]:
    names = {f.stem: f.name for f in files}
    gold: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for r in _labels():
        stem = Path(r["file"]).stem
        if r["label"] == "GENERIC_MASC" and stem in names:
            gold[names[stem]].add((int(r["line"]), r["token"].lower()))
    return gold


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    return time.perf_counter() - t0, proc.stdout + proc.stderr


def genderlens(
    files: list[Path], jobs: str = "1"
) -> tuple[float, dict[str, set[tuple[int, str]]], int]:
    out = SCRATCH / "genderlens.json"
    cmd = [sys.executable, "-m", "genderlens", "review", "--format", "json", "-o", str(out),
           "--fail-on", "never", "--quiet", "--jobs", jobs, *map(str, files)]  # fmt: skip
    secs, _ = run(cmd)
    data = json.loads(out.read_text(encoding="utf-8"))
    found: dict[str, set[tuple[int, str]]] = defaultdict(set)
    n = 0
    for f in data["files"]:
        for x in f["findings"]:
            n += 1
            q = x["quote"].lower()
            if q in PRONOUNS and x["location"].get("line"):
                found[Path(f["path"]).name].add((x["location"]["line"], q))
    return secs, found, n


_ALEX_LINE = re.compile(r"^\s*(\d+):(\d+)-\d+:\d+\s+warning\s+`([^`]+)`")


def alex(files: list[Path]) -> tuple[float, dict[str, set[tuple[int, str]]], int]:
    secs, text = run([str(ALEX), *map(str, files)])
    found: dict[str, set[tuple[int, str]]] = defaultdict(set)
    current = ""
    n = 0
    for line in text.splitlines():
        if line and not line.startswith(" ") and line.strip().endswith(".txt"):
            current = Path(line.strip()).name
            continue
        m = _ALEX_LINE.match(line)
        if m:
            n += 1
            q = m.group(3).lower()
            if q in PRONOUNS:
                found[current].add((int(m.group(1)), q))
    return secs, found, n


def proselint(files: list[Path]) -> tuple[float, dict[str, set[tuple[int, str]]], int]:
    cfg = SCRATCH / "proselint.json"
    cfg.write_text(json.dumps({"max_errors": 10_000_000}), encoding="utf-8")
    secs, text = run(
        [str(PROSELINT), "check", "--config", str(cfg), "-o", "json", *map(str, files)],
        env={**os.environ, "HOME": str(SCRATCH)},
    )
    found: dict[str, set[tuple[int, str]]] = defaultdict(set)
    n = 0
    try:
        data = json.loads(text[text.index("{") :])
    except ValueError:
        return secs, found, 0
    for path, result in (data.get("result") or {}).items():
        diags = result.get("diagnostics", []) if isinstance(result, dict) else []
        for d in diags:
            n += 1
            line = d.get("pos", [0])[0] if isinstance(d.get("pos"), list) else d.get("line", 0)
            msg = str(d.get("message", "")).lower()
            for pron in PRONOUNS:
                if re.search(rf"\b{pron}\b", msg):
                    found[Path(path).name].add((int(line), pron))
    return secs, found, n


def recall(found: dict[str, set[tuple[int, str]]], gold: dict[str, set[tuple[int, str]]]) -> float:
    total = sum(len(v) for v in gold.values())
    hit = sum(len(v & found.get(k, set())) for k, v in gold.items())
    return hit / total if total else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--skip-install", action="store_true")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    if not args.skip_install:
        install()
    files = make_input(args.mb)
    mb = sum(f.stat().st_size for f in files) / 1e6
    gold = gold_lines(files)
    print(
        f"input: {len(files)} Acts as .txt, {mb:.2f} MB; "
        f"{sum(len(v) for v in gold.values())} labelled generic-masculine pronouns"
    )
    rows = []
    cores = str(os.cpu_count() or 1)
    tools = (
        ("genderlens -j1", genderlens),
        (f"genderlens -j{cores}", lambda fs: genderlens(fs, cores)),
        ("alex 11", alex),
        ("proselint 0.16", proselint),
    )
    for name, fn in tools:
        secs, found, n = fn(files)
        rows.append((name, secs, n, recall(found, gold)))
    base = rows[0][1]
    print(
        f"{'tool':16} {'seconds':>8} {'s/MB':>7} {'vs genderlens':>14} {'findings':>9} "
        f"{'generic-he recall':>18}"
    )
    for name, secs, n, rc in rows:
        print(f"{name:16} {secs:8.1f} {secs / mb:7.2f} {secs / base:13.1f}x {n:9} {rc:18.2f}")


if __name__ == "__main__":
    main()
