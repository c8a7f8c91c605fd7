"""Rescoring candidates: does this sentence repeat this claim?

A candidate from the index only shares words. The score here asks more: how much of the
sentence's salient content the claim explains (idf-weighted coverage), how much of the claim
the sentence restates, token-level fuzzy similarity, and whether the sentence's figures
count the claim's nouns (or repeat its values). A calibrated threshold turns the score
into "match"; sentences with fewer than two salient words in common never match.

A second score orders candidates for retrieval, matched or not: a linear model over the
same evidence plus the word score, the vector cosines and two priors of the claim (its
length, and how many claims its claimant has in the collection), with weights fitted by
``tools/fit_ranking.py``. A sentence ranked with the sentences around it gets its own
weights, over two more features that read it in that context.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import log1p
from operator import mul

from rapidfuzz import fuzz

from ..index.catalog import Catalog, ClaimEntry, Quantity
from ..index.pool import Candidate
from ..index.terms import is_number, salience, stem, terms, words
from ..text.figures import Figure
from ..text.words import CURRENCY_WORDS, DURATION_UNITS, PERCENT_WORDS
from ..verdict.compare import judge, precise, precise_amount

#: Weights of the match score (sum of weighted features, clipped to [0, 1]).
WEIGHTS = {"cover_sentence": 0.50, "cover_claim": 0.20, "fuzzy": 0.15, "noun": 0.20,
           "value": 0.10}
#: Salient words a sentence must share with a claim before it can match at all.
MIN_SHARED_TERMS = 2
#: Salience is 7 minus a word's Zipf frequency: 0 for the commonest English words, 7 for
#: words wordfreq has never seen. A counted noun's evidence is its salience on that scale
#: ("people" ~1 says little, "homicides" ~3.9 more).
MAX_SALIENCE = 7.0
#: Weights of the ranking score over the match features and these: ``words`` (word score
#: relative to the sentence's best candidate), ``similarity`` (cosine with the claim's
#: vector), ``text_similarity`` and ``title_similarity`` (with its text's and its title's
#: alone), ``length`` (log of the claim's characters) and ``claimant`` (log of one plus the
#: number of claims by the same claimant). Fitted by ``tools/fit_ranking.py`` on the train
#: splits of CLEF CheckThat! 2020 task 2 and 2021 task 2B; refit after changing a feature.
RANK_WEIGHTS = {"cover_sentence": -1.53, "cover_claim": 1.20, "fuzzy": 1.33, "noun": -0.92,
                "value": 0.51, "words": 6.03, "similarity": 4.69, "text_similarity": 5.60,
                "title_similarity": 3.62, "length": -0.23, "claimant": 0.38}
#: Weights when the sentence is ranked with the sentences around it: the same features plus
#: ``context`` (cosine of the claim's vector with the sentence's moved towards theirs) and
#: ``context_words`` (word score of the sentence and its context, relative to the best
#: candidate's). Fitted on the 2021 task 2B train queries placed in their transcripts.
CONTEXT_RANK_WEIGHTS = {"cover_sentence": -0.15, "cover_claim": -0.12, "fuzzy": 1.91,
                        "noun": -0.98, "value": 0.50, "words": 0.85, "similarity": 2.27,
                        "text_similarity": 3.21, "title_similarity": 2.24, "length": -0.80,
                        "claimant": 0.35, "context": 4.27, "context_words": 4.09}


#: Every feature of a scored candidate, in the order of ``Scored.values``: the match
#: features first, then those only the ranking score uses (the last two only in context).
FEATURES = (*WEIGHTS, "words", "similarity", "text_similarity", "title_similarity", "length",
            "claimant", "context", "context_words", "agrees")
_MATCH_WEIGHTS = tuple(WEIGHTS.values())
_RANK_WEIGHTS = tuple(RANK_WEIGHTS.get(f, 0.0) for f in FEATURES)
_CONTEXT_RANK_WEIGHTS = tuple(CONTEXT_RANK_WEIGHTS.get(f, 0.0) for f in FEATURES)


#: Whether a candidate may be worth its costly features: given the claim, ``cover_sentence``,
#: ``cover_claim``, relative word score, cosine, salient words said, and whether sentence
#: and claim both have figures (``decision.ScreenBound``).
Bound = Callable[[int, float, float, float, float, int, bool], bool]


@dataclass(slots=True)
class Scored:
    claim: int
    score: float  # lexical match evidence in [0, 1]; 0 when too few words are shared
    rank: float  # ordering score for retrieval (``RANK_WEIGHTS``)
    values: tuple[float, ...]  # the features, in ``FEATURES`` order
    said: int = 0  # salient words of the sentence in what the claim's sources said
    # A figure repeats a count an editor gave for the claim, to the unit and three digits
    # or more, with its noun ("2,509 assaults"; ``compare.precise``), or a sum or share
    # to three digits with a word of what it is around it (``compare.precise_amount``).
    repeated: bool = False
    # A figure counts, with its noun, what an editor described for the claim, or is a sum
    # or share of it, whatever its value (``Ranker._counts_curated``): a match only in
    # words that say whose it is...
    counted: bool = False
    # ...only as a sum or share, said with a word of what it is (``_amounts_curated``),
    # not as a count with its noun: fewer words tell it, so the story's must be rarer
    # (``engine.STORY_SALIENCE``).
    amount: bool = False

    @property
    def features(self) -> dict[str, float]:
        return dict(zip(FEATURES, self.values, strict=True))


#: The words of units: "percent" or "dollars" say how a figure is written, not what of.
UNIT_TERMS = frozenset(t for word in [*PERCENT_WORDS, *CURRENCY_WORDS, *DURATION_UNITS,
                                      "points", "point"] for t in terms(word))

#: Nouns that count occurrences, not things: "12 times" says nothing about what was counted.
GENERIC_COUNTERS = frozenset({"time", "occas", "instanc"})


def figure_stems(fig: Figure) -> tuple[str | None, frozenset[str]]:
    """Head stem and all stems of a figure's counted noun."""
    return _noun_stems(fig.noun, fig.head)


