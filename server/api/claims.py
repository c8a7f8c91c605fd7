"""Claims: GET /api/v1/claims (search, filter, paginate) and GET /api/v1/claims/<id>."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for

from ..problems import ApiError
from ..state import get_store
from .params import page_args

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
        "url": url_for("pages.claim_page", claim_id=claim["id"], _external=True),
        "api_url": url_for("api.claims.get_claim", claim_id=claim["id"], _external=True),
    }


@bp.get("/claims")
def list_claims() -> dict[str, Any]:
    limit, offset = page_args()
    page = get_store().list_claims(q=request.args.get("q") or None,
                                   source=request.args.get("source") or None,
                                   tag=request.args.get("tag") or None,
                                   limit=limit, offset=offset)
    return {"items": [claim_summary(c) for c in page.items], "total": page.total,
            "limit": page.limit, "offset": page.offset}


@bp.get("/claims/<claim_id>")
def get_claim(claim_id: str) -> dict[str, Any]:
    claim = get_store().get_claim(claim_id)
    if claim is None:
        raise ApiError(404, f"No claim with id {claim_id!r}.")
    return {**claim_summary(claim), "original_url": claim.get("url"),
            "quotes": claim["quotes"], "figures": claim["figures"],
            "sources": claim["sources"], "quantities": claim["quantities"]}
