"""Configuration: discovery (nearest wins), validation, CLI overrides, init, globs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from genderlens.errors import ConfigError
from genderlens.project.config import (
    STARTER,
    ConfigResolver,
    expand,
    find_config_file,
    glob_match,
    load_config,
    parse_table,
)
from tests.cli_runner import run_cli

LAW_VI = """QUỐC HỘI
LUẬT CÂU LẠC BỘ
Điều 1. Phạm vi điều chỉnh
Luật này quy định về việc đăng ký hoạt động câu lạc bộ.
Điều 2. Điều kiện tham gia
1. Người tham gia phải có năng lực hành vi dân sự đầy đủ.
2. Tuổi tối thiểu là 18 tuổi đối với nam và 16 tuổi đối với nữ.
"""

REG_EN = """# Clubs Regulation

## 2 Registration

(1) The registrar must decide the application within 30 days after he receives it.

(2) The registrar must tell him or her the reasons.
"""

DIFF = "gender-sensitive-legislation.gm-09-differential-thresholds"




def rules_of(out: str) -> list[list[str]]:
    return [[f["rule"] for f in file["findings"]] for file in json.loads(out)["files"]]


# ---------------------------------------------------------------------- discovery


def test_nearest_config_wins_and_git_root_stops_the_walk(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a" / "b").mkdir(parents=True)
    (tmp_path / ".genderlens.toml").write_text('fail_on = "info"\n', encoding="utf-8")
    draft = repo / "a" / "b" / "d.txt"
    draft.write_text(LAW_VI, encoding="utf-8")
    # Nothing inside the repository: the file above the .git folder does not count.
    assert find_config_file(draft) is None
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config_file(draft) is None  # pyproject without [tool.genderlens]
    (repo / "pyproject.toml").write_text('[tool.genderlens]\nfail_on = "warning"\n',
                                         encoding="utf-8")
    assert find_config_file(draft) == repo / "pyproject.toml"
    (repo / "a" / ".genderlens.toml").write_text('fail_on = "never"\n', encoding="utf-8")
    assert find_config_file(draft) == repo / "a" / ".genderlens.toml"
    assert ConfigResolver().for_path(draft).fail_on == "never"
    # In one folder .genderlens.toml beats pyproject.toml.
    (repo / "a" / "pyproject.toml").write_text('[tool.genderlens]\nfail_on = "info"\n',
                                               encoding="utf-8")
    assert find_config_file(draft) == repo / "a" / ".genderlens.toml"


def test_cascade_per_file_and_cli_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "strict").mkdir()
    (tmp_path / "lenient").mkdir()
    (tmp_path / "strict" / "luat.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / "lenient" / "luat.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.genderlens]\nfail-on = "warning"\n',
                                             encoding="utf-8")
    (tmp_path / "lenient" / ".genderlens.toml").write_text(
        f'fail_on = "never"\ndisable = ["{DIFF}"]\n', encoding="utf-8")
    base = ["review", "-f", "json", "-j", "1"]
    code, out, _ = run_cli([*base, "lenient"], monkeypatch, capsys, tmp_path)
    assert code == 0
    assert DIFF not in rules_of(out)[0]
    code, out, _ = run_cli([*base, "strict"], monkeypatch, capsys, tmp_path)
    assert code == 1  # warnings fail under the root pyproject.toml
    assert DIFF in rules_of(out)[0]
    # Both at once: each file gets its own nearest configuration.
    code, out, _ = run_cli([*base, "strict", "lenient"], monkeypatch, capsys, tmp_path)
    assert code == 1
    assert [DIFF in r for r in rules_of(out)] == [True, False]
    # Flags override: --fail-on replaces, --disable adds, --no-config ignores files.
    assert run_cli([*base, "strict", "--fail-on", "error"], monkeypatch, capsys, tmp_path)[0] == 0
    code, out, _ = run_cli([*base, "strict", "--disable", "gm-09-differential-thresholds"],
                           monkeypatch, capsys, tmp_path)
    assert DIFF not in rules_of(out)[0]
    code, out, _ = run_cli([*base, "lenient", "--no-config"], monkeypatch, capsys, tmp_path)
    assert code == 0 and DIFF in rules_of(out)[0]
    # --severity raises one rule; --enable restricts to a checklist.
    code, out, _ = run_cli([*base, "lenient", "--no-config", "--severity",
                            "gm-09-differential-thresholds=error"], monkeypatch, capsys, tmp_path)
    assert code == 1
    assert {f["severity"] for f in json.loads(out)["files"][0]["findings"]
            if f["rule"] == DIFF} == {"error"}
    code, out, _ = run_cli([*base, "lenient", "--no-config", "--enable",
                            "gender-sensitive-legislation"], monkeypatch, capsys, tmp_path)
    assert {r.split(".")[0] for r in rules_of(out)[0]} == {"gender-sensitive-legislation"}
    code, _, err = run_cli([*base, "lenient", "--severity", "gm-09"], monkeypatch, capsys,
                           tmp_path)
    assert code == 2 and "KEY=VALUE" in err
    # --config forces one file for every input.
    (tmp_path / "ci.toml").write_text('fail_on = "info"\n', encoding="utf-8")
    code, _, _ = run_cli([*base, "lenient", "--config", "ci.toml"], monkeypatch, capsys, tmp_path)
    assert code == 1


def test_unknown_key_is_exit_2_naming_key_and_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "luat.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.genderlens]\ndisabel = ["x"]\n',
                                             encoding="utf-8")
    code, out, err = run_cli(["review", "luat.txt", "-f", "json", "-j", "1"], monkeypatch,
                             capsys, tmp_path)
    assert code == 2
    assert out == ""
    assert "tool.genderlens.disabel" in err and "pyproject.toml" in err
    assert "did you mean 'disable'" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("text", "needle"), [
    ('fail_on = "warnings"', "fail_on: expected one of error, warning, info, never"),
    ('language = "fr"', "language: expected one of vi, en"),
    ("doublets = 1", "doublets: expected true or false"),
    ('disable = "gm-99-nothing"', "disable: unknown rule or checklist 'gm-99-nothing'"),
    ('[severity]\n"gm-09-differential-thresholds" = "fatal"', "severity.gm-09"),
    ('[per_file_ignores]\n"*.docx" = ["nope"]', "unknown rule or checklist 'nope'"),
    ('checklists = ["no-such-list"]', "no-such-list"),
    ("this is not toml", "invalid TOML"),
])
def test_invalid_values_are_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str], text: str,
                                   needle: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "luat.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / ".genderlens.toml").write_text(text + "\n", encoding="utf-8")
    code, _, err = run_cli(["review", "luat.txt", "-f", "json", "-j", "1"], monkeypatch,
                           capsys, tmp_path)
    assert code == 2, err
    assert needle in err
    assert ".genderlens.toml" in err


def test_severity_doublets_and_per_file_ignores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "annex").mkdir()
    (tmp_path / "luat.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / "annex" / "luat.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / "reg.md").write_text(REG_EN, encoding="utf-8")
    (tmp_path / ".genderlens.toml").write_text(
        '[severity]\n"gm-09-differential-thresholds" = "error"\n'
        '[per_file_ignores]\n"annex/*.txt" = ["gender-sensitive-legislation"]\n',
        encoding="utf-8")
    code, out, _ = run_cli(["review", "luat.txt", "annex", "-f", "json", "-j", "1"],
                           monkeypatch, capsys, tmp_path)
    files = json.loads(out)["files"]
    assert code == 1  # the severity override made the differential finding an error
    sev = {f["rule"]: f["severity"] for f in files[0]["findings"]}
    assert sev[DIFF] == "error"
    assert not any(r.startswith("gender-sensitive-legislation.") for r in
                   (f["rule"] for f in files[1]["findings"]))
    doublet = "gender-neutral-drafting-en.gm-21-he-or-she-doublets"
    _, out, _ = run_cli(["review", "reg.md", "-f", "json", "-j", "1"], monkeypatch, capsys,
                        tmp_path)
    assert doublet in rules_of(out)[0]
    _, out, _ = run_cli(["review", "reg.md", "-f", "json", "-j", "1", "--no-doublets"],
                        monkeypatch, capsys, tmp_path)
    assert doublet not in rules_of(out)[0]
    items = [i["item"] for i in json.loads(out)["files"][0]["items"]]
    assert "gm-21-he-or-she-doublets" not in items


def test_enable_restricts_and_config_include_exclude(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "drafts" / "old").mkdir(parents=True)
    (tmp_path / "drafts" / "luat.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / "drafts" / "old" / "luat.txt").write_text(LAW_VI, encoding="utf-8")
    (tmp_path / ".genderlens.toml").write_text(
        'enable = ["gender-sensitive-legislation"]\nexclude = ["drafts/old/**"]\n',
        encoding="utf-8")
    _code, out, _ = run_cli(["review", ".", "-f", "json", "-j", "1"], monkeypatch, capsys,
                           tmp_path)
    files = json.loads(out)["files"]
    assert [f["path"] for f in files] == ["drafts/luat.txt"]
    assert {i["checklist"] for i in files[0]["items"]} == {"gender-sensitive-legislation"}
    # An explicit file is reviewed even when the configuration excludes it.
    _, out, _ = run_cli(["review", "drafts/old/luat.txt", "-f", "json", "-j", "1"],
                        monkeypatch, capsys, tmp_path)
    assert json.loads(out)["files"][0]["error"] is None


def test_agency_names_and_memo_language_validate(tmp_path: Path) -> None:
    cfg = parse_table({"agency_names": {"womens_union": "Hội LHPN Việt Nam"},
                       "memo-language": "en"}, source=tmp_path / "x.toml")
    assert cfg.agency_names == (("womens_union", "Hội LHPN Việt Nam"),)
    assert cfg.memo_language == "en"
    with pytest.raises(ConfigError, match=r"agency_names\.womens_union: expected a string"):
        parse_table({"agency_names": {"womens_union": 3}}, source=None)


def test_init_writes_valid_starter_and_refuses_overwrite(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, _ = run_cli(["init"], monkeypatch, capsys, tmp_path)
    assert code == 0
    written = tmp_path / ".genderlens.toml"
    assert written.read_text("utf-8") == STARTER
    assert load_config(written).fail_on == "error"
    code, _, err = run_cli(["init"], monkeypatch, capsys, tmp_path)
    assert code == 2 and "already exists" in err
    assert run_cli(["init", "--force"], monkeypatch, capsys, tmp_path)[0] == 0
    # Every commented example in the starter is itself valid once uncommented.
    import tomllib

    lines = [line[2:] if line.startswith("# ") and ("=" in line or line.startswith("# ["))
             else line for line in STARTER.splitlines()]
    table = tomllib.loads("\n".join(line for line in lines if not line.startswith("#")))
    cfg = parse_table(table, source=None)
    from genderlens.project.config import effective

    effective(cfg, tmp_path / "x.txt")


def test_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    import re
    import tomllib

    from genderlens.project.config import effective

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    block = re.search(r"```toml\n(\[tool\.genderlens\].*?)```", readme, re.S)
    assert block, "README has no [tool.genderlens] example"
    (tmp_path / "pyproject.toml").write_text(block.group(1), encoding="utf-8")
    cfg = load_config(tmp_path / "pyproject.toml")
    assert cfg.fail_on == "warning" and dict(cfg.agency_names)["womens_union"]
    eff = effective(cfg, tmp_path / "annexes" / "a.docx")
    assert "gender-sensitive-legislation.gm-20-stereotyped-roles" in eff.ignored
    assert tomllib.loads(block.group(1))


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    ("archive", "drafts/archive/a.txt", True),
    ("archive", "drafts/archived/a.txt", False),
    ("*.md", "a/b/c.md", True),
    ("drafts/*.txt", "drafts/a.txt", True),
    ("drafts/*.txt", "drafts/sub/a.txt", False),
    ("drafts/**/*.txt", "drafts/sub/deep/a.txt", True),
    ("drafts/**/*.txt", "drafts/a.txt", True),
    ("drafts/old/**", "drafts/old/x/y.docx", True),
    ("drafts/old", "drafts/old/x/y.docx", True),
    ("~$*", "a/~$draft.docx", True),
])
def test_glob_match(pattern: str, path: str, expected: bool) -> None:
    assert glob_match(pattern, path) is expected


def test_selectors_expand() -> None:
    rules = ["a.x-1", "a.x-2", "b.x-1"]
    assert expand(["a"], rules) == {"a.x-1", "a.x-2"}
    assert expand(["x-1"], rules) == {"a.x-1", "b.x-1"}
    assert expand(["b.x-1"], rules) == {"b.x-1"}
    with pytest.raises(ConfigError, match="unknown rule"):
        expand(["c"], rules, where="f.toml: disable")
