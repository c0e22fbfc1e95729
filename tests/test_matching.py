"""The phrase automaton finds exactly the phrases that fall on whole tokens."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genderlens.check.matching import IGNORE, PhraseIndex, decoded, form_of, index_for


def test_ignored_phrases_hide_the_phrases_they_contain() -> None:
    index = PhraseIndex("vi", {"male": ["nam", "lao động nam"], IGNORE: ["Việt Nam"]})
    assert [h.phrase for h in index.find("Lao động nam được nghỉ.")] == ["lao động nam"]
    assert index.find("Công dân Việt Nam được cấp thẻ.") == []
    # an ignored phrase hides only its own index's phrases
    other = PhraseIndex("vi", {"org": ["phụ nữ việt nam"]})
    assert [h.phrase for h in other.find("Hội Liên hiệp Phụ nữ Việt Nam")] == [form_of("phụ nữ việt nam")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("lao động nam", ["nam"]),
        ("nam-nữ", []),  # one token: "-" is no infix
        ("namely", []),
        ("Việt Nam", []),
        ("(nam)", ["nam"]),
        ("người(nữ", ["người(nữ"]),  # the same tokens as the phrase "người (nữ"
        ("người (nữ", ["người (nữ"]),
        ("người  (nữ", ["nữ"]),  # two spaces are a token of their own
        ("người\n(nữ", ["nữ"]),  # so is a line break
        ("nữ)", ["nữ)"]),  # phrase "nữ )"
        ("x" * 200 + "(nữ)", ["nữ)"]),  # a chunk too long to cut locally
        ("con trai's", ["con trai's"]),
    ],
)
def test_phrases_fall_on_whole_tokens(text: str, found: list[str]) -> None:
    index = index_for("vi", {"m": ["nam", "nữ", "người (nữ", "nữ )", "con trai's"],
                             IGNORE: ["Việt Nam"]})
    assert [h.phrase for h in index.find(text)] == [form_of(f) for f in found]


_ALPHABET = "an mữ()-,.'s\n\t"


@given(st.text(alphabet=_ALPHABET, max_size=40))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_automaton_finds_what_a_token_table_finds(text: str) -> None:
    """Every occurrence of every phrase on whole tokens, no more, no less: the automaton
    against a plain lookup of token sequences (the design it replaced)."""
    from genderlens.check.nlp import tokens_and_texts

    phrases = ["a", "an", "mữ", "a (mữ", "mữ )", "a's", "- a", "n , a", "a . mữ"]
    index = index_for("vi", {"p": phrases})  # one index: the bank is the process's
    form = form_of(text)
    spans, texts = tokens_and_texts(form)
    want = set()
    for p in phrases:
        toks = tokens_and_texts(form_of(p))[1]
        for i in range(len(texts) - len(toks) + 1):
            if texts[i : i + len(toks)] == toks:
                want.add((spans[i][0], spans[i + len(toks) - 1][1]))
    got = decoded(index._register().match(form).get(index._id, array("q")))
    assert {(s, e) for s, e, _ in got} == want


def test_a_capital_dotted_i_does_not_move_quotes(tmp_path: Path) -> None:
    """``str.lower`` makes "İ" two characters; the match form must keep offsets."""
    import genderlens

    path = tmp_path / "d.txt"
    path.write_text("LUẬT MẪU\nĐiều 1. Phạm vi\nİİİİ Thiên chức của phụ nữ là chăm sóc gia đình.\n",
                    encoding="utf-8")
    review = genderlens.review(genderlens.read(path))
    assert [f.quote for f in review.findings if "stereotyped" in f.rule] == ["Thiên chức của phụ nữ"]
    assert len(form_of("İstanbul nữ")) == len("İstanbul nữ")


def test_looked_up_texts_are_remembered_within_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lookup index remembers its recent texts (several items read one provision), not
    every text of a review: a table of 68 000 rows kept every row's matches."""
    from genderlens.check import matching

    monkeypatch.setattr(matching, "_RESULTS_KEPT", 8)
    index = index_for("vi", {"sex": ["nữ"]}, scan=False)
    bank = index._register()
    rows = [f"hàng {i}: lao động nữ" for i in range(50)]
    for text in rows:
        assert [h.phrase for h in index.find(text)] == ["nữ"]
        assert len(bank.results) <= 8
    assert [h.phrase for h in index.find(rows[0])] == ["nữ"]  # forgotten, found again


def test_the_tokenizer_remembers_words_not_long_runs() -> None:
    from genderlens.check import nlp

    run = "(nữ)/(nam);" * 1000  # no space: one chunk of 11 000 characters
    texts = nlp.tokens_and_texts(run + " từ")[1]
    assert texts[:5] == ["(", "nữ", ")", "/", "("] and texts[-1] == "từ"
    assert run not in nlp._SPLITS and "từ" in nlp._SPLITS


@pytest.mark.parametrize("listed", [0, 100_000])
def test_prepared_forms_are_the_forms_of_each_text(monkeypatch: pytest.MonkeyPatch,
                                                   listed: int) -> None:
    """The review's provisions are folded as one text, and listed or cut when asked for:
    the same forms as one at a time, whatever the texts (NFD, a dotted capital I, empty),
    across the chunks they are joined in, and past the bound of remembered forms."""
    import unicodedata

    from genderlens.check import matching

    monkeypatch.setattr(matching, "_FORMS_KEPT", 1000)
    monkeypatch.setattr(matching, "_FORMS_LISTED", listed)
    texts = [f"Lao Động NỮ {i}" for i in range(9000)]
    texts[17] = ""
    texts[5000] = "Thiên chức"
    for odd in ([], ["İstanbul NỮ"], [unicodedata.normalize("NFD", "Người Lao động")]):
        matching.clear_cache()
        forms = matching.forms_of(iter(texts + odd))
        assert len(forms) == len(texts) + len(odd)
        assert list(forms) == [form_of(t) for t in texts + odd]
        assert [forms.length(p) for p in range(len(forms))] == [len(f) for f in forms]
        assert forms[-1] == form_of((texts + odd)[-1])
        assert forms.joined == matching._SEPARATOR.join(forms)
        assert [forms.joined[a:a + 3] for a in forms.starts[:2]] == ["lao", "lao"]
        assert len(matching._FORMS) <= 1000  # 9 000 texts: none kept
        assert (forms.listed is None) == (listed == 0)
    matching.clear_cache()
    few = matching.forms_of(texts[:10])
    assert list(few) == [form_of(t) for t in texts[:10]] and texts[3] in matching._FORMS
    with pytest.raises(IndexError):
        few[10]
