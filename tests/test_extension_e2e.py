"""The extension end to end: Debian's Chromium (headless, driven by Playwright) with the
unpacked extension loaded, the real server on loopback (``live_server``), and the saved news
pages served from a second loopback server. Screenshots go to artifacts/.

Automatic checking is set to "all" from the service worker (pages on http://127.0.0.1 need
no extra grant), so each page is checked as it loads.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from server.store import open_store
from tests.conftest import LiveServer, free_port
from tests.extension_helpers import (
    EXPECTED,
    ROOT,
    StaticServer,
    allow_in_browser,
    artifact,
    expected_counts,
    match_sentences,
    needs_chromium,
    wait_until,
)

pytestmark = needs_chromium

CONFLICT_8000 = ("The Department of Homeland Security said New York released nearly 8,000 "
                 "criminal illegal aliens with ICE detainers since January 20.")
CONFLICT_148 = ("Since January 20, New York has released 6,947 criminal illegal aliens, "
                "including 148 people charged with homicide, according to the Department of "
                "Homeland Security.")
CLAIM_SENTENCE = ("There are currently 7,113 aliens in custody across the state of New York "
                  "with an active detainer.")
ANOTHER_CLAIM_SENTENCE = ("There are currently 7,113 criminal illegal aliens in the custody of a "
                          "New York jurisdiction with an active detainer.")

HTML = "({...document.documentElement.dataset})"
CARD_TEXT = """() => {
  const host = document.querySelector("recount-card");
  const card = host && host.shadowRoot.querySelector(".card");
  return card && getComputedStyle(host).display !== "none" ? card.textContent : null;
}"""
#: Viewport coordinates of the highlighted sentence containing `text`, scrolled into view.
POINT_ON = """([text, top = null]) => {
  for (const name of ["recount-conflicting", "recount-consistent", "recount-conflicting-next",
                      "recount-consistent-next"]) {
    for (const range of CSS.highlights.get(name) ?? []) {
      if (!range.toString().replace(/\\s+/g, " ").includes(text)) continue;
      range.startContainer.parentElement.scrollIntoView({ block: "center" });
      if (top !== null) window.scrollBy(0, range.getClientRects()[0].top - top);
      const rect = range.getClientRects()[0];
      return { x: rect.left + 4, y: rect.top + rect.height / 2 };
    }
  }
  return null;
}"""


@pytest.fixture(scope="module")
def misquoted(live_server):
    """(highlighted, conflicting) sentences misquoted.html should show, by the server's own
    verdicts on its sentences; the page is written to have both kinds."""
    counts = expected_counts(live_server.url, "misquoted.html")
    assert counts[0] >= 3 and counts[1] >= 1, counts
    return counts


def hover_card(page, text: str, top: int | None = None) -> str:
    """Hovers the highlighted sentence containing ``text`` (optionally scrolled to ``top``
    pixels from the top of the viewport) and returns its card's text."""
    point = page.evaluate(POINT_ON, [text, top])
    assert point, f"no highlight on {text!r}"
    page.mouse.move(point["x"], point["y"])
    return page.wait_for_function(CARD_TEXT, timeout=5000).json_value()


def test_article_gets_highlights(ext, pages, tab, misquoted):
    matches, conflicts = misquoted
    page = tab(pages.page("misquoted.html"))
    assert page.evaluate(HTML) == {"recountState": "done", "recountMatches": str(matches),
                                   "recountConflicts": str(conflicts), "recountDiffers": "0"}
    sizes = page.evaluate("""() => Object.fromEntries(["recount-consistent",
      "recount-conflicting", "recount-figure"].map((n) => [n, CSS.highlights.get(n)?.size]))""")
    assert sizes["recount-consistent"] == matches - conflicts
    assert sizes["recount-conflicting"] == conflicts
    assert sizes["recount-figure"] >= conflicts
    # The page's DOM is untouched: its body parses the same as the served HTML.
    assert page.evaluate("""async () => {
      const served = await (await fetch(location.href)).text();
      return new DOMParser().parseFromString(served, "text/html").body.innerHTML
        === document.body.innerHTML;
    }""")
    badge = ext.toolbar(page.url, "BadgeText", lambda text: text == str(matches))
    assert badge == str(matches)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=artifact("extension-highlights.png"))


@pytest.mark.parametrize("name", ["dhs-mamdani-order.html", "dhs-urges-nyc-officials.html",
                                  "ice-urges-new-york-detainers.html",
                                  "ice-war-sanctuary-policies.html",
                                  "ice-arrests-released-man.html"])
