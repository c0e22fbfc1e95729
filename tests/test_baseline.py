"""Baselines: record today's findings, report only new ones."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from genderlens.model import Finding, Locator, Severity, Span
from genderlens.project.baseline import Entry, FileBaseline
from tests.cli_runner import run_cli

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

LAW = """QUỐC HỘI
LUẬT HÔN NHÂN THỬ NGHIỆM
Điều 1. Phạm vi điều chỉnh
Luật này quy định chế độ hôn nhân.
Điều 2. Điều kiện kết hôn
1. Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên.
2. Việc kết hôn do nam và nữ tự nguyện quyết định.
Điều 3. Đăng ký
1. Việc kết hôn phải được đăng ký.
2. Hồ sơ gồm tờ khai.
Điều 4. Hiệu lực
Luật này có hiệu lực từ ngày 01 tháng 01 năm 2027.
"""
NEW_CLAUSE = "Tuổi tối thiểu là 18 tuổi đối với nam và 16 tuổi đối với nữ."




def insert_clause(text: str, clause: str) -> str:
    """Add ``clause`` as the next clause of the first article with clauses 1. and 2. only."""
    lines = text.split("\n")
    heading = re.compile(r"^\s*(Điều|Ðiều)\s+\d+")
    marker = re.compile(r"^\s*(\d+)\.\s")
    start = None
    numbers: list[int] = []
    for i, line in enumerate([*lines, "Điều 0."]):
        if heading.match(line):
            if start is not None and numbers == [1, 2]:
                lines.insert(i, f"3. {clause}")
                return "\n".join(lines)
            start, numbers = i, []
        elif start is not None and (m := marker.match(line)):
            numbers.append(int(m.group(1)))
    raise AssertionError("no article with exactly two clauses")


def test_baseline_reports_only_the_new_clause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    law = tmp_path / "drafts" / "luat.txt"
    law.parent.mkdir()
    law.write_text(LAW, encoding="utf-8")
    code, _, err = run_cli(["baseline", "create", "drafts", "-o", "genderlens-baseline.json",
                            "-j", "1"], monkeypatch, capsys, tmp_path)
    assert code == 0, err
    data = json.loads((tmp_path / "genderlens-baseline.json").read_text("utf-8"))
    assert data["schema_version"] == 1
    assert {e["path"] for e in data["findings"]} == {"drafts/luat.txt"}
    assert all(set(e) == {"id", "path", "rule", "severity", "locator", "quote"}
               for e in data["findings"])
    recorded = len(data["findings"])
    assert any(e["quote"] for e in data["findings"])  # the marriage-age clause

    # Unchanged draft: nothing new, exit 0 even with --fail-on info.
    args = ["review", "drafts", "-f", "json", "-j", "1", "--baseline",
            "genderlens-baseline.json", "--fail-on", "warning"]
    code, out, err = run_cli(args, monkeypatch, capsys, tmp_path)
    assert code == 0, err
    assert json.loads(out)["files"][0]["findings"] == []
    assert f"{recorded} finding(s) suppressed by the baseline" in err

    # A new problematic clause: only it is reported, exit 1.
    law.write_text(insert_clause(LAW, NEW_CLAUSE), encoding="utf-8")
    code, out, err = run_cli(args, monkeypatch, capsys, tmp_path)
    findings = json.loads(out)["files"][0]["findings"]
    assert code == 1, err
    assert findings and all(f["quote"] and f["quote"] in NEW_CLAUSE for f in findings)
    assert {f["location"]["text"] for f in findings} == {"Điều 2 khoản 3"}
    assert f"{recorded} finding(s) suppressed by the baseline" in err

    # Without the baseline everything is back.
    code, out, _ = run_cli([*args[:-4], "--fail-on", "warning"], monkeypatch, capsys, tmp_path)
    assert len(json.loads(out)["files"][0]["findings"]) == recorded + len(findings)


def test_baseline_survives_renumbering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    law = tmp_path / "luat.txt"
    law.write_text(LAW, encoding="utf-8")
    run_cli(["baseline", "create", "luat.txt", "-j", "1"], monkeypatch, capsys, tmp_path)
    assert (tmp_path / "genderlens-baseline.json").is_file()  # the default name
    # A new article before the old Điều 2: every later article is renumbered.
    renumbered = LAW.replace("Điều 4.", "Điều 5.").replace("Điều 3.", "Điều 4.").replace(
        "Điều 2. Điều kiện kết hôn",
        "Điều 2. Giải thích từ ngữ\nTrong Luật này, các từ ngữ được hiểu như sau.\n"
        "Điều 3. Điều kiện kết hôn")
    law.write_text(renumbered, encoding="utf-8")
    code, out, err = run_cli(["review", "luat.txt", "-f", "json", "-j", "1", "--baseline",
                              "genderlens-baseline.json", "--fail-on", "info"], monkeypatch,
                             capsys, tmp_path)
    assert code == 0, (out, err)
    assert json.loads(out)["files"][0]["findings"] == []


def test_baseline_from_configuration_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "d").mkdir()
    law = tmp_path / "d" / "luat.txt"
    law.write_text(LAW, encoding="utf-8")
    run_cli(["baseline", "create", "d", "-o", "d/base.json", "-j", "1"], monkeypatch, capsys,
            tmp_path)
    assert json.loads((tmp_path / "d" / "base.json").read_text("utf-8"))["findings"][0][
        "path"] == "luat.txt"  # relative to the baseline's folder
    (tmp_path / "d" / ".genderlens.toml").write_text('baseline = "base.json"\n',
                                                     encoding="utf-8")
    code, out, err = run_cli(["review", "d/luat.txt", "-f", "json", "-j", "1", "--fail-on",
                              "info"], monkeypatch, capsys, tmp_path)
    assert code == 0 and json.loads(out)["files"][0]["findings"] == []
    code, out, _ = run_cli(["review", "d/luat.txt", "-f", "json", "-j", "1", "--fail-on",
                            "info", "--no-baseline"], monkeypatch, capsys, tmp_path)
    assert code == 1
    code, _, err = run_cli(["review", "d/luat.txt", "--baseline", "missing.json"], monkeypatch,
                           capsys, tmp_path)
    assert code == 2 and "missing.json: baseline file not found" in err
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    code, _, err = run_cli(["review", "d/luat.txt", "--baseline", "bad.json"], monkeypatch,
                           capsys, tmp_path)
    assert code == 2 and "not a genderlens baseline" in err


def _finding(rule: str, article: str, quote: str) -> Finding:
    return Finding("c", rule.split(".")[-1], rule, "language", Severity.warning,
                   Locator(text=f"Điều {article}", article=article), quote, "m",
                   span=Span(0, len(quote), 0, 0, len(quote)))


def test_filter_is_a_multiset_with_loose_second_pass() -> None:
    a5 = _finding("c.x", "5", "nam đủ 62 tuổi")
    entries = (Entry(a5.fingerprint, "f.txt", "c.x", a5.quote),)
    fb = FileBaseline(entries)
    # Same finding twice: one entry suppresses one of them.
    kept, n = fb.filter([a5, a5])
    assert n == 1 and kept == [a5]
    # Moved to Điều 6 (renumbered): matched on rule + quote.
    a6 = _finding("c.x", "6", "Nam  đủ 62 TUỔI")
    kept, n = fb.filter([a6])
    assert n == 1 and kept == []
    # Still there and also a copy elsewhere: the exact match wins, the copy is new.
    kept, n = fb.filter([a6, a5])
    assert kept == [a6] and n == 1
    # Another rule with the same words is new.
    other = _finding("c.y", "5", "nam đủ 62 tuổi")
    assert fb.filter([other]) == ([other], 0)


@pytest.mark.corpus
def test_baseline_on_a_real_law(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    src = CORPUS / "vi" / "laws-txt" / "Luat-hoa-giai-o-co-so-nam-2013-197282.txt"
    if not src.is_file():
        pytest.skip(f"corpus law not found: {src}")
    law = tmp_path / src.name
    shutil.copyfile(src, law)
    code, _, err = run_cli(["baseline", "create", law.name, "-j", "1"], monkeypatch, capsys,
                           tmp_path)
    assert code == 0, err
    text = law.read_text("utf-8")
    law.write_text(insert_clause(text, NEW_CLAUSE), encoding="utf-8")
    code, out, err = run_cli(["review", law.name, "-f", "json", "-j", "1", "--baseline",
                              "genderlens-baseline.json", "--fail-on", "warning"],
                             monkeypatch, capsys, tmp_path)
    findings = json.loads(out)["files"][0]["findings"]
    assert code == 1, err
    assert findings and all(f["quote"] and f["quote"] in NEW_CLAUSE for f in findings), findings
    assert len({f["location"]["text"] for f in findings}) == 1
