"""Claim-retrieval benchmarks: load a data set's claims into a fresh database and rank
every query of a split with the product's own matcher.

Data set layout (CLEF CheckThat! style): ``claims.jsonl`` (``id``, ``text``, optional
``title``, ``speaker``, ``date``, ``truth_label``, ``url``), ``queries-<split>.jsonl``
(``id``, ``text``) and ``qrels-<split>.tsv`` (``query_id<TAB>claim_id``). Where queries
are sentences of longer texts (debate transcripts), ``sentences-<split>.jsonl`` may hold
those texts, one sentence per row (``doc``, ``line``, ``text``, and ``query_id`` on the
rows that are queries): each query is then ranked with the sentences around it as context.
"""

from __future__ import annotations

import json
import platform
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .engine import CANDIDATES, CONTEXT_AFTER, CONTEXT_BEFORE, Matcher
from .index import usable_cores
from .index.encoder import claim_meaning, encoder
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
    context: bool = False  # queries ranked with the sentences around them

    def lines(self) -> list[str]:
        per_query = 1000 * self.rank_seconds / max(self.queries, 1)
        return [f"queries={self.queries} context={'yes' if self.context else 'no'}",
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


def read_context(paths: Iterable[Path], queries: list[dict[str, Any]]) -> list[list[str]]:
    """Per query, the sentences around it in its text, from ``sentences-<split>.jsonl``
    files (none for a query they do not place)."""
    docs: dict[str, list[tuple[int, str]]] = {}
    where: dict[str, tuple[str, int]] = {}
    for row in (row for path in paths for row in _read_jsonl(path)):
        docs.setdefault(str(row["doc"]), []).append((int(row["line"]), row["text"]))
        if row.get("query_id") is not None:
            where[str(row["query_id"])] = (str(row["doc"]), int(row["line"]))
    texts, lines = {}, {}
    for doc, rows in docs.items():
        rows.sort()
        lines[doc] = {line: i for i, (line, _) in enumerate(rows)}
        texts[doc] = [text for _, text in rows]
    context = []
    for query in queries:
        doc, line = where.get(str(query["id"]), ("", 0))
        i = lines.get(doc, {}).get(line)
        context.append([] if i is None else [*texts[doc][max(0, i - CONTEXT_BEFORE):i],
                                             *texts[doc][i + 1:i + 1 + CONTEXT_AFTER]])
    return context


def split_context(folder: Path, split: str, queries: list[dict[str, Any]],
                  extra: Iterable[Path] = ()) -> list[list[str]] | None:
    """The queries' context from the data set's ``sentences-<split>.jsonl`` and the
    ``extra`` files that exist; None when they place none of the queries."""
    paths = [p for p in (folder / f"sentences-{split}.jsonl", *extra) if p.is_file()]
    context = read_context(paths, queries) if paths else []
    return context if any(context) else None


def dataset_matcher(folder: Path, *, progress: Callable[[int], None] | None = None,
                    planned: Callable[[int], None] | None = None,
                    vectors: SentenceVectors | None = None, meaning: bool = False,
                    database: Path | None = None) -> tuple[Matcher, float, float]:
    """A matcher over the data set's claims, loaded into a database, and the seconds the
    loading and the matcher's indexes took. ``planned`` is told how many records are
    imported (0 when ``database`` holds them already), ``progress`` counts them.

    The database is temporary unless ``database`` names a SQLite file: then the claims
    and their transformer vectors are kept there and reused by the next run. With
    ``meaning``, the claims' transformer vectors are computed (or read) up front, as a
    server does."""
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(database or Path(tmp) / "bench.db"))
        doc = claims_document(folder) if store.is_empty() else None
        if planned:
            planned(sum(len(doc[part]) for part in ("sources", "claims")) if doc else 0)
        if doc:
            store.import_document(doc, progress=(lambda _k, n: progress(n)) if progress
                                  else None)
        corpus = store.load_corpus()
        t1 = time.perf_counter()
        claim_vectors = (claim_meaning(corpus.claims, encoder(), store) if meaning
                         else None)
        store.close()
    matcher = Matcher(corpus, vectors=vectors, meaning=claim_vectors)
    return matcher, t1 - t0, time.perf_counter() - t1


