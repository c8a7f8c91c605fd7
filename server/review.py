"""/review: the editors' page for reader reports and retired claims.

An editor signs in by typing an API key into a form (never a URL); the session cookie keeps
only the key's hash, signed with SECRET_KEY, so revoking the key signs every session out.
Each change is a POST carrying a token kept in the same session (a form on another site
cannot make one). The decisions go through the store as the API's do: accepting a "wrong
match" report suppresses that claim for that sentence; retiring a claim stops it matching.
A report's claim can be edited in a form that writes as the API's PUT does (``editing``).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from functools import partial
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface

from . import editing
from .api.claims import claim_etag, replace_claim
from .api.params import check
from .api.schemas import FEEDBACK_STATUSES
from .problems import ApiError
from .state import get_matcher, get_store
from .store.curation import hash_key
from .urls import page_offset

#: Reports, and retired claims, listed a page.
PER_PAGE = 100

bp = Blueprint("review", __name__, url_prefix="/review")


def _signed_in() -> bool:
    """Whether the session is an editor's: its key still valid, and a token for forms."""
    digest = session.get("key_hash")
    return (isinstance(digest, str) and isinstance(session.get("csrf"), str)
            and get_store().check_key_hash(digest))


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
    if not _signed_in():
        return _signed_out("Your session has ended (signed out, or its key revoked), so "
                          "nothing was changed. Sign in again, then repeat the change.")
    if not secrets.compare_digest(session["csrf"], request.form.get("csrf", "")):
        return _review_page(_form_place(), code=403, error="That form was from an earlier "
                            "session, so nothing was changed. This is the page as it is "
                            "now: repeat the change here.")
    return None


@bp.get("")
def review() -> Response:
    if not _signed_in():
        return _page(render_template("review.html", signed_in=False, error=None,
                                     place=_place(request.args), carry=[]))
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
                                 retired=retired, csrf=session["csrf"], error=error,
                                 saved=get_flashed_messages()), code)


@bp.post("/sign-in")
def sign_in() -> Response:
    key = request.form.get("key", "").strip()
    if not key or not get_store().check_key(key):
        return _signed_out("That key is unknown or has been revoked.")
    session.clear()
    session["key_hash"] = hash_key(key)
    session["csrf"] = secrets.token_urlsafe(32)
    if request.form.get("edit"):
        return _edit_after_sign_in(request.form["edit"])
    return _back()


#: A form's fields that say where on the review page it was; the rest of an edit form's
#: fields go along through signing in again (``_signed_out``).
PLACE_FIELDS = ("back", "offset", "retired_offset")


def _signed_out(error: str | None, status: int = 401) -> Response:
    """The sign-in form with ``error``; an edit form's fields sent with the request go
    along, hidden, so signing in again brings the editor back to the form as it was."""
    # Not from another site's form: signing in would show its values as the editor's.
    ours = request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"
    carry = ([(k, v) for k, v in request.form.items(multi=True)
              if k not in ("key", "csrf", *PLACE_FIELDS)]
             if request.form.get("edit") and ours else [])
    return _page(render_template("review.html", signed_in=False, place=_form_place(),
                                carry=carry, error=error), status)


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


@bp.get("/claims/<claim_id>/edit")
def edit_claim(claim_id: str) -> Response:
    """The form that edits a claim, from a report about it (``?report=``) or not."""
    if not _signed_in():
        carry = [("edit", claim_id), ("report", request.args.get("report", ""))]
        return _page(render_template("review.html", signed_in=False, error=None,
                                     place=_place(request.args), carry=carry))
    claim = get_store().get_claim(claim_id)
    if claim is None:
        abort(404, description=f"No claim with id {claim_id!r}.")
    return _edit_page(claim, editing.form_values(claim), _place(request.args),
                      _report(request.args.get("report"), claim_id))


