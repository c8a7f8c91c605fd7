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

Both stages shift a claim's odds by the size of its collection (``collection_prior``;
for a sentence without figures, never upwards for a claim with figures:
``without_figures``).
What passes ``HIGHLIGHT`` is highlighted; what passes ``SUGGEST`` is offered as possibly
related, never highlighted, and so is a short sentence's match unless one of its figures
gets a verdict against the claim (``SHORT_SENTENCE``). Weights, thresholds and where they were fitted and checked:
``tools/fit_decision.py`` and benchmarks/README.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..index.catalog import Catalog
from ..index.terms import is_number
from ..paths import PACKAGE_DATA
from ..text.figures import Figure
from .rank import FEATURES, Scored
from .weights import (  # noqa: F401 - HIGHLIGHT, SUGGEST are read from here
    COLLECTION_STRENGTH,
    DECISION_BIAS,
    DECISION_WEIGHTS,
    FITTED_COLLECTION,
    HIGHLIGHT,
    SCREEN_BIAS,
    SCREEN_KEEP,
    SCREEN_WEIGHTS,
    SUGGEST,
    UNTITLED_COVER,
)

#: Features of the screen, in order: the ranker's match evidence (``rank.FEATURES``:
#: ``agrees`` says a figure agrees with a known value of what it counts) and word/vector
#: scores, then ``said`` (log of one plus the salient words the claim's text shares with the
#: sentence), ``content`` (log of one plus the sentence's salient words) and ``question``
#: (the sentence asks: it ends with a question mark).
SCREEN_FEATURES = ("cover_sentence", "cover_claim", "fuzzy", "noun", "value", "agrees",
                   "words", "similarity", "said", "content", "question")
#: ...and of the decision: the same plus ``meaning`` and ``title_meaning`` (transformer
#: cosines with the claim's text and title) and ``checkworthy`` (log-odds that the sentence
#: is worth checking).
DECISION_FEATURES = (*SCREEN_FEATURES, "meaning", "title_meaning", "checkworthy")


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
    terms: list[str]  # of ``read``
    figures: list[Figure]  # in ``sentence``
    pairs: list[Pair]
    read: str = ""  # the sentence as the decision reads it (``text.noise``)


#: A sentence of this many words or fewer is highlighted only when one of its figures gets a
#: verdict against the claim, that is, counts what the claim counts ("New York released
#: 6,947 criminal aliens."); otherwise its matches are offered as possibly related. So few
#: words seldom tell a restatement from a fragment or a slogan that shares them: on the
#: train transcripts, of the highlights of short sentences without a figure of the claim 45%
#: were the checked claim, against 74% of longer sentences' (short ones with such a figure:
#: 9 of 13, none wrong). Meedan Check likewise treats a match on 8 words or fewer as a
#: suggestion only.
SHORT_SENTENCE = 8


def short(read: str) -> bool:
    """Whether a sentence (as the decision reads it) is short: see ``SHORT_SENTENCE``."""
    return len(read.split()) <= SHORT_SENTENCE


def sentence_features(sentence: str, words: Sequence[str]) -> tuple[float, float]:
    """``content`` and ``question`` of a sentence (see ``SCREEN_FEATURES``)."""
    content = sum(1 for t in set(words) if not is_number(t))
    return math.log1p(content), float(asks(sentence))


_FROM_RANKER = tuple(FEATURES.index(f) for f in SCREEN_FEATURES[:-3])
_COVER_CLAIM = SCREEN_FEATURES.index("cover_claim")


def screen_features(scored: Scored, sentence: tuple[float, float],
                    cover: float = 1.0) -> tuple[float, ...]:
    """The screen's features of a pair, in ``SCREEN_FEATURES`` order; ``cover`` scales
    ``cover_claim`` (``untitled``)."""
    values = [scored.values[i] for i in _FROM_RANKER]
    values[_COVER_CLAIM] *= cover
    return (*values, math.log1p(scored.said), *sentence)


def untitled(catalog: Catalog) -> tuple[list[float], list[bool]]:
    """Per claim, what its ``cover_claim`` is scaled by, and whether its ``title_meaning``
    is read (else it is put at what a title's would be: ``UNTITLED_MEANING``).

    The models were fitted on fact checks with titles (their headlines). A title adds to
    the words a sentence may restate, so a sentence covers less of a titled claim, and the
    transformer reads a title further from a sentence than the claim's text. A fact check
    without a title (its text standing for its title) would read higher on both, and a
    claim set of fact checks without titles was highlighted half again as often, one new
    highlight in three wrong (the CLEF 2021 dev transcripts against the PolitiFact claims
    without their titles). So such a claim is weighed as a titled one would be: its cover
    scaled by ``UNTITLED_COVER``, its title cosine the line ``UNTITLED_MEANING`` in its
    text cosine. Claims that quote no fact check (an editor's curated claims, untitled as
    a rule) stay as they are: the size of their collection was weighed on them so
    (``COLLECTION_STRENGTH``)."""
    read = [bool(c.record.get("title")) or not any(collection(s) == FACT_CHECKS
                                                    for s in c.sources)
            for c in catalog.claims]
    return [1.0 if r else UNTITLED_COVER for r in read], read


