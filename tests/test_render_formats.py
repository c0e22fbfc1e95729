"""The format registry and the machine formats: JSON contract, text, GitHub, console."""

from __future__ import annotations

import io
import json

import pytest
from test_render_support import finding_at, make_review, omission, text_document

from genderlens.errors import UsageError
from genderlens.model import Severity
from genderlens.render import FORMATS, render

FINDING_KEYS = {"id", "checklist", "item", "rule", "category", "severity", "location", "quote",
                "message", "suggestion", "basis"}
LOCATION_KEYS = {"text", "part", "chapter", "section", "article", "clause", "point", "subpoint",
                 "line"}
ITEM_KEYS = {"checklist", "item", "status", "evidence"}


@pytest.fixture
def review():
    doc = text_document("Draft Act\n\nThe chairman shall decide.\nIf he thinks fit, he may act.")
    findings = [
        finding_at(doc, "chairman", suggestion="chair, chairperson"),
        finding_at(doc, "he", nth=0, severity=Severity.info, rule="test-list.pronoun"),
        omission(),
    ]
    return make_review(doc, findings)


def test_registry_lists_every_format():
    assert set(FORMATS) == {"text", "json", "md", "html", "docx", "sarif", "github"}
    with pytest.raises(UsageError, match="unknown format"):
        render([], "pdf")


def test_json_contract(review):
    data = json.loads(render(review, "json"))
    assert data["schema_version"] == 1
    assert data["tool"]["name"] == "genderlens" and data["tool"]["version"]
    (entry,) = data["files"]
    assert entry["path"] == "draft.txt" and entry["language"] == "en" and entry["error"] is None
    assert {"path", "language", "error", "findings", "items", "summary"} <= set(entry)
    assert entry["summary"]["warning"] == 2 and entry["summary"]["info"] == 1
    first = entry["findings"][0]
    assert set(first) >= FINDING_KEYS
    assert set(first["location"]) >= LOCATION_KEYS
    assert first["id"] == review.findings[0].fingerprint
    assert first["quote"] == "chairman" and first["severity"] == "warning"
    assert first["location"]["line"] == 3 and first["location"]["column"] == 5
    assert entry["findings"][2]["location"]["line"] is None  # omission
    item = entry["items"][0]
    assert set(item) >= ITEM_KEYS and item["question"] and item["title"]


def test_json_batch_reports_unreadable_files(review):
    data = json.loads(render([("a.txt", review), ("bad.docx", "bad.docx: corrupt")], "json"))
    bad = data["files"][1]
    assert bad["path"] == "bad.docx" and bad["error"] == "bad.docx: corrupt"
    assert bad["findings"] == [] and bad["items"] == []
    from genderlens.render.json_out import error_entry

    assert error_entry("x", "y") == {"path": "x", "language": None, "error": "y",
                                     "verdict": None, "rating": None, "summary": None,
                                     "findings": [], "items": []}


def test_json_keeps_vietnamese_readable():
    doc = text_document("Nam đủ 62 tuổi, nữ đủ 60 tuổi.", "vi")
    out = render(make_review(doc, [finding_at(doc, "62 tuổi", category="differential")]), "json")
    assert "62 tuổi" in out


def test_json_layout_is_indented_down_to_one_finding_per_line(review):
    from genderlens.render.json_out import dumps, to_dict

    out = render(review, "json")
    value = to_dict([("draft.txt", review)])
    assert json.loads(out) == json.loads(json.dumps(value, ensure_ascii=False))
    # each finding and each item is one complete JSON object on its own line
    rows = [line.strip().rstrip(",") for line in out.splitlines() if line.startswith("        {")]
    assert len(rows) == len(review.findings) + len(review.items)
    assert [json.loads(r)["id"] for r in rows[: len(review.findings)]] == [
        f.fingerprint for f in review.findings]
    assert out.startswith('{\n  "schema_version": 1,\n  "tool": {\n    "name": ')
    nested = {"a": [], "b": {}, "c": [{"d": [1, {"e": "nữ"}]}], "f": [[], {}]}
    assert json.loads(dumps(nested)) == nested
    assert dumps(nested, flat_at=1).splitlines()[1] == '  "a": [],'
    assert dumps([]) == "[]" and dumps({}) == "{}" and dumps("nữ") == '"nữ"'


