"""Round trip of the corpus through LibreOffice: does every format read back the same law?

Every .docx under ../shared/corpus is converted with ``soffice --convert-to`` into PDF,
ODT and HTML (cached under a temporary folder, never committed), each copy is read and
structured by genderlens, and its articles and clause counts are compared with the
.docx's. Prints one line per law and format and the agreement rate per format.

    python bench/formats.py [--cache DIR] [--formats pdf,odt,html] [--limit N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus"


def convert(docs: Sequence[Path], fmt: str, out: Path, timeout: float = 1200) -> None:
    """Convert ``docs`` to ``fmt`` into ``out`` with one soffice run (skips done ones)."""
    out.mkdir(parents=True, exist_ok=True)
    todo = [d for d in docs if not (out / f"{d.stem}.{fmt}").exists()]
    if not todo:
        return
    profile = out.parent / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", fmt, "--outdir", str(out), *map(str, todo)],
        check=False, capture_output=True, timeout=timeout,
    )


def shape(path: Path) -> tuple[list[str], dict[str, int]]:
    """(article numbers in order, clauses per article) of a read and structured file."""
    from genderlens.api import read

    doc = read(path)
    arts = doc.articles()
    numbers = [a.number or "?" for a in arts]
    clauses = {}
    for i, a in enumerate(arts):
        clauses[f"{i}:{a.number}"] = sum(1 for u in a.walk() if u.kind == "clause")
    return numbers, clauses


def compare(ref: tuple[list[str], dict[str, int]], got: tuple[list[str], dict[str, int]]) -> str:
    """"" when the same articles and clause counts, else a short description."""
    if ref == got:
        return ""
    ra, rc = ref
    ga, gc = got
    if ra != ga:
        missing = len(ra) - len(ga)
        return f"articles {len(ga)}/{len(ra)}" + (f" ({missing:+d})" if missing else " (order)")
    diff = [k for k in rc if rc[k] != gc.get(k)]
    return f"clauses differ in {len(diff)} article(s), first Điều {diff[0].split(':')[1]}"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path,
                    default=Path(tempfile.gettempdir()) / "genderlens-formats")
    ap.add_argument("--formats", default="pdf,odt,html")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    docs = sorted(CORPUS.rglob("*.docx"))
    if args.limit:
        docs = docs[: args.limit]
    if not docs:
        print(f"no .docx under {CORPUS}")
        return 1
    formats = args.formats.split(",")
    for fmt in formats:
        t = time.perf_counter()
        convert(docs, fmt, args.cache / fmt)
        print(f"converted {len(docs)} .docx to {fmt} in {time.perf_counter() - t:.0f} s")
    totals = {fmt: [0, 0] for fmt in formats}
    for doc in docs:
        try:
            ref = shape(doc)
        except Exception as exc:
            print(f"{doc.name}: the .docx itself cannot be read ({exc})")
            continue
        if not ref[0]:
            continue  # no articles (templates, forms): nothing to compare
        for fmt in formats:
            copy = args.cache / fmt / f"{doc.stem}.{fmt}"
            totals[fmt][1] += 1
            if not copy.exists():
                print(f"{fmt:4} {doc.name}: not converted")
                continue
            t = time.perf_counter()
            try:
                why = compare(ref, shape(copy))
            except Exception as exc:
                why = f"error: {exc}"
            dt = time.perf_counter() - t
            if not why:
                totals[fmt][0] += 1
            print(f"{fmt:4} {doc.relative_to(CORPUS)}: {len(ref[0])} articles, "
                  f"{sum(ref[1].values())} clauses: {why or 'same'} ({dt:.1f} s)", flush=True)
    for fmt, (ok, n) in totals.items():
        rate = ok / n if n else 0.0
        print(f"{fmt}: {ok}/{n} laws read back with the same articles and clauses ({rate:.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
