"""rank/: the ranker's evidence for a (sentence, claim) pair and the match decision's parts,
on a small catalog built here."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.index.bm25 import Bm25Index
from server.index.catalog import Catalog
from server.index.terms import terms
from server.rank.decision import (
    DECISION,
    DECISION_FEATURES,
    SCREEN,
    SCREEN_FEATURES,
    Model,
    ScreenBound,
    asks,
    collection_prior,
    screen_features,
    sentence_features,
    untitled,
)
from server.rank.rank import FEATURES, Candidate, Ranker
from server.rank.weights import COLLECTION_STRENGTH, FITTED_COLLECTION, UNTITLED_COVER
from server.store import Corpus
from server.text.figures import extract_figures

CLAIMS = [
    "The president of the state Senate blocked 40 bills from reaching a vote.",
    "Wisconsin lost 10,000 manufacturing jobs in 2019.",
    "The county jail released 1,234 inmates last year after a court order.",
]


@pytest.fixture(scope="module")
def ranker() -> Ranker:
    source = {"id": "s", "publisher": "P", "kind": "fact-check", "title": None, "url": None,
              "published": None}
    corpus = Corpus([{"id": f"c{i}", "text": t, "title": None, "figures": [],
                      "quotes": [{"source": "s", "text": t}]} for i, t in enumerate(CLAIMS)],
                    {"s": source}, {}, 1)
    catalog = Catalog(corpus)
    index = Bm25Index([c.doc_terms for c in catalog.claims])
    return Ranker(catalog, index.term_idf)


def score(ranker: Ranker, sentence: str, claim: int):
    [scored] = ranker.score(sentence, terms(sentence), extract_figures(sentence),
                            [Candidate(claim, 1.0, 0.5, 0.5, 0.0)])
    return scored


@pytest.mark.parametrize("sentence", [
    "Thank you, Senator.",  # one salient word in common
    "Go ahead.",
    "Jobs.",
])
def test_a_sentence_sharing_fewer_than_two_salient_words_cannot_match(ranker, sentence):
    assert score(ranker, sentence, 0).score == 0.0


def test_a_restatement_scores_higher_than_a_topic_neighbour(ranker):
    same = score(ranker, "Wisconsin lost 10,000 manufacturing jobs in 2019, he said.", 1)
    topic = score(ranker, "Manufacturing jobs are coming back to Wisconsin.", 1)
    assert same.score > topic.score > 0
    assert same.said >= 3


def test_a_repeated_precise_count_with_its_noun_is_value_evidence(ranker):
    repeated = score(ranker, "The county jail released 1,234 inmates last year.", 2)
    other = score(ranker, "The county jail released 1,500 inmates last year.", 2)
    features, other_features = repeated.features, other.features
    assert features["value"] == 1.0 and other_features["value"] == 0.0
    # The noun is evidence by its rarity in English, on the salience scale (0-7).
    assert 0 < features["noun"] < 1


def test_screen_features_follow_the_declared_order(ranker):
    scored = score(ranker, "Did Wisconsin lose 10,000 manufacturing jobs?", 1)
    sentence = sentence_features("Did Wisconsin lose 10,000 manufacturing jobs?",
                                 terms("Did Wisconsin lose 10,000 manufacturing jobs?"))
    values = screen_features(scored, sentence)
    assert len(values) == len(SCREEN_FEATURES)
    named = dict(zip(SCREEN_FEATURES, values, strict=True))
    assert named["question"] == 1.0
    assert named["said"] == pytest.approx(math.log1p(scored.said))
    assert named["cover_sentence"] == scored.features["cover_sentence"]
    assert set(SCREEN_FEATURES[:-3]) <= set(FEATURES)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Vice President Biden?", True),
    ("Is that right?\u201d", True),
    ("He asked whether it was right.", False),
    ("What a night.", False),
])
def test_asks(sentence, expected):
    assert asks(sentence) is expected


def test_models_cover_their_features():
    assert SCREEN.features == SCREEN_FEATURES
    assert DECISION.features == DECISION_FEATURES
    assert DECISION_FEATURES[:len(SCREEN_FEATURES)] == SCREEN_FEATURES


def test_a_model_reads_as_a_probability():
    model = Model.of(("a", "b"), {"a": 2.0, "b": -1.0}, -0.5)
    assert model.probability((0.0, 0.0)) == pytest.approx(1 / (1 + math.exp(0.5)))
    assert model.probability((10.0, 0.0)) > model.probability((1.0, 0.0))
    assert model.probability((0.0, 10.0)) < model.probability((0.0, 1.0))
    assert 0.0 < model.probability((-1000.0, 0.0)) < 1e-100 or \
        model.probability((-1000.0, 0.0)) == 0.0


unit = st.floats(0.0, 1.0)


@given(cover_sentence=unit, cover_claim=unit, fuzzy=unit, noun=unit, value=unit, agrees=unit,
       words=unit, similarity=st.floats(-1.0, 1.0), said=st.integers(0, 30),
       content=st.integers(0, 40), question=st.booleans(), prior=st.floats(-3.0, 3.0),
       figures=st.booleans(), keep=st.floats(0.001, 0.5),
       cover=st.sampled_from([1.0, UNTITLED_COVER]))
def test_the_screen_bound_never_turns_away_a_pair_the_screen_keeps(
        cover_sentence, cover_claim, fuzzy, noun, value, agrees, words, similarity, said,
        content, question, prior, figures, keep, cover):
    if not figures:  # without figures on both sides, their features are 0
        noun = value = agrees = 0.0
    sentence = (math.log1p(content), float(question))
    values = (cover_sentence, cover_claim * cover, fuzzy, noun, value, agrees, words,
              similarity, math.log1p(said), *sentence)
    kept = SCREEN.probability(values, prior) >= keep
    may = ScreenBound(sentence, [prior], keep, [cover])(0, cover_sentence, cover_claim, words,
                                                         similarity, said, figures)
    assert may or not kept
    # The claim's cover is scaled as the screen's own feature is.
    assert may == ScreenBound(sentence, [prior], keep)(0, cover_sentence, cover_claim * cover,
                                                       words, similarity, said, figures)


def test_the_screen_bound_keeps_a_pair_at_the_screen_threshold():
    # A pair the screen keeps by a rounding's width: the bound sums in another order.
    sentence = (math.log1p(1), 0.0)
    values = (0.9391491627785106, 0.38120423768821243, 1.0, 0.0, 0.0, 0.0,
              0.21659939713061338, 0.3736830668086597, math.log1p(13), *sentence)
    prior = 1.5822059707889373
    assert SCREEN.probability(values, prior) >= 0.035
    assert ScreenBound(sentence, [prior], 0.035)(0, values[0], values[1], values[6], values[7],
                                                  13, False)


def test_the_screen_bound_turns_away_pairs_with_little_in_common():
    bound = ScreenBound((math.log1p(6), 0.0), [0.0])
    assert not bound(0, 0.1, 0.05, 0.2, 0.1, 2, False)
    assert bound(0, 0.9, 0.9, 1.0, 0.9, 6, True)


def _catalog_of(quoted: list[list[tuple[str, str]]]) -> Catalog:
    """Claims quoting sources given as (publisher, kind), one list per claim."""
    sources = {f"{p}-{k}": {"id": f"{p}-{k}", "publisher": p, "kind": k, "title": None,
                            "url": None, "published": None}
               for claim in quoted for p, k in claim}
    claims = [{"id": f"c{i}", "text": f"Claim number {i} about something.", "title": None,
               "figures": [], "quotes": [{"source": f"{p}-{k}", "text": "x"} for p, k in claim]}
              for i, claim in enumerate(quoted)]
    return Catalog(Corpus(claims, sources, {}, 1))


def test_fact_checks_are_one_collection_whoever_published_them() -> None:
    """A feed gathering several fact-checkers' reviews weighs like one publisher's."""
    spread = collection_prior(_catalog_of([[(f"Checker {i % 4}", "fact-check")]
                                           for i in range(40)]))
    one = collection_prior(_catalog_of([[("Checker", "fact-check")] for _ in range(40)]))
    assert spread == one
    assert spread[0] == pytest.approx(COLLECTION_STRENGTH * math.log(FITTED_COLLECTION / 40))


def test_other_sources_are_collections_of_their_publishers() -> None:
    """An editor's claims from a ministry's releases are a collection of their own, the
    smaller the more they are lifted; a claim sourced from several, its largest."""
    prior = collection_prior(_catalog_of(
        [[("Ministry", "primary")]] * 2 + [[("Paper", "news")]] * 5
        + [[("Ministry", "primary"), ("Checker", "fact-check")]]
        + [[("Checker", "fact-check")]] * 9))
    size = [3, 3, 5, 5, 5, 5, 5, 10, *[10] * 9]
    assert prior == pytest.approx([COLLECTION_STRENGTH * math.log(FITTED_COLLECTION / n)
                                   for n in size])


def test_untitled_fact_checks_are_weighed_as_titled_ones() -> None:
    """Fact checks were fitted with their headlines: one without is covered as a titled one
    would be, and its title cosine put where a title's would be; an editor's curated claims
    (untitled as a rule) are read as they are."""
    catalog = _catalog_of([[("Checker", "fact-check")], [("Ministry", "primary")],
                           [("Ministry", "primary"), ("Checker", "fact-check")]])
    catalog.claims[2].record["title"] = "A headline"
    cover, read = untitled(catalog)
    assert cover == [UNTITLED_COVER, 1.0, 1.0]
    assert read == [False, True, True]


def test_screen_features_scale_the_claims_cover(ranker: Ranker) -> None:
    scored = score(ranker, "Wisconsin lost 10,000 manufacturing jobs in 2019.", 1)
    sentence = sentence_features("x", ["wisconsin"])
    plain = screen_features(scored, sentence)
    scaled = screen_features(scored, sentence, UNTITLED_COVER)
    index = SCREEN_FEATURES.index("cover_claim")
    assert plain[index] > 0
    assert scaled[index] == pytest.approx(plain[index] * UNTITLED_COVER)
    assert [v for i, v in enumerate(plain) if i != index] == [
        v for i, v in enumerate(scaled) if i != index]