def test_source_articles_get_highlights(pages, tab, name):
    """The demo database is built from these articles, so each of their pages matches."""
    page = tab(pages.page(name))
    state = page.evaluate(HTML)
    assert state["recountState"] == "done"
    assert int(state["recountMatches"]) >= 3
    assert page.evaluate("CSS.highlights.has('recount-consistent')")


def test_card_opens_with_the_sources_values(live_server, pages, tab):
    page = tab(pages.page("misquoted.html"))
    text = hover_card(page, "nearly 8,000")
    expected = match_sentences(live_server.url, [CONFLICT_8000])[0]
    assert expected["matches"], "the server should match this sentence"
    assert "Conflicts with the sources" in text
    for m in expected["matches"]:
        for figure in m["figures"]:
            assert figure["text"] in text
            assert figure["explanation"] in text
            for known in figure["known"]:
                assert known["text"] in text  # each known value as its source wrote it
                publisher = known["source"]["publisher"]
                assert publisher in text or publisher.startswith("unnamed")
                assert (known["source"]["published"] or "date not recorded") in text
    assert "unnamed" not in text  # a placeholder is not shown as a publisher
    links = page.evaluate("""() => [...document.querySelector("recount-card").shadowRoot
      .querySelectorAll("a")].map((a) => a.href)""")
    assert expected["matches"][0]["claim"]["url"] in links
    page.screenshot(path=artifact("extension-card.png"))
    page.keyboard.press("Escape")
    page.wait_for_function(f"({CARD_TEXT})() === null")
    save_readme_screenshot(page)


def save_readme_screenshot(page) -> None:
    """A headline, highlights and an open card, cropped to stay small: always to artifacts/,
    and to docs/screenshot.png (the README's) when that is missing or
    RECOUNT_UPDATE_SCREENSHOT=1, so a test run does not dirty the checkout."""
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.mouse.move(1200, 10)
    page.evaluate("window.scrollTo(0, 0)")
    hover_card(page, "nearly 8,000", top=380)
    box = page.evaluate("""() => document.querySelector("recount-card").getBoundingClientRect()
      .toJSON()""")
    clip = {"x": 70, "y": 90, "width": 860, "height": min(1100, box["bottom"] + 16) - 90}
    shot = artifact("readme-screenshot.png")
    page.screenshot(path=shot, clip=clip)
    assert shot.stat().st_size < 300_000
    readme_copy = ROOT / "docs" / "screenshot.png"
    if not readme_copy.exists() or os.environ.get("RECOUNT_UPDATE_SCREENSHOT") == "1":
        readme_copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, readme_copy)
    page.set_viewport_size({"width": 1280, "height": 860})


def test_feedback_reaches_the_server(live_server, pages, tab):
    page = tab(pages.page("misquoted.html"))
    point = page.evaluate(POINT_ON, ["148 people"])
    page.mouse.click(point["x"], point["y"])  # a click pins the card open
    page.wait_for_function(CARD_TEXT)
    card = page.locator("recount-card")
    matches = match_sentences(live_server.url, [CONFLICT_148])[0]["matches"]
    # The card lists each match's figures, conflicts first, each with its own "Wrong figure"
    # button.
    ordered = sorted(matches, key=lambda m: not any(f["status"] == "conflicting"
                                                     for f in m["figures"]))
    figures = [(m["claim"]["id"], f) for m in ordered
               for f in sorted(m["figures"], key=lambda f: f["status"] != "conflicting")]
    index, (figure_claim, figure) = next((i, pair) for i, pair in enumerate(figures)
                                         if pair[1]["status"] == "conflicting")
    card.get_by_role("button", name="Wrong figure").nth(index).click()
    card.get_by_role("button", name="Wrong match").first.click()  # the conflicting claim's
    wait_until(lambda: card.get_by_text("Thanks, your report was sent.").count() == 2,
               message="both reports to be acknowledged")
    with sqlite3.connect(live_server.database) as db:
        rows = db.execute("SELECT kind, claim_id, sentence, span_start, span_end FROM feedback "
                          "WHERE sentence = ?", (CONFLICT_148,)).fetchall()
    assert ("wrong-figure", figure_claim, CONFLICT_148, *figure["span"]) in rows
    assert ("wrong-match", ordered[0]["claim"]["id"], CONFLICT_148, None, None) in rows


