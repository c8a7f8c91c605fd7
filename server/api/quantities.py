"""Quantities: GET /api/v1/quantities/<id>.

A quantity is one thing counted (a population over a period); its endpoint lists every
source's value for it, oldest source first, so a reader sees how the number moved over time.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..problems import ApiError
from ..state import get_store

bp = Blueprint("quantities", __name__)


@bp.get("/quantities/<quantity_id>")
def get_quantity(quantity_id: str) -> dict[str, Any]:
    quantity = get_store().get_quantity(quantity_id)
    if quantity is None:
        raise ApiError(404, f"No quantity with id {quantity_id!r}.")
    return quantity
