"""What an editor changed or added in a claim, kept when the claim's feed is imported again.

A feed (ClaimReview, CSV, CLEF ``claims.jsonl``) carries fact checks: a claim's text, its
review (the source ``<claim id>.review``) and the figures the engine reads in that text,
each counting a quantity made for it (``<claim id>.q<n>``, see ``formats.review``). An
editor changes a claim, or adds what no feed carries, through ``PUT /claims/{id}`` or a
``recount-claims/1`` file:

- tags and the date the figures are as of: a feed's record that leaves them out (every
  feed's) updates the claim and keeps them;
- quotes of other sources, figures counting curated quantities: such a claim is curated,
  and a feed's record for it is not applied, nor are the source and quantities made for
  it. Merged, the feed's figures would stand beside the editor's for the same words;
- anything else a feed wrote of the claim (its text, rating or claimant, a figure's hedge
  or noun, the description of a quantity made for it): the store keeps a digest of the
  claim as its feed last wrote it (``fingerprint``, the column ``claim.feed_digest``); a
  claim that no longer matches it was changed since, and is kept as a curated one is. A
  newer reading of an unchanged text (a later Recount reads figures better) is the
  feed's to apply: the claim still matches its digest.

A kept claim is named (``ImportResult.kept_edits``) so an editor can bring it up to date by
hand. A claim stored before the store kept digests, or first written by a claims file
without one, is kept only when curated. The review source is the feed's: a change to it
is replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from .curation import row_dict
from .reads import claim_record, figure_record, quantity_record


def review_source(claim_id: str) -> str:
    """The id of the source a feed makes for a claim's review."""
    return f"{claim_id}.review"


def made_for(quantity_id: str) -> str | None:
    """The claim a feed made this quantity for (``<claim id>.q<n>``), or None."""
    claim_id, dot, n = quantity_id.rpartition(".q")
    return claim_id if dot and claim_id and n.isdigit() else None


def curated(claim_id: str, stored: dict[str, Any]) -> bool:
    """Whether an editor gave a stored claim (``quotes``' ``source`` ids, ``figures``'
    ``quantity`` ids) quotes or figures no feed carries."""
    review = review_source(claim_id)
    return (any(q["source"] != review for q in stored.get("quotes", []))
            or any(made_for(f["quantity"]) != claim_id for f in stored.get("figures", [])))


#: A claim's fields only an editor gives, kept when a feed's record leaves them out.
EDITORS_FIELDS = ("tags", "as_of")


#: What a digest covers of a claim (``fingerprint``): the fields a feed writes, and of each
#: quantity made for it, its own. A fixed list: a column a later Recount adds (empty on
#: every claim) must not read as a change to every claim.
FEED_FIELDS = ("text", "title", "claimant", "url", "rating", "language", "claim_date",
               "appearances", "first_appearance", "rating_value", "best_rating",
               "worst_rating", "quotes", "figures")
QUANTITY_FIELDS = ("id", "description", "noun", "aliases", "cues", "unit", "currency",
                   "group", "period")