def test_keyboard_reaches_the_cards(pages, tab, misquoted):
    matches, conflicts = misquoted
    page = tab(pages.page("misquoted.html"))
    for _ in range(80):  # Tab through the page's links until the launcher has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.tagName") == "RECOUNT-LAUNCHER":
            break
    else:
        pytest.fail("the launcher is not reachable with Tab")
    launcher = page.locator("recount-launcher button")
    # The launcher counts the highlighted sentences, as the badge and the popup do (a
    # sentence with three figures, or with none of its own, is one), and its name holds
    # the words on it.
    text = launcher.inner_text()
    assert text == f"Recount: {matches} sentences, {conflicts} conflicting"
    label = launcher.get_attribute("aria-label")
    assert label.startswith(f"{text}. {matches} sentences repeat known claims")
    page.keyboard.press("Enter")
    first = page.wait_for_function(CARD_TEXT).json_value()
    assert page.evaluate("document.activeElement.tagName") == "RECOUNT-CARD"
    assert f"1 of {matches}" in first
    page.locator("recount-card").get_by_role("button", name="Next", exact=True).click()
    page.wait_for_function(f"(({CARD_TEXT})() || '').includes('2 of {matches}')")
    # Next keeps the focus: Enter again steps on, without tabbing through the card.
    focused = "document.querySelector('recount-card').shadowRoot.activeElement?.textContent"
    assert page.evaluate(focused) == "Next ›"
    page.keyboard.press("Enter")
    page.wait_for_function(f"(({CARD_TEXT})() || '').includes('3 of {matches}')")
    page.keyboard.press("Escape")
    page.wait_for_function(f"({CARD_TEXT})() === null")
    assert page.evaluate("document.activeElement.tagName") == "RECOUNT-LAUNCHER"


def test_popup_lists_figures_and_jumps(ext, pages, tab, misquoted):
    matches, conflicts = misquoted
    article = tab(pages.page("misquoted.html"))
    tab_id = ext.tab_id(article.url)
    popup = tab(ext.url("popup/popup.html"), state=())
    summary = popup.evaluate("""async (tabId) => {
      const { render } = await import("./popup.js");
      const reply = await chrome.runtime.sendMessage({ type: "recount/check-tab", tabId });
      document.getElementById("conflicts").replaceChildren();
      document.getElementById("matched").replaceChildren();
      document.getElementById("sources").replaceChildren();
      render(document, reply.data, (id) =>
        chrome.tabs.sendMessage(tabId, { type: "recount/jump-to", id }));
      return reply.data;
    }""", tab_id)
    assert (summary["matches"], summary["conflicts"]) == misquoted
    # One entry per sentence, its figures within it (a sentence without a figure of its
    # own: one line saying it repeats a claim).
    assert popup.locator("#conflicts li").count() == conflicts
    assert popup.locator("#matched li").count() == matches - conflicts
    lines = sum(len(item["entries"]) or 1 for item in summary["items"])
    assert popup.locator("li .figure-line").count() == lines > matches
    excerpts = popup.locator("#conflicts .excerpt, #matched .excerpt").all_inner_texts()
    assert len(excerpts) == len(set(excerpts)) == matches
    by_source = popup.locator("#sources").inner_text()
    assert "U.S. Department of Homeland Security" in by_source
    # A publisher the claims file did not name is said plainly, not shown as a name.
    assert "unnamed" not in by_source and "name not recorded" in by_source
    assert "conflict" in popup.locator("#status").inner_text()
    popup.screenshot(path=artifact("extension-popup.png"))
    popup.locator("#conflicts button").first.click()
    text = article.wait_for_function(CARD_TEXT).json_value()
    assert "Conflicts with the sources" in text


def test_toolbar_check_injects_into_a_page(ext, pages, tab, misquoted):
    """With automatic checking off, nothing runs until the reader asks (the popup's click)."""
    ext.configure(autoCheck="off")
    try:
        page = tab(pages.page("misquoted.html"), state=())
        page.wait_for_timeout(300)
        assert page.evaluate(HTML) == {}
        popup = tab(ext.url("popup/popup.html"), state=())
        reply = popup.evaluate("(tabId) => chrome.runtime.sendMessage("
                               "{ type: 'recount/check-tab', tabId })", ext.tab_id(page.url))
        assert reply["ok"] and reply["data"]["matches"] == misquoted[0]
        assert page.evaluate(HTML)["recountState"] == "done"
    finally:
        ext.configure(autoCheck="all")


