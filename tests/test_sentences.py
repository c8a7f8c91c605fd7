"""Tests for server.text.sentences: boundaries on tricky text, exact offsets, the corrections
made to pysbd, long lines, and the five source articles beside the repository."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.text import sentences as module
from server.text import split_sentences

from .conftest import articles


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def assert_well_formed(text: str) -> None:
    """Offsets are exact, ordered and trimmed; no sentence crosses a line; no text is lost."""
    found = split_sentences(text)
    covered = [False] * len(text)
    previous_end = 0
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        assert not any(c in sentence.text for c in "\n\r\u2028\u2029")
        previous_end = sentence.end
        covered[sentence.start : sentence.end] = [True] * (sentence.end - sentence.start)
    lost = [c for c, seen in zip(text, covered, strict=True) if c.isalnum() and not seen]
    assert not lost


TRICKY = [
    pytest.param(
        "The U.S. Department of Homeland Security said so. Gov. Hochul disagreed.",
        ["The U.S. Department of Homeland Security said so.", "Gov. Hochul disagreed."],
        id="U.S. and Gov.",
    ),
    pytest.param(
        "Mr. Smith met Dr. Jones on Jan. 5 in the U.S. capital. They talked.",
        ["Mr. Smith met Dr. Jones on Jan. 5 in the U.S. capital.", "They talked."],
        id="titles and month",
    ),
    pytest.param(
        "He was deported on Sept. 14, 2012, but returned. It cost 8.3 million dollars.",
        ["He was deported on Sept. 14, 2012, but returned.", "It cost 8.3 million dollars."],
        id="Sept. and decimal",
    ),
    pytest.param(
        "Fruit, e.g. apples, i.e. food. No. 5 is on St. Mark's Place. Next.",
        ["Fruit, e.g. apples, i.e. food.", "No. 5 is on St. Mark's Place.", "Next."],
        id="e.g. i.e. No. St.",
    ),
    pytest.param(
        "He arrived at 5 p.m. on Monday. She left at 6 a.m. on Tuesday.",
        ["He arrived at 5 p.m. on Monday.", "She left at 6 a.m. on Tuesday."],
        id="a.m. p.m.",
    ),
    pytest.param(
        "The rate rose 3.5 percent. Officials said so.",
        ["The rate rose 3.5 percent.", "Officials said so."],
        id="decimal",
    ),
    pytest.param(
        "Why? Because it works! Fine.",
        ["Why?", "Because it works!", "Fine."],
        id="question and exclamation",
    ),
    pytest.param(
        "He said, “It is common sense.” Then he left.",
        ["He said, “It is common sense.”", "Then he left."],
        id="closing curly quote ends a sentence",
    ),
    pytest.param(
        "“It is common sense. Criminal aliens should not be released.”",
        ["“It is common sense.", "Criminal aliens should not be released.”"],
        id="sentences inside one quotation",
    ),
    pytest.param(
        "“A is true. B is 7,113,” said Smith. Next one.",
        ["“A is true.", "B is 7,113,” said Smith.", "Next one."],
        id="quotation with attribution",
    ),
    pytest.param(
        '"It is true. It is," he said.',
        ['"It is true.', 'It is," he said.'],
        id="straight quotes",
    ),
    pytest.param(
        "It’s a test — with dashes. “Quoted,” he said. Done.",
        ["It’s a test — with dashes.", "“Quoted,” he said.", "Done."],
        id="em dash and curly quotes",
    ),
    pytest.param(
        "Approx. 7,000 people came. Some left.",
        ["Approx. 7,000 people came.", "Some left."],
        id="pysbd split after Approx. is undone",
    ),
    pytest.param(
        "He died at 92 yrs. old. The end.",
        ["He died at 92 yrs. old.", "The end."],
        id="pysbd split before a lowercase word is undone",
    ),
    pytest.param(
        "A headline without a period\nThe first sentence. The second.",
        ["A headline without a period", "The first sentence.", "The second."],
        id="newline is a boundary",
    ),
    pytest.param(
        "One paragraph.\n\n\nAnother paragraph.\r\nA third\u2028and a fourth",
        ["One paragraph.", "Another paragraph.", "A third", "and a fourth"],
        id="blank lines and other line breaks",
    ),
    pytest.param(
        "  • A 21-year-old man was arrested. He was released.",
        ["A 21-year-old man was arrested.", "He was released."],
        id="bullet and indentation trimmed",
    ),
    pytest.param(
        "refused to honor the… pic.twitter.com/TdExn120KP — Homeland Security (@DHSgov) "
        "February 2, 2026",
        ["refused to honor the… pic.twitter.com/TdExn120KP — Homeland Security (@DHSgov) "
         "February 2, 2026"],
        id="tweet embed",
    ),
    pytest.param("The total was 7,113... Officials said so. Really?!",
                 ["The total was 7,113...", "Officials said so.", "Really?!"],
                 id="an ellipsis and doubled marks kept whole"),
    pytest.param('He said "It is over." 500 people cheered.',
                 ['He said "It is over."', "500 people cheered."],
                 id="a closed quotation before a number"),
    pytest.param("", [], id="empty"),
    pytest.param(" \n\t\n ", [], id="whitespace"),
    pytest.param("— | —\n•", [], id="no words"),
]


@pytest.mark.parametrize(("text", "expected"), TRICKY)
def test_tricky_boundaries(text: str, expected: list[str]) -> None:
    assert texts(text) == expected
    assert_well_formed(text)


def test_offsets_of_repeated_sentences() -> None:
    text = "Same. Same. Same.\nSame."
    assert [(s.start, s.end) for s in split_sentences(text)] == [
        (0, 5), (6, 11), (12, 17), (18, 23)
    ]


def test_offsets_with_unicode_before() -> None:
    text = "“Émigrés” — 🚨 arrived. Then 7,113 more came. Then 7,113 more came."
    found = split_sentences(text)
    assert [s.text for s in found] == [
        "“Émigrés” — 🚨 arrived.", "Then 7,113 more came.", "Then 7,113 more came."
    ]
    assert found[2].start == text.rindex("Then")
    assert_well_formed(text)


def test_text_pysbd_alters_is_not_lost() -> None:
    # pysbd uses these characters as internal placeholders and returns altered sentences.
    assert_well_formed("a ∯ b. c ȸ d. Next one. And&ᓴ&x. Ok.")


def test_sentence_is_frozen_with_offsets() -> None:
    sentence = split_sentences("  Hello there.")[0]
    assert (sentence.text, sentence.start, sentence.end) == ("Hello there.", 2, 14)
    with pytest.raises(AttributeError):
        sentence.start = 0  # type: ignore[misc]


def test_long_line_is_segmented_in_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    paragraph = " ".join(
        f"Sentence number {i} mentions the U.S. and Gov. Hochul. Then “a quote. Another,” "
        f"he said on Jan. {i % 28 + 1} in the city." for i in range(60)
    )
    whole = texts(paragraph)
    monkeypatch.setattr(module, "_WINDOW", 300)
    monkeypatch.setattr(module, "_MAX_WINDOW", 1200)
    module._line_spans.cache_clear()
    try:
        assert texts(paragraph) == whole
        assert len(whole) == 60 * 3
        # A run of text with no boundary at all is cut rather than handed to pysbd whole.
        assert_well_formed("word " * 2000)
    finally:
        module._line_spans.cache_clear()


_FRAGMENTS = [
    "Hello world", "the U.S.", "Dr. Smith", " ", " ", ". ", "! ", "? ", "\n", "\n\n",
    "\r\n", "“", "”", '"', "7,000", "3.5", "…", " — ", "∯", "ȸ", "•", "e.g.", "No. 5", "a",
    "Z", ",",
]


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join))
def test_any_text_is_well_formed(text: str) -> None:
    assert_well_formed(text)


def test_articles_are_well_formed() -> None:
    for path in articles():
        assert_well_formed(path.read_text(encoding="utf-8"))


def test_article_sentences() -> None:
    found = {s for path in articles() for s in texts(path.read_text(encoding="utf-8"))}
    for expected in [
        "7 of the 10 safest cities in the U.S. cooperate with ICE.",
        "There are currently 7,113 criminal illegal aliens in the custody of a New York "
        "jurisdiction with an active detainer.",
        "He was deported to Mexico on Sept. 14, 2012, but returned to the U.S. illegally at "
        "some later date.",
        "Seven of the 10 safest cities in the United States cooperate with ICE.",
        "“It is common sense.",
        "ICE alleged that the state has already released about 6,947 criminal illegal "
        "immigrants with active detainers since Jan. 20.",
        "A 21-year-old unlawfully present Guyanese national, who was arrested on January 10, "
        "by the NYPD and charged with murder, sexual abuse, contact by forcible compulsion, "
        "and sexual abuse of a 92-year old woman.",
    ]:
        assert expected in found
