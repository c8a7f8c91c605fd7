"""Reading claims back out of the store: the corpus the matcher indexes, and the claims,
sources and quantities the pages and the API list and show.

``Reads`` is a part of ``Store`` (it uses the store's query helpers, see ``curation``); it
lives here to keep each module readable on a screen or two. Rows come back as a claims file
has them: JSON lists decoded, ``grp`` as ``group``, whole numbers as ints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .curation import Curation, Page


@dataclass
class Corpus:
    """Everything the matcher needs, read in one pass: claims with quotes and figures."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    quantities: dict[str, dict[str, Any]] = field(default_factory=dict)
    version: int = 0


#: A write made only on a claim as someone read it: the claim's id, and a check of the claim
#: as stored now (None when there is none), run in the write's transaction before anything
#: is written, the claim's row held against other writers until the transaction ends. The
#: check raises to refuse the write, which then changes nothing.
Expectation = tuple[str, Callable[[dict[str, Any] | None], None]]


class Reads(Curation):
    """The queries that read claims, sources and quantities; mixed into ``Store``."""

    def data_version(self) -> int:
        row = self._one("SELECT value FROM meta WHERE key = 'data_version'")
        return int(row["value"]) if row else 0

    def load_corpus(self, *, retired: bool = False) -> Corpus:
        """Every claim with quotes and figures, plus all sources and quantities.

        Retired claims are left out (they are never matched) unless ``retired``."""
        version = self.data_version()
        sources = {}
        for s in self._all("SELECT * FROM source ORDER BY id"):
            s["cites"] = []
            sources[s["id"]] = s
        for r in self._all("SELECT source_id, cited_id FROM source_cites "
                           "ORDER BY source_id, cited_id"):
            sources[r["source_id"]]["cites"].append(r["cited_id"])
        quantities = {q["id"]: quantity_record(q)
                      for q in self._all("SELECT * FROM quantity ORDER BY id")}
        claims: dict[str, dict[str, Any]] = {}
        live = "" if retired else "WHERE retired_at IS NULL "
        for c in self._all(f"SELECT * FROM claim {live}ORDER BY position, id"):  # noqa: S608
            claims[c["id"]] = claim_record(c)
        for q in self._all("SELECT claim_id, source_id, text FROM quote "
                           "ORDER BY claim_id, position"):
            if q["claim_id"] in claims:
                claims[q["claim_id"]]["quotes"].append({"source": q["source_id"],
                                                        "text": q["text"]})
        for f in self._all("SELECT * FROM figure ORDER BY claim_id, position"):
            if f["claim_id"] in claims:
                claims[f["claim_id"]]["figures"].append(figure_record(f))
        return Corpus(list(claims.values()), sources, quantities, version)

    def list_claims(self, *, q: str | None = None, source: str | None = None,
                    tag: str | None = None, retired: bool | None = None, limit: int = 20,
                    offset: int = 0) -> Page:
        """Claims in curation order, optionally filtered by words (each found as a whole
        word, in any case, in the claim's text or title: "ice" finds "ICE detainers", not
        "police"), a source, a tag, or whether they are retired."""
        where, params = [], []
        if retired is not None:
            where.append(f"c.retired_at IS {'NOT ' if retired else ''}NULL")
        words = q.split() if q else []
        for word in words:
            # The database finds the claims holding the word anywhere; whole words are
            # told apart below.
            where.append("(LOWER(c.text) LIKE ? ESCAPE '!' "
                         "OR LOWER(COALESCE(c.title, '')) LIKE ? ESCAPE '!')")
            params += [f"%{_like(word.lower())}%"] * 2
        if source:
            where.append("EXISTS (SELECT 1 FROM quote x WHERE x.claim_id = c.id "
                         "AND x.source_id = ?)")
            params.append(source)
        if tag:
            where.append("c.tags LIKE ? ESCAPE '!'")
            params.append(f"%{_like(json.dumps(tag))}%")
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        if words:
            rows = [r for r in self._all(f"SELECT c.* FROM claim c {clause} "  # noqa: S608
                                         "ORDER BY c.position, c.id", params)
                    if _has_words(f"{r['text']}\n{r['title'] or ''}", words)]
            return Page([claim_record(r) for r in rows[offset:offset + limit]], len(rows),
                        limit, offset)
        total = self._one(f"SELECT COUNT(*) AS n FROM claim c {clause}", params)  # noqa: S608
        rows = self._all(f"SELECT c.* FROM claim c {clause} "  # noqa: S608
                         "ORDER BY c.position, c.id LIMIT ? OFFSET ?", [*params, limit, offset])
        return Page([claim_record(r) for r in rows], int(total["n"]) if total else 0, limit,
                    offset)

    def get_claim(self, claim_id: str) -> dict[str, Any] | None:
        """One claim with its quotes, figures, and the sources and quantities they name."""
        row = self._one("SELECT * FROM claim WHERE id = ?", (claim_id,))
        if row is None:
            return None
        claim = claim_record(row)
        claim["quotes"] = [{"source": r["source_id"], "text": r["text"]} for r in self._all(
            "SELECT source_id, text FROM quote WHERE claim_id = ? ORDER BY position",
            (claim_id,))]
        claim["figures"] = [figure_record(r) for r in self._all(
            "SELECT * FROM figure WHERE claim_id = ? ORDER BY position", (claim_id,))]
        source_ids = sorted({q["source"] for q in claim["quotes"]})
        quantity_ids = sorted({f["quantity"] for f in claim["figures"]})
        claim["sources"] = [self.get_source(s) for s in source_ids]
        claim["quantities"] = [self._quantityrow_dict(q) for q in quantity_ids]
        return claim

    def _expected(self, conn: Any, expect: Expectation | None) -> None:
        """Run ``expect``'s check inside the transaction of ``conn`` (see ``Expectation``)."""
        if expect is not None:
            claim_id, check = expect
            self.backend.lock_claim(conn, claim_id)
            check(self.get_claim(claim_id))

    def get_source(self, source_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM source WHERE id = ?", (source_id,))
        if row is None:
            return None
        row["cites"] = [r["cited_id"] for r in self._all(
            "SELECT cited_id FROM source_cites WHERE source_id = ? ORDER BY cited_id",
            (source_id,))]
        return row

    def list_sources(self, *, limit: int = 100, offset: int = 0) -> Page:
        total = self._one("SELECT COUNT(*) AS n FROM source")
        rows = self._all("SELECT s.*, (SELECT COUNT(*) FROM quote q WHERE q.source_id = s.id) "
                         "AS claims FROM source s ORDER BY s.published IS NULL, s.published DESC, s.id "
                         "LIMIT ? OFFSET ?", (limit, offset))
        return Page(rows, int(total["n"]) if total else 0, limit, offset)

    def _quantityrow_dict(self, quantity_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM quantity WHERE id = ?", (quantity_id,))
        return quantity_record(row) if row else None

    def get_quantity(self, quantity_id: str) -> dict[str, Any] | None:
        """A quantity and every value sources gave for it, oldest source first."""
        quantity = self._quantityrow_dict(quantity_id)
        if quantity is None:
            return None
        rows = self._all(
            "SELECT f.*, s.publisher, s.title AS source_title, s.url AS source_url, "
            "s.published, s.kind FROM figure f JOIN source s ON s.id = f.source_id "
            "WHERE f.quantity_id = ? "
            # Undated sources last: SQLite and PostgreSQL sort NULL at opposite ends.
            "ORDER BY s.published IS NULL, s.published, f.claim_id, f.position",
            (quantity_id,))
        quantity["values"] = [
            {**figure_record(r), "claim": r["claim_id"],
             "source_record": {"id": r["source_id"], "publisher": r["publisher"],
                               "title": r["source_title"], "url": r["source_url"],
                               "published": r["published"], "kind": r["kind"]}}
            for r in rows]
        return quantity

    def group_claims(self, group: str) -> set[str]:
        """The claims, retired or not, with a figure of a quantity of ``group``: whether
        the group is one claim's own figures (``index.catalog.claims_own``)."""
        return {r["claim_id"] for r in self._all(
            "SELECT DISTINCT f.claim_id FROM figure f JOIN quantity q ON q.id = f.quantity_id "
            "WHERE q.grp = ?", (group,))}

    def group_cued(self, group: str) -> bool:
        """Whether an editor gave a quantity of ``group`` cues (``claims_own``)."""
        return bool(self._all("SELECT 1 FROM quantity WHERE grp = ? AND cues != '[]' LIMIT 1",
                              (group,)))


def _has_words(text: str, words: list[str]) -> bool:
    """Whether each of ``words`` is in ``text`` as a whole word, in any case: not inside a
    longer word ("rap" in "rape"), whatever it is written with ("6,947", "U.S.")."""
    lowered = text.lower()
    return all(re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", lowered) for w in words)


def _like(text: str) -> str:
    """``text`` as a LIKE pattern (with ``ESCAPE '!'``) matching itself only."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def claim_record(row: dict[str, Any]) -> dict[str, Any]:
    """A claim row as a claims-file record, its quotes and figures still to add."""
    claim = dict(row)
    claim.pop("position", None)
    claim.pop("feed_digest", None)  # the store's own bookkeeping (``feeds.fingerprint``)
    claim["tags"] = json.loads(claim.get("tags") or "[]")
    claim["appearances"] = json.loads(claim.get("appearances") or "[]")
    claim["quotes"] = []
    claim["figures"] = []
    return claim


def quantity_record(row: dict[str, Any]) -> dict[str, Any]:
    """A quantity row as a claims-file record."""
    q = dict(row)
    q["aliases"] = json.loads(q.get("aliases") or "[]")
    q["cues"] = json.loads(q.get("cues") or "[]")
    q["group"] = q.pop("grp", None)
    return q


def figure_record(row: dict[str, Any]) -> dict[str, Any]:
    """A figure row as a claims-file record."""
    return {"quantity": row["quantity_id"], "source": row["source_id"],
            "value": _number(row["value"]), "of": _number(row["of_total"]),
            "hedge": row["hedge"], "low": _number(row["low"]), "high": _number(row["high"]),
            "unit": row["unit"], "currency": row["currency"], "noun": row["noun"],
            "text": row["text"], "span": [row["span_start"], row["span_end"]]}


def _number(value: Any) -> int | float | None:
    if value is None:
        return None
    value = float(value)
    # Past 2**53 a float's int() adds digits nobody wrote (1.2345678901234568e+29 ->
    # 123456789012345677877719597056): such a value stays the float it was stored as.
    return int(value) if value.is_integer() and abs(value) < 2**53 else value
