"""Server-rendered pages: the claim list and one page per claim (linked from the cards)."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, render_template, request

from .state import get_store

bp = Blueprint("pages", __name__)


@bp.get("/")
def index() -> str:
    q = request.args.get("q") or None
    page = get_store().list_claims(q=q, limit=100)
    return render_template("index.html", page=page, q=q or "")


@bp.get("/claims/<claim_id>")
def claim_page(claim_id: str) -> str:
    claim = get_store().get_claim(claim_id)
    if claim is None:
        abort(404)
    sources = {s["id"]: s for s in claim["sources"]}
    quantities = {q["id"]: q for q in claim["quantities"]}
    return render_template("claim.html", claim=claim, sources=sources, quantities=quantities)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
