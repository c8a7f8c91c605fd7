"""What a reader sees, in Debian's Chromium with the extension and the real server, on pages
written for each case: a sentence that mixes two populations and matches two claims (its
conflict first, the value for its own group beside the other group's), a phone-width
window (the card beside its sentence, never hiding that it scrolls), a card grown by opening
its sources (still in the window, every button reachable), a dark page, adjacent highlighted sentences,
the popup's entries, the launcher's count and place in the Tab order, the error state left
after a failed check, and claim text that holds markup (text everywhere, never markup).
Screenshots go to artifacts/; the README's card and quantity-page pictures to docs/ when
missing or with RECOUNT_UPDATE_SCREENSHOT=1.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from server.store import open_store
from tests.conftest import LiveServer, free_port
from tests.extension_helpers import (
    BOXES,
    ROOT,
    StaticServer,
    artifact,
    launch_browser,
    match_sentences,
    needs_chromium,
    wait_until,
    write_page,
)

pytestmark = needs_chromium

MIXED = ("Since January 20, New York has released 6,947 criminal illegal aliens, including 148 "
         "people charged with homicide, according to the Department of Homeland Security.")
ADJACENT = ["There are currently 7,113 aliens in custody across the state of New York with an "
            "active detainer.",
            "New York's failure to honor ICE detainers has resulted in the release of 6,947 "
            "criminal illegal aliens."]
MARKUP = '<script>document.title="owned"</script><b>bold</b>'

DARK = ("html { color-scheme: dark; } body { background: #121212; color: #e8e8e8; } "
        "a { color: #9ecbff; }")

CARD = """() => {
  const host = document.querySelector("recount-card");
  const card = host && host.shadowRoot.querySelector(".card");
  if (!card || getComputedStyle(host).display === "none") return null;
  const box = card.getBoundingClientRect();
  return { text: card.textContent, top: box.top, bottom: box.bottom, left: box.left,
           right: box.right, scrollHeight: card.scrollHeight, clientHeight: card.clientHeight,
           sections: [...card.querySelectorAll("section")].map((s) => s.textContent),
           glance: [...card.querySelectorAll(".glance")].map((g) => g.textContent),
           background: getComputedStyle(card).backgroundColor,
           color: getComputedStyle(card).color,
           width: innerWidth, height: innerHeight };
}"""
#: Fills the open popup from a fresh check of a tab (the popup's own flow, minus the click).
RENDER_POPUP = """async (tabId) => {
  const { render } = await import("./popup.js");
  const reply = await chrome.runtime.sendMessage({ type: "recount/check-tab", tabId });
  for (const id of ["conflicts", "matched", "sources"])
    document.getElementById(id).replaceChildren();
  render(document, reply.data, () => {});
}"""
CLICK_ON = """(text) => {
  for (const name of ["recount-conflicting", "recount-consistent", "recount-conflicting-next",
                      "recount-consistent-next"]) {
    for (const range of CSS.highlights.get(name) ?? []) {
      if (!range.toString().includes(text)) continue;
      range.startContainer.parentElement.scrollIntoView({ block: "center" });
      const rect = range.getClientRects()[0];
      return { x: rect.left + 4, y: rect.top + rect.height / 2 };
    }
  }
  return null;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    write_page(folder, "mixed.html", "Detainers: the numbers", [
        "The mayor's order takes effect on Monday, officials said.", MIXED,
        "Officials did not comment further."])
    write_page(folder, "dark.html", "Detainers: the numbers", [MIXED], style=DARK)
    write_page(folder, "adjacent.html", "Two figures", [" ".join(ADJACENT)])
    write_page(folder, "short.html", "Three figures", [MIXED, *ADJACENT])
    server = StaticServer(folder)
    yield server
    server.stop()


def open_card(page, text: str) -> dict:
    point = page.evaluate(CLICK_ON, text)
    assert point, f"no highlight on {text!r}"
    page.mouse.click(point["x"], point["y"])
    return page.wait_for_function(CARD, timeout=5000).json_value()


def keep_for_readme(shot: Path, name: str) -> None:
    """Copies an artifact to docs/ when it is missing there or RECOUNT_UPDATE_SCREENSHOT=1
    (a test run does not dirty the checkout otherwise)."""
    target = ROOT / "docs" / name
    if not target.exists() or os.environ.get("RECOUNT_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, target)


def test_mixed_sentence_card_puts_the_conflict_first_with_both_groups_values(
        live_server, site, tab):
    [result] = match_sentences(live_server.url, [MIXED])
    statuses = [{f["status"] for f in m["figures"]} for m in result["matches"]]
    assert {"conflicting"} in statuses and {"consistent"} in statuses  # two claims matched
    figure = next(f for m in result["matches"] for f in m["figures"]
                  if f["reason"] == "other-quantity")
    ours = next(k for k in figure["known"] if k["role"] == "same-quantity")
    theirs = next(k for k in figure["known"] if k["role"] == "value-owner")

    page = tab(f"{site.url}/mixed.html")
    card = open_card(page, "148 people")
    first, second = card["sections"][:2]
    assert "✗ Differs" in first and "“148”" in first  # the conflict leads the card
    assert "✓ Matches" in second and "6,947" in second
    # At a glance: the sentence's group's value, then the other group's, each labelled.
    [glance] = card["glance"]
    assert glance.index(ours["text"]) < glance.index(theirs["text"])
    assert f"This sentence's group: {ours['population']}" in glance
    assert f"Another group's value: {theirs['population']}" in glance
    assert "custody" in theirs["population"] and "released" in ours["population"]
    # One short sentence per verdict, without the long descriptions' asides.
    assert figure["explanation"] in card["text"]
    assert figure["explanation"].count(". ") == 0 and len(figure["explanation"].split()) < 45
    assert "does not say whether" not in card["text"]
    # Sources: merged (each quote once), dates and their absence said plainly, no placeholder.
    assert "unnamed news site" not in card["text"]
    assert "date not recorded" in card["text"] and "2026-02-07" in card["text"]
    quotes = page.evaluate("""() => [...document.querySelector("recount-card").shadowRoot
      .querySelectorAll("section:first-of-type q")].map((q) => q.textContent)""")
    assert len(quotes) == len(set(quotes)) and theirs["quote"] in quotes
    assert "No link to an original is recorded." in card["text"]
    page.screenshot(path=artifact("reading-mixed-card.png"))


def apart(a: dict, b: dict) -> bool:
    """Whether two boxes do not overlap."""
    return (a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            or a["right"] <= b["left"] or b["right"] <= a["left"])


def test_card_fits_a_phone_width_window_beside_its_sentence(site, tab):
    """On a phone-width page too short to scroll, the card is too tall to sit whole above or
    below its sentence: it sits below it, capped to the room there, and says "More below"
    while it scrolls inside; it covers neither the sentence nor the launcher."""
    page = tab(f"{site.url}/mixed.html")
    page.set_viewport_size({"width": 390, "height": 844})
    card = open_card(page, "148 people")
    assert card["width"] == 390
    assert card["top"] >= 0 and card["bottom"] <= card["height"]
    assert card["left"] >= 0 and card["right"] <= card["width"]
    boxes = page.evaluate(BOXES, "148 people")
    assert apart(card, boxes["sentence"]) and apart(card, boxes["launcher"]), (card, boxes)
    if card["scrollHeight"] > card["clientHeight"] + 1:
        assert "More below" in card["text"]
    # The card as it opens (the README shows it), before reaching down into it.
    shot = artifact("reading-card-390px.png")
    page.screenshot(path=shot)
    keep_for_readme(shot, "card.png")
    # The claim link and the feedback buttons are inside the window, not below a fold.
    for name in ("Wrong figure", "Wrong match"):
        page.locator("recount-card").get_by_role("button", name=name).last.hover(timeout=3000)


#: The open card's box, and each of its controls reached with Tab from the card: its name
#: and box after the card scrolled it into view.
TAB_THROUGH_CARD = """async () => {
  const host = document.querySelector("recount-card");
  const root = host.shadowRoot;
  const card = root.querySelector(".card");
  card.focus();
  const box = (el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; };
  return { card: box(card), height: innerHeight,
           controls: [...root.querySelectorAll("button, summary, a")].length };
}"""
FOCUSED_IN_CARD = """() => {
  const root = document.querySelector("recount-card").shadowRoot;
  const el = root.activeElement;
  if (!el) return null;
  const r = el.getBoundingClientRect(), c = root.querySelector(".card").getBoundingClientRect();
  return { name: el.getAttribute("aria-label") || el.textContent, top: r.top, bottom: r.bottom,
           inCard: r.top >= c.top - 1 && r.bottom <= c.bottom + 1 };
}"""


@pytest.mark.parametrize("size", [(1280, 860), (390, 844)])
def test_a_card_with_its_sources_open_fits_the_window(site, tab, size):
    """Opening "What the sources counted" grows the card: it is placed again and capped to
    the window, so every button stays reachable, by keyboard and by mouse, on a page too
    short to scroll the card's end into view."""
    width, height = size
    page = tab(f"{site.url}/short.html")
    page.set_viewport_size({"width": width, "height": height})
    open_card(page, "148 people")
    card = page.locator("recount-card")
    card.locator("summary").first.click()
    page.evaluate("""() => { for (const d of document.querySelector("recount-card").shadowRoot
      .querySelectorAll("details")) d.open = true; }""")
    page.wait_for_timeout(100)
    got = page.evaluate(TAB_THROUGH_CARD)
    assert got["card"]["top"] >= 0 and got["card"]["bottom"] <= height, got
    seen = []
    for _ in range(got["controls"]):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_IN_CARD)
        if focused is None:
            break
        assert focused["inCard"] and focused["top"] >= 0 and focused["bottom"] <= height, focused
        seen.append(focused["name"])
    for name in ("Wrong figure", "Wrong match", "Previous", "Next"):
        assert any(n.startswith(name) for n in seen), (name, seen)
    for name in ("Next", "Wrong match"):
        card.get_by_role("button", name=name).last.hover(timeout=3000)
    page.screenshot(path=artifact(f"reading-card-sources-open-{width}px.png"))


def accessibility_tree(page) -> list[dict]:
    """The page's accessibility tree as Chromium gives it to screen readers: the role, name
    and description of each node that is not hidden from them."""
    client = page.context.new_cdp_session(page)
    try:
        nodes = client.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        client.detach()
    return [{key: str(node.get(key, {}).get("value", "")) for key in ("role", "name", "description")}
            for node in nodes if not node.get("ignored")]


def test_the_keyboard_route_at_200_percent_zoom_names_the_sentence(site, tab):
    """A 1280 x 860 window at 200% zoom shows 640 x 430 CSS pixels. From the launcher, the
    first card keeps off its sentence and off the launcher, and tells a screen reader which
    sentence it is about; its buttons are named for what they report, no landmark is made
    of its header, and the decorative glyphs are not read out."""
    page = tab(f"{site.url}/short.html")
    page.set_viewport_size({"width": 640, "height": 430})
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement?.tagName") == "RECOUNT-LAUNCHER"
    page.keyboard.press("Enter")
    card = page.wait_for_function(CARD, timeout=5000).json_value()
    assert page.evaluate("document.activeElement?.tagName") == "RECOUNT-CARD"
    boxes = page.evaluate(BOXES, "148 people")
    assert apart(card, boxes["sentence"]) and apart(card, boxes["launcher"]), (card, boxes)
    assert card["top"] >= 0 and card["bottom"] <= 430
    nodes = accessibility_tree(page)
    [dialog] = [n for n in nodes if n["role"] == "dialog"]
    assert dialog["name"] == "Recount: Conflicts with the sources"
    assert dialog["description"].startswith("Sentence 1 of 3: “Since January 20, New York has")
    assert dialog["description"].endswith("…”") and len(dialog["description"]) < len(MIXED)
    assert not [n for n in nodes if n["role"] == "banner"]
    figures = [n["name"] for n in nodes
               if n["role"] == "button" and n["name"].startswith("Wrong figure")]
    assert figures == ["Wrong figure: 148", "Wrong figure: 6,947"]
    assert not [n for n in nodes if "✓" in n["name"] or "✗" in n["name"]]
    assert not [n for n in nodes if n["role"] == "button" and ("‹" in n["name"] or "›" in n["name"])]
    page.screenshot(path=artifact("reading-card-zoom-200.png"))


def test_a_tall_card_keeps_the_readers_place_when_the_page_scrolls(site, tab):
    page = tab(f"{site.url}/mixed.html")
    page.set_viewport_size({"width": 420, "height": 320})
    card = open_card(page, "148 people")
    assert "More below" in card["text"]  # taller than the window: it scrolls inside
    body = "document.querySelector('recount-card').shadowRoot.querySelector('.card')"
    page.evaluate(f"{body}.scrollTop = 150")
    before = page.evaluate("window.scrollY")
    page.evaluate("window.scrollBy(0, -30)")
    page.wait_for_timeout(200)
    assert page.evaluate("window.scrollY") != before  # the page did scroll
    assert page.evaluate(f"{body}.scrollTop") >= 150


def test_dark_page_gets_a_dark_readable_card(site, tab, ext):
    page = ext.context.new_page()
    try:
        page.emulate_media(color_scheme="dark")
        page.goto(f"{site.url}/dark.html")
        page.wait_for_function("document.documentElement.dataset.recountState === 'done'")
        card = open_card(page, "148 people")

        def luminance(css: str) -> float:
            r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
            return 0.2126 * r + 0.7152 * g + 0.0722 * b

        assert luminance(card["background"]) < 0.2 < 0.7 < luminance(card["color"])
        page.screenshot(path=artifact("reading-dark-page.png"))
    finally:
        page.close()


def test_adjacent_highlights_stay_apart(site, tab):
    """Two sentences of one verdict side by side: an unpainted space between them, and the
    second in the lighter tint, so they do not read as one block."""
    page = tab(f"{site.url}/adjacent.html")
    assert page.evaluate("document.documentElement.dataset.recountMatches") == "2"
    got = page.evaluate("""() => {
      const names = ["recount-consistent", "recount-consistent-next"];
      const ranges = names.flatMap((n) => [...(CSS.highlights.get(n) ?? [])].map((r) => [n, r]));
      ranges.sort((a, b) => a[1].compareBoundaryPoints(Range.START_TO_START, b[1]));
      const [[firstName, first], [secondName, second]] = ranges;
      const between = document.createRange();
      between.setStart(first.endContainer, first.endOffset);
      between.setEnd(second.startContainer, second.startOffset);
      return { count: ranges.length, names: [firstName, secondName], between: between.toString(),
               firstEnds: first.toString().slice(-1), secondStarts: second.toString()[0] };
    }""")
    assert got["count"] == 2
    assert got["names"] == ["recount-consistent", "recount-consistent-next"]
    assert got["between"].strip() == "" and len(got["between"]) >= 1  # an unpainted space
    assert got["firstEnds"] == "." and got["secondStarts"] == "N"
    page.screenshot(path=artifact("reading-adjacent.png"))


def test_launcher_counts_sentences_and_comes_first_in_the_tab_order(site, tab):
    """The launcher counts what the popup's status line and the toolbar badge count: the
    highlighted sentences (one here, with two figures), and those that conflict; its
    accessible name starts with the words on it."""
    page = tab(f"{site.url}/mixed.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement?.tagName") == "RECOUNT-LAUNCHER"
    button = page.locator("recount-launcher button")
    text = button.inner_text()
    assert text == "Recount: 1 sentence, 1 conflicting"
    name = button.get_attribute("aria-label")
    assert name.startswith(f"{text}. 1 sentence repeats known claims; 1 conflicts with the")


def test_popup_lists_one_entry_per_sentence_with_its_figures(ext, site, tab):
    """One sentence with two figures, one of them conflicting: one entry, under the
    conflicts, listing both figures (the conflict first), each with what was found."""
    article = tab(f"{site.url}/mixed.html")
    tab_id = ext.tab_id(article.url)
    popup = tab(ext.url("popup/popup.html"), state=())
    popup.evaluate(RENDER_POPUP, tab_id)
    assert popup.locator("#conflicts li").count() == 1
    assert popup.locator("#matched li").count() == 0
    figures = popup.locator("#conflicts li .figure").all_inner_texts()
    assert figures == ["“148”", "“6,947”"]
    lines = popup.locator("#conflicts li .figure-line")
    assert "conflicting" in lines.nth(0).get_attribute("class").split()
    assert "consistent" in lines.nth(1).get_attribute("class").split()
    assert popup.locator("#conflicts li .excerpt").inner_text() == MIXED
    assert "another group's figure" in popup.locator("#conflicts").inner_text()
    popup.screenshot(path=artifact("reading-popup.png"))


def test_failed_check_leaves_an_error_state_and_plain_messages(ext, live_server, site, tab):
    ext.configure(serverUrl=f"http://127.0.0.1:{free_port()}")
    try:
        page = tab(f"{site.url}/mixed.html")
        assert page.evaluate("document.documentElement.dataset.recountState") == "error"
        notice = page.locator("recount-launcher .notice").inner_text()
        assert "cannot be reached" in notice
        button = page.locator("recount-launcher button")
        assert button.inner_text().startswith("Recount: check failed")
        name = button.get_attribute("aria-label")
        assert name.startswith("Recount: check failed. The server cannot be reached")
        assert name.count("Recount:") == 1 and name == name.strip(), name
        assert "cannot be reached" in (button.get_attribute("title") or "")
        # The notice fades, the button's error state stays.
        page.evaluate("""() => { const l = document.querySelector("recount-launcher");
          l.shadowRoot.querySelector(".notice").hidden = true; }""")
        assert button.is_visible()
        badge = ext.toolbar(page.url, "BadgeText", lambda text: text.endswith("!"))
        assert badge.endswith("!")
        reply = ext.worker.evaluate("""(tabId) => new Promise((resolve) =>
          chrome.tabs.sendMessage(tabId, { type: "recount/get-summary" }, resolve))""",
                                    ext.tab_id(page.url))
        detail = reply["data"]["error"]["detail"]
        for text in (notice, detail, button.get_attribute("title")):
            assert "TypeError" not in text and ".." not in text, text
        page.screenshot(path=artifact("reading-error-state.png"))
    finally:
        ext.configure(serverUrl=live_server.url)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A server whose only claim, source and quantity hold markup."""
    database = tmp_path_factory.mktemp("hostile") / "recount.db"
    text = f"The harbour board counted 4,321 ferries {MARKUP} in 2025."
    store = open_store(str(database))
    store.import_document({
        "format": "recount-claims/1",
        "sources": [{"id": "s1", "publisher": f"Gazette {MARKUP}", "kind": "primary",
                     "title": MARKUP, "published": "2026-01-02",
                     "url": "https://example.org/gazette"}],
        "quantities": [{"id": "ferries", "description": f"Ferries counted {MARKUP}",
                        "unit": "count", "noun": "ferries", "aliases": [MARKUP]}],
        "claims": [{"id": "c1", "text": text, "quotes": [{"source": "s1", "text": text}],
                    "figures": [{"quantity": "ferries", "source": "s1", "value": 4321,
                                 "text": "4,321", "span": [26, 31]}]}]})
    store.close()
    server = LiveServer(database, env={"RECOUNT_LOAD_DEMO": "false"})
    yield server
    server.stop()


def test_markup_in_claims_is_text_in_the_card_popup_and_pages(ext, live_server, hostile_server,
                                                              tmp_path, tab):
    folder = tmp_path / "hostile-site"
    folder.mkdir()
    write_page(folder, "ferries.html", "Ferries",
               ["The harbour board counted 4,321 ferries in 2025, the board said."])
    site = StaticServer(folder)
    ext.configure(serverUrl=hostile_server.url)
    try:
        page = tab(f"{site.url}/ferries.html")
        assert page.evaluate("document.documentElement.dataset.recountMatches") == "1"
        card = open_card(page, "4,321")
        assert MARKUP in card["text"]
        injected = page.evaluate("""() => document.querySelector("recount-card").shadowRoot
          .querySelectorAll("script, b").length""")
        assert injected == 0 and page.title() == "Ferries"
        links = page.evaluate("""() => [...document.querySelector("recount-card").shadowRoot
          .querySelectorAll("a")].map((a) => a.href)""")
        assert "https://example.org/gazette" in links  # the original, where one is recorded
        popup = tab(ext.url("popup/popup.html"), state=())
        popup.evaluate(RENDER_POPUP, ext.tab_id(page.url))
        assert MARKUP in popup.locator("#summary").inner_text()
        assert popup.locator("#summary script, #summary b").count() == 0
        for path in ("/", "/?q=ferries", "/claims/c1", "/quantities/ferries"):
            view = tab(hostile_server.url + path, state=())
            assert view.title() != "owned"
            assert view.locator("main script, main b").count() == 0, path
            assert MARKUP in view.locator("main").inner_text(), path
    finally:
        ext.configure(serverUrl=live_server.url)
        site.stop()


def test_quantity_page_in_the_browser(live_server):
    """In a browser without the extension (so the page is as any reader sees it)."""
    browser = launch_browser()
    page = browser.new_page(viewport={"width": 1000, "height": 1000})
    try:
        page.goto(f"{live_server.url}/quantities/ny-custody-homicides")
        svg = page.locator("svg[role=img]")
        assert svg.get_attribute("aria-labelledby") == "chart-title chart-desc"
        assert "148" in svg.locator("text.value").all_text_contents()
        rows = page.locator("table.values tbody tr").count()
        assert rows == svg.locator("g.bar").count() >= 2
        shot = artifact("reading-quantity-page.png")
        page.screenshot(path=shot, full_page=False)
        keep_for_readme(shot, "quantity-page.png")
        # A browser gets an HTML error page; the API keeps problem+json.
        missing = page.goto(f"{live_server.url}/claims/unknown")
        assert missing.status == 404 and "text/html" in missing.headers["content-type"]
        assert page.locator("h1").inner_text() == "Not Found"
        api = page.goto(f"{live_server.url}/api/v1/claims/unknown")
        assert api.headers["content-type"].startswith("application/problem+json")
    finally:
        browser.close()


def test_claim_page_leads_to_the_other_groups_claim(live_server, ext):
    page = ext.context.new_page()
    try:
        page.goto(f"{live_server.url}/claims/dhs-ny-released-crimes")
        row = page.locator("table.others tr", has_text="homicides")
        assert "148" in row.inner_text()
        # Named by the claim's words, as a reader would look for it, not by its id.
        # (as long as tells it from the other custody claim's: "... jurisdictions have…").
        row.get_by_role("link", name="in the custody of New York jurisdictions as…").click()
        page.wait_for_url(re.compile(r"/claims/dhs-ny-custody-crimes$"))
        assert "148" in page.locator("main").inner_text()
        wait_until(lambda: page.locator("h1").count() == 1, message="claim page")
    finally:
        page.close()
