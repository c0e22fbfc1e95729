"""The published schemas: what editors, check-jsonschema and the loader all enforce.

Fifteen broken checklists, written here, must each give exactly one problem on the right
line through ``genderlens checklist validate``, and the same line through
``check-jsonschema`` with the published schema, except the two cross-references a schema
cannot express (an unknown lexicon id, a repeated item id), where check-jsonschema must
stay silent and only genderlens speaks.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from genderlens.check.loader import builtin_paths, load_checklist, validate_file, validate_files
from genderlens.check.schema import node_at, schema_path
from genderlens.commands.cli import app
from tests.test_checklists import GOOD

ROOT = Path(__file__).resolve().parents[1]
CHECK_JSONSCHEMA = shutil.which("check-jsonschema")


def replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def duplicate_item(text: str) -> str:
    return text + text[text.index("  - id: gm-90-example") :]


# name, edit of GOOD, text on the line the problem is on (nth occurrence), schema sees it
BROKEN: list[tuple[str, Callable[[str], str], str, int, bool]] = [
    ("wrong-type", replace('version: "1.0"', "version: 1.0"), "version:", 1, True),
    ("unknown-key", replace("    severity: warning\n", "    severity: warning\n    colour: red\n"),
     "colour", 1, True),
    ("misspelt-kind", replace("kind: pattern", "kind: patern"), "kind: patern", 1, True),
    ("bad-regex", replace('regex: "chỉ tuyển nam"', 'regex: "chỉ (tuyển nam"'), "regex:", 1, True),
    ("unknown-lexicon", replace("      - kind: pattern\n",
                                "      - kind: terms\n        lexicon: vi-stereotype\n"
                                "      - kind: pattern\n"), "vi-stereotype", 1, False),
    ("duplicate-id", duplicate_item, "gm-90-example", 2, False),
    ("wrong-indentation", replace("    status: flag-if-found\n", "     status: flag-if-found\n"),
     "status:", 1, True),
    ("tab-character", replace("    severity: warning\n", "\tseverity: warning\n"), "severity:", 1,
     True),
    ("phrase-in-wrong-language", replace(
        "      - kind: pattern\n",
        '      - kind: presence\n        language: en\n'
        '        any: ["sex-disaggregated", "phân tách theo giới tính"]\n'
        '        message: "No sex-disaggregated data."\n      - kind: pattern\n'), "any:", 1, True),
    ("examples-not-a-list", replace('fail: ["Chỉ tuyển nam."]', 'fail: "Chỉ tuyển nam."'), "fail:",
     1, True),
    ("bad-status", replace("status: flag-if-found", "status: flag"), "status:", 1, True),
    ("missing-basis", replace('    basis: "LGE 2006 Art. 6"\n', ""), "- id:", 1, True),
    ("title-unknown-language", replace('title: {vi: "Mục", en: "Item"}',
                                       'title: {vi: "Mục", fr: "Item"}'), "fr:", 1, True),
    ("missing-pass-example", replace('      pass: ["Tuyển nam, nữ."]\n', ""), "examples:", 1, True),
    ("languages-not-codes", replace("languages: [vi]", "languages: [vietnamese]"), "languages:", 1,
     True),
]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[nth - 1]


def write_broken(tmp_path: Path, name: str, edit: Callable[[str], str]) -> tuple[Path, str]:
    text = edit(GOOD)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def problem_line(problem: str, path: Path) -> int:
    assert problem.startswith(f"{path}:"), problem
    return int(problem[len(str(path)) + 1 :].split(":", 1)[0])


@pytest.mark.parametrize(("name", "edit", "needle", "nth", "in_schema"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_broken_checklist_gives_one_problem_on_its_line(
    tmp_path: Path, name: str, edit: Callable[[str], str], needle: str, nth: int, in_schema: bool
) -> None:
    path, text = write_broken(tmp_path, name, edit)
    problems = validate_file(path)
    assert len(problems) == 1, problems
    assert problem_line(problems[0], path) == line_of(text, needle, nth), problems[0]
    result = CliRunner().invoke(app, ["checklist", "validate", str(path)])
    assert result.exit_code == 2 and result.output.strip() == problems[0]


def check_jsonschema_lines(path: Path, kind: str = "checklist") -> list[int]:
    """The lines check-jsonschema's problems point at (JSON paths walked to YAML nodes)."""
    assert CHECK_JSONSCHEMA
    cmd = [CHECK_JSONSCHEMA, "--regex-variant", "python", "--schemafile", str(schema_path(kind))]
    proc = subprocess.run([*cmd, "-o", "json", str(path)], capture_output=True, text=True)
    report = json.loads(proc.stdout)
    if report.get("parse_errors"):  # line numbers are only in the text report
        text = subprocess.run([*cmd, str(path)], capture_output=True, text=True).stdout
        return [int(re.findall(r"line (\d+), column", text)[-1])]
    root = yaml.compose(path.read_text(encoding="utf-8"))
    lines = []
    for error in report.get("errors", []):
        found = re.findall(r"\.([\w-]+)|\[(\d+)\]", error["path"])
        steps: list[str | int] = [int(i) if i else k for k, i in found]
        node = node_at(root, steps)
        extra = re.search(r"\('([^']+)' was unexpected\)", error["message"])
        if extra and isinstance(node, yaml.MappingNode):
            node = next(k for k, _ in node.value if k.value == extra.group(1))
        elif isinstance(node, yaml.MappingNode | yaml.SequenceNode) and steps:
            parent = node_at(root, steps[:-1])
            if isinstance(parent, yaml.MappingNode):  # reported on the key, as genderlens does
                node = next((k for k, v in parent.value if v is node), node)
        lines.append(node.start_mark.line + 1)
    return lines


