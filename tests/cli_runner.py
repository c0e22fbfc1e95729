"""Run the command line inside the test process (spaCy stays loaded: fast)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


def run_cli(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            cwd: Path) -> tuple[int, str, str]:
    """``genderlens ARGS`` in ``cwd``: (exit code, stdout, stderr)."""
    from genderlens.commands.cli import main

    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["genderlens", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    out, err = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), out, err
