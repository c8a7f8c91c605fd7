"""GET /api/v1/health: is the server up and can it read its database."""

from __future__ import annotations

from flask import Blueprint

from .. import __version__
from ..state import get_store

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> tuple[dict, int]:
    # Counts only: never echo settings or the database location.
    try:
        counts = get_store().counts()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return {"status": "unavailable", "version": __version__}, 503
    return {"status": "ok", "version": __version__, "claims": counts["claims"]}, 200
