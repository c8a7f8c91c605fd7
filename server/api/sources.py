"""Sources: GET /api/v1/sources, newest first, with how many claims quote each."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..state import get_store
from .params import page_args, page_links

bp = Blueprint("sources", __name__)


@bp.get("/sources")
def list_sources() -> dict[str, Any]:
    limit, offset = page_args()
    page = get_store().list_sources(limit=limit, offset=offset)
    return {"items": page.items, "total": page.total, "limit": page.limit,
            "offset": page.offset, **page_links(page)}

