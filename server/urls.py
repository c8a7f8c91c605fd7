"""Absolute links in responses: from RECOUNT_PUBLIC_URL when set, else from the request.

Behind a reverse proxy the request's own host may be an internal one; the public URL is
what readers and the extension can follow.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request, url_for


def external_url(endpoint: str, **values: Any) -> str:
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, **values, _external=True)


def page_offset(name: str = "offset") -> int:
    """Where a reader page's list starts, from the query string (0 when absent or not a
    whole number: a page link is never an error)."""
    raw = request.args.get(name, "0")
    return int(raw) if raw.isdigit() else 0