@lru_cache(maxsize=50_000)
def _noun_stems(noun: str | None, head: str | None) -> tuple[str | None, frozenset[str]]:
    if not noun or stem((head or "").lower()) in GENERIC_COUNTERS:
        return None, frozenset()
    tokens = [stem(w) for w in words(noun) if not w[0].isdigit()]
    if not tokens:
        return None, frozenset()
    return tokens[-1], frozenset(tokens)


def noun_fit(fig: Figure, heads: frozenset[str], noun_terms: frozenset[str]) -> float:
    """How well a figure's counted noun names a quantity: 0 (no), up to ~3 (same phrase)."""
    head, all_stems = figure_stems(fig)
    if head is None:
        return 0.0
    score = 2.0 if head in heads else (0.5 if head in noun_terms else 0.0)
    if score:
        score += len((all_stems - {head}) & noun_terms) * 0.5
    return score


def unnamed(fig: Figure) -> bool:
    """Whether the figure names no counted thing (a bare number, or "12 times")."""
    return figure_stems(fig)[0] is None


def value_agrees(fig: Figure, value: float, of: float | None) -> bool:
    fig_of = 100.0 if fig.unit == "percent" else fig.of
    if fig_of is not None and of is not None:
        return abs(fig.value / fig_of - value / of) < 1e-9
    return fig.value == value


