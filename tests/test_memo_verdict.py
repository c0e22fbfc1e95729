"""The memo a reviewer reads in ten minutes: a verdict that follows the substance and
never contradicts the rating, the findings in order of weight, repeated notes grouped,
and the same judgement in JSON and SARIF."""

from __future__ import annotations

import dataclasses
import json
import pickle
import re
from typing import Any

import pytest
from cli_runner import run_cli
from test_render_support import finding_at, make_review, omission, text_document

from genderlens.errors import ConfigError
from genderlens.model import Document, Finding, Justification, Locator, Review, Severity
from genderlens.render import render
from genderlens.render.context import compact_provisions, memo_context
from genderlens.render.verdict import judge, parse_rules, rules

DRAFT = """Draft Act
Section 1. Men retire at 62 and women at 60.
Section 2. The chairman decides.
Section 3. Pregnant workers get leave.
(1) Pregnant workers may rest.
(2) Pregnant workers keep their pay.
Section 4. Pregnant workers are not dismissed.
"""

FOUND = Justification("found", "impact-assessment.docx",
                      "Women's earlier retirement compensates for unpaid care work.",
                      {"text": "Section 3.2"})


def _doc() -> Document:
    from genderlens.structure import build_document

    return build_document(text_document(DRAFT, "en"), language="en")


def _differential(doc: Document, justification: Justification | None = None,
                  severity: Severity = Severity.warning) -> Finding:
    f = finding_at(doc, "retire", category="differential", severity=severity,
                   rule="test-list.diff", message="Different ages for women and men.",
                   suggestion="Use one age.")
    return dataclasses.replace(f, justification=justification)


def _note(doc: Document, nth: int, rule: str = "test-list.kept") -> Finding:
    return finding_at(doc, "Pregnant", nth=nth, severity=Severity.info, category="protective",
                      rule=rule, message="“Pregnant”: maternity protection is allowed.")


def _notes(doc: Document, n: int, rule: str = "test-list.kept") -> list[Finding]:
    return [_note(doc, i, rule) for i in range(n)]


def _language(doc: Document, severity: Severity = Severity.warning) -> Finding:
    return finding_at(doc, "chairman", severity=severity, rule="test-list.terms",
                      suggestion="chair")


# ------------------------------------------------------------------ the verdict


def _combinations() -> dict[str, tuple[list[Finding], str, str, str | None]]:
    """name -> (findings, verdict, reason, rating or None for "whatever it is")."""
    doc = _doc()
    return {
        "no finding": ([], "pass", "clean", None),
        "notes only": (_notes(doc, 3), "pass", "clean", None),
        "omissions only": ([omission()], "pass-with-conditions", "warnings", None),
        "differential, no dossier read": ([_differential(doc)], "revise", "regressive",
                                          "gender-regressive"),
        "differential, dossier silent": ([_differential(doc, Justification("not-found"))],
                                         "revise", "regressive", "gender-regressive"),
        "differential, justified": ([_differential(doc, FOUND), omission()],
                                    "pass-with-conditions", "justified", "gender-neutral"),
        "justified and unjustified": ([_differential(doc, FOUND), _differential(doc)],
                                      "revise", "regressive", "gender-regressive"),
        "an error": ([_language(doc, Severity.error)], "revise", "errors", None),
        "justified differential and an error": (
            [_differential(doc, FOUND), _language(doc, Severity.error)], "revise", "errors",
            None),
    }


@pytest.mark.parametrize("name", list(_combinations()))
def test_verdict_for_each_combination(name: str):
    findings, expected, reason, rating = _combinations()[name]
    review = make_review(_doc(), findings)
    v, r = judge(review)
    assert (v.key, v.reason) == (expected, reason)
    if rating is not None:
        assert r.key == rating
    # never a contradiction: a gender-regressive draft is always sent back
    assert r.key != "gender-regressive" or v.key == "revise"
    ctx = memo_context(review)
    assert ctx["verdict"]["key"] == expected and ctx["rating"]["key"] == r.key


def test_unjustified_differential_is_revise_although_only_a_warning():
    doc = _doc()
    review = make_review(doc, [_differential(doc), omission(), *_notes(doc, 4)])
    assert review.counts()["error"] == 0
    v, r = judge(review)
    assert v.key == "revise" and r.key == "gender-regressive"
    assert [f.rule for f in v.findings] == ["test-list.diff"]  # the provision that decides


