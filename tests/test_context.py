"""Ranking a sentence with the sentences around it (``Matcher.rank(context=...)``), the
benchmark files that place queries in their texts, and tools/clef_transcripts.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from server.bench import read_context, run_retrieval, split_context
from server.engine import CONTEXT_AFTER, CONTEXT_BEFORE, Matcher
from server.index.terms import terms
from tests.test_engine import matcher_for

TOOL = Path(__file__).resolve().parent.parent / "tools" / "clef_transcripts.py"

CLAIMS = [
    ("housing", "Home prices have gone up substantially in every state."),
    ("nato", "Since 2014, NATO allies have been increasing their defense spending each year."),
    ("jobs", "The unemployment rate is the lowest it has been in 17 years."),
    ("trees", "The city planted ten thousand trees last spring."),
    ("wall", "Construction of the border wall has already started."),
]
#: Alone, this sentence reads like the housing claim; after what came before, it is NATO's.
FRAGMENT = "And now it's going up very substantially."
BEFORE = ["Prior to last year, NATO allies were spending less and less on defense.",
          "Everyone has agreed to substantially up their commitment."]


def _doc(claims: list[tuple[str, str]]) -> dict:
    return {"format": "recount-claims/1", "name": "context",
            "sources": [{"id": "s", "publisher": "Checker", "kind": "fact-check"}],
            "claims": [{"id": i, "text": t, "quotes": [{"source": "s", "text": t}]}
                       for i, t in claims]}


@pytest.fixture(scope="module")
def matcher(tmp_path_factory) -> Matcher:
    return matcher_for(_doc(CLAIMS), tmp_path_factory.mktemp("context"))


def _ids(matcher: Matcher, ranked) -> list[str]:
    return [matcher.catalog.claims[s.claim].id for s in ranked]


def test_context_turns_a_fragment_towards_the_claim_it_continues(matcher):
    alone = _ids(matcher, matcher.rank([FRAGMENT])[0])
    assert alone[0] == "housing"
    read = _ids(matcher, matcher.rank([FRAGMENT], context=[BEFORE])[0])
    assert read[0] == "nato", read
    # Unrelated context does not: the words of the sentence still count most.
    elsewhere = ["The weather was lovely at the picnic.", "We ate sandwiches."]
    assert _ids(matcher, matcher.rank([FRAGMENT], context=[elsewhere])[0])[0] == "housing"


def test_each_sentence_is_read_with_its_own_context(matcher):
    sentences = [FRAGMENT, FRAGMENT]
    ranked = matcher.rank(sentences, context=[BEFORE, []])
    assert _ids(matcher, ranked[0])[0] == "nato"
    # Without sentences around it, the second is ranked as it is alone.
    alone = matcher.rank([FRAGMENT])[0]
    assert [(s.claim, s.rank) for s in ranked[1]] == [(s.claim, s.rank) for s in alone]


def test_context_features_read_the_sentence_with_its_context(matcher):
    alone = matcher.candidates([FRAGMENT], [terms(FRAGMENT)], 5)[0]
    assert all(c.context_similarity == c.context_words == 0.0 for c in alone)
    found = {matcher.catalog.claims[c.claim].id: c
             for c in matcher.candidates([FRAGMENT], [terms(FRAGMENT)], 5,
                                         context=[BEFORE])[0]}
    assert max(c.context_words for c in found.values()) == pytest.approx(1.0)
    assert found["nato"].context_words == pytest.approx(1.0)
    assert found["nato"].context_similarity > found["nato"].similarity
    assert found["housing"].context_similarity < found["housing"].similarity


def test_context_brings_claims_the_sentence_shares_no_word_with_into_the_pool(tmp_path):
    fillers = [(f"f{i}", f"Farmers in county {i} harvested record corn crops this autumn.")
               for i in range(60)]
    matcher = matcher_for(_doc([*CLAIMS, *fillers]), tmp_path)
    sentence = "It keeps rising and rising."

    def pool(context):
        return {matcher.catalog.claims[c.claim].id
                for c in matcher.candidates([sentence], [terms(sentence)], 5,
                                            context=context)[0]}

    assert "nato" not in pool(None)
    assert "nato" in pool([BEFORE])


def test_matching_a_page_is_unchanged_by_the_ranking_context(matcher):
    # match() reads sentences alone: what it reports never depends on the others sent.
    one = matcher.match([FRAGMENT])[0]["matches"]
    with_others = matcher.match([*BEFORE, FRAGMENT])[2]["matches"]
    assert one == with_others


def _sentences_file(path: Path, docs: dict[str, list[tuple[int, str, str | None]]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for doc, rows in docs.items():
            for line, text, query in rows:
                f.write(json.dumps({"id": query or f"{doc}_{line}", "doc": doc, "line": line,
                                    "speaker": "A", "text": text, "query_id": query}) + "\n")


def test_read_context_orders_lines_and_stays_within_a_document(tmp_path):
    path = tmp_path / "sentences-dev.jsonl"
    # Rows out of order; two documents.
    _sentences_file(path, {
        "d1": [(3, "three", "q3"), (1, "one", None), (2, "two", None), (4, "four", None)],
        "d2": [(1, "other", "q9")],
    })
    queries = [{"id": "q3", "text": "three"}, {"id": "q9", "text": "other"},
               {"id": "nowhere", "text": "x"}]
    context = read_context([path], queries)
    assert context[0] == ["one", "two", "four"]
    assert context[1] == []  # alone in its document
    assert context[2] == []  # not placed
    assert split_context(tmp_path, "dev", queries) == context
    assert split_context(tmp_path, "train", queries) is None
    # A file that places none of the queries gives no context at all.
    assert split_context(tmp_path, "dev", [{"id": "nowhere", "text": "x"}]) is None


def test_a_query_reads_a_window_of_its_text(tmp_path):
    path = tmp_path / "sentences-dev.jsonl"
    n = CONTEXT_BEFORE + CONTEXT_AFTER + 10
    _sentences_file(path, {"d": [(i, f"s{i}", "q" if i == n // 2 else None) for i in range(n)]})
    (context,) = read_context([path], [{"id": "q", "text": f"s{n // 2}"}])
    assert context == [f"s{i}" for i in range(n // 2 - CONTEXT_BEFORE, n // 2 + CONTEXT_AFTER + 1)
                       if i != n // 2]


def _dataset(folder: Path, sentences: bool) -> None:
    folder.mkdir()
    (folder / "claims.jsonl").write_text("".join(
        json.dumps({"id": i, "text": t}) + "\n" for i, t in CLAIMS))
    (folder / "queries-dev.jsonl").write_text(json.dumps({"id": "q", "text": FRAGMENT}) + "\n")
    (folder / "qrels-dev.tsv").write_text("q\tnato\n")
    if sentences:
        _sentences_file(folder / "sentences-dev.jsonl", {"debate": [
            (1, BEFORE[0], None), (2, BEFORE[1], None), (3, FRAGMENT, "q")]})


def test_bench_ranks_placed_queries_in_context(tmp_path):
    _dataset(tmp_path / "set", sentences=True)
    report, run = run_retrieval(tmp_path / "set", "dev", depth=3)
    assert report.context and report.mrr == 1.0
    assert run[0][:2] == ("q", "nato")
    assert "context=yes" in report.lines()[0]
    alone, _run = run_retrieval(tmp_path / "set", "dev", depth=3, context=False)
    assert not alone.context and alone.mrr < 1.0


def test_bench_cli_takes_sentences_from_another_folder(tmp_path):
    from click.testing import CliRunner

    from server.cli import cli

    _dataset(tmp_path / "set", sentences=False)
    (tmp_path / "texts").mkdir()
    _sentences_file(tmp_path / "texts" / "sentences-dev.jsonl", {"debate": [
        (1, BEFORE[0], None), (2, BEFORE[1], None), (3, FRAGMENT, "q")]})
    runner = CliRunner()
    base = ["bench", "retrieval", str(tmp_path / "set"), "--split", "dev"]
    plain = runner.invoke(cli, base)
    assert plain.exit_code == 0, plain.output
    assert "context=no" in plain.output
    placed = runner.invoke(cli, [*base, "--sentences", str(tmp_path / "texts")])
    assert placed.exit_code == 0, placed.output
    assert "context=yes" in placed.output and "MRR=1.0000" in placed.output
    off = runner.invoke(cli, [*base, "--sentences", str(tmp_path / "texts"), "--no-context"])
    assert "context=no" in off.output


def _transcripts(folder: Path) -> None:
    folder.mkdir()
    (folder / "20161019_third_presidential_debate.tsv").write_text(
        "1\tMODERATOR\tWelcome.\n2\tCANDIDATE\tWe pay far more than anybody realizes.\n"
        "3\tCANDIDATE\tThe wall is going up.\n")
    (folder / "20170822_Trump_phoenix.tsv").write_text("1\tTRUMP\tWhat a crowd.\n")


def test_clef_transcripts_places_queries_by_name_or_by_date(tmp_path):
    data = tmp_path / "set"
    data.mkdir()
    queries = [
        {"id": "20161019_3pres_2", "text": "We pay  far more than anybody realizes."},
        {"id": "20161019_3pres_3", "text": "Something else entirely."},  # text differs
        {"id": "20170822_Trump_phoenix_0001", "text": "What a crowd."},
        {"id": "20990101_unknown_1", "text": "No transcript."},
    ]
    (data / "queries-train.jsonl").write_text("".join(json.dumps(q) + "\n" for q in queries))
    _transcripts(tmp_path / "tx")
    out = subprocess.run([sys.executable, str(TOOL), str(data), str(tmp_path / "tx"),
                          str(tmp_path / "out"), "--split", "train"],
                         capture_output=True, text=True, check=True).stdout
    assert "train: 2 of 4 queries placed" in out
    rows = [json.loads(line) for line in
            (tmp_path / "out" / "sentences-train.jsonl").read_text().splitlines()]
    assert {r["query_id"] for r in rows} == {None, "20161019_3pres_2",
                                            "20170822_Trump_phoenix_0001"}
    context = read_context([tmp_path / "out" / "sentences-train.jsonl"],
                           [queries[0], queries[1]])
    assert context == [["Welcome.", "The wall is going up."], []]


def test_clef_transcripts_names_a_missing_folder(tmp_path):
    data = tmp_path / "set"
    data.mkdir()
    (data / "queries-train.jsonl").write_text("")
    (data / "queries-dev.jsonl").write_text("")
    proc = subprocess.run([sys.executable, str(TOOL), str(data), str(tmp_path / "nope"),
                           str(tmp_path / "out")], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "is not a folder" in proc.stderr
