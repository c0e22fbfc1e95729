"""``genderlens diff``: new, resolved and unchanged findings across renumbering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import run_cli

DIFF = "gender-sensitive-legislation.gm-09-differential-thresholds"

OLD = """QUỐC HỘI
LUẬT THỬ NGHIỆM
Điều 1. Phạm vi điều chỉnh
Luật này quy định chế độ lao động thử nghiệm.
Điều 2. Tuổi nghỉ hưu
1. Người lao động nghỉ hưu khi nam đủ 62 tuổi, nữ đủ 60 tuổi.
2. Người lao động được hưởng lương hưu.
Điều 3. Thời gian làm việc
Thời gian làm việc là 40 giờ đối với nam và 35 giờ đối với nữ mỗi tuần.
"""

# A new article is inserted as Điều 2 (the old 2 and 3 become 3 and 4); the working-time
# difference is removed; the retirement clause is unchanged; a new difference appears.
NEW = """QUỐC HỘI
LUẬT THỬ NGHIỆM
Điều 1. Phạm vi điều chỉnh
Luật này quy định chế độ lao động thử nghiệm.
Điều 2. Tuổi học nghề
Tuổi tối thiểu là 18 tuổi đối với nam và 16 tuổi đối với nữ.
Điều 3. Tuổi nghỉ hưu
1. Người lao động nghỉ hưu khi nam đủ 62 tuổi, nữ đủ 60 tuổi.
2. Người lao động được hưởng lương hưu.
Điều 4. Thời gian làm việc
Thời gian làm việc là 40 giờ mỗi tuần.
"""




@pytest.fixture
def versions(tmp_path: Path) -> Path:
    (tmp_path / "v1.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "v2.txt").write_text(NEW, encoding="utf-8")
    return tmp_path


def test_diff_json_with_renumbered_articles(versions: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["diff", "v1.txt", "v2.txt", "-f", "json"], monkeypatch, capsys,
                             versions)
    assert code == 0, err  # the new finding is a warning; default --fail-on is error
    d = json.loads(out)
    assert d["schema_version"] == 1 and d["old"] == "v1.txt" and d["new"] == "v2.txt"
    new = [(f["rule"], f["location"]["text"]) for f in d["new_findings"]]
    resolved = [(f["rule"], f["location"]["text"]) for f in d["resolved"]]
    assert new == [(DIFF, "Điều 2")]
    assert resolved == [(DIFF, "Điều 3")]
    moved = [(m["old"]["location"]["text"], m["new"]["location"]["text"])
             for m in d["unchanged"] if m["moved"]]
    assert moved == [("Điều 2 khoản 1", "Điều 3 khoản 1")]
    assert d["counts"] == {"new": 1, "resolved": 1, "unchanged": len(d["unchanged"]),
                           "moved": 1}
    # Whole-draft findings (omissions) are unchanged and not moved.
    assert all(not m["moved"] for m in d["unchanged"] if not m["new"]["quote"])


def test_diff_markdown_and_fail_on(versions: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["diff", "v1.txt", "v2.txt", "--fail-on", "warning"], monkeypatch,
                           capsys, versions)
    assert code == 1
    assert out.startswith("# genderlens diff: v1.txt → v2.txt")
    assert "## New findings" in out and "Điều 2" in out
    assert "Điều 2 khoản 1 → Điều 3 khoản 1" in out
    code, out, _ = run_cli(["diff", "v2.txt", "v2.txt", "--fail-on", "info"], monkeypatch,
                           capsys, versions)
    assert code == 0 and "| 0 | 0 |" in out


def test_diff_errors(versions: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["diff", "v1.txt", "missing.txt"], monkeypatch, capsys, versions)
    assert code == 3 and err.count("\n") == 1 and "missing.txt" in err
    code, _, err = run_cli(["diff", "v1.txt", "v2.txt", "-f", "html"], monkeypatch, capsys,
                           versions)
    assert code == 2
