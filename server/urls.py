"""Absolute links in responses: from RECOUNT_PUBLIC_URL when set, else from the request.

Behind a reverse proxy the request's own host may be an internal one; the public URL is
what readers and the extension can follow.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, request, url_for


def external_url(endpoint: str, **values: Any) -> str:
    base = current_app.config.get("PUBLIC_URL")
    if base:
        # url_for's path already starts with the public URL's own path, if it has one
        # (http_setup.MountedAt): only the scheme and host are taken from the setting.
        parts = urlsplit(base)
        return f"{parts.scheme}://{parts.netloc}" + url_for(endpoint, **values)
    return url_for(endpoint, **values, _external=True)


def base_url() -> str:
    """Where readers reach the server, without a trailing slash (curl examples start so)."""
    return external_url("pages.index").rstrip("/")


def page_offset(name: str = "offset", values: Mapping[str, str] | None = None) -> int:
    """Where a reader page's list starts, from the query string (or ``values``, a form's):
    0 when absent or not a whole number (a page link is never an error)."""
    raw = (request.args if values is None else values).get(name, "0")
    return int(raw) if raw.isdigit() else 0


def previous_offset(offset: int, limit: int, total: int) -> int:
    """Where the page before one at ``offset`` starts: ``limit`` back, never before the
    first; from past the end (the list shrank since, or an edited offset), the last page."""
    last = max(total - 1, 0) // limit * limit
    return min(max(offset - limit, 0), last)
