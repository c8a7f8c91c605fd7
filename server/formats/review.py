"""One fact check as every flat format holds it, and how it becomes claims-file records.

ClaimReview markup, the CSV layout and CLEF's ``claims.jsonl`` all describe one claim reviewed
by one publisher. Each reader turns a record into a ``Review``; ``document`` turns reviews into
a ``recount-claims/1`` document: a claim (its text also its one quote), the fact check as its
source, and the figures the engine finds in the claim's text, stored as the claim's figures so
a sentence restating or distorting one gets a verdict. ``reviews_of`` goes back the other way
for export.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields
from typing import Any

from ..claimsfile import FORMAT, FileError
from ..store.curation import claim_text_key
from ..text.figures import described, extract_figures, reads_language

#: The publisher of a fact check whose markup names none (never a guessed name).
UNNAMED = "unnamed fact-checker"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,100}$")
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
                   r"(Z|[+-][0-9]{2}:?[0-9]{2})?)?)?)?$")
_URL = re.compile(r"^https?://\S+$")


@dataclass
class Review:
    """A claim and one publisher's review of it. ``where`` names the record in its file."""

    text: str
    publisher: str = UNNAMED
    id: str | None = None
    claimant: str | None = None
    claim_date: str | None = None
    first_appearance: str | None = None
    appearances: list[str] = field(default_factory=list)
    review_url: str | None = None
    review_date: str | None = None
    title: str | None = None
    rating: str | None = None
    rating_value: str | None = None
    best_rating: str | None = None
    worst_rating: str | None = None
    language: str | None = None
    where: str = field(default="", compare=False)


#: The fields a Review carries, in the order CSV columns list them.
FIELDS = tuple(f.name for f in fields(Review) if f.name != "where")


def check(review: Review, names: dict[str, str] | None = None) -> list[FileError]:
    """What stops a review from being stored, each naming the record and the field (in the
    file format's own words: ``names`` maps a ``Review`` field to them)."""
    names = names or {}
    out = []
    for name, message in _problems(review):
        base, _, index = name.partition("[")
        field_name = names.get(base, base)
        if index:
            field_name = field_name.replace("[]", f"[{index}") if "[]" in field_name \
                else f"{field_name}[{index}"
        out.append(FileError(f"{review.where}: {field_name}", message))
    return out


def _problems(r: Review) -> list[tuple[str, str]]:
    out = []
    if not r.text.strip():
        out.append(("text", "the claim's text is missing or empty"))
    if r.id is not None and not _ID.match(r.id):
        out.append(("id", f"{r.id!r} is not an id (letters, digits and . _ : - only)"))
    for name in ("review_url", "first_appearance"):
        value = getattr(r, name)
        if value is not None and not _URL.match(value):
            out.append((name, f"{value!r} is not an http:// or https:// URL"))
    for i, url in enumerate(r.appearances):
        if not _URL.match(url):
            out.append((f"appearances[{i}]", f"{url!r} is not an http:// or https:// URL"))
    for name in ("claim_date", "review_date"):
        value = getattr(r, name)
        if value is not None and not _DATE.match(value):
            out.append((name, f"{value!r} is not an ISO 8601 date such as 2024-05-01"))
    return out


def claim_id(review: Review) -> str:
    """The claim's id: the record's own, else one derived from its review URL (or from its
    publisher and text), so importing the same review again finds the same claim."""
    if review.id:
        return review.id
    basis = review.review_url or f"{review.publisher}\n{claim_text_key(review.text)}"
    return "cr-" + hashlib.sha256(basis.encode()).hexdigest()[:16]


def document(reviews: list[Review], name: str | None = None) -> dict[str, Any]:
    """The reviews as a claims file: per review a claim, its source and its figures."""
    doc: dict[str, Any] = {"format": FORMAT, "sources": [], "quantities": [], "claims": []}
    if name:
        doc["name"] = name
    for review in reviews:
        cid = claim_id(review)
        source_id = f"{cid}.review"
        doc["sources"].append(_without_none({
            "id": source_id, "publisher": review.publisher, "title": review.title,
            "url": review.review_url, "published": review.review_date, "kind": "fact-check"}))
        figures = []
        read = extract_figures(review.text) if reads_language(review.language) else []
        for n, fig in enumerate(read):
            qid = f"{cid}.q{n}"
            doc["quantities"].append(_without_none({
                "id": qid, "description": described(fig, review.text),
                "noun": fig.noun, "unit": fig.unit, "currency": fig.currency, "group": cid}))
            figures.append(_without_none({
                "quantity": qid, "source": source_id, "value": fig.value, "of": fig.of,
                "hedge": fig.hedge, "low": fig.low, "high": fig.high, "unit": fig.unit,
                "currency": fig.currency, "noun": fig.noun, "text": fig.text,
                "span": [fig.start, fig.end]}))
        claim = _without_none({
            "id": cid, "text": review.text, "title": review.title, "claimant": review.claimant,
            "url": review.review_url, "rating": review.rating, "language": review.language,
            "claim_date": review.claim_date, "first_appearance": review.first_appearance,
            "rating_value": review.rating_value, "best_rating": review.best_rating,
            "worst_rating": review.worst_rating})
        if review.appearances:
            claim["appearances"] = list(review.appearances)
        claim["quotes"] = [{"source": source_id, "text": review.text}]
        if figures:
            claim["figures"] = figures
        doc["claims"].append(claim)
    return doc


def reviews_of(doc: dict[str, Any]) -> list[Review]:
    """Each claim of a claims file as a review by its fact-check source (or, for a claim
    without one, its first quoted source)."""
    sources = {s["id"]: s for s in doc.get("sources", [])}
    out = []
    for claim in doc.get("claims", []):
        quoted = [sources[q["source"]] for q in claim["quotes"] if q["source"] in sources]
        checks = [s for s in quoted if s.get("kind") == "fact-check"]
        source = (checks or quoted or [{}])[0]
        out.append(Review(
            id=claim["id"], text=claim["text"], publisher=source.get("publisher") or UNNAMED,
            claimant=claim.get("claimant"), claim_date=claim.get("claim_date"),
            first_appearance=claim.get("first_appearance"),
            appearances=list(claim.get("appearances") or []),
            review_url=claim.get("url") or source.get("url"),
            review_date=source.get("published"),
            title=claim.get("title") or source.get("title"), rating=claim.get("rating"),
            rating_value=claim.get("rating_value"), best_rating=claim.get("best_rating"),
            worst_rating=claim.get("worst_rating"), language=claim.get("language")))
    return out


def _without_none(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}
