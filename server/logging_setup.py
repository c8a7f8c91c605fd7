"""Logging that keeps readers' pages out of the logs: one access line per request.

Recount is fed by people's browsing, so a log line never holds page text, a sentence, a query
string or a URL path with ids in it. The access line on logger ``recount.access`` gives the
method, the route *rule* (``/api/v1/claims/<claim_id>``, never the path), the status, the
duration and counts a view chose to record with ``note(sentences=..., matched=...)``.
"""

from __future__ import annotations

import logging
import threading
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


class _CounterOutage(logging.Filter):
    """While the rate-limit counters (Redis) cannot be reached, flask-limiter logs a
    traceback for every request it lets through unlimited: one line a minute says so."""

    every = 60.0

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """The next outage is said at once (a new app: its counters are another matter)."""
        self._last = -self.every

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info:
            return True
        with self._lock:
            now = time.monotonic()
            if now - self._last < self.every:
                return False
            self._last = now
        error = record.exc_info[1]
        record.msg = ("the rate-limit counters (RECOUNT_RATE_LIMIT_STORAGE) cannot be reached "
                      "(%s): requests are not limited until they can")
        record.args = (type(error).__name__,)
        record.exc_info = record.exc_text = None
        return True


_counter_outage = _CounterOutage()


def register(app: Flask) -> None:
    """Time every request and write its access line after the response is made."""
    # flask-limiter logs each breach with the client address at INFO; addresses are personal
    # data we do not need in the logs (the 429 is in the access line).
    limiter_log = logging.getLogger("flask-limiter")
    limiter_log.setLevel(logging.WARNING)
    limiter_log.addFilter(_counter_outage)  # one filter however many apps a process makes
    _counter_outage.reset()

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
