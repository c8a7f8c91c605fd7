"""Claim-retrieval benchmarks: load a data set's claims into a fresh database and rank
every query of a split with the product's own matcher.

Data set layout (CLEF CheckThat! style): ``claims.jsonl`` (``id``, ``text``, optional
``title``, ``speaker``, ``date``, ``truth_label``, ``url``), ``queries-<split>.jsonl``
(``id``, ``text``) and ``qrels-<split>.tsv`` (``query_id<TAB>claim_id``).
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engine import CANDIDATES, Matcher
from .index.vectors import SentenceVectors
from .store import open_store

_ID = re.compile(r"[^A-Za-z0-9._:-]")


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def claims_document(folder: Path) -> dict[str, Any]:
    """The data set's claims as a recount-claims/1 document (one source for the set)."""
    source_id = _ID.sub("-", folder.name)[:100] or "dataset"
    claims = []
    for row in _read_jsonl(folder / "claims.jsonl"):
        claim: dict[str, Any] = {
            "id": _ID.sub("-", str(row["id"])),
            "text": row["text"],
            "quotes": [{"source": source_id, "text": row["text"]}],
        }
        if row.get("title"):
            claim["title"] = row["title"]
        if row.get("speaker"):
            claim["claimant"] = row["speaker"]
        if row.get("truth_label"):
            claim["rating"] = row["truth_label"]
        claims.append(claim)
    return {"format": "recount-claims/1", "name": folder.name,
            "sources": [{"id": source_id, "publisher": folder.name, "kind": "fact-check"}],
            "claims": claims}


def read_qrels(path: Path) -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            query, claim = line.split("\t")[:2]
            qrels.setdefault(query, set()).add(_ID.sub("-", claim))
    return qrels


@dataclass
class RetrievalReport:
    queries: int
    map1: float
    map5: float
    mrr: float
    load_seconds: float
    index_seconds: float
    rank_seconds: float

    def lines(self) -> list[str]:
        per_query = 1000 * self.rank_seconds / max(self.queries, 1)
        return [f"queries={self.queries}",
                f"MAP@1={self.map1:.4f} MAP@5={self.map5:.4f} MRR={self.mrr:.4f}",
                f"load={self.load_seconds:.2f}s index={self.index_seconds:.2f}s "
                f"rank={self.rank_seconds:.3f}s ({per_query:.2f} ms/query)"]


def average_precision(ranked: list[str], relevant: set[str], k: int) -> float:
    hits, total = 0, 0.0
    for i, claim in enumerate(ranked[:k], start=1):
        if claim in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k) if relevant else 0.0


def reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    for i, claim in enumerate(ranked, start=1):
        if claim in relevant:
            return 1.0 / i
    return 0.0


def read_queries(folder: Path, split: str) -> list[dict[str, Any]]:
    """The split's queries: ``{"id", "text"}`` each."""
    return list(_read_jsonl(folder / f"queries-{split}.jsonl"))


def dataset_matcher(folder: Path, *, progress: Callable[[int], None] | None = None,
                    vectors: SentenceVectors | None = None) -> tuple[Matcher, float, float]:
    """A matcher over the data set's claims, loaded into a temporary database, and the
    seconds the loading and the matcher's indexes took."""
    t0 = time.perf_counter()
    doc = claims_document(folder)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        store.import_document(doc, progress=(lambda _k, n: progress(n)) if progress else None)
        corpus = store.load_corpus()
        store.close()
    t1 = time.perf_counter()
    matcher = Matcher(corpus, vectors=vectors)
    return matcher, t1 - t0, time.perf_counter() - t1


def run_retrieval(folder: Path, split: str, *, depth: int = 10,
                  progress: Callable[[int], None] | None = None,
                  vectors: SentenceVectors | None = None
                  ) -> tuple[RetrievalReport, list[tuple[str, str, float]]]:
    """Rank every query of ``split``; returns the report and the run (query, claim, score)."""
    matcher, load_seconds, index_seconds = dataset_matcher(folder, progress=progress,
                                                           vectors=vectors)
    t2 = time.perf_counter()
    queries = read_queries(folder, split)
    ranked = matcher.rank([q["text"] for q in queries], k=max(depth, CANDIDATES))
    t3 = time.perf_counter()
    qrels = read_qrels(folder / f"qrels-{split}.tsv")
    run: list[tuple[str, str, float]] = []
    ap1 = ap5 = rr = 0.0
    scored = 0
    for query, found in zip(queries, ranked, strict=True):
        ids = [matcher.catalog.claims[s.claim].id for s in found[:depth]]
        run += [(str(query["id"]), cid, s.rank) for cid, s in zip(ids, found, strict=False)]
        relevant = qrels.get(str(query["id"]))
        if not relevant:
            continue
        scored += 1
        ap1 += average_precision(ids, relevant, 1)
        ap5 += average_precision(ids, relevant, 5)
        rr += reciprocal_rank(ids, relevant)
    n = max(scored, 1)
    report = RetrievalReport(scored, ap1 / n, ap5 / n, rr / n, load_seconds, index_seconds,
                             t3 - t2)
    return report, run
