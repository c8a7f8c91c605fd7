"""A page left open while the extension is switched off and on again (as an update or a
reload does), in Debian's Chromium with the real server: the content script that ran in it
is cut off from the extension but stays in the page; the one the toolbar button injects
next takes over. One floating button, one card, the highlights and the card working, and
the old instance no longer reacting to the page. Screenshots go to artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.extension_helpers import (
    LoadedExtension,
    artifact,
    checking_everything,
    needs_chromium,
    wait_until,
)

pytestmark = needs_chromium

#: What Recount has put in the page: its elements and the highlighted sentences.
IN_PAGE = """() => ({
  launchers: document.querySelectorAll("recount-launcher").length,
  cards: document.querySelectorAll("recount-card").length,
  highlighted: ["recount-consistent", "recount-conflicting", "recount-consistent-next",
                "recount-conflicting-next"].reduce((n, name) => n + (CSS.highlights.get(name)?.size ?? 0), 0),
  matches: document.documentElement.dataset.recountMatches,
})"""
CARD_TEXT = """() => {
  const host = document.querySelector("recount-card");
  const card = host && host.shadowRoot.querySelector(".card");
  return card && getComputedStyle(host).display !== "none" ? card.textContent : null;
}"""
#: Every state the page's check goes through from now on, as `<html>` says it.
RECORD_STATES = """() => {
  window.recountStates = [];
  new MutationObserver(() => window.recountStates.push(document.documentElement.dataset.recountState))
    .observe(document.documentElement, { attributes: true, attributeFilter: ["data-recount-state"] });
}"""
NEW_SENTENCE = ("There are currently 7,113 criminal illegal aliens in the custody of a New York "
                "jurisdiction with an active detainer.")


@pytest.fixture(scope="module")
def ext(live_server, tmp_path_factory) -> Iterator[LoadedExtension]:
    """The extension in a profile of its own: these tests switch it off and on."""
    with checking_everything(live_server.url, tmp_path_factory.mktemp("update")) as extension:
        yield extension


def switch_off_and_on(ext: LoadedExtension) -> None:
    """Disables and enables the extension, as the browser does around an update."""
    admin = ext.context.new_page()
    try:
        admin.goto("chrome://extensions")
        admin.evaluate("""async (id) => {
          await chrome.management.setEnabled(id, false);
          await chrome.management.setEnabled(id, true);
        }""", ext.id)
    finally:
        admin.close()


def click_toolbar_button(ext: LoadedExtension, url: str) -> dict[str, Any]:
    """What the popup does on a click: checks the tab, injecting the content script when
    none answers (the old one is cut off from the extension)."""
    popup = ext.context.new_page()
    try:
        popup.goto(ext.url("popup/popup.html"))
        return popup.evaluate("""async (url) => {
          const [tab] = await chrome.tabs.query({ url });
          return chrome.runtime.sendMessage({ type: "recount/check-tab", tabId: tab.id });
        }""", url)
    finally:
        popup.close()


def test_the_content_script_injected_after_an_update_takes_over(ext, pages):
    page = ext.open(pages.page("misquoted.html"))
    before = page.evaluate(IN_PAGE)
    assert before["launchers"] == before["cards"] == 1 and before["highlighted"] > 0
    switch_off_and_on(ext)
    reply = click_toolbar_button(ext, page.url)
    assert reply["ok"], reply
    page.wait_for_function("document.documentElement.dataset.recountState === 'done'")
    # One of each, the page's highlights as before.
    assert page.evaluate(IN_PAGE) == before
    page.screenshot(path=artifact("extension-after-update.png"))

    # The new button opens the new card; Escape closes it and gives the focus back.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement?.tagName") == "RECOUNT-LAUNCHER"
    page.keyboard.press("Enter")
    text = page.wait_for_function(CARD_TEXT, timeout=5000).json_value()
    assert f"1 of {before['matches']}" in text
    page.keyboard.press("Escape")
    page.wait_for_function(f"({CARD_TEXT})() === null", timeout=5000)
    assert page.evaluate("document.activeElement?.tagName") == "RECOUNT-LAUNCHER"

    # The old instance no longer watches the page: a new sentence is checked once, by the
    # new one (the old one, cut off from the extension, would fail and say so).
    page.evaluate(RECORD_STATES)
    page.evaluate("""(text) => {
      const p = document.createElement("p");
      p.textContent = text;
      document.querySelector("article").append(p);
    }""", NEW_SENTENCE)
    wait_until(lambda: page.evaluate("window.recountStates").count("done") >= 1,
               message="the new sentence to be checked")
    page.wait_for_timeout(1500)  # past the watcher's debounce, for an old instance too
    states = page.evaluate("window.recountStates")
    assert "error" not in states, states
    assert page.evaluate("document.documentElement.dataset.recountState") == "done"
    after = page.evaluate(IN_PAGE)
    assert (after["launchers"], after["cards"]) == (1, 1)
    assert after["highlighted"] == before["highlighted"] + 1
    page.close()
