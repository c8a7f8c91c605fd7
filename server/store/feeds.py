"""What an editor added to a claim, kept when the claim's feed is imported again.

A feed (ClaimReview, CSV, CLEF ``claims.jsonl``) carries fact checks: a claim's text, its
review, and the figures the engine reads in that text, each counting a quantity made for it
(``<claim id>.q<n>``, see ``formats.review``). What an editor adds by hand, so that figure
verdicts say more (tags, the date the figures are as of, quotes of other sources, figures
counting curated quantities), is in no feed. So when a feed's record updates a stored
claim, it brings the review's side up to date and keeps the editor's:

- ``tags`` and ``as_of``, unless the record gives them;
- the quotes of sources other than the ones the record quotes;
- the figures counting a curated quantity, as long as the quote they point into still reads
  the same text there (a feed that rewrote the claim's text takes those with it: counted in
  ``Kept.dropped``); the feed's own figure for the same words gives way to the curated one.

A ``recount-claims/1`` file and ``PUT /claims/{id}`` carry whole claims, editors' fields
included, and replace a stored claim as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_DERIVED = re.compile(r"\.q[0-9]+")


def derived(claim_id: str, quantity_id: str) -> bool:
    """Whether a quantity was made from a review's text for this claim (not curated)."""
    return (quantity_id.startswith(claim_id)
            and _DERIVED.fullmatch(quantity_id, len(claim_id)) is not None)


@dataclass
class Kept:
    """A feed record merged with what an editor added to the stored claim."""

    claim: dict[str, Any]
    #: Whether anything an editor added was kept.
    edited: bool = False
    #: Curated figures that could not stay: the feed changed the text they point into.
    dropped: int = 0
    #: Quantities the feed made that no figure counts any more (a curated one took its place).
    unused: set[str] = field(default_factory=set)


def merged(record: dict[str, Any], stored: dict[str, Any]) -> Kept:
    """``record`` (a feed's claim, as a claims-file record) with the editor's additions to
    ``stored`` (the same claim as stored: ``tags``, ``as_of``, ``quotes``, ``figures``)."""
    claim_id = record["id"]
    out = dict(record)
    edited = False
    for name in ("tags", "as_of"):
        if name not in record and stored.get(name):
            out[name], edited = stored[name], True
    quotes = list(record["quotes"])
    reads = {q["source"]: q["text"] for q in quotes}
    curated = [f for f in stored.get("figures", []) if not derived(claim_id, f["quantity"])]
    for quote in stored.get("quotes", []):
        if quote["source"] not in reads:  # only an editor quotes another source
            quotes.append(quote)
            reads[quote["source"]] = quote["text"]
            edited = True
    kept = [f for f in curated
            if reads.get(f["source"], "")[f["span"][0]:f["span"][1]] == f["text"]]
    dropped = len(curated) - len(kept)
    own = [f for f in record.get("figures", [])
           if not any(_overlap(f, c) for c in kept)]
    unused = {f["quantity"] for f in record.get("figures", [])} - {f["quantity"] for f in own}
    if kept or dropped:
        edited = True
    out["quotes"] = quotes
    figures = own + kept
    if figures:
        out["figures"] = figures
    else:
        out.pop("figures", None)
    return Kept(out, edited, dropped, unused)


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two figures read words of one quote in common."""
    return (a["source"] == b["source"] and a["span"][0] < b["span"][1]
            and b["span"][0] < a["span"][1])