def run_retrieval(folder: Path, split: str, *, depth: int = 10,
                  progress: Callable[[int], None] | None = None,
                  planned: Callable[[int], None] | None = None,
                  vectors: SentenceVectors | None = None, context: bool = True,
                  sentences: Path | None = None
                  ) -> tuple[RetrievalReport, list[tuple[str, str, float]]]:
    """Rank every query of ``split``; returns the report and the run (query, claim, score).

    With ``context``, queries that a ``sentences-<split>.jsonl`` (in ``folder`` or in
    ``sentences``) places in their text are ranked with the sentences around them."""
    matcher, load_seconds, index_seconds = dataset_matcher(
        folder, progress=progress, planned=planned, vectors=vectors)
    t2 = time.perf_counter()
    queries = read_queries(folder, split)
    extra = [sentences / f"sentences-{split}.jsonl"] if sentences else []
    around = split_context(folder, split, queries, extra) if context else None
    ranked = matcher.rank([q["text"] for q in queries], k=max(depth, CANDIDATES),
                          context=around)
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
                             t3 - t2, around is not None)
    return report, run


#: Sentences sent per request by the page benchmark, as the extension sends a long page.
PAGE = 200


@dataclass
class PagesReport:
    sentences: int
    highlighted: int
    related: int
    gold: int  # sentences the data set links to a checked claim
    gold_found: int  # ...highlighted with that claim among their matches
    conflicting: int  # figure verdicts "conflicting" in highlights
    match_seconds: float
    #: With judged pairs: the highlights by the label of their best match ("yes",
    #: "partly", "no", or "unjudged" when nobody has read that pair).
    judged: Counter[str] | None = None

    def lines(self) -> list[str]:
        share = self.highlighted / max(self.sentences, 1)
        recall = self.gold_found / max(self.gold, 1)
        per_page = 1000 * self.match_seconds / max(-(-self.sentences // PAGE), 1)
        lines = [f"sentences={self.sentences} highlighted={self.highlighted} ({share:.2%}) "
                 f"possibly_related={self.related}",
                 f"gold={self.gold} gold_highlighted={self.gold_found} (recall {recall:.3f})",
                 f"conflicting_verdicts={self.conflicting}",
                 f"match={self.match_seconds:.1f}s ({per_page:.1f} ms per {PAGE}-sentence "
                 "page)"]
        if self.judged is not None:
            yes = self.judged["yes"] / max(self.highlighted, 1)
            lines.append("judged (best match): " + " ".join(
                f"{label}={self.judged[label]}" for label in (*LABELS, "unjudged"))
                + f" (yes {yes:.1%} of highlights)")
        return lines


#: A judged pair's labels (``benchmarks/judged/README.md`` defines them).
LABELS = ("yes", "partly", "no")


def read_judged(paths: Iterable[Path]) -> dict[tuple[str, int, str], str]:
    """Judged sentence-claim pairs, from JSON-lines files (or every ``*.jsonl`` of a
    folder, not of its subfolders): ``doc``, ``line``, ``claim_id`` and ``verdict``, keyed
    by the first three; a pair judged twice keeps the later label."""
    labels = {}
    for path in paths:
        for file in sorted(path.glob("*.jsonl")) if path.is_dir() else [path]:
            for n, row in enumerate(_read_jsonl(file), start=1):
                verdict = row.get("verdict")
                if verdict not in LABELS:
                    raise ValueError(f"{file}, line {n}: verdict {verdict!r} is not one of "
                                     f"{', '.join(LABELS)}")
                labels[(str(row["doc"]), int(row["line"]), str(row["claim_id"]))] = verdict
    return labels


def read_transcripts(path: Path) -> dict[str, list[dict[str, Any]]]:
    """A ``sentences-<split>.jsonl`` file as its texts: rows per ``doc``, in line order."""
    docs: dict[str, list[dict[str, Any]]] = {}
    for row in _read_jsonl(path):
        docs.setdefault(str(row["doc"]), []).append(row)
    for rows in docs.values():
        rows.sort(key=lambda r: int(r["line"]))
    return docs


def run_pages(matcher: Matcher, folder: Path, split: str, *, out: IO[str] | None = None,
              progress: Callable[[int], None] | None = None,
              judged: Mapping[tuple[str, int, str], str] | None = None) -> PagesReport:
    """Send every text of ``sentences-<split>.jsonl`` (or, for a data set of posts, every
    query of ``queries-<split>.jsonl``) through ``Matcher.match`` (the path of
    ``/api/v1/match``), ``PAGE`` sentences a request; write every highlight to ``out``
    (one JSON object a line: where, sentence, claim, score, figure verdicts, and whether
    the data set links the sentence to that claim). With ``judged`` (``read_judged``),
    count the highlights by their best match's label, and give each match its label (or
    null) in ``out``: the null ones are the pairs still to read."""
    texts = folder / f"sentences-{split}.jsonl"
    if texts.exists():
        docs = read_transcripts(texts)
    else:  # posts, not transcripts: each query is a text of its own, sent a page at a time
        docs = {"queries": [{"line": n, "text": q["text"], "query_id": q["id"]}
                            for n, q in enumerate(read_queries(folder, split), start=1)]}
    qrels_path = folder / f"qrels-{split}.tsv"
    qrels = read_qrels(qrels_path) if qrels_path.exists() else {}
    report = PagesReport(0, 0, 0, 0, 0, 0, 0.0, None if judged is None else Counter())
    for doc, rows in docs.items():
        for start in range(0, len(rows), PAGE):
            page = rows[start:start + PAGE]
            t0 = time.perf_counter()
            results = matcher.match([r["text"] for r in page])
            report.match_seconds += time.perf_counter() - t0
            for row, result in zip(page, results, strict=True):
                gold = qrels.get(str(row.get("query_id")), set())
                claims = [m["claim"]["id"] for m in result["matches"]]
                report.sentences += 1
                report.gold += bool(gold)
                report.gold_found += bool(gold & set(claims))
                report.related += bool(result["related"]) and not claims
                if not claims:
                    continue
                report.highlighted += 1
                figures = [f for m in result["matches"] for f in m["figures"]]
                report.conflicting += sum(f["status"] == "conflicting" for f in figures)
                labels = [None if judged is None else judged.get((doc, int(row["line"]), c))
                          for c in claims]
                if report.judged is not None:
                    report.judged[labels[0] or "unjudged"] += 1
                if out is not None:
                    out.write(json.dumps({
                        "doc": doc, "line": row["line"], "sentence": row["text"],
                        "matches": [{"claim_id": m["claim"]["id"], "claim": m["claim"]["text"],
                                     "score": m["score"], "gold": m["claim"]["id"] in gold,
                                     "verdicts": [_verdict_summary(f) for f in m["figures"]],
                                     **({} if judged is None else {"judged": label})}
                                    for m, label in zip(result["matches"], labels,
                                                        strict=True)],
                        "gold": sorted(gold)}, ensure_ascii=False) + "\n")
            if progress:
                progress(len(page))
    return report


def _verdict_summary(figure: dict[str, Any]) -> dict[str, Any]:
    return {"figure": figure["text"], "status": figure["status"], "reason": figure["reason"],
            "known": sorted({k["text"] for k in figure["known"]})}


def machine(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """What timings depend on, to print beside them: the cores this process may use, the
    processor (and whether it has VNNI, the int8 dot products the transformer's products
    run fastest on, or AVX2 alone), Python's and onnxruntime's versions."""
    import onnxruntime

    model, flags = "", set[str]()
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and not model:
                model = value.strip()
            elif key.strip() == "flags" and not flags:
                flags = set(value.split())
    except OSError:  # not Linux
        pass
    instructions = ("VNNI" if flags & {"avx512_vnni", "avx_vnni"}
                    else "AVX2, no VNNI" if "avx2" in flags else "")
    processor = model or platform.processor() or platform.machine()
    return (f"{usable_cores()} cores, {processor}"
            + (f" ({instructions})" if instructions else "")
            + f", Python {platform.python_version()}, onnxruntime {onnxruntime.__version__}")
