"""genderlens side by side with alex 11 and proselint 0.16, whole processes.

The same ~2 MB of Canadian Acts (``../shared/corpus/en/canada-acts-md``) are written as
one .txt file in two forms and checked by each tool as one process:

- ``plain``: the Markdown removed line for line (headings, list marks, emphasis);
- ``md-in-txt``: the Markdown kept (``### 5 Signature`` headings in a .txt file).

Runs alternate between tools and forms (``--repeat`` rounds) so that noise from other
work on the machine spreads over all of them; the figures are medians. alex and
proselint are taken from ``PATH`` when installed (``npm install -g alex@11``,
``pip install 'proselint==0.16.*'``), else this script installs them into
``bench/.scratch/`` (npm and a throw-away virtualenv), never as project dependencies.

Printed per form: median seconds, s/MB, each tool's time as a multiple of
genderlens's, findings, and recall of the generic-masculine pronouns labelled in
``labels/pronouns_en.tsv`` (a labelled line counts as found when the tool flags that
pronoun on that line); then the md-in-txt/plain ratio of each tool.

Usage: python bench/peers.py [--mb 2.0] [--repeat 3] [--skip-install]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
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


def _peers_on_path() -> None:
    """Prefer globally installed peers (the versions this bench is written for)."""
    global ALEX, PROSELINT
    alex_bin, proselint_bin = shutil.which("alex"), shutil.which("proselint")
    if alex_bin:
        ALEX = Path(alex_bin)
    if proselint_bin:
        PROSELINT = Path(proselint_bin)


def install() -> None:
    _peers_on_path()
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


def make_input(mb: float, markdown: bool = False) -> tuple[Path, dict[str, int]]:
    """Acts (labelled ones first) concatenated into one .txt file of about ``mb``
    megabytes, plain or with the Markdown kept; and the line each Act starts on."""
    out = SCRATCH / "peers-input"
    out.mkdir(parents=True, exist_ok=True)
    labelled = {r["file"] for r in _labels()}
    acts = sorted(
        (CORPUS / "en/canada-acts-md").glob("*/*.md"),
        key=lambda p: (str(p.relative_to(CORPUS)) not in labelled, p.stat().st_size),
    )
    parts: list[str] = []
    first_line: dict[str, int] = {}
    size, line = 0, 1
    for act in acts:
        if size >= mb * 1e6:
            break
        md = act.read_text(encoding="utf-8")
        text = md if markdown else plain_text(md)
        first_line[str(act.relative_to(CORPUS))] = line
        parts.append(text)
        size += len(text.encode("utf-8")) + 1
        line += text.count("\n") + 1
    target = out / ("acts-md-in.txt" if markdown else "acts-plain.txt")
    target.write_text("\n".join(parts), encoding="utf-8")
    return target, first_line


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


def gold_lines(target: Path, first_line: dict[str, int]) -> dict[str, set[tuple[int, str]]]:
    gold: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for r in _labels():
        if r["label"] == "GENERIC_MASC" and r["file"] in first_line:
            line = first_line[r["file"]] + int(r["line"]) - 1
            gold[target.name].add((line, r["token"].lower()))
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


def compile_package(root: Path = ROOT) -> None:
    """Byte-compile the genderlens of checkout ``root`` first, as an installed package
    is (pip compiles it): an editable checkout under PYTHONDONTWRITEBYTECODE compiles
    ~45 modules in every process (a batch's command and each worker alike), a tenth of
    a second that no user pays. The other benches of whole processes use it too."""
    import compileall

    compileall.compile_dir(str(root / "genderlens"), quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-install", action="store_true")
    args = ap.parse_args()
    compile_package()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    if args.skip_install:
        _peers_on_path()
    else:
        install()
    forms = {"plain": make_input(args.mb), "md-in-txt": make_input(args.mb, markdown=True)}
    tools = (("genderlens", genderlens), ("alex 11", alex), ("proselint 0.16", proselint))
    secs: dict[tuple[str, str], list[float]] = defaultdict(list)
    seen: dict[tuple[str, str], tuple[int, float]] = {}
    for _ in range(args.repeat):
        for form, (target, first_line) in forms.items():
            gold = gold_lines(target, first_line)
            for name, fn in tools:
                t, found, n = fn([target])
                secs[(form, name)].append(t)
                seen[(form, name)] = (n, recall(found, gold))
    print(f"median of {args.repeat} alternating runs, one process per run")
    for form, (target, first_line) in forms.items():
        mb = target.stat().st_size / 1e6
        labelled = sum(len(v) for v in gold_lines(target, first_line).values())
        print(f"\n{form}: {len(first_line)} Acts in one .txt, {mb:.2f} MB; "
              f"{labelled} labelled generic-masculine pronouns")
        print(f"{'tool':16} {'seconds':>8} {'s/MB':>7} {'x genderlens':>13} {'findings':>9} "
              f"{'generic-he recall':>18}")
        base = statistics.median(secs[(form, "genderlens")])
        for name, _ in tools:
            t = statistics.median(secs[(form, name)])
            n, rc = seen[(form, name)]
            print(f"{name:16} {t:8.2f} {t / mb:7.2f} {t / base:12.1f}x {n:9} {rc:18.2f}")
    print("\nmd-in-txt / plain time:")
    for name, _ in tools:
        ratio = statistics.median(secs[("md-in-txt", name)]) / statistics.median(
            secs[("plain", name)])
        print(f"  {name:16} {ratio:5.2f}")


if __name__ == "__main__":
    main()
