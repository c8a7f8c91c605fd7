"""tools/fit_decision.py: fitting the match decision and choosing its thresholds."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from server.rank.decision import DECISION_FEATURES, SCREEN_FEATURES

TOOL = Path(__file__).resolve().parent.parent / "tools" / "fit_decision.py"
_spec = importlib.util.spec_from_file_location("fit_decision", TOOL)
fit_decision = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fit_decision)


def test_logistic_fit_finds_the_informative_feature():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2000, 3))
    y = (x[:, 1] + 0.3 * rng.normal(size=2000) > 0.5).astype(float)
    weights, bias = fit_decision.fit_logistic(x, y, 1e-6)
    assert weights[1] > 3 * max(abs(weights[0]), abs(weights[2]))
    assert bias < 0  # fewer positives than negatives


def test_threshold_is_the_lowest_probability_meeting_the_precision():
    probability = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    labels = np.array([1, 1, 0.5, 1, 0, 0])
    # Right so far: 1, 1, 0.83, 0.88, 0.7, 0.58 (a "partly" counts half).
    assert fit_decision.threshold_for(probability, labels, 0.8) == 0.6
    assert fit_decision.threshold_for(probability, labels, 0.99) == 0.8
    assert fit_decision.threshold_for(probability, np.zeros(6), 0.5) == 1.0


def test_a_sentence_is_judged_by_its_best_pair():
    rows = [{"doc": "d", "line": 1}, {"doc": "d", "line": 1}, {"doc": "d", "line": 2}]
    best = fit_decision.best_pairs(rows, np.array([0.2, 0.7, 0.1]))
    assert best.tolist() == [1, 2]


def _pairs(path: Path, rng) -> None:
    """Pairs whose label follows the transformer's cosine (``meaning``)."""
    meaning = DECISION_FEATURES.index("meaning")
    with path.open("w") as f:
        for split, n in (("train", 3000), ("dev", 1000)):
            for i in range(n):
                values = rng.normal(size=len(DECISION_FEATURES))
                label = float(values[meaning] > 1.2)
                f.write(json.dumps({"split": split, "doc": f"{split}-{i % 10}", "line": i,
                                    "sentence": f"{split} {i}", "claim_id": "c", "claim": "",
                                    "gold": bool(label), "values": values.tolist()}) + "\n")


def test_refit_from_saved_pairs_prints_the_constants(tmp_path):
    _pairs(tmp_path / "pairs.jsonl", np.random.default_rng(5))
    out = subprocess.run(
        [sys.executable, str(TOOL), str(tmp_path), str(tmp_path), "--from-pairs",
         str(tmp_path / "pairs.jsonl")], capture_output=True, text=True, check=True,
        cwd=TOOL.parent.parent).stdout
    constants = dict(line.split(" = ", 1) for line in out.splitlines() if " = " in line)
    weights = eval(constants["DECISION_WEIGHTS"])  # noqa: S307 - the tool's own output
    assert list(weights) == list(DECISION_FEATURES)
    assert max(weights, key=lambda f: abs(weights[f])) == "meaning"
    assert list(eval(constants["SCREEN_WEIGHTS"])) == list(SCREEN_FEATURES)  # noqa: S307
    assert 0 < float(constants["HIGHLIGHT"]) < 1
    assert float(constants["SUGGEST"]) <= float(constants["HIGHLIGHT"])
    assert "dev: pairs=1000" in out
    # Fitted on the train debates the transformer was not tuned on: five of the ten.
    assert "train: pairs=1500" in out


def test_the_decision_and_the_transformer_are_fitted_on_other_debates():
    debates = [f"2019{m:02d}01_debate" for m in range(1, 12)]
    tuned = fit_decision.tuning_debates(reversed(debates))
    assert tuned == set(debates[0::2])  # every other one by date, whatever the order given
    assert fit_decision.tuning_debates(debates[:1]) == set(debates[:1])
