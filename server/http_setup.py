"""HTTP behaviour around every view: proxies, CORS, rate limits and conditional GETs.

* ``TRUSTED_PROXIES`` > 0 wraps the app in werkzeug's ProxyFix, so the client address (and
  with it the rate-limit key) comes from that many X-Forwarded-For hops, and the path a
  proxy serves the app under from X-Forwarded-Prefix.
* A ``PUBLIC_URL`` with a path (``https://example.org/recount``) serves the app under that
  path: every link and redirect carries it, whether the proxy passes the path on or not.
* CORS (flask-cors) answers only the origins in ``CORS_ORIGINS``, and only a request that
  names one in its Origin header; with none listed, no CORS header is ever sent. There is no
  wildcard. With origins listed, every API response says ``Vary: Origin``.
* flask-limiter counts requests per client to the match endpoints (one shared budget for
  /match, /match/page and /related) and to POST /feedback; each answer says the budget
  (``RateLimit-Limit``, ``-Remaining``, ``-Reset`` in seconds), a breach is a 429 problem
  with Retry-After.
* Every GET/HEAD 200 gets an ETag (a hash of the body unless the view set one) and
  If-None-Match is answered with 304. An API response says ``Cache-Control: no-cache``
  (a cache may keep it, but asks with the ETag before using it again) unless its view set
  another (``api.auth.require_key``: what a key reads is never kept).
* A path or query holding text no database can store (a NUL, "%00") is a 400 before any
  view runs (JSON bodies are checked where they are parsed, ``api.params``).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_cors import CORS
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits.errors import ConfigurationError
from werkzeug.middleware.proxy_fix import ProxyFix

from .problems import problem
from .settings import SettingError
from .text.unicode import PROBLEMS, text_problem

CORS_HEADERS = ["Content-Type", "Authorization", "X-API-Key", "If-None-Match", "If-Match"]
#: What a client is told of its rate-limit budget (the three fields of the IETF draft
#: "RateLimit header fields for HTTP"): requests per window, left in it, seconds until it
#: starts again.
BUDGET_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
CORS_EXPOSE = ["ETag", "Retry-After", "Location", *BUDGET_HEADERS]


def register(app: Flask, settings: dict[str, Any]) -> None:
    hops = settings["TRUSTED_PROXIES"]
    prefix = urlsplit(settings["PUBLIC_URL"]).path.rstrip("/")
    if prefix:
        app.wsgi_app = MountedAt(app.wsgi_app, prefix)  # type: ignore[method-assign]
    if hops:
        # Outside MountedAt: a prefix PUBLIC_URL names wins over the proxy's header.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops,  # type: ignore[method-assign]
                                x_prefix=hops)
    _cors(app, list(settings["CORS_ORIGINS"]))
    _rate_limits(app, settings)

    @app.before_request
    def _storable_text() -> Response | None:
        for where, text in (("(path)", request.path), *request.args.items(multi=True)):
            problem_kind = text_problem(where) or text_problem(text)
            if problem_kind is not None:
                named = "The path" if where == "(path)" else f"The query parameter {where!r}"
                detail = f"{named} {PROBLEMS[problem_kind]}."
                return problem(400, detail, title="Malformed text",
                               errors=[{"field": where, "message": PROBLEMS[problem_kind]}])
        return None

    @app.after_request
    def _conditional(response: Response) -> Response:
        if (request.method in ("GET", "HEAD") and response.status_code == 200
                and not response.direct_passthrough and not response.is_streamed):
            if "ETag" not in response.headers:
                response.add_etag()
            response.make_conditional(request)
        return response

    @app.after_request
    def _cache_control(response: Response) -> Response:
        # Without it a shared cache may serve a claim for minutes after an editor changed
        # it (heuristic freshness): the claims change, and the ETag makes asking cheap.
        if request.path.startswith("/api/") and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache"
        return response


class MountedAt:
    """WSGI middleware serving the app under ``prefix`` (the path of ``PUBLIC_URL``).

    Links and redirects are built under it (``SCRIPT_NAME``). A proxy may pass a request on
    with the prefix (``/recount/claims/x``) or without it (``/claims/x``): both reach the
    same view, so the proxy's configuration does not have to match Recount's.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]], prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == self.prefix or path.startswith(self.prefix + "/"):
            environ["PATH_INFO"] = path[len(self.prefix):] or "/"
        environ["SCRIPT_NAME"] = self.prefix
        return self.app(environ, start_response)


