"""tools/fit_ranking.py: fitting the retrieval ranking weights."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from server.rank.rank import FEATURES

TOOL = Path(__file__).resolve().parent.parent / "tools" / "fit_ranking.py"
_spec = importlib.util.spec_from_file_location("fit_ranking", TOOL)
fit_ranking = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fit_ranking)


def _queries(rng, n, signal):
    """Queries of 8 candidates whose one relevant candidate is highest on feature ``signal``
    (the others are noise)."""
    out = []
    for _ in range(n):
        x = rng.normal(size=(8, len(fit_ranking.FEATURES)))
        y = np.zeros(8, dtype=bool)
        y[int(np.argmax(x[:, signal]))] = True
        out.append((x, y, 1))
    return out


def test_the_fit_finds_the_feature_that_orders_relevant_claims_first():
    rng = np.random.default_rng(0)
    signal = fit_ranking.FEATURES.index("claimant")
    train, check = _queries(rng, 200, signal), _queries(rng, 50, signal)
    w = fit_ranking.fit([train], l2=1e-3)
    assert int(np.argmax(w)) == signal
    _map5, mrr = fit_ranking.measure(check, w)
    assert mrr > 0.95
    _map5, blind = fit_ranking.measure(check, np.zeros_like(w))
    assert blind < 0.6


def test_measure_counts_relevant_claims_the_candidates_missed():
    x = np.array([[2.0] + [0.0] * (len(fit_ranking.FEATURES) - 1),
                  [1.0] + [0.0] * (len(fit_ranking.FEATURES) - 1)])
    w = np.eye(len(fit_ranking.FEATURES))[0]
    # The first candidate is one of two relevant claims; the other was never proposed.
    map5, mrr = fit_ranking.measure([(x, np.array([True, False]), 2)], w)
    assert mrr == 1.0 and map5 == 0.5
    # A query none of whose relevant claims was proposed scores 0, not nothing.
    assert fit_ranking.measure([(x, np.array([False, False]), 1)], w) == (0.0, 0.0)


def _data_set(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    folder.mkdir()
    claims = [{"id": str(i), "text": text, "speaker": who} for i, (text, who) in enumerate([
        ("The state spends more on prisons than on universities.", "A"),
        ("Childhood vaccines cause autism.", "B"),
        ("Unemployment is at its lowest level in 17 years.", "A"),
        ("The city planted ten thousand trees last year.", "C")])]
    (folder / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims))
    queries = {"train": [("q1", "Vaccines given to children cause autism.", "1"),
                         ("q2", "We spend more on prisons than on colleges.", "0")],
               "dev": [("q3", "Joblessness is the lowest in 17 years.", "2")]}
    for split, rows in queries.items():
        (folder / f"queries-{split}.jsonl").write_text(
            "".join(json.dumps({"id": q, "text": t}) + "\n" for q, t, _c in rows))
        (folder / f"qrels-{split}.tsv").write_text("".join(f"{q}\t{c}\n" for q, _t, c in rows))
    return folder


def _printed(out: str) -> dict[str, list[str]]:
    """The weight dicts the tool printed: name -> feature names."""
    return {line.split(" = ", 1)[0]: list(json.loads(line.split(" = ", 1)[1]))
            for line in out.splitlines() if line.endswith("}")}


def test_the_tool_runs_on_a_data_set_and_prints_every_weight(tmp_path):
    folder = _data_set(tmp_path)
    out = subprocess.run([sys.executable, str(TOOL), str(folder)], capture_output=True,
                         text=True, check=True).stdout
    assert "set: 2 train and 1 dev queries" in out
    assert "RANK_WEIGHTS set dev: MAP@5 1.0000 -> " in out
    # Without sentences around the queries there is only the model for sentences alone.
    assert _printed(out) == {"RANK_WEIGHTS": list(fit_ranking.SENTENCE_FEATURES)}
    assert "context" not in fit_ranking.SENTENCE_FEATURES


def test_queries_placed_in_their_text_fit_the_context_model_too(tmp_path):
    folder = _data_set(tmp_path)
    texts = tmp_path / "texts"
    texts.mkdir()
    for split, (query, text) in {"train": ("q1", "Vaccines given to children cause autism."),
                                 "dev": ("q3", "Joblessness is the lowest in 17 years.")}.items():
        rows = [{"doc": "d", "line": 1, "text": "Let us talk about health.", "query_id": None},
                {"doc": "d", "line": 2, "text": text, "query_id": query}]
        (texts / f"sentences-{split}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows))
    out = subprocess.run([sys.executable, str(TOOL), str(folder), "--sentences", str(texts)],
                         capture_output=True, text=True, check=True).stdout
    assert "set: in context too" in out
    assert "CONTEXT_RANK_WEIGHTS set dev: MAP@5 " in out
    assert _printed(out) == {"RANK_WEIGHTS": list(fit_ranking.SENTENCE_FEATURES),
                             "CONTEXT_RANK_WEIGHTS": list(FEATURES)}


def test_a_fit_leaves_features_outside_its_model_at_zero():
    rng = np.random.default_rng(1)
    signal = fit_ranking.FEATURES.index("context")
    w = fit_ranking.fit([_queries(rng, 100, signal)], 1e-3, fit_ranking.SENTENCE_FEATURES)
    assert w[signal] == 0.0
    assert fit_ranking.fit([_queries(rng, 100, signal)], 1e-3)[signal] > 1.0


def test_the_tool_names_a_missing_file(tmp_path):
    (tmp_path / "claims.jsonl").write_text("")
    proc = subprocess.run([sys.executable, str(TOOL), str(tmp_path)], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 2
    assert f"{tmp_path / 'queries-train.jsonl'} does not exist" in proc.stderr
