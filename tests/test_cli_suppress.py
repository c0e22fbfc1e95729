"""Inline suppression comments in .txt and .md drafts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from genderlens.project.suppress import parse_directive
from tests.cli_runner import run_cli

GM = "gender-neutral-drafting-en.gm-21-generic-masculine"
ROLE = "gender-neutral-drafting-en.gm-21-male-default-role-nouns"
DIFF = "gender-sensitive-legislation.gm-09-differential-thresholds"

REG = """# Clubs Regulation

## 2 Registration

(1) The registrar must decide the application within 30 days after he receives it.

{directive}
(2) The chairman of the club must notify the registrar if he resigns.

(3) The chairman must keep the records and he must sign them.
"""




def quoted(tmp_path: Path, name: str, text: str, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[list[tuple[str, str]], str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    _, out, err = run_cli(["review", name, "-f", "json", "-j", "1", "--fail-on", "never",
                           *extra], monkeypatch, capsys, tmp_path)
    findings = json.loads(out)["files"][0]["findings"]
    return [(f["rule"], f["location"]["text"]) for f in findings if f["quote"]], err


def test_no_directive_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    got, _ = quoted(tmp_path, "r.md", REG.format(directive=""), monkeypatch, capsys)
    assert (GM, "s. 2(1)") in got and (GM, "s. 2(2)") in got and (GM, "s. 2(3)") in got


@pytest.mark.parametrize("selector", [GM, "gm-21-generic-masculine", ""])
def test_disable_next_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str], selector: str) -> None:
    directive = f"<!-- genderlens-disable-next-line {selector} -->"
    got, err = quoted(tmp_path, "r.md", REG.format(directive=directive), monkeypatch, capsys)
    assert (GM, "s. 2(2)") not in got
    assert (GM, "s. 2(1)") in got and (GM, "s. 2(3)") in got
    # A named rule leaves the others on that line; no rule silences the whole line.
    assert ((ROLE, "s. 2(2)") in got) is bool(selector)
    assert "suppressed by genderlens-disable comments" in err


def test_disable_enable_region_in_text_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    law = (
        "LUẬT THỬ\n"
        "Điều 1. Tuổi\n"
        "1. Tuổi tối thiểu là 18 tuổi đối với nam và 16 tuổi đối với nữ.\n"
        "<!-- genderlens-disable gender-sensitive-legislation -->\n"
        "2. Tuổi tối đa là 60 tuổi đối với nam và 55 tuổi đối với nữ.\n"
        "<!-- genderlens-enable gender-sensitive-legislation -->\n"
        "3. Thời hạn là 5 năm đối với nam và 3 năm đối với nữ.\n"
    )
    got, _ = quoted(tmp_path, "l.txt", law, monkeypatch, capsys)
    assert [loc for rule, loc in got if rule == DIFF] == ["Điều 1 khoản 1", "Điều 1 khoản 3"]
    got, _ = quoted(tmp_path, "l.txt", law, monkeypatch, capsys, "--no-inline-suppress")
    assert [loc for rule, loc in got if rule == DIFF] == [
        "Điều 1 khoản 1", "Điều 1 khoản 2", "Điều 1 khoản 3"]


def test_disable_all_then_enable_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = REG.format(directive="<!-- genderlens-disable -->").replace(
        "(3) The chairman",
        "<!-- genderlens-enable gm-21-generic-masculine -->\n\n(3) The chairman")
    got, _ = quoted(tmp_path, "r.md", text, monkeypatch, capsys)
    assert (GM, "s. 2(1)") in got
    assert (GM, "s. 2(2)") not in got and (ROLE, "s. 2(2)") not in got
    assert (GM, "s. 2(3)") in got and (ROLE, "s. 2(3)") not in got


def test_unclosed_disable_covers_whole_draft_findings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    text = "<!-- genderlens-disable vn-lge-appraisal -->\n\n" + REG.format(directive="")
    (tmp_path / "r.md").write_text(text, encoding="utf-8")
    _, out, _ = run_cli(["review", "r.md", "-f", "json", "-j", "1"], monkeypatch, capsys,
                        tmp_path)
    rules = [f["rule"] for f in json.loads(out)["files"][0]["findings"]]
    assert rules and not any(r.startswith("vn-lge-appraisal.") for r in rules)
    items = json.loads(out)["files"][0]["items"]
    ids = {f["id"] for f in json.loads(out)["files"][0]["findings"]}
    assert all(set(i["evidence"]) <= ids or not i["evidence"] for i in items
               if all(len(e) == 16 for e in i["evidence"]))


@pytest.mark.parametrize(("text", "expected"), [
    ("<!-- genderlens-disable -->", ("disable", ())),
    ("<!--genderlens-disable a.b, c -->", ("disable", ("a.b", "c"))),
    ("  <!-- genderlens-enable a b -->  ", ("enable", ("a", "b"))),
    ("<!-- genderlens-disable-next-line gm-21 -->", ("disable-next-line", ("gm-21",))),
    ("<!-- genderlens-disabled x -->", None),
    ("text <!-- genderlens-disable --> more", None),
    ("<!-- other comment -->", None),
])
def test_parse_directive(text: str, expected: tuple[str, tuple[str, ...]] | None) -> None:
    assert parse_directive(text) == expected
