"""Built-in checklists: valid, complete (GM-01..GM-25), cited; broken files give file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from genderlens.check.loader import (
    builtin_checklists,
    builtin_lexicons,
    builtin_paths,
    find_checklist,
    get_lexicon,
    load_checklist,
    validate_file,
)
from genderlens.check.spec import DETECTOR_KINDS, SCOPES, STATUS_LOGIC, Text
from genderlens.errors import ConfigError
from genderlens.model import CATEGORIES, Severity

GM_RE = re.compile(r"^gm-(\d\d)-[a-z0-9-]+$")


def all_items():
    return [(c, i) for c in builtin_checklists() for i in c.items]


# ------------------------------------------------------------------ built-in data


@pytest.mark.parametrize("path", builtin_paths(), ids=lambda p: p.name)
def test_builtin_file_validates_without_problems(path: Path) -> None:
    assert validate_file(path) == []


def test_three_builtin_checklists_with_unique_ids() -> None:
    ids = [c.id for c in builtin_checklists()]
    assert sorted(ids) == [
        "gender-neutral-drafting-en",
        "gender-sensitive-legislation",
        "vn-lge-appraisal",
    ]


def test_all_25_gm_items_are_covered_exactly_by_id_prefix() -> None:
    numbers = set()
    for checklist, item in all_items():
        match = GM_RE.match(item.id)
        assert match, f"{checklist.id}.{item.id} does not start with gm-NN-"
        numbers.add(int(match.group(1)))
    assert numbers == set(range(1, 26))


def test_item_ids_are_unique_across_checklists() -> None:
    full = [f"{c.id}.{i.id}" for c, i in all_items()]
    local = [i.id for _, i in all_items()]
    assert len(set(full)) == len(full)
    assert len(set(local)) == len(local)


@pytest.mark.parametrize("pair", all_items(), ids=lambda p: f"{p[0].id}.{p[1].id}")
def test_every_item_is_cited_titled_and_asked(pair) -> None:
    _, item = pair
    assert item.basis.strip()
    for text in (item.title, item.question):
        assert text.get("vi").strip() and text.get("en").strip()
        assert dict(text.values).keys() == {"vi", "en"}
    assert item.status in STATUS_LOGIC
    assert item.category in CATEGORIES
    assert isinstance(item.severity, Severity)
    # An unverified basis says so in its text, and only then.
    assert ("(to be verified)" in item.basis) == (not item.basis_verified)


@pytest.mark.parametrize("pair", all_items(), ids=lambda p: f"{p[0].id}.{p[1].id}")
def test_items_with_detectors_have_examples_and_the_rest_are_questions(pair) -> None:
    _, item = pair
    if item.detectors:
        assert item.examples_fail and item.examples_pass
        for example in (*item.examples_fail, *item.examples_pass):
            assert example.strip() == example and len(example) > 10
    else:
        assert item.status == "human"


def test_unverified_bases_from_the_research_notes_are_marked() -> None:
    items = {i.id[:5]: i for _, i in all_items()}
    for gm in ("gm-01", "gm-03", "gm-04", "gm-05", "gm-07", "gm-10", "gm-12", "gm-25"):
        assert not items[gm].basis_verified, gm
    for gm in ("gm-06", "gm-08", "gm-13", "gm-19", "gm-20"):
        assert items[gm].basis_verified, gm


def test_detector_options_are_resolved_for_the_engine() -> None:
    lexicons = builtin_lexicons()
    for _, item in all_items():
        for det in item.detectors:
            assert det.kind in DETECTOR_KINDS
            assert det.language in ("vi", "en")
            opts = dict(det.options)
            if "lexicon" in opts:
                assert opts["lexicon"] in lexicons
                assert get_lexicon(opts["lexicon_path"]).id == opts["lexicon"]
                assert lexicons[opts["lexicon"]].language == det.language
            if det.kind in ("presence", "conditional"):
                assert opts["scope"] in SCOPES
                assert isinstance(opts["message"], Text)
            if det.kind == "presence":
                assert opts["any"] and all(isinstance(p, str) for p in opts["any"])
            if det.kind == "conditional":
                assert opts["trigger"] and opts["expect"]
            if det.kind == "pattern":
                re.compile(opts["regex"], re.IGNORECASE)
                assert isinstance(opts["message"], Text)
            if "severity" in opts:
                assert isinstance(opts["severity"], Severity)


def test_expect_list_is_expanded_from_the_lexicon() -> None:
    item = next(i for _, i in all_items() if i.id.startswith("gm-13"))
    det = next(d for d in item.detectors if d.language == "vi")
    assert "đến năm" in det.opt("expect")
    assert det.opt("expect") == get_lexicon("vi-sex-markers").list("measure_end")


def test_doublet_item_is_separate_informational_and_switchable() -> None:
    doublets = [i for _, i in all_items() if "doublet" in i.id]
    assert len(doublets) == 1
    item = doublets[0]
    assert item.severity is Severity.info
    assert [d.opt("doublets") for d in item.detectors] == [True]
    generic = next(i for _, i in all_items() if i.id == "gm-21-generic-masculine")
    assert [d.opt("doublets") for d in generic.detectors] == [False]


def test_find_checklist_by_id_and_path() -> None:
    by_id = find_checklist("vn-lge-appraisal")
    assert by_id.applies_to("vi")
    assert find_checklist(by_id.path).id == "vn-lge-appraisal"
    with pytest.raises(ConfigError, match=r"unknown checklist 'nope'.*vn-lge-appraisal"):
        find_checklist("nope")


# ------------------------------------------------------------- broken files

GOOD = """\
id: my-checklist
version: "1.0"
title: {vi: "Thử", en: "Test"}
basis: "LGE 2006 Art. 6"
languages: [vi]
items:
  - id: gm-90-example
    title: {vi: "Mục", en: "Item"}
    question: {vi: "Có không?", en: "Is it?"}
    basis: "LGE 2006 Art. 6"
    status: flag-if-found
    severity: warning
    category: exclusion
    detectors:
      - kind: pattern
        regex: "chỉ tuyển nam"
        message: {vi: "“{term}” loại trừ nữ.", en: "“{term}” excludes women."}
    examples:
      fail: ["Chỉ tuyển nam."]
      pass: ["Tuyển nam, nữ."]
