"""Logging that keeps readers' pages out of the logs: one access line per request.

Recount is fed by people's browsing, so a log line never holds page text, a sentence, a query
string or a URL path with ids in it. The access line on logger ``recount.access`` gives the
method, the route *rule* (``/api/v1/claims/<claim_id>``, never the path), the status, the
duration and counts a view chose to record with ``note(sentences=..., matched=...)``.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

access_log = logging.getLogger("recount.access")


def note(**counts: int) -> None:
    """Record counts (numbers only) for this request's access line."""
    g.setdefault("log_counts", {}).update(counts)


def route_of_request() -> str:
    """The matched URL rule, or a placeholder: the raw path may hold ids or page data."""
    rule = request.url_rule
    return rule.rule if rule is not None else "(no route)"


def register(app: Flask) -> None:
    """Time every request and write its access line after the response is made."""
    # flask-limiter logs each breach with the client address at INFO; addresses are personal
    # data we do not need in the logs (the 429 is in the access line).
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)

    @app.before_request
    def _start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _access_line(response: Response) -> Response:
        if not access_log.isEnabledFor(logging.INFO):
            return response
        elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        counts = " ".join(f"{k}={int(v)}" for k, v in g.get("log_counts", {}).items())
        access_log.info("%s %s %d %.1fms%s", request.method, route_of_request(),
                        response.status_code, elapsed, f" {counts}" if counts else "")
        return response
