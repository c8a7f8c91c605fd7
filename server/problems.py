"""One error shape for the whole API: RFC 9457 ``application/problem+json``.

Views raise ``ApiError`` (or let Flask raise an ``HTTPException``); the handlers here turn
both into a problem document. A 500 says only that something failed, never why. A browser
asking for a reader's page (not under /api/) gets the same status, title and detail as an
HTML page instead.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, has_request_context, json, render_template, request, url_for
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

log = logging.getLogger("recount")

PROBLEM_TYPE = "about:blank"
#: Seconds a client is asked to wait when the database cannot be read: long enough for a
#: restarted database server, short enough that a reader's next page is checked.
UNAVAILABLE_RETRY = 30
MEDIA_TYPE = "application/problem+json"


class ApiError(Exception):
    """An error a client can act on: status, a short title, detail, and field errors."""

    def __init__(self, status: int, detail: str, *, title: str | None = None,
                 errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title
        self.errors = errors
        self.headers = headers or {}


def problem(status: int, detail: str | None = None, *, title: str | None = None,
            errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    """A problem+json response."""
    from http import HTTPStatus

    body: dict[str, Any] = {
        "type": PROBLEM_TYPE,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    if _wants_html():
        response = Response(render_template("error.html", problem=body), status=status,
                            mimetype="text/html")
    else:
        response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    if has_request_context() and not request.path.startswith("/api/"):
        # A reader's page answers a browser in HTML and curl in JSON: a cache must not hand
        # one's answer to the other.
        response.vary.add("Accept")
    return response


def _wants_html() -> bool:
    """A browser on a reader's page: the API keeps problem+json whatever the client accepts;
    elsewhere HTML wins only when preferred over JSON (curl's */* gets JSON)."""
    if not has_request_context() or request.path.startswith("/api/"):
        return False
    best = request.accept_mimetypes.best_match([MEDIA_TYPE, "application/json", "text/html"])
    return best == "text/html"


def register(app: Flask) -> None:
    """Install the handlers that make every 4xx and 5xx a problem document."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return problem(exc.status, exc.detail, title=exc.title, errors=exc.errors,
                       headers=exc.headers)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        # Keep the headers werkzeug attaches (Allow on a 405, WWW-Authenticate, Retry-After),
        # drop its text/html Content-Type.
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        detail = exc.description if exc.code != 500 else None
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            detail = (f"This path does not take {request.method}; it takes "
                      f"{', '.join(exc.valid_methods)}.")
        elif (isinstance(exc, NotFound) and exc.description == NotFound.description
              and request.path.startswith("/api/")):
            # werkzeug's text speaks of spelling; an API client needs the list of paths.
            detail = (f"No endpoint at {request.path}. Every endpoint is listed at "
                      f"{url_for('api_docs.docs_page')} (OpenAPI: "
                      f"{url_for('api.docs.openapi')}).")
        if exc.code == 413 and app.config.get("MAX_CONTENT_LENGTH"):
            detail = (f"The request body is larger than {app.config['MAX_CONTENT_LENGTH']} "
                      "bytes (RECOUNT_MAX_BODY_BYTES).")
        return problem(exc.code or 500, detail, headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        # Log the type and route only: the exception text may quote request data.
        route = request.url_rule.rule if request.url_rule else "(no route)"
        backend = app.extensions["recount"]["store"].backend
        if isinstance(exc, backend.errors) and backend.unavailable(exc):
            # The database is down or unreadable: the client may try again later, and a
            # monitor can tell this from a bug.
            log.warning("database unavailable (%s) on %s %s", type(exc).__name__,
                        request.method, route)
            return problem(503, "The database cannot be read right now; try again later.",
                           headers={"Retry-After": str(UNAVAILABLE_RETRY)})
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, route,
                  exc_info=app.debug)
        return problem(500, "The server could not complete the request.")