"""


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def broken(tmp_path: Path, old: str, new: str, name: str = "c.yaml") -> tuple[Path, str]:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, text


def test_minimal_checklist_loads(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, "", "")
    checklist = load_checklist(path)
    assert checklist.items[0].detectors[0].opt("message").get("en") == "“{term}” excludes women."
    assert validate_file(path) == []


def test_unknown_key_names_key_and_line(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path, "    severity: warning\n", "    severity: warning\n    colour: red\n"
    )
    problems = validate_file(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line_of(text, 'colour')}:")
    assert "unknown key 'colour'" in problems[0]
    with pytest.raises(ConfigError, match=rf"c\.yaml:{line_of(text, 'colour')}:(\d+:)? .*'colour'"):
        load_checklist(path)


def test_bad_status_lists_allowed_values(tmp_path: Path) -> None:
    path, text = broken(tmp_path, "status: flag-if-found", "status: maybe")
    [problem] = validate_file(path)
    assert problem.startswith(f"{path}:{line_of(text, 'maybe')}:")
    assert "status" in problem and "'maybe'" in problem and "expect-present" in problem


def test_bad_severity_and_category(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path,
        "severity: warning\n    category: exclusion",
        "severity: fatal\n    category: sexism",
    )
    problems = validate_file(path)
    assert any(f":{line_of(text, 'fatal')}:" in p and "severity" in p for p in problems)
    assert any(f":{line_of(text, 'sexism')}:" in p and "category" in p for p in problems)


def test_bad_regex_reports_line_and_reason(tmp_path: Path) -> None:
    path, text = broken(tmp_path, 'regex: "chỉ tuyển nam"', 'regex: "chỉ (tuyển nam"')
    [problem] = validate_file(path)
    assert problem.startswith(f"{path}:{line_of(text, 'regex')}:")
    assert "invalid regular expression" in problem and "'regex'" in problem


def test_duplicate_item_id(tmp_path: Path) -> None:
    item = GOOD[GOOD.index("  - id: gm-90-example") :]
    path = tmp_path / "dup.yaml"
    text = GOOD + item
    path.write_text(text, encoding="utf-8")
    [problem] = validate_file(path)
    second = [n for n, line in enumerate(text.splitlines(), 1) if "gm-90-example" in line][1]
    assert problem.startswith(f"{path}:{second}:")
    assert "duplicate item id 'gm-90-example'" in problem


def test_duplicate_mapping_key(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path, "    severity: warning\n", "    severity: warning\n    severity: error\n"
    )
    [problem] = validate_file(path)
    assert problem.startswith(f"{path}:{line_of(text, 'severity: error')}:")
    assert "duplicate key 'severity'" in problem


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    path, text = broken(tmp_path, 'fail: ["Chỉ tuyển nam."]', 'fail: ["Chỉ tuyển nam."')
    [problem] = validate_file(path)
    assert re.match(rf"{re.escape(str(path))}:\d+: YAML syntax error", problem)
    line = int(problem.split(":")[1])
    assert line_of(text, "fail:") <= line <= line_of(text, "pass:")
    with pytest.raises(ConfigError, match="YAML syntax error"):
        load_checklist(path)


def test_missing_required_keys(tmp_path: Path) -> None:
    path, text = broken(tmp_path, '    basis: "LGE 2006 Art. 6"\n', "")
    [problem] = validate_file(path)
    assert problem.startswith(f"{path}:{line_of(text, 'gm-90-example')}:")
    assert "missing required key 'basis'" in problem


def test_version_must_be_quoted(tmp_path: Path) -> None:
    path, text = broken(tmp_path, 'version: "1.0"', "version: 2026.10")
    [problem] = validate_file(path)
    assert f":{line_of(text, 'version')}:" in problem and "quote it" in problem


def test_unknown_lexicon(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path,
        "      - kind: pattern\n",
        "      - kind: terms\n        lexicon: no-such-lexicon\n      - kind: pattern\n",
    )
    [problem] = validate_file(path)
    assert f":{line_of(text, 'no-such-lexicon')}:" in problem
    assert "lexicon 'no-such-lexicon'" in problem and "not found" in problem


def test_local_lexicon_next_to_the_checklist(tmp_path: Path) -> None:
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "mine.yaml").write_text(
        'id: my-terms\nversion: "1"\ntitle: Mine\nlanguage: vi\nsource: test\n'
        "entries:\n  - {term: phái yếu, suggestion: phụ nữ, category: stereotype}\n",
        encoding="utf-8",
    )
    path, _ = broken(
        tmp_path,
        "      - kind: pattern\n",
        "      - kind: terms\n        lexicon: my-terms\n        categories: [stereotype]\n"
        "      - kind: pattern\n",
        name="local.yaml",
    )
    checklist = load_checklist(path)
    det = checklist.items[0].detectors[0]
    assert det.opt("lexicon") == "my-terms" and det.language == "vi"
    assert get_lexicon(det.opt("lexicon_path")).entries[0].term == "phái yếu"


def test_terms_category_filter_must_match_entries(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path,
        "      - kind: pattern\n",
        "      - kind: terms\n        lexicon: vi-stereotypes\n        categories: [language]\n"
        "      - kind: pattern\n",
    )
    [problem] = validate_file(path)
    assert f":{line_of(text, 'categories')}:" in problem and "'language'" in problem


def test_examples_required_when_detectors_exist(tmp_path: Path) -> None:
    path, text = broken(tmp_path, '      pass: ["Tuyển nam, nữ."]\n', "")
    [problem] = validate_file(path)
    assert f":{line_of(text, 'examples')}:" in problem and "'pass'" in problem
    path2 = tmp_path / "noexamples.yaml"
    cut = GOOD[: GOOD.index("    examples:")]
    path2.write_text(cut, encoding="utf-8")
    [problem2] = validate_file(path2)
    assert "no 'examples'" in problem2 and f":{line_of(cut, 'gm-90-example')}:" in problem2


def test_only_named_placeholders(tmp_path: Path) -> None:
    path, text = broken(tmp_path, 'en: "“{term}” excludes women."', 'en: "{0} excludes {who}."')
    problems = validate_file(path)
    assert problems and all(f":{line_of(text, '{who}')}:" in p for p in problems)
    assert any("'{0}'" in p for p in problems) and any("'{who}'" in p for p in problems)


def test_unverified_basis_must_be_flagged_consistently(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path,
        '    basis: "LGE 2006 Art. 6"\n',
        '    basis: "LGE 2006 Art. 22 (to be verified)"\n',
    )
    [problem] = validate_file(path)
    assert f":{line_of(text, 'to be verified')}:" in problem and "basis_verified" in problem


def test_status_needs_matching_detector(tmp_path: Path) -> None:
    path, text = broken(tmp_path, "status: flag-if-found", "status: conditional")
    [problem] = validate_file(path)
    assert f":{line_of(text, 'status: conditional')}:" in problem
    assert "conditional" in problem


def test_unknown_detector_kind(tmp_path: Path) -> None:
    path, text = broken(tmp_path, "kind: pattern", "kind: regex")
    [problem] = validate_file(path)
    assert f":{line_of(text, 'kind: regex')}:" in problem and "'regex'" in problem


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    path, _ = broken(
        tmp_path,
        "status: flag-if-found\n    severity: warning",
        "status: maybe\n    severity: fatal\n    colour: red",
    )
    assert len(validate_file(path)) == 3
    with pytest.raises(ConfigError, match=r"\(and 2 more problems\)"):
        load_checklist(path)


def test_empty_and_non_mapping_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert validate_file(empty) == [
        f"{empty}:1: the file is empty; expected a mapping with 'id', 'version', 'title' …"
    ]
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n", encoding="utf-8")
    [problem] = validate_file(listing)
    assert problem.startswith(f"{listing}:1:") and "mapping" in problem
