"""Reviewing a draft with its dossier (issue 11): roles, items with evidence, the
justification cross-check, consistency, the JSON contract, the CLI and the memo.

Fixtures are small text dossiers written on the fly, in Vietnamese and in English, plus
the committed example dossier (examples/ho-so-du-thao/, built by make_dossier.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import genderlens
from genderlens.check.loader import builtin_checklists
from genderlens.check.spec import Checklist, Item
from genderlens.dossier import review_dossier
from genderlens.dossier.data import dossier_data
from genderlens.dossier.roles import recognise
from genderlens.model import DOSSIER_NOT_PROVIDED, Review
from tests.cli_runner import run_cli
from tests.conftest import CORPUS, ROOT

EXAMPLE = ROOT / "examples" / "ho-so-du-thao"
DOSSIER_ITEMS = ("gm-01", "gm-02", "gm-03", "gm-04", "gm-05", "gm-07", "gm-08")

VI_DRAFT = """NGHỊ ĐỊNH
QUY ĐỊNH THỬ NGHIỆM VỀ KHO LẠNH
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định điều kiện làm việc trong kho lạnh.
Điều 2. Khám sức khỏe định kỳ
1. Người sử dụng lao động tổ chức khám sức khỏe định kỳ.
2. Lao động nữ được khám sức khỏe định kỳ 06 tháng một lần, lao động nam 12 tháng một lần.
Điều 3. Làm việc ca đêm
1. Ca đêm không kéo dài quá 08 giờ.
2. Tuổi tối đa làm việc ca đêm là 55 tuổi đối với lao động nam và 50 tuổi đối với lao động nữ.
"""

EN_DRAFT = """# Night Work (Cold Storage) Regulations 2027

### 1 Citation

These Regulations may be cited as the Night Work (Cold Storage) Regulations 2027.

### 2 Health checks

(1) An employer must arrange periodic health checks for every worker in cold storage.

(2) A female worker is entitled to a health check every 6 months and a male worker every 12 months.

### 3 Night shifts

(1) A night shift in cold storage must not exceed 8 hours.

(2) The maximum age for night work in cold storage is 55 years for men and 50 years for women.
"""

EN_REPORT = """# Gender Impact Assessment

Night Work (Cold Storage) Regulations 2027

## 1 Gender issues

Women accounted for 68 per cent of cold-storage workers in 2025 and the gender gap in earnings is 14 per cent.

## 2 Gender impact

The health-check rule affects about 9,000 women and 4,200 men; the impact on women and men will be monitored.

## 3 Provisions that treat women and men differently

Section 2(2) sets a shorter health-check interval for female workers because the 2025 survey showed that women working at low temperatures have three times the usual rate of gynaecological illness.

## 4 Responsibility

The Department of Labour is responsible for inspections, with funding appropriated by Parliament.

## 5 Conclusion

The Regulations do not treat women and men differently. Section 9 adds reporting by sex.
"""

EN_CONSULTATION = """# Consultation Report

Night Work (Cold Storage) Regulations 2027

The draft was sent to the Women's Union and the gender equality agency.