@pytest.mark.skipif(CHECK_JSONSCHEMA is None, reason="check-jsonschema not installed")
@pytest.mark.parametrize(("name", "edit", "needle", "nth", "in_schema"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_check_jsonschema_agrees_on_the_line(
    tmp_path: Path, name: str, edit: Callable[[str], str], needle: str, nth: int, in_schema: bool
) -> None:
    path, text = write_broken(tmp_path, name, edit)
    lines = check_jsonschema_lines(path)
    if in_schema:
        assert lines == [line_of(text, needle, nth)]
    else:  # a cross-reference: only genderlens can know
        assert lines == []


@pytest.mark.skipif(CHECK_JSONSCHEMA is None, reason="check-jsonschema not installed")
def test_builtin_files_pass_check_jsonschema() -> None:
    for path in builtin_paths():
        kind = "lexicon" if path.parent.name == "lexicons" else "checklist"
        assert check_jsonschema_lines(path, kind) == [], path


# ------------------------------------------------------------------ the schemas


def schemas() -> list[dict[str, Any]]:
    return [json.loads(schema_path(k).read_text("utf-8")) for k in ("checklist", "lexicon")]


def test_schemas_are_valid_2020_12() -> None:
    for schema in schemas():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def _properties(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    out = []
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            out.append((f"{where}.{key}", sub))
        for key, sub in node.items():
            if key != "properties":
                out.extend(_properties(sub, f"{where}/{key}"))
        for key, sub in node.get("properties", {}).items():
            out.extend(_properties(sub, f"{where}.{key}"))
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            out.extend(_properties(sub, f"{where}[{i}]"))
    return out


def test_every_key_is_described_in_both_languages() -> None:
    for schema in schemas():
        defs = schema["$defs"]
        for where, sub in _properties(schema):
            if "/if" in where or sub.get("const") or "/then" in where:
                continue
            target = sub
            while "description" not in target and "$ref" in target:
                target = defs[target["$ref"].rsplit("/", 1)[1]]
            description = target.get("description", "")
            assert "\n\n" in description, f"{where} has no English + Vietnamese description"
            vietnamese = description.split("\n\n", 1)[1]
            assert re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữự]", vietnamese), where


def test_detector_kinds_have_examples_that_validate() -> None:
    checklist = schemas()[0]
    item = yaml.safe_load(GOOD)
    for kind in ("terms", "pattern", "differential", "generic-masculine", "presence",
                 "conditional"):
        [example] = checklist["$defs"][f"detector-{kind}"]["examples"]
        item["items"][0]["detectors"] = [example]
        item["items"][0]["status"] = "human"
        errors = list(Draft202012Validator(checklist).iter_errors(item))
        assert errors == [], (kind, [e.message for e in errors])


def test_builtin_files_start_with_the_schema_modeline() -> None:
    for path in builtin_paths():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, (
            f"{path}: start the file with '# yaml-language-server: $schema=schema/"
            "checklist.schema.json' (lexicons: ../schema/lexicon.schema.json)"
        )
        kind = "lexicon" if path.parent.name == "lexicons" else "checklist"
        assert (path.parent / match.group(1)).resolve() == schema_path(kind).resolve()


# ------------------------------------------------------------------ lexicons


LEXICON = """\
id: my-terms
version: "1"
title: Mine
language: en
source: test
entries:
  - {term: chairman, suggestion: chair, category: language}
lists:
  roles: [applicant, minister]
"""


@pytest.mark.parametrize(("old", "new", "needle", "what"), [
    ("  roles: [applicant, minister]", "  Roles: [applicant]", "Roles", "bad list name 'Roles'"),
    ("  roles: [applicant, minister]", "  roles: applicant", "roles", "expected a list"),
    ("{term: chairman,", "{term: chủ tịch,", "chủ tịch", "Vietnamese letters"),
    ("  roles: [applicant, minister]", "  roles: [applicant, applicant]", "roles", "duplicate phrase"),
    ("  roles: [applicant, minister]", '  roles: [applicant, "—"]', "roles", "no word"),
])
def test_broken_lexicon(tmp_path: Path, old: str, new: str, needle: str, what: str) -> None:
    text = LEXICON.replace(old, new)
    path = tmp_path / "lex.yaml"
    path.write_text(text, encoding="utf-8")
    [problem] = validate_file(path)
    assert problem_line(problem, path) == line_of(text, needle) and what in problem, problem


# ------------------------------------------------------------------ commands


def test_item_ids_unique_across_checklists(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(GOOD.replace("gm-90-example", "gm-10-exclusion-by-sex"), encoding="utf-8")
    [problem] = validate_files([mine])[str(mine)]
    assert problem_line(problem, mine) == line_of(GOOD, "gm-90-example")
    assert "also used by checklist 'gender-sensitive-legislation'" in problem
    assert validate_files(builtin_paths()) == {str(p): [] for p in builtin_paths()}


def test_init_checklist_writes_a_valid_tested_starter(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "gbv.yaml"
    result = runner.invoke(app, ["init", "--checklist", "gbv-provisions", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text("utf-8").startswith("# yaml-language-server: $schema=https://")
    assert validate_file(target) == []
    assert runner.invoke(app, ["init", "--checklist", "gbv-provisions", str(target)]).exit_code
    assert runner.invoke(app, ["init", "--checklist", "Bad Name", str(tmp_path / "x.yaml")]).exit_code
    result = runner.invoke(app, ["rules", "test", str(target)])
    assert result.exit_code == 0, result.output
    assert "2 examples: 2 behave as expected, 0 do not" in result.output


def test_rules_test_fails_on_a_misbehaving_example(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(GOOD.replace('pass: ["Tuyển nam, nữ."]', 'pass: ["Chỉ tuyển nam thôi."]'),
                    encoding="utf-8")
    load_checklist(path)
    result = CliRunner().invoke(app, ["rules", "test", str(path)])
    assert result.exit_code == 1, result.output
    assert re.search(r"^FAIL\s+my-checklist\.gm-90-example\s+pass\s+flagged", result.output, re.M)
    assert "1 behave as expected, 1 do not" in result.output


def test_checklists_hook_selects_yaml_under_checklists() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    hook = hooks["genderlens-checklists"]
    assert hook["entry"].startswith("genderlens checklist validate")
    for name, selected in (("checklists/mine.yaml", True), ("a/checklists/lexicons/x.yml", True),
                           ("checklists/schema/checklist.schema.json", False),
                           ("drafts/luat.yaml", False)):
        assert bool(re.search(hook["files"], name)) is selected, name


def test_checklists_hook_entry_runs_like_pre_commit(tmp_path: Path) -> None:
    import os
    import shlex
    import sys

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    entry = shlex.split(hooks["genderlens-checklists"]["entry"])
    cmd = [sys.executable, "-m", "genderlens", *entry[1:]]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(GOOD.replace("status: flag-if-found", "status: flag"), encoding="utf-8")
    run = subprocess.run([*cmd, str(good), str(bad)], capture_output=True, text=True, env=env,
                         timeout=120)
    assert run.returncode == 2
    assert run.stdout.strip() == f"{bad}:{line_of(GOOD, 'status:')}:13: bad status 'flag' in " \
        "item 'gm-90-example'; expected one of: flag-if-found, expect-present, human, conditional"
    run = subprocess.run([*cmd, str(good)], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0 and run.stdout == ""
