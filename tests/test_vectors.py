"""Sentence vectors (server/index/vectors.py) and how the matcher uses them."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.bench import run_retrieval
from server.index.vectors import sentence_vectors


@pytest.fixture(scope="module")
def vectors():
    return sentence_vectors()


def test_vectors_are_unit_length_and_empty_text_is_zero(vectors):
    out = vectors.encode(["7,113 people were held in custody.", "", "   "])
    assert out.shape == (3, vectors.dims)
    assert out.dtype == np.float32
    assert np.linalg.norm(out[0]) == pytest.approx(1.0, abs=1e-5)
    assert not out[1].any() and not out[2].any()
    assert vectors.encode([]).shape == (0, vectors.dims)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=5))
def test_any_text_gives_a_unit_or_zero_vector(texts):
    out = sentence_vectors().encode(texts)
    assert out.shape == (len(texts), sentence_vectors().dims)
    norms = np.linalg.norm(out, axis=1)
    assert np.all(np.isclose(norms, 1.0, atol=1e-4) | (norms == 0))


def test_a_text_gets_the_same_vector_alone_or_in_a_batch(vectors):
    texts = ["Vaccines cause autism.", "The mayor cut the police budget by a third."]
    together = vectors.encode(texts)
    for i, text in enumerate(texts):
        np.testing.assert_allclose(vectors.encode([text])[0], together[i], atol=1e-6)


@pytest.mark.parametrize("claim, paraphrase, unrelated", [
    ("Immigrants were released from jail despite ICE detainers.",
     "Migrants freed from custody even though immigration agents asked to hold them.",
     "The home team won the championship in overtime."),
    ("Childhood vaccines cause autism.",
     "Kids' shots are linked to developmental disorders.",
     "The city council approved a new parking garage."),
    ("Unemployment is at its lowest level in 17 years.",
     "Joblessness has not been this low since 2000.",
     "A storm knocked out power to thousands of homes."),
])
def test_paraphrases_are_closer_than_unrelated_text(vectors, claim, paraphrase, unrelated):
    c, p, u = vectors.encode([claim, paraphrase, unrelated])
    assert float(c @ p) > float(c @ u) + 0.1


def _dataset(folder, claims, queries, qrels):
    folder.mkdir()
    (folder / "claims.jsonl").write_text(
        "".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    (folder / "queries-dev.jsonl").write_text(
        "".join(json.dumps(q) + "\n" for q in queries), encoding="utf-8")
    (folder / "qrels-dev.tsv").write_text(
        "".join(f"{q}\t{c}\n" for q, c in qrels), encoding="utf-8")


def test_a_paraphrase_outranks_claims_that_only_share_words(tmp_path):
    # Every filler claim shares "state" and "budget" with the query; the relevant claim
    # shares one word ("state") and says the same thing in other words.
    fillers = [{"id": f"f{i}", "text": f"The state budget for {topic} was debated again.",
                "title": f"Budget debate on {topic}"}
               for i, topic in enumerate(["roads", "parks", "schools", "libraries", "ports",
                                          "bridges", "museums", "zoos", "farms", "courts",
                                          "prisons", "hospitals"])]
    target = {"id": "t", "text": "The state spends more on prisons than on universities.",
              "title": "Corrections outspend higher education"}
    query = {"id": "q1", "text": "Our state budget pays more for jails than for colleges."}
    _dataset(tmp_path / "set", [*fillers, target], [query], [("q1", "t")])
    report, run = run_retrieval(tmp_path / "set", "dev", depth=5)
    assert report.queries == 1
    assert run[0][:2] == ("q1", "t"), run
    assert report.mrr == 1.0


def test_a_claims_text_and_title_are_encoded_apart_and_weighed_equally(vectors, tmp_path):
    from server.bench import dataset_matcher
    from server.index.terms import terms

    text, title = "Vaccines cause autism.", "Does the MMR shot cause autism? No."
    _dataset(tmp_path / "set", [{"id": "a", "text": text, "title": title},
                                {"id": "b", "text": text}], [], [])
    matcher, _load, _index = dataset_matcher(tmp_path / "set")
    sentence = "Do vaccines cause autism in children?"
    found = {matcher.catalog.claims[c.claim].id: c
             for c in matcher.candidates([sentence], [terms(sentence)], 2)[0]}
    s, t, h = vectors.encode([sentence, text, title])
    assert found["a"].text_similarity == pytest.approx(float(s @ t), abs=1e-5)
    assert found["a"].title_similarity == pytest.approx(float(s @ h), abs=1e-5)
    assert found["a"].similarity == pytest.approx(
        float(s @ (t + h)) / float(np.linalg.norm(t + h)), abs=1e-5)
    # No title: the text alone.
    assert found["b"].title_similarity == 0.0
    assert found["b"].similarity == pytest.approx(float(s @ t), abs=1e-5)


def test_bench_retrieval_reports_scores_and_writes_the_run(tmp_path):
    from click.testing import CliRunner

    from server.cli import cli

    claims = [{"id": "a", "text": "The state spends more on prisons than on universities."},
              {"id": "b", "text": "The city planted ten thousand trees last spring."}]
    _dataset(tmp_path / "set", claims,
             [{"id": "q", "text": "We pay more for jails than for colleges."}], [("q", "a")])
    run = tmp_path / "run.tsv"
    result = CliRunner().invoke(cli, ["bench", "retrieval", str(tmp_path / "set"),
                                      "--split", "dev", "--run", str(run)])
    assert result.exit_code == 0, result.output
    assert "MRR=1.0000" in result.output
    assert run.read_text().splitlines()[0].split("\t")[:2] == ["q", "a"]


def test_bench_retrieval_rejects_a_folder_without_a_table(tmp_path):
    from click.testing import CliRunner

    from server.cli import cli

    _dataset(tmp_path / "set", [{"id": "a", "text": "x"}], [{"id": "q", "text": "x"}],
             [("q", "a")])
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(cli, ["bench", "retrieval", str(tmp_path / "set"), "--split",
                                      "dev", "--vectors", str(tmp_path / "empty")])
    assert result.exit_code == 2
    assert "table.npy" in result.output


def test_bm25_scores_given_pairs_as_search_does():
    from server.index.bm25 import Bm25Index

    docs = [["state", "prison", "spend"], ["citi", "tree"], ["state", "tree", "tree"]]
    index = Bm25Index(docs)
    query = ["state", "tree", "unknown"]
    ids, scores = index.search([query], k=3)
    np.testing.assert_allclose(index.score(query, ids[0]), scores[0], rtol=1e-6)
    assert index.score(["nothing"], np.array([0, 1]))[0] == 0.0


def test_ranking_finds_a_claim_that_shares_no_word_with_the_query(tmp_path):
    fillers = [{"id": f"f{i}", "text": f"Kids in {place} are linked to the new park plan."}
               for i, place in enumerate(["Ohio", "Texas", "Maine", "Utah"])]
    target = {"id": "t", "text": "Childhood vaccines cause autism."}
    query = {"id": "q", "text": "Kids' shots are linked to developmental disorders."}
    _dataset(tmp_path / "set", [*fillers, target], [query], [("q", "t")])
    _report, run = run_retrieval(tmp_path / "set", "dev", depth=10)
    assert "t" in [claim for _q, claim, _s in run]


def test_the_packaged_table_has_one_row_per_word_piece(vectors):
    assert vectors.table.shape == (vectors.tokenizer.get_vocab_size(), vectors.dims)
    assert vectors.dims == 256
    assert np.isfinite(vectors.table).all()


def test_a_table_that_does_not_fit_its_tokenizer_is_refused(tmp_path):
    from server.index.vectors import TABLE_DIR, SentenceVectors
    from server.settings import SettingError, load_settings

    (tmp_path / "tokenizer.json").write_bytes((TABLE_DIR / "tokenizer.json").read_bytes())
    np.save(tmp_path / "table.npy", np.zeros((10, 8), dtype=np.float16))
    with pytest.raises(ValueError, match="word pieces"):
        SentenceVectors(tmp_path)
    with pytest.raises(SettingError, match="RECOUNT_VECTORS"):
        load_settings({"RECOUNT_VECTORS": str(tmp_path)})