Women's Union: asked for the evidence behind the health-check interval. Our response: the survey figures were added to the gender impact assessment.
"""


def _statuses(review: Review) -> dict[str, str]:
    return {i.item[:5]: i.status for i in review.items if i.dossier}


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "ho-so"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# ------------------------------------------------------------- without a dossier


def test_a_vietnamese_draft_reviewed_alone_has_no_dossier_warnings() -> None:
    review = genderlens.review(ROOT / "examples" / "du-thao-nghi-dinh.docx")
    dossier_items = [i for i in review.items if i.dossier]
    assert {i.item[:5] for i in dossier_items} == set(DOSSIER_ITEMS)
    assert not [f for f in review.findings if f.item[:5] in DOSSIER_ITEMS]
    for item in dossier_items:
        assert item.status in ("needs-review", "not-applicable"), item
        if item.status == "needs-review":
            assert item.reason == DOSSIER_NOT_PROVIDED
    assert review.dossier is None
    # the memo says which documents to ask for
    from genderlens.render import render

    md = render([("du-thao.docx", review)], "md")
    assert isinstance(md, str)
    assert "Tờ trình" in md and "Bản tổng hợp, tiếp thu, giải trình ý kiến góp ý" in md
    assert "chưa có hồ sơ" in md


def test_children_item_applies_only_when_the_draft_concerns_children(write) -> None:
    path = write("tre-em.txt", "Điều 1. Phạm vi\nTrẻ em được bảo vệ khỏi bạo lực trên môi trường mạng.\n")
    item = next(i for i in genderlens.review(path).items if i.item.startswith("gm-08"))
    assert (item.status, item.reason) == ("needs-review", DOSSIER_NOT_PROVIDED)


# ----------------------------------------------------------------------- roles

VI_ROLES = {
    "submission": "CHÍNH PHỦ\nSố: 12/TTr-CP\nTỜ TRÌNH\nDự án Luật Bình đẳng giới (sửa đổi)\n",
    "gender_report": "BỘ LAO ĐỘNG\nBÁO CÁO\nLồng ghép vấn đề bình đẳng giới trong dự án Luật\n",
    "impact_assessment": "BÁO CÁO\nĐánh giá tác động của chính sách trong đề nghị xây dựng Luật\n",
    "consultation": "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN\ncủa các bộ, ngành về dự thảo Nghị định\n",
    "draft": "CHÍNH PHỦ\nDự thảo 2\nNGHỊ ĐỊNH\nQuy định về kho lạnh\nĐiều 1. Phạm vi\nNghị định này quy định.\n",
    "unknown": "CÔNG VĂN\nVề việc góp ý dự thảo\nKính gửi: Bộ Tư pháp\n",
}
EN_ROLES = {
    "submission": "# Explanatory Memorandum\n\nto the Night Work Regulations 2027\n",
    "gender_report": "# Gender Impact Assessment\n\nNight Work Regulations 2027\n",
    "impact_assessment": "# Regulatory Impact Statement\n\nNight Work Regulations 2027\n",
    "consultation": "# Summary of Submissions\n\nNight Work Regulations 2027\n",
    "draft": EN_DRAFT,
    "unknown": "# Letter to the Minister\n\nDear Minister, we write about the draft.\n",
}


@pytest.mark.parametrize(("lang", "role"), [(lang, role) for lang in ("vi", "en")
                                            for role in VI_ROLES])
def test_roles_are_recognised_from_the_title(write, lang: str, role: str) -> None:
    text = (VI_ROLES if lang == "vi" else EN_ROLES)[role]
    path = write(f"doc-{role}.{'txt' if lang == 'vi' else 'md'}", text)
    got, reason = recognise(genderlens.read(path, language=lang))
    assert got == role, (got, reason)
    assert bool(reason) == (role != "unknown")


def test_a_form_that_mentions_a_submission_is_not_one(write) -> None:
    path = write("mau.txt", "Mẫu số 01A. Mẫu Tờ trình kế hoạch lựa chọn nhà thầu\nTỜ TRÌNH\n")
    assert recognise(genderlens.read(path, language="vi"))[0] == "unknown"


def test_role_data_names_every_role_and_item() -> None:
    data = dossier_data()
    assert set(data.roles) == {"submission", "gender_report", "impact_assessment", "consultation"}
    assert {k[:5] for k in data.items} == set(DOSSIER_ITEMS)
    for role in data.ask_for:
        assert data.name(role, "vi") != role and data.name(role, "en") != role


def test_unknown_documents_are_listed_not_used_and_configuration_names_them(tmp_path: Path) -> None:
    report = VI_ROLES["gender_report"].replace("BÁO CÁO\nLồng ghép", "GHI CHÚ\nVề lồng ghép")
    report += "Khoản 2 Điều 2 quy định chu kỳ khám khác nhau vì khảo sát cho thấy tỷ lệ bệnh cao.\n"
    folder = _folder(tmp_path, {"du-thao.txt": VI_DRAFT, "ghi-chu.txt": report})
    review = review_dossier(folder / "du-thao.txt", [folder / "ghi-chu.txt"])
    assert review.dossier is not None
    assert [d.role for d in review.dossier.documents] == ["draft", "unknown"]
    assert all(not f.justified for f in review.findings)
    review = review_dossier(folder / "du-thao.txt", [folder / "ghi-chu.txt"],
                            roles=[("ghi-chu.*", "gender_report")])
    assert [d.role for d in review.dossier.documents] == ["draft", "gender_report"]
    assert review.dossier.documents[1].reason == "configuration"
    assert any(f.justified for f in review.findings)


def test_corpus_documents_are_recognised_or_listed_never_wrongly_assigned() -> None:
    """The corpus holds laws, decisions and procurement forms, no dossier reports:
    every one must be a draft (a legal instrument) or unknown."""
    files = [p for sub in ("bidding-docx", "phapdien-md") for p in
             sorted((CORPUS / "vi" / sub).glob("*")) if p.suffix in (".docx", ".md")]
    if not files:
        pytest.skip(f"corpus not found at {CORPUS}")
    roles = {}
    for path in files:
        roles[path.name] = recognise(genderlens.read(path))[0]
    assert set(roles.values()) <= {"draft", "unknown"}, roles
    assert sum(1 for r in roles.values() if r == "draft") >= 5


# ---------------------------------------------------------- the example dossier


@pytest.fixture(scope="module")
def example() -> Review:
    return genderlens.review(EXAMPLE)


def test_example_dossier_roles_and_statuses(example: Review) -> None:
    assert example.dossier is not None
    assert [(Path(d.path).name, d.role) for d in example.dossier.documents] == [
        ("du-thao-nghi-dinh.docx", "draft"),
        ("bao-cao-long-ghep-gioi.docx", "gender_report"),
        ("tong-hop-y-kien.docx", "consultation"),
    ]
    assert _statuses(example) == {"gm-01": "met", "gm-02": "met", "gm-03": "met",
                                  "gm-04": "met", "gm-05": "flagged", "gm-07": "met",
                                  "gm-08": "not-applicable"}
    for item in example.items:
        if item.dossier and item.status == "met":
            assert item.sources and all(e.quote and e.location.get("text") for e in item.sources)


def test_example_dossier_justification_table(example: Review) -> None:
    rows = {f.locator.text: f.justification for f in example.findings
            if f.category in ("differential", "exclusion")}
    assert set(rows) == {"Điều 3 khoản 2", "Điều 4 khoản 2"}
    found = rows["Điều 3 khoản 2"]
    assert found is not None and found.status == "found"
    assert found.document is not None and found.document.endswith("bao-cao-long-ghep-gioi.docx")
    assert found.quote and found.quote.startswith("Khoản 2 Điều 3")
    assert found.location and found.location["matched_by"] == "citation"
    missing = rows["Điều 4 khoản 2"]
    assert missing is not None and missing.status == "not-found" and missing.quote is None
    from genderlens.render.verdict import judge

    verdict, rating = judge(example)
    assert (verdict.key, rating.key) == ("revise", "gender-regressive")
    assert [f.locator.text for f in verdict.findings] == ["Điều 4 khoản 2"]


def test_example_dossier_consistency(example: Review) -> None:
    found = [f for f in example.findings if f.category == "dossier-consistency"]
    assert len(found) == 2
    assert all(f.document and f.document.endswith("bao-cao-long-ghep-gioi.docx") for f in found)
    assert any("không có quy định phân biệt đối xử về giới" in f.quote for f in found)
    assert example.dossier is not None
    assert [c for _, c, _ in example.dossier.cited_missing] == ["Điều 8"]


def test_example_dossier_memo_has_the_section(example: Review) -> None:
    from genderlens.render import render

    html = render([("du-thao.docx", example)], "html")
    assert isinstance(html, str)
    assert 'id="dossier"' in html and "Giải trình từng quy định phân biệt" in html
    assert "có giải trình" in html and "hồ sơ không giải trình" in html
    md = render([("du-thao.docx", example)], "md")
    assert isinstance(md, str) and "| 2 | Điều 4 khoản 2" in md
    docx_bytes = render([("du-thao.docx", example)], "docx")
    assert isinstance(docx_bytes, bytes) and len(docx_bytes) > 10_000


def test_example_dossier_json_contract(example: Review) -> None:
    from genderlens.render.json_out import to_dict

    entry = to_dict([("ho-so/du-thao-nghi-dinh.docx", example)])["files"][0]
    docs = entry["dossier"]["documents"]
    assert [d["role"] for d in docs] == ["draft", "gender_report", "consultation"]
    assert all(set(d) >= {"path", "role"} for d in docs)
    for f in entry["findings"]:
        if f["category"] in ("differential", "exclusion"):
            j = f["justification"]
            assert set(j) == {"status", "document", "quote", "location"}
            assert j["status"] in ("found", "not-found")
        if f["category"] == "dossier-consistency":
            assert f["document"].endswith("bao-cao-long-ghep-gioi.docx")
        else:
            assert f["document"] is None
    items = {i["item"][:5]: i for i in entry["items"] if i.get("dossier_item")}
    assert items["gm-02"]["status"] == "met" and items["gm-02"]["sources"][0]["quote"]
    json.dumps(entry, ensure_ascii=False)


# ------------------------------------------------------------------- English


def test_english_dossier(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"draft.md": EN_DRAFT, "gia.md": EN_REPORT,
                                "consultation.md": EN_CONSULTATION})
    review = genderlens.review(folder)
    assert review.dossier is not None
    assert {Path(d.path).name: d.role for d in review.dossier.documents} == {
        "draft.md": "draft", "gia.md": "gender_report", "consultation.md": "consultation"}
    rows = {f.locator.text: f.justification for f in review.findings
            if f.category == "differential"}
    assert rows["s. 2(2)"] is not None and rows["s. 2(2)"].found
    assert rows["s. 2(2)"].location["line"] is not None
    assert rows["s. 3(2)"] is not None and rows["s. 3(2)"].status == "not-found"
    statuses = _statuses(review)
    assert statuses["gm-01"] == statuses["gm-02"] == statuses["gm-03"] == "met"
    assert statuses["gm-07"] == "met"
    consistency = [f for f in review.findings if f.category == "dossier-consistency"]
    assert len(consistency) == 2  # the claim, and "Section 9"


# ------------------------------------------------------------- item by item


def _dossier_cases() -> list[tuple[Checklist, Item, str, bool]]:
    cases = []
    for cl in builtin_checklists():
        for item in cl.items:
            if item.id not in dossier_data().items:
                continue
            cases += [(cl, item, t, True) for t in item.examples_fail]
            cases += [(cl, item, t, False) for t in item.examples_pass]
    return cases


CASES = _dossier_cases()


@pytest.mark.parametrize(("cl", "item", "text", "should_fail"), CASES,
                         ids=[f"{i.id}:{'fail' if f else 'pass'}:{t[:25]}" for _, i, t, f in CASES])
def test_dossier_item_examples(tmp_path: Path, cl: Checklist, item: Item, text: str,
                               should_fail: bool) -> None:
    """Each dossier item's YAML examples, as a document of the role that answers it."""
    vi = any(ch in text for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    spec = dossier_data().items[item.id]
    role = next(r for r in spec.roles if r != "draft")
    draft = ("Điều 1. Phạm vi\nNghị định này quy định về trẻ em trên môi trường mạng.\n" if vi
             else "### 1 Scope\n\nThese Regulations protect children online.\n")
    folder = _folder(tmp_path, {"draft.txt" if vi else "draft.md": draft,
                                "doc.txt" if vi else "doc.md": text + "\n"})
    lang = "vi" if vi else "en"
    review = review_dossier(folder / ("draft.txt" if vi else "draft.md"),
                            [folder / ("doc.txt" if vi else "doc.md")],
                            roles=[("doc.*", role)], language=lang)
    result = next(r for r in review.items if r.item == item.id)
    if should_fail:
        assert result.status == "not-met", (result.status, result.reason)
        assert any(f.item == item.id and f.category == "omission" for f in review.findings)
    else:
        assert result.status == "met", (result.status, result.reason)
        assert result.sources


def test_figures_must_be_tied_to_women_or_men(tmp_path: Path) -> None:
    def gm02(report: str) -> str:
        folder = _folder(tmp_path, {"du-thao.txt": VI_DRAFT, "bc.txt": report})
        review = review_dossier(folder / "du-thao.txt", [folder / "bc.txt"],
                                roles=[("bc.txt", "gender_report")])
        return _statuses(review)["gm-02"]

    assert gm02("Số liệu phân tổ theo giới tính: số người học nghề tăng 12%.\n") == "not-met"
    assert gm02("Số liệu phân tổ theo giới tính: nữ chiếm 38% số người học nghề.\n") == "met"


def test_gender_report_must_exist_for_gm05(tmp_path: Path) -> None:
    sub = VI_ROLES["submission"] + "Tờ trình nêu báo cáo lồng ghép vấn đề bình đẳng giới.\n"
    folder = _folder(tmp_path, {"du-thao.txt": VI_DRAFT, "tt.txt": sub})
    review = review_dossier(folder / "du-thao.txt", [folder / "tt.txt"])
    item = next(i for i in review.items if i.item.startswith("gm-05"))
    assert item.status == "not-met" and "báo cáo lồng ghép" in item.reason.lower()


def test_consultation_needs_each_part(tmp_path: Path) -> None:
    summary = (VI_ROLES["consultation"]
               + "Đã lấy ý kiến Hội Liên hiệp Phụ nữ Việt Nam; tiếp thu, giải trình đầy đủ.\n")
    folder = _folder(tmp_path, {"du-thao.txt": VI_DRAFT, "th.txt": summary})
    review = review_dossier(folder / "du-thao.txt", [folder / "th.txt"])
    item = next(i for i in review.items if i.item.startswith("gm-07"))
    assert item.status == "not-met"
    assert "cơ quan quản lý nhà nước về bình đẳng giới" in item.reason


# ------------------------------------------------------------ justification


@pytest.mark.parametrize(("passage", "expected"), [
    ("Khoản 2 Điều 2 quy định chu kỳ khác nhau vì tỷ lệ bệnh ở lao động nữ cao hơn.", "citation"),
    ("Điều 2 khoản 2 được giữ vì khảo sát cho thấy nguy cơ cao hơn.", "citation"),
    ("Quy định lao động nữ được khám sức khỏe định kỳ 06 tháng một lần là cần thiết do nguy cơ "
     "bệnh nghề nghiệp.", "quote"),
    ("Về khám sức khỏe định kỳ: chu kỳ ngắn hơn cho lao động nữ nhằm phát hiện sớm bệnh.",
     "topic"),
    ("Về khám sức khỏe định kỳ: chi phí được bố trí nhằm bảo đảm thực hiện.", None),
    ("Khoản 2 Điều 2 quy định chu kỳ khám sức khỏe.", None),  # a mention, no reason
    ("Khoản 1 Điều 2 được giữ vì cần thiết.", None),  # another clause
    ("Điều 2 Luật Bình đẳng giới được bảo đảm vì cần thiết.", None),  # another law
    # one paragraph, two provisions, a reason for the other one only
    ("Khoản 2 Điều 3 được giữ vì nguy cơ bệnh cao hơn. Dự thảo có ba chương. Khoản 2 Điều 2 "
     "quy định chu kỳ khám.", None),
    ("Khoản 2 Điều 2:", None),  # a lead-in with nothing after it
    ("Khoản 2 Điều 2:\nChu kỳ ngắn hơn vì nguy cơ bệnh ở lao động nữ cao hơn.", "citation"),
])
def test_justification_by_citation_quote_topic(tmp_path: Path, passage: str,
                                               expected: str | None) -> None:
    report = VI_ROLES["gender_report"] + passage + "\n"
    folder = _folder(tmp_path, {"du-thao.txt": VI_DRAFT, "bc.txt": report})
    review = review_dossier(folder / "du-thao.txt", [folder / "bc.txt"])
    j = next(f.justification for f in review.findings if f.locator.text == "Điều 2 khoản 2")
    assert j is not None
    if expected is None:
        assert j.status == "not-found"
    else:
        assert j.status == "found" and j.location is not None
        assert j.location["matched_by"] == expected


def test_no_contradiction_without_differential_provisions(tmp_path: Path) -> None:
    draft = "NGHỊ ĐỊNH\nĐiều 1. Phạm vi\nNghị định này quy định điều kiện làm việc.\n"
    report = VI_ROLES["gender_report"] + "Dự thảo không có quy định phân biệt đối xử về giới.\n"
    folder = _folder(tmp_path, {"du-thao.txt": draft, "bc.txt": report})
    review = review_dossier(folder / "du-thao.txt", [folder / "bc.txt"])
    assert not [f for f in review.findings if f.category == "dossier-consistency"]


# ---------------------------------------------------------------------- CLI


def test_cli_reviews_a_dossier_folder(monkeypatch, capsys) -> None:
    code, out, _ = run_cli(["review", "examples/ho-so-du-thao", "-f", "json", "--fail-on",
                            "never", "-q"], monkeypatch, capsys, ROOT)
    assert code == 0
    files = json.loads(out)["files"]
    assert len(files) == 1 and files[0]["dossier"]["documents"][1]["role"] == "gender_report"


def test_cli_dossier_and_with_beside_a_draft(tmp_path: Path, monkeypatch, capsys) -> None:
    folder = _folder(tmp_path, {"gia.md": EN_REPORT, "consultation.md": EN_CONSULTATION})
    draft = tmp_path / "draft.md"
    draft.write_text(EN_DRAFT, encoding="utf-8")
    code, out, _ = run_cli(["review", str(draft), "--dossier", str(folder), "-f", "json",
                            "--fail-on", "never", "-q"], monkeypatch, capsys, tmp_path)
    assert code == 0
    roles = [d["role"] for d in json.loads(out)["files"][0]["dossier"]["documents"]]
    assert sorted(roles) == ["consultation", "draft", "gender_report"]
    code, out, _ = run_cli(["review", str(draft), "--with", str(folder / "gia.md"), "-f",
                            "json", "--fail-on", "never", "-q"], monkeypatch, capsys, tmp_path)
    assert [d["role"] for d in json.loads(out)["files"][0]["dossier"]["documents"]] == [
        "draft", "gender_report"]


def test_a_folder_of_drafts_is_still_a_batch(tmp_path: Path, monkeypatch, capsys) -> None:
    folder = _folder(tmp_path, {"a.txt": VI_DRAFT, "b.txt": VI_DRAFT.replace("KHO LẠNH", "KHO")})
    code, out, _ = run_cli(["review", str(folder), "-f", "json", "--fail-on", "never", "-q"],
                           monkeypatch, capsys, tmp_path)
    files = json.loads(out)["files"]
    assert code == 0
    assert len(files) == 2 and all(f["dossier"] is None for f in files)


# ------------------------------------------------------------ SARIF and diff


def test_sarif_carries_dossier_documents_and_evidence(example: Review) -> None:
    from genderlens.render.sarif import to_sarif

    run = to_sarif([("examples/ho-so-du-thao/du-thao-nghi-dinh.docx", example)])["runs"][0]
    roles = [a.get("properties", {}).get("dossierRole") for a in run["artifacts"]]
    assert roles == ["draft", "gender_report", "consultation"]
    assert run["artifacts"][1]["roles"] == ["attachment"]
    justified = [r for r in run["results"] if r.get("relatedLocations")]
    assert len(justified) == 1
    assert justified[0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["index"] == 1
    in_report = [r for r in run["results"] if r["properties"]["category"] == "dossier-consistency"]
    assert in_report and all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 1 for r in in_report)
    items = run["properties"]["dossiers"][0]["items"]
    assert any(i["status"] == "met" and i["evidence"] for i in items)


def test_diff_between_two_versions_of_a_dossier(tmp_path: Path, monkeypatch, capsys) -> None:
    v1 = _folder(tmp_path / "v1", {"du-thao.txt": VI_DRAFT, "bc.txt": VI_ROLES["gender_report"]
                                   + "Dự thảo không có quy định phân biệt đối xử về giới.\n"})
    v2 = _folder(tmp_path / "v2", {"du-thao.txt": VI_DRAFT, "bc.txt": VI_ROLES["gender_report"]
                                   + "Khoản 2 Điều 3 quy định tuổi khác nhau vì khảo sát cho "
                                   "thấy nguy cơ bệnh cao hơn.\n"})
    code, out, _ = run_cli(["diff", str(v1), str(v2), "-f", "json", "--fail-on", "never"],
                           monkeypatch, capsys, tmp_path)
    assert code == 0
    d = json.loads(out)
    assert [f["category"] for f in d["resolved"]] == ["dossier-consistency"]
    assert [(j["location"], j["old"], j["new"]) for j in d["justification_changed"]] == [
        ("Điều 3 khoản 2", "not-found", "found")]


def test_an_unreadable_document_is_listed_with_its_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"du-thao.txt": VI_DRAFT, "bc.txt": VI_ROLES["gender_report"]})
    (folder / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word file")
    review = genderlens.review(folder)
    assert review.dossier is not None
    old = next(d for d in review.dossier.documents if d.path.endswith("cu.doc"))
    assert old.role == "unknown" and old.error


def test_role_data_is_consistent() -> None:
    """codespell's lesson for our own data: no phrase claims two roles, and every item the
    YAML answers is a dossier item of the checklist."""
    data = dossier_data()
    from genderlens.normalize import match_form

    seen: dict[str, str] = {}
    for role, langs in data.roles.items():
        for phrases in langs.values():
            for phrase in phrases:
                key = " ".join(match_form(phrase).replace(",", " ").split())
                assert seen.setdefault(key, role) == role, (phrase, seen[key], role)
    checklist = next(c for c in builtin_checklists() if c.id == "vn-lge-appraisal")
    dossier_items = {i.id for i in checklist.items
                     if i.detectors and all(d.opt("scope") == "dossier" for d in i.detectors)}
    assert set(data.items) == dossier_items
    for spec in data.items.values():
        assert all(r in data.names for r in spec.roles)
        for other in spec.report_covers:
            assert other in data.items


def test_word_memo_without_dossier_asks_for_documents() -> None:
    import io

    import docx

    from genderlens.render import render

    review = genderlens.review(ROOT / "examples" / "du-thao-nghi-dinh.docx")
    data = render([("du-thao.docx", review)], "docx")
    assert isinstance(data, bytes)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Hồ sơ dự án" in text and "Báo cáo lồng ghép vấn đề bình đẳng giới" in text
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Theo Điều 19 và Điều 20 Luật Bình đẳng giới, biện pháp là cần thiết.", "vi", []),
    ("Điều 21, 22 của Luật Bình đẳng giới quy định lồng ghép.", "vi", []),
    ("Khoản 2 Điều 3 dự thảo quy định chu kỳ khám.", "vi", [("3", "2")]),
    ("Điều 5 khoản 1 điểm a được bổ sung.", "vi", [("5", "1")]),
    ("Section 21 of the Gender Equality Act 2010 and section 2(2) apply.", "en", [("2", "2")]),
    ("Sections 4 and 5 of the Human Rights Act apply.", "en", []),
])
def test_citations_of_the_draft_not_of_other_laws(text: str, lang: str,
                                                  expected: list[tuple[str, str]]) -> None:
    from genderlens.dossier.justify import citations
    from genderlens.normalize import match_form

    assert [(c.article, c.clause) for c in citations(match_form(text), lang)] == expected
