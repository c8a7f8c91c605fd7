"""Editing a claim from a reader's report on /review (server/review.py, server/editing.py):
saved through the claims API's PUT path and seen by readers and the matcher, refused on a
stale copy, an invalid figure or a missing session, and claim text shown as text."""

from __future__ import annotations

import html
import json
import re
import urllib.request
from html.parser import HTMLParser
from typing import Any

import pytest

from server import formats

from .extension_helpers import launch_browser, needs_chromium
from .helpers import auth, make_key, put_body
from .test_review import CR, _post, _sign_in

CLAIM = "dhs-ny-released-crimes"
SENTENCE = "DHS said New York released criminal illegal aliens who committed 29 homicides."


class _Form(HTMLParser):
    """The fields of the first form on a page posting to an edit URL, as a browser would
    send them (checked boxes only, a select's selected option)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._in = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("action", "").endswith("/edit"):
            self._in = True
        if not self._in:
            return
        if tag == "input" and a.get("name") and (a.get("type") != "checkbox" or "checked" in a):
            self.values[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a["value"]

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in = False


def form_of(page: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(page)
    assert parser.values, page[:2000]
    return parser.values


def report(client, sentence: str = SENTENCE, figure: str = "29", claim: str = CLAIM,
           comment: str | None = None) -> str:
    start = sentence.index(figure)
    body = {"claim_id": claim, "sentence": sentence, "span": [start, start + len(figure)],
            "kind": "wrong-figure"}
    response = client.post("/api/v1/feedback",
                           json={**body, "comment": comment} if comment else body)
    assert response.status_code == 201
    return response.get_json()["id"]


def signed_in(app, client) -> None:
    assert client.post("/review/sign-in", data={"key": make_key(app)}).status_code == 303


def edit_page(client, report_id: str, claim: str = CLAIM) -> str:
    """The edit form, reached as an editor does: by the report's link on /review."""
    listing = client.get("/review").text
    link = re.search(rf'href="(/review/claims/{re.escape(claim)}/edit\?[^"]*report='
                     rf'{report_id}[^"]*)"', listing)
    assert link, listing
    page = client.get(html.unescape(link.group(1)))
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    return page.text


def row_of(form: dict[str, str], text: str) -> int:
    """The form row of the figure written ``text``."""
    [row] = [int(k.split("-")[1]) for k, v in form.items()
             if re.fullmatch(r"figure-\d+-text", k) and v == text]
    return row


def known_values(client, sentence: str, claim: str = CLAIM) -> list[tuple[str, Any]]:
    body = client.post("/api/v1/match", json={"sentences": [sentence]}).get_json()
    return [(k["quantity_id"], k["value"]) for m in body["results"][0]["matches"]
            for f in m["figures"] for k in f["known"] if k["claim_id"] == claim]