def test_a_click_checks_one_page_not_the_next_ones(ext, pages, tab):
    """With automatic checking off, a click checks the page it was made on and the text it
    adds; a single-page app moving to another URL is not checked (nothing is sent) until
    the next click."""
    ext.configure(autoCheck="off")
    ext.worker.evaluate("""() => {
      self.recountSent = [];
      self.recountFetch ??= self.fetch;
      self.fetch = (url, init) => {
        if (new URL(String(url)).pathname === "/api/v1/match") {
          self.recountSent.push(...JSON.parse(init.body).sentences);
        }
        return self.recountFetch(url, init);
      };
    }""")
    add = """([text, url]) => {
      if (url) history.pushState({}, "", url);
      const p = document.createElement("p");
      p.textContent = text;
      const article = document.querySelector("article");
      if (url) article.replaceChildren(p); else article.append(p);
    }"""
    try:
        page = tab(pages.page("no-match.html"), state=())
        popup = tab(ext.url("popup/popup.html"), state=())
        click = ("(tabId) => chrome.runtime.sendMessage({ type: 'recount/check-tab', tabId })")
        assert popup.evaluate(click, ext.tab_id(page.url))["ok"]
        page.evaluate(add, [CLAIM_SENTENCE, None])  # the clicked page grows: checked
        page.wait_for_function("document.documentElement.dataset.recountMatches === '1'")
        page.evaluate(add, [CONFLICT_8000, "/inbox/message-42"])
        page.wait_for_function("document.documentElement.dataset.recountState === 'idle'")
        page.wait_for_timeout(1500)  # past the watcher's delay: a check would have run
        assert page.evaluate(HTML)["recountMatches"] == "0"
        assert not page.evaluate("CSS.highlights.has('recount-consistent')")
        sent = ext.worker.evaluate("self.recountSent")
        assert CLAIM_SENTENCE in sent and CONFLICT_8000 not in sent
        assert popup.evaluate(click, ext.tab_id(page.url))["data"]["conflicts"] == 1
        assert CONFLICT_8000 in ext.worker.evaluate("self.recountSent")
    finally:
        ext.worker.evaluate("() => { self.fetch = self.recountFetch ?? self.fetch; }")
        ext.configure(autoCheck="all")


def test_a_link_to_a_place_on_the_page_keeps_the_highlights(ext, pages, tab, misquoted):
    """Following a table of contents or a footnote (#comments) stays on the page the reader
    clicked Recount on: its highlights stay. A hash-routed app's other page (#/story/2) is
    another page: they go."""
    ext.configure(autoCheck="off")
    try:
        page = tab(pages.page("misquoted.html"), state=())
        popup = tab(ext.url("popup/popup.html"), state=())
        click = ("(tabId) => chrome.runtime.sendMessage({ type: 'recount/check-tab', tabId })")
        assert popup.evaluate(click, ext.tab_id(page.url))["ok"]
        assert page.evaluate(HTML)["recountMatches"] == str(misquoted[0])
        page.evaluate("""() => {
          const link = document.createElement("a");
          link.id = "to-comments";
          link.href = "#comments";
          link.textContent = "Comments";
          document.querySelector("article").prepend(link);
          document.querySelector("article").lastElementChild.id = "comments";
        }""")
        page.click("#to-comments")
        assert page.url.endswith("#comments")
        page.wait_for_timeout(1500)  # past the watcher's delay
        assert page.evaluate(HTML)["recountMatches"] == str(misquoted[0])
        assert page.evaluate("CSS.highlights.get('recount-conflicting')?.size") == misquoted[1]
        page.evaluate("location.hash = '#/story/2'")
        page.wait_for_function("document.documentElement.dataset.recountState === 'idle'")
        assert page.evaluate(HTML)["recountMatches"] == "0"
    finally:
        ext.configure(autoCheck="all")


def test_options_page_saves_a_server_url(ext, live_server, pages, tab):
    page = tab(ext.url("options/options.html"), state=())
    url_field = page.get_by_label("Recount server URL")
    assert url_field.input_value() == live_server.url
    url_field.fill("ftp://nowhere")
    page.get_by_role("button", name="Save").click()
    assert "Not saved" in page.locator("#save-status").inner_text()
    assert ext.settings()["serverUrl"] == live_server.url
    # The field at fault is marked so and has the focus, so a screen reader says which.
    assert page.evaluate("[document.activeElement.id, document.activeElement.ariaInvalid]") \
        == ["server-url", "true"]
    url_field.fill(live_server.url)
    page.get_by_label("Automatically on these sites:").check()
    page.locator("#auto-check-sites").fill("*.example.org")
    page.get_by_role("button", name="Save").click()
    assert page.evaluate("[document.activeElement.id, document.activeElement.ariaInvalid]") \
        == ["auto-check-sites", "true"]
    assert url_field.get_attribute("aria-invalid") is None  # put right: no longer marked
    page.locator("#auto-check-sites").fill("")
    page.get_by_label("Only when I click the Recount button").check()

    # An address that answers, but is no Recount server (a web site: here the pages'
    # server), says so rather than showing what the browser made of its answer.
    status = page.locator("#connection-status")
    url_field.fill(pages.url)
    page.get_by_role("button", name="Test connection").click()
    wait_until(lambda: "No connection" in status.inner_text(), message="the connection test")
    assert f"No Recount server answers at {pages.url}" in status.inner_text()

    url_field.fill(live_server.url + "/")
    page.get_by_role("button", name="Test connection").click()
    wait_until(lambda: "Connected" in status.inner_text(), message="the connection test")
    assert "server ok" in status.inner_text()
    # Listing a site on 127.0.0.1 needs no new grant, so no permission prompt appears
    # ("every site" would ask the reader, which a headless test cannot answer).
    page.get_by_label("Automatically on these sites:").check()
    page.locator("#auto-check-sites").fill(pages.url)
    try:
        page.get_by_role("button", name="Save").click()
        wait_until(lambda: "Saved" in page.locator("#save-status").inner_text(),
                   message="saving")
        assert ext.settings() == {"serverUrl": live_server.url, "autoCheck": "listed",
                                  "autoCheckSites": [pages.url]}
        wait_until(lambda: ext.worker.evaluate(
            "chrome.scripting.getRegisteredContentScripts().then((s) => s[0]?.matches)")
            == ["http://127.0.0.1/*"], message="the listed site to be registered")
        page.screenshot(path=artifact("extension-options.png"))
    finally:
        ext.configure(autoCheck="all")


