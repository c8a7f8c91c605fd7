"""JSON Schemas (2020-12) of the API's request and response bodies, for the OpenAPI document.

The shared contract files in ``shared/schemas`` (claims file, match request and response) are
embedded as components with their ``$ref``s rewritten; the rest is declared here. Limits come
from the settings, so the document states the limits this server enforces. Imports no Flask.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..engine import (
    CONTEXT_AFTER,
    CONTEXT_BEFORE,
    MAX_RELATED,
    MAX_RELATED_SENTENCES,
    RELATED,
)
from ..index.digest import MAX_HASHES, MIN_BITS
from ..index.digest import VERSION as DIGEST_VERSION
from ..paths import SCHEMAS
from ..rank.decision import SHORT_SENTENCE

NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}
FEEDBACK_KINDS = ("wrong-match", "wrong-figure")
FEEDBACK_STATUSES = ("open", "accepted", "rejected")
MAX_COMMENT_CHARS = 2000
#: Largest offset a list accepts (the database's integers stop at 2**63).
MAX_INT = 1_000_000_000
#: Items on a page of a list (claims, sources, reports) when ``limit`` is not given, and
#: the most a ``limit`` may ask for.
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def shared_schema(file: str, component: str) -> dict[str, Any]:
    """A schema from shared/schemas as a component: ``#/$defs/x`` refs point into it.

    A file that is not there yet becomes a plain object schema naming the file.
    """
    path = SCHEMAS / file
    if not path.exists():
        return {"type": "object", "description": f"See shared/schemas/{file}."}
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return _rewrite_refs(schema, f"#/components/schemas/{component}/$defs/")


def _rewrite_refs(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        return {k: (prefix + v[len("#/$defs/"):] if k == "$ref" and isinstance(v, str)
                    and v.startswith("#/$defs/") else _rewrite_refs(v, prefix))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(v, prefix) for v in node]
    return node


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: list[str], properties: dict[str, Any], *, closed: bool = False,
        description: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "required": required, "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    if description:
        schema["description"] = description
    return schema


def page_of(item: dict[str, Any]) -> dict[str, Any]:
    return obj(["items", "total", "limit", "offset", "next", "previous"], {
        "items": {"type": "array", "items": item},
        "total": {"type": "integer", "minimum": 0},
        "limit": {"type": "integer", "minimum": 1},
        "offset": {"type": "integer", "minimum": 0},
        "next": {"type": ["string", "null"], "description": "URL of the next page, if any."},
        "previous": {"type": ["string", "null"],
                     "description": "URL of the page before, if any (past the end: the "
                                    "last page)."},
    })


def _span(description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "integer", "minimum": 0},
            "minItems": 2, "maxItems": 2, "description": description}


_SOURCE = obj(["id", "publisher", "title", "url", "published", "kind"], {
    "id": {"type": "string"}, "publisher": {"type": "string"}, "title": NULLABLE_STRING,
    "url": NULLABLE_STRING, "published": NULLABLE_STRING,
    "kind": {"enum": ["primary", "news", "fact-check"]}, "note": NULLABLE_STRING,
    "cites": {"type": "array", "items": {"type": "string"}}})

_QUANTITY = obj(["id", "description", "unit"], {
    "id": {"type": "string"}, "description": {"type": "string"}, "noun": NULLABLE_STRING,
    "aliases": {"type": "array", "items": {"type": "string"}},
    "cues": {"type": "array", "items": {"type": "string"}}, "unit": {"type": "string"},
    "currency": NULLABLE_STRING, "group": NULLABLE_STRING, "period": NULLABLE_STRING})

_NUMBER_OR_NULL = {"type": ["number", "null"]}
_FIGURE_PROPS: dict[str, Any] = {
    "quantity": {"type": "string"}, "source": {"type": "string"}, "value": {"type": "number"},
    "of": _NUMBER_OR_NULL, "hedge": NULLABLE_STRING, "low": _NUMBER_OR_NULL,
    "high": _NUMBER_OR_NULL, "unit": {"type": "string"}, "currency": NULLABLE_STRING,
    "noun": NULLABLE_STRING, "text": {"type": "string"},
    "span": _span("[start, end) of text in the source's quote.")}

_CLAIM_SUMMARY_PROPS: dict[str, Any] = {
    "id": {"type": "string"}, "text": {"type": "string"}, "title": NULLABLE_STRING,
    "claimant": NULLABLE_STRING, "as_of": NULLABLE_STRING, "rating": NULLABLE_STRING,
    "tags": {"type": "array", "items": {"type": "string"}},
    "url": {"type": "string", "description": "The claim's page on this server."},
    "api_url": {"type": "string"},
    "retired_at": {"type": ["string", "null"],
                   "description": "When an editor retired the claim (it is never matched); "
                                  "null for a claim in use."}}

#: What a claim's detail shows as stored besides the summary's fields: with them and
#: ``original_url`` (the claim's ``url``), every field of a claims file's claim, so that
#: what GET shows can be PUT back whole. Never the store's own (``feed_digest``).
CLAIM_DETAIL_FIELDS = ("language", "claim_date", "first_appearance", "appearances",
                       "rating_value", "best_rating", "worst_rating")

_COUNT = {"type": "integer", "minimum": 0}


def components(limits: Mapping[str, int]) -> dict[str, Any]:
    """Every component schema, keyed by name."""
    max_chars = limits["MAX_SENTENCE_CHARS"]
    match_request = shared_schema("match-request.schema.json", "MatchRequest")
    sentences = match_request.get("properties", {}).get("sentences")
    if isinstance(sentences, dict):
        sentences["maxItems"] = limits["MAX_SENTENCES"]
        sentences.setdefault("items", {})["maxLength"] = max_chars
    summary_keys = list(_CLAIM_SUMMARY_PROPS)
    return {
        "Problem": obj(["type", "title", "status"], {
            "type": {"type": "string"}, "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": obj(["field", "message"], {
                "field": {"type": "string"}, "message": {"type": "string"}})},
        }, description="RFC 9457 problem details."),
        "Health": obj(["status", "version"], {
            "status": {"enum": ["ok", "unavailable"]}, "version": {"type": "string"},
            "claims": _COUNT}),
        "MatchRequest": match_request,
        "MatchResponse": shared_schema("match-response.schema.json", "MatchResponse"),
        "RelatedRequest": {
            "type": "object", "required": ["sentences"], "additionalProperties": False,
            "properties": {
                "sentences": {"type": "array",
                              "maxItems": min(MAX_RELATED_SENTENCES, limits["MAX_SENTENCES"]),
                              "items": {"type": "string", "maxLength": max_chars}},
                "limit": {"type": "integer", "minimum": 1, "maximum": MAX_RELATED,
                          "default": RELATED,
                          "description": "Claims listed per sentence."},
                "consecutive": {
                    "type": "boolean", "default": False,
                    "description": "The sentences are one text, in order: each is read with "
                                   f"the {CONTEXT_BEFORE} sentences before it and the "
                                   f"{CONTEXT_AFTER} after it."}}},
        "RelatedResponse": obj(["results"], {"results": {"type": "array", "items": obj(
            ["index", "text", "claims"], {
                "index": _COUNT, "text": {"type": "string"},
                "claims": {"type": "array", "description": "Nearest first.", "items": obj(
                    ["claim", "score", "matched", "sources"], {
                        "claim": {"$ref": "#/components/schemas/MatchResponse/$defs/match/"
                                          "properties/claim"},
                        "score": {"type": "number", "minimum": 0, "maximum": 1,
                                  "description": "The match score, as in /match; 0 for a "
                                                 "claim sharing too few words with the "
                                                 "sentence to be weighed."},
                        "matched": {"type": "boolean",
                                    "description": "Whether `/match` highlights the claim "
                                                   "for this sentence (lists it under "
                                                   "`matches`): the score reaches the match "
                                                   "threshold and, for a sentence of "
                                                   f"{SHORT_SENTENCE} words or fewer, one of "
                                                   "its figures gets a verdict against the "
                                                   "claim. So a claim can be false here with "
                                                   "a score above the threshold."},
                        "sources": {"type": "array", "items": {
                            "$ref": "#/components/schemas/MatchResponse/$defs/source"}}})}})}}),
        "PageRequest": {
            "type": "object", "additionalProperties": False,
            "minProperties": 1, "maxProperties": 1,
            "description": "Exactly one of html (a whole page or a fragment) or text.",
            "properties": {"html": {"type": "string"}, "text": {"type": "string"}}},
        "PageResponse": obj(["text", "sentences", "summary"], {
            "text": {"type": "string", "description": "The article text the offsets refer to."},
            "sentences": {"type": "array", "items": obj(
                ["index", "start", "end", "text", "matches"], {
                    "index": _COUNT, "start": _COUNT, "end": _COUNT, "text": {"type": "string"},
                    "matches": {"type": "array",
                                "items": {"$ref": "#/components/schemas/MatchResponse/$defs/match"}},
                })},
            "summary": obj(["sentences", "matched", "figures", "skipped", "by_status",
                            "by_source"], {
                "sentences": _COUNT, "matched": _COUNT, "skipped": _COUNT, "figures": _COUNT,
                "by_status": {"type": "object", "additionalProperties": _COUNT},
                "by_source": {"type": "object", "additionalProperties": _COUNT},
            })}),
        "ClaimSummary": obj(summary_keys, _CLAIM_SUMMARY_PROPS),
        "ClaimList": page_of(ref("ClaimSummary")),
        "Claim": obj([*summary_keys, *CLAIM_DETAIL_FIELDS, "original_url", "quotes",
                      "figures", "sources", "quantities"], {
            **_CLAIM_SUMMARY_PROPS,
            **{k: {"$ref": f"#/components/schemas/ClaimsFile/$defs/claim/properties/{k}"}
               for k in CLAIM_DETAIL_FIELDS},
            "original_url": {**NULLABLE_STRING,
                             "description": "Where the claim was published or checked: the "
                                            "claim's `url` in a claims file or a PUT body."},
            "quotes": {"type": "array", "items": obj(["source", "text"], {
                "source": {"type": "string"}, "text": {"type": "string"}})},
            "figures": {"type": "array", "items": ref("StoredFigure")},
            "sources": {"type": "array", "items": ref("Source")},
            "quantities": {"type": "array", "items": ref("Quantity")}}),
        "StoredFigure": obj(list(_FIGURE_PROPS), _FIGURE_PROPS),
        "Source": _SOURCE,
        "SourceList": page_of({"allOf": [ref("Source"), obj(["claims"], {"claims": _COUNT})]}),
        "Quantity": _QUANTITY,
        "QuantityHistory": {"allOf": [ref("Quantity"), obj(["values", "checked_claim"], {
            "values": {"type": "array", "description": "Every source's value, oldest first.",
                       "items": {"allOf": [ref("StoredFigure"), obj(
                           ["claim", "source_record", "checked"], {
                               "claim": {"type": "string"}, "source_record": ref("Source"),
                               "checked": {"type": "boolean", "description":
                                           "What the checked claim said, as its fact check "
                                           "quoted it: not a source's count."}})]}},
            "checked_claim": {
                "type": ["object", "null"], "required": ["id", "claimant", "rating"],
                "description": "For a fact check's own uncurated figure, the fact-checked "
                               "claim whose figure it is (its rating says whether it holds); "
                               "null for a quantity that sources counted.",
                "properties": {"id": {"type": "string"},
                               "claimant": {"type": ["string", "null"]},
                               "rating": {"type": ["string", "null"]}}}})]},
        "ClaimsFile": shared_schema("claims-file.schema.json", "ClaimsFile"),
        "ClaimPut": obj(["claim"], {
            "claim": {"$ref": "#/components/schemas/ClaimsFile/$defs/claim"},
            "sources": {"type": "array",
                        "items": {"$ref": "#/components/schemas/ClaimsFile/$defs/source"}},
            "quantities": {"type": "array",
                           "items": {"$ref": "#/components/schemas/ClaimsFile/$defs/quantity"}},
        }, closed=True, description="One claim, with any sources and quantities it needs that "
                                    "the store does not have yet."),
        "ImportResult": obj(["sources", "quantities", "claims", "figures", "replaced",
                             "dry_run", "kept_edits"], {
            "sources": _COUNT, "quantities": _COUNT, "claims": _COUNT, "figures": _COUNT,
            "replaced": _COUNT, "dry_run": {"type": "boolean"},
            "kept_edits": {"type": "array", "items": {"type": "string"}, "description":
                           "Claims an editor changed since their feed wrote them, or curated "
                           "(quotes of other sources, curated figures), that a review file "
                           "(POST /import) had records for: they stay as the editor left "
                           "them, the records not applied."},
            "format": {"type": "string", "description": "How the body was read (POST /import)."},
            "already_present": {
                "type": "array", "description": "Records of a review file that update a claim "
                                                "already stored (POST /import; not those "
                                                "of `kept_edits`).",
                "items": obj(["record", "claim"], {
                    "record": {"type": "string", "description": "Where it is in the body."},
                    "claim": {"type": "string", "description": "The claim it updates."}})}}),
        "FeedbackRequest": obj(["sentence", "kind"], {
            "claim_id": {**NULLABLE_STRING, "description": "The claim the card showed, if any."},
            "sentence": {"type": "string", "minLength": 1, "maxLength": max_chars},
            "span": {"type": ["array", "null"], "items": {"type": "integer", "minimum": 0},
                     "minItems": 2, "maxItems": 2,
                     "description": "[start, end) of the wrong figure in the sentence."},
            "kind": {"enum": list(FEEDBACK_KINDS)},
            "comment": {"type": "string", "maxLength": MAX_COMMENT_CHARS},
        }, closed=True),
        "FeedbackCreated": obj(["id", "status"], {"id": {"type": "string"},
                                                  "status": {"const": "open"}}),
        "Feedback": obj(["id", "claim_id", "sentence", "span", "kind", "comment", "status",
                         "created_at", "reviewed_at"], {
            "id": {"type": "string"}, "claim_id": NULLABLE_STRING,
            "sentence": {"type": "string"},
            "span": {"type": ["array", "null"], "items": {"type": "integer"}},
            "kind": {"enum": list(FEEDBACK_KINDS)}, "comment": NULLABLE_STRING,
            "status": {"enum": list(FEEDBACK_STATUSES)}, "created_at": {"type": "string"},
            "reviewed_at": NULLABLE_STRING}),
        "FeedbackList": page_of(ref("Feedback")),
        "ClaimRetire": obj(["retired"], {"retired": {
            "type": "boolean", "description": "true retires the claim, false brings it back."}},
            closed=True),
        "FeedbackReview": obj(["status"], {"status": {"enum": list(FEEDBACK_STATUSES)}},
                              closed=True),
        "Digest": obj(["version", "m", "k", "n", "bits", "stopwords", "min_shared"], {
            "version": {"const": DIGEST_VERSION, "description": "The format described in docs/api.md; a "
                                                   "client refuses any other."},
            "m": {"type": "integer", "minimum": MIN_BITS, "multipleOf": 8,
                  "description": "Bits in the filter, sized for about 1% false positives."},
            "k": {"type": "integer", "minimum": 1, "maximum": MAX_HASHES,
                  "description": "Bit positions per token."},
            "n": {**_COUNT, "description": "Distinct tokens in the filter."},
            "bits": {"type": "string", "contentEncoding": "base64",
                     "description": "The m bits, base64: bit j is byte j >> 3, mask "
                                    "1 << (j & 7)."},
            "stopwords": {"type": "array", "items": {"type": "string"},
                          "description": "Words never in the filter; drop them from a "
                                         "sentence before testing it."},
            "min_shared": {**_COUNT, "description": "Distinct filter words a sentence "
                                                   "without a figure needs to be worth "
                                                   "sending."},
        }, description="A Bloom filter of the words the claims use, so a client can skip "
                       "text that cannot match before sending it. Tokens: lower-case, then "
                       "NFKC; maximal runs of Unicode letters and numbers; drop those under "
                       "3 characters, all-digit ones and the stop words. Bits of token t: "
                       "((h1 + i*h2) mod 2**32) mod m for i < k, h1 = FNV-1a 32 of t's "
                       "UTF-8 bytes, h2 = that of \"#\" + t, ORed with 1. The full "
                       "description, with a test vector, is the section \"The digest\" of "
                       "docs/api.md in the Recount repository."),
    }