def test_an_edit_from_a_report_is_saved_and_seen_by_readers_and_the_matcher(app, client):
    store = app.extensions["recount"]["store"]
    before = store.get_claim(CLAIM)
    report_id = report(client)
    signed_in(app, client)
    page = edit_page(client, report_id)
    # The figure the reader flagged is marked on the claim's own figure, not elsewhere.
    marked = re.findall(r"<legend>Figure (\d+): “([^”]*)” <mark>the figure the report is "
                        r"about</mark></legend>", page)
    assert marked == [("1", "29")], marked
    assert "<blockquote>“DHS said New York released criminal illegal aliens who committed " \
           "<mark>29</mark> homicides.”</blockquote>" in page
    form = form_of(page)
    assert form["claimant"] == before["claimant"] and form["text"] == before["text"]
    assert ("ny-released-homicides", 29) in known_values(client, SENTENCE)

    row = row_of(form, "29")
    form.update({"claimant": "New York State DHS office", "claim_date": "2026-02-02",
                 f"figure-{row}-value": "1,029",
                 f"figure-{row}-noun": "homicide cases"})
    saved = client.post(f"/review/claims/{CLAIM}/edit", data=form)
    assert saved.status_code == 303, saved.text
    assert saved.headers["Location"].endswith("/review?status=open")

    after = store.get_claim(CLAIM)
    assert after["claimant"] == "New York State DHS office"
    assert after["claim_date"] == "2026-02-02"
    figure = after["figures"][row]
    # An exact figure given another value: its interval follows the value.
    assert (figure["value"], figure["low"], figure["high"]) == (1029, 1029, 1029)
    assert figure["noun"] == "homicide cases" and figure["text"] == "29"
    # Nothing the form does not show changed: quotes, tags, the other figures.
    assert after["quotes"] == before["quotes"] and after["tags"] == before["tags"]
    assert [f for i, f in enumerate(after["figures"]) if i != row] == [
        f for i, f in enumerate(before["figures"]) if i != row]

    # The report is decided, and the page says what was saved.
    assert store.get_feedback(report_id)["status"] == "accepted"
    listing = client.get("/review?status=accepted").text
    assert 'role="status">Saved the claim' in listing and "accepted the wrong-figure" in listing
    assert report_id not in client.get("/review").text
    # Readers see it on the claim's page and the API; the matcher compares with it.
    claim_page = client.get(f"/claims/{CLAIM}").text
    assert "New York State DHS office" in claim_page and "1,029" in claim_page
    assert client.get(f"/api/v1/claims/{CLAIM}").get_json()["figures"][row]["value"] == 1029
    app.extensions["recount"]["matchers"].wait()
    known = known_values(client, SENTENCE)
    assert ("ny-released-homicides", 1029) in known
    assert ("ny-released-homicides", 29) not in known


def test_a_form_saved_unchanged_changes_nothing(app, client):
    """What the form shows reads back as what was stored: saving it untouched leaves the
    claim (every figure's numbers, empty fields as null) and its ETag as they were."""
    store = app.extensions["recount"]["store"]
    before = client.get(f"/api/v1/claims/{CLAIM}")
    report_id = report(client)
    signed_in(app, client)
    saved = client.post(f"/review/claims/{CLAIM}/edit", data=form_of(edit_page(client,
                                                                               report_id)))
    assert saved.status_code == 303
    after = client.get(f"/api/v1/claims/{CLAIM}")
    assert after.get_json() == before.get_json()
    assert after.headers["ETag"] == before.headers["ETag"]
    assert store.get_feedback(report_id)["status"] == "accepted"


def test_an_editor_files_a_claim_under_tags(app, client):
    """The form shows the claim's tags as a list typed with commas; what is typed there is
    saved (blanks dropped, each tag once) and found by the API's ?tag=."""
    report_id = report(client)
    signed_in(app, client)
    form = form_of(edit_page(client, report_id))
    tags = client.get(f"/api/v1/claims/{CLAIM}").get_json()["tags"]
    assert tags and form["tags"] == ", ".join(tags)
    form["tags"] = "dhs,  crime statistics , , new-york, dhs"
    assert client.post(f"/review/claims/{CLAIM}/edit", data=form).status_code == 303
    assert client.get(f"/api/v1/claims/{CLAIM}").get_json()["tags"] == [
        "dhs", "crime statistics", "new-york"]
    found = client.get("/api/v1/claims", query_string={"tag": "crime statistics"}).get_json()
    assert [c["id"] for c in found["items"]] == [CLAIM]


def source_row(form: dict[str, str], source_id: str) -> int:
    """The form row of the source ``source_id``."""
    [row] = [int(k.split("-")[1]) for k, v in form.items()
             if re.fullmatch(r"source-\d+-id", k) and v == source_id]
    return row