def test_options_complete_a_server_address_typed_without_its_scheme(ext, live_server, tab):
    page = tab(ext.url("options/options.html"), state=())
    url_field = page.get_by_label("Recount server URL")
    saved = page.locator("#save-status")
    connection = page.locator("#connection-status")
    # What is not a web address at all is still refused, and left as typed.
    url_field.fill("the recount server")
    page.get_by_role("button", name="Save").click()
    assert "not a web address" in saved.inner_text()
    assert url_field.input_value() == "the recount server"
    assert ext.settings()["serverUrl"] == live_server.url

    # Another computer: https://. (Allowed beforehand, as a reader does in the browser's
    # extension settings: a headless browser cannot answer the permission prompt.)
    allow_in_browser(ext, ["https://recount.invalid/*"])
    url_field.fill("recount.invalid:8443/recount/")
    page.get_by_role("button", name="Test connection").click()
    assert url_field.input_value() == "https://recount.invalid:8443/recount"
    wait_until(lambda: "No connection" in connection.inner_text(), message="the connection test")

    # This computer's server: http://, as `recount serve` answers; tested and saved so.
    typed = live_server.url.removeprefix("http://")
    url_field.fill(typed)
    page.get_by_role("button", name="Test connection").click()
    wait_until(lambda: "Connected" in connection.inner_text(), message="the connection test")
    assert url_field.input_value() == live_server.url
    assert "unencrypted" not in connection.inner_text()
    url_field.fill(typed + "/")
    page.get_by_label("Only when I click the Recount button").check()
    try:
        page.get_by_role("button", name="Save").click()
        wait_until(lambda: "Saved" in saved.inner_text(), message="saving")
        assert url_field.input_value() == live_server.url
        assert ext.settings()["serverUrl"] == live_server.url
    finally:
        ext.configure(autoCheck="all")


def test_inserted_paragraph_gets_checked_and_highlights_follow_edits(pages, tab):
    page = tab(pages.page("no-match.html"))
    assert page.evaluate(HTML)["recountMatches"] == "0"
    page.evaluate("""(text) => {
      const p = document.createElement("p");
      p.id = "late";
      p.textContent = text;
      document.querySelector("article").append(p);
    }""", CLAIM_SENTENCE)
    page.wait_for_function("document.documentElement.dataset.recountMatches === '1'")
    assert page.evaluate("CSS.highlights.get('recount-consistent').size") == 1
    page.evaluate("document.getElementById('late').firstChild.data = 'Nothing to see here.'")
    page.wait_for_function("document.documentElement.dataset.recountMatches === '0'")
    assert not page.evaluate("CSS.highlights.has('recount-consistent')")


def test_the_next_story_loaded_below_is_checked_and_the_first_keeps_its_highlights(
        pages, tab, misquoted):
    """A page that loads the next story as the reader scrolls (into a feed beside the first
    story): a longer story arriving does not take the first one's highlights away, and its
    own sentences are checked."""
    matches, conflicts = misquoted
    page = tab(pages.page("misquoted.html"))
    page.evaluate("""() => {
      const feed = document.createElement("div");
      feed.id = "feed";
      document.querySelector("article").after(feed);
    }""")
    page.wait_for_timeout(1500)  # past the watcher's delay: the empty feed is on the page
    page.evaluate("""(sentence) => {
      const filler = "The weather in the city stayed mild all week, and the parks were busy "
        + "with families, dog walkers and people reading on the benches until late. ";
      const story = document.createElement("article");
      story.innerHTML = "<h1>The next story</h1>" + Array.from({ length: 12 },
        () => `<p>${filler}</p>`).join("") + "<p></p>";
      story.lastElementChild.textContent = sentence;
      document.getElementById("feed").append(story);
    }""", ANOTHER_CLAIM_SENTENCE)
    page.wait_for_function(f"document.documentElement.dataset.recountMatches === '{matches + 1}'")
    assert page.evaluate(HTML)["recountConflicts"] == str(conflicts)
    painted = page.evaluate("""() => ["recount-consistent", "recount-consistent-next"]
      .flatMap((n) => [...(CSS.highlights.get(n) ?? [])].map((r) => r.toString()))""")
    assert ANOTHER_CLAIM_SENTENCE in painted and CLAIM_SENTENCE in painted