def test_a_justification_is_quoted_for_the_reviewer_to_weigh():
    doc = _doc()
    review = make_review(doc, [_differential(doc, FOUND), omission()])
    html = render(review, "html")
    summary = html[:html.index("Checklist items")]
    assert "Verdict: Pass with conditions" in summary
    assert "Women&#39;s earlier retirement compensates for unpaid care work." in summary
    assert "impact-assessment.docx, Section 3.2" in summary
    assert "not counted as regressive" in summary
    md = render(review, "md")
    assert "Women's earlier retirement compensates" in md.split("### Checklist items")[0]


def test_justification_is_optional_and_last_on_finding():
    doc = _doc()
    f = _differential(doc)
    assert f.justification is None and not f.justified
    positional = Finding(*[getattr(f, name.name) for name in dataclasses.fields(Finding)][:12])
    assert positional == f
    j = _differential(doc, FOUND)
    assert j.justified and pickle.loads(pickle.dumps(j)) == j
    assert j.fingerprint == f.fingerprint  # the dossier does not change what is flagged
    hash(j)  # findings stay hashable although the location is a dict


# ------------------------------------------------------------- the rule is data


def _table(**changes: Any) -> dict[str, Any]:
    import yaml

    from genderlens.resources import templates_dir

    data = yaml.safe_load((templates_dir() / "rating.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return data


def test_the_shipped_table_parses_and_is_the_one_used():
    table = rules()
    assert table.verdict[0].verdict == "revise"
    assert table.verdict[0].rating == "gender-regressive"
    assert table.group_notes_from == 3 and table.group_repeated_from == 4
    assert parse_rules(_table()) == table


def test_a_table_that_lets_a_regressive_draft_pass_is_refused():
    rows = _table()["verdict"]
    with pytest.raises(ConfigError, match="regressive draft could pass"):
        parse_rules(_table(verdict=[rows[3], *rows]))
    with pytest.raises(ConfigError, match="last verdict row"):
        parse_rules(_table(verdict=rows[:-1]))
    with pytest.raises(ConfigError, match="unknown key"):
        parse_rules(_table(regressive=[{"categories": ["differential"], "level": "x"}]))
    with pytest.raises(ConfigError, match="justification must be"):
        parse_rules(_table(regressive=[{"justification": "maybe"}]))
    with pytest.raises(ConfigError, match="verdict: pass"):
        parse_rules(_table(verdict=[{"verdict": "accept"}]))


def test_a_changed_table_changes_the_verdict():
    """Stereotype warnings count as regressive once the table says so."""
    doc = _doc()
    stereo = finding_at(doc, "chairman", category="stereotype", rule="test-list.roles")
    review = make_review(doc, [stereo])
    assert judge(review)[0].key == "pass-with-conditions"
    strict = parse_rules(_table(regressive=[{"categories": ["stereotype"],
                                             "min_severity": "warning"}]))
    v, r = judge(review, strict)
    assert (v.key, r.key) == ("revise", "gender-regressive")


# --------------------------------------------------------- order and grouping


def _sections(review: Review, **kw: Any) -> list[dict[str, Any]]:
    return memo_context(review, **kw)["sections"]


def test_findings_come_in_order_of_weight_and_dossier_questions_last():
    doc = _doc()
    dossier = omission("No gender impact assessment.",
                       rule="vn-lge-appraisal.gm-03-gender-impact-forecast")
    stereo = finding_at(doc, "decides", category="stereotype", rule="test-list.roles")
    findings = [dossier, *_notes(doc, 3), _language(doc), omission(), stereo,
                _differential(doc)]
    sections = _sections(make_review(doc, findings))
    assert [s["key"] for s in sections] == ["differential", "stereotype", "omission",
                                            "language", "notes", "dossier"]
    ctx = memo_context(make_review(doc, findings))
    assert ctx["findings"][0]["rule"] == "test-list.diff"  # numbered #1
    assert ctx["findings"][-1]["rule"] == "vn-lge-appraisal.gm-03-gender-impact-forecast"
    # the dossier questions share one line among the other points to resolve
    also = ctx["verdict"]["also"]
    assert also[-1]["title"] == "Dossier questions" and also[-1]["count"] == 1


def test_each_section_is_by_article_in_document_order():
    doc = text_document("Act\nSection 1. The chairman acts.\nSection 2. The chairman votes.\n"
                        "Section 3. The chairman signs.", "en")
    findings = [finding_at(doc, "chairman", nth=n, rule="test-list.terms") for n in (2, 0, 1)]
    section = _sections(make_review(doc, findings))[0]
    quotes = [f["before"] for g in section["groups"] for f in g["findings"]]
    assert quotes == sorted(quotes, key=lambda b: ("acts" not in b, "votes" not in b))
    numbers = [f["number"] for g in section["groups"] for f in g["findings"]]
    assert numbers == sorted(numbers)


@pytest.mark.parametrize(("count", "grouped"), [(1, False), (2, False), (3, True), (4, True)])
def test_notes_of_one_item_are_grouped_from_the_threshold(count: int, grouped: bool):
    doc = _doc()
    notes = _sections(make_review(doc, _notes(doc, count)))[0]
    assert notes["key"] == "notes"
    blocks = [f for g in notes["groups"] for f in g["findings"]]
    if grouped:
        assert len(notes["note_groups"]) == 1 and not blocks
        g = notes["note_groups"][0]
        assert g["count"] == count and g["terms"][0]["term"] == "Pregnant"
        assert g["terms"][0]["provisions"] == count
        assert g["message"] == "Maternity protection is allowed."  # the term left out
    else:
        assert not notes["note_groups"] and len(blocks) == count


def test_warnings_are_never_folded_away_as_notes():
    doc, warnings = _chairmen(7)
    review = make_review(doc, warnings)
    html = render(review, "html")
    assert 'class="finding notes-group' not in html and "<details>" not in html
    assert len(re.findall(r'<li id="f\d+" class="sev-warning"', html)) == 7
    full = render(review, "html", detail="full")
    assert len(re.findall(r'<article class="finding sev-warning"', full)) == 7


def _chairmen(n: int) -> tuple[Document, list[Finding]]:
    from genderlens.structure import build_document

    text = "Act\n" + "\n".join(f"Section {i}. The chairman acts." for i in range(1, n + 1))
    doc = build_document(text_document(text, "en"), language="en")
    return doc, [finding_at(doc, "chairman", nth=i, rule="test-list.terms") for i in range(n)]


@pytest.mark.parametrize(("count", "shared"), [(3, False), (4, True), (9, True)])
def test_repeated_warnings_share_one_explanation_but_each_keeps_its_line(count, shared):
    doc, warnings = _chairmen(count)
    review = make_review(doc, warnings)
    section = _sections(review)[0]
    assert section["key"] == "language"
    assert bool(section["repeated"]) is shared
    html = render(review, "html")
    # every warning is still in the memo, with its citation, its words and its anchor
    ctx = memo_context(review)
    for f in ctx["findings"]:
        assert f'id="f{f["number"]}"' in html
    assert html.count("<mark>chairman</mark>") >= count
    assert html.count("s. 1<") + html.count("s. 1:") >= 1
    if shared:
        entry = section["repeated"][0]
        assert entry["count"] == count and entry["message"] == "Flagged."
        assert html.count("<dt>Reason</dt><dd>Flagged.</dd>") == 1
        assert len(re.findall(r'<li id="f\d+"', html)) == count


def test_differential_provisions_are_never_folded_together():
    from genderlens.structure import build_document

    text = "Act\n" + "\n".join(f"Section {i}. Men retire at 6{i} and women at 60."
                               for i in range(1, 6))
    doc = build_document(text_document(text, "en"), language="en")
    diffs = [finding_at(doc, "retire", nth=i, category="differential", rule="test-list.diff")
             for i in range(5)]
    section = _sections(make_review(doc, diffs))[0]
    assert section["key"] == "differential" and not section["repeated"]
    assert sum(len(g["findings"]) for g in section["groups"]) == 5


def test_detail_full_restores_one_block_per_finding():
    doc = _doc()
    review = make_review(doc, [*_notes(doc, 4), _differential(doc)])
    summary = render(review, "html")
    full = render(review, "html", detail="full")
    assert summary.count('class="finding notes-group') == 1
    assert len(re.findall(r'<article class="finding sev-', summary)) == 1
    assert 'class="finding notes-group' not in full
    assert len(re.findall(r'<article class="finding sev-', full)) == 5
    assert render(review, "md", detail="full").count("**#") == 5
    with pytest.raises(ValueError):
        memo_context(review, detail="everything")


def test_grouped_notes_in_every_memo_format():
    doc = _doc()
    review = make_review(doc, [*_notes(doc, 4), _differential(doc)])
    html = render(review, "html")
    assert "<strong>“Pregnant” in 4 provision(s)</strong>" in html
    md = render(review, "md")
    assert "**“Pregnant” in 4 provision(s)**" in md and "(4 notes)" in md
    import io

    import docx

    word = docx.Document(io.BytesIO(render(review, "docx")))
    rows = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    assert ["Pregnant", "4", "s. 3(1), (2); s. 4"] in rows


def test_grouped_notes_fold_long_lists_in_html():
    from genderlens.structure import build_document

    lines = "\n".join(f"Section {n}. Pregnant workers rest." for n in range(1, 11))
    doc = build_document(text_document("Act\n" + lines, "en"), language="en")
    notes = [_note(doc, i) for i in range(10)]
    html = render(make_review(doc, notes), "html")
    assert "<details><summary>" in html and "…</summary>" in html


def test_compact_provisions_name_each_article_once():
    def at(text: str, article: str | None) -> Finding:
        return Finding("c", "i", "c.i", "info", Severity.info,
                       Locator(text=text, article=article), "q", "m")

    found = [at("Điều 137 khoản 1 điểm a", "137"), at("Điều 137 khoản 2", "137"),
             at("Điều 137 khoản 2", "137"), at("Điều 139", "139"), at("s. 21(2)(a)", "21"),
             at("s. 21(3)", "21"), at("", None)]
    assert compact_provisions(found) == ["Điều 137 khoản 1 điểm a, khoản 2", "Điều 139",
                                         "s. 21(2)(a), (3)"]


# --------------------------------------------------------------- JSON and SARIF


def test_json_carries_verdict_rating_and_justification():
    doc = _doc()
    diff = _differential(doc, FOUND)
    review = make_review(doc, [diff, _language(doc), *_notes(doc, 3)])
    data = json.loads(render(review, "json"))["files"][0]
    assert data["verdict"] == "pass-with-conditions"
    assert data["verdict_reason"] == "justified"
    assert set(data["rating"]) == {"key", "findings"}
    assert data["rating"]["key"] in ("gender-neutral", "gender-responsive")
    assert len(data["findings"]) == 5  # JSON keeps every finding, grouped or not
    by_cat = {f["category"]: f for f in data["findings"]}
    assert by_cat["differential"]["justification"] == {
        "status": "found", "document": "impact-assessment.docx",
        "quote": FOUND.quote, "location": {"text": "Section 3.2"}}
    assert "justification" not in by_cat["language"]
    unjustified = make_review(doc, [_differential(doc)])
    data = json.loads(render(unjustified, "json"))["files"][0]
    assert data["verdict"] == "revise" and data["rating"]["key"] == "gender-regressive"
    assert data["rating"]["findings"] == [unjustified.findings[0].fingerprint]
    assert data["findings"][0]["justification"] is None


def test_sarif_run_properties_carry_each_files_verdict():
    doc = _doc()
    batch = [("a.txt", make_review(doc, [_differential(doc)])),
             ("b.txt", make_review(doc, [omission()])), ("c.docx", "c.docx: corrupt")]
    run = json.loads(render(batch, "sarif"))["runs"][0]
    verdicts = run["properties"]["verdicts"]
    assert [(v["artifactIndex"], v["path"], v["verdict"]) for v in verdicts] == [
        (0, "a.txt", "revise"), (1, "b.txt", "pass-with-conditions")]
    assert verdicts[0]["rating"]["key"] == "gender-regressive"
    diff = next(r for r in run["results"] if r["ruleId"] == "test-list.diff")
    assert diff["properties"]["justification"] is None


def test_slim_reports_rate_like_the_memo():
    """Batch mode strips documents before JSON is written: the rating must not move."""
    from genderlens.commands.runner import slim_document

    doc = text_document("Act\n1. Women and men are equal without discrimination on the "
                        "basis of sex.\n2. The chairman decides.", "en")
    review = make_review(doc, [_language(doc)])
    before = judge(review)[1].key
    slim_document(review)
    assert judge(review)[1].key == before == "gender-responsive"


# ------------------------------------------------------------------ the CLI


def test_cli_detail_option(tmp_path, monkeypatch, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text("Draft Act\n\nSection 1. Men retire at 62 and women at 60.\n", "utf-8")
    code, out, err = run_cli(["review", str(draft), "-f", "md", "--detail", "full",
                              "--no-config", "-q"], monkeypatch, capsys, tmp_path)
    assert "## Verdict:" in out, err
    code, out, err = run_cli(["review", str(draft), "-f", "md", "--detail", "some",
                              "--no-config", "-q"], monkeypatch, capsys, tmp_path)
    assert code == 2 and "--detail must be summary or full" in err


def test_batch_summary_shows_which_drafts_to_revise():
    from genderlens.commands import batch_summary
    from genderlens.commands.runner import FileResult

    doc = _doc()
    results = [FileResult(0, "a.txt", review=make_review(doc, [_differential(doc)])),
               FileResult(1, "b.txt", review=make_review(doc, _notes(doc, 1))),
               FileResult(2, "c.docx", error="c.docx: corrupt", kind="input")]
    table = batch_summary.rows(results)
    assert [(r.verdict, r.rating) for r in table][:2] == [("revise", "gender-regressive"),
                                                         ("pass", "gender-neutral")]
    assert table[2].verdict is None
    assert "| a.txt | reviewed | revise | gender-regressive |" in batch_summary.to_markdown(table)
    assert batch_summary.to_csv(table).splitlines()[0].endswith(",verdict,rating")


def test_console_view_follows_the_memo_order():
    from rich.console import Console

    from genderlens.render import print_review

    doc = _doc()
    dossier = omission("No gender impact assessment.",
                       rule="vn-lge-appraisal.gm-03-gender-impact-forecast")
    review = make_review(doc, [dossier, *_notes(doc, 4), _language(doc), _differential(doc)])
    console = Console(record=True, width=200, color_system=None)
    print_review(review, console)
    text = console.export_text()
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[1].startswith("Verdict: Revise") and lines[-1].startswith("Verdict: Revise")
    order = ["Also to resolve", "Differential treatment and exclusion by sex (1) ─",
             "Different ages for women and men.", "Drafting language (1) ─", "Notes (4) ─",
             "“Pregnant” in 4 provision(s)", "Dossier questions (1) ─", "Checklist items"]
    positions = [text.index(h) for h in order]
    assert positions == sorted(positions)
    assert text.count("maternity protection is allowed") == 0  # one shared explanation
    assert "Maternity protection is allowed." in text
    full = Console(record=True, width=200, color_system=None)
    print_review(review, full, detail="full")
    assert full.export_text().count("“Pregnant”: maternity protection is allowed.") == 4


def test_long_repeated_lists_fold_in_html_but_keep_every_citation():
    doc, warnings = _chairmen(13)
    review = make_review(doc, warnings)
    html = render(review, "html")
    shown, _, folded = html.partition('<details class="more-occurrences">')
    assert len(re.findall(r'<li id="f\d+"', shown)) == 10
    assert len(re.findall(r'<li id="f\d+"', folded)) == 3
    assert "<summary>3 more: s. 11; s. 12; s. 13</summary>" in folded
    # Word and Markdown list them all
    assert render(review, "md").count("**chairman**") >= 13


def test_related_findings_show_on_their_provision():
    doc = _doc()
    diff = dataclasses.replace(_differential(doc),
                               related=("test-list.roles: Men as heads of household.",))
    review = make_review(doc, [diff])
    assert "Also on this provision</dt><dd>test-list.roles: Men as heads of household." in \
        render(review, "html")
    assert "- Also on this provision: test-list.roles: Men as heads of household." in \
        render(review, "md")