def test_an_editor_corrects_a_source_for_every_claim_quoting_it(app, client):
    """The form shows each source the claim quotes (publisher, title, link, date, kind,
    note); a correction is saved to the source, so every claim quoting it, and every card
    naming it, shows the corrected one, and nothing else of the source changes."""
    store = app.extensions["recount"]["store"]
    report_id = report(client)
    signed_in(app, client)
    page = edit_page(client, report_id)
    form = form_of(page)
    before = {s["id"]: s for s in store.get_claim(CLAIM)["sources"]}
    assert {form[f"source-{j}-id"] for j in range(len(before))} == set(before)
    source = "dhs-release-2026-02-02"
    row = source_row(form, source)
    assert form[f"source-{row}-publisher"] == before[source]["publisher"]
    assert form[f"source-{row}-kind"] == "primary" and form[f"source-{row}-url"] == ""
    assert '<option value="fact-check">fact-check: a fact-checker' in page
    other = "dhs-ny-released-count"  # quotes the same release
    assert source in {s["id"] for s in store.get_claim(other)["sources"]}

    link = "https://www.dhs.gov/news/2026/02/02/release"
    form.update({f"source-{row}-url": f"  {link} ", f"source-{row}-published": "2026-02-02",
                 f"source-{row}-title": "DHS urges New York to honor <b>detainers</b>"})
    assert client.post(f"/review/claims/{CLAIM}/edit", data=form).status_code == 303
    after = {s["id"]: s for s in store.get_claim(CLAIM)["sources"]}
    assert after[source] == {**before[source], "url": link, "published": "2026-02-02",
                             "title": "DHS urges New York to honor <b>detainers</b>"}
    assert {k: v for k, v in after.items() if k != source} == {
        k: v for k, v in before.items() if k != source}
    shown = client.get(f"/api/v1/claims/{other}").get_json()
    assert [s["url"] for s in shown["sources"] if s["id"] == source] == [link]
    assert store.get_feedback(report_id)["status"] == "accepted"
    # The title is text on the claim's page, never markup.
    claim_page = client.get(f"/claims/{other}").text
    assert "&lt;b&gt;detainers&lt;/b&gt;" in claim_page and "<b>detainers" not in claim_page


def test_an_edit_on_a_stale_copy_is_refused_and_keeps_what_was_typed(app, client):
    store = app.extensions["recount"]["store"]
    report_id = report(client)
    signed_in(app, client)
    form = form_of(edit_page(client, report_id))
    # Another editor changes the claim through the API meanwhile.
    shown = client.get(f"/api/v1/claims/{CLAIM}")
    body = put_body(shown.get_json())
    body["claim"]["claimant"] = "Another editor's claimant"
    assert client.put(f"/api/v1/claims/{CLAIM}", json=body, headers={
        **auth(make_key(app, "other")), "If-Match": shown.headers["ETag"]}).status_code == 200

    form.update({"claimant": "Mine", "rating": "Mostly <b>true</b>"})
    stale = client.post(f"/review/claims/{CLAIM}/edit", data=form)
    assert stale.status_code == 409
    assert "changed after the form was opened" in stale.text
    assert "nothing was saved" in stale.text
    assert store.get_claim(CLAIM)["claimant"] == "Another editor's claimant"  # kept
    assert store.get_feedback(report_id)["status"] == "open"
    again = form_of(stale.text)
    assert again["claimant"] == "Mine" and again["rating"] == "Mostly <b>true</b>"
    assert again["version"] != form["version"]  # the version the editor now sees
    assert re.search(r'<span class="now" id="f-claimant-now">Now: “Another editor&#39;s '
                     r'claimant”</span>', stale.text)
    assert 'aria-describedby="f-claimant-hint f-claimant-now"' in stale.text
    assert "Mostly <b>" not in stale.text

    # Saved again after seeing the change: the editor's values win.
    assert client.post(f"/review/claims/{CLAIM}/edit", data=again).status_code == 303
    assert store.get_claim(CLAIM)["claimant"] == "Mine"
    assert store.get_claim(CLAIM)["rating"] == "Mostly <b>true</b>"
    assert store.get_feedback(report_id)["status"] == "accepted"


