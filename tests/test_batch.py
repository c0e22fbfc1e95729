"""Batch review: folders, globs, broken files, exit codes, outputs, the process pool."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

LAW_VI = """QUỐC HỘI
LUẬT CÂU LẠC BỘ
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về việc đăng ký hoạt động câu lạc bộ.
Điều 2. Điều kiện tham gia
1. Người tham gia phải có năng lực hành vi dân sự đầy đủ.
2. Tuổi tối thiểu là 18 tuổi đối với nam và 16 tuổi đối với nữ.
Điều 3. Hồ sơ
Hồ sơ gồm đơn và bản sao giấy tờ tùy thân.
"""

REG_EN = """# Community Clubs Regulation 2026

## 1 Short title

This regulation is the Community Clubs Regulation 2026.

## 2 Registration

(1) An applicant must lodge the form with the registrar.

(2) The registrar must decide the application within 30 days after he receives it.
"""

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048


def make_docx(path: Path, paragraphs: list[str]) -> Path:
    """A minimal valid .docx (what Word needs and the reader checks)."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p>' for t in paragraphs)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body>{body}</w:body></w:document>")
    ct = ('<?xml version="1.0" encoding="UTF-8"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
    return path




def broken_files(folder: Path, real_docx: Path) -> dict[str, Path]:
    """Empty, not-a-zip, encrypted (OLE) and truncated inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {
        "empty": folder / "empty.txt",
        "notzip": folder / "notzip.docx",
        "encrypted": folder / "encrypted.docx",
        "truncated": folder / "truncated.docx",
    }
    out["empty"].write_bytes(b"")
    out["notzip"].write_text("this is not a Word file", encoding="utf-8")
    out["encrypted"].write_bytes(OLE)
    data = real_docx.read_bytes()
    out["truncated"].write_bytes(data[: len(data) // 2])
    return out


def _check_mixed_folder(tmp_path: Path, good: list[Path], broken: dict[str, Path],
                        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                        jobs: str = "1") -> None:
    code, out, err = run_cli(["review", "drafts", "--format", "json", "-j", jobs,
                              "--fail-on", "never"], monkeypatch, capsys, tmp_path)
    assert code == 3, err
    assert "Traceback" not in err
    report = json.loads(out)
    by_path = {f["path"]: f for f in report["files"]}
    for g in good:
        rel = g.relative_to(tmp_path).as_posix()
        assert rel in by_path, (rel, list(by_path))
        assert by_path[rel]["error"] is None
        assert by_path[rel]["items"], rel
    lines = err.splitlines()
    for name, path in broken.items():
        rel = path.relative_to(tmp_path).as_posix()
        mentioning = [line for line in lines if rel in line]
        assert len(mentioning) == 1, (name, mentioning, err)
        assert mentioning[0].startswith("genderlens: ")
        assert by_path[rel]["error"]
        assert by_path[rel]["findings"] == []


def test_mixed_folder_written_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    drafts = tmp_path / "drafts"
    (drafts / "en").mkdir(parents=True)
    good = [drafts / "luat.txt", drafts / "en" / "reg.md", drafts / "nghi-dinh.docx"]
    good[0].write_text(LAW_VI, encoding="utf-8")
    good[1].write_text(REG_EN, encoding="utf-8")
    make_docx(good[2], LAW_VI.splitlines())
    broken = broken_files(drafts / "bad", good[2])
    _check_mixed_folder(tmp_path, good, broken, monkeypatch, capsys)


@pytest.mark.corpus
def test_mixed_folder_real_laws_in_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    txt = CORPUS / "vi" / "laws-txt"
    docx = CORPUS / "vi" / "laws-docx"
    if not txt.is_dir() or not docx.is_dir():
        pytest.skip(f"real-law corpus not found at {CORPUS}")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    small = sorted(txt.glob("*.txt"), key=lambda p: p.stat().st_size)[:2]
    small_docx = sorted(docx.glob("*.docx"), key=lambda p: p.stat().st_size)[:1]
    good = []
    for src in [*small, *small_docx]:
        dst = drafts / src.name
        shutil.copyfile(src, dst)
        good.append(dst)
    broken = broken_files(drafts, small_docx[0])
    _check_mixed_folder(tmp_path, good, broken, monkeypatch, capsys, jobs="2")


def test_pool_keeps_input_order_and_matches_sequential(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "d"
    d.mkdir()
    # Different sizes so that completion order differs from input order.
    for i in range(4):
        extra = "\n".join(f"Điều {n}. Điều khoản {n}\nNội dung {n}." for n in range(4, 4 + 30 * i))
        (d / f"f{i}.txt").write_text(LAW_VI + extra + "\n", encoding="utf-8")
    code1, out1, _ = run_cli(["review", "d", "-f", "json", "-j", "1", "--fail-on", "never"],
                             monkeypatch, capsys, tmp_path)
    code2, out2, err2 = run_cli(["review", "d", "-f", "json", "-j", "2", "--fail-on", "never"],
                                monkeypatch, capsys, tmp_path)
    assert code1 == code2 == 0, err2
    files1 = json.loads(out1)["files"]
    files2 = json.loads(out2)["files"]
    assert [f["path"] for f in files2] == [f"d/f{i}.txt" for i in range(4)]
    assert [[x["id"] for x in f["findings"]] for f in files1] == \
        [[x["id"] for x in f["findings"]] for f in files2]


def test_discovery_skips_hidden_lock_files_and_other_types(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "drafts"
    for sub in (".git", ".hidden", "keep", "archive"):
        (d / sub).mkdir(parents=True)
    (d / "keep" / "a.txt").write_text(LAW_VI, encoding="utf-8")
    (d / "keep" / "b.markdown").write_text(REG_EN, encoding="utf-8")
    (d / ".git" / "x.txt").write_text(LAW_VI, encoding="utf-8")
    (d / ".hidden" / "y.md").write_text(REG_EN, encoding="utf-8")
    (d / "archive" / "old.txt").write_text(LAW_VI, encoding="utf-8")
    (d / "keep" / "~$a.docx").write_bytes(b"lock")  # Word's owner file
    (d / "keep" / "notes.xlsx").write_bytes(b"PK\x03\x04")  # not a draft format
    (d / "keep" / "script.py").write_text("print(1)\n", encoding="utf-8")
    code, out, err = run_cli(["review", "drafts", "-f", "json", "-j", "1", "--exclude",
                              "archive", "--fail-on", "never"], monkeypatch, capsys, tmp_path)
    assert code == 0, err
    paths = [f["path"] for f in json.loads(out)["files"]]
    assert paths == ["drafts/keep/a.txt", "drafts/keep/b.markdown"]
    code, out, err = run_cli(["review", "drafts", "-f", "json", "-j", "1", "--include",
                              "keep/*.txt", "--fail-on", "never"], monkeypatch, capsys, tmp_path)
    assert [f["path"] for f in json.loads(out)["files"]] == ["drafts/keep/a.txt"]


def test_globs_and_missing_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "drafts" / "sub"
    d.mkdir(parents=True)
    (d / "a.txt").write_text(LAW_VI, encoding="utf-8")
    (d / "b.md").write_text(REG_EN, encoding="utf-8")
    code, out, err = run_cli(["review", "drafts/**/*.txt", "-f", "json", "-j", "1",
                              "--fail-on", "never"], monkeypatch, capsys, tmp_path)
    assert code == 0, err
    assert [f["path"] for f in json.loads(out)["files"]] == ["drafts/sub/a.txt"]
    code, out, err = run_cli(["review", "drafts/sub/a.txt", "nope.txt", "drafts/*.docx", "-f",
                              "json", "-j", "1", "--fail-on", "never"], monkeypatch, capsys,
                             tmp_path)
    assert code == 3
    assert err.count("genderlens: nope.txt: no such file or folder") == 1
    assert "drafts/*.docx: no supported files match" in err
    assert json.loads(out)["files"][0]["error"] is None


def test_explicit_file_of_other_type_is_one_line_exit_3(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.xlsx").write_bytes(b"PK\x03\x04")
    code, _out, err = run_cli(["review", "notes.xlsx", "-f", "json"], monkeypatch, capsys,
                             tmp_path)
    assert code == 3
    assert err.strip().count("\n") == 0 and "notes.xlsx" in err and "unsupported" in err


def test_exit_codes_and_fail_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "luat.txt").write_text(LAW_VI, encoding="utf-8")
    base = ["review", "luat.txt", "-f", "json", "-j", "1"]
    assert run_cli(base, monkeypatch, capsys, tmp_path)[0] == 0  # only warnings
    assert run_cli([*base, "--fail-on", "warning"], monkeypatch, capsys, tmp_path)[0] == 1
    assert run_cli([*base, "--fail-on", "info"], monkeypatch, capsys, tmp_path)[0] == 1
    assert run_cli([*base, "--fail-on", "never"], monkeypatch, capsys, tmp_path)[0] == 0
    code, _, err = run_cli([*base, "--fail-on", "sometimes"], monkeypatch, capsys, tmp_path)
    assert code == 2 and "--fail-on" in err
    code, _, err = run_cli([*base, "--format", "pdf"], monkeypatch, capsys, tmp_path)
    assert code == 2 and "unknown format" in err
    code, _, err = run_cli(["review", "no-such-folder"], monkeypatch, capsys, tmp_path)
    assert code == 3 and "no-such-folder: no such file or folder" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run_cli(["review", "empty"], monkeypatch, capsys, tmp_path)
    assert code == 2 and "no drafts to review" in err


def test_unexpected_exception_is_one_line_and_others_continue(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import genderlens.api

    (tmp_path / "a.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / "boom.txt").write_text(LAW_VI, encoding="utf-8")
    real = genderlens.api.review

    def flaky(path, **kw):  # type: ignore[no-untyped-def]
        if str(path).endswith("boom.txt"):
            raise RuntimeError("detector exploded")
        return real(path, **kw)

    monkeypatch.setattr(genderlens.api, "review", flaky)
    code, out, err = run_cli(["review", "a.txt", "boom.txt", "-f", "json", "-j", "1"],
                             monkeypatch, capsys, tmp_path)
    assert code == 3
    assert "genderlens: internal error while reviewing boom.txt: RuntimeError: detector exploded" \
        in err
    assert "Traceback" not in err
    files = json.loads(out)["files"]
    assert files[0]["error"] is None and files[1]["error"]


def test_output_dir_mirrors_paths_and_writes_summaries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "drafts"
    (d / "en").mkdir(parents=True)
    (d / "luat.txt").write_text(LAW_VI, encoding="utf-8")
    (d / "en" / "reg.md").write_text(REG_EN, encoding="utf-8")
    make_docx(d / "nd.docx", LAW_VI.splitlines())
    (d / "empty.txt").write_bytes(b"")
    code, out, err = run_cli(["review", "drafts", "-f", "json", "--output-dir", "out",
                              "--annotate-dir", "out", "-j", "1", "--fail-on", "never"],
                             monkeypatch, capsys, tmp_path)
    assert code == 3, err
    assert out == ""  # per-file outputs go to the folder, not stdout
    o = tmp_path / "out"
    assert json.loads((o / "drafts" / "luat.txt.json").read_text("utf-8"))["files"][0]["path"] \
        == "drafts/luat.txt"
    assert (o / "drafts" / "en" / "reg.md.json").is_file()
    assert (o / "drafts" / "nd.docx.json").is_file()
    assert zipfile.is_zipfile(o / "drafts" / "nd.annotated.docx")
    summary = json.loads((o / "summary.json").read_text("utf-8"))
    assert summary["totals"]["files"] == 4 and summary["totals"]["unreadable"] == 1
    rows = {r["path"]: r for r in summary["files"]}
    assert rows["drafts/luat.txt"]["warning"] >= 1
    assert rows["drafts/luat.txt"]["outputs"] == ["drafts/luat.txt.json"]
    assert rows["drafts/empty.txt"]["status"] == "unreadable"
    csv_text = (o / "summary.csv").read_text("utf-8")
    assert csv_text.splitlines()[0].startswith("path,status,language,error,warning")
    assert "[drafts/luat.txt](drafts/luat.txt.json)" in (o / "summary.md").read_text("utf-8")
    html = (o / "summary.html").read_text("utf-8")
    assert "<table>" in html and "drafts/en/reg.md" in html
    # Re-running does not review the outputs (the output folder is skipped).
    code, out, err = run_cli(["review", ".", "-f", "md", "--output-dir", "out", "-j", "1",
                              "--fail-on", "never", "--exclude", "empty.txt"], monkeypatch,
                             capsys, tmp_path)
    assert code == 0, err
    summary = json.loads((o / "summary.json").read_text("utf-8"))
    assert sorted(r["path"] for r in summary["files"]) == [
        "drafts/en/reg.md", "drafts/luat.txt", "drafts/nd.docx"]
    assert (o / "drafts" / "luat.txt.md").read_text("utf-8").startswith("#")


def test_one_memo_per_draft_formats_need_output_dir(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / "b.txt").write_text(LAW_VI, encoding="utf-8")
    code, _, err = run_cli(["review", "a.txt", "b.txt", "-f", "html"], monkeypatch, capsys,
                           tmp_path)
    assert code == 2 and "--output-dir" in err


def test_machine_format_keeps_stdout_clean_and_report_flag(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / "b.md").write_text(REG_EN, encoding="utf-8")
    code, out, err = run_cli(["review", "a.txt", "b.md", "-f", "sarif", "-j", "1",
                              "--report", "github=gh.txt", "--report", "json=r.json"],
                             monkeypatch, capsys, tmp_path)
    assert code == 0, err
    sarif = json.loads(out)  # nothing but SARIF on stdout
    assert sarif["version"] == "2.1.0"
    assert "[1/2]" in err or "a.txt" in err  # progress went to stderr
    gh = (tmp_path / "gh.txt").read_text("utf-8")
    assert "::warning file=b.md,line=" in gh
    assert len(json.loads((tmp_path / "r.json").read_text("utf-8"))["files"]) == 2


@pytest.mark.parametrize("start", ["default", "forkserver", "spawn"])
def test_cli_subprocess_end_to_end(tmp_path: Path, start: str) -> None:
    """A real process pool (forked from the warmed command on Linux, a fork server on
    macOS, spawn as on Windows): exit 3 for one unreadable file, JSON still complete."""
    (tmp_path / "a.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(OLE)
    env = _env()
    if start != "default":
        env["GENDERLENS_MP_START"] = start
    proc = subprocess.run([sys.executable, "-m", "genderlens", "review", ".", "-f", "json",
                           "-j", "2"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env=env)
    assert proc.returncode == 3, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "b.docx" in line]
    assert len(lines) == 1 and lines[0].startswith("genderlens: b.docx: "), proc.stderr
    assert "Traceback" not in proc.stderr
    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == ["a.txt", "b.docx"]


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "text"])
def test_slim_results_render_like_full_ones(tmp_path: Path, fmt: str) -> None:
    """Workers return slim documents for these formats: the reports must not change."""
    import copy

    from genderlens.api import review
    from genderlens.commands.runner import slim_document
    from genderlens.render import FORMATS, render

    assert not FORMATS[fmt].memo
    (tmp_path / "a.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / "b.md").write_text(REG_EN, encoding="utf-8")
    make_docx(tmp_path / "c.docx", LAW_VI.splitlines())
    full = [review(tmp_path / n) for n in ("a.txt", "b.md", "c.docx")]
    slim = copy.deepcopy(full)
    for r in slim:
        slim_document(r)
    assert render([(f"f{i}", r) for i, r in enumerate(full)], fmt) == \
        render([(f"f{i}", r) for i, r in enumerate(slim)], fmt)
