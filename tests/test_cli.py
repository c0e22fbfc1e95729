"""The command line: start-up cost, commands and options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "200"
    return env


def test_help_does_not_import_spacy_or_docx() -> None:
    """``genderlens --help`` (and every command's --help) stays light."""
    code = (
        "import sys\n"
        "from genderlens.commands.cli import app\n"
        "heavy = ('spacy', 'docx', 'lxml', 'jinja2', 'thinc')\n"
        "for args in (['--help'], ['review', '--help'], ['diff', '--help'],\n"
        "             ['baseline', 'create', '--help'], ['init', '--help']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit as e:\n"
        "        assert e.code in (0, None), (args, e.code)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in heavy)\n"
        "print('LOADED', loaded)\n"
        "assert not loaded, loaded\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "LOADED []" in proc.stdout


def test_review_help_lists_batch_options() -> None:
    proc = subprocess.run([sys.executable, "-m", "genderlens", "review", "--help"],
                          capture_output=True, text=True, env=_env(), timeout=120)
    assert proc.returncode == 0
    for option in ("--jobs", "--output-dir", "--annotate-dir", "--include", "--exclude",
                   "--fail-on", "--baseline", "--config", "--report", "--disable", "--enable",
                   "--severity", "--no-doublets"):
        assert option in proc.stdout, option
    proc = subprocess.run([sys.executable, "-m", "genderlens", "--help"], capture_output=True,
                          text=True, env=_env(), timeout=120)
    for command in ("review", "diff", "baseline", "init", "outline", "checklist", "rules"):
        assert command in proc.stdout


def test_usage_error_is_exit_2_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "genderlens", "review", "x.txt", "--jobs", "0"],
                          capture_output=True, text=True, env=_env(), timeout=120, cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
