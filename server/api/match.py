"""POST /api/v1/match: sentences in, claim matches with figure verdicts out."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

from ..logging_setup import note
from ..problems import ApiError
from ..state import get_matcher
from ..urls import external_url
from .params import json_body

bp = Blueprint("match", __name__)


def _json_body() -> dict[str, Any]:
    return json_body()


def sentences_from(body: dict[str, Any]) -> list[str]:
    unknown = sorted(set(body) - {"sentences"})
    if unknown:
        raise ApiError(400, f"Unknown field(s): {', '.join(unknown)}.",
                       errors=[{"field": f, "message": "unknown field"} for f in unknown])
    sentences = body.get("sentences")
    if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
        raise ApiError(400, "'sentences' must be a list of strings.",
                       errors=[{"field": "sentences", "message": "must be a list of strings"}])
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


def claim_page_url(claim_id: str) -> str:
    return external_url("pages.claim_page", claim_id=claim_id)
