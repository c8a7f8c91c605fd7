"""Sentence vectors: the matcher's semantic signal, at the cost of a table lookup.

A text's vector is the sum of one vector per word piece (the WordPiece vocabulary of
all-MiniLM-L6-v2), normalised. The table in ``server/data/vectors/`` was trained so that
these sums approximate that transformer's sentence embeddings (``tools/train_vectors.py``),
so "jailed" lands near "in custody" and "shot" near "vaccine" without running a model per
sentence. The matcher uses the cosine of a sentence and a claim to order candidates the
index found; the lexical evidence still decides whether a sentence matches at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse
from tokenizers import Tokenizer

from ..paths import PACKAGE_DATA

TABLE_DIR = PACKAGE_DATA / "vectors"
#: Word pieces read per text; a claim longer than this is judged by its opening.
MAX_PIECES = 256
#: Texts tokenised at once.
BATCH = 1024


class SentenceVectors:
    """Encodes texts as unit vectors; the same texts always give the same vectors."""

    def __init__(self, folder: Path = TABLE_DIR) -> None:
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.table = np.load(folder / "table.npy").astype(np.float32)
        pieces = self.tokenizer.get_vocab_size()
        if self.table.ndim != 2 or self.table.shape[0] != pieces:
            raise ValueError(f"{folder}: table.npy has shape {self.table.shape}, but "
                             f"tokenizer.json has {pieces} word pieces (one row each)")
        self.dims = self.table.shape[1]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, unit length (all zeros for a text with no word pieces)."""
        if len(texts) > BATCH:
            # A whole claim collection at once would hold every token list in memory.
            return np.concatenate([self.encode(texts[i:i + BATCH])
                                   for i in range(0, len(texts), BATCH)])
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        pieces = [e.ids[:MAX_PIECES]
                  for e in self.tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)]
        lengths = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
        flat = np.fromiter(itertools.chain.from_iterable(pieces), dtype=np.int64,
                           count=int(lengths.sum()))
        # Piece counts per text (a sparse texts x vocabulary matrix) times the table: the
        # sums without materialising one row per piece.
        counts = sparse.csr_matrix(
            (np.ones(len(flat), dtype=np.float32), flat,
             np.concatenate(([0], np.cumsum(lengths)))),
            shape=(len(texts), self.table.shape[0]))
        return unit(np.asarray(counts @ self.table, dtype=np.float32))


def unit(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length in place (zero rows stay zero)."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    np.divide(rows, norms, out=rows, where=norms > 0)
    return rows


@lru_cache(maxsize=4)
def sentence_vectors(folder: str = "") -> SentenceVectors:
    """The table in ``folder`` (the packaged one when empty), loaded once per process."""
    return SentenceVectors(Path(folder) if folder else TABLE_DIR)
