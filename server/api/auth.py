"""API keys for the write endpoints: ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``.

Keys are made with ``recount keys create`` and stored hashed (see ``Store.create_key``).
``require_key`` turns a missing, unknown or revoked key into a 401 problem before the view
reads the body, and marks what the view answers as never to be kept by a cache.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, TypeVar

from flask import make_response, request
from werkzeug.datastructures import Headers

from ..problems import ApiError
from ..state import get_store

F = TypeVar("F", bound=Callable[..., Any])

_CHALLENGE = 'Bearer realm="recount"'


def presented_key(headers: Headers | Mapping[str, str]) -> str | None:
    """The key a request carries, or None. Bearer wins when both headers are sent."""
    authorization = headers.get("Authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    key = headers.get("X-API-Key", "").strip()
    return key or None


def require_key(view: F) -> F:
    """Decorate a view that changes data: it runs only for an active API key."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        key = presented_key(request.headers)
        if key is None:
            raise ApiError(401, "This endpoint needs an API key: send 'Authorization: Bearer "
                           "<key>' or 'X-API-Key: <key>'.",
                           headers={"WWW-Authenticate": _CHALLENGE})
        if not get_store().check_key(key):
            raise ApiError(401, "The API key is unknown or has been revoked.",
                           headers={"WWW-Authenticate": _CHALLENGE + ', error="invalid_token"'})
        response = make_response(view(*args, **kwargs))
        # What a key reads (readers' reports) is for its holder only. A shared cache skips
        # responses to Authorization by itself, but not to X-API-Key; no-store also keeps
        # the reports off the disk of the editor's browser.
        response.headers["Cache-Control"] = "private, no-store"
        return response

    return guarded  # type: ignore[return-value]
