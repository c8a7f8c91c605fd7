"""Feedback from readers: POST /api/v1/feedback reports a wrong match or a wrong figure;
GET /api/v1/feedback and PATCH /api/v1/feedback/<id> let a curator with an API key review them.

A report stores the sentence the reader chose to send, never the page or its URL.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..problems import ApiError
from ..state import get_store
from .auth import require_key
from .params import checked_body, choice_arg, page_args, page_links
from .schemas import FEEDBACK_STATUSES

bp = Blueprint("feedback", __name__)


def public(item: dict[str, Any]) -> dict[str, Any]:
    """A stored report as the API shows it: the span as one [start, end] pair."""
    out = {k: v for k, v in item.items() if k not in ("span_start", "span_end")}
    start, end = item.get("span_start"), item.get("span_end")
    out["span"] = [start, end] if start is not None and end is not None else None
    return {k: out.get(k) for k in ("id", "claim_id", "sentence", "span", "kind", "comment",
                                    "status", "created_at", "reviewed_at")}


def span_problem(span: tuple[int, int] | None, sentence: str) -> str | None:
    """Why ``span`` cannot point into ``sentence``, or None when it can."""
    if span is None:
        return None
    start, end = span
    if not start < end <= len(sentence):
        return f"must satisfy 0 <= start < end <= {len(sentence)} (the sentence's length)"
    return None


@bp.post("/feedback")
def create_feedback() -> tuple[dict[str, Any], int]:
    body = checked_body("FeedbackRequest")
    claim_id = body.get("claim_id")
    # JSON Schema's "integer" admits 12.0; the schema makes the span exactly [start, end].
    span: tuple[int, int] | None = None
    if body.get("span") is not None:
        start, end = body["span"]
        span = (int(start), int(end))
    errors = []
    if claim_id is not None and get_store().get_claim(claim_id) is None:
        errors.append({"field": "claim_id", "message": "no claim with this id"})
    reason = span_problem(span, body["sentence"])
    if reason:
        errors.append({"field": "span", "message": reason})
    if errors:
        what = ("refers to a claim that does not exist" if not reason else
                "marks a part of the sentence it does not have" if len(errors) == 1
                else "refers to a claim that does not exist, and marks a part of the "
                     "sentence it does not have")
        raise ApiError(422, f"The report {what}.", errors=errors)
    item = get_store().add_feedback(kind=body["kind"], sentence=body["sentence"],
                                    claim_id=claim_id, span=span,
                                    comment=body.get("comment") or None)
    return {"id": item["id"], "status": item["status"]}, 201


@bp.get("/feedback")
@require_key
def list_feedback() -> dict[str, Any]:
    status = choice_arg("status", FEEDBACK_STATUSES)
    limit, offset = page_args()
    page = get_store().list_feedback(status=status, limit=limit, offset=offset)
    return {"items": [public(i) for i in page.items], "total": page.total,
            "limit": page.limit, "offset": page.offset, **page_links(page)}


@bp.patch("/feedback/<feedback_id>")
@require_key
def review_feedback(feedback_id: str) -> dict[str, Any]:
    body = checked_body("FeedbackReview")
    item = get_store().review_feedback(feedback_id, body["status"])
    if item is None:
        raise ApiError(404, f"No report with id {feedback_id!r}.")
    return public(item)