def test_single_page_navigation_checks_the_new_page(pages, tab):
    page = tab(pages.page("no-match.html"))
    page.evaluate("""(paragraphs) => {
      history.pushState({}, "", "/elsewhere/story");
      const article = document.querySelector("article");
      article.replaceChildren(...paragraphs.map((t) => {
        const p = document.createElement("p");
        p.textContent = t;
        return p;
      }));
    }""", [CONFLICT_8000, CLAIM_SENTENCE])
    page.wait_for_function("document.documentElement.dataset.recountMatches === '2'")
    assert page.evaluate(HTML)["recountConflicts"] == "1"


def test_page_that_cannot_match_is_not_sent(ext, pages, tab):
    ext.worker.evaluate("""() => {
      self.recountRequests = [];
      const original = self.fetch;
      self.fetch = (url, init) => {
        self.recountRequests.push(new URL(String(url)).pathname);
        return original(url, init);
      };
    }""")
    page = tab(pages.page("no-match.html"))
    assert page.evaluate(HTML)["recountMatches"] == "0"
    sent = ext.worker.evaluate("self.recountRequests")
    assert "/api/v1/match" not in sent
    # Control: a page that can match is sent through the same (patched) worker.
    tab(pages.page("misquoted.html"))
    assert "/api/v1/match" in ext.worker.evaluate("self.recountRequests")


def test_server_down_gives_a_quiet_notice(ext, live_server, pages, tab):
    ext.configure(serverUrl=f"http://127.0.0.1:{free_port()}")
    try:
        page = tab(pages.page("misquoted.html"))
        assert page.evaluate(HTML)["recountState"] == "error"
        notice = page.locator("recount-launcher .notice")
        assert "cannot be reached" in notice.inner_text()
        assert page.evaluate("CSS.highlights.size") == 0
        page.screenshot(path=artifact("extension-server-down.png"))
    finally:
        ext.configure(serverUrl=live_server.url)


def test_a_server_without_permission_is_not_called_unreachable(ext, live_server, pages, tab):
    """The server is up, but the browser lets the extension reach only 127.0.0.1 (the
    settings were written without Save asking for the new host): the notice says what to
    do instead of calling the server unreachable."""
    ext.configure(serverUrl=live_server.url.replace("127.0.0.1", "localhost"))
    try:
        page = tab(pages.page("misquoted.html"))
        assert page.evaluate(HTML)["recountState"] == "error"
        notice = page.locator("recount-launcher .notice").inner_text()
        assert "options" in notice and "cannot be reached" not in notice
    finally:
        ext.configure(serverUrl=live_server.url)


def test_another_server_chosen_checks_the_page_again(ext, live_server, pages, tab,
                                                    tmp_path: Path, misquoted):
    """The reader points Recount at another server: the page's results from the old one
    go, and the page is checked again with the new one (not left showing the old)."""
    page = tab(pages.page("misquoted.html"))
    assert page.evaluate(HTML)["recountMatches"] == str(misquoted[0])
    strict = LiveServer(tmp_path / "other.db", env={"RECOUNT_MATCH_THRESHOLD": "0.999"})
    try:
        expected, _ = expected_counts(strict.url, "misquoted.html")
        assert expected != misquoted[0]  # the two servers answer differently
        ext.configure(serverUrl=strict.url)
        page.wait_for_function(
            f"document.documentElement.dataset.recountMatches === '{expected}'")
    finally:
        ext.configure(serverUrl=live_server.url)
        strict.stop()


def test_rate_limited_server_gives_a_quiet_notice(ext, live_server, pages, tab, tmp_path: Path):
    limited = LiveServer(tmp_path / "limited.db", env={"RECOUNT_RATE_LIMIT": "1 per hour"})
    ext.configure(serverUrl=limited.url)
    try:
        first = tab(pages.page("misquoted.html"))
        assert first.evaluate(HTML)["recountState"] == "done"
        second = tab(pages.page("misquoted.html"))
        assert second.evaluate(HTML)["recountState"] == "error"
        assert "busy" in second.locator("recount-launcher .notice").inner_text()
    finally:
        ext.configure(serverUrl=live_server.url)
        limited.stop()


