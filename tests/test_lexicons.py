"""Lint the lexicons as data, codespell-style: counts, order, duplicates, sources, and no
suggested replacement that another entry would flag again."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from genderlens.check.loader import builtin_lexicons, get_lexicon, placeholder_problems
from genderlens.check.spec import Lexicon, LexiconEntry
from genderlens.model import CATEGORIES
from tests.conftest import corpus_path

TERM_LEXICONS = ("en-gendered-terms", "vi-stereotypes")
MARKER_LEXICONS = ("en-sex-markers", "vi-sex-markers")


def norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def contains(text: str, phrase: str) -> bool:
    """Whole-word (whole-syllable) phrase match, case-insensitive, on NFC text."""
    pattern = r"(?<![\w'-])" + re.escape(norm(phrase)) + r"(?![\w-])"
    return re.search(pattern, norm(text)) is not None


def phrases(entry: LexiconEntry) -> tuple[str, ...]:
    return (entry.term, *entry.forms)


def flagged_by(lexicon: Lexicon, text: str) -> list[str]:
    """Entries of ``lexicon`` that would fire on ``text`` (honouring their ``unless``)."""
    hits = []
    for entry in lexicon.entries:
        if any(contains(text, p) for p in phrases(entry)) and not any(
            contains(text, u) for u in entry.unless
        ):
            hits.append(entry.term)
    return hits


@pytest.fixture(scope="module")
def lexicons() -> dict[str, Lexicon]:
    return builtin_lexicons()


def test_all_expected_lexicons_exist(lexicons) -> None:
    assert set(TERM_LEXICONS + MARKER_LEXICONS) <= set(lexicons)
    assert lexicons["en-gendered-terms"].language == "en"
    assert lexicons["vi-stereotypes"].language == "vi"


@pytest.mark.parametrize(("lex_id", "minimum"), [("en-gendered-terms", 70), ("vi-stereotypes", 40)])
def test_entry_counts(lexicons, lex_id: str, minimum: int) -> None:
    assert len(lexicons[lex_id].entries) >= minimum


@pytest.mark.parametrize("lex_id", TERM_LEXICONS)
def test_entries_sorted_by_term(lexicons, lex_id: str) -> None:
    terms = [norm(e.term) for e in lexicons[lex_id].entries]
    assert terms == sorted(terms)


@pytest.mark.parametrize("lex_id", TERM_LEXICONS)
def test_no_duplicate_phrase_across_terms_and_forms(lexicons, lex_id: str) -> None:
    seen: dict[str, str] = {}
    for entry in lexicons[lex_id].entries:
        for phrase in phrases(entry):
            key = norm(phrase)
            assert key not in seen, f"{phrase!r} in {entry.term!r} and {seen[key]!r}"
            seen[key] = entry.term


@pytest.mark.parametrize("lex_id", TERM_LEXICONS)
def test_every_entry_has_suggestion_message_source_and_category(lexicons, lex_id: str) -> None:
    lexicon = lexicons[lex_id]
    for entry in lexicon.entries:
        assert entry.source.strip(), entry.term
        assert entry.category in CATEGORIES, entry.term
        for text in (entry.suggestion, entry.message):
            for lang in ("vi", "en") if lex_id.startswith("vi") else ("en",):
                value = dict(text.values).get(lang, "")
                assert value.strip(), f"{entry.term}: no {lang} text"
                assert not placeholder_problems(value)
                value.format(term=entry.term, suggestion="x")  # formats with both names


def test_english_categories_and_vietnamese_categories(lexicons) -> None:
    assert {e.category for e in lexicons["en-gendered-terms"].entries} == {"language", "stereotype"}
    assert {e.category for e in lexicons["vi-stereotypes"].entries} == {"stereotype", "exclusion"}


@pytest.mark.parametrize("lex_id", TERM_LEXICONS)
def test_no_suggestion_is_itself_flagged(lexicons, lex_id: str) -> None:
    lexicon = lexicons[lex_id]
    lang = lexicon.language
    problems = []
    for entry in lexicon.entries:
        suggestion = entry.suggestion.get(lang)
        hits = flagged_by(lexicon, suggestion)
        if hits:
            problems.append(f"{entry.term!r} -> {suggestion!r} is flagged by {hits}")
    assert problems == []


@pytest.mark.parametrize(
    "text",
    [
        "chairperson",
        "spokesperson",
        "workers' compensation",
        "chair",
        "human-made",
        "manager",
        "humanity",
        "salesperson",
        "police officer",
        "firefighter",
        "Mansfield Avenue",
        "romance",
        "German",
        "ombudsperson",
        "homemaker",
        "parental leave",
    ],
)
def test_neutral_english_words_are_not_flagged(lexicons, text: str) -> None:
    assert flagged_by(lexicons["en-gendered-terms"], text) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("The Chairman's report", "chairman"),
        ("all chairmen", "chairman"),
        ("the workmen's compensation board", "workmen's compensation"),
        ("the reasonable man test", "reasonable man"),
        ("manpower planning", "manpower"),
    ],
)
def test_plurals_and_possessives_are_forms(lexicons, text: str, term: str) -> None:
    assert term in flagged_by(lexicons["en-gendered-terms"], text)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Không được sử dụng lao động nữ làm việc dưới hầm mỏ.", True),
        ("Không được sử dụng lao động nữ mang thai làm việc dưới hầm mỏ.", False),
        ("Bảo vệ quyền và lợi ích hợp pháp của phụ nữ và trẻ em gái.", False),
        ("Cha mẹ có trách nhiệm chăm sóc con.", False),
        ("Người mẹ có trách nhiệm chăm sóc con.", True),
        ("Nữ công chức được hỗ trợ khi tham gia đào tạo.", False),
        ("Các công việc trong gia đình bao gồm công việc nội trợ.", False),
    ],
)
def test_vietnamese_entries_in_context(lexicons, text: str, flagged: bool) -> None:
    assert bool(flagged_by(lexicons["vi-stereotypes"], text)) is flagged


def test_vietnamese_data_is_nfc_in_the_file_itself(lexicons) -> None:
    for lex_id in ("vi-stereotypes", "vi-sex-markers"):
        raw = Path(lexicons[lex_id].path).read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", raw), lex_id
    for entry in lexicons["vi-stereotypes"].entries:
        for phrase in phrases(entry):
            assert unicodedata.is_normalized("NFC", phrase)


# ------------------------------------------------------------------ sex markers


VI_LISTS = {
    "female": 20,
    "male": 15,
    "pairs": 8,
    "protective": 20,
    "equality": 8,
    "special_measure": 8,
    "measure_end": 6,
    "false_friends": 15,
}
EN_LISTS = {
    "masculine_pronouns": 4,
    "doublets": 6,
    "roles": 60,
    "specific_referents": 5,
    "female": 8,
    "male": 8,
    "pairs": 6,
    "protective": 10,
    "female_only_contexts": 5,
    "equality": 5,
    "special_measure": 5,
    "measure_end": 5,
}


@pytest.mark.parametrize(
    ("lex_id", "lists"), [("vi-sex-markers", VI_LISTS), ("en-sex-markers", EN_LISTS)]
)
def test_marker_lists_exist_and_are_sizeable(lexicons, lex_id: str, lists: dict) -> None:
    lexicon = lexicons[lex_id]
    for name, minimum in lists.items():
        assert len(lexicon.list(name)) >= minimum, name


@pytest.mark.parametrize("lex_id", MARKER_LEXICONS)
def test_pairs_join_a_male_and_a_female_marker(lexicons, lex_id: str) -> None:
    lexicon = lexicons[lex_id]
    male = {norm(p) for p in lexicon.list("male")}
    female = {norm(p) for p in lexicon.list("female")}
    for pair in lexicon.list("pairs"):
        left, right = pair.split("|")
        assert norm(left) in male and norm(right) in female, pair


@pytest.mark.parametrize("lex_id", MARKER_LEXICONS)
def test_male_and_female_lists_do_not_overlap(lexicons, lex_id: str) -> None:
    lexicon = lexicons[lex_id]
    overlap = {norm(p) for p in lexicon.list("male")} & {norm(p) for p in lexicon.list("female")}
    assert overlap == set()


def test_vietnamese_false_friends_each_hide_a_marker_syllable(lexicons) -> None:
    lexicon = lexicons["vi-sex-markers"]
    names = ("male", "female", "protective")
    syllables = {s for n in names for p in lexicon.list(n) for s in norm(p).split()}
    for phrase in lexicon.list("false_friends"):
        assert set(norm(phrase).replace("-", " ").split()) & syllables, phrase
    assert "việt nam" in {norm(p) for p in lexicon.list("false_friends")}


# Longest match wins across all lists, so a classification phrase that contains a sex
# marker hides the marker from the classifier; only these do so on purpose.
SWALLOW_OK = {
    "khi vợ sinh con",  # a father's leave at the birth is protective, not about wives
    "có vợ sinh con",
    "làm mẹ an toàn",  # safe motherhood: pregnancy and birth care
    "ở cùng mẹ",  # a young child living with its mother in detention
    "đang ở cùng mẹ",
    "vệ sinh của phụ nữ",  # menstrual hygiene: biology, like "hành kinh"
    "vệ sinh phụ nữ",
    "nursing mother",
    "whose wife gives birth",  # a father's leave at the birth, as "khi vợ sinh con"
    "whose wife has given birth",
    "whose wife gave birth",
    "when his wife gives birth",
    "wife gives birth",
    "wife has given birth",
    "expectant mother",
    "surrogate mother",
    "birth mother",
    "whether male or female",
    "men and women alike",
}


@pytest.mark.parametrize("lex_id", MARKER_LEXICONS)
def test_classification_phrases_do_not_swallow_sex_markers(lexicons, lex_id: str) -> None:
    lexicon = lexicons[lex_id]
    markers = lexicon.list("male") + lexicon.list("female")
    offenders = []
    for name in ("protective", "equality", "special_measure", "measure_end"):
        for phrase in lexicon.list(name):
            if norm(phrase) in SWALLOW_OK:
                continue
            inside = [m for m in markers if contains(phrase, m)]
            if inside:
                offenders.append(f"{name}: {phrase!r} hides {inside}")
    assert offenders == []


def test_english_roles_are_bare_nouns_and_referents_are_specific(lexicons) -> None:
    lexicon = lexicons["en-sex-markers"]
    determiners = set(lexicon.list("determiners"))
    for role in lexicon.list("roles"):
        assert role.split()[0].lower() not in determiners, role
    assert "Her Majesty" in lexicon.list("specific_referents")
    assert {"minister", "applicant", "person", "trustee"} <= set(lexicon.list("roles"))


def test_get_lexicon_is_cached_by_id(lexicons) -> None:
    assert get_lexicon("vi-sex-markers") is get_lexicon("vi-sex-markers")


# ------------------------------------------------------- against the gold labels


def gold_rows(name: str) -> list[dict[str, str]]:
    path = corpus_path("labels", name)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line]


@pytest.mark.corpus
def test_every_gold_vietnamese_marker_is_listed(lexicons) -> None:
    lexicon = lexicons["vi-sex-markers"]
    known = {norm(p) for name in ("female", "male", "protective") for p in lexicon.list(name)}
    # Topic words the labellers noted but that are no sex marker on their own.
    topic = {"giới", "giới tính", "thai", "nuôi con"}
    markers = {
        norm(m.strip())
        for row in gold_rows("differential_vi.tsv")
        for m in row["markers"].split(";")
        if m.strip()
    }
    assert markers - topic - known == set()


@pytest.mark.corpus
def test_every_gold_male_default_noun_is_in_the_english_lexicon(lexicons) -> None:
    entries = {norm(p) for e in lexicons["en-gendered-terms"].entries for p in phrases(e)}
    tokens = {
        norm(row["token"])
        for row in gold_rows("pronouns_en.tsv")
        if row["label"] == "MALE_DEFAULT_NOUN"
    }
    assert tokens and tokens - entries == set()
