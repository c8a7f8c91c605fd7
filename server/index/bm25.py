"""An in-memory BM25 index over claim documents, queried in batches.

Documents and queries become sparse term-weight matrices, so scoring a whole page is one
sparse product instead of a Python loop per posting. Building 20k claims takes well under
a second; a 200-sentence page is a few milliseconds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse


class Bm25Index:
    """BM25 (Robertson/Sparck Jones idf, k1 and b as usual) over pre-tokenised documents."""

    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = 1.2,
                 b: float = 0.75) -> None:
        self.vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        lengths = np.zeros(len(documents), dtype=np.float32)
        for doc_id, doc in enumerate(documents):
            lengths[doc_id] = len(doc)
            for term, tf in Counter(doc).items():
                col = self.vocabulary.setdefault(term, len(self.vocabulary))
                rows.append(doc_id)
                cols.append(col)
                tfs.append(tf)
        self.size = len(documents)
        n_terms = len(self.vocabulary)
        tf_values = np.asarray(tfs, dtype=np.float32)
        row_idx = np.asarray(rows, dtype=np.int64)
        col_idx = np.asarray(cols, dtype=np.int64)
        df = np.bincount(col_idx, minlength=n_terms).astype(np.float32)
        self.idf = np.log(1.0 + (self.size - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.df = df
        avg = float(lengths.mean()) if self.size else 1.0
        norm = k1 * (1.0 - b + b * lengths[row_idx] / max(avg, 1e-9))
        weight = tf_values * (k1 + 1.0) / (tf_values + norm) * self.idf[col_idx]
        # Terms x documents, so a query row times this matrix gives document scores.
        self.matrix = sparse.csr_matrix(
            (weight, (col_idx, row_idx)), shape=(n_terms, self.size), dtype=np.float32)
        self.max_idf = float(math.log(1.0 + (self.size + 0.5) / 0.5)) if self.size else 1.0
        # Documents x terms, for scoring given (query, document) pairs.
        self._by_document = self.matrix.T.tocsr()

    def term_idf(self, term: str) -> float:
        """idf of a term; unseen terms get the idf of a term seen in no document."""
        col = self.vocabulary.get(term)
        return float(self.idf[col]) if col is not None else self.max_idf

    def score(self, query: Sequence[str], documents: np.ndarray) -> np.ndarray:
        """BM25 score of one query for each of ``documents`` (0 where nothing is shared)."""
        cols = np.fromiter({c for t in query if (c := self.vocabulary.get(t)) is not None},
                           dtype=np.int32)
        out = np.zeros(len(documents), dtype=np.float32)
        by_document = self._by_document
        for i, doc in enumerate(documents):
            start, end = by_document.indptr[doc], by_document.indptr[doc + 1]
            hit = np.isin(by_document.indices[start:end], cols, assume_unique=True)
            out[i] = by_document.data[start:end][hit].sum()
        return out

    def search(self, queries: Sequence[Sequence[str]], k: int = 10
               ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` documents per query, best first: ``(ids, scores)``, both queries x k.

        Rows with fewer than ``k`` hits are padded with id -1 and score -inf.
        """
        ids = np.full((len(queries), k), -1, dtype=np.int64)
        top = np.full((len(queries), k), -np.inf, dtype=np.float32)
        if not queries or self.size == 0 or k == 0:
            return ids, top
        # Queries x terms, each query's known terms once, in the order of their columns.
        vocabulary = self.vocabulary
        cols: list[int] = []
        starts = [0]
        for query in queries:
            cols += sorted({c for t in query if (c := vocabulary.get(t)) is not None})
            starts.append(len(cols))
        q = sparse.csr_matrix((np.ones(len(cols), dtype=np.float32),
                               np.asarray(cols, dtype=np.int32),
                               np.asarray(starts, dtype=np.int32)),
                              shape=(len(queries), len(vocabulary)))
        scores = (q @ self.matrix).tocsr()
        indptr = scores.indptr.tolist()
        indices, data = scores.indices, scores.data
        for i in range(len(queries)):
            start, end = indptr[i], indptr[i + 1]
            if start == end:
                continue
            vals = data[start:end]
            if end - start > k:
                keep = np.argpartition(vals, end - start - k)[end - start - k:]
                best = keep[np.argsort(-vals[keep], kind="stable")] + start
            else:
                best = np.argsort(-vals, kind="stable") + start
            ids[i, :len(best)] = indices[best]
            top[i, :len(best)] = data[best]
        return ids, top
