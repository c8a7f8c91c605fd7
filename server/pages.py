"""Server-rendered pages: the claim list with its search, one page per claim (linked from
the cards) and one per quantity (its values over time, as a chart and a table)."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from . import readers, values
from .index.terms import terms
from .state import get_corpus, get_store
from .store.feeds import made_for
from .urls import page_offset, previous_offset

bp = Blueprint("pages", __name__)


#: Claims listed a page on the index.
PER_PAGE = 100


@bp.get("/")
def index() -> str:
    q = request.args.get("q") or ""
    offset = page_offset()
    # A query of words too common to search by ("the", "of the") finds nothing to narrow
    # the list by: say so, rather than list everything as if it had matched.
    unsearchable = bool(q.strip()) and not terms(q)
    found = [] if unsearchable else get_corpus()[1].search(q)
    # A link past the end leads back to the last page, not to a page as empty as this one.
    return render_template("index.html", claims=found[offset:offset + PER_PAGE],
                           total=len(found), q=q, offset=offset, per_page=PER_PAGE,
                           previous=previous_offset(offset, PER_PAGE, len(found)),
                           unsearchable=unsearchable)


@bp.get("/claims/<claim_id>")
def claim_page(claim_id: str) -> str:
    claim = get_store().get_claim(claim_id)
    if claim is None:
        abort(404, description=f"No claim with id {claim_id!r}.")
    sources = {s["id"]: s for s in claim["sources"]}
    quantities = {q["id"]: q for q in claim["quantities"]}
    others = readers.claim_others(get_corpus()[0], claim)
    return render_template("claim.html", claim=claim, sources=sources, quantities=quantities,
                           others=others, figures=readers.claim_figures(get_store(), claim))


@bp.get("/quantities/<quantity_id>")
def quantity_page(quantity_id: str) -> str | Response:
    store = get_store()
    quantity = store.get_quantity(quantity_id)
    if quantity is None:
        # A figure of an imported fact check that the claim no longer has (imported again
        # with fewer, or edited; a card made before may still link to it): its claim says
        # what the figures are now.
        claim_id = made_for(quantity_id)
        if claim_id is not None and store.get_claim(claim_id) is not None:
            return redirect(url_for("pages.claim_page", claim_id=claim_id))
        abort(404, description=f"No quantity with id {quantity_id!r}.")
    return render_template("quantity.html", **readers.quantity_page(
        get_corpus()[0], quantity, readers.fact_checked(store, quantity),
        readers.home_claim(store, quantity)))


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_filter(readers.publisher, "publisher")
    app.add_template_filter(readers.published, "published")
    app.add_template_filter(values.number, "number")
    app.add_template_filter(values.figure_value, "figure_value")
    app.add_template_filter(readers.moment, "moment")
    app.jinja_env.globals["kinds"] = readers.KINDS
