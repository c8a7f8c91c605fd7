"""The figure engine's entry point: sentences in, matches with figure verdicts out.

Follow one sentence through the folders: ``text/`` (sentences, figures) -> ``index/``
(candidate claims: word index, then sentence vectors) -> ``rank/`` (scores, threshold) ->
``verdict/`` (figure comparison).
``Matcher`` ties them together over a snapshot of the store; ``serving.MatcherCache`` rebuilds
that snapshot when the store's data changes. Nothing here imports Flask.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

import numpy as np

from .index.bm25 import Bm25Index
from .index.catalog import Catalog
from .index.terms import terms
from .index.vectors import SentenceVectors, sentence_vectors
from .rank.rank import Candidate, Ranker, Scored
from .store import Corpus
from .text.figures import extract_figures
from .verdict.verdict import Judge

#: Claims the word index proposes per sentence...
POOL = 50
#: ...of which this many, by word score plus vector similarity, are rescored by the ranker
#: when ranking (the ranking model orders them; a retrieval list shows the first ten)...
CANDIDATES = 60
#: ...and this many when matching a page, which reports the best few.
MATCH_CANDIDATES = 5
#: Weight of the vector cosine against the word score (relative to the pool's best).
POOL_SIMILARITY = 1.0
#: When ranking, the claims nearest by vector join the pool, words shared or not. Matching
#: a page skips them: a claim sharing too few words with a sentence cannot match it.
NEAREST = 20
#: When ranking with context (the sentences around each one, in its text: "And now it's
#: going up very substantially" is about what was said before), the claims the word index
#: finds for the sentence and its context join the pool...
CONTEXT_POOL = 50
#: ...and the sentence's vector moves this far towards its context's when the pool is cut.
CONTEXT_BLEND = 0.5
#: A sentence's context: this many sentences before it and after it.
CONTEXT_BEFORE, CONTEXT_AFTER = 5, 2
#: Claims listed per sentence by ``Matcher.related`` unless asked for another number, and
#: the most the API lists (of the ``CANDIDATES`` ranked)...
RELATED, MAX_RELATED = 5, 20
#: ...for at most this many sentences a request (ranking costs a few ms a sentence).
MAX_RELATED_SENTENCES = 100
#: At most this many claims are reported for one sentence...
MAX_MATCHES = 3
#: ...and only those scoring within this distance of the best one.
MATCH_MARGIN = 0.15

ClaimUrl = Callable[[str], str]


def _default_url(claim_id: str) -> str:
    return f"/claims/{claim_id}"


class Matcher:
    """Matches sentences against one snapshot of the claim store."""

    def __init__(self, corpus: Corpus, *, threshold: float = 0.5,
                 vectors: SentenceVectors | None = None) -> None:
        self.version = corpus.version
        self.threshold = threshold
        self.catalog = Catalog(corpus)
        self.index = Bm25Index([c.doc_terms for c in self.catalog.claims])
        self.vectors = vectors or sentence_vectors()
        self.text_vectors = self.vectors.encode([c.text for c in self.catalog.claims])
        # A claim's vector is the normalised sum of its text's and its title's; a sentence's
        # cosine with the title follows from that with the claim and with the text.
        total = self.text_vectors + self.vectors.encode(
            [c.record.get("title") or "" for c in self.catalog.claims])
        self._claim_norm = np.linalg.norm(total, axis=1)
        self._claim_norm[self._claim_norm == 0] = 1.0
        self.claim_vectors = total / self._claim_norm[:, None]
        self.ranker = Ranker(self.catalog, self.index.term_idf)
        self.judge = Judge(self.catalog, self.index.term_idf)

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
        """The ``k`` best of each sentence's pool, with their word score and cosines.

        The word index proposes ``POOL`` claims (plus the ``nearest`` claims by vector);
        their word score relative to the best one plus the cosine of sentence and claim
        vectors picks the ``k`` the ranker rescores, so a paraphrase the words rank 30th
        still gets judged. With ``context`` (per sentence, the sentences around it), the
        claims the word index finds for sentence and context together join the pool, the
        vector used to pick moves towards the context's, and each candidate gets its
        context features (see ``Candidate``).
        """
        if not self.catalog.claims:
            return [[] for _ in sentences]
        # Word-piece tokenising releases the GIL: it runs while the word index is searched.
        encoding = _background().submit(self.vectors.encode, sentences)
        around = (_background().submit(self._context_vectors, context)
                  if context is not None else None)
        ids, words = self.index.search(sentence_terms, max(POOL, k))
        context_terms: list[list[str]] | None = None
        if context is not None:
            context_terms = [[*own, *(t for text in near for t in terms(text))]
                             for own, near in zip(sentence_terms, context, strict=True)]
            extra, _ = self.index.search(context_terms, CONTEXT_POOL)
            ids, words = self._add(sentence_terms, ids, words, extra)
        vectors = encoding.result()
        towards = (vectors if around is None
                   else _normalised(vectors + CONTEXT_BLEND * around.result()))
        if nearest:
            ids, words = self._add(sentence_terms, ids, words,
                                   self._nearest(towards, nearest))
        pick = np.einsum("npd,nd->np", self.claim_vectors[np.where(ids >= 0, ids, 0)],
                         towards)
        best = np.maximum(words[:, :1], 1e-9)
        order = np.argsort(-(words / best + POOL_SIMILARITY * pick), axis=1,
                           kind="stable")[:, :k]
        picked = np.take_along_axis(ids, order, axis=1)
        rows = np.where(picked >= 0, picked, 0)
        words, pick = (np.take_along_axis(a, order, axis=1) for a in (words, pick))
        if context_terms is None:
            cosine = pick
            in_context = context_words = np.zeros_like(pick)
        else:
            # The sentence read alone, and in its context.
            cosine, in_context = np.einsum("npd,nd->np", self.claim_vectors[rows], vectors), pick
            context_words = np.stack([self.index.score(t, row)
                                      for t, row in zip(context_terms, rows, strict=True)])
            context_words = np.where(picked >= 0, context_words, 0.0)
            context_words /= np.maximum(context_words.max(axis=1, keepdims=True), 1e-9)
        text = np.einsum("npd,nd->np", self.text_vectors[rows], vectors)
        title = cosine * self._claim_norm[rows] - text
        return [[Candidate(int(c), float(w), float(s), float(t), float(h), float(x), float(y))
                 for c, w, s, t, h, x, y in zip(*r, strict=True) if c >= 0]
                for r in zip(picked, words, cosine, text, title, in_context, context_words,
                             strict=True)]

    def _context_vectors(self, context: Sequence[Sequence[str]]) -> np.ndarray:
        """Per sentence, the normalised sum of its context sentences' vectors (or zeros)."""
        texts = sorted({t for around in context for t in around})
        row = {t: i for i, t in enumerate(texts)}
        encoded = _normalised(self.vectors.encode(texts)) if texts else None
        out = np.zeros((len(context), self.claim_vectors.shape[1]), dtype=np.float32)
        for i, around in enumerate(context):
            if around and encoded is not None:
                out[i] = encoded[[row[t] for t in around]].sum(axis=0)
        return _normalised(out)

    def _nearest(self, vectors: np.ndarray, nearest: int) -> np.ndarray:
        """The ``nearest`` claims by cosine per vector (-1 where the cosine is not positive;
        a sentence without word pieces has a zero vector: nothing is near it)."""
        nearest = min(nearest, len(self.catalog.claims))
        similarity = vectors @ self.claim_vectors.T
        near = np.argpartition(-similarity, nearest - 1, axis=1)[:, :nearest]
        return np.where(np.take_along_axis(similarity, near, axis=1) > 0, near, -1)

    def _add(self, sentence_terms: Sequence[Sequence[str]], ids: np.ndarray,
             words: np.ndarray, extra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The pool ``ids`` joined by the claims of ``extra`` not in it yet, with their word
        scores."""
        extra_ids = np.full(extra.shape, -1, dtype=np.int64)
        extra_words = np.full(extra.shape, -np.inf, dtype=np.float32)
        for i, row in enumerate(extra):
            new = np.setdiff1d(row[row >= 0], ids[i])
            extra_ids[i, :len(new)] = new
            extra_words[i, :len(new)] = self.index.score(sentence_terms[i], new)
        # The best word score stays first: it is what the others are measured against.
        return np.hstack([ids, extra_ids]), np.hstack([words, extra_words])

    def match(self, sentences: Sequence[str], claim_url: ClaimUrl = _default_url
              ) -> list[dict[str, Any]]:
        """One result per sentence, in order: ``{"index", "text", "matches"}``."""
        sentence_terms = [terms(s) for s in sentences]
        candidates = self.candidates(sentences, sentence_terms, MATCH_CANDIDATES)
        results = []
        for i, (sentence, words, found) in enumerate(
                zip(sentences, sentence_terms, candidates, strict=True)):
            matches: list[dict[str, Any]] = []
            if found:
                figures = extract_figures(sentence)
                scored = self.ranker.score(sentence, words, figures, found, lazy=True)
                matches = self._matches(sentence, words, figures, scored, claim_url)
            results.append({"index": i, "text": sentence, "matches": matches})
        return results

    def _matches(self, sentence: str, words: list[str], figures: list[Any],
                 scored: list[Scored], claim_url: ClaimUrl) -> list[dict[str, Any]]:
        if not scored or scored[0].score < self.threshold:
            return []
        best = scored[0].score
        chosen = [s for s in scored
                  if s.score >= self.threshold and s.score >= best - MATCH_MARGIN][:MAX_MATCHES]
        score_of = {s.claim: s.score for s in chosen}
        verdicts = self.judge.figures(sentence, words, figures, [s.claim for s in chosen],
                                      [s.claim for s in scored])
        by_claim: dict[int, list[dict[str, Any]]] = {s.claim: [] for s in chosen}
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
            # speak of (the other population's breakdown, say) is not what it repeats.
            by_claim = {c: figs for c, figs in by_claim.items()
                        if figs or not self.catalog.claims[c].quantity_ids}
        ordered = sorted(by_claim, key=lambda c: -score_of[c])
        return [self._match(c, score_of[c], by_claim[c], claim_url) for c in ordered]

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
                "rating": record.get("rating"), "original_url": record.get("url")}

    def related(self, sentences: Sequence[str], *, limit: int = RELATED,
                consecutive: bool = False, claim_url: ClaimUrl = _default_url
                ) -> list[dict[str, Any]]:
        """Per sentence, in order, the ``limit`` claims nearest to it, matched or not:
        ``{"index", "text", "claims": [{"claim", "score", "matched", "sources"}]}``. The
        claims that reach the match threshold come first, best score first; the others follow
        in the order of the retrieval ranking. With ``consecutive``, the sentences are one
        text in order and each is read with the ones around it."""
        ranked = self.rank(sentences, context=neighbours(sentences) if consecutive else None)
        out = []
        for i, (sentence, found) in enumerate(zip(sentences, ranked, strict=True)):
            matched = sorted((s for s in found if s.score >= self.threshold),
                             key=lambda s: -s.score)
            nearest = [*matched, *(s for s in found if s.score < self.threshold)][:limit]
            out.append({"index": i, "text": sentence, "claims": [
                {"claim": self._claim(s.claim, claim_url), "score": round(s.score, 4),
                 "matched": s.score >= self.threshold,
                 "sources": self.catalog.claims[s.claim].sources} for s in nearest]})
        return out


def neighbours(sentences: Sequence[str], before: int = CONTEXT_BEFORE,
               after: int = CONTEXT_AFTER) -> list[list[str]]:
    """Each sentence's context in a text given as consecutive sentences: the ``before``
    sentences ahead of it and the ``after`` ones behind it."""
    return [[*sentences[max(0, i - before):i], *sentences[i + 1:i + 1 + after]]
            for i in range(len(sentences))]


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


@cache
def _background() -> ThreadPoolExecutor:
    """Threads for work that overlaps the caller's, shared by every matcher of the process."""
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 2,
                              thread_name_prefix="recount-vectors")
