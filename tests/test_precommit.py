"""The pre-commit hook definition runs.

Two levels, because the real thing needs the network:

* always: ``.pre-commit-hooks.yaml`` validates against pre-commit's own manifest schema
  (when pre-commit is installed), its ``files``/``types`` select exactly the drafts
  genderlens reads (Word files included), and its ``entry`` run as pre-commit would
  (``entry`` + ``args`` + file names) exits 1 on a draft with an error and 0 on a clean one;
* when ``pre-commit`` and ``git`` are installed and PyPI is reachable:
  ``pre-commit try-repo <this repo> genderlens --files ...`` in a throw-away git
  repository with ``PRE_COMMIT_HOME`` in a temporary folder. pre-commit pip-installs the
  repository's HEAD into a fresh virtualenv (about 40 s with a warm pip cache), so the
  hook is proven end to end; without network the test is skipped with the reason.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"

BAD = "LUẬT THỬ\nĐiều 1. Việc làm\nPhụ nữ không được tham gia đội cứu hộ trên biển.\n"
GOOD = "LUẬT THỬ\nĐiều 1. Việc làm\nNgười lao động được tham gia đội cứu hộ trên biển.\n"


def hook(hook_id: str = "genderlens") -> dict[str, object]:
    hooks = yaml.safe_load(MANIFEST.read_text("utf-8"))
    assert isinstance(hooks, list) and len({h["id"] for h in hooks}) == len(hooks)
    h: dict[str, object] = next(h for h in hooks if h["id"] == hook_id)
    return h


def test_manifest_is_valid_for_pre_commit() -> None:
    h = hook()
    assert h["id"] == "genderlens"
    assert h["entry"] == "genderlens review"
    assert h["language"] == "python"
    assert h["pass_filenames"] is True
    try:
        from pre_commit.clientlib import load_manifest
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    loaded = load_manifest(str(MANIFEST))
    assert loaded[0]["id"] == "genderlens"


@pytest.mark.parametrize(("name", "selected"), [
    ("drafts/luat.txt", True), ("README.md", True), ("notes.markdown", True),
    ("du-thao.docx", True), ("old.doc", False), ("tool.py", False), ("data.json", False),
    ("luat.txt.bak", False),
])
def test_files_regex_selects_drafts(name: str, selected: bool) -> None:
    assert bool(re.search(str(hook()["files"]), name)) is selected


def test_types_let_word_files_through(tmp_path: Path) -> None:
    identify = pytest.importorskip("identify.identify", reason="identify comes with pre-commit")
    import zipfile

    docx = tmp_path / "d.docx"  # identify sees a binary file with an unknown extension
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    txt = tmp_path / "d.txt"
    txt.write_text(GOOD, encoding="utf-8")
    md = tmp_path / "d.md"
    md.write_text("# T\n", encoding="utf-8")
    types = set(hook().get("types", []))  # type: ignore[arg-type]
    types_or = set(hook().get("types_or", []))  # type: ignore[arg-type]
    for path in (docx, txt, md):
        tags = identify.tags_from_path(str(path))
        assert types <= tags, (path, tags)
        assert not types_or or types_or & tags, (path, tags)


def _entry_command() -> list[str]:
    entry = shlex.split(str(hook()["entry"]))
    args = [str(a) for a in hook().get("args", [])]  # type: ignore[attr-defined]
    assert entry[0] == "genderlens"
    # Run this checkout's code whether or not the console script is installed.
    return [sys.executable, "-m", "genderlens", *entry[1:], *args]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_entry_runs_like_pre_commit(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    cmd = _entry_command()
    bad = subprocess.run([*cmd, "bad.txt", "good.txt"], cwd=tmp_path, capture_output=True,
                         text=True, env=_env(), timeout=300)
    assert bad.returncode == 1, bad.stderr
    assert "gm-10-exclusion-by-sex" in bad.stdout
    good = subprocess.run([*cmd, "good.txt"], cwd=tmp_path, capture_output=True, text=True,
                          env=_env(), timeout=300)
    assert good.returncode == 0, good.stderr


def _pypi_reachable() -> bool:
    try:
        with socket.create_connection(("pypi.org", 443), timeout=3):
            return True
    except OSError:
        return False


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    exe = shutil.which("pre-commit")
    if exe is None or shutil.which("git") is None:
        pytest.skip("pre-commit or git not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: try-repo needs the repository's history")
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", ".pre-commit-hooks.yaml"],
                             cwd=ROOT, capture_output=True)
    if tracked.returncode != 0:
        pytest.skip(".pre-commit-hooks.yaml is not committed yet")
    if not _pypi_reachable():
        pytest.skip("PyPI unreachable: try-repo pip-installs the hook; the entry test covers it")
    work = tmp_path / "work"
    work.mkdir()
    (work / "bad.txt").write_text(BAD, encoding="utf-8")
    (work / "good.txt").write_text(GOOD, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    subprocess.run(["git", "add", "."], cwd=work, check=True)
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env.pop("PYTHONPATH", None)
    env["GIT_CONFIG_GLOBAL"] = os.devnull  # no user hooks or templates

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe, "try-repo", str(ROOT), "genderlens", "--files", *files],
                              cwd=work, capture_output=True, text=True, env=env, timeout=900)

    bad = try_repo("bad.txt", "good.txt")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and "gm-10-exclusion-by-sex" in bad.stdout
    good = try_repo("good.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
