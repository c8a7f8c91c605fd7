"""What an editor added to a claim, kept when the claim's feed is imported again.

A feed (ClaimReview, CSV, CLEF ``claims.jsonl``) carries fact checks: a claim's text, its
review (the source ``<claim id>.review``) and the figures the engine reads in that text,
each counting a quantity made for it (``<claim id>.q<n>``, see ``formats.review``). An
editor adds what no feed carries, through ``PUT /claims/{id}`` or a ``recount-claims/1``
file:

- tags and the date the figures are as of: a feed's record that leaves them out (every
  feed's) updates the claim and keeps them;
- quotes of other sources, figures counting curated quantities: such a claim is curated,
  and a feed's record for it is not applied, nor are the source and quantities made for
  it. Merged, the feed's figures would stand beside the editor's for the same words, and
  what the editor changed in the feed's own figures cannot be told from what a newer
  reading of the text would change. The import names the claim (``ImportResult
  .kept_edits``) so an editor can bring it up to date by hand.

- anything else of a claim a feed wrote (its text, a figure's hedge or noun, the
  description of a quantity made for it): the store keeps a digest of the claim as its
  feed last wrote it (``fingerprint``); a claim that no longer matches it was changed by
  an editor since, and is kept and named as a curated one is. A newer reading of an
  unchanged text (a later Recount reads figures better) is the feed's to apply: the
  claim still matches its digest.

A claim stored before the store kept digests, or first written by a claims file, is
curated only by what no feed carries.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


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


def fingerprint(stored: dict[str, Any]) -> str:
    """A digest of what a feed writes of a stored claim: the claim record with its quotes
    and figures, and ``made`` (the quantities made for it), without the fields a feed
    leaves to editors (``EDITORS_FIELDS``, ``retired_at``)."""
    shown = {k: v for k, v in stored.items()
             if k not in (*EDITORS_FIELDS, "retired_at", "feed_digest")}
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