@pytest.mark.parametrize(("change", "box", "message"), [
    ({"figure-{row}-value": "twenty-nine"}, "figure-{row}-value", "must be a number"),
    ({"figure-{row}-value": ""}, "figure-{row}-value", "must be a number"),
    ({"figure-{row}-span_start": "40"}, "figure-{row}-span_start",
     "[40, 37] of the quote from 'dhs-release-2026-02-02' is '', not '29'"),
    ({"figure-{row}-text": "28"}, "figure-{row}-span_start",
     "[35, 37] of the quote from 'dhs-release-2026-02-02' is '29', not '28'"),
    ({"figure-{row}-low": "40"}, "figure-{row}-low", "low 40 is above high 29"),
    ({"figure-{row}-currency": "dollars"}, "figure-{row}-currency",
     "not written as it should be. Three capital letters, such as USD."),
    ({"claim_date": "2 Feb 2026"}, "claim_date", "not written as it should be. YYYY-MM-DD"),
    ({"url": "example.org/claim"}, "url", "not written as it should be."),
    ({"text": "  "}, "text", "required"),
    ({"quantity-0-description": ""}, "quantity-0-description", "required"),
    ({"source-0-url": "www.dhs.gov/news"}, "source-0-url", "not written as it should be. A "
     "whole https://"),
    ({"source-0-published": "Feb 2026"}, "source-0-published",
     "not written as it should be. YYYY-MM-DD"),
    ({"source-0-publisher": " "}, "source-0-publisher", "required"),
    ({"source-0-kind": "blog"}, "source-0-kind", "must be one of"),
])
def test_an_invalid_edit_is_refused_beside_its_field(app, client, change, box, message):
    store = app.extensions["recount"]["store"]
    before = store.get_claim(CLAIM)
    report_id = report(client)
    signed_in(app, client)
    form = form_of(edit_page(client, report_id))
    row = row_of(form, "29")
    form.update({k.format(row=row): v for k, v in change.items()})
    refused = client.post(f"/review/claims/{CLAIM}/edit", data=form)
    assert refused.status_code == 422, refused.text[:3000]
    box = box.format(row=row)
    error = re.search(rf'<span class="error" id="f-{box}-error">([^<]*)</span>', refused.text)
    assert error, refused.text
    assert html.unescape(error.group(1)).startswith(message), error.group(1)
    assert re.search(rf'id="f-{box}" name="{box}" aria-describedby="[^"]*f-{box}-error"'
                     r' aria-invalid="true"', refused.text)
    # Listed above the form too, linked to the box.
    assert f'<a href="#f-{box}">' in refused.text
    assert store.get_claim(CLAIM) == before
    assert store.get_feedback(report_id)["status"] == "open"
    assert form_of(refused.text) == form  # nothing typed is lost


def test_an_edit_without_a_session_or_its_token_changes_nothing(app, client):
    store = app.extensions["recount"]["store"]
    before = store.get_claim(CLAIM)
    report_id = report(client)
    key = make_key(app)

    # Signed out: no form, only the sign-in one, which comes back to the edit form.
    path = f"/review/claims/{CLAIM}/edit?report={report_id}"
    assert 'id="f-claimant"' not in client.get(path).text
    assert SENTENCE not in client.get(path).text
    signing = client.post("/review/sign-in", data={"key": key, "edit": CLAIM,
                                                   "report": report_id})
    assert signing.status_code == 303
    assert signing.headers["Location"].endswith(path + "&status=open")
    form = form_of(client.get(path).text)

    # A form posted from elsewhere (no token) or from an earlier session: refused, the
    # editor's values shown again with this session's token.
    form["claimant"] = "Typed before the session ended"
    for token in ("", "forged"):
        refused = client.post(f"/review/claims/{CLAIM}/edit", data={**form, "csrf": token})
        assert refused.status_code == 403 and "nothing was saved" in refused.text
        assert form_of(refused.text)["claimant"] == "Typed before the session ended"
        assert form_of(refused.text)["csrf"] == form["csrf"]
    assert store.get_claim(CLAIM) == before

    # The session ends (signed out in another tab), then the editor saves.
    client.post("/review/sign-out")
    ended = client.post(f"/review/claims/{CLAIM}/edit", data=form)
    assert ended.status_code == 401 and "Your session has ended" in ended.text
    assert 'id="f-claimant"' not in ended.text  # the sign-in form, not the edit form
    assert store.get_claim(CLAIM) == before
    assert store.get_feedback(report_id)["status"] == "open"
    # The sign-in form carries what was typed; signing in shows it, still unsaved.
    carried = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">',
                              ended.text))
    assert carried["claimant"] == "Typed before the session ended"
    # A form another site posts is not carried into the editor's sign-in.
    forged = client.post(f"/review/claims/{CLAIM}/edit", data=form,
                         headers={"Sec-Fetch-Site": "cross-site"})
    assert forged.status_code == 401 and "Typed before" not in forged.text
    back = client.post("/review/sign-in", data={**{k: html.unescape(v)
                                                   for k, v in carried.items()}, "key": key})
    assert back.status_code == 200 and "nothing is saved yet" in back.text
    # What the form would change is shown beside it: the claimant as stored.
    assert f'id="f-claimant-now">Now: “{before["claimant"]}”' in back.text
    again = form_of(back.text)
    assert again["claimant"] == "Typed before the session ended"
    assert store.get_claim(CLAIM) == before
    assert client.post(f"/review/claims/{CLAIM}/edit", data=again).status_code == 303
    assert store.get_claim(CLAIM)["claimant"] == "Typed before the session ended"


