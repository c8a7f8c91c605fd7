"""Claims: search and read them; with an API key, import, replace and delete them.

GET /api/v1/claims, GET /api/v1/claims/<id>; key-protected POST /api/v1/claims (a
recount-claims/1 file, all or nothing), POST /api/v1/import (the same, or any other format
``recount import`` reads: ClaimReview JSON-LD or HTML, CSV, CLEF claims.jsonl), PUT, PATCH
(retire) and DELETE /api/v1/claims/<id>. Every write goes through ``Store.import_document``,
the path the CLI uses.

A write to one claim may carry ``If-Match`` with the ETag its GET gave: when the claim has
changed since (another editor's PUT, a retirement, a feed's update), the write is refused
with 412 and nothing changes, so an edit made on an old copy never silently undoes a newer
one. PUT and PATCH answer with the claim's new ETag.
"""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from flask import Blueprint, Response, current_app, request, url_for
from werkzeug.datastructures import ETags
from werkzeug.http import generate_etag

from .. import formats
from ..claimsfile import FORMAT, InvalidClaimsFile
from ..formats import FORMATS
from ..problems import ApiError
from ..state import get_store
from ..store import ImportResult
from ..store.reads import Expectation
from ..urls import external_url
from .auth import require_key
from .params import (
    body_bytes,
    bool_arg,
    checked_body,
    choice_arg,
    json_body,
    json_value,
    page_args,
    page_links,
    text_arg,
)
from .schemas import CLAIM_DETAIL_FIELDS

bp = Blueprint("claims", __name__)


def claim_summary(claim: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": claim["id"],
        "text": claim["text"],
        "title": claim.get("title"),
        "claimant": claim.get("claimant"),
        "as_of": claim.get("as_of"),
        "rating": claim.get("rating"),
        "tags": claim.get("tags", []),
        "url": external_url("pages.claim_page", claim_id=claim["id"]),
        "api_url": external_url("api.claims.get_claim", claim_id=claim["id"]),
        "retired_at": claim.get("retired_at"),
    }


def claim_detail(claim: dict[str, Any]) -> dict[str, Any]:
    return {**claim_summary(claim), **{k: claim.get(k) for k in CLAIM_DETAIL_FIELDS},
            "original_url": claim.get("url"),
            "quotes": claim["quotes"], "figures": claim["figures"],
            "sources": claim["sources"], "quantities": claim["quantities"]}


@bp.get("/claims")
def list_claims() -> dict[str, Any]:
    limit, offset = page_args()
    page = get_store().list_claims(q=request.args.get("q") or None,
                                   source=request.args.get("source") or None,
                                   tag=request.args.get("tag") or None,
                                   retired=(bool_arg("retired") if "retired" in request.args
                                            else None),
                                   limit=limit, offset=offset)
    return {"items": [claim_summary(c) for c in page.items], "total": page.total,
            "limit": page.limit, "offset": page.offset, **page_links(page)}


@bp.get("/claims/<claim_id>")
def get_claim(claim_id: str) -> dict[str, Any]:
    claim = get_store().get_claim(claim_id)
    if claim is None:
        raise ApiError(404, f"No claim with id {claim_id!r}.")
    return claim_detail(claim)


@bp.post("/claims")
@require_key
def create_claims() -> tuple[dict[str, Any], int]:
    dry_run = bool_arg("dry_run")
    result = import_or_422(json_body(), dry_run=dry_run)
    return result.as_dict(), 200 if dry_run else 201


#: Media types of the formats other than the project's JSON (application/json is either
#: that or ClaimReview JSON-LD, told apart by content, as is text/plain).
MEDIA_FORMATS = {"application/ld+json": "claimreview", "text/html": "claimreview",
                 "application/xhtml+xml": "claimreview", "text/csv": "csv",
                 "application/x-ndjson": "clef", "application/jsonl": "clef",
                 "application/json-lines": "clef"}
_DETECTED = ("application/json", "text/plain")


