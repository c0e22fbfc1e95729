"""Build ``templates/memo.docx``, the Word template of the review memo.

Run ``python templates/build_memo_docx.py`` after changing the layout. The result is
an ordinary Word document with Jinja tags (docxtpl syntax) in its text, so an
organisation can open it in Word, restyle it (fonts, letterhead, colours, numbering),
save it under the same name in its own ``--template-dir`` and keep the tags. Each tag
is written as one run so that Word's styling does not split it.

Tags: ``{{ value }}`` text (escaped), ``{{r value }}`` rich text prepared by the
program (highlighted quotes, coloured statuses), ``{%p ... %}`` a paragraph that only
carries a block tag, ``{%tr ... %}`` a table row that only carries a block tag. The
values are those of genderlens/render/context.py plus the ``*_rt`` rich texts of
genderlens/render/memo_docx.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent


def _tag(document: docx.document.Document, text: str) -> None:
    document.add_paragraph(text)


def _labelled(document: docx.document.Document, label: str, value: str,
              style: str | None = None) -> docx.text.paragraph.Paragraph:
    p = document.add_paragraph(style=style)
    p.add_run(label).bold = True
    p.add_run(value)
    return p


def _table(document: docx.document.Document, header: list[str] | None, loop: str,
           cells: list[str], widths: list[float], end: str = "{%tr endfor %}") -> None:
    rows = (1 if header else 0) + 3
    table = document.add_table(rows=rows, cols=len(cells))
    table.style = "Table Grid"
    table.autofit = False
    # Word reads the cell widths, LibreOffice the grid: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    r = 0
    if header:
        for i, text in enumerate(header):
            run = table.rows[0].cells[i].paragraphs[0].add_run(text)
            run.bold = True
        r = 1
    table.rows[r].cells[0].paragraphs[0].add_run(loop)
    for i, text in enumerate(cells):
        table.rows[r + 1].cells[i].paragraphs[0].add_run(text)
    table.rows[r + 2].cells[0].paragraphs[0].add_run(end)


def build(path: Path) -> Path:
    document = docx.Document()
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(11)
    document.core_properties.title = "genderlens review memo"
    document.core_properties.author = "genderlens"

    kicker = document.add_paragraph()
    run = kicker.add_run("{{ s.memo_title }}")
    run.font.color.rgb = RGBColor(0x57, 0x60, 0x6A)
    run.font.size = Pt(10)
    document.add_heading("{{ doc.title }}", level=0)
    _table(document, None, "{%tr for row in doc_rows %}", ["{{ row.label }}", "{{ row.value }}"],
           [4.0, 12.0])

    # --- the summary page: verdict, rating, the provisions that decide it, checklist
    document.add_heading("{{ s.verdict }}: {{ verdict.label }}", level=1)
    _tag(document, "{{ verdict.explanation }} ({{ counts_text }})")
    _labelled(document, "{{ s.rating }}: ", "{{r rating_rt }}")
    _tag(document, "{%p if verdict.reason != 'regressive' %}")
    _tag(document, "{{ rating.explanation }}")
    _tag(document, "{%p for reason in rating.reasons %}")
    document.add_paragraph("{{ reason }}", style="List Bullet")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if rating.justified_note %}")
    document.add_paragraph().add_run("{{ rating.justified_note }}").italic = True
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endif %}")

    _tag(document, "{%p if verdict.decisive %}")
    document.add_heading("{{ s.decisive }}", level=2)
    _tag(document, "{%p for d in verdict.decisive %}")
    head = document.add_paragraph()
    head.add_run("{{r d.severity_rt }}")
    head.add_run(" {{ d.title }} ({{ d.count }})").bold = True
    _tag(document, "{%p if d.provisions %}")
    _table(document, ["{{ s.where }}", "{{ s.quote }}"], "{%tr for p in d.provisions %}",
           ["{{ p.locator }}", "{{ p.quote }}{% if not d.suggestion and p.suggestion %} "
            "({{ s.fix }}: {{ p.suggestion }}){% endif %}{% if p.justification and "
            "p.justification.status == 'found' %} {{ s.justification }}: "
            "{{ p.justification_text }}{% endif %}"],
           [4.0, 12.5])
    _tag(document, "{%p if d.more %}")
    _tag(document, "… {{ d.more_text }} ({{ s.see_below }})")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p else %}")
    _labelled(document, "{{ s.where }}: ", "{{ d.where_text }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if d.suggestion %}")
    # (space after the table above it)
    _labelled(document, "{{ s.fix }}: ", "{{ d.suggestion }}").paragraph_format.space_before = Pt(6)
    _tag(document, "{%p elif not d.provisions %}")
    _tag(document, "{{ d.message }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if verdict.reason == 'regressive' and verdict.decisive | "
                   "sum(attribute='justified') < verdict.decisive | sum(attribute='count') %}")
    document.add_paragraph().add_run("{{ s.no_justification }}").italic = True
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endif %}")

    _tag(document, "{%p if rating.justified and verdict.reason != 'justified' %}")
    document.add_heading("{{ s.rating_justified }}", level=2)
    _tag(document, "{%p for p in rating.justified %}")
    document.add_paragraph("{{ p.locator }}: “{{ p.quote }}” — {{ p.justification_text }}",
                           style="List Bullet")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")

    _tag(document, "{%p if verdict.also %}")
    document.add_heading("{{ verdict.also_heading }}", level=2)
    _tag(document, "{%p for r in verdict.also %}")
    also = document.add_paragraph(style="List Bullet")
    also.add_run("{{r r.severity_rt }}")
    also.add_run(" {{ r.title }}").bold = True
    also.add_run(" ({{ r.count }}{% if r.where_text %}: {{ r.where_text }}{% endif %})"
                 "{% if r.message_only %}: {{ r.message }}{% elif r.suggestion or r.message %}. "
                 "{{ r.suggestion or r.message }}{% else %}.{% endif %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    note = document.add_paragraph().add_run("{{ rating.note }}")
    note.italic = True
    # What was read (coverage, instruments, reading warnings), before the checklist.
    document.add_heading("{{ s.reading_heading }}", level=2)
    _tag(document, "{{ reading_text }}")

    document.add_heading("{{ s.items_heading }}", level=2)
    _table(document, ["{{ s.item }}", "{{ s.title }}", "{{ s.status }}", "{{ s.findings_count }}"],
           "{%tr for item in items %}",
           ["{{ item.item }}", "{{ item.title }}", "{{r item.status_rt }}", "{{ item.findings }}"],
           [6.0, 6.0, 2.8, 1.7])

    # --- the dossier: documents and roles, items with evidence, justification table
    _tag(document, "{%p if dossier.show %}")
    document.add_heading("{{ s.dossier_heading }}", level=2)
    _tag(document, "{%p if not dossier.provided %}")
    _tag(document, "{{ s.dossier_not_provided }} {{ s.dossier_ask_for }}")
    _tag(document, "{%p for a in dossier.ask_for %}")
    ask = document.add_paragraph(style="List Bullet")
    ask.add_run("{{ a.label }}").bold = True
    ask.add_run(" ({{ s.dossier_answers }} {{ a.answers }})")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p else %}")
    document.add_heading("{{ s.dossier_documents }}", level=3)
    _table(document, ["{{ s.file }}", "{{ s.dossier_role }}", "{{ s.dossier_recognised_by }}"],
           "{%tr for d in dossier.documents %}",
           ["{{ d.name }}", "{{ d.role_label }}",
            "{% if d.error %}{{ s.dossier_error }}: {{ d.error }}{% else %}{{ d.reason }}"
            "{% endif %}"], [5.0, 5.0, 6.5])
    _tag(document, "{%p if dossier.has_unknown %}")
    document.add_paragraph().add_run("{{ s.dossier_unknown_note }}").italic = True
    _tag(document, "{%p endif %}")
    document.add_heading("{{ s.dossier_items }}", level=3)
    _tag(document, "{%p for i in dossier.answered %}")
    ip = document.add_paragraph(style="List Bullet")
    ip.add_run("{{r i.status_rt }}")
    ip.add_run(" {{ i.title }}").bold = True
    ip.add_run(" ({{ i.item }}){% if i.reason %} — {{ i.reason }}{% endif %}")
    _tag(document, "{%p for e in i.sources %}")
    ep = document.add_paragraph(style="List Bullet 2")
    ep.add_run("{% if e.what %}{{ e.what }}: {% endif %}")
    ep.add_run("“{{ e.quote }}”").italic = True
    ep.add_run(" ({{ e.document }}, {{ e.location }})")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if dossier.justifications %}")
    document.add_heading("{{ s.justification_table }}", level=3)
    _table(document, ["#", "{{ s.justification_provision }}", "{{ s.justification_status }}"],
           "{%tr for j in dossier.justifications %}",
           ["{{ j.number or '' }}", "{{ j.locator }}: “{{ j.quote }}”",
            "{{r j.status_rt }}{% if j.found %} ({{ j.matched_by }}): “{{ j.passage }}” "
            "({{ j.document }}, {{ j.location }}){% endif %}"], [1.0, 6.5, 9.0])
    document.add_paragraph()
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if dossier.cited_missing %}")
    _tag(document, "{{ s.dossier_cited_missing }}")
    _tag(document, "{%p for c in dossier.cited_missing %}")
    document.add_paragraph("{{ c.citation }} ({{ c.document }}): “{{ c.quote }}”",
                           style="List Bullet")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endif %}")

    # --- the findings, heaviest first, each section by article
    document.add_page_break()
    _tag(document, "{%p if not sections %}")
    document.add_heading("{{ s.findings_heading }}", level=1)
    _tag(document, "{{ s.no_findings }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p for sec in sections %}")
    document.add_heading("{{ sec.heading }} ({{ sec.count }})", level=1)
    _tag(document, "{%p if sec.intro %}")
    document.add_paragraph().add_run("{{ sec.intro }}").italic = True
    _tag(document, "{%p endif %}")
    _tag(document, "{%p for g in sec.note_groups %}")
    ghead = document.add_paragraph()
    ghead.add_run("{{r g.severity_rt }}")
    ghead.add_run(" {{ g.item_title }}").bold = True
    ghead.add_run(" ({{ g.count_text }})")
    _tag(document, "{{ g.message }}")
    _table(document, ["{{ s.quote }}", "#", "{{ s.where }}"], "{%tr for t in g.terms %}",
           ["{{ t.term }}", "{{ t.provisions }}", "{{ t.where }}"], [3.6, 1.0, 11.9])
    document.add_paragraph()
    _tag(document, "{%p if g.basis %}")
    _labelled(document, "{{ s.basis }}: ", "{{ g.basis }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p for g in sec.repeated %}")
    rhead = document.add_paragraph()
    rhead.add_run("{{r g.severity_rt }}")
    rhead.add_run(" {{ g.item_title }}").bold = True
    rhead.add_run(" ({{ g.count_text }})")
    for key, label in (("message", "reason"), ("suggestion", "suggestion"), ("basis", "basis")):
        _tag(document, f"{{%p if g.{key} %}}")
        _labelled(document, f"{{{{ s.{label} }}}}: ", f"{{{{ g.{key} }}}}")
        _tag(document, "{%p endif %}")
    _table(document, ["#", "{{ s.where }}", "{{ s.quote }}"], "{%tr for f in g.findings %}",
           ["{{ f.number }}", "{{ f.locator }}", "{{r f.short_rt }}"], [1.0, 4.0, 11.5])
    document.add_paragraph()
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p for group in sec.groups %}")
    document.add_heading("{{ group.heading }}", level=2)
    _tag(document, "{%p for f in group.findings %}")
    head = document.add_paragraph()
    head.add_run("{{r f.severity_rt }}")
    head.add_run(" #{{ f.number }} {{ f.item_title }}").bold = True
    head.add_run("{% if f.has_span and f.locator %} ({{ f.locator }}){% endif %}")
    _tag(document, "{%p if f.quote %}")
    document.add_paragraph("{{r f.quote_rt }}", style="Quote")
    _tag(document, "{%p endif %}")
    _labelled(document, "{{ s.reason }}: ", "{{ f.message }}")
    _tag(document, "{%p if f.suggestion %}")
    _labelled(document, "{{ s.suggestion }}: ", "{{ f.suggestion }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if f.justification_text %}")
    _labelled(document, "{{ s.justification }}: ", "{{ f.justification_text }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if f.basis %}")
    _labelled(document, "{{ s.basis }}: ", "{{ f.basis }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")

    _tag(document, "{%p if language_annex %}")
    document.add_heading("{{ s.language_annex }}", level=1)
    _tag(document, "{{ s.language_intro }}")
    _table(document, ["#", "{{ s.original }}", "{{ s.rewrite }}"],
           "{%tr for f in language_annex %}",
           ["{{ f.number }}", "{{r f.quote_rt }}", "{{r f.rewrite_rt }}"], [1.0, 7.8, 7.8])
    _tag(document, "{%p endif %}")

    _tag(document, "{%p if questions %}")
    document.add_heading("{{ s.questions }}", level=1)
    _tag(document, "{{ s.questions_intro }}")
    _tag(document, "{%p for q in questions %}")
    qp = document.add_paragraph(style="List Bullet")
    qp.add_run("{{ q.title }}: ").bold = True
    qp.add_run("{{ q.question }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")

    document.add_heading("{{ s.method }}", level=1)
    document.add_paragraph("{{ method.read }}", style="List Bullet")
    document.add_paragraph("{{ method.tracked }}", style="List Bullet")
    document.add_paragraph("{{ s.checklists_used }}: {{ checklists_text }}", style="List Bullet")
    document.add_paragraph("{{ s.tool }}: {{ tool.name }} {{ tool.version }}; "
                           "{{ s.generated }}: {{ generated }}", style="List Bullet")
    _tag(document, "{%p if doc.warnings %}")
    document.add_paragraph("{{ s.reader_warnings }}: {{ doc.warnings | join('; ') }}",
                           style="List Bullet")
    _tag(document, "{%p endif %}")
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "{{ tool.name }} {{ tool.version }} · {{ review_date }}"
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(path))
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "memo.docx"
    print(build(out))