def test_dark_page_stays_readable(pages, tab):
    page = tab(pages.page("ice-urges-new-york-detainers.html"))
    assert int(page.evaluate(HTML)["recountMatches"]) >= 1
    hover_card(page, "6,947")
    page.screenshot(path=artifact("extension-dark-page.png"))


def test_server_limits_shrink_batches_and_give_a_quiet_notice(ext, live_server, pages, tab,
                                                              tmp_path: Path):
    """A server that takes one short sentence per request (413 for more): the extension
    sends smaller batches, skips what is too long, and says so quietly."""
    strict = LiveServer(tmp_path / "strict.db", env={"RECOUNT_MAX_SENTENCES": "1",
                                                     "RECOUNT_MAX_SENTENCE_CHARS": "100"})
    ext.configure(serverUrl=strict.url)
    try:
        page = tab(pages.page("misquoted.html"))
        state = page.evaluate(HTML)
        assert state["recountState"] == "done"
        short, _ = expected_counts(live_server.url, "misquoted.html", max_chars=100)
        assert short >= 1
        assert state["recountMatches"] == str(short)  # only sentences under 100 characters
        assert "too long" in page.locator("recount-launcher .notice").inner_text()
    finally:
        ext.configure(serverUrl=live_server.url)
        strict.stop()


def test_possibly_related_sentences_are_listed_not_highlighted(ext, live_server, pages, tab,
                                                               tmp_path: Path):
    """A server that highlights only near-certain matches: what falls short of its
    threshold but is still likely is offered in the popup as possibly related, with links
    to the claims, and never painted on the page."""
    strict = LiveServer(tmp_path / "strict.db", env={"RECOUNT_MATCH_THRESHOLD": "0.999"})
    ext.configure(serverUrl=strict.url)
    try:
        story = EXPECTED["pages"]["misquoted.html"]
        results = match_sentences(strict.url, [story["headline"], *story["paragraphs"]])
        highlighted = sum(1 for r in results if r["matches"])
        related = [r["text"] for r in results if r["related"] and not r["matches"]]
        assert related, "the page should have sentences just short of a match"
        article = tab(pages.page("misquoted.html"))
        assert article.evaluate(HTML)["recountMatches"] == str(highlighted)
        painted = article.evaluate("""() => ["recount-consistent", "recount-conflicting",
            "recount-consistent-next", "recount-conflicting-next"]
            .flatMap((n) => [...(CSS.highlights.get(n) ?? [])].map((r) => r.toString()))""")
        assert not any(" ".join(p.split()) in related for p in painted)
        popup = tab(ext.url("popup/popup.html"), state=())
        popup.evaluate("""async (tabId) => {
          const { render } = await import("./popup.js");
          const reply = await chrome.runtime.sendMessage({ type: "recount/check-tab", tabId });
          render(document, reply.data, () => {});
        }""", ext.tab_id(article.url))
        assert popup.locator("#related-section").is_visible()
        listed = popup.locator("#related li .excerpt").all_inner_texts()
        assert [" ".join(t.split()) for t in listed] == [" ".join(t.split()) for t in related]
        assert popup.locator("#related a.related-claim").count() >= len(related)
        popup.screenshot(path=artifact("extension-popup-related.png"))
    finally:
        ext.configure(serverUrl=live_server.url)
        strict.stop()


FACT_CHECKS = {
    "format": "recount-claims/1",
    "sources": [{"id": "checker", "publisher": "A Fact-Checker", "kind": "fact-check"}],
    "claims": [{"id": "missed-votes",
                "text": "Says Senator Harlow missed 60 percent of his votes in 2004.",
                "claimant": "A rival campaign", "rating": "false",
                "quotes": [{"source": "checker",
                            "text": "Says Senator Harlow missed 60 percent of his votes in "
                                    "2004."}]}],
}
REPEATED = "Senator Harlow missed 60 percent of his votes in 2004, the campaign said."
DIFFERING = "Senator Harlow missed 70 percent of his votes in 2004, his rival said."
#: Renders the popup for a tab from a fresh check, its lists emptied first (opening the
#: popup page already rendered it for whichever tab was active).
RENDER_POPUP = """async (tabId) => {
  const { render } = await import("./popup.js");
  const reply = await chrome.runtime.sendMessage({ type: "recount/check-tab", tabId });
  for (const id of ["conflicts", "differs", "matched", "sources"]) {
    document.getElementById(id).replaceChildren();
  }
  render(document, reply.data, () => {});
  return reply.data;
}"""