def test_an_edit_names_a_report_about_its_claim_only(app, client):
    report_id = report(client, claim="dhs-ny-released-count")
    signed_in(app, client)
    assert client.get(f"/review/claims/{CLAIM}/edit?report={report_id}").status_code == 404
    assert client.get("/review/claims/no-such-claim/edit").status_code == 404
    assert client.get(f"/review/claims/{CLAIM}/edit").status_code == 200


def test_hostile_claim_text_is_text_in_the_edit_form(empty_app):
    store = empty_app.extensions["recount"]["store"]
    store.import_document(formats.read(CR / "feed.json").doc)
    client = empty_app.test_client()
    [claim] = [c for c in client.get("/api/v1/claims").get_json()["items"]
               if "<script>" in c["text"]]
    before = store.get_claim(claim["id"])
    sentence = "3,000 officers were hired in 2025."
    report_id = report(client, sentence, "3,000", claim["id"],
                       comment='"><script>alert("comment")</script>')
    signed_in(empty_app, client)
    page = edit_page(client, report_id, claim["id"])
    assert "<script>" not in page and "<b>Mayor" not in page
    assert "&lt;script&gt;alert(&#39;claim&#39;)&lt;/script&gt; 3,000 officers" in page
    assert "&#34;&gt;&lt;script&gt;alert(&#34;comment&#34;)" in page
    form = form_of(page)
    assert form["text"] == before["text"] and form["claimant"] == "<b>Mayor</b>"
    # Saved untouched, the text is the same text: not unescaped, not escaped twice.
    assert client.post(f"/review/claims/{claim['id']}/edit", data=form).status_code == 303
    assert store.get_claim(claim["id"]) == before


@needs_chromium
def test_the_edit_form_in_a_browser_by_keyboard(editor_server):
    """In Chromium, by keyboard alone: from the report's link to the form, where every box
    has a label, the flagged figure's group says so, and Enter in a box saves."""
    url = editor_server.url
    _post(url + "/api/v1/feedback", {"claim_id": CLAIM, "sentence": SENTENCE, "kind":
                                     "wrong-figure", "span": [SENTENCE.index("29"),
                                                              SENTENCE.index("29") + 2]})
    browser = launch_browser()
    try:
        page = browser.new_page()
        page.goto(url + "/review")
        _sign_in(page, editor_server)
        link = page.get_by_role("link", name=re.compile(r"^Edit the claim “.*” "
                                                        r"\(wrong-figure report\)$"))
        link.first.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_role("heading", level=1).inner_text() == "Edit a claim"
        flagged = page.get_by_role("group", name=re.compile("the figure the report is about"))
        assert flagged.count() == 1
        assert flagged.get_by_label("Value").input_value() == "29"
        boxes = page.locator("form.edit :is(input:not([type=hidden]), textarea, select)")
        assert boxes.count() > 20
        for i in range(boxes.count()):
            box = boxes.nth(i)
            name = box.evaluate("b => b.labels.length ? b.labels[0].textContent : ''")
            assert name.strip(), box.evaluate("b => b.outerHTML")
        claimant = page.get_by_label("Claimant")
        claimant.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("Typed by keyboard")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "Saved the claim" in page.get_by_role("status").inner_text()
        with urllib.request.urlopen(f"{url}/api/v1/claims/{CLAIM}") as response:
            assert json.load(response)["claimant"] == "Typed by keyboard"
    finally:
        browser.close()