@bp.post("/claims/<claim_id>/edit")
def save_claim(claim_id: str) -> Response:
    """Write the edit form through the API's PUT (its validation, its store path) if the
    claim is as the form was made on (its version, the ETag GET gives), and accept the
    report it came from. Refused, the form comes back as the editor sent it, saying why
    beside each field: nothing they typed is lost."""
    if not _signed_in():
        return _signed_out("Your session has ended (signed out, or its key revoked), so "
                           "nothing was saved. Sign in again: your changes are kept, to "
                           "check and save.")
    claim = get_store().get_claim(claim_id)
    if claim is None:
        return _deleted(claim_id)
    form = request.form.to_dict()
    place, report = _form_place(), _report(form.get("report"), claim_id)
    if not secrets.compare_digest(session["csrf"], form.get("csrf", "")):
        return _edit_page(claim, form, place, report, code=403, compare=True,
                          error="That form was from an earlier session, so nothing was "
                                "saved. Your changes are below: check them and save again.")
    if form.get("version") != claim_etag(claim):
        return _edit_page(claim, form, place, report, code=409)
    draft = editing.put_body(claim, form)
    try:
        check(draft.body, "ClaimPut")
        # Checked again where it is written: another save may land in between.
        replace_claim(claim_id, draft.body,
                      expect=(claim_id, partial(_still, form.get("version"))))
    except _Changed as changed:
        if changed.claim is None:
            return _deleted(claim_id)
        return _edit_page(changed.claim, form, place, report, code=409)
    except ApiError as exc:
        errors = editing.field_errors(exc.errors or [{"field": "", "message": exc.detail}],
                                      draft)
        return _edit_page(claim, form, place, report, errors=errors, code=422)
    if report is not None:
        get_store().review_feedback(report["id"], "accepted")
    flash(f"Saved the claim “{editing.cut(form.get('text') or claim_id, 60)}”"
          + (f", and accepted the {report['kind']} report." if report else "."))
    return _back()


def _deleted(claim_id: str) -> Response:
    return _review_page(_form_place(), code=404, error=f"The claim “{claim_id}” was deleted "
                        "since the form was made, so nothing was saved.")


class _Changed(Exception):
    """The claim an edit was made on changed before the edit could be written."""

    def __init__(self, claim: dict[str, Any] | None) -> None:
        super().__init__()
        self.claim = claim


def _still(version: str | None, claim: dict[str, Any] | None) -> None:
    """Refuse a write unless the claim is still at ``version`` (its ETag)."""
    if claim is None or version != claim_etag(claim):
        raise _Changed(claim)


def _edit_after_sign_in(claim_id: str) -> Response:
    """Signed in from an edit form: the form again, as the editor left it (its fields came
    along, ``_signed_out``), or as the claim is when they came from a link."""
    claim = get_store().get_claim(claim_id)
    if claim is None:
        return _review_page(_form_place(), code=404, error=f"No claim with id “{claim_id}”.")
    report = _report(request.form.get("report"), claim_id)
    if "version" not in request.form:
        place = _form_place()
        pages = {name: place[name] for name in ("offset", "retired_offset") if place[name]}
        target = url_for("review.edit_claim", claim_id=claim_id,
                         report=report and report["id"], status=place["status"], **pages)
        return redirect(target, 303)  # type: ignore[return-value]
    return _edit_page(claim, request.form.to_dict(), _form_place(), report, compare=True,
                      error="Signed in again; nothing is saved yet. Check your changes "
                            "below and save.")


def _edit_page(claim: dict[str, Any], values: dict[str, str], place: dict[str, Any],
               report: dict[str, Any] | None, *, errors: dict[str, list[str]] | None = None,
               error: str | None = None, code: int = 200, compare: bool = False) -> Response:
    """The edit form for ``claim`` holding ``values`` (``editing.form_values``, or a form
    sent back). A form made on an older version of the claim (or, with ``compare``, any
    form sent back) shows beside each box that differs the claim's value now; an older
    one takes the current version: saved again, it is the editor's word over the change
    they have now seen."""
    version = claim_etag(claim)
    stale = values.get("version", version) != version
    now = (editing.differences(values, editing.form_values(claim)) if stale or compare
           else {})
    flagged: set[int] = set()
    if report is not None and report["kind"] == "wrong-figure":
        span = (None if report["span_start"] is None
                else (report["span_start"], report["span_end"]))
        matches = get_matcher().match([report["sentence"]])[0]["matches"]
        flagged = editing.flagged_figures(claim, report["sentence"], span, matches)
    return _page(render_template(
        "review_edit.html", claim=claim, values=values, version=version, stale=stale,
        now=now, errors=errors or {}, error=error, report=report, flagged=flagged,
        place=place, csrf=session["csrf"], choices=editing.choices(claim), editing=editing),
        code)


def _report(report_id: str | None, claim_id: str) -> dict[str, Any] | None:
    """The report an edit comes from: None without one; 404 for one that is not about
    this claim."""
    if not report_id:
        return None
    report = get_store().get_feedback(report_id)
    if report is None or report["claim_id"] != claim_id:
        abort(404, description="No such report about this claim.")
    return report


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
