"""Writing outputs: atomic replacement, never over an input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from genderlens.errors import UsageError
from genderlens.output import atomic_text, refuse_overwrite_input, write_atomic


def test_write_atomic_writes_text_and_bytes(tmp_path: Path):
    target = tmp_path / "memo.md"
    write_atomic(target, "Xin chào — {{ 7*7 }}\n")
    assert target.read_text(encoding="utf-8") == "Xin chào — {{ 7*7 }}\n"
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.md"]


def test_write_atomic_keeps_the_old_file_and_cleans_up_on_error(tmp_path: Path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_streamed_report_replaces_the_file_only_when_complete(tmp_path: Path):
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_text(target) as fh:
        fh.write("half of a reпort")
        raise RuntimeError("the renderer failed midway")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    with atomic_text(target) as fh:
        fh.write("nữ\r\nnam\n")
    assert target.read_bytes() == "nữ\r\nnam\n".encode()  # UTF-8, line ends as written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_write_atomic_gives_normal_permissions(tmp_path: Path):
    target = tmp_path / "x.txt"
    write_atomic(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_atomic_needs_an_existing_folder(tmp_path: Path):
    with pytest.raises(UsageError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "x.txt", "x")


def test_refuse_overwrite_input_sees_through_spellings_and_links(tmp_path: Path, monkeypatch):
    draft = tmp_path / "draft.docx"
    draft.write_bytes(b"PK")
    monkeypatch.chdir(tmp_path)
    for out in (draft, "draft.docx", "./draft.docx", tmp_path / "sub" / ".." / "draft.docx"):
        with pytest.raises(UsageError, match="refusing to overwrite"):
            refuse_overwrite_input(out, [draft])
    link = tmp_path / "link.docx"
    link.symlink_to(draft)
    with pytest.raises(UsageError):
        refuse_overwrite_input(link, [draft])
    hard = tmp_path / "hard.docx"
    os.link(draft, hard)
    with pytest.raises(UsageError):
        refuse_overwrite_input(hard, ["draft.docx"])


def test_refuse_overwrite_input_allows_other_paths_and_stdout(tmp_path: Path):
    draft = tmp_path / "draft.docx"
    draft.write_bytes(b"PK")
    refuse_overwrite_input(tmp_path / "draft.annotated.docx", [draft])
    refuse_overwrite_input("-", [draft])
    refuse_overwrite_input(None, [draft])
