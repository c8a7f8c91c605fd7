"""/review: the editors' page for reader reports and retired claims.

An editor signs in by typing an API key into a form (never a URL); the session cookie keeps
only the key's hash, signed with SECRET_KEY, so revoking the key signs every session out.
Each change is a POST carrying a token kept in the same session (a form on another site
cannot make one). The decisions go through the store as the API's do: accepting a "wrong
match" report suppresses that claim for that sentence; retiring a claim stops it matching.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface

from .api.schemas import FEEDBACK_STATUSES
from .state import get_store
from .store.curation import hash_key
from .urls import page_offset

#: Reports, and retired claims, listed a page.
PER_PAGE = 100

bp = Blueprint("review", __name__, url_prefix="/review")


def _signed_in() -> bool:
    digest = session.get("key_hash")
    return isinstance(digest, str) and get_store().check_key_hash(digest)


def _page(body: str, status: int = 200) -> Response:
    response = Response(body, status=status, mimetype="text/html")
    # Per editor, and it lists what readers sent: never cached, never shared.
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused() -> Response | None:
    """The page that refuses a change, unless the session is live and the form carries its
    token (then None).

    An editor whose session ended (signed out in another tab, the key revoked, the browser
    closed) is told so on the sign-in form, which brings them back to where they were; a
    form left from an earlier session shows the page as it is now. Either way nothing was
    changed, and the page says so rather than a bare "Forbidden". A form posted from
    another site lands here too (the cookie is not sent with it), and changes nothing.
    """
    if not _signed_in() or not isinstance(session.get("csrf"), str):
        return _page(render_template(
            "review.html", signed_in=False, place=_form_place(),
            error="Your session has ended (signed out, or its key revoked), so nothing "
                  "was changed. Sign in again, then repeat the change."), 401)
    if not secrets.compare_digest(session["csrf"], request.form.get("csrf", "")):
        return _review_page(_form_place(), code=403, error="That form was from an earlier "
                            "session, so nothing was changed. This is the page as it is "
                            "now: repeat the change here.")
    return None


@bp.get("")
def review() -> Response:
    if not _signed_in():
        return _page(render_template("review.html", signed_in=False, error=None,
                                     place=_place(request.args)))
    return _review_page(_place(request.args))


def _review_page(place: dict[str, Any], error: str | None = None,
                 code: int = 200) -> Response:
    """The signed-in page at a place (``_place``: a status and both lists' pages), with a
    message."""
    status = place["status"]
    store = get_store()
    reports = store.list_feedback(status=status, limit=PER_PAGE, offset=place["offset"])
    claims: dict[str, Any] = {}
    for item in reports.items:
        if item["claim_id"] and item["claim_id"] not in claims:
            claims[item["claim_id"]] = store.get_claim(item["claim_id"])
    retired = store.list_claims(retired=True, limit=PER_PAGE,
                                offset=place["retired_offset"])
    return _page(render_template("review.html", signed_in=True, reports=reports,
                                 claims=claims, status=status, statuses=FEEDBACK_STATUSES,
                                 retired=retired, csrf=session["csrf"], error=error), code)


@bp.post("/sign-in")
def sign_in() -> Response:
    key = request.form.get("key", "").strip()
    if not key or not get_store().check_key(key):
        return _page(render_template("review.html", signed_in=False, place=_form_place(),
                                     error="That key is unknown or has been revoked."), 401)
    session.clear()
    session["key_hash"] = hash_key(key)
    session["csrf"] = secrets.token_urlsafe(32)
    return _back()


@bp.post("/sign-out")
def sign_out() -> Response:
    session.clear()
    return redirect(url_for("review.review"), 303)  # type: ignore[return-value]


@bp.post("/reports/<feedback_id>")
def decide(feedback_id: str) -> Response:
    if refused := _refused():
        return refused
    status = request.form.get("status", "")
    if status not in FEEDBACK_STATUSES:
        abort(400)
    if get_store().review_feedback(feedback_id, status) is None:
        abort(404)
    return _back()


@bp.post("/claims")
def retire() -> Response:
    if refused := _refused():
        return refused
    claim_id = request.form.get("claim_id", "").strip()
    retired = request.form.get("retired") == "true"
    if not get_store().retire_claim(claim_id, retired):
        # A mistyped id: the page again, where the editor was, saying so (the template
        # escapes the id as it does any text).
        return _review_page(_form_place(), error=f"No claim with id “{claim_id}”.",
                            code=404)
    return _back()


def _place(values: Mapping[str, str], status: str = "status") -> dict[str, Any]:
    """Where on the review page ``values`` (a query or a form) points: the reports' status
    and both lists' pages (a status that is none, or an offset that is no whole number,
    is the first page of open reports)."""
    back = values.get(status, "open")
    return {"status": back if back in FEEDBACK_STATUSES else "open",
            "offset": page_offset("offset", values),
            "retired_offset": page_offset("retired_offset", values)}


def _form_place() -> dict[str, Any]:
    """The place a form was posted from (its ``back``, ``offset`` and ``retired_offset``)."""
    return _place(request.form, status="back")


def _back() -> Response:
    """Back to the review page the form was on: its status and both lists' pages."""
    place = _form_place()
    pages = {name: place[name] for name in ("offset", "retired_offset") if place[name]}
    return redirect(url_for("review.review", status=place["status"], **pages),
                    303)  # type: ignore[return-value]


class _ReviewSession(SecureCookieSessionInterface):
    """The session cookie, sent back only to the review pages: under the path the server
    is reached at, when a proxy serves it under one (``/recount/review``)."""

    def get_cookie_path(self, app: Flask) -> str:
        return request.script_root + "/review"


def register(app: Flask, public_url: str) -> None:
    # The cookie goes back only to this site's own pages, never with a request another
    # site starts, and only over HTTPS when the server is reached over HTTPS.
    # Only the review pages read it, so no other request carries it.
    app.config.update(SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SECURE=public_url.startswith("https://"))
    app.session_interface = _ReviewSession()
    app.register_blueprint(bp)
