"""SARIF 2.1.0 output validates against the OASIS schema, for hand-made reviews and for
every example draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_render_support import ROOT, SHARED, finding_at, make_review, omission, text_document

from genderlens.model import Severity
from genderlens.render import render

SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
EXAMPLES = sorted(
    p for p in (ROOT / "examples").glob("*") if p.suffix.lower() in (".docx", ".txt", ".md")
)


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA} (needs ../shared/schemas)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    return cls(schema)


def _errors(validator, sarif: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(sarif)]


def _review():
    doc = text_document("Draft Act\n\nThe chairman shall decide.\nIf he thinks fit, he may act.")
    return make_review(doc, [
        finding_at(doc, "chairman", suggestion="chair"),
        finding_at(doc, "he", severity=Severity.info, rule="test-list.pronoun"),
        finding_at(doc, "he", nth=1, severity=Severity.error, rule="test-list.pronoun"),
        omission(),
    ])


def test_sarif_validates_and_maps_findings(validator):
    review = _review()
    sarif = json.loads(render([("draft.txt", review), ("bad.docx", "bad.docx: corrupt")],
                              "sarif"))
    assert _errors(validator, sarif) == []
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["test-list.item-1", "test-list.pronoun", "test-list.item-2"]
    assert rules[0]["fullDescription"]["text"] == "Question about test-list.item-1?"
    assert "Basis: Basis" in rules[0]["help"]["text"]
    assert rules[0]["properties"]["category"] == "language"
    results = run["results"]
    assert [r["level"] for r in results] == ["warning", "note", "error", "warning"]
    first = results[0]
    assert first["ruleId"] == "test-list.item-1"
    assert first["partialFingerprints"] == {"genderlens/v1": review.findings[0].fingerprint}
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 5, "endColumn": 13,
                      "snippet": {"text": "chairman"}}
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "draft.txt"
    omitted = results[3]["locations"][0]
    assert set(omitted) == {"physicalLocation"}
    assert set(omitted["physicalLocation"]) == {"artifactLocation"}
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"] == "bad.docx: corrupt"


def test_sarif_logical_locations_carry_the_legal_locator(validator, tmp_path: Path):
    import genderlens

    doc = genderlens.read(_write_vi(tmp_path))
    review = make_review(doc, [finding_at(doc, "nữ đủ 60", category="differential")])
    sarif = json.loads(render(review, "sarif"))
    assert _errors(validator, sarif) == []
    loc = sarif["runs"][0]["results"][0]["locations"][0]
    logical = loc["logicalLocations"][0]
    assert logical["fullyQualifiedName"] == "Điều 2 khoản 1"
    assert logical["kind"] == "clause"
    assert logical["decoratedName"]


def _write_vi(folder: Path) -> Path:
    path = folder / "du-thao.txt"
    path.write_text(
        "LUẬT THỬ NGHIỆM\n\nĐiều 1. Phạm vi\nLuật này quy định về thử nghiệm.\n"
        "Điều 2. Tuổi nghỉ hưu\n1. Nam đủ 62 tuổi, nữ đủ 60 tuổi.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_sarif_of_every_example_validates(validator, example: Path):
    import genderlens

    review = genderlens.review(example)
    sarif = json.loads(render(review, "sarif"))
    assert _errors(validator, sarif) == []
    assert len(sarif["runs"][0]["results"]) == len(review.findings)
    ids = [r["partialFingerprints"]["genderlens/v1"] for r in sarif["runs"][0]["results"]]
    assert ids == [f.fingerprint for f in review.findings]


def test_sarif_examples_present_or_skipped():
    if not EXAMPLES:
        pytest.skip("no example drafts in examples/ yet")


def test_dossier_sarif_validates(validator) -> None:
    """The example dossier: its documents as artifacts, evidence as related locations."""
    import genderlens
    from genderlens.render.sarif import to_sarif

    review = genderlens.review(ROOT / "examples" / "ho-so-du-thao")
    sarif = to_sarif([("examples/ho-so-du-thao/du-thao-nghi-dinh.docx", review)])
    assert _errors(validator, sarif) == []
    assert len(sarif["runs"][0]["artifacts"]) == 3