@bp.post("/import")
@require_key
def import_file() -> tuple[dict[str, Any], int]:
    """A claims file in any format ``recount import`` reads: ``?format=`` or the media type
    says which, else its content does (as on the command line)."""
    dry_run = bool_arg("dry_run")
    publisher = text_arg("publisher")
    base_url = text_arg("base_url")
    if base_url is not None and not formats.site_url(base_url):
        raise ApiError(400, "base_url is the site a CLEF collection's relative links are on: "
                       "a whole http:// or https:// URL such as https://www.politifact.com.",
                       errors=[{"field": "base_url", "message": "not an http(s) URL"}])
    fmt = choice_arg("format", FORMATS) or MEDIA_FORMATS.get(request.mimetype)
    if fmt is None and request.mimetype not in _DETECTED:
        raise ApiError(415, "Send a claims file as application/json (recount-claims/1 or "
                       "ClaimReview), application/ld+json, text/html, text/csv or "
                       "application/x-ndjson (CLEF claims.jsonl), or as text/plain to have the format "
                       "detected, or say ?format=.")
    # Malformed JSON is a 400, as everywhere in the API; parsed, it says its format. A
    # format named in the query wins over the media type (CSV sent as application/json).
    data = json_value() if request.is_json and fmt in (None, "json") else None
    try:
        text = body_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"The request body is not UTF-8 text (byte {exc.start}); send "
                       "it encoded as UTF-8.") from None
    try:
        fmt = fmt or (formats.json_kind(data) if request.is_json else formats.detect(text))
    except InvalidClaimsFile as exc:
        raise _invalid(exc) from None
    present: list[dict[str, str]] = []
    if fmt == "json":
        doc = json_value()  # whatever the media type said (?format=json with text/plain)
        if not isinstance(doc, dict):
            raise ApiError(400, "A recount-claims/1 file is a JSON object.",
                           errors=[{"field": "(body)", "message": "must be an object"}])
        result = import_or_422(doc, dry_run=dry_run)
    else:
        result, present = _import_reviews(text, fmt, dry_run, publisher, base_url)
    return ({**result.as_dict(), "format": fmt, "already_present": present},
            200 if dry_run else 201)


def _import_reviews(text: str, fmt: str, dry_run: bool, publisher: str | None,
                    base_url: str | None) -> tuple[ImportResult, list[dict[str, str]]]:
    """Import a review file (every format but the project's JSON) as ``recount import``
    does; also the records that updated a stored claim."""
    store = get_store()
    try:
        loaded = formats.load(text, fmt, publisher=publisher, base_url=base_url)
        keys = store.claim_keys()
        loaded = formats.prepared(loaded, keys)
        try:
            result = store.import_document(loaded.doc, dry_run=dry_run, from_feed=True)
        except InvalidClaimsFile as exc:
            raise formats.located(exc, loaded, "(body)") from None
    except InvalidClaimsFile as exc:
        raise _invalid(exc) from None
    return result, [{"record": where, "claim": claim_id}
                    for where, claim_id in formats.already_present(loaded, keys,
                                                                   result.kept_edits)]


