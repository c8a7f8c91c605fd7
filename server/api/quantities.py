"""Quantities: GET /api/v1/quantities/<id>.

A quantity is one thing counted (a population over a period); its endpoint lists every
source's value for it, oldest source first, so a reader sees how the number moved over time.
A fact check's own uncurated figure is what the checked claim said, not a source's count:
its values are marked ``checked`` and the claim is named, as on the reader pages.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from .. import readers
from ..problems import ApiError
from ..state import get_store

bp = Blueprint("quantities", __name__)


@bp.get("/quantities/<quantity_id>")
def get_quantity(quantity_id: str) -> dict[str, Any]:
    quantity = get_store().get_quantity(quantity_id)
    if quantity is None:
        raise ApiError(404, f"No quantity with id {quantity_id!r}.")
    claim = readers.fact_checked(get_store(), quantity)
    checked = None if claim is None else {
        "id": claim["id"], "claimant": claim.get("claimant"), "rating": claim.get("rating")}
    return {**quantity, "values": readers.marked_values(quantity, claim),
            "checked_claim": checked}
