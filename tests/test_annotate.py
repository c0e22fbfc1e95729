"""The annotated draft: one real Word comment per finding, on exactly the flagged words,
in a copy; the input is never touched."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx_fixtures import (
    NSDECL,
    VN_LAW_LEVELS,
    abstract_num,
    build_docx,
    dele,
    footnote_ref,
    hyperlink,
    inline_sdt,
    ins,
    note,
    note_paragraph,
    notes_xml,
    num,
    numbering_xml,
    p,
    r,
    table,
    tbl,
    tc,
    tr,
)
from lxml import etree
from test_render_support import (
    SHARED,
    W,
    anchored_texts,
    comments,
    finding_at,
    make_review,
    omission,
)

import genderlens
from genderlens.errors import UsageError
from genderlens.normalize import normalize
from genderlens.render.annotate import annotate

MAIN = "word/document.xml"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", normalize(text))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def annotate_words(tmp_path: Path, body, words, **build) -> tuple:
    """Build a .docx, flag each word (str or (word, nth)), annotate; return
    (review, result, output path)."""
    src = build_docx(tmp_path / "draft.docx", body, **build)
    doc = genderlens.read(src)
    findings = []
    for w in words:
        word, nth = (w, 0) if isinstance(w, str) else w
        findings.append(finding_at(doc, word, nth=nth, message=f"About {word}.",
                                   suggestion="Use a neutral word.", basis="UK WMS 2007"))
    review = make_review(doc, findings)
    before = sha(src)
    out = tmp_path / "draft.annotated.docx"
    result = annotate(review, src, out)
    assert sha(src) == before
    return review, result, out


def assert_exact(review, result, out: Path) -> dict[str, str]:
    """One comment per finding with a span, each anchored on exactly its quote."""
    ranges = anchored_texts(out)
    notes = comments(out)
    assert len(result.placed) == sum(1 for f in review.findings if f.span is not None)
    for finding, cid in result.placed:
        assert nfc(ranges[str(cid)]) == nfc(finding.quote)
        assert notes[str(cid)].startswith(finding.message)
    return ranges


def test_word_split_across_runs_gets_one_comment_on_exactly_it(tmp_path: Path):
    body = [p(text="Draft Act"),
            p(r("The chair", rpr="<w:b/>"), r("man shall", rpr="<w:i/>"), r(" decide."))]
    review, result, out = annotate_words(tmp_path, body, ["chairman"])
    assert_exact(review, result, out)
    root = etree.fromstring(zipfile.ZipFile(out).read(MAIN))
    para = list(root.iter(W + "p"))[1]
    # formatting survives the split: "chair" bold, "man" italic, " shall" italic
    runs = [(run.findtext(W + "t"), [c.tag.split("}")[1] for c in run.find(W + "rPr")])
            for run in para.iter(W + "r") if run.find(W + "rPr") is not None
            and run.findtext(W + "t")]
    assert ("chair", ["b"]) in runs and ("man", ["i"]) in runs and (" shall", ["i"]) in runs
    # the reference run follows the range end
    tags = [el.tag.split("}")[1] for el in para]
    assert tags.index("commentRangeStart") < tags.index("commentRangeEnd")
    assert para.find(f"{W}r/{W}commentReference") is not None


def test_comment_metadata_and_text(tmp_path: Path):
    _, _result, out = annotate_words(tmp_path, [p(text="The chairman decides.")], ["chairman"])
    root = etree.fromstring(zipfile.ZipFile(out).read("word/comments.xml"))
    (comment,) = root.iter(W + "comment")
    assert comment.get(W + "author") == "genderlens" and comment.get(W + "initials") == "GL"
    assert comment.get(W + "date").endswith("Z")
    text = comments(out)[comment.get(W + "id")]
    assert text.splitlines()[:3] == ["About chairman.", "Suggestion: Use a neutral word.",
                                     "Basis: UK WMS 2007"]
    types = zipfile.ZipFile(out).read("[Content_Types].xml").decode()
    assert "/word/comments.xml" in types and "comments+xml" in types


def test_flagged_words_inside_a_table(tmp_path: Path):
    body = [p(text="Draft Act"), table([["Age", "Men: 62 years"], ["Role", "The chairman"]])]
    review, result, out = annotate_words(tmp_path, body, ["62 years", "chairman"])
    assert_exact(review, result, out)
    root = etree.fromstring(zipfile.ZipFile(out).read(MAIN))
    for start in root.iter(W + "commentRangeStart"):
        assert any(a.tag == W + "tc" for a in start.iterancestors())


def test_flagged_word_inside_a_hyperlink(tmp_path: Path):
    body = [p(r("See "), hyperlink("the chairman rules"), r(" today."))]
    review, result, out = annotate_words(tmp_path, body, ["chairman"])
    assert_exact(review, result, out)
    root = etree.fromstring(zipfile.ZipFile(out).read(MAIN))
    link = next(root.iter(W + "hyperlink"))
    assert "".join(t.text for t in link.iter(W + "t")) == "the chairman rules"
    ref = next(root.iter(W + "commentReference"))
    assert not any(a.tag == W + "hyperlink" for a in ref.iterancestors())


def test_flagged_word_inside_a_tracked_insertion(tmp_path: Path):
    body = [p(r("The "), dele("old "), ins(r("new chairman decides")), r(" now."))]
    review, result, out = annotate_words(tmp_path, body, ["chairman"])
    assert_exact(review, result, out)
    root = etree.fromstring(zipfile.ZipFile(out).read(MAIN))
    inserted = next(root.iter(W + "ins"))
    # every piece of the split run is still a tracked insertion
    assert "".join(t.text for t in inserted.iter(W + "t")) == "new chairman decides"
    assert [t.text for t in inserted.iter(W + "t")] == ["new ", "chairman", " decides"]
    ref = next(root.iter(W + "commentReference"))
    assert not any(a.tag == W + "ins" for a in ref.iterancestors())
    # the deleted text is untouched and outside the range
    assert next(root.iter(W + "delText")).text == "old "


def test_flagged_word_inside_a_content_control(tmp_path: Path):
    body = [p(r("Named: "), inline_sdt("the chairman of the board"))]
    review, result, out = annotate_words(tmp_path, body, ["chairman"])
    assert_exact(review, result, out)


def test_several_findings_in_one_paragraph_and_overlaps(tmp_path: Path):
    body = [p(r("If he"), r(" thinks fit, he may ask the chair"), r("man.")),
            p(text="He shall report.")]
    review, result, out = annotate_words(
        tmp_path, body, ["he", ("he", 1), "chairman", "ask the chairman", "He"])
    ranges = assert_exact(review, result, out)
    assert len(ranges) == 5
    # the paragraph's text is unchanged by all the splitting
    from genderlens.readers.docx import paragraph_text

    paras = list(etree.fromstring(zipfile.ZipFile(out).read(MAIN)).iter(W + "p"))
    assert paragraph_text(paras[0]) == "If he thinks fit, he may ask the chairman."


def test_quote_on_an_automatic_number_is_anchored_at_the_paragraph_start(tmp_path: Path):
    src = build_docx(
        tmp_path / "draft.docx",
        [p(text="LUẬT THỬ"), p(text="Phạm vi điều chỉnh", num=1, ilvl=0),
         p(text="Nam đủ 62 tuổi.", num=1, ilvl=1)],
        numbering=numbering_xml(abstract_num(1, *VN_LAW_LEVELS), num(1, 1)),
    )
    doc = genderlens.read(src)
    para = next(x for x in doc.paragraphs if x.raw == "Nam đủ 62 tuổi.")
    assert para.label == "1."
    f = finding_at(doc, "1. Nam")  # starts on the label, ends in the text
    assert f.span.source_start is None
    out = tmp_path / "out.docx"
    result = annotate(make_review(doc, [f]), src, out)
    (_, cid), = result.placed
    assert anchored_texts(out)[str(cid)] == "Nam"


def test_omissions_and_footnotes_go_to_one_summary_comment_on_the_title(tmp_path: Path):
    footnotes = notes_xml("footnote", note("footnote", 1, note_paragraph("footnote",
                                                                           "The chairman notes.")))
    src = build_docx(tmp_path / "draft.docx",
                     [p(), p(text="DRAFT ACT ON TESTS"),
                      p(r("The chairman acts."), footnote_ref(1))],
                     footnotes=footnotes)
    doc = genderlens.read(src)
    in_body = finding_at(doc, "chairman")
    in_note = finding_at(doc, "chairman", nth=1)
    assert doc.paragraphs[in_note.span.paragraph].kind == "footnote"
    review = make_review(doc, [in_body, in_note, omission("No gender analysis.")])
    out = tmp_path / "out.docx"
    result = annotate(review, src, out)
    assert [f for f, _ in result.placed] == [in_body]
    assert result.summarised == [in_note, omission("No gender analysis.")]
    notes = comments(out)
    assert len(notes) == 2
    summary = notes[str(result.summary_comment)]
    assert "No gender analysis." in summary and "About chairman." not in summary
    assert anchored_texts(out)[str(result.summary_comment)] == "DRAFT ACT ON TESTS"


def test_existing_comments_are_kept_and_ids_do_not_collide(tmp_path: Path):
    existing = (f'<w:comments {NSDECL}><w:comment w:id="7" w:author="Drafter" w:initials="D">'
                "<w:p><w:r><w:t>Keep me</w:t></w:r></w:p></w:comment></w:comments>")
    body = [p('<w:commentRangeStart w:id="7"/>', r("The chairman decides."),
              '<w:commentRangeEnd w:id="7"/>',
              '<w:r><w:commentReference w:id="7"/></w:r>')]
    review, result, out = annotate_words(tmp_path, body, ["chairman"], comments=existing)
    notes = comments(out)
    assert notes["7"] == "Keep me"
    (_, cid), = result.placed
    assert cid > 7
    assert anchored_texts(out)["7"] == "The chairman decides."
    assert_exact(review, result, out)
    rels = zipfile.ZipFile(out).read("word/_rels/document.xml.rels").decode()
    assert rels.count("relationships/comments") == 1


def test_python_docx_reads_the_comments(tmp_path: Path):
    import docx

    _, _result, out = annotate_words(tmp_path, [p(text="The chairman and the foreman.")],
                                    ["chairman", "foreman"])
    document = docx.Document(str(out))
    got = {c.comment_id: c for c in document.comments}
    assert len(got) == 2
    assert all(c.author == "genderlens" for c in got.values())


def test_refuses_to_overwrite_the_input_or_annotate_text(tmp_path: Path):
    src = build_docx(tmp_path / "draft.docx", [p(text="The chairman decides.")])
    doc = genderlens.read(src)
    review = make_review(doc, [finding_at(doc, "chairman")])
    before = sha(src)
    with pytest.raises(UsageError, match="refusing to overwrite"):
        annotate(review, src, src)
    with pytest.raises(UsageError, match="refusing to overwrite"):
        annotate(review, src, tmp_path / "." / "draft.docx")
    assert sha(src) == before
    txt = tmp_path / "draft.txt"
    txt.write_text("The chairman decides.\n")
    text_review = genderlens.review(txt, checklists=[])
    with pytest.raises(UsageError, match=r"only Word \.docx"):
        annotate(text_review, txt, tmp_path / "x.docx")


def test_changed_paragraphs_are_not_commented_in_the_wrong_place(tmp_path: Path):
    src = build_docx(tmp_path / "draft.docx", [p(text="Title"), p(text="The chairman decides.")])
    doc = genderlens.read(src)
    review = make_review(doc, [finding_at(doc, "chairman")])
    edited = build_docx(tmp_path / "edited.docx",
                        [p(text="Title"), p(text="Someone else decides.")])
    result = annotate(review, edited, tmp_path / "out.docx")
    assert result.placed == [] and result.mismatched == review.findings
    assert result.summary_comment is not None


def test_comments_xml_is_well_formed_even_with_control_characters(tmp_path: Path):
    src = build_docx(tmp_path / "draft.docx", [p(text="The chairman decides.")])
    doc = genderlens.read(src)
    f = finding_at(doc, "chairman", message="bad \x01 char & <tag>")
    result = annotate(make_review(doc, [f]), src, tmp_path / "out.docx")
    assert comments(result.output)[str(result.placed[0][1])].startswith("bad  char & <tag>")


def test_nested_table_and_empty_cells(tmp_path: Path):
    inner = tbl(tr(tc(p(text="inner chairman"))))
    body = [tbl(tr(tc(p(), inner), tc(p(text="outer chairman"))))]
    review, result, out = annotate_words(tmp_path, body, ["chairman", ("chairman", 1)])
    assert_exact(review, result, out)


# --------------------------------------------------------------------- real laws

CORPUS_FILES = ["Luật-24-2008-QH12.docx", "Luật-69-2014-QH13.docx", "Bộ luật-45-2019-QH14.docx"]


@pytest.mark.corpus
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_real_laws_get_exact_comments(tmp_path: Path, name: str):
    src = SHARED / "corpus" / "vi" / "laws-docx" / name
    if not src.is_file():
        pytest.skip(f"corpus file missing: {src}")
    before = sha(src)
    review = genderlens.review(src)
    out = tmp_path / "annotated.docx"
    t0 = time.perf_counter()
    result = annotate(review, src, out)
    elapsed = time.perf_counter() - t0
    assert sha(src) == before
    main = [f for f in review.findings if f.span is not None
            and review.document.paragraphs[f.span.paragraph].anchor.part == MAIN
            and review.document.paragraphs[f.span.paragraph].kind != "textbox"]
    assert len(result.placed) == len(main)
    assert result.mismatched == []
    ranges = anchored_texts(out)
    for f, cid in result.placed:
        if f.span.source_start is not None:
            assert nfc(ranges[str(cid)]) == nfc(f.quote), (f.locator.text, f.quote)
    expected = len(main) + (1 if result.summary_comment is not None else 0)
    assert len(comments(out)) == expected
    assert elapsed < 10
    print(f"{name}: {len(review.findings)} findings, {len(result.placed)} comments placed, "
          f"{len(result.summarised)} in the summary, annotate {elapsed:.2f}s")


@pytest.mark.slow
@pytest.mark.corpus
def test_comments_survive_a_libreoffice_round_trip(tmp_path: Path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    src = SHARED / "corpus" / "vi" / "laws-docx" / "Luật-24-2008-QH12.docx"
    if not src.is_file():
        body = [p(text="Draft Act"), p(r("The chair"), r("man acts.")),
                table([["The foreman", "x"]])]
        src = build_docx(tmp_path / "draft.docx", body)
        doc = genderlens.read(src)
        review = make_review(doc, [finding_at(doc, "chairman"), finding_at(doc, "foreman"),
                                   omission()])
    else:
        review = genderlens.review(src)
    out = tmp_path / "annotated.docx"
    annotate(review, src, out)
    converted_dir = tmp_path / "lo"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "docx", "--outdir", str(converted_dir), str(out)],
        check=False, capture_output=True, timeout=180,
    )
    converted = converted_dir / out.name
    assert converted.is_file(), "LibreOffice could not open the annotated draft"
    assert len(comments(converted)) == len(comments(out))
    assert sorted(nfc(t) for t in anchored_texts(converted).values()) == sorted(
        nfc(t) for t in anchored_texts(out).values())
