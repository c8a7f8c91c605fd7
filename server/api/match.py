"""POST /api/v1/match: sentences in, claim matches with figure verdicts out.

POST /api/v1/related: sentences in, the claims nearest to each out, matched or not.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

from ..engine import MAX_RELATED_SENTENCES, RELATED
from ..logging_setup import note
from ..problems import ApiError
from ..state import get_matcher
from ..urls import external_url
from .params import check, did_you_mean, json_body, unknown_fields

bp = Blueprint("match", __name__)


def _json_body() -> dict[str, Any]:
    return json_body()


def sentences_from(body: dict[str, Any], options: tuple[str, ...] = ()) -> list[str]:
    """The body's sentences, checked against the server's limits; ``options`` are the other
    fields the body may hold."""
    known = ("sentences", *options)
    unknown = sorted(set(body) - set(known))
    if unknown:
        raise ApiError(400, "Unknown field(s): " + ", ".join(
            repr(name) + did_you_mean(name, known) for name in unknown) + ".",
                       errors=unknown_fields(unknown, known))
    sentences = body.get("sentences")
    if not isinstance(sentences, list):
        message = "required" if sentences is None and "sentences" not in body else \
            "must be of type array"
        raise ApiError(400, "'sentences' must be a list of strings.",
                       errors=[{"field": "sentences", "message": message}])
    wrong = next((i for i, s in enumerate(sentences) if not isinstance(s, str)), None)
    if wrong is not None:  # the first offending item, named as a JSON body's errors are
        raise ApiError(400, f"'sentences' must be a list of strings; item {wrong} is not.",
                       errors=[{"field": f"sentences[{wrong}]",
                                "message": "must be of type string"}])
    limit = current_app.config["MAX_SENTENCES"]
    if len(sentences) > limit:
        raise ApiError(413, f"At most {limit} sentences per request; send them in batches.",
                       title="Too many sentences",
                       errors=[{"field": "sentences", "message": f"more than {limit} items"}])
    longest = current_app.config["MAX_SENTENCE_CHARS"]
    for i, sentence in enumerate(sentences):
        if len(sentence) > longest:
            raise ApiError(413, f"Sentence {i} is longer than {longest} characters.",
                           title="Sentence too long",
                           errors=[{"field": f"sentences[{i}]",
                                    "message": f"longer than {longest} characters"}])
    note(sentences=len(sentences))
    return sentences


@bp.post("/match")
def match() -> dict[str, Any]:
    sentences = sentences_from(_json_body())
    results = get_matcher().match(sentences, claim_url=claim_page_url)
    note(matched=sum(1 for r in results if r["matches"]))
    return {"results": results}


@bp.post("/related")
def related() -> dict[str, Any]:
    body = _json_body()
    sentences = sentences_from(body, ("limit", "consecutive"))
    if len(sentences) > MAX_RELATED_SENTENCES:
        raise ApiError(413, f"At most {MAX_RELATED_SENTENCES} sentences per request to "
                            "/related; send them in batches.", title="Too many sentences",
                       errors=[{"field": "sentences",
                                "message": f"more than {MAX_RELATED_SENTENCES} items"}])
    check(body, "RelatedRequest")
    # JSON Schema counts 3.0 as an integer.
    limit, consecutive = int(body.get("limit", RELATED)), body.get("consecutive", False)
    results = get_matcher().related(sentences, limit=limit, consecutive=consecutive,
                                    claim_url=claim_page_url)
    return {"results": results}


def claim_page_url(claim_id: str) -> str:
    return external_url("pages.claim_page", claim_id=claim_id)
