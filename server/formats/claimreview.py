"""schema.org ClaimReview in and out: the markup fact-checkers publish.

Read from a JSON-LD file (one object, a list, an ``@graph`` or a ``DataFeed`` whose
``dataFeedElement`` items are reviews or hold them in ``item``), or from an HTML page's
``<script type="application/ld+json">`` blocks, where other types (NewsArticle, ...) are
skipped. Publishers' markup varies: ``author`` as an object, a list or a bare name;
``itemReviewed.author`` as a list; ``reviewRating`` missing; text entity-escaped. Every text
field is entity-decoded; non-English text is kept as it is.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup

from ..claimsfile import FileError, InvalidClaimsFile
from .review import UNNAMED, Review

CONTEXT = "https://schema.org"
#: ``Review`` fields by their ClaimReview names, for error messages.
NAMES = {"text": "claimReviewed", "id": "identifier", "review_url": "url",
         "review_date": "datePublished", "claim_date": "itemReviewed.datePublished",
         "first_appearance": "itemReviewed.firstAppearance.url",
         "appearances": "itemReviewed.appearance[].url"}


def _is(node: Any, name: str) -> bool:
    """Whether a JSON-LD node has type ``name`` (``@type`` may be a list or a full IRI)."""
    if not isinstance(node, dict):
        return False
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == name
               for t in types)


def _walk(node: Any, where: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Every ClaimReview under ``node`` with its place in the file."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, f"{where}[{i}]")
    elif isinstance(node, dict):
        if _is(node, "ClaimReview"):
            yield node, where
        elif "@graph" in node:
            yield from _walk(node["@graph"], f"{where}.@graph" if where else "@graph")
        elif _is(node, "DataFeed"):
            yield from _walk(node.get("dataFeedElement", []),
                             f"{where}.dataFeedElement" if where else "dataFeedElement")
        elif _is(node, "DataFeedItem"):
            yield from _walk(node.get("item", []), f"{where}.item")


def _text(value: Any) -> str | None:
    """A text field: entity-decoded, spaces trimmed; None when absent or empty."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, bool) or value is None:
        return None
    text = html.unescape(str(value)).strip()
    return text or None


def _names(value: Any) -> str | None:
    """``author``: an object, a list of them, or a bare name; several become one line."""
    items = value if isinstance(value, list) else [value]
    names = [n for n in (_text(v) for v in items) if n]
    return ", ".join(dict.fromkeys(names)) or None


def _urls(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        url = item.get("url") or item.get("@id") if isinstance(item, dict) else item
        if isinstance(url, list):
            url = url[0] if url else None
        if isinstance(url, str) and url.strip():
            out.append(html.unescape(url.strip()))
    return out


def _rating(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    return _text(value)


def _language(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("alternateName") or value.get("name"))
    return _text(value)


def _object(value: Any) -> dict[str, Any]:
    """A nested object; a list of them is read as its first (some publishers wrap it)."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def review(node: dict[str, Any], where: str) -> Review:
    """One ClaimReview object as a ``Review`` (checked later by ``review.check``)."""
    item = _object(node.get("itemReviewed"))
    rating = _object(node.get("reviewRating"))
    first = _urls(item.get("firstAppearance"))
    appearances = _urls(item.get("appearance"))
    if not first and not appearances and not _is(item, "Claim"):
        # The older shape: the item reviewed is the CreativeWork the claim appeared in,
        # linked by sameAs (or url).
        appearances = _urls(item.get("sameAs") or item.get("url"))
    identifier = node.get("identifier")
    return Review(
        text=_text(node.get("claimReviewed")) or "",
        publisher=_names(node.get("author")) or _names(node.get("publisher")) or UNNAMED,
        id=identifier if isinstance(identifier, str) and identifier.strip() else None,
        claimant=_names(item.get("author")),
        claim_date=_text(item.get("datePublished")),
        first_appearance=first[0] if first else None,
        appearances=appearances,
        review_url=_text(node.get("url")),
        review_date=_text(node.get("datePublished")),
        title=_text(node.get("headline")) or _text(node.get("name")),
        rating=_text(rating.get("alternateName")),
        rating_value=_rating(rating.get("ratingValue")),
        best_rating=_rating(rating.get("bestRating")),
        worst_rating=_rating(rating.get("worstRating")),
        language=_language(node.get("inLanguage")),
        where=where,
    )


def _load(text: str, where: str) -> Any:
    try:
        # strict=False: pages put raw line breaks inside JSON strings.
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise InvalidClaimsFile([FileError(f"{where}line {exc.lineno} column {exc.colno}",
                                           f"not valid JSON-LD: {exc.msg}")]) from None


def from_json(text: str) -> list[Review]:
    """The ClaimReviews of a JSON-LD file."""
    return [review(node, f"ClaimReview at {where or '(top)'}")
            for node, where in _walk(_load(text, ""), "")]


def from_html(text: str) -> list[Review]:
    """The ClaimReviews of an HTML page's ld+json blocks; a block that is not valid JSON
    stops the import (naming the block and its line in the page)."""
    soup = BeautifulSoup(text, "html.parser")
    out = []
    blocks = [s for s in soup.find_all("script")
              if str(s.get("type") or "").strip().lower() == "application/ld+json"]
    for n, block in enumerate(blocks, 1):
        label = f"ld+json block {n} (page line {block.sourceline})"
        data = _load(block.string or "", f"{label}: ")
        for node, where in _walk(data, ""):
            out.append(review(node, f"{label}, ClaimReview at {where or '(top)'}"))
    return out


def to_jsonld(reviews: list[Review]) -> list[dict[str, Any]]:
    """ClaimReview objects, one per review, that ``from_json`` reads back unchanged."""
    return [_node(r) for r in reviews]


def _node(r: Review) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if r.claimant:
        item["author"] = {"@type": "Person", "name": r.claimant}
    if r.claim_date:
        item["datePublished"] = r.claim_date
    if r.first_appearance:
        item["firstAppearance"] = {"@type": "CreativeWork", "url": r.first_appearance}
    if r.appearances:
        item["appearance"] = [{"@type": "CreativeWork", "url": u} for u in r.appearances]
    node: dict[str, Any] = {"@context": CONTEXT, "@type": "ClaimReview", "identifier": r.id,
                            "claimReviewed": r.text,
                            "author": {"@type": "Organization", "name": r.publisher},
                            "itemReviewed": item}
    for key, value in (("url", r.review_url), ("datePublished", r.review_date),
                       ("headline", r.title), ("inLanguage", r.language)):
        if value:
            node[key] = value
    rating = {key: value for key, value in (
        ("ratingValue", _number(r.rating_value)), ("bestRating", _number(r.best_rating)),
        ("worstRating", _number(r.worst_rating)), ("alternateName", r.rating))
        if value is not None}
    if rating:
        node["reviewRating"] = {"@type": "Rating", **rating}
    return node


def _number(value: str | None) -> int | float | str | None:
    """A rating as schema.org writes it: a number when it is one."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number