@bp.put("/claims/<claim_id>")
@require_key
def put_claim(claim_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    body = checked_body("ClaimPut")
    claim, created = replace_claim(claim_id, body, expect=_unchanged_since_read(claim_id))
    body, status, headers = _written(claim, 201 if created else 200)
    headers["Location"] = external_url("api.claims.get_claim", claim_id=claim_id)
    return body, status, headers


def replace_claim(claim_id: str, body: dict[str, Any], *, expect: Expectation | None = None
                  ) -> tuple[dict[str, Any], bool]:
    """Write ``body``, a ``ClaimPut`` body that matches its schema (``params.check``), as
    the claim ``claim_id``, as PUT does; the claim as stored, and whether it is new. An
    invalid one is an ``ApiError`` (422) naming each field (``claim.figures[0].span``), and
    nothing is written. The review page's edit form writes through here too."""
    if body["claim"]["id"] != claim_id:
        raise ApiError(422, f"The claim's id {body['claim']['id']!r} is not the id in the "
                       f"path, {claim_id!r}.", errors=[{"field": "claim.id",
                                                        "message": "differs from the path"}])
    if body["claim"].get("url") in _own_pages(claim_id):
        # The url GET shows is the claim's page here; put back, it would replace the link
        # to where the claim was published with a link to itself.
        raise ApiError(422, "The claim's url is its page on this server, as GET shows it; "
                       "a claim's url is where it was published or checked (GET's "
                       "original_url).", errors=[{"field": "claim.url",
                                                  "message": "is the claim's own page here; "
                                                             "give its original_url"}])
    doc = {"format": FORMAT, "sources": body.get("sources", []),
           "quantities": body.get("quantities", []), "claims": [body["claim"]]}
    result = import_or_422(doc, rename={"claims[0]": "claim"}, expect=expect)
    claim = get_store().get_claim(claim_id)
    assert claim is not None  # just written, in the same store
    return claim, result.replaced == 0


def claim_etag(claim: dict[str, Any]) -> str:
    """The ETag GET gives ``claim`` (as the store reads it), unquoted: what a write must
    name (``If-Match``, or the review page's version field) to be made on it."""
    return _etag(claim_detail(claim))


def _etag(detail: dict[str, Any]) -> str:
    """The ETag GET gives a claim shown as ``detail`` (``claim_detail``): a hash of the
    body it sends."""
    body = cast(Response, current_app.json.response(detail))
    return generate_etag(body.get_data())


def _written(claim: dict[str, Any], status: int
             ) -> tuple[dict[str, Any], int, dict[str, str]]:
    """A write's answer: the claim as GET shows it, with the ETag GET gives it, for the
    next write's ``If-Match``."""
    detail = claim_detail(claim)
    return detail, status, {"ETag": f'"{_etag(detail)}"'}


def _unchanged_since_read(claim_id: str) -> Expectation | None:
    """With ``If-Match``, a write is refused (412) unless the claim is as the client read
    it: an edit made on an old copy would undo what changed since (another editor's change,
    a retirement, which a PUT of the old copy's ``retired_at`` would take back). Checked
    now, before the body is, and again in the write's transaction (the ``Expectation``
    returned), so that a write landing in between is caught too."""
    wanted = request.if_match
    if not wanted:
        return None
    check = partial(_matches, claim_id, wanted)
    check(get_store().get_claim(claim_id))
    return claim_id, check


def _matches(claim_id: str, wanted: ETags, claim: dict[str, Any] | None) -> None:
    if claim is None:
        raise ApiError(412, f"No claim with id {claim_id!r}, and If-Match asks for one.",
                       title="Precondition Failed")
    if not wanted.contains(claim_etag(claim)):
        raise ApiError(412, f"The claim {claim_id!r} has changed since the ETag in If-Match "
                       "was given: nothing was changed. GET it again, make the change on "
                       "what it shows, and send that with its new ETag.",
                       title="Precondition Failed")


def _own_pages(claim_id: str) -> set[str]:
    """The addresses of a claim's page here that GET may have shown: the public one and
    the one this request's host gives."""
    return {external_url("pages.claim_page", claim_id=claim_id),
            url_for("pages.claim_page", claim_id=claim_id, _external=True)}


@bp.patch("/claims/<claim_id>")
@require_key
def retire_claim(claim_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    body = checked_body("ClaimRetire")
    if not get_store().retire_claim(claim_id, body["retired"],
                                    expect=_unchanged_since_read(claim_id)):
        raise ApiError(404, f"No claim with id {claim_id!r}.")
    claim = get_store().get_claim(claim_id)
    assert claim is not None  # just changed, in the same store
    return _written(claim, 200)


@bp.delete("/claims/<claim_id>")
@require_key
def delete_claim(claim_id: str) -> Response:
    if not get_store().delete_claim(claim_id, expect=_unchanged_since_read(claim_id)):
        raise ApiError(404, f"No claim with id {claim_id!r}.")
    return Response(status=204)


def import_or_422(doc: dict[str, Any], *, dry_run: bool = False,
                  rename: dict[str, str] | None = None,
                  expect: Expectation | None = None) -> ImportResult:
    """Import ``doc``; an invalid one becomes a 422 whose errors name record and field."""
    try:
        return get_store().import_document(doc, dry_run=dry_run, expect=expect)
    except InvalidClaimsFile as exc:
        raise _invalid(exc, rename) from None


def _invalid(exc: InvalidClaimsFile, rename: dict[str, str] | None = None) -> ApiError:
    """The 422 for a claims file with problems, each naming its record and field."""
    errors = []
    for error in exc.errors:
        where = error.where
        for old, new in (rename or {}).items():
            if where.startswith(old):
                where = new + where[len(old):]
        errors.append({"field": where, "message": error.message})
    return ApiError(422, f"The claims file has {len(errors)} problem(s); nothing was "
                    "imported.", title="Invalid claims file", errors=errors)
