"""Baselines: accept today's findings, fail CI only on new ones.

Why: a ministry adopting genderlens on a folder of drafts already in progress cannot fix
every historical finding before CI is useful. ``genderlens baseline create`` records the
current findings; ``genderlens review --baseline FILE`` then reports only findings that
are not in it and says how many were suppressed.

File format (JSON, UTF-8, sorted so that it diffs well in git)::

    {
      "schema_version": 1,
      "tool": {"name": "genderlens", "version": "0.1.0"},
      "findings": [
        {
          "id": "3f2a9c0e1b7d4a65",          # Finding.fingerprint (rule + locator + quote)
          "path": "drafts/luat.txt",         # relative to the baseline file's folder
          "rule": "vn-lge-appraisal.gm-09-differential-thresholds",
          "severity": "warning",             # for people reading the file; not matched
          "locator": "Điều 5 khoản 2",       # idem
          "quote": "nam đủ 62 tuổi"          # matched after normalisation (see below)
        }
      ]
    }

Matching, per file: first by ``id`` (a multiset: two identical findings need two entries);
then a finding whose id is unknown still matches an unused entry of the same file with
the same rule and the same normalised quote. The second pass is what keeps a baseline
useful when a clause is inserted and the later clauses or articles are renumbered (their
locators, and so their ids, change while the words do not). A draft that is renamed or
moved needs a new baseline: entries are never matched across files, because findings
about the whole draft (omissions) have the same id in every draft.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genderlens.errors import ConfigError
from genderlens.model import Finding, Review, normalise_quote

SCHEMA_VERSION = 1
DEFAULT_NAME = "genderlens-baseline.json"


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    path: str
    rule: str
    quote: str = ""
    severity: str = ""
    locator: str = ""

    @property
    def loose_key(self) -> tuple[str, str]:
        return self.rule, normalise_quote(self.quote)


@dataclass(frozen=True, slots=True)
class FileBaseline:
    """The entries of one file: what a worker needs to filter that file's findings."""

    entries: tuple[Entry, ...]

    def filter(self, findings: Sequence[Finding]) -> tuple[list[Finding], int]:
        """(findings not in the baseline, number suppressed)."""
        by_id = Counter(e.id for e in self.entries)
        unmatched: list[Finding] = []
        used_ids: Counter[str] = Counter()
        for f in findings:
            if used_ids[f.fingerprint] < by_id[f.fingerprint]:
                used_ids[f.fingerprint] += 1
            else:
                unmatched.append(f)
        # Entries left over after exact matching may match moved findings loosely.
        left = Counter(by_id)
        left.subtract(used_ids)
        loose: Counter[tuple[str, str]] = Counter()
        for e in self.entries:
            if left[e.id] > 0:
                left[e.id] -= 1
                loose[e.loose_key] += 1
        kept: list[Finding] = []
        for f in unmatched:
            key = (f.rule, normalise_quote(f.quote))
            if f.quote and loose[key] > 0:
                loose[key] -= 1
            else:
                kept.append(f)
        return kept, len(findings) - len(kept)


class Baseline:
    """A loaded baseline file."""

    def __init__(self, entries: Iterable[Entry], folder: Path) -> None:
        self.folder = folder
        self.by_path: dict[str, list[Entry]] = {}
        for e in entries:
            self.by_path.setdefault(e.path, []).append(e)

    def key(self, path: str | os.PathLike[str]) -> str:
        return relative_key(path, self.folder)

    def for_file(self, path: str | os.PathLike[str]) -> FileBaseline:
        return FileBaseline(tuple(self.by_path.get(self.key(path), ())))

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_path.values())


def relative_key(path: str | os.PathLike[str], folder: Path) -> str:
    """A file's path relative to the baseline's folder, with forward slashes."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(folder))
    return Path(rel).as_posix()


def load(path: Path) -> Baseline:
    """Read a baseline; a missing or malformed file is a configuration error (exit 2)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found "
                          "(create it with 'genderlens baseline create PATH... -o FILE')") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: baseline is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ConfigError(f"{path}: not a genderlens baseline (no 'findings' list)")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ConfigError(f"{path}: baseline schema_version {version!r} is not supported "
                          f"(expected {SCHEMA_VERSION})")
    entries = []
    for i, raw in enumerate(data["findings"]):
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str)
                                                for k in ("id", "path", "rule")):
            raise ConfigError(f"{path}: findings[{i}]: expected id, path and rule strings")
        entries.append(Entry(raw["id"], raw["path"], raw["rule"], str(raw.get("quote", "")),
                             str(raw.get("severity", "")), str(raw.get("locator", ""))))
    return Baseline(entries, path.resolve().parent)


def entries_for(review: Review, path: str | os.PathLike[str], folder: Path) -> list[Entry]:
    key = relative_key(path, folder)
    return [Entry(f.fingerprint, key, f.rule, f.quote, f.severity.name, f.locator.text)
            for f in review.findings]


def dumps(entries: Iterable[Entry]) -> str:
    from genderlens import __version__

    rows: list[dict[str, Any]] = [
        {"id": e.id, "path": e.path, "rule": e.rule, "severity": e.severity,
         "locator": e.locator, "quote": e.quote}
        for e in sorted(entries, key=lambda e: (e.path, e.rule, e.locator, e.id))
    ]
    doc = {"schema_version": SCHEMA_VERSION,
           "tool": {"name": "genderlens", "version": __version__},
           "findings": rows}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
