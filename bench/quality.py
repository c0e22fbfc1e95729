"""Score genderlens against the dev labels in ../shared/corpus/labels/.

Vietnamese: clause-level precision and recall per category (differential,
protective, special-measure) against DIFF/PROTECT/MEASURE labels; EQUAL units that got
a differential finding are listed. English: generic-masculine recall and precision
against GENERIC_MASC labels (by line and token), male-default nouns against
MALE_DEFAULT_NOUN, and language findings per 10 000 words on the neutral_modern Acts.

Usage: python bench/quality.py [--corpus ../shared/corpus] [--verbose]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import genderlens  # noqa: E402
from genderlens.model import Finding, Unit  # noqa: E402

CHECKLISTS: list[str] | None = None
VI_MAP = {"DIFF": "differential", "PROTECT": "protective", "MEASURE": "special-measure"}


def label_key(unit: Unit, parents: dict[str, Unit]) -> str:
    """'Điều 169.2' style key of the smallest non-quoted unit holding ``unit``."""
    u: Unit | None = unit
    while u is not None and u.quoted:
        u = parents.get(u.id)
    if u is None or not u.locator.article:
        return ""
    loc = u.locator
    key = f"Điều {loc.article}"
    for part in (loc.clause, loc.point):
        if part:
            key += f".{part}"
    return key


def score(tp: int, fp: int, fn: int) -> tuple[float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r


def vietnamese(corpus: Path, verbose: bool) -> dict[str, tuple[int, int, int]]:
    rows = list(
        csv.DictReader(
            (corpus / "labels/differential_vi.tsv").open(encoding="utf-8"),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
    )
    by_file: dict[str, dict[str, str]] = defaultdict(dict)
    for r in rows:
        by_file[r["file"]][r["locator"]] = r["label"]
    totals: dict[str, list[int]] = {c: [0, 0, 0] for c in VI_MAP.values()}
    equal_hits = 0
    protect_ok = protect_all = 0
    print("\n== Vietnamese clause labels (differential_vi.tsv) ==")
    print(f"{'file':48} {'category':16} {'P':>5} {'R':>5}  tp fp fn")
    for file, gold in sorted(by_file.items()):
        review = genderlens.review(corpus / file, checklists=CHECKLISTS)
        parents = {c.id: u for u in review.document.walk() for c in u.children}
        units = {u.id: u for u in review.document.walk()}
        pred: dict[str, set[str]] = defaultdict(set)
        for f in review.findings:
            if f.category in VI_MAP.values() and f.unit_id in units:
                pred[f.category].add(label_key(units[f.unit_id], parents))
        for label, cat in VI_MAP.items():
            g = {k for k, v in gold.items() if v == label}
            p = pred[cat] - {""}
            if cat != "differential":
                # protective and special-measure are classifications of marked units;
                # unlabelled units are not scored for them.
                p = p & set(gold)
            tp, fp, fn = len(g & p), len(p - g), len(g - p)
            for i, v in enumerate((tp, fp, fn)):
                totals[cat][i] += v
            if g or p:
                pr, rc = score(tp, fp, fn)
                print(
                    f"{Path(file).name[:48]:48} {cat:16} {pr:5.2f} {rc:5.2f}  {tp:2} {fp:2} {fn:2}"
                )
                if verbose:
                    for k in sorted(p - g):
                        print(f"    FP {k}: gold={gold.get(k, '-')}")
                    for k in sorted(g - p):
                        print(f"    FN {k}")
        eq = {k for k, v in gold.items() if v == "EQUAL"}
        equal_hits += len(eq & pred["differential"])
        prot = {k for k, v in gold.items() if v == "PROTECT"}
        protect_all += len(prot)
        protect_ok += len(
            {k for k in prot if k in pred["protective"] and k not in pred["differential"]}
        )
    print("-- totals --")
    for cat, (tp, fp, fn) in totals.items():
        pr, rc = score(tp, fp, fn)
        print(f"{'ALL':48} {cat:16} {pr:5.2f} {rc:5.2f}  {tp:2} {fp:2} {fn:2}")
    print(f"EQUAL units with a differential finding: {equal_hits}")
    share = protect_ok / protect_all if protect_all else 1.0
    print(
        "PROTECT units classified protective (not differential): "
        f"{protect_ok}/{protect_all} = {share:.2%}"
    )
    return {k: tuple(v) for k, v in totals.items()}  # type: ignore[misc]


def english(corpus: Path, verbose: bool) -> None:
    rows = list(
        csv.DictReader(
            (corpus / "labels/pronouns_en.tsv").open(encoding="utf-8"),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
    )
    by_file: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_file[r["file"]].append(r)
    print("\n== English pronoun and noun labels (pronouns_en.tsv) ==")
    print(f"{'file':48} {'kind':10} {'P':>5} {'R':>5}  tp fp fn")
    tot = {"pronoun": [0, 0, 0], "noun": [0, 0, 0]}
    for file, labels in sorted(by_file.items()):
        review = genderlens.review(corpus / file, checklists=CHECKLISTS)
        limit = max(int(r["line"]) for r in labels) if "B-3" in file else None
        found: dict[tuple[int, str], list[Finding]] = defaultdict(list)
        for f in review.findings:
            if f.category == "language" and f.span and f.span.line and f.severity.name != "info":
                found[(f.span.line, f.quote.lower())].append(f)
        for kind, gold_label, is_pron in (
            ("pronoun", "GENERIC_MASC", True),
            ("noun", "MALE_DEFAULT_NOUN", False),
        ):
            gold: dict[tuple[int, str], int] = defaultdict(int)
            for r in labels:
                if r["label"] == gold_label:
                    gold[(int(r["line"]), r["token"].lower())] += 1
            pred: dict[tuple[int, str], int] = defaultdict(int)
            for (line, quote), fs in found.items():
                pron = quote in ("he", "him", "his", "himself")
                if pron != is_pron or (limit and line > limit):
                    continue
                pred[(line, quote)] += len(fs)
            tp = sum(min(gold[k], pred.get(k, 0)) for k in gold)
            fn = sum(gold.values()) - tp
            fp = sum(pred.values()) - sum(min(gold.get(k, 0), v) for k, v in pred.items())
            if not is_pron:
                # nouns: compare by line only (token forms vary: Chairman/vice-chairman)
                gl = {k[0] for k in gold}
                pl = {k[0] for k in pred}
                tp, fp, fn = len(gl & pl), len(pl - gl), len(gl - pl)
            for i, v in enumerate((tp, fp, fn)):
                tot[kind][i] += v
            if tp or fp or fn:
                pr, rc = score(tp, fp, fn)
                print(
                    f"{Path(file).name[:48]:48} {kind:10} {pr:5.2f} {rc:5.2f}  {tp:3} {fp:3} {fn:3}"
                )
                if verbose and is_pron:
                    for k in sorted(gold):
                        if pred.get(k, 0) < gold[k]:
                            print(f"    FN line {k[0]} {k[1]}")
    for kind, (tp, fp, fn) in tot.items():
        pr, rc = score(tp, fp, fn)
        print(f"{'ALL':48} {kind:10} {pr:5.2f} {rc:5.2f}  {tp:3} {fp:3} {fn:3}")
    print("\n-- language findings per 10 000 words, neutral_modern Acts --")
    for path in sorted((corpus / "en/canada-acts-md/neutral_modern").glob("*.md")):
        review = genderlens.review(path, checklists=CHECKLISTS)
        words = len(re.findall(r"\w+", "\n".join(p.text for p in review.document.paragraphs)))
        n = sum(
            1 for f in review.findings if f.category == "language" and f.severity.name != "info"
        )
        print(
            f"{path.name[:48]:48} {n:4} findings / {words:6} words = "
            f"{n / words * 10000:5.2f} per 10k"
        )
        if verbose:
            for f in review.findings:
                if f.category == "language" and f.severity.name != "info":
                    print(f"    {f.locator.text}: {f.quote}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--only", choices=["vi", "en"])
    ap.add_argument("--checklist", action="append", help="checklist id or path (default: built-in)")
    args = ap.parse_args()
    global CHECKLISTS
    CHECKLISTS = args.checklist
    if not (args.corpus / "labels").is_dir():
        sys.exit(f"labels not found under {args.corpus}")
    if args.only != "en":
        vietnamese(args.corpus, args.verbose)
    if args.only != "vi":
        english(args.corpus, args.verbose)


if __name__ == "__main__":
    main()