class Ranker:
    """Scores (sentence, claim) pairs over one catalog."""

    def __init__(self, catalog: Catalog, idf: Callable[[str], float]) -> None:
        self.catalog = catalog
        self.idf = idf
        self._weights: dict[str, float] = {}
        self._claim_terms = [frozenset(c.doc_terms) for c in catalog.claims]
        self._said_terms = [c.said_terms for c in catalog.claims]
        self._top_idf = max((idf(t) for c in catalog.claims for t in c.text_terms),
                            default=1.0) or 1.0
        # What a claim says about whom, apart from the things it counts: "released by New
        # York despite ICE detainers", not "homicides, assaults, burglaries".
        self._context = [c.text_terms - frozenset().union(
            *(catalog.quantities[q].noun_terms for q in c.quantity_ids)) for c in catalog.claims]
        self._claim_mass = [self._mass(t) for t in self._context]
        # Each claim's quantities an editor described (none for a fact check's own figures).
        self._curated = [tuple(q for q in (catalog.quantities[i] for i in c.quantity_ids)
                               if not q.derived) for c in catalog.claims]
        claimants = Counter(c.record.get("claimant") for c in catalog.claims)
        # Length, claimant: what the ranking score knows of a claim before any sentence.
        self._priors = [(log1p(len(c.text)),
                         log1p(claimants[who]) if (who := c.record.get("claimant")) else 0.0)
                        for c in catalog.claims]

    def weight(self, term: str) -> float:
        """Evidence a shared term gives: rare in English, and rare among the claims."""
        cached = self._weights.get(term)
        if cached is None:
            cached = salience(term) * (0.5 + 0.5 * min(1.0, self.idf(term) / self._top_idf))
            self._weights[term] = cached
        return cached

    def _mass(self, terms: frozenset[str]) -> float:
        return sum(self.weight(t) for t in terms if not is_number(t))

    def score(self, sentence: str, sentence_terms: Sequence[str], figures: Sequence[Figure],
              candidates: Sequence[Candidate], *, lazy: bool = False,
              context: bool = False, bound: Bound | None = None) -> list[Scored]:
        """Score and order candidates, best match first.

        ``context`` says the candidates' context features were read with the sentences
        around this one: the ranking score then uses ``CONTEXT_RANK_WEIGHTS``.

        With ``lazy``, only the candidates that can match are scored: those sharing too few
        words are left out (their score would be 0), and so are those ``bound`` (given the
        claim, the cheap evidence and whether both sides have figures) says cannot be kept
        whatever their costly features.
        """
        weights = {t: self.weight(t) for t in sentence_terms if not is_number(t)}
        content = frozenset(weights)
        mass = sum(weights.values())
        read = [_Read(f) for f in figures]
        # Counted nouns are judged by the noun feature; topic evidence must come from other
        # words ("sentenced to 42 months" alone is not the Miguel-Mora claim).
        counted = frozenset(r.head for r in read if r.head)
        distinct = [r for r in read if precise(r.figure)]
        amounts = [r for r in read if r.head is None and precise_amount(r.figure)]
        rank_weights = _CONTEXT_RANK_WEIGHTS if context else _RANK_WEIGHTS
        out = []
        top = max((c.words for c in candidates), default=1.0) or 1.0
        weight_of = weights.__getitem__
        for candidate in candidates:
            claim_id = candidate.claim
            claim = self.catalog.claims[claim_id]
            shared = content & self._claim_terms[claim_id]
            # The words of what the sources said open the gate, not those of the curators'
            # descriptions ("Number of people held in jails and prisons..."); a count that
            # repeats a known value with its noun ("57 weapons") stands for one of them.
            said = len((shared & self._said_terms[claim_id]) - counted)
            can_match = said >= MIN_SHARED_TERMS
            curated = self._curated[claim_id]
            counted_curated = bool(read and curated and self._counts_curated(curated, read))
            amount = bool(read and curated and not counted_curated
                          and self._amounts_curated(curated, read, content))
            counted_curated = counted_curated or amount
            if said == MIN_SHARED_TERMS - 1 and read and claim.quantity_ids:
                can_match = (self._repeats_a_count(claim, read)
                             or self._repeats_an_amount(curated, amounts, content))
            if lazy and not can_match and not counted_curated:
                continue
            repeated = bool(claim.quantity_ids and (
                (distinct and self._repeats_a_count(claim, distinct, curated=True))
                or (amounts and self._repeats_an_amount(curated, amounts, content))))
            claim_mass = self._claim_mass[claim_id]
            cover_sentence = sum(map(weight_of, shared)) / mass if mass else 0.0
            cover_claim = min(1.0, sum(map(weight_of, content & self._context[claim_id]))
                              / claim_mass) if claim_mass else 0.0
            if lazy and bound is not None and not (repeated or counted_curated) and not bound(
                    claim_id, cover_sentence, cover_claim, candidate.words / top,
                    candidate.similarity, said, bool(read and claim.quantity_ids)):
                continue
            fuzzy = fuzz.token_set_ratio(sentence, claim.text) / 100.0
            noun = value = agrees = 0.0
            if read and claim.quantity_ids:
                noun, value, agrees = self._figure_features(claim, read)
            match = (cover_sentence, cover_claim, fuzzy, noun, value)
            evidence = min(1.0, max(0.0, sum(map(mul, match, _MATCH_WEIGHTS))))
            values = (*match, candidate.words / top, candidate.similarity,
                      candidate.text_similarity, candidate.title_similarity,
                      *self._priors[claim_id], candidate.context_similarity,
                      candidate.context_words, agrees)
            out.append(Scored(claim_id, evidence if can_match else 0.0,
                              sum(map(mul, values, rank_weights)), values, said, repeated,
                              counted_curated, amount))
        out.sort(key=lambda s: (-s.score, -s.rank))
        return out

    def _repeats_a_count(self, claim: ClaimEntry, figures: Sequence[_Read], *,
                         curated: bool = False) -> bool:
        """Whether a precise count of things (not a duration: "42 months" says little)
        repeats an exact value of the claim's quantities with their noun; with ``curated``,
        of a quantity an editor described."""
        for r in figures:
            if r.head is None or not r.precise or r.figure.unit != "count":
                continue
            for qid in claim.quantity_ids:
                q = self.catalog.quantities[qid]
                if curated and q.derived:
                    continue
                if noun_fit(r.figure, q.heads, q.noun_terms) >= 2.0 and any(
                        k.exact and value_agrees(r.figure, k.value, k.of) for k in q.known):
                    return True
        return False

    @staticmethod
    def _counts_curated(curated: Sequence[Quantity], figures: Sequence[_Read]) -> bool:
        """Whether a count, with its noun, counts what an editor described for one of the
        claim's quantities, whatever its value ("58 homicides" of the released people's
        homicides): worth reading for the words that may say whose it is, as a wrong
        figure (``Scored.counted``)."""
        return any(noun_fit(r.figure, q.heads, q.noun_terms) >= 2.0 for r in figures
                   if r.head is not None and r.figure.unit == "count" for q in curated)

    @staticmethod
    def _amounts_curated(curated: Sequence[Quantity], figures: Sequence[_Read],
                         said: frozenset[str]) -> bool:
        """Whether a sum or share with no noun of its own, or a duration, may be one of
        the claim's curated quantities, whatever its value, in a sentence that says a word
        of what it is beside its unit ("took nearly 47 percent of the vote", "raised
        $974,250", "power was restored after six days"; ``Scored.amount``); or a share
        said as a fraction or a count of a base, of a noun a percentage counts ("almost a
        third of Quarrendale's tap samples", "two in five Tarnwick departures")."""
        return any((q.unit == r.figure.unit and bool(said & (q.heads - UNIT_TERMS)))
                   or (q.unit == "percent" and _fraction(r.figure)
                       and noun_fit(r.figure, q.heads, q.noun_terms) >= 2.0)
                   for r in figures if (r.head is None and r.figure.unit in ("currency",
                                                                             "percent"))
                   or r.figure.unit == "duration" or _fraction(r.figure) for q in curated)

    @staticmethod
    def _repeats_an_amount(curated: Sequence[Quantity], figures: Sequence[_Read],
                           said: frozenset[str]) -> bool:
        """Whether a precise sum or share with no noun of its own (``precise_amount``)
        repeats an exact value an editor gave for one of the claim's quantities, in a
        sentence that says a word of what that quantity is ("Parks and Recreation would
        get $58.1 million"): the sum's noun is said around it, not after it."""
        return any(k.exact and judge(r.figure, k.value, k.of) == "exact"
                   for r in figures for q in curated
                   if q.unit == r.figure.unit and said & q.heads for k in q.known)

    def _figure_features(self, claim: ClaimEntry, figures: Sequence[_Read]
                         ) -> tuple[float, float, float]:
        """``noun``: the sentence counts what the claim counts (by the noun's rarity);
        ``value``: ...and repeats a precise known value exactly; ``agrees``: a figure
        agrees with a known value of what it counts, exactly (1) or as a fair rounding
        (0.5): "$500 billion" for "$500 billion", "nearly 7,000" for 6,947."""
        noun = value = agrees = 0.0
        for r in figures:
            for qid in claim.quantity_ids:
                q = self.catalog.quantities[qid]
                fit = noun_fit(r.figure, q.heads, q.noun_terms)
                if fit >= 2.0:
                    noun = max(noun, r.named)
                if not (fit >= 2.0 or (r.head is None and not q.heads)):
                    continue
                for k in q.known:
                    verdict = judge(r.figure, k.value, k.of)
                    if verdict == "exact":
                        agrees = 1.0
                        if r.precise and k.exact:
                            value = 1.0
                    elif verdict == "rounded":
                        agrees = max(agrees, 0.5)
        return noun, value, agrees


def _fraction(fig: Figure) -> bool:
    """Whether a figure is a share said as a fraction ("a third") or as a count of a base
    ("two in five")."""
    return fig.unit == "fraction" or (fig.unit == "count" and fig.of is not None)


class _Read:
    """What the ranker needs of one figure, worked out once per sentence."""

    __slots__ = ("figure", "head", "named", "precise")

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.head = figure_stems(figure)[0]
        # "148 homicides" says more than "7,000 people": weigh the noun by its rarity.
        self.named = min(1.0, salience(self.head) / MAX_SALIENCE) if self.head else 0.0
        # A precise figure repeated is evidence; a round one ("7,000") is common.
        self.precise = getattr(figure, "granularity", 1.0) <= 10
