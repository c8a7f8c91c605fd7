"""The figure engine's entry point: sentences in, matches with figure verdicts out.

Follow one sentence through the folders: ``text/`` (sentences, figures) -> ``index/``
(candidate claims: word index, then sentence vectors) -> ``rank/`` (scores, the match
decision) -> ``verdict/`` (figure comparison).
``Matcher`` ties them together over a snapshot of the store; ``serving.MatcherCache`` rebuilds
that snapshot when the store's data changes. Nothing here imports Flask.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .index.bm25 import Bm25Index
from .index.catalog import Catalog, baselines, figure_years, years_named
from .index.encoder import Encoder, claim_meaning, encoder
from .index.pool import Candidate, CandidatePool
from .index.terms import terms
from .index.vectors import SentenceVectors, sentence_vectors
from .rank.decision import (
    DECISION,
    HIGHLIGHT,
    SCREEN,
    SCREEN_KEEP,
    SUGGEST,
    CheckWorthiness,
    Decided,
    Pair,
    ScreenBound,
    collection_prior,
    screen_features,
    sentence_features,
    short,
    untitled,
    without_figures,
)
from .rank.rank import MIN_SHARED_TERMS, Ranker, Scored
from .rank.weights import UNTITLED_MEANING
from .store import Corpus
from .text.bodies import another_body, another_owner, named_words
from .text.figures import Figure, extract_figures
from .text.noise import without_noise
from .text.places import elsewhere, national, places
from .text.superlatives import hedged_apart
from .verdict.compare import agreement
from .verdict.verdict import TOPIC_SALIENCE, Judge, page_names

#: Of the claims the word index proposes per sentence (``index.pool``), this many, by word
#: score plus vector similarity, are rescored by the ranker
#: when ranking (the ranking model orders them; a retrieval list shows the first ten)...
CANDIDATES = 60
#: ...and this many when matching a page, which reports the best few (on the CLEF 2021
#: train and dev transcripts, 4 and 5 give the same highlights and matches; 3 does not).
MATCH_CANDIDATES = 4
#: When ranking, the claims nearest by vector join the pool, words shared or not. Matching
#: a page skips them: a claim sharing too few words with a sentence cannot match it.
NEAREST = 20
#: A sentence's context: this many sentences before it and after it.
CONTEXT_BEFORE, CONTEXT_AFTER = 5, 2
#: Claims listed per sentence by ``Matcher.related`` unless asked for another number, and
#: the most the API lists (of the ``CANDIDATES`` ranked)...
RELATED, MAX_RELATED = 5, 20
#: ...for at most this many sentences a request (ranking costs a few ms a sentence).
MAX_RELATED_SENTENCES = 100
#: At most this many claims are reported for one sentence (highlighted or possibly related).
MAX_MATCHES = 3

#: A sum or share that may be what an editor described, whatever its value
#: (``Scored.amount``), is a match when a word this rare says it is of the story (or a
#: group's name does: ``Judge.tells_whose``), rarer than for a figure that repeats a value
#: or a count with its noun (``TOPIC_SALIENCE``): "fiscal" (2.7) or "voters" (2.5) is said
#: of many stories, "detainers" (3.2) or "DHS" (3.7) of fewer.
STORY_SALIENCE = 3.0
#: A year things are compared since ("the worst since 1964"), which is not when they were.
_SINCE_YEAR = re.compile(r"\bsince\s+(?:at\s+least\s+|the\s+)?(?:1[89]|20)\d\d\b",
                         re.IGNORECASE)
#: A sentence this many sentences or fewer after a match may be a match of the same claim
#: by its figures alone (``Matcher._tiered``).
FOLLOWS = 2

ClaimUrl = Callable[[str], str]


def _default_url(claim_id: str) -> str:
    return f"/claims/{claim_id}"


class Matcher:
    """Matches sentences against one snapshot of the claim store."""

    def __init__(self, corpus: Corpus, *, threshold: float = HIGHLIGHT,
                 vectors: SentenceVectors | None = None,
                 meaning: tuple[np.ndarray, np.ndarray] | None = None,
                 encode: Encoder | None = None) -> None:
        self.version = corpus.version
        self.threshold = threshold
        self.catalog = Catalog(corpus)
        self.index = Bm25Index([c.doc_terms for c in self.catalog.claims])
        self.pool = CandidatePool(self.index, vectors or sentence_vectors(),
                                  [c.text for c in self.catalog.claims],
                                  [c.record.get("title") or "" for c in self.catalog.claims])
        self.ranker = Ranker(self.catalog, self.index.term_idf)
        self.judge = Judge(self.catalog, self.index.term_idf)
        # The transformer's vectors of each claim's text and title (see ``claim_meaning``),
        # computed when first needed unless given: ranking alone never needs them.
        self.encoder = encode or encoder()
        self._meaning = meaning
        self._claims = corpus.claims
        self.checkworthiness = CheckWorthiness()
        # An untitled claim weighed as a titled one would be (``decision.untitled``).
        self._cover, self._titled = untitled(self.catalog)
        self.prior = collection_prior(self.catalog)
        self.prior_without_figures = without_figures(self.catalog, self.prior)
        # The places each claim with curated figures names in its text and quotes, and
        # the words it, its quantities and its sources name bodies by.
        curated = [i for i, claim in enumerate(self.catalog.claims)
                   if any(not self.catalog.quantities[q].derived for q in claim.quantity_ids)]
        self._claim_places = {i: places(" ".join(self._said(i))) for i in curated}
        self._claim_national = {i for i in curated if national(" ".join(self._named(i)))}
        self._claim_names = {i: named_words(self._named(i)) for i in curated}
        # ...and the years its texts, sources and dates name.
        self._claim_years = {i: years_named(" ".join([*self._named(i), *self._dates(i)]))
                             for i in curated}
        # ...and the words of its story: of every claim with curated figures that shares
        # a source with it (one release's claims about the released and the held).
        by_source: dict[str, set[int]] = {}
        for i in curated:
            for source in self._sources(i):
                by_source.setdefault(source, set()).add(i)
        self._story_names = {
            i: frozenset().union(*(self._claim_names[j] for s in self._sources(i)
                                   for j in by_source[s])) for i in curated}

    def _sources(self, claim: int) -> frozenset[str]:
        """The ids of the sources of a claim's quotes and of its quantities' values."""
        entry = self.catalog.claims[claim]
        return frozenset({q["source"] for q in entry.record["quotes"]}
                         | {k.source["id"] for q in entry.quantity_ids
                            for k in self.catalog.quantities[q].known if k.source.get("id")})

    def _dates(self, claim: int) -> list[str]:
        """The dates of a claim and of the sources of its quantities' values."""
        entry = self.catalog.claims[claim]
        return [str(entry.record.get("as_of") or ""),
                *(str(k.source.get("published") or "") for q in entry.quantity_ids
                  for k in self.catalog.quantities[q].known)]

    def _said(self, claim: int) -> list[str]:
        """A claim's text and its quotes."""
        record = self.catalog.claims[claim].record
        return [record["text"], *(q["text"] for q in record["quotes"])]

    def _named(self, claim: int) -> list[str]:
        """A claim's texts, its quantities' descriptions, their groups' cues (which an editor
        gives one quantity of a group), and the names and titles of the sources giving their
        values: whatever may name the body its figures are of."""
        quantities = [self.catalog.quantities[q] for q in self.catalog.claims[claim].quantity_ids]
        sources = [*(self.catalog.sources.get(q["source"]) or {}
                     for q in self.catalog.claims[claim].record["quotes"]),
                   *(k.source for q in quantities for k in q.known)]
        return [*self._said(claim), *(q.description for q in quantities),
                *(c for q in quantities for o in self.catalog.groups.get(q.group, [q])
                  for c in o.cues),
                *(s.get(k) or "" for s in sources for k in ("publisher", "title"))]

    @property
    def meaning(self) -> tuple[np.ndarray, np.ndarray]:
        """The transformer's vectors of the claims' texts and of their titles."""
        if self._meaning is None:
            self._meaning = claim_meaning(self._claims, self.encoder)
        return self._meaning

    def rank(self, sentences: Sequence[str], k: int = CANDIDATES, *,
             context: Sequence[Sequence[str]] | None = None) -> list[list[Scored]]:
        """Rescored candidates per sentence, best ranking score first, matched or not.

        ``context``, when given, holds for each sentence the sentences around it in its text
        (``CONTEXT_BEFORE`` before it, ``CONTEXT_AFTER`` after): they help pick and order
        the claims it is about. A sentence
        with none around it is ranked as if alone.
        """
        sentence_terms = [terms(s) for s in sentences]
        candidates = self.candidates(sentences, sentence_terms, k, nearest=NEAREST,
                                     context=context)
        placed = [bool(c) for c in context] if context is not None else [False] * len(sentences)
        out: list[list[Scored]] = []
        for sentence, words, found, in_context in zip(sentences, sentence_terms, candidates,
                                                      placed, strict=True):
            if not found:
                out.append([])
                continue
            scored = self.ranker.score(sentence, words, extract_figures(sentence), found,
                                       context=in_context)
            out.append(sorted(scored, key=lambda s: -s.rank))
        return out

    def candidates(self, sentences: Sequence[str], sentence_terms: Sequence[Sequence[str]],
                   k: int = CANDIDATES, *, nearest: int = 0,
                   context: Sequence[Sequence[str]] | None = None) -> list[list[Candidate]]:
        """The ``k`` best claims of each sentence's pool (``CandidatePool.candidates``)."""
        return self.pool.candidates(sentences, sentence_terms, k, nearest=nearest,
                                    context=context)

    def decide(self, sentences: Sequence[str], *, keep: float = SCREEN_KEEP
               ) -> list[Decided]:
        """Per sentence, its figures, its terms and the candidate claims that pass the screen
        (``keep``), each with the probability that the sentence restates it, best first.

        Only the sentences with a candidate left after the screen are read by the
        transformer (``rank.decision`` explains the two stages)."""
        # What the sentences say, without links, handles and signatures (``text.noise``);
        # figures are read in the sentences as sent, so their spans stay true.
        read = [without_noise(s) for s in sentences]
        sentence_terms = [terms(s) for s in read]
        candidates = self.candidates(read, sentence_terms, MATCH_CANDIDATES)
        meaning, title_meaning = self.meaning
        out: list[Decided] = []
        for sentence, text, words, found in zip(sentences, read, sentence_terms, candidates,
                                                strict=True):
            figures = extract_figures(sentence) if found else []
            prior = self._prior(figures)
            what = sentence_features(text, words)
            scored = (self.ranker.score(text, words, figures, found, lazy=True,
                                        bound=ScreenBound(what, prior, keep, self._cover))
                      if found else [])
            pairs = []
            for s in scored:
                if s.said < MIN_SHARED_TERMS - 1 or (s.score <= 0 and not s.counted):
                    continue  # too few words in common: never a match
                values = screen_features(s, what, self._cover[s.claim])
                screen = SCREEN.probability(values, prior[s.claim])
                if screen >= keep or s.repeated or s.counted:
                    pairs.append(Pair(s, values, screen))
            out.append(Decided(sentence, words, figures, pairs, text))
        # The transformer reads the kept sentences once the screen is done. (Reading them on
        # a second thread while it goes on gained nothing measurable on two cores: that
        # thread must take the GIL back after each sentence, and waits for the screen's
        # Python to let go of it; benchmarks/README.md, "Speed".)
        kept = [d for d in out if d.pairs]
        vectors = self.encoder.encode([d.read for d in kept])
        worthy = self.checkworthiness.log_odds(vectors)
        for d, vector, odds in zip(kept, vectors, worthy, strict=True):
            for pair in d.pairs:
                claim = pair.scored.claim
                said = float(meaning[claim] @ vector)
                titled = (float(title_meaning[claim] @ vector) if self._titled[claim]
                          else UNTITLED_MEANING[0] + UNTITLED_MEANING[1] * said)
                pair.values = (*pair.values, said, titled, float(odds))
                pair.probability = DECISION.probability(pair.values,
                                                        self._prior(d.figures)[claim])
            d.pairs.sort(key=lambda p: -p.probability)
        return out

    def _prior(self, figures: Sequence[Figure]) -> list[float]:
        """Each claim's collection prior for a sentence with these figures
        (``decision.without_figures``)."""
        return self.prior if figures else self.prior_without_figures

    def match(self, sentences: Sequence[str], claim_url: ClaimUrl = _default_url
              ) -> list[dict[str, Any]]:
        """One result per sentence, in order: ``{"index", "text", "matches", "related"}``:
        the claims it restates (to highlight, with figure verdicts) and those it may be
        related to (never highlighted)."""
        results = []
        decided = self.decide(sentences)
        for i, (d, (matches, related)) in enumerate(zip(decided, self._tiered(decided, claim_url),
                                                        strict=True)):
            results.append({"index": i, "text": d.sentence, "matches": matches,
                            "related": [{"claim": self._claim(p.scored.claim, claim_url),
                                         "score": round(p.probability, 4)} for p in related]})
        return results

    def _tiered(self, decided: list[Decided], claim_url: ClaimUrl = _default_url
                ) -> list[tuple[list[dict[str, Any]], list[Pair]]]:
        """Each sentence's tiers (``_tiers``), in a text of consecutive sentences. A
        sentence that follows a match (``FOLLOWS`` sentences or fewer after it), and whose
        figures give exactly a value of a claim of the same figures (the same group of
        quantities: a headcount and its breakdown), is a match of that claim too, whatever
        its own score, marked with the index of the sentence it follows, and so are the
        claims its other figures get verdicts against: "Those released include 29 charged
        with homicide and 2,509 with assault." after "New York released 6,947 ..." says
        more of what that sentence said, in figures only the sources gave. A sentence that
        is neither may still be a match for the counts it repeats (``_repeated``)."""
        out: list[tuple[list[dict[str, Any]], list[Pair]]] = []
        last: dict[str, int] = {}  # group -> the last sentence with a match of it
        # The names the page writes, which may name a story a sentence does not: read
        # once, when first needed.
        read: list[frozenset[str]] = []

        def page() -> frozenset[str]:
            if not read:
                read.append(page_names(d.sentence for d in decided))
            return read[0]

        for i, d in enumerate(decided):
            matches, related = self._tiers(d, claim_url)
            recent = {g for g, at in last.items() if i - at <= FOLLOWS}
            best = (self._same_place(d, [p for p in d.pairs if p.scored.score > 0][:1])
                    if not matches and recent else [])
            if best and d.figures:
                found = self._matches(d, best, claim_url)
                goes_on = [last[g] for m in found if any(f["reason"] == "exact"
                                                         for f in m["figures"])
                           for g in self._groups(m) & recent]
                if goes_on:
                    # With the claims its other figures speak of ("another 7,113 remain
                    # in custody" after the released people's headcount).
                    matches = [{**m, "follows": max(goes_on)} for m in found if m["figures"]]
            if not matches and d.figures:
                matches = self._repeated(d, claim_url, page)
            if matches:
                shown = {m["claim"]["id"] for m in matches}
                related = [p for p in related
                           if self.catalog.claims[p.scored.claim].id not in shown]
            for m in matches:
                last.update(dict.fromkeys(self._groups(m), i))
            out.append((matches, related))
        return out

    def _repeated(self, d: Decided, claim_url: ClaimUrl,
                  page: Callable[[], frozenset[str]] = frozenset) -> list[dict[str, Any]]:
        """The matches of a sentence under the threshold whose figures repeat what an editor
        gave for its candidates: a count precise to three digits or more, with its noun,
        or a sum or share to three digits with a word of what it is for
        (``Scored.repeated``), or that count with their nouns what an editor described,
        or are a sum or share of it said with a word of what it is, whatever the value
        (``Scored.counted``), in words that name one of the groups those figures may be
        told apart by and the story (a sum's or share's in a rarer word:
        ``STORY_SALIENCE``), over no other period (``Judge.tells_whose``). "The aliens
        in custody were charged with 2,509 assaults." (the released people's figure, said
        of the held): so exact a figure is seldom a coincidence, though the words around
        it are few or another's; "DHS counted 58 homicides among those released." (29):
        the group and the story named, the count is theirs and wrong. The story may be
        named elsewhere on the page (``page``: the names it writes), the group only in the
        sentence. Only the matches whose figures get verdicts, each marked ``repeats``."""

        chosen = self._same_place(d, [
            p for p in d.pairs
            if (p.scored.repeated or p.scored.counted) and self.judge.tells_whose(
                d.sentence, d.figures, p.scored.claim,
                rare=STORY_SALIENCE if p.scored.amount and not p.scored.repeated
                else TOPIC_SALIENCE, page=page)])[:MAX_MATCHES]
        return [{**m, "repeats": True} for m in self._matches(d, chosen, claim_url)
                if m["figures"]] if chosen else []

    def _groups(self, match: dict[str, Any]) -> frozenset[str]:
        """The groups of the quantities a match's claim gives figures of: claims of one
        group speak of one population (a headcount and its breakdown)."""
        claim = self.catalog.claims[self.catalog.by_id[match["claim"]["id"]]]
        return frozenset(self.catalog.quantities[q].group for q in claim.quantity_ids)

    def _same_place(self, d: Decided, pairs: list[Pair]) -> list[Pair]:
        """The pairs but those of a claim with curated figures whose texts name only other
        places than the sentence does ("California released 3,000 ..." repeats no claim
        about New York), or whose texts and dates name none of the years the sentence
        names for its figures ("The great flood of 1964 damaged 1,146 homes";
        ``_years_said``),
        or never name a body the sentence names ("Corriston Regional
        Transit buses ..." repeats no count of Calder Regional Transit's; ``bodies``), or
        give what its story speaks of to an owner the story never names ("Kessler Valley's
        streetcar line ..."), or speak of the whole nation where the claim's texts never
        do ("Nationally, 84.6 percent of wildfires ..."). A fact check's places and bodies
        are left to the score: a post names places around the claim it repeats ("her
        father arrived from Jamaica")."""
        here = places(d.sentence) if pairs and self._claim_places else frozenset()
        whole = bool(pairs and self._claim_places) and national(d.sentence)
        years = _years_said(d.sentence, d.figures) if pairs and self._claim_places else frozenset()
        return [p for p in pairs
                if not elsewhere(here, self._claim_places.get(p.scored.claim, ()))
                and not (years and self._claim_years.get(p.scored.claim)
                         and not years & self._claim_years[p.scored.claim])
                and not (whole and p.scored.claim in self._claim_places
                         and p.scored.claim not in self._claim_national)
                and not (p.scored.claim in self._claim_names
                         and (another_body(d.sentence, self._claim_names[p.scored.claim])
                              or another_owner(d.sentence,
                                               self._story_names[p.scored.claim],
                                               self._claim_places.get(p.scored.claim, ()))))]

    def _tiers(self, d: Decided, claim_url: ClaimUrl = _default_url
               ) -> tuple[list[dict[str, Any]], list[Pair]]:
        """What to highlight (the matches, with their figure verdicts) and what to offer as
        possibly related. A match is past the threshold; a short sentence's also needs a
        figure with a verdict (``decision.SHORT_SENTENCE``), else it is only related; so
        is a claim that says outright a superlative the sentence says only as one of
        several, or the other way round (``superlatives.hedged_apart``: "one of the
        highest tax rates" against "the highest tax rate")."""
        # A pair sharing too few words is never a match by its score (it is kept only
        # for the words that may say whose its counts are: ``_repeated``).
        over = self._same_place(d, [
            p for p in d.pairs if p.probability >= self.threshold and p.scored.score > 0
            and not hedged_apart(d.sentence, self.catalog.claims[p.scored.claim].text)
        ])[:MAX_MATCHES]
        matches = self._matches(d, over, claim_url) if over else []
        if matches and short(d.read):
            matches = [m for m in matches if m["figures"]]
        shown = {m["claim"]["id"] for m in matches}
        related = [p for p in d.pairs if p.probability >= SUGGEST and p.scored.score > 0
                   and self.catalog.claims[p.scored.claim].id not in shown][:MAX_MATCHES]
        return matches, related

    def _matches(self, d: Decided, chosen: list[Pair], claim_url: ClaimUrl
                 ) -> list[dict[str, Any]]:
        score_of = {p.scored.claim: p.probability for p in chosen}
        verdicts = self.judge.figures(d.sentence, d.terms, d.figures, list(score_of),
                                      [p.scored.claim for p in d.pairs])
        by_claim: dict[int, list[dict[str, Any]]] = {c: [] for c in score_of}
        for _fig, quantity, verdict in verdicts:
            home = self._home(quantity.id, by_claim)
            if home not in score_of:
                # The figure speaks of a sibling claim (the released people's homicides
                # when the sentence matched their headcount): report that claim too.
                score_of[home] = min(score_of.values())
                by_claim[home] = []
            by_claim[home].append(verdict)
        if any(by_claim.values()):
            # When the sentence's figures speak of some claims, a figure claim they do not
            # speak of (the other population's breakdown, say) is not what it repeats;
            # unless its own figure, read from its text, agrees with one of them: fact
            # checks of one statement all stay, the figure judged against the best-scoring.
            by_claim = {c: figs for c, figs in by_claim.items()
                        if figs or not self.catalog.claims[c].quantity_ids
                        or self._says_too(c, d.figures)}
        # A claim of an editor's figures none of which the sentence's figures are, each
        # said to be something else, is not what it repeats ("$64.8 million in profit").
        by_claim = {c: figs for c, figs in by_claim.items()
                    if figs or not self.judge.of_other_things(d.sentence, d.figures, c)}
        ordered = sorted(by_claim, key=lambda c: -score_of[c])
        return [self._match(c, score_of[c], by_claim[c], claim_url) for c in ordered]

    def _says_too(self, claim_index: int, figures: Sequence[Figure]) -> bool:
        """Whether one of the figures agrees with a value the claim's own text gives (no
        curator said what it counts): the claim states what the sentence does."""
        quantities = [self.catalog.quantities[q]
                      for q in self.catalog.claims[claim_index].quantity_ids]
        return any(q.derived and agreement(f, q) for q in quantities for f in figures)

    def _home(self, quantity_id: str, by_claim: dict[int, Any]) -> int:
        for claim in by_claim:
            if quantity_id in self.catalog.claims[claim].quantity_ids:
                return claim
        known = self.catalog.quantities[quantity_id].known
        primary = [k for k in known if k.source.get("kind") == "primary"] or known
        return self.catalog.by_id[primary[0].claim_id]

    def _match(self, claim_index: int, score: float, figures: list[dict[str, Any]],
               claim_url: ClaimUrl) -> dict[str, Any]:
        figures.sort(key=lambda f: f["span"][0])
        return {
            "claim": self._claim(claim_index, claim_url),
            "score": round(score, 4),
            "sources": self.catalog.claims[claim_index].sources,
            "figures": figures,
        }

    def _claim(self, claim_index: int, claim_url: ClaimUrl) -> dict[str, Any]:
        claim = self.catalog.claims[claim_index]
        record = claim.record
        return {"id": claim.id, "text": claim.text, "url": claim_url(claim.id),
                "claimant": record.get("claimant"), "as_of": record.get("as_of"),
                "rating": record.get("rating"), "original_url": record.get("url"),
                "language": record.get("language")}

    def related(self, sentences: Sequence[str], *, limit: int = RELATED,
                consecutive: bool = False, claim_url: ClaimUrl = _default_url
                ) -> list[dict[str, Any]]:
        """Per sentence, in order, the ``limit`` claims nearest to it, matched or not:
        ``{"index", "text", "claims": [{"claim", "score", "matched", "sources"}]}``. The
        claims ``match`` would highlight come first, best score first; the others follow in
        the order of the retrieval ranking. With ``consecutive``, the sentences are one text
        in order and each is read with the ones around it."""
        ranked = self.rank(sentences, context=neighbours(sentences) if consecutive else None)
        decided = self.decide(sentences)
        out = []
        for i, (sentence, found, d, (matches, _related)) in enumerate(
                zip(sentences, ranked, decided, self._tiered(decided), strict=True)):
            # (A pair kept only for whose its counts are is no chance of a match: 0.)
            chance = {p.scored.claim: p.probability for p in d.pairs if p.scored.score > 0}
            # (A match may be a claim the sentence's figure speaks of, with the score of the
            # claim that brought it.)
            scored = {self.catalog.by_id[m["claim"]["id"]]: m["score"]
                      for m in matches}
            chance.update(scored)
            matched = list(scored)
            nearest = [*matched, *(s.claim for s in found if s.claim not in matched)][:limit]
            out.append({"index": i, "text": sentence, "claims": [
                {"claim": self._claim(c, claim_url), "score": round(chance.get(c, 0.0), 4),
                 "matched": c in matched, "sources": self.catalog.claims[c].sources}
                for c in nearest]})
        return out


def neighbours(sentences: Sequence[str], before: int = CONTEXT_BEFORE,
               after: int = CONTEXT_AFTER) -> list[list[str]]:
    """Each sentence's context in a text given as consecutive sentences: the ``before``
    sentences ahead of it and the ``after`` ones behind it."""
    return [[*sentences[max(0, i - before):i], *sentences[i + 1:i + 1 + after]]
            for i in range(len(sentences))]


def _years_said(sentence: str, figures: Sequence[Figure]) -> frozenset[str]:
    """The years a sentence names for its figures, or for itself if it has none; not those
    of a comparison's baseline ("81.7 percent, up from 77.2 percent in 2024") nor a year
    things are compared since ("the worst since 1964")."""
    text = _SINCE_YEAR.sub(lambda m: " " * len(m.group()), sentence)
    if not figures:
        return years_named(text)
    return frozenset().union(*(years for years, baseline in zip(
        figure_years(text, figures), baselines(text, figures), strict=True) if not baseline))