def fingerprint(stored: dict[str, Any]) -> str:
    """A digest of what a feed writes of a stored claim (``FEED_FIELDS``, and ``made``:
    the quantities made for it), empty fields left out."""
    def kept(record: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
        return {f: record[f] for f in fields if record.get(f) not in (None, [], "")}

    shown = {**kept(stored, FEED_FIELDS),
             "made": [kept(q, QUANTITY_FIELDS) for q in stored.get("made", [])]}
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def edited(stored: dict[str, Any]) -> bool:
    """Whether a stored claim was changed since its feed last wrote it (``fingerprint``;
    never, for a claim the store keeps no digest of)."""
    digest = stored.get("feed_digest")
    return digest is not None and fingerprint(stored) != digest


def with_editors_fields(record: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """A feed's ``record`` with the stored claim's ``EDITORS_FIELDS`` it leaves out."""
    kept = {f: stored[f] for f in EDITORS_FIELDS if f not in record and stored.get(f)}
    return {**record, **kept} if kept else record


def without(doc: dict[str, Any], kept: set[str]) -> dict[str, Any]:
    """A feed's document without the claims ``kept`` and the source and quantities made
    for each."""
    if not kept:
        return doc
    reviews = {review_source(c) for c in kept}
    return {**doc,
            "sources": [s for s in doc.get("sources", []) if s["id"] not in reviews],
            "quantities": [q for q in doc.get("quantities", []) if made_for(q["id"]) not in kept],
            "claims": [c for c in doc.get("claims", []) if c["id"] not in kept]}


#: An import of at most this many claims reads them by id; a larger one reads whole tables
#: (a feed of thousands against a PostgreSQL server: four reads, not thousands).
_BY_ID = 500


class FeedImports:
    """The store's side of a feed imported again; mixed into ``Store``."""

    _q: Callable[..., Any]  # the store's query helper (``curation.Curation._q``)

    def _without_edited(self, conn: Any, doc: dict[str, Any], result: Any,
                        tick: Callable[[str, int], None]) -> dict[str, Any]:
        """A feed's document without its records for claims an editor changed or curated,
        and with the fields only editors give kept on the others; ``result.kept_edits``
        names the claims left out."""
        kept, claims = [], []
        parts = self._stored_claims(conn, {c["id"] for c in doc.get("claims", [])})
        for claim in doc.get("claims", []):
            stored = parts.get(claim["id"])
            if stored is not None and (curated(claim["id"], stored) or edited(stored)):
                kept.append(claim["id"])
            else:
                claims.append(with_editors_fields(claim, stored) if stored else claim)
        result.kept_edits = kept
        out = without({**doc, "claims": claims}, set(kept))
        for part in ("sources", "quantities", "claims"):  # passed over: done, for progress
            tick(part, len(doc.get(part, [])) - len(out.get(part, [])))
        return out

    def _stored_claims(self, conn: Any, claim_ids: set[str]) -> dict[str, dict[str, Any]]:
        """These claims as stored, with their quotes, figures, the quantities made for them
        (``made``) and ``feed_digest``: what ``curated`` and ``fingerprint`` read."""
        out: dict[str, dict[str, Any]] = {}
        for r in self._rows(conn, "claim", "id", claim_ids):
            out[r["id"]] = {**claim_record(r), "feed_digest": r.get("feed_digest"), "made": []}
        for r in self._rows(conn, "quote", "claim_id", claim_ids):
            out[r["claim_id"]]["quotes"].append({"source": r["source_id"], "text": r["text"]})
        for r in self._rows(conn, "figure", "claim_id", claim_ids):
            out[r["claim_id"]]["figures"].append(figure_record(r))
        # Those the claims' figures count: one no figure counts is dropped on writing.
        made = {f["quantity"] for c in out.values() for f in c["figures"]
                if made_for(f["quantity"]) == c["id"]}
        for r in self._rows(conn, "quantity", "id", made):
            out[made_for(r["id"]) or ""]["made"].append(quantity_record(r))
        return out

    def _rows(self, conn: Any, table: str, key: str, ids: set[str]) -> list[dict[str, Any]]:
        """The rows of ``table`` whose ``key`` is one of ``ids``, in their order (by
        ``position`` where the table has one)."""
        order = "id" if table in ("claim", "quantity") else f"{key}, position"
        if len(ids) > _BY_ID:
            rows = map(row_dict, self._q(conn, f"SELECT * FROM {table} "  # noqa: S608
                                         f"ORDER BY {order}"))
            return [r for r in rows if r[key] in ids]
        out: list[dict[str, Any]] = []
        wanted = sorted(ids)
        for start in range(0, len(wanted), 100):
            part = wanted[start:start + 100]
            marks = ", ".join("?" for _ in part)
            out += map(row_dict, self._q(conn, f"SELECT * FROM {table} "  # noqa: S608
                                         f"WHERE {key} IN ({marks}) ORDER BY {order}", part))
        return out

    def _note_feed_digests(self, conn: Any, claim_ids: set[str]) -> None:
        """Store what a feed just wrote of these claims (``fingerprint``)."""
        for claim_id, stored in self._stored_claims(conn, claim_ids).items():
            digest = fingerprint(stored)
            if digest != stored["feed_digest"]:  # most of a feed, imported again, is not new
                self._q(conn, "UPDATE claim SET feed_digest = ? WHERE id = ?",
                        (digest, claim_id))
