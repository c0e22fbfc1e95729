"""What a review imports: start-up is part of every run (a one-page draft in 0.2 s)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import sys
from genderlens.commands.cli import main
sys.argv = ["genderlens", "review", "--format", "json", "-o", sys.argv[1], "--fail-on",
            "never", "--quiet", sys.argv[2]]
try:
    main()
except SystemExit:
    pass
heavy = [m for m in ("jsonschema", "pydantic", "spacy") if m in sys.modules]
print("imported:" + ",".join(heavy))
"""


def test_a_review_of_built_in_checklists_imports_no_validator_or_model(tmp_path: Path) -> None:
    """Built-in checklists come from the data cache once it is warm, so jsonschema (for
    checking a lawyer's own checklist) is not imported; nor are pydantic (typer 0.29
    builds its command line through it) and spaCy (only the tokenizer tests use it)."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    draft = ROOT / "examples" / "draft-regulation.md"
    out = tmp_path / "out.json"
    run = [sys.executable, "-c", _PROBE, str(out), str(draft)]
    subprocess.run(run, env=env, check=True, capture_output=True, text=True)  # warms the cache
    probe = subprocess.run(run, env=env, check=True, capture_output=True, text=True)
    assert out.stat().st_size > 0 and (tmp_path / "cache").is_dir()
    assert probe.stdout.strip().splitlines()[-1] == "imported:"
