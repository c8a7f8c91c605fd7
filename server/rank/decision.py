"""The match decision: does this sentence restate this claim, or only share words with it?

Sharing words is cheap to check and says little: "Thank you, Senator." shares "senator" with
a claim about a Senate president. The decision is a logistic model whose output reads as the
probability that a reader would call the pair the same factual claim (possibly with another
figure). It runs in two stages, so the costly signal is paid only where it can matter:

1. ``SCREEN_WEIGHTS``, over the ranker's evidence (``rank.FEATURES``) and what the sentence
   is (how much it says, whether it asks), screens every candidate that shares two salient
   words with its sentence. Pairs under ``SCREEN_KEEP`` are dropped.
2. ``DECISION_WEIGHTS`` adds the meaning of sentence and claim read by a transformer
   (``index.encoder``: cosine with the claim's text and with its title) and whether the
   sentence asserts something checkable at all (``checkworthy``: a linear read-out of the
   sentence's vector, fitted on debate sentences labelled check-worthy or not).

What passes ``HIGHLIGHT`` is highlighted; what passes ``SUGGEST`` is offered as possibly
related, never highlighted. Weights, thresholds and where they were fitted and checked:
``tools/fit_decision.py`` and benchmarks/README.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..index.terms import is_number
from ..paths import PACKAGE_DATA
from ..text.figures import Figure
from .rank import Scored

#: Features of the screen, in order: the ranker's match evidence and word/vector scores,
#: then ``said`` (log of one plus the salient words the claim's text shares with the
#: sentence), ``content`` (log of one plus the sentence's salient words) and ``question``
#: (the sentence asks: it ends with a question mark).
SCREEN_FEATURES = ("cover_sentence", "cover_claim", "fuzzy", "noun", "value", "words",
                   "similarity", "said", "content", "question")
#: ...and of the decision: the same plus ``meaning`` and ``title_meaning`` (transformer
#: cosines with the claim's text and title) and ``checkworthy`` (log-odds that the sentence
#: is worth checking).
DECISION_FEATURES = (*SCREEN_FEATURES, "meaning", "title_meaning", "checkworthy")

# Fitted by tools/fit_decision.py (see its docstring and benchmarks/README.md).
SCREEN_WEIGHTS = {"cover_sentence": 1.176, "cover_claim": 2.088, "fuzzy": 6.162, "noun": 1.556,
                  "value": 0.411, "words": 2.516, "similarity": 5.284, "said": 0.889,
                  "content": 0.485, "question": -0.577}
SCREEN_BIAS = -18.095
DECISION_WEIGHTS = {"cover_sentence": 1.403, "cover_claim": 1.864, "fuzzy": 4.565,
                    "noun": -0.636, "value": 0.008, "words": 3.073, "similarity": -2.245,
                    "said": 0.037, "content": 0.608, "question": -0.166, "meaning": 7.421,
                    "title_meaning": 0.888, "checkworthy": 0.664}
DECISION_BIAS = -13.886
#: Screen probability under which a pair is not worth the transformer.
SCREEN_KEEP = 0.01
#: Probability at which a pair is highlighted...
HIGHLIGHT = 0.3
#: ...and at which it is offered as possibly related (never highlighted).
SUGGEST = 0.15

_QUESTION = re.compile(r"\?[\"'”’)\]]*\s*$")


def asks(sentence: str) -> bool:
    """Whether the sentence is a question (ends with a question mark)."""
    return bool(_QUESTION.search(sentence))


@dataclass(slots=True)
class Pair:
    """A sentence and a candidate claim past the screen: the ranker's evidence, the
    features (screen's, then the decision's once read) and the probability so far."""

    scored: Scored
    values: tuple[float, ...]
    probability: float


@dataclass(slots=True)
class Decided:
    """One sentence through the decision: what the verdicts need, and its pairs."""

    sentence: str
    terms: list[str]
    figures: list[Figure]
    pairs: list[Pair]


def sentence_features(sentence: str, words: Sequence[str]) -> tuple[float, float]:
    """``content`` and ``question`` of a sentence (see ``SCREEN_FEATURES``)."""
    content = sum(1 for t in set(words) if not is_number(t))
    return math.log1p(content), float(asks(sentence))


def screen_features(scored: Scored, sentence: tuple[float, float]) -> tuple[float, ...]:
    """The screen's features of a pair, in ``SCREEN_FEATURES`` order."""
    return (*scored.values[:7], math.log1p(scored.said), *sentence)


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic model: weights in feature order, and a bias."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float

    @classmethod
    def of(cls, features: Sequence[str], weights: dict[str, float], bias: float) -> Model:
        return cls(tuple(features), tuple(weights.get(f, 0.0) for f in features), bias)

    def logit(self, values: Sequence[float]) -> float:
        return self.bias + sum(w * v for w, v in zip(self.weights, values, strict=True))

    def probability(self, values: Sequence[float]) -> float:
        return _sigmoid(self.logit(values))


SCREEN = Model.of(SCREEN_FEATURES, SCREEN_WEIGHTS, SCREEN_BIAS)
DECISION = Model.of(DECISION_FEATURES, DECISION_WEIGHTS, DECISION_BIAS)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


class CheckWorthiness:
    """Log-odds that a sentence asserts something worth checking, from its transformer
    vector: a linear read-out stored in ``server/data/checkworthy.npz`` (``weights``,
    ``bias``), fitted by ``tools/fit_decision.py``."""

    def __init__(self) -> None:
        path = PACKAGE_DATA / "checkworthy.npz"
        if path.exists():
            with np.load(path) as data:
                self.weights = data["weights"].astype(np.float32)
                self.bias = float(data["bias"])
        else:  # before the read-out is fitted: no opinion
            self.weights, self.bias = None, 0.0

    def log_odds(self, vectors: np.ndarray) -> np.ndarray:
        if self.weights is None:
            return np.zeros(len(vectors), dtype=np.float32)
        return vectors @ self.weights + self.bias