@contextmanager
def fact_check_page(ext, tmp_path: Path, paragraphs: list[str]) -> Iterator[tuple[str, str]]:
    """A server holding only FACT_CHECKS (a claim rated false, imported without curated
    figures), the extension pointed at it, and a page of ``paragraphs``; yields (the
    server's URL, the page's URL). The extension goes back to the live server after."""
    database = tmp_path / "checks.db"
    store = open_store(str(database))
    store.import_document(FACT_CHECKS)
    store.close()
    site = tmp_path / "site"
    site.mkdir()
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    (site / "page.html").write_text(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Votes</title></head>"
        f"<body><article><h1>Campaign notes</h1>{body}</article></body></html>",
        encoding="utf-8")
    checks = LiveServer(database, env={"RECOUNT_LOAD_DEMO": "false", "RECOUNT_RATE_LIMIT": ""})
    pages = StaticServer(site)
    served = ext.settings()["serverUrl"]
    ext.configure(serverUrl=checks.url)
    try:
        yield checks.url, f"{pages.url}/page.html"
    finally:
        ext.configure(serverUrl=served)
        pages.stop()
        checks.stop()


def test_a_repeated_fact_check_is_not_called_consistent(ext, tab, tmp_path: Path):
    """A collection of fact checks without curated figures: a page repeating a claim rated
    false gets it highlighted, and its card says the sentence repeats the checked claim,
    who made it and how it was rated, never that it is consistent with the sources."""
    paragraphs = [f"{REPEATED} The debate is on Tuesday."]
    with fact_check_page(ext, tmp_path, paragraphs) as (server_url, url):
        [expected] = match_sentences(server_url, [REPEATED])
        assert expected["matches"], "the server should match the repeated claim"
        page = tab(url)
        text = hover_card(page, "60 percent")
        assert "Repeats a checked claim" in text
        assert "Consistent with the sources" not in text
        assert "Matches" not in text and "same figure" not in text  # nor each figure's badge
        assert "Said by A rival campaign · rated “false”" in text
        figures = expected["matches"][0]["figures"]
        assert figures and all(f["checked_claim"] for f in figures)
        assert figures[0]["explanation"] in text
        # The popup says the same: the figure repeats a checked claim, not "same figure",
        # and is not drawn in the colour of a figure that agrees with a source's count.
        popup = tab(ext.url("popup/popup.html"), state=())
        popup.evaluate(RENDER_POPUP, ext.tab_id(page.url))
        entry = popup.locator("#matched li .figure-line").first
        assert "repeats a checked claim" in entry.inner_text()
        assert "same figure" not in popup.locator("#matched").inner_text()
        assert "checked" in entry.get_attribute("class").split()


def test_a_figure_differing_from_a_checked_claim_is_not_counted_as_a_conflict(ext, tab,
                                                                              tmp_path: Path):
    """A figure compared only with what a fact check's claim said, and different: its card
    says it differs from the checked claim (which may be false), not that it conflicts with
    the sources; the page's counts and the popup say the same, in the same words."""
    with fact_check_page(ext, tmp_path, [REPEATED, DIFFERING]) as (server_url, url):
        [_, differing] = match_sentences(server_url, [REPEATED, DIFFERING])
        figures = [f for m in differing["matches"] for f in m["figures"]]
        assert figures and all(f["checked_claim"] and f["status"] == "conflicting"
                               for f in figures), figures
        page = tab(url)
        html = page.evaluate(HTML)
        assert (html["recountMatches"], html["recountConflicts"]) == ("2", "0")
        assert html.get("recountDiffers") == "1"
        assert page.locator("recount-launcher button").inner_text() == \
            "Recount: 2 sentences, 1 differing from a checked claim"
        assert "Differs from the checked claim" in hover_card(page, "70 percent")
        popup = tab(ext.url("popup/popup.html"), state=())
        summary = popup.evaluate(RENDER_POPUP, ext.tab_id(page.url))
        assert (summary["conflicts"], summary["differs"]) == (0, 1)
        status = popup.locator("#status").inner_text()
        assert status == "2 sentences repeat known claims; 1 differs from a checked claim."
        assert popup.locator("#conflicts-section").is_hidden()
        assert popup.locator("#differs-section h2").text_content() == \
            "Sentences that differ from a checked claim"
        [listed] = popup.locator("#differs li").all_inner_texts()
        assert "70 percent" in listed and "differs from the checked claim" in listed
        assert "70 percent" not in popup.locator("#matched").inner_text()
        assert popup.locator("#matched li").count() == 1
