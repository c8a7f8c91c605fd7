"""GET /api/v1/digest: a compact summary of the claim database's vocabulary.

Clients (the extension) fetch it once and use it to skip pages that cannot match before
sending any text. ``index.digest.build_digest`` makes it from every claim text, quote text
and quantity noun, alias and description; it is built once per store data version and served
with an ETag, so a client that revalidates gets a 304 until the claims change.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from flask import Blueprint, Response, current_app, request

from ..problems import ApiError
from ..state import get_store, recount_state
from ..store import Corpus

bp = Blueprint("digest", __name__)
_lock = threading.Lock()

Builder = Callable[[Iterable[str]], dict[str, Any]]


def load_builder() -> Builder | None:
    """``index.digest.build_digest``, or None in a build that does not have it yet."""
    try:
        from ..index.digest import build_digest
    except ImportError:
        return None
    return build_digest


def corpus_texts(corpus: Corpus) -> Iterator[str]:
    """Every text the digest covers: claims, their quotes, and the quantities' words."""
    for claim in corpus.claims:
        yield claim["text"]
        for quote in claim.get("quotes", []):
            yield quote["text"]
    for quantity in corpus.quantities.values():
        for text in (quantity.get("noun"), quantity.get("description"),
                     *quantity.get("aliases", [])):
            if text:
                yield text


def _built(version: int) -> tuple[bytes, str]:
    """The digest body and its ETag for this data version, built at most once per version."""
    state = recount_state()
    cached = state.get("digest")
    if cached and cached[0] == version:
        return cached[1], cached[2]
    builder = load_builder()
    if builder is None:
        raise ApiError(503, "The digest is not available on this server.",
                       headers={"Retry-After": "3600"})
    with _lock:
        cached = state.get("digest")
        if cached and cached[0] == version:
            return cached[1], cached[2]
        corpus = get_store().load_corpus()
        body = json.dumps(builder(corpus_texts(corpus)), separators=(",", ":"),
                          ensure_ascii=False).encode()
        etag = hashlib.sha256(body).hexdigest()[:32]
        state["digest"] = (corpus.version, body, etag)
        return body, etag


@bp.get("/digest")
def digest() -> Response:
    body, etag = _built(get_store().data_version())
    response = current_app.response_class(body, mimetype="application/json")
    response.set_etag(etag)
    response.make_conditional(request)  # changes the response in place (and returns it)
    return response