class ScreenBound:
    """Whether a pair can still pass the screen before the ranker computes its costly
    features (the fuzzy ratio, the figures'): the screen's log-odds with those at their
    most (a fuzzy ratio of 1; ``noun`` and ``agrees`` of 1 and ``value`` of 0 when sentence
    and claim both have figures) against ``keep``. Exact: a pair it turns away would have
    scored under ``keep``."""

    __slots__ = ("_at_most", "_cover", "_need", "_prior")

    _CHEAP = tuple(SCREEN_WEIGHTS.get(f, 0.0) for f in ("cover_sentence", "cover_claim",
                                                         "words", "similarity", "said"))
    _COSTLY = max(SCREEN_WEIGHTS.get("fuzzy", 0.0), 0.0)
    _FIGURES = _COSTLY + sum(max(SCREEN_WEIGHTS.get(f, 0.0), 0.0)
                             for f in ("noun", "agrees", "value"))

    def __init__(self, sentence: tuple[float, float], prior: Sequence[float],
                 keep: float = SCREEN_KEEP, cover: Sequence[float] | None = None) -> None:
        fixed = (SCREEN_BIAS + SCREEN_WEIGHTS.get("content", 0.0) * sentence[0]
                 + SCREEN_WEIGHTS.get("question", 0.0) * sentence[1])
        self._at_most = (fixed + self._COSTLY, fixed + self._FIGURES)
        # keep 0 passes everything; 1, nothing.
        self._need = (-math.inf if keep <= 0.0 else math.inf if keep >= 1.0
                      else math.log(keep / (1.0 - keep)))
        self._prior = prior
        self._cover = cover  # per claim, as ``screen_features``

    def __call__(self, claim: int, cover_sentence: float, cover_claim: float, words: float,
                 similarity: float, said: int, figures: bool) -> bool:
        w = self._CHEAP
        if self._cover is not None:
            cover_claim *= self._cover[claim]
        logit = (self._at_most[figures] + self._prior[claim] + w[0] * cover_sentence
                 + w[1] * cover_claim + w[2] * words + w[3] * similarity + w[4] * math.log1p(said))
        # A hair under the screen's own cut: its sum runs in another order, and rounding
        # must not turn away a pair the screen would keep.
        return logit >= self._need - 1e-9


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic model: weights in feature order, and a bias."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float

    @classmethod
    def of(cls, features: Sequence[str], weights: dict[str, float], bias: float) -> Model:
        return cls(tuple(features), tuple(weights.get(f, 0.0) for f in features), bias)

    def logit(self, values: Sequence[float], prior: float = 0.0) -> float:
        return prior + self.bias + sum(w * v for w, v in zip(self.weights, values, strict=True))

    def probability(self, values: Sequence[float], prior: float = 0.0) -> float:
        """The probability of a match; ``prior`` shifts its log-odds (see
        ``collection_prior``)."""
        return _sigmoid(self.logit(values, prior))


SCREEN = Model.of(SCREEN_FEATURES, SCREEN_WEIGHTS, SCREEN_BIAS)
DECISION = Model.of(DECISION_FEATURES, DECISION_WEIGHTS, DECISION_BIAS)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


#: The one collection every fact check belongs to, whoever published it (``collection``).
FACT_CHECKS = ("fact checks",)


def collection(source: dict[str, Any]) -> str | tuple[str] | None:
    """The collection a source's claims belong to: its publisher's claims, except that fact
    checks are one collection whoever published them. A feed gathering many fact-checkers'
    reviews (Google's Fact Check Tools, the Duke Reporters' Lab's) holds claims of one kind,
    checked because they were said widely, on the same few topics: each is as likely a
    coincidental neighbour of a sentence as one publisher's. (With them counted apart, the
    CLEF 2021 dev transcripts against the PolitiFact claims spread over 50 publishers got
    three times the highlights, most of the new ones wrong.)"""
    return FACT_CHECKS if source.get("kind") == "fact-check" else source.get("publisher")


def collection_prior(catalog: Catalog) -> list[float]:
    """Per claim, the log-odds its matches are shifted by for the size of its collection.

    Some claim of a large collection shares words and topic with almost any sentence by
    chance; a claim of a small, focused one seldom does. The models were fitted on one
    collection of ``FITTED_COLLECTION`` claims (one publisher's fact checks); a claim's
    collection here is its sources' (``collection``; the largest, for a claim sourced from
    several), and the odds of a coincidental neighbour are taken to grow with the square
    root of its size: ``COLLECTION_STRENGTH`` times log(fitted size / its size). 0 for a
    collection as large as the fitted one, positive for an editor's few curated claims,
    negative for a larger collection."""
    collections = [{collection(s) for s in c.sources} or {None} for c in catalog.claims]
    size = Counter(k for keys in collections for k in keys)
    return [COLLECTION_STRENGTH * math.log(FITTED_COLLECTION / max(size[k] for k in keys))
            for keys in collections]


def without_figures(catalog: Catalog, prior: Sequence[float]) -> list[float]:
    """The collection prior for a sentence without figures: no lift for a claim with figures
    from a smaller collection. Such a claim has few coincidental neighbours among pages at
    large, but an article on the story it was curated from is all near neighbours ("The
    detainers require the state to notify federal immigration authorities"), and there what
    tells a restatement of a figure claim is its figure. (A larger collection still lowers
    the odds.)"""
    return [0.0 if odds > 0 and claim.quantity_ids else odds
            for odds, claim in zip(prior, catalog.claims, strict=True)]


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