def _cors(app: Flask, origins: list[str]) -> None:
    """CORS headers for the listed origins only, and ``Vary: Origin`` wherever they could be.

    flask-cors by default answers a request with no Origin header with the first listed
    origin (``always_send``), and says ``Vary: Origin`` only when it allows one origin of
    several; but with any origin listed, every API response depends on Origin (a listed one
    gets the header, another does not), and GETs carry ETags a shared cache keeps: without
    Vary, the cache could hand one origin's response, or none's, to another.
    """
    if not origins:
        return
    CORS(app, resources={r"/api/*": {"origins": origins}}, allow_headers=CORS_HEADERS,
         expose_headers=CORS_EXPOSE, max_age=600, always_send=False, vary_header=False)

    @app.after_request
    def _vary_on_origin(response: Response) -> Response:
        if request.path.startswith("/api/"):
            response.vary.add("Origin")
        return response


def counters_answer(app: Flask, wait: float = 5.0) -> bool:
    """Whether the rate-limit counters' store (Redis) answers within ``wait`` seconds (an
    unreachable host may not refuse, only stay silent)."""
    limiter = app.extensions["recount"]["limiter"]
    answered: list[bool] = []
    check = threading.Thread(target=lambda: answered.append(limiter.storage.check()),
                             daemon=True)
    check.start()
    check.join(wait)
    return bool(answered and answered[0])


def _rate_limits(app: Flask, settings: dict[str, Any]) -> None:
    from .api import feedback, match, page

    limit = settings["RATE_LIMIT"]
    storage = settings["RATE_LIMIT_STORAGE"]
    # swallow_errors: if the counter store (Redis) goes away, serve unlimited, not 500s.
    limiter = Limiter(get_remote_address, storage_uri=storage, enabled=bool(limit),
                      swallow_errors=True)
    try:
        limiter.init_app(app)
    except ConfigurationError as exc:  # e.g. redis:// without the redis package
        raise SettingError(f"RECOUNT_RATE_LIMIT_STORAGE={storage!r}: {exc}") from None
    app.extensions["recount"]["limiter"] = limiter
    if not limit:
        return
    # POST only: a browser's CORS preflight (OPTIONS) is not a request to match.
    shared = limiter.shared_limit(limit, scope="match", methods=["POST"])
    shared(match.bp)
    shared(page.bp)
    limiter.limit(limit, methods=["POST"])(feedback.bp)

    @app.after_request
    def _budget(response: Response) -> Response:
        current = limiter.current_limit  # None unless the request counted against a limit
        if current is not None:
            try:
                left, reset = current.remaining, current.reset_at
            except Exception:  # noqa: BLE001 - the counters went away since the check
                return response
            limit_, remaining, after = BUDGET_HEADERS
            response.headers[limit_] = str(current.limit.amount)
            response.headers[remaining] = str(max(0, left))
            response.headers[after] = str(max(0, math.ceil(reset - time.time())))
        return response

    @app.errorhandler(RateLimitExceeded)
    def _too_many(exc: RateLimitExceeded) -> Response:
        current = limiter.current_limit
        reset = current.reset_at if current is not None else time.time() + 60
        retry = max(1, math.ceil(reset - time.time()))
        return problem(429, f"Rate limit exceeded ({exc.description}); try again in "
                       f"{retry} seconds.", headers={"Retry-After": str(retry)})