def test_streamed_reports_are_the_rendered_ones(review):
    from genderlens.render import write

    clean = make_review(text_document("Mọi công dân đều bình đẳng.", "vi"), [])
    batch = [("draft.txt", review), ("gone.txt", "gone.txt: missing"), ("again.txt", review),
             ("clean.txt", clean)]
    for fmt in ("json", "sarif", "text", "github"):
        out = io.StringIO()
        write(batch, fmt, out)
        assert out.getvalue() == render(batch, fmt), fmt
    out = io.StringIO()
    write(batch, "json", out)
    assert len(json.loads(out.getvalue())["files"][2]["findings"]) == len(review.findings)
    assert all(FORMATS[f].writer for f in ("json", "sarif", "text", "github"))
    out = io.StringIO()
    write(batch, "md", out)  # a format without a streaming writer is rendered whole
    assert out.getvalue() == render(batch, "md")


def test_a_large_report_is_written_in_pieces():
    """68 000 findings must never be one string: the writers hand the file a few
    thousand pieces at a time, and the pieces make the rendered report."""
    from genderlens.render import write

    doc = text_document("The chairman shall sign.\n" * 5000)
    big = make_review(doc, [finding_at(doc, "chairman", nth=i) for i in range(5000)])

    class Recorder(io.StringIO):
        writes = 0

        def write(self, text: str) -> int:
            Recorder.writes += 1
            return super().write(text)

    for fmt in ("json", "sarif", "text", "github"):
        Recorder.writes = 0
        out = Recorder()
        write([("draft.txt", big)], fmt, out)
        assert Recorder.writes > 1, fmt
        assert out.getvalue() == render([("draft.txt", big)], fmt), fmt


def test_text_is_one_line_per_finding(review):
    out = render([("draft.txt", review), ("gone.txt", "gone.txt: missing")], "text")
    lines = out.splitlines()
    assert lines[0].startswith("draft.txt:3:5: warning: ")
    assert "“chairman”" in lines[0] and lines[0].endswith("[test-list.item-1]")
    assert lines[1] == "    suggestion: chair, chairperson"
    assert any(line.startswith("draft.txt: 0 error(s), 2 warning(s), 1 info") for line in lines)
    assert lines[-1] == "gone.txt: error: gone.txt: missing"
    assert "\x1b[" not in out


def test_github_annotations_escape_their_fields(review):
    out = render(review, "github").splitlines()
    assert out[0].startswith("::warning file=draft.txt,line=3,col=5,endColumn=13,title=")
    assert out[1].startswith("::notice ")
    assert "%0ASuggestion: chair%2C chairperson" not in out[0]  # data is not property-escaped
    assert "%0ASuggestion: chair, chairperson" in out[0]
    assert out[2].startswith("::warning file=draft.txt,title=test-list.item-2 (Whole draft)::")
    doc = text_document("Rule: he, 100%\n")
    weird = make_review(doc, [finding_at(doc, "he", rule="a.b", message="50% of\nlines")])
    line = render(weird, "github")
    assert "50%25 of%0Alines" in line and line.count("\n") == 1


def test_console_shows_findings_by_article_and_items(review):
    from rich.console import Console

    from genderlens.render import print_review

    buf = io.StringIO()
    console = Console(file=buf, width=120, force_terminal=False, color_system=None)
    print_review(review, console)
    out = buf.getvalue()
    assert "chairman" in out and "Flagged." in out and "Title test-list.item-1" in out
    assert "Verdict: Pass with conditions" in out


def test_console_does_not_interpret_markup_in_the_draft():
    from rich.console import Console

    from genderlens.render import print_review

    doc = text_document("The [bold]chairman[/bold] decides.")
    buf = io.StringIO()
    print_review(make_review(doc, [finding_at(doc, "chairman")]),
                 Console(file=buf, width=120, color_system=None))
    assert "[bold]" in buf.getvalue()
