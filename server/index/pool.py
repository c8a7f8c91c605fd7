"""The claims proposed per sentence: the word index's pool, cut by vector similarity.

The word index (``bm25``) proposes the claims sharing a sentence's rarest words; the cheap
word-piece vectors (``vectors``) reorder that pool, so a paraphrase the words rank 30th is
still among the few the ranker rescores. Both stay fixed for one snapshot of the store
(``engine.Matcher`` holds one ``CandidatePool``).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import NamedTuple

import numpy as np

from . import usable_cores
from .bm25 import Bm25Index
from .terms import terms
from .vectors import SentenceVectors

#: Claims the word index proposes per sentence.
POOL = 50
#: Weight of the vector cosine against the word score (relative to the pool's best).
POOL_SIMILARITY = 1.0
#: With context (the sentences around each one, in its text: "And now it's going up very
#: substantially" is about what was said before), the claims the word index finds for the
#: sentence and its context join the pool...
CONTEXT_POOL = 50
#: ...and the sentence's vector moves this far towards its context's when the pool is cut.
CONTEXT_BLEND = 0.5


class Candidate(NamedTuple):
    """A claim the index proposes for a sentence, with what the index knows of the pair."""

    claim: int
    words: float  # word-index score
    similarity: float  # cosine of the sentence and claim vectors
    text_similarity: float  # ...with the claim text's vector alone
    title_similarity: float  # ...with the claim title's vector alone (0 without a title)
    # Read with the sentences around it (0 without them):
    context_similarity: float = 0.0  # cosine with the sentence's vector moved towards theirs
    context_words: float = 0.0  # word score of sentence and context, relative to the best


class CandidatePool:
    """The word index and the claim vectors of one snapshot of the claims."""

    def __init__(self, index: Bm25Index, vectors: SentenceVectors, texts: Sequence[str],
                 titles: Sequence[str]) -> None:
        self.index = index
        self.vectors = vectors
        self.size = len(texts)
        self.text_vectors = vectors.encode(texts)
        # A claim's vector is the normalised sum of its text's and its title's; a sentence's
        # cosine with the title follows from that with the claim and with the text.
        total = self.text_vectors + vectors.encode(titles)
        self._claim_norm = np.linalg.norm(total, axis=1)
        self._claim_norm[self._claim_norm == 0] = 1.0
        self.claim_vectors = total / self._claim_norm[:, None]

    def candidates(self, sentences: Sequence[str], sentence_terms: Sequence[Sequence[str]],
                   k: int, *, nearest: int = 0,
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
        if not self.size:
            return [[] for _ in sentences]
        # Word-piece tokenising releases the GIL: it runs while the word index is searched.
        encoding = background().submit(self.vectors.encode, sentences)
        around = (background().submit(self._context_vectors, context)
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
                   else normalised(vectors + CONTEXT_BLEND * around.result()))
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
        # Python numbers, converted a whole array at a time.
        columns = (picked, words, cosine, text, title, in_context, context_words)
        return [[Candidate(*values) for values in zip(*r, strict=True) if values[0] >= 0]
                for r in zip(*(a.tolist() for a in columns), strict=True)]

    def _context_vectors(self, context: Sequence[Sequence[str]]) -> np.ndarray:
        """Per sentence, the normalised sum of its context sentences' vectors (or zeros)."""
        texts = sorted({t for around in context for t in around})
        row = {t: i for i, t in enumerate(texts)}
        encoded = normalised(self.vectors.encode(texts)) if texts else None
        out = np.zeros((len(context), self.claim_vectors.shape[1]), dtype=np.float32)
        for i, around in enumerate(context):
            if around and encoded is not None:
                out[i] = encoded[[row[t] for t in around]].sum(axis=0)
        return normalised(out)

    def _nearest(self, vectors: np.ndarray, nearest: int) -> np.ndarray:
        """The ``nearest`` claims by cosine per vector (-1 where the cosine is not positive;
        a sentence without word pieces has a zero vector: nothing is near it)."""
        nearest = min(nearest, self.size)
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


def normalised(vectors: np.ndarray) -> np.ndarray:
    """The rows scaled to unit length (a zero row stays zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


@cache
def background() -> ThreadPoolExecutor:
    """Threads for work that overlaps the caller's, shared by every matcher of the process."""
    return ThreadPoolExecutor(max_workers=usable_cores(),
                              thread_name_prefix="recount-vectors")
