"""The editors' loop: reader reports accepted or rejected, claims retired, through the API
and the /review page (server/review.py, server/store/curation.py, server/serving.py)."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest

from server import formats

from .extension_helpers import launch_browser, needs_chromium
from .helpers import assert_problem, auth, make_key

SENTENCE = ("New York released criminal illegal aliens responsible for 148 homicides, "
            "the department said.")
#: The same sentence as another page might print it.
RESTATED = ("  New  York released criminal illegal aliens responsible for 148 homicides, "
            "the Department said. ")
CLAIM = "dhs-ny-released-crimes"
CR = Path(__file__).resolve().parent / "data" / "claimreview"


def matched(client, sentence: str) -> list[str]:
    body = client.post("/api/v1/match", json={"sentences": [sentence]}).get_json()
    return [m["claim"]["id"] for m in body["results"][0]["matches"]]


def related(client, sentence: str) -> list[str]:
    body = client.post("/api/v1/related", json={"sentences": [sentence]}).get_json()
    return [c["claim"]["id"] for c in body["results"][0]["claims"]]


def report(client, sentence: str = SENTENCE, claim: str = CLAIM) -> str:
    response = client.post("/api/v1/feedback", json={"sentence": sentence, "claim_id": claim,
                                                     "kind": "wrong-match"})
    assert response.status_code == 201
    return response.get_json()["id"]


def test_an_accepted_wrong_match_report_suppresses_the_claim_for_that_sentence(app, client):
    key = make_key(app)
    assert CLAIM in matched(client, SENTENCE)
    other = "DHS said New York released criminal illegal aliens who committed 29 homicides."
    assert CLAIM in matched(client, other)
    report_id = report(client)
    assert CLAIM in matched(client, SENTENCE)  # an open report changes nothing

    reviewed = client.patch(f"/api/v1/feedback/{report_id}", json={"status": "accepted"},
                            headers=auth(key))
    assert reviewed.status_code == 200 and reviewed.get_json()["status"] == "accepted"
    for sentence in (SENTENCE, RESTATED):
        assert CLAIM not in matched(client, sentence)
        assert CLAIM not in related(client, sentence)
    assert CLAIM in matched(client, other)  # only for that sentence

    client.patch(f"/api/v1/feedback/{report_id}", json={"status": "rejected"},
                 headers=auth(key))
    assert CLAIM in matched(client, SENTENCE)


def test_a_retired_claim_is_never_matched(app, client):
    key = make_key(app)
    matchers = app.extensions["recount"]["matchers"]
    assert CLAIM in matched(client, SENTENCE)
    response = client.patch(f"/api/v1/claims/{CLAIM}", json={"retired": True},
                            headers=auth(key))
    assert response.status_code == 200
    assert response.get_json()["retired_at"]
    matchers.wait()
    assert CLAIM not in matched(client, SENTENCE)
    assert client.get(f"/api/v1/claims/{CLAIM}").get_json()["retired_at"]  # still shown
    assert client.patch(f"/api/v1/claims/{CLAIM}", json={"retired": False},
                        headers=auth(key)).get_json()["retired_at"] is None
    matchers.wait()
    assert CLAIM in matched(client, SENTENCE)


@pytest.mark.parametrize(("body", "headers", "status"), [
    ({"retired": True}, {}, 401),
    ({"retired": "yes"}, None, 400),
    ({"retired": True, "why": "x"}, None, 400),
])
def test_retiring_needs_a_key_and_a_boolean(app, client, body, headers, status):
    key = make_key(app)
    assert_problem(client.patch(f"/api/v1/claims/{CLAIM}", json=body,
                                headers=auth(key) if headers is None else headers), status)
    assert_problem(client.patch("/api/v1/claims/no-such-claim", json={"retired": True},
                                headers=auth(key)), 404)


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def test_the_review_page(app, client):
    key = make_key(app)
    report_id = report(client)
    page = client.get("/review")
    assert page.status_code == 200 and 'type="password" name="key"' in page.text
    assert SENTENCE not in page.text  # nothing before signing in
    assert client.get(f"/review?key={key}").text.count(SENTENCE) == 0  # never from a URL
    assert client.post("/review/sign-in", data={"key": "rk_wrong"}).status_code == 401

    signed = client.post("/review/sign-in", data={"key": key})
    assert signed.status_code == 303
    cookie = signed.headers["Set-Cookie"]
    assert key not in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Path=/review" in cookie
    page = client.get("/review")
    assert page.headers["Cache-Control"] == "no-store"
    assert SENTENCE in page.text
    # When it was reported, as a reader reads a time, the machine-readable one beside it.
    stamp = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', page.text)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", stamp.group(1))
    assert stamp.group(2) == stamp.group(1)[:10] + " " + stamp.group(1)[11:16] + " UTC"
    token = _csrf(page.text)

    # A form without the session's token (posted from another site) is refused.
    assert client.post(f"/review/reports/{report_id}",
                       data={"status": "accepted"}).status_code == 403
    decided = client.post(f"/review/reports/{report_id}",
                          data={"status": "accepted", "csrf": token})
    assert decided.status_code == 303
    assert CLAIM not in matched(client, SENTENCE)
    assert "accepted" in client.get("/review?status=accepted").text

    assert client.post("/review/claims", data={"claim_id": CLAIM, "retired": "true",
                                               "csrf": token}).status_code == 303
    assert app.extensions["recount"]["store"].get_claim(CLAIM)["retired_at"]
    assert "Bring back" in client.get("/review").text

    # Revoking the key signs the session out.
    app.extensions["recount"]["store"].revoke_key("tests")
    assert 'name="key"' in client.get("/review").text
    client.post("/review/sign-out")


def test_claim_text_is_text_everywhere(empty_app):
    store = empty_app.extensions["recount"]["store"]
    store.import_document(formats.read(CR / "feed.json").doc)
    client = empty_app.test_client()
    key = make_key(empty_app)
    [claim] = [c for c in client.get("/api/v1/claims").get_json()["items"]
               if "<script>" in c["text"]]
    assert claim["text"].startswith("<script>alert('claim')</script> 3,000 officers")
    assert claim["claimant"] == "<b>Mayor</b>"
    api = client.get(f"/api/v1/claims/{claim['id']}")
    assert api.mimetype == "application/json"
    assert api.get_json()["text"] == claim["text"]
    report(client, "3,000 officers were hired in 2025.", claim["id"])
    client.post("/review/sign-in", data={"key": key})
    for path in (f"/claims/{claim['id']}", "/review", "/"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<b>Mayor" not in html, path
        assert "&lt;script&gt;alert(" in html, path


def test_many_reports_and_retired_claims_are_paged(empty_app):
    """A large collection: every retired claim and every report can be reached, not only
    the first page's (retired claims once hid among the first 1,000 claims)."""
    store = empty_app.extensions["recount"]["store"]
    claims = [{"id": f"c{i:04d}", "text": f"Claim number {i} about 7,000 people.",
               "quotes": [{"source": "s", "text": f"Claim number {i}."}]}
              for i in range(1200)]
    store.import_document({"format": "recount-claims/1", "sources": [
        {"id": "s", "publisher": "P", "kind": "fact-check"}], "quantities": [],
        "claims": claims})
    for claim_id in ("c0003", "c1150", "c1199"):
        store.retire_claim(claim_id, True)
    client = empty_app.test_client()
    for i in range(105):
        client.post("/api/v1/feedback", json={"sentence": f"Sentence {i} says 7,000.",
                                              "claim_id": None, "kind": "wrong-match"})
    key = make_key(empty_app)
    client.post("/review/sign-in", data={"key": key})
    first = client.get("/review").text
    assert "105 open reports" in first and "3 retired claims" in first
    assert all(f"/claims/{c}" in first for c in ("c0003", "c1150", "c1199"))
    assert "1–100 of 105" in first and "offset=100" in first
    second = client.get("/review?offset=100").text
    assert "101–105 of 105" in second and "Sentence 0 says" in second + first
    shown = {m for page in (first, second) for m in re.findall(r"Sentence (\d+) says", page)}
    assert shown == {str(i) for i in range(105)}

    # A decision on the second page of reports comes back to it, the retired list's page
    # kept too.
    token = _csrf(second)
    report_id = re.search(r'action="/review/reports/([0-9a-f]+)"', second).group(1)
    back = client.post(f"/review/reports/{report_id}",
                       data={"status": "rejected", "csrf": token, "back": "open",
                             "offset": "100", "retired_offset": "0"})
    assert back.status_code == 303 and back.headers["Location"].endswith(
        "/review?status=open&offset=100")

    # A mistyped id to retire: the same page again, saying so, the id shown as text.
    unknown = '<b>c9999</b>'
    again = client.post("/review/claims", data={
        "claim_id": unknown, "retired": "true", "csrf": token, "back": "open",
        "offset": "100", "retired_offset": "0"})
    assert again.status_code == 404 and again.mimetype == "text/html"
    assert again.headers["Cache-Control"] == "no-store"
    assert "No claim with id “&lt;b&gt;c9999&lt;/b&gt;”." in again.text
    assert "<b>c9999" not in again.text
    assert "101–104 of 104" in again.text  # still on the second page (one was rejected)
    assert _csrf(again.text) == token  # and every form on it still works

    api = client.get("/api/v1/claims?retired=true&limit=100").get_json()
    assert [c["id"] for c in api["items"]] == ["c0003", "c1150", "c1199"]
    assert client.get("/api/v1/claims?retired=false").get_json()["total"] == 1197


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _sign_in(page, server) -> None:
    page.get_by_label("API key").fill(server.key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@needs_chromium
def test_a_decision_after_the_session_ended_says_so_and_brings_the_editor_back(editor_server):
    """An editor who signed out in another tab (or whose key was revoked) and then decides
    on a page still open is told that the session ended and nothing changed, signs in
    again and is back on the same list, where the decision can be made: not a bare
    "Forbidden" with the decision lost without a word."""
    url = editor_server.url
    report_id = _post(url + "/api/v1/feedback", {"claim_id": CLAIM, "sentence": SENTENCE,
                                                  "kind": "wrong-match"})["id"]
    browser = launch_browser()
    try:
        context = browser.new_context()
        first, second = context.new_page(), context.new_page()
        first.goto(url + "/review?status=open")
        _sign_in(first, editor_server)
        second.goto(url + "/review?status=open")
        accept = f"Accept the wrong-match report on “{SENTENCE[:60]}…”"
        assert second.get_by_role("button", name=accept).count() == 1
        first.get_by_role("button", name="Sign out").click()
        first.wait_for_load_state()

        with second.expect_navigation() as decided:
            second.get_by_role("button", name=accept).click()
        assert decided.value.status == 401
        assert "Your session has ended" in second.get_by_role("alert").inner_text()
        assert "nothing was changed" in second.get_by_role("alert").inner_text()
        _sign_in(second, editor_server)
        assert second.url == url + "/review?status=open"
        assert _post(url + "/api/v1/match", {"sentences": [SENTENCE]})["results"][0][
            "matches"], "the report was accepted without a session"

        # Signed out and in again in the first tab: the second tab's forms carry the old
        # session's token. The page as it is now, saying why nothing happened, with forms
        # that work.
        first.goto(url + "/review")
        first.get_by_role("button", name="Sign out").click()
        first.wait_for_load_state()
        _sign_in(first, editor_server)
        with second.expect_navigation() as stale:
            second.get_by_role("button", name=accept).click()
        assert stale.value.status == 403
        assert "earlier session" in second.get_by_role("alert").inner_text()
        with second.expect_navigation() as again:
            second.get_by_role("button", name=accept).click()
        assert again.value.status == 200
        assert not _post(url + "/api/v1/match", {"sentences": [SENTENCE]})["results"][0][
            "matches"]
        assert report_id not in second.content()  # no longer open
    finally:
        browser.close()


@needs_chromium
def test_the_review_page_marks_the_flagged_figure_and_names_each_button(editor_server):
    """A "wrong figure" report says which figure the reader flagged (its span, marked in
    the sentence), and every button says what it acts on: a screen reader moving from
    button to button hears which report and which claim, not "Retire the claim" again."""
    url = editor_server.url
    sentence = "Officials said 6,947 people were released, and 29 of them had homicide records."
    claims = ["dhs-ny-released-count", "dhs-ny-released-crimes"]
    for claim_id in claims:
        _post(url + "/api/v1/feedback", {"claim_id": claim_id, "sentence": sentence,
                                         "kind": "wrong-match"})
    start = sentence.index("29")
    _post(url + "/api/v1/feedback", {"claim_id": claims[1], "sentence": sentence,
                                     "span": [start, start + 2], "kind": "wrong-figure",
                                     "comment": "<b>29</b> is the released people's"})
    browser = launch_browser()
    try:
        page = browser.new_page()
        page.goto(url + "/review")
        _sign_in(page, editor_server)
        row = page.get_by_role("row").filter(has_text="wrong-figure").filter(
            has_text="Officials said")
        assert row.locator("mark").inner_text() == "29"
        assert "<b>29</b> is the released people's" in row.inner_text()  # text, not markup
        assert page.locator("mark b").count() == 0
        about = f"report on “{sentence[:60]}…”"
        for name in (f"Accept the wrong-figure {about}", f"Accept the wrong-match {about}",
                     f"Reject the wrong-figure {about}"):
            assert page.get_by_role("button", name=name, exact=True).count() >= 1, name
        assert page.get_by_role("button", name=f"Accept the wrong-figure {about}",
                                exact=True).count() == 1
        for claim_id in claims:
            with urllib.request.urlopen(f"{url}/api/v1/claims/{claim_id}") as response:
                text = json.load(response)["text"]
            name = f"Retire the claim “{text[:60]}…”"
            assert page.get_by_role("button", name=name, exact=True).count() >= 1, name
        assert page.locator("nav [aria-current=page]").inner_text() == "open"
    finally:
        browser.close()
