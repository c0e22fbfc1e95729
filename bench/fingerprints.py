"""Dump what a review says about every corpus file, to compare two versions of the code.

Usage: python bench/fingerprints.py OUT.json [FOLDER ...]
       python bench/fingerprints.py --compare BEFORE.json AFTER.json

Per file: the finding fingerprints (with locator text), and the id and locator of every
unit. A structure change that must not move existing reviews (baselines and
suppressions key on fingerprints) shows up as a difference here; ``--compare`` prints
the files that differ and how.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT = ("vi/laws-txt", "vi/laws-docx", "vi/bidding-docx", "vi/labour-code-consolidated",
           "vi/phapdien-md", "en/canada-acts-md", "en/us-uslm")


def dump(out: Path, folders: list[str]) -> None:
    import genderlens
    from genderlens.readers import SUFFIXES

    result: dict[str, object] = {}
    for folder in folders:
        base = Path(folder) if Path(folder).is_dir() else CORPUS / folder
        for path in sorted(p for p in base.rglob("*") if p.suffix.lower() in SUFFIXES):
            key = str(path.relative_to(CORPUS)) if path.is_relative_to(CORPUS) else str(path)
            try:
                doc = genderlens.read(path)
                review = genderlens.review(doc)
            except Exception as exc:  # a bench records every outcome
                result[key] = {"error": str(exc)}
                continue
            result[key] = {
                "findings": sorted(f"{f.fingerprint} {f.locator.text}" for f in review.findings),
                "units": [f"{u.id} {u.locator.text}" for u in doc.walk()],
                # everything else a report shows, in report order: a change of message,
                # severity, span, shape or folding is a change too
                "details": [_detail(f) for f in review.findings],
                "items": [f"{i.checklist}.{i.item} {i.status} {','.join(i.evidence)}"
                          for i in review.items],
            }
            print(key, len(review.findings), file=sys.stderr)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=0), encoding="utf-8")


def _detail(f: Any) -> str:
    span = f.span
    where = (f"{span.start}-{span.end} p{span.paragraph}:{span.para_start}-{span.para_end} "
             f"s{span.source_start}-{span.source_end} l{span.line}:{span.column}") if span else "-"
    return "\x1f".join((f.fingerprint, f.severity.name, f.category, f.quote, f.message,
                         f.suggestion, f.basis, where, f.unit_id, f.shape, *f.related))


def compare(before: Path, after: Path) -> int:
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    changed = 0
    for key in sorted(set(a) | set(b)):
        fa, fb = a.get(key, {}), b.get(key, {})
        lost = sorted(set(fa.get("findings", [])) - set(fb.get("findings", [])))
        new = sorted(set(fb.get("findings", [])) - set(fa.get("findings", [])))
        units_same = fa.get("units") == fb.get("units")
        details_same = (fa.get("details"), fa.get("items")) == (fb.get("details"), fb.get("items"))
        if lost or new or not units_same or not details_same:
            changed += 1
            print(f"{key}: -{len(lost)} +{len(new)} findings; units "
                  f"{'same' if units_same else 'changed'}; details "
                  f"{'same' if details_same else 'changed'}")
            for line in lost[:5]:
                print("   -", line)
            for line in new[:5]:
                print("   +", line)
    print(f"{len(set(a) | set(b))} files, {changed} differ")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--compare"]:
        sys.exit(compare(Path(args[1]), Path(args[2])))
    dump(Path(args[0]), args[1:] or list(DEFAULT))
