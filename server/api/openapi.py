"""The OpenAPI 3.1 document of the public API, built from data; no Flask.

``build_document(limits)`` is what ``GET /api/v1/openapi.json`` serves and what the docs page
renders. A test compares its paths with the app's URL rules, and the fuzz test checks every
response against it; request bodies are validated against its component schemas, so the
document and the server cannot drift apart silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import __version__
from ..engine import MAX_RELATED_SENTENCES
from ..formats import FORMATS
from ..rank.decision import SHORT_SENTENCE, SUGGEST
from .schemas import FEEDBACK_STATUSES, MAX_INT, MAX_PAGE_SIZE, PAGE_SIZE, components, ref

PREFIX = "/api/v1"
PROBLEM = "application/problem+json"
#: Marks an operation that ignores query parameters instead of refusing those it does not
#: declare (``params.refuse_unknown_args``).
IGNORES_QUERY = "x-ignores-query"
SECURED: list[dict[str, list[str]]] = [{"bearer": []}, {"apiKey": []}]

DESCRIPTION = """\
Find sentences that repeat known figure claims and compare their figures with what the
sources counted. Errors are RFC 9457 problem documents (`application/problem+json`).
A query parameter an operation does not declare is refused (400), so a misspelt one is
never taken as left out.
GET responses carry an ETag; send it back in `If-None-Match` to get a 304. Responses say
`Cache-Control: no-cache` (keep, but revalidate), or `private, no-store` for what a key reads.
Write endpoints need an API key (`recount keys create --name NAME`), sent as
`Authorization: Bearer <key>` or `X-API-Key: <key>`."""

_ERRORS = {
    "400": ("BadRequest", "Malformed JSON, a wrong type, an unknown field, an unknown query "
                          "parameter or a bad value of one."),
    "401": ("Unauthorized", "No API key, or one that is unknown or revoked."),
    "404": ("NotFound", "No such record."),
    "413": ("TooLarge", "The body, the sentence count or a sentence is over its limit."),
    "412": ("PreconditionFailed", "If-Match names an ETag the claim no longer has (it "
                                  "changed since it was read), or a claim that does not "
                                  "exist: nothing was changed."),
    "415": ("UnsupportedMediaType", "The body is not in a media type this operation reads."),
    "422": ("Unprocessable", "Well-formed, but names a record that does not exist or "
                             "breaks a rule of the claims file format."),
    "429": ("TooManyRequests", "Over the rate limit; wait Retry-After seconds."),
    "503": ("Unavailable", "The database cannot be read right now (or, for the digest, "
                           "this server cannot build one); try again after Retry-After "
                           "seconds."),
}


#: The rate-limit budget, on every answer to a limited request (``http_setup``).
_BUDGET = {name: {"description": description, "schema": {"type": "string",
                                                          "pattern": "^[0-9]+$"}}
           for name, description in (
               ("RateLimit-Limit", "Requests the client's window allows."),
               ("RateLimit-Remaining", "Requests left in the window after this one."),
               ("RateLimit-Reset", "Seconds until the window starts again."))}


def _error_responses() -> dict[str, Any]:
    out = {}
    for _status, (name, description) in _ERRORS.items():
        response: dict[str, Any] = {"description": description,
                                    "content": {PROBLEM: {"schema": ref("Problem")}}}
        if name in ("TooManyRequests", "Unavailable"):
            response["headers"] = {"Retry-After": {
                "description": "Seconds until the client may try again.", "required": True,
                "schema": {"type": "string", "pattern": "^[0-9]+$"}}}
        if name == "TooManyRequests":
            response["headers"].update(_BUDGET)
        if name == "Unauthorized":
            response["headers"] = {"WWW-Authenticate": {"required": True,
                                                        "schema": {"type": "string"}}}
        out[name] = response
    return out


def _ok(schema: str, description: str, *, etag: bool = False) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description,
                                "content": {"application/json": {"schema": ref(schema)}}}
    if etag:
        response["headers"] = {"ETag": {"description": "Entity tag of this representation.",
                                        "required": True, "schema": {"type": "string"}}}
    return response


def _op(op_id: str, tag: str, summary: str, ok: dict[str, dict[str, Any]], *,
        errors: tuple[str, ...] = (), description: str = "",
        params: list[dict[str, Any]] | None = None,
        body: dict[str, Any] | None = None, secured: bool = False,
        store: bool = True, any_query: bool = False, if_match: bool = False
        ) -> dict[str, Any]:
    """One operation; ``store``: it reads the database, so it answers 503 when it cannot;
    ``any_query``: it takes no query parameters and ignores those it is given
    (``IGNORES_QUERY``), where every other operation refuses a parameter it does not
    declare; ``if_match``: a write that may name the ETag it was based on (412 when the
    record changed since)."""
    operation: dict[str, Any] = {"operationId": op_id, "tags": [tag], "summary": summary}
    if description:
        operation["description"] = description
    if if_match:
        params = [*(params or []), _IF_MATCH]
        errors = (*errors, "412")
    if params:
        operation["parameters"] = list(params)
    if body:
        operation["requestBody"] = body
    responses = dict(ok)
    if secured:
        operation["security"] = SECURED
        errors = ("401", *errors)
    if body:
        errors = ("413", "415", *errors)  # too large, wrong media type
    if any_query:
        operation[IGNORES_QUERY] = True
    # Every other operation refuses a query parameter it does not declare; any refuses a
    # malformed body, and text no database can store anywhere in its URL (a NUL).
    errors = ("400", *errors)
    if store and "503" not in ok:  # health answers its own 503 with the health document
        errors = (*errors, "503")
    for status in sorted(set(errors)):
        responses[status] = {"$ref": f"#/components/responses/{_ERRORS[status][0]}"}
    if "429" in errors:  # rate-limited: every answer says the budget
        for status in ok:
            responses[status] = {**ok[status], "headers": {**ok[status].get("headers", {}),
                                                           **_BUDGET}}
    if "ETag" in ok.get("200", {}).get("headers", {}) and not if_match:
        responses["304"] = {"description": "Not modified: the ETag in If-None-Match matches."}
    operation["responses"] = responses
    return operation


def _import_body() -> dict[str, Any]:
    """Every media type POST /import reads (``claims.MEDIA_FORMATS`` and the two whose
    content says the format), so a test can hold the two lists together."""
    text = {"schema": {"type": "string"}}
    detected = {"schema": {"type": "string", "description": "Any format: the content says "
                                                            "which, or ?format= does."}}
    return {"required": True, "content": {
        "application/json": {"schema": {"oneOf": [ref("ClaimsFile"), {
            "type": ["object", "array"],
            "description": "schema.org ClaimReview JSON-LD"}]}},
        "application/ld+json": {"schema": {"type": ["object", "array"]}},
        "text/html": text, "application/xhtml+xml": text, "text/csv": text,
        "application/x-ndjson": text, "application/jsonl": text,
        "application/json-lines": text, "text/plain": detected}}


def _json_body(schema: str, example: Any = None, required: bool = True) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": ref(schema)}
    if example is not None:
        media["example"] = example
    return {"required": required, "content": {"application/json": media}}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


def _path(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "minLength": 1}}


_PAGING = [_query("limit", f"Items per page ({PAGE_SIZE} unless given).",
                  {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE,
                   "default": PAGE_SIZE}),
           _query("offset", "Items to skip.",
                  {"type": "integer", "minimum": 0, "maximum": MAX_INT, "default": 0})]
_CLAIM_ID = _path("claim_id", "The claim's id, as in the claims file.")
_IF_MATCH = {"name": "If-Match", "in": "header", "required": False,
             "description": "The ETag the claim's GET (or the last write) gave: the write is "
                            "made only if the claim has not changed since, else 412.",
             "schema": {"type": "string"}}
_SENTENCE = ("New York released criminal illegal aliens responsible for 148 homicides, "
             "the department said.")
#: [start, end) of the example sentence's figure, "148", counted rather than typed.
_FIGURE_SPAN = [_SENTENCE.index("148"), _SENTENCE.index("148") + len("148")]


def _paths(limits: Mapping[str, Any]) -> dict[str, Any]:
    limited = ("429",) if limits.get("RATE_LIMIT") else ()
    created = {"201": _ok("ImportResult", "Imported, all or nothing: what was written."),
               "200": _ok("ImportResult", "Dry run: what would have been written.")}
    claims_file = _json_body("ClaimsFile")
    dry_run = _query("dry_run", "Validate and count, write nothing.",
                     {"type": "boolean", "default": False})
    return {
        "/health": {"get": _op(
            "health", "meta", "Is the server up and can it read its database",
            {"200": _ok("Health", "Up.", etag=True),
             "503": _ok("Health", "The database cannot be read: the body is this health "
                                  "document (`status` unavailable), not a problem document, "
                                  "the one exception to the API's error shape.")},
            description="Query parameters are ignored: a monitor may add its own to get "
                        "past caches (`?_=1700000000`). (A NUL in the URL is refused, as "
                        "everywhere.)", any_query=True)},
        "/openapi.json": {"get": _op(
            "openapi", "meta", "This document",
            {"200": {"description": "OpenAPI 3.1 document.", "headers": {"ETag": {
                "required": True, "schema": {"type": "string"}}},
                "content": {"application/json": {"schema": {"type": "object"}}}}},
            store=False)},
        "/match": {"post": _op(
            "match", "match", "Match sentences against the claims and judge their figures",
            {"200": _ok("MatchResponse", "One result per sentence, in request order.")},
            errors=("400", "413", "415", *limited),
            description=f"At most {limits['MAX_SENTENCES']} sentences of at most "
                        f"{limits['MAX_SENTENCE_CHARS']} characters each. A claim is listed "
                        "under `matches` when its score reaches this server's match "
                        f"threshold ({limits['MATCH_THRESHOLD']:g}, "
                        "`RECOUNT_MATCH_THRESHOLD`) and, for a sentence of "
                        f"{SHORT_SENTENCE} words or fewer, one of its figures gets a verdict "
                        "against the claim; else under `related` when its score reaches the "
                        f"suggestion threshold ({SUGGEST:g}, fixed: not a setting).",
            body=_json_body("MatchRequest", {"sentences": [_SENTENCE]}))},
        "/related": {"post": _op(
            "related", "match", "The claims nearest to each sentence, matched or not",
            {"200": _ok("RelatedResponse", "One result per sentence, in request order.")},
            errors=("400", "413", "415", *limited),
            description="Each claim with its match score: those reaching the match "
                        "threshold first, best first, then the others in the order of the "
                        "retrieval ranking (`recount bench retrieval` measures it). For "
                        "finding claims a sentence may repeat in other words; `/match` reports "
                        "only the matches and judges their figures. At most "
                        f"{min(MAX_RELATED_SENTENCES, limits['MAX_SENTENCES'])} sentences of "
                        f"at most {limits['MAX_SENTENCE_CHARS']} characters each.",
            body=_json_body("RelatedRequest", {"sentences": [_SENTENCE], "limit": 3}))},
        "/match/page": {"post": _op(
            "matchPage", "match", "Match every sentence of a page",
            {"200": _ok("PageResponse", "The article text, its sentences with offsets and "
                                        "matches, and a summary.")},
            errors=("400", "413", "415", *limited),
            description="Send `{\"html\": ...}` (the article body is extracted; navigation, "
                        "ads, scripts, headers, footers, asides and comments are dropped) or "
                        "`{\"text\": ...}`, or the page itself as `text/html` or `text/plain` "
                        "(in the `charset` it names, else UTF-8; bytes that are not text in "
                        "it are read as U+FFFD, as a browser shows them, and the offsets "
                        "count the text so read). A NUL is a 400 in every form.",
            body={"required": True, "content": {
                "application/json": {"schema": ref("PageRequest"),
                                     "example": {"text": _SENTENCE}},
                "text/html": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}}}})},
        "/claims": {
            "get": _op("listClaims", "claims", "Search and list claims",
                       {"200": _ok("ClaimList", "A page of claims.", etag=True)},
                       errors=("400",), params=[
                           _query("q", "Words that must all appear, each as a whole word "
                                  "in any case, in the claim or its title.",
                                  {"type": "string"}),
                           _query("source", "Only claims quoted from this source id.",
                                  {"type": "string"}),
                           _query("tag", "Only claims with this tag.", {"type": "string"}),
                           _query("retired", "true: only retired claims; false: only the "
                                  "others (default: both).", {"type": "boolean"}),
                           *_PAGING]),
            "post": _op("createClaims", "claims", "Import a claims file",
                        created, errors=("400", "415", "422"), secured=True,
                        params=[dry_run], body=claims_file,
                        description="A recount-claims/1 document, validated and imported "
                                    "all or nothing; ids that exist are replaced.")},
        "/claims/{claim_id}": {
            "parameters": [_CLAIM_ID],
            "get": _op("getClaim", "claims", "One claim with its quotes, figures, sources "
                       "and quantities", {"200": _ok("Claim", "The claim.", etag=True)},
                       errors=("404",)),
            "put": _op("putClaim", "claims", "Create or replace one claim",
                       {"200": _ok("Claim", "Replaced.", etag=True),
                        "201": _ok("Claim", "Created.", etag=True)},
                       errors=("400", "415", "422"), secured=True, body=_json_body("ClaimPut"),
                       if_match=True,
                       description="The claim's id must be the one in the path. To put "
                                   "back a claim as GET shows it: drop its `url` (its page "
                                   "here) and `api_url`, rename `original_url` to `url`, "
                                   "and move `sources` and `quantities` out beside "
                                   "`claim`. Put back unchanged, it is stored as it was."),
            "patch": _op("retireClaim", "claims", "Retire a claim, or bring it back",
                         {"200": _ok("Claim", "The claim.", etag=True)},
                         errors=("400", "404", "415"), if_match=True,
                         secured=True, body=_json_body("ClaimRetire", {"retired": True}),
                         description="A retired claim is kept (its page and the API show it) "
                                     "but never matched: for a claim so general it matches "
                                     "sentences it does not speak of."),
            "delete": _op("deleteClaim", "claims", "Delete a claim",
                          {"204": {"description": "Deleted."}}, errors=("404",),
                          secured=True, if_match=True)},
        "/quantities/{quantity_id}": {"get": _op(
            "getQuantity", "sources", "A quantity and every source's value for it, over time",
            {"200": _ok("QuantityHistory", "The quantity and its values.", etag=True)},
            errors=("404",), params=[_path("quantity_id", "The quantity's id.")])},
        "/sources": {"get": _op(
            "listSources", "sources", "List sources, newest first",
            {"200": _ok("SourceList", "A page of sources.", etag=True)},
            errors=("400",), params=_PAGING)},
        "/feedback": {
            "post": _op("createFeedback", "feedback", "Report a wrong match or a wrong figure",
                        {"201": _ok("FeedbackCreated", "Recorded for review.")},
                        errors=("400", "415", "422", *limited),
                        body=_json_body("FeedbackRequest", {
                            "claim_id": None, "sentence": _SENTENCE, "span": _FIGURE_SPAN,
                            "kind": "wrong-figure", "comment": "The source says 148."})),
            "get": _op("listFeedback", "feedback", "List reports for review",
                       {"200": _ok("FeedbackList", "A page of reports, newest first.",
                                   etag=True)},
                       errors=("400",), secured=True, params=[
                           _query("status", "Only reports with this status.",
                                  {"enum": list(FEEDBACK_STATUSES)}), *_PAGING])},
        "/feedback/{feedback_id}": {"patch": _op(
            "reviewFeedback", "feedback", "Accept or reject a report",
            {"200": _ok("Feedback", "The report after review.")},
            description="Accepting a wrong-match report about a claim stops that claim from "
                        "being returned for that sentence (its text normalised: case, spaces, "
                        "typographic quotes), on any page; another status lifts it.",
            errors=("400", "404", "415"), secured=True,
            params=[_path("feedback_id", "The report's id.")],
            body=_json_body("FeedbackReview", {"status": "accepted"}))},
        "/import": {"post": _op(
            "import", "claims", "Import a claims file in any format recount reads", created,
            description="A recount-claims/1 file (as POST /claims), ClaimReview (JSON-LD: an "
                        "object, a list, an @graph or a DataFeed; or an HTML page carrying "
                        "it), CSV with a header, or CLEF claims.jsonl. `format`, else the "
                        "media type, else the content says which. Validated whole and "
                        "imported all or nothing; a review already stored (same review URL, "
                        "or the same claim text from the same publisher) is updated and "
                        "listed in `already_present`, unless an editor has given its claim "
                        "quotes of other sources or curated figures: that claim stays as "
                        "it is and is listed in `kept_edits`.",
            errors=("400", "415", "422"), secured=True, params=[
                dry_run,
                _query("format", "How to read the body [default: by media type or content].",
                       {"enum": list(FORMATS)}),
                _query("publisher", "The fact-checker of a CLEF claims.jsonl (the file "
                                    "does not name it).", {"type": "string", "minLength": 1}),
                _query("base_url", "The site a CLEF claims.jsonl's relative links to its "
                                   "fact checks are on (https://www.politifact.com); without "
                                   "it such links are left out.",
                       {"type": "string", "pattern": "^https?://[^/?#\\s]+"}),
            ], body=_import_body())},
        "/digest": {"get": _op(
            "digest", "match", "The vocabulary of the claim database, for pre-filtering",
            {"200": _ok("Digest", "The digest; its ETag changes when the claims do.",
                        etag=True)}, errors=("503",),
            description="A Bloom filter of every word of the claims, their quotes and their "
                        "quantities' names: a client tests a sentence's words against it "
                        "and sends only sentences that may match. The Digest schema gives "
                        "the tokens and hashes; the section \"The digest\" of docs/api.md "
                        "gives them in full, with a test vector and the extension's rule.")},
    }


def build_document(limits: Mapping[str, Any]) -> dict[str, Any]:
    """The OpenAPI document for a server with these settings (MAX_SENTENCES, ...)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Recount API", "version": __version__, "description": DESCRIPTION,
                 "license": {"name": "MIT", "identifier": "MIT"}},
        "paths": {PREFIX + path: item for path, item in _paths(limits).items()},
        "components": {
            "schemas": components(limits),
            "responses": _error_responses(),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "A key from `recount keys create`."},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
        },
    }
