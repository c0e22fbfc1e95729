"""The review memo: Markdown, HTML and Word, its sections, its escaping and the user
template folder."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from test_render_support import ROOT, finding_at, make_review, omission, text_document

from genderlens.errors import ConfigError, UsageError
from genderlens.model import ItemResult, Severity
from genderlens.render import render
from genderlens.render.context import memo_context
from genderlens.render.memo import HTML_TEMPLATE, MD_TEMPLATE, md_escape, render_template

NOW = dt.datetime(2024, 3, 8, 9, 30, tzinfo=dt.UTC)
HOSTILE = "The chairman reads <script>alert(1)</script> and {{ 7*7 }} & {% if x %}."
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*") if p.suffix in (".docx", ".md"))


def _review(text: str = HOSTILE, language: str = "en"):
    doc = text_document("Draft Act\n\n" + text, language)
    doc.tracked_changes = True
    findings = [
        finding_at(doc, "chairman", suggestion="chair, chairperson", category="language",
                   rule="test-list.terms"),
        finding_at(doc, "reads", severity=Severity.error, category="differential",
                   rule="test-list.diff", message="Different rules for <b>women</b>.",
                   suggestion="Align them."),
        omission("No gender analysis."),
    ]
    items = [
        ItemResult("test-list", "terms", "flagged", "Is the wording neutral?", "Neutral words"),
        ItemResult("test-list", "diff", "flagged", "Same rules?", "Same rules"),
        ItemResult("test-list", "item-2", "not-met", "Analysis?", "Gender analysis"),
        ItemResult("test-list", "ask", "needs-review", "Were women consulted?", "Consultation"),
        ItemResult("test-list", "ok", "met", "Fine?", "Fine"),
    ]
    return make_review(doc, findings, items)


def _html(review, **kw) -> str:
    return render_template(HTML_TEMPLATE, memo_context(review, now=NOW, **kw))


def _md(review, **kw) -> str:
    return render_template(MD_TEMPLATE, memo_context(review, now=NOW, **kw))


def test_html_memo_has_every_section_in_order():
    html = _html(_review())
    # the summary page, then the findings heaviest first, then the annexes
    order = ["Gender mainstreaming review", "Verdict: Revise", "Gender Legislative Index rating",
             "Gender-regressive", "The provisions that decide it",
             "Also to resolve before submission", "Checklist items",
             "Differential treatment and exclusion by sex", "Omissions and missing safeguards",
             "Drafting language", "Annex: drafting language", "Questions for the reviewer",
             "Method"]
    positions = [html.index(h) for h in order]
    assert positions == sorted(positions)
    assert "Reviewed as if all tracked changes were accepted." in html
    assert "Were women consulted?" in html
    assert 'class="status status-not-met"' in html and 'class="status status-met"' in html
    assert "<mark>chairman</mark>" in html
    assert "<ins>Chair</ins>" in html or "<ins>chair</ins>" in html
    assert "test-list</code> (version 1)" in html
    # the deciding provision is cited, quoted and comes with its fix on the summary page
    summary = html[html.index("The provisions that decide it"):html.index("Checklist items")]
    assert 'href="#f1">' in summary and "<q>reads</q>" in summary and "Align them." in summary
    assert "No justification" in summary
    # the other warnings, one line per item
    also = summary[summary.index("Also to resolve"):]
    assert "Neutral words" in also and "Gender analysis" in also


def test_html_memo_is_self_contained():
    html = _html(_review())
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)
    assert "@import" not in html and "<link" not in html


def test_document_text_is_escaped_not_evaluated_in_html():
    html = _html(_review())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "{{ 7*7 }}" in html and "{% if x %}" in html
    assert not re.search(r"\b49\b", html)
    assert "Different rules for &lt;b&gt;women&lt;/b&gt;." in html
    assert "{{ 7*7 }}" in render(_review(), "html")


def test_document_text_stays_literal_in_markdown():
    md = _md(_review())
    assert "{{ 7\\*7 }}" not in md and "{{ 7*7 }}" in md and "{% if x %}" in md
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert "<script>" not in md
    assert not re.search(r"\b49\b", md)
    assert "**chairman**" in md
    assert "## Verdict: **Revise**" in md


def test_md_escape():
    assert md_escape("a|b <c> [d](e) `f` & 7*7") == "a\\|b \\<c\\> \\[d\\](e) \\`f\\` \\& 7*7"
    assert md_escape("x\n\ny") == "x y"
    assert md_escape(" lead ") == " lead "


def test_memo_language_follows_the_document_or_the_option():
    doc = text_document("Dự thảo\n\nNgười chủ tịch quyết định theo <b>x</b>.", "vi")
    doc.tracked_changes = True
    review = make_review(doc, [omission("Thiếu phân tích giới.")])
    vi = _html(review)
    assert "Kết luận" in vi and 'lang="vi"' in vi
    assert "Rà soát như thể đã chấp nhận toàn bộ" in vi
    en = _html(review, memo_lang="en")
    assert "Verdict" in en and "Kết luận" not in en


def test_markdown_batch_and_html_single():
    review = _review()
    out = render([("a.txt", review), ("b.docx", "b.docx: corrupt")], "md")
    assert "b.docx: corrupt" in out and "Gender mainstreaming review" in out
    with pytest.raises(UsageError):
        render([("a.txt", review), ("c.txt", review)], "html")


def test_user_template_dir_overrides_by_name_in_the_sandbox(tmp_path: Path):
    review = _review()
    (tmp_path / "memo.md.j2").write_text("CUSTOM {{ verdict.label }} {{ doc.title }}\n")
    out = render(review, "md", template_dir=tmp_path)
    assert out == "CUSTOM Revise Draft Act\n"
    # a partial alone replaces only that partial
    (tmp_path / "finding.html.j2").write_text("<p class=mine>{{ f.quote }}</p>")
    html = render(review, "html", template_dir=tmp_path)
    assert "<p class=mine>chairman</p>" in html and "Checklist items" in html
    # the user's strings override the built-in words
    (tmp_path / "strings.yaml").write_text("en:\n  verdicts:\n    revise: Send back\n")
    assert "Send back" in render(review, "html", template_dir=tmp_path)


def test_user_templates_cannot_reach_python_internals(tmp_path: Path):
    (tmp_path / "memo.md.j2").write_text("{{ doc.__class__.__mro__ }}{{ ''.__class__ }}")
    with pytest.raises(ConfigError):
        render(_review(), "md", template_dir=tmp_path)
    (tmp_path / "memo.md.j2").write_text("[{{ lipsum.__globals__ }}][{{ s.__class__ }}]")
    assert render(_review(), "md", template_dir=tmp_path) == "[][]"


def test_template_errors_are_config_errors(tmp_path: Path):
    (tmp_path / "memo.md.j2").write_text("{% for x in %}")
    with pytest.raises(ConfigError, match=r"memo\.md\.j2:1"):
        render(_review(), "md", template_dir=tmp_path)
    with pytest.raises(UsageError):
        render(_review(), "md", template_dir=tmp_path / "missing")


# ---------------------------------------------------------------------- Word memo


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_docx_memo_has_the_sections_and_escapes_text():
    data = render(_review(), "docx")
    assert isinstance(data, bytes) and data[:2] == b"PK"
    text = _docx_text(data)
    for heading in ("Verdict: Revise", "The provisions that decide it", "Checklist items",
                    "Differential treatment and exclusion by sex", "Drafting language",
                    "Annex: drafting language", "Questions for the reviewer", "Method",
                    "Gender-regressive"):
        assert heading in text
    assert "<script>alert(1)</script>" in text
    # (the generation time, "22:49", is not an evaluated template)
    assert "{{ 7*7 }}" in text and not re.search(r"\b49\b", re.sub(r"\d\d:\d\d", "", text))
    assert "Reviewed as if all tracked changes were accepted." in text
    assert "{%" not in text.replace("{% if x %}", "")


def test_docx_memo_highlights_the_quote():
    import docx

    document = docx.Document(io.BytesIO(render(_review(), "docx")))
    shaded = [r.text for p in document.paragraphs for r in p.runs
              if r._r.rPr is not None and r._r.rPr.find(qn("w:shd")) is not None]
    assert "chairman" in shaded


def test_docx_memo_template_can_be_replaced(tmp_path: Path):
    import docx

    custom = docx.Document()
    custom.add_paragraph("OUR LETTERHEAD {{ verdict.label }} {{ doc.title }}")
    custom.save(str(tmp_path / "memo.docx"))
    text = _docx_text(render(_review(), "docx", template_dir=tmp_path))
    assert text.strip() == "OUR LETTERHEAD Revise Draft Act"


def test_shipped_docx_template_is_what_the_builder_writes(tmp_path: Path):
    import importlib.util
    import zipfile

    builder = ROOT / "templates" / "build_memo_docx.py"
    spec = importlib.util.spec_from_file_location("build_memo_docx", builder)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.build(tmp_path / "memo.docx")
    with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(ROOT / "templates" / "memo.docx") as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")


# ----------------------------------------------------------- rendering in real tools


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
def test_html_memo_renders_in_headless_chromium(tmp_path: Path):
    browser = _chromium()
    if browser is None:
        pytest.skip("no chromium or chromium-browser binary on PATH")
    if EXAMPLES:
        import genderlens

        review = genderlens.review(EXAMPLES[0])
    else:
        review = _review()
    page = tmp_path / "memo.html"
    page.write_text(render(review, "html"), encoding="utf-8")
    shot = tmp_path / "memo.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         "--window-size=1200,2000", page.as_uri()],
        check=False, capture_output=True, timeout=120,
    )
    assert shot.is_file(), "chromium wrote no screenshot"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000  # a blank 1200x2000 page compresses to a few KB


@pytest.mark.slow
def test_docx_memo_opens_in_libreoffice(tmp_path: Path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    memo = tmp_path / "memo.docx"
    memo.write_bytes(render(_review(), "docx"))
    out = tmp_path / "out"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
         "--convert-to", "docx", "--outdir", str(out), str(memo)],
        check=False, capture_output=True, timeout=180,
    )
    converted = out / "memo.docx"
    assert converted.is_file(), "LibreOffice could not convert the Word memo"
    assert "Differential treatment and exclusion by sex" in _docx_text(converted.read_bytes())


def test_agency_names_address_the_memo():
    agencies = {"drafting_agency": "Ministry of <Ports>", "appraisal_agency": "Ministry of Justice"}
    review = _review()
    html = render(review, "html", agency_names=agencies)
    assert "<th>To</th><td>Ministry of &lt;Ports&gt;</td>" in html
    assert "Prepared by" in html and "Ministry of Justice" in html
    md = render(review, "md", agency_names=agencies)
    assert "| To | Ministry of \\<Ports\\> |" in md
    assert "Ministry of <Ports>" in _docx_text(render(review, "docx", agency_names=agencies))
    assert "Prepared by" not in render(review, "html")
    # formats that are not memos accept and ignore the option
    assert render(review, "json", agency_names=agencies) == render(review, "json")
