"""How the card behaves while a reader moves through a page, in Debian's Chromium with the
extension and the real server: a card stepped to with Next or the arrow keys opens at its
top; it stays on its side of the sentence when it grows or the page scrolls a little;
arrow keys move between highlights from inside the card, and after Escape the launcher
goes on from the last card read; the card closes once its sentence has left the window.
Screenshots go to artifacts/.
"""

from __future__ import annotations

import pytest

from tests.extension_helpers import (
    artifact,
    needs_chromium,
)

pytestmark = needs_chromium

#: The open card's state: its box, inner scroll, position among the highlights, and what
#: has the focus inside it (null when no card shows).
STATE = """() => {
  const host = document.querySelector("recount-card");
  const card = host && host.shadowRoot.querySelector(".card");
  if (!card || getComputedStyle(host).display === "none") return null;
  const box = card.getBoundingClientRect();
  const focused = host.shadowRoot.activeElement;
  return { top: box.top, bottom: box.bottom, scrollTop: card.scrollTop,
           tall: card.scrollHeight > card.clientHeight + 1,
           position: card.querySelector("nav span")?.textContent ?? null,
           about: card.querySelector(".about").textContent,
           focused: focused && (focused.getAttribute("aria-label") || focused.textContent),
           hostFocused: document.activeElement === host };
}"""


def from_launcher(page) -> dict:
    """Tabs to the launcher, presses Enter and returns the first card's state."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.tagName") == "RECOUNT-LAUNCHER":
            break
    else:
        pytest.fail("the launcher is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(STATE, timeout=5000)
    return page.evaluate(STATE)


def next_state(page, before: dict) -> dict:
    """The card's state once it shows another position than `before`."""
    page.wait_for_function(f"(({STATE})()?.position ?? null) !== {before['position']!r}",
                           timeout=5000)
    return page.evaluate(STATE)


def test_next_opens_a_tall_card_at_its_top_and_keeps_the_focus(pages, tab):
    """A card stepped to with Next starts at its headline, the sentence it is about and its
    first figure, not scrolled to the Next button at its end; the button keeps the focus,
    so Enter steps on."""
    page = tab(pages.page("dhs-urges-nyc-officials.html"))
    state = from_launcher(page)
    total = int(state["position"].split(" of ")[1])
    page.locator("recount-card").get_by_role("button", name="Next", exact=True).focus()
    seen = []
    for _ in range(total):
        page.keyboard.press("Enter")
        state = next_state(page, state)
        seen.append(state)
        assert state["focused"] == "Next", state
        assert state["scrollTop"] == 0, state
    assert any(s["tall"] for s in seen), "no card taller than its room on this page"
    page.screenshot(path=artifact("card-next-opens-at-top.png"))
