"""/review: the editors' page for reader reports and retired claims.

An editor signs in by typing an API key into a form (never a URL); the session cookie keeps
only the key's hash, signed with SECRET_KEY, so revoking the key signs every session out.
Each change is a POST carrying a token kept in the same session (a form on another site
cannot make one). The decisions go through the store as the API's do: accepting a "wrong
match" report suppresses that claim for that sentence; retiring a claim stops it matching.
"""

from __future__ import annotations

import secrets
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


def _check_token() -> None:
    token = session.get("csrf")
    sent = request.form.get("csrf", "")
    if not _signed_in() or not isinstance(token, str) or not secrets.compare_digest(token,
                                                                                   sent):
        abort(403)


@bp.get("")
def review() -> Response:
    if not _signed_in():
        return _page(render_template("review.html", signed_in=False, error=None))
    return _review_page(request.args.get("status", "open"), page_offset(),
                        page_offset("retired_offset"))


def _review_page(status: str, offset: int, retired_offset: int, error: str | None = None,
                 code: int = 200) -> Response:
    """The signed-in page at a place (a status and both lists' pages), with a message."""
    if status not in FEEDBACK_STATUSES:
        status = "open"
    store = get_store()
    reports = store.list_feedback(status=status, limit=PER_PAGE, offset=offset)
    claims: dict[str, Any] = {}
    for item in reports.items:
        if item["claim_id"] and item["claim_id"] not in claims:
            claims[item["claim_id"]] = store.get_claim(item["claim_id"])
    retired = store.list_claims(retired=True, limit=PER_PAGE, offset=retired_offset)
    return _page(render_template("review.html", signed_in=True, reports=reports,
                                 claims=claims, status=status, statuses=FEEDBACK_STATUSES,
                                 retired=retired, csrf=session["csrf"], error=error), code)


@bp.post("/sign-in")
def sign_in() -> Response:
    key = request.form.get("key", "").strip()
    if not key or not get_store().check_key(key):
        return _page(render_template("review.html", signed_in=False,
                                     error="That key is unknown or has been revoked."), 401)
    session.clear()
    session["key_hash"] = hash_key(key)
    session["csrf"] = secrets.token_urlsafe(32)
    return redirect(url_for("review.review"), 303)  # type: ignore[return-value]


@bp.post("/sign-out")
def sign_out() -> Response:
    session.clear()
    return redirect(url_for("review.review"), 303)  # type: ignore[return-value]


@bp.post("/reports/<feedback_id>")
def decide(feedback_id: str) -> Response:
    _check_token()
    status = request.form.get("status", "")
    if status not in FEEDBACK_STATUSES:
        abort(400)
    if get_store().review_feedback(feedback_id, status) is None:
        abort(404)
    return _back()


@bp.post("/claims")
def retire() -> Response:
    _check_token()
    claim_id = request.form.get("claim_id", "").strip()
    retired = request.form.get("retired") == "true"
    if not get_store().retire_claim(claim_id, retired):
        # A mistyped id: the page again, where the editor was, saying so (the template
        # escapes the id as it does any text).
        offset, retired_offset = _form_offsets()
        return _review_page(request.form.get("back", "open"), offset, retired_offset,
                            error=f"No claim with id “{claim_id}”.", code=404)
    return _back()


def _form_offsets() -> tuple[int, int]:
    """The reports' and the retired claims' pages the form was posted from (0 when absent
    or not a number)."""
    offset, retired_offset = (request.form.get(name, "") for name in ("offset",
                                                                       "retired_offset"))
    return (int(offset) if offset.isdigit() else 0,
            int(retired_offset) if retired_offset.isdigit() else 0)


def _back() -> Response:
    """Back to the review page the form was on: its status and both lists' pages."""
    pages: dict[str, Any] = {name: value for name, value in
                             zip(("offset", "retired_offset"), _form_offsets(), strict=True)
                             if value}
    return redirect(url_for("review.review", status=request.form.get("back", "open"), **pages),
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
