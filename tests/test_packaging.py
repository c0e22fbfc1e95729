"""A plain, non-editable install must carry the built-in checklists and templates."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_checklists_and_templates(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (test extra)")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("genderlens-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in ROOT.joinpath("checklists").rglob("*.yaml"):
        assert (
            f"genderlens/_data/checklists/{path.relative_to(ROOT / 'checklists').as_posix()}"
            in names
        )
    for path in ROOT.joinpath("templates").rglob("*.j2"):  # partials/ too
        rel = path.relative_to(ROOT / "templates").as_posix()
        assert f"genderlens/_data/templates/{rel}" in names
    assert "genderlens/_data/templates/memo.docx" in names


def test_data_found_from_installed_location(tmp_path: Path, monkeypatch) -> None:
    """resources prefers genderlens/_data (the wheel layout) over the checkout."""
    import genderlens.resources as res

    fake_pkg = tmp_path / "genderlens"
    (fake_pkg / "_data" / "checklists").mkdir(parents=True)
    monkeypatch.setattr(res, "_PKG", fake_pkg)
    assert res.checklists_dir() == fake_pkg / "_data" / "checklists"
    with pytest.raises(FileNotFoundError):
        res.templates_dir()


def test_writing_to_a_device_keeps_the_device() -> None:
    """``-o /dev/null`` must not replace /dev/null with a regular file (it would if the
    atomic rename were used on it)."""
    import stat

    from genderlens.output import write_atomic

    write_atomic(os.devnull, "nothing\n")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
