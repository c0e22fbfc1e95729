"""Score genderlens against the dev labels in ../shared/corpus/labels/.

Vietnamese: clause-level precision and recall per category (differential,
protective, special-measure) against DIFF/PROTECT/MEASURE labels; EQUAL units that got
a differential finding are listed. English: generic-masculine recall and precision
against GENERIC_MASC labels (by line and token), male-default nouns against
MALE_DEFAULT_NOUN, and language findings per 10 000 words on the neutral_modern Acts.

Differential shapes: the project's own labels in ``bench/labels/`` (see its README):
``shapes.tsv`` (provisions written for the project, one mini document per case, scored
per shape) and ``real_vi.tsv`` / ``real_en.tsv`` (real provisions of the dev corpus,
with every DIFF unit found by reading). ``--noise`` lists every differential finding on
all of ``vi/laws-txt`` and the Canadian Acts with its label, so that each one outside
the labels can be read and counted right or wrong.

Usage: python bench/quality.py [--corpus ../shared/corpus] [--verbose]
       [--only vi|en|shapes|real|noise]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import genderlens  # noqa: E402
from genderlens.model import Finding, Unit  # noqa: E402

CHECKLISTS: list[str] | None = None
VI_MAP = {"DIFF": "differential", "PROTECT": "protective", "MEASURE": "special-measure"}


def _labelled_unit(unit: Unit, parents: dict[str, Unit]) -> Unit | None:
    """The smallest non-quoted unit holding ``unit`` (quoted amending text belongs to the
    amending provision), or None when it is in no article."""
    u: Unit | None = unit
    while u is not None and u.quoted:
        u = parents.get(u.id)
    return u if u is not None and u.locator.article else None


def label_key(unit: Unit, parents: dict[str, Unit]) -> str:
    """'Điều 169.2' style key (the labels' Vietnamese locators)."""
    u = _labelled_unit(unit, parents)
    if u is None:
        return ""
    loc = u.locator
    return f"Điều {loc.article}" + "".join(f".{p}" for p in (loc.clause, loc.point) if p)


def en_key(unit: Unit, parents: dict[str, Unit]) -> str:
    """'s.10(1)(a)' style key (the labels' English locators)."""
    u = _labelled_unit(unit, parents)
    if u is None:
        return ""
    loc = u.locator
    parts = (loc.clause, loc.point, loc.subpoint)
    return f"s.{loc.article}" + "".join(f"({p})" for p in parts if p)


DIFF_CATEGORIES = ("differential", "exclusion")


def differential_keys(review: Any, language: str) -> dict[str, list[Finding]]:
    """Label keys of the provisions with a differential-treatment finding."""
    parents = {c.id: u for u in review.document.walk() for c in u.children}
    units = {u.id: u for u in review.document.walk()}
    keyf = label_key if language == "vi" else en_key
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in review.findings:
        if f.category in DIFF_CATEGORIES and f.severity.name != "info" and f.unit_id in units:
            out[keyf(units[f.unit_id], parents)].append(f)
    out.pop("", None)
    return out


def classes_of(review: Any, language: str) -> dict[str, set[str]]:
    parents = {c.id: u for u in review.document.walk() for c in u.children}
    units = {u.id: u for u in review.document.walk()}
    keyf = label_key if language == "vi" else en_key
    out: dict[str, set[str]] = defaultdict(set)
    for f in review.findings:
        if f.unit_id in units:
            cat = (
                "differential"
                if f.category in DIFF_CATEGORIES and f.severity.name != "info"
                else f.category
            )
            out[keyf(units[f.unit_id], parents)].add(cat)
    return out


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def shapes(labels: Path, verbose: bool, name: str = "shapes.tsv") -> None:
    """Score the project's own labelled provisions (``shapes.tsv``; ``shapes_holdout.tsv``
    was written by another author and never tuned on), per language and shape: each
    case is a mini document; its target unit is DIFF or not."""
    import tempfile

    path = labels / name
    if not path.is_file():
        print(f"\n(no {path})")
        return
    rows = read_tsv(path)
    print(f"\n== Differential shapes, project labels ({path.name}: {len(rows)} cases) ==")
    per: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn tn
    prot = [0, 0]
    equal_diff = 0
    misses = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in rows:
            lang = r["lang"]
            text = r["text"].replace("\\n", "\n")
            doc = Path(tmp) / f"{r['id']}.{'txt' if lang == 'vi' else 'md'}"
            doc.write_text(text + "\n", encoding="utf-8")
            review = genderlens.review(doc, checklists=CHECKLISTS)
            parts = r["target"].split(".")
            if lang == "vi":
                key = "Điều " + ".".join(parts)
            else:
                key = f"s.{parts[0]}" + "".join(f"({p})" for p in parts[1:])
            cls = classes_of(review, lang).get(key, set())
            predicted = "differential" in cls
            gold = r["label"] == "DIFF"
            c = per[(lang, r["shape"])]
            if gold and predicted:
                c[0] += 1
            elif predicted:
                c[1] += 1
                misses.append(("FP", r, cls))
            elif gold:
                c[2] += 1
                misses.append(("FN", r, cls))
            else:
                c[3] += 1
            if r["label"] == "PROTECT":
                prot[1] += 1
                prot[0] += "protective" in cls and not predicted
            if r["label"] == "EQUAL" and predicted:
                equal_diff += 1
    print(f"{'lang':4} {'shape':10} {'P':>5} {'R':>5}  tp fp fn tn")
    tot = defaultdict(lambda: [0, 0, 0, 0])
    for (lang, shape), c in sorted(per.items()):
        pr, rc = score(c[0], c[1], c[2])
        print(f"{lang:4} {shape:10} {pr:5.2f} {rc:5.2f}  {c[0]:2} {c[1]:2} {c[2]:2} {c[3]:2}")
        for i in range(4):
            tot[lang][i] += c[i]
    for lang, c in sorted(tot.items()):
        pr, rc = score(c[0], c[1], c[2])
        print(f"{lang:4} {'ALL':10} {pr:5.2f} {rc:5.2f}  {c[0]:2} {c[1]:2} {c[2]:2} {c[3]:2}")
    share = prot[0] / prot[1] if prot[1] else 1.0
    print(f"PROTECT cases classified protective: {prot[0]}/{prot[1]} = {share:.2%}")
    print(f"EQUAL cases with a differential finding: {equal_diff}")
    if verbose:
        for kind, r, cls in misses:
            print(f"  {kind} {r['id']} ({r['label']}, target {r['target']}): got {sorted(cls)}")
            print(f"     {r['text'][:160]}")


def real(corpus: Path, labels: Path, verbose: bool) -> None:
    """Recall per shape and precision on the real provisions labelled by reading."""
    rows = []
    for name in ("real_vi.tsv", "real_en.tsv"):
        if (labels / name).is_file():
            rows += read_tsv(labels / name)
    dev = read_tsv(corpus / "labels/differential_vi.tsv")
    rows += [dict(r, shape=r.get("shape") or "dev") for r in dev]
    by_file: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for r in rows:
        loc = r["locator"].replace("Điều ", "Điều ")
        by_file[r["file"]].setdefault(loc, r)
    print(f"\n== Differential treatment on real provisions ({len(rows)} labelled units) ==")
    per_shape: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp = fp = fn = 0
    fps = []
    fns = []
    for file, gold in sorted(by_file.items()):
        lang = "en" if file.startswith("en/") else "vi"
        review = genderlens.review(corpus / file, checklists=CHECKLISTS)
        pred = differential_keys(review, lang)
        for key, r in gold.items():
            is_diff = r["label"] == "DIFF"
            hit = key in pred
            if is_diff:
                shape = r.get("shape") or "-"
                per_shape[shape][1] += 1
                per_shape[shape][0] += hit
                tp += hit
                fn += not hit
                if not hit:
                    fns.append((file, key, r))
            elif hit:
                fp += 1
                fps.append((file, key, r, pred[key]))
    pr, rc = score(tp, fp, fn)
    print(f"labelled units: precision {pr:.2f}, recall {rc:.2f} (tp {tp}, fp {fp}, fn {fn})")
    for shape, (found, total) in sorted(per_shape.items()):
        print(f"  recall {shape:10} {found}/{total}")
    if verbose:
        for file, key, r in fns:
            print(f"  FN {Path(file).name[:40]} {key}: {r.get('note', '')[:100]}")
        for file, key, r, fs in fps:
            print(f"  FP {Path(file).name[:40]} {key} gold={r['label']}: {fs[0].message[:110]}")


def noise(corpus: Path, labels: Path) -> None:
    """Every differential finding on all Vietnamese .txt laws and Canadian Acts, with its
    label (DIFF, another label, or unlabelled) so that the unlabelled ones can be read."""
    known: dict[tuple[str, str], str] = {}
    for name in ("real_vi.tsv", "real_en.tsv"):
        if (labels / name).is_file():
            for r in read_tsv(labels / name):
                known[(r["file"], r["locator"])] = r["label"]
    for r in read_tsv(corpus / "labels/differential_vi.tsv"):
        known[(r["file"], r["locator"])] = r["label"]
    files = sorted((corpus / "vi/laws-txt").glob("*.txt")) + sorted(
        (corpus / "en/canada-acts-md").rglob("*.md")
    )
    print(f"\n== Differential findings on {len(files)} laws (noise) ==")
    counts: dict[str, int] = defaultdict(int)
    by_shape: dict[str, int] = defaultdict(int)
    for path in files:
        rel = str(path.relative_to(corpus))
        lang = "en" if rel.startswith("en/") else "vi"
        review = genderlens.review(path, checklists=CHECKLISTS)
        for key, fs in sorted(differential_keys(review, lang).items()):
            label = known.get((rel, key), "unlabelled")
            counts[label] += 1
            by_shape[fs[0].shape or fs[0].category] += 1
            quote = fs[0].quote.replace("\n", " ")[:90]
            shape = fs[0].shape or fs[0].category
            print(f"  [{label:10}] {path.name[:38]:38} {key:16} {shape:10} {quote}")
    print("  by label: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print("  by shape: " + ", ".join(f"{k} {v}" for k, v in sorted(by_shape.items())))


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
    ap.add_argument("--only", choices=["vi", "en", "shapes", "real", "noise"])
    ap.add_argument("--labels", type=Path, default=ROOT / "bench" / "labels")
    ap.add_argument("--checklist", action="append", help="checklist id or path (default: built-in)")
    args = ap.parse_args()
    global CHECKLISTS
    CHECKLISTS = args.checklist
    if not (args.corpus / "labels").is_dir():
        sys.exit(f"labels not found under {args.corpus}")
    if args.only in (None, "vi"):
        vietnamese(args.corpus, args.verbose)
    if args.only in (None, "en"):
        english(args.corpus, args.verbose)
    if args.only in (None, "shapes"):
        shapes(args.labels, args.verbose)
        shapes(args.labels, args.verbose, "shapes_holdout.tsv")
        shapes(args.labels, args.verbose, "shapes_holdout2.tsv")
    if args.only in (None, "real"):
        real(args.corpus, args.labels, args.verbose)
    if args.only == "noise":
        noise(args.corpus, args.labels)


if __name__ == "__main__":
    main()
