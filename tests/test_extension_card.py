"""How the card behaves while a reader moves through a page, in Debian's Chromium with the
extension and the real server: a card stepped to with Next or the arrow keys opens at its
top; it stays on its side of the sentence when it grows or the page scrolls a little;
selecting a sentence's text does not pin its card;
arrow keys move between highlights from inside the card, and after Escape the launcher
goes on from the last card read; an Escape meant for the page's own dialog is left to it; the card closes once its sentence has left the window;
its description tells sentences apart by their place; the toolbar title counts in words;
the dark scheme's focus ring stands out. Screenshots go to artifacts/.
"""

from __future__ import annotations

import re

import pytest

from tests.extension_helpers import (
    BOXES,
    PAGE,
    StaticServer,
    artifact,
    needs_chromium,
    write_page,
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

#: Text that matches nothing, to put the highlighted sentences far apart.
#: A dark page (as tests/test_extension_reading.py's): its own background, whatever the
#: system's setting.
DARK_PAGE = "html { color-scheme: dark; } body { background: #121212; color: #e8e8e8; }"
FILLER = " ".join(["Lorem ipsum dolor sit amet, consectetur adipiscing elit."] * 12)
CONFLICT = ("Since January 20, New York has released 6,947 criminal illegal aliens, including "
            "148 people charged with homicide, according to the Department of Homeland Security.")
CONSISTENT = ("There are currently 7,113 aliens in custody across the state of New York with an "
              "active detainer.")

#: A breakdown that names no population, after the headcount's sentence: a match only for
#: what it goes on from.
HEADCOUNT = ("New York released 6,947 criminal illegal aliens with ICE detainers since "
             "January 20, DHS said.")
BREAKDOWN = "Those released include 29 charged with homicide and 2,509 with assault."
# The released people's count said of the held, in words too few to score.
REPEATS = "The aliens in custody were charged with 2,509 assaults, DHS said."


#: The page's own dialog (closed by Escape, as a <dialog> is) and a page-wide Escape
#: handler (a menu's, say) that the page switches on and off and that marks the key handled.
PAGE_WIDGETS = """<dialog id="menu"><button>Close the menu</button></dialog>
<script>
  window.escapesTaken = 0;
  window.takeEscape = false;
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && window.takeEscape) {
      event.preventDefault();
      window.escapesTaken++;
    }
  });
</script>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A long page: two highlighted sentences, far apart in text that matches nothing."""
    folder = tmp_path_factory.mktemp("card-site")
    write_page(folder, "long.html", "Detainers: the numbers",
               [FILLER] * 6 + [CONSISTENT] + [FILLER] * 6 + [CONFLICT] + [FILLER] * 6)
    write_page(folder, "long-dark.html", "Detainers: the numbers",
               [FILLER] * 6 + [CONSISTENT] + [FILLER] * 6 + [CONFLICT] + [FILLER] * 6,
               style=DARK_PAGE)
    write_page(folder, "one.html", "Detainers", [CONSISTENT])
    write_page(folder, "follows.html", "Detainers", [HEADCOUNT, BREAKDOWN])
    write_page(folder, "repeats.html", "Detainers", [REPEATS])
    linked = CONSISTENT.replace("7,113 aliens", '<a href="#notes">7,113 aliens</a>')
    write_page(folder, "linked.html", "Detainers", [linked, '<span id="notes">Notes.</span>'])
    (folder / "dialog.html").write_text(PAGE.format(
        title="Detainers", style="", paragraphs=f"<p>{CONSISTENT}</p>{PAGE_WIDGETS}"),
        encoding="utf-8")
    server = StaticServer(folder)
    yield server
    server.stop()


def put_sentence(page, text: str, bottom: float) -> dict:
    """Scrolls the page so the sentence holding `text` ends `bottom` pixels from the top of
    the window; returns its box."""
    box = page.evaluate(BOXES, text)["sentence"]
    page.evaluate(f"window.scrollBy(0, {box['bottom'] - bottom})")
    page.wait_for_timeout(100)
    return page.evaluate(BOXES, text)["sentence"]


def click_sentence(page, text: str) -> dict:
    """Clicks the first line of the highlighted sentence holding `text`; its card's state."""
    box = page.evaluate(BOXES, text)["sentence"]
    page.mouse.click(box["left"] + 4, box["top"] + 6)
    page.wait_for_function(STATE, timeout=5000)
    return page.evaluate(STATE)


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


def test_a_card_that_grows_stays_below_its_sentence(site, tab):
    """Opening "What the sources counted" grows a card shown below its sentence past the room
    there: it stays below, capped and scrolling inside, rather than jumping above the
    sentence (away from the summary the reader just clicked)."""
    page = tab(f"{site.url}/long.html")
    sentence = put_sentence(page, CONSISTENT, 480)
    card = click_sentence(page, CONSISTENT)
    assert card["top"] >= sentence["bottom"] and not card["tall"], (card, sentence)
    summary = page.locator("recount-card summary").first
    before = summary.bounding_box()
    summary.click()
    page.wait_for_timeout(150)
    grown = page.evaluate(STATE)
    assert grown["top"] == card["top"] and grown["tall"], (card, grown)
    assert summary.bounding_box()["y"] == before["y"]
    assert "More below" in page.evaluate(
        "document.querySelector('recount-card').shadowRoot.querySelector('.card').textContent")
    page.screenshot(path=artifact("card-grown-stays-below.png"))


def test_small_scrolls_do_not_flip_the_card(site, tab):
    """Scrolled 20 pixels at a time until the room below the sentence is less than the card
    needs, the card stays below and moves with its sentence (capped, scrolling inside)
    rather than jumping hundreds of pixels to the other side."""
    page = tab(f"{site.url}/long.html")
    put_sentence(page, CONSISTENT, 430)
    card = click_sentence(page, CONSISTENT)
    height = card["bottom"] - card["top"]
    for _ in range(8):
        page.evaluate("window.scrollBy(0, -20)")
        page.wait_for_timeout(80)
        card = page.evaluate(STATE)
        sentence = page.evaluate(BOXES, CONSISTENT)["sentence"]
        assert abs(card["top"] - sentence["bottom"] - 8) <= 1, (card, sentence)
    assert card["bottom"] - card["top"] < height and card["tall"]  # capped by now


def test_arrow_keys_step_from_inside_the_card_and_escape_keeps_the_place(pages, tab):
    """With the card focused, the arrow keys step between highlights (down and right on, up
    and left back) instead of scrolling the page; PageDown still scrolls a tall card. After
    Escape, the launcher's Enter goes on from the card read last."""
    page = tab(pages.page("dhs-urges-nyc-officials.html"))
    page.set_viewport_size({"width": 640, "height": 430})
    state = from_launcher(page)
    assert state["position"].startswith("1 of ") and state["hostFocused"]
    total = int(state["position"].split(" of ")[1])
    assert total >= 4
    for key, position in [("ArrowDown", 2), ("ArrowRight", 3), ("ArrowUp", 2),
                          ("ArrowLeft", 1), ("ArrowDown", 2), ("ArrowDown", 3)]:
        page.keyboard.press(key)
        state = next_state(page, state)
        assert state["position"] == f"{position} of {total}", (key, state)
        assert state["scrollTop"] == 0 and state["hostFocused"], state
        assert state["about"].startswith(f"Sentence {position} of {total}: “"), state
    assert state["tall"]  # a 640 x 430 window: the card scrolls inside
    page.keyboard.press("PageDown")
    page.wait_for_function(f"({STATE})().scrollTop > 0", timeout=3000)
    page.keyboard.press("Escape")
    page.wait_for_function(f"({STATE})() === null")
    assert page.evaluate("document.activeElement?.tagName") == "RECOUNT-LAUNCHER"
    page.keyboard.press("Enter")
    page.wait_for_function(STATE, timeout=5000)
    assert page.evaluate(STATE)["position"] == f"4 of {total}"


def test_an_escape_meant_for_the_page_leaves_the_card_open(site, tab):
    """Escape in the page's own dialog closes the dialog, not the card; one the page marks
    handled (its menu's) neither; with the focus nowhere in particular, Escape closes the
    card; in the card it closes it and gives the focus to the floating button, even while
    the page takes every Escape for itself."""
    page = tab(f"{site.url}/dialog.html")
    assert click_sentence(page, CONSISTENT)
    page.evaluate("document.getElementById('menu').showModal()")
    assert page.evaluate("document.activeElement.textContent") == "Close the menu"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('menu').open")
    page.wait_for_timeout(100)
    assert page.evaluate(STATE), "the page's dialog took the card with it"

    page.evaluate("document.activeElement.blur(); window.takeEscape = true")
    page.keyboard.press("Escape")
    page.wait_for_timeout(100)
    assert page.evaluate("window.escapesTaken") == 1
    assert page.evaluate(STATE), "an Escape the page handled closed the card"

    page.evaluate("window.takeEscape = false")
    page.keyboard.press("Escape")
    page.wait_for_function(f"({STATE})() === null", timeout=5000)

    page.evaluate("window.takeEscape = true")
    state = from_launcher(page)
    assert state["hostFocused"]
    page.keyboard.press("Escape")
    page.wait_for_function(f"({STATE})() === null", timeout=5000)
    assert page.evaluate("document.activeElement?.tagName") == "RECOUNT-LAUNCHER"


def test_selecting_a_sentences_text_does_not_pin_its_card(site, tab):
    """A reader copying a highlighted sentence (a drag, a double click) is not asking for
    its card: the card the hover opened closes once the pointer leaves, as it does without
    a click, and the selection stays."""
    page = tab(f"{site.url}/long.html")
    box = put_sentence(page, "7,113 aliens", 400)
    y = box["top"] + 6
    page.mouse.move(box["left"] + 4, y)
    page.mouse.down()
    page.mouse.move(box["left"] + 200, y, steps=5)
    page.mouse.up()
    page.wait_for_function(STATE, timeout=5000)
    page.mouse.dblclick(box["left"] + 60, y)
    assert page.evaluate("getSelection().toString().trim()")
    page.mouse.move(box["right"] + 150, box["bottom"] + 250)  # off the sentence and the card
    page.wait_for_function(f"!({STATE})()", timeout=3000)
    assert page.evaluate("getSelection().toString().trim()")
    # A plain click still pins it: it stays once the pointer leaves.
    page.mouse.click(box["left"] + 4, y)
    page.wait_for_function(STATE, timeout=5000)
    page.mouse.move(box["right"] + 150, box["bottom"] + 250)
    page.wait_for_timeout(1000)
    assert page.evaluate(STATE) is not None


def test_following_a_link_in_a_highlighted_sentence_does_not_pin_its_card(site, tab):
    """A click on a link inside a highlighted sentence follows the link: it does not also
    pin the sentence's card over the page (hovering still shows it, as elsewhere)."""
    page = tab(f"{site.url}/linked.html")
    box = page.evaluate("document.querySelector('article a').getBoundingClientRect().toJSON()")
    page.mouse.click(box["x"] + 5, box["y"] + box["height"] / 2)
    assert page.evaluate("location.hash") == "#notes"
    page.wait_for_function(STATE, timeout=5000)  # the hover's card
    page.mouse.move(box["x"] + 300, box["bottom"] + 400)  # off the sentence and the card
    page.wait_for_function(f"({STATE})() === null", timeout=3000)
    click_sentence(page, "in custody")  # the sentence's own words still pin it
    page.mouse.move(box["x"] + 300, box["bottom"] + 400)
    page.wait_for_timeout(1000)
    assert page.evaluate(STATE) is not None


def test_each_claims_link_in_a_card_is_named_after_its_claim(site, tab):
    """A card may hold several claims, each with a link to its page: a screen reader's list
    of links tells them apart by the claim, after the words the link shows."""
    page = tab(f"{site.url}/one.html")
    click_sentence(page, "7,113 aliens")
    links = page.evaluate("""() => [...document.querySelector("recount-card").shadowRoot
        .querySelectorAll("p.claim")].map((p) => ({
          claim: p.querySelector(".claim-text").textContent.replace(/^Claim: /, ""),
          shown: p.querySelector("a").textContent,
          name: p.querySelector("a").getAttribute("aria-label") }))""")
    assert links
    for found in links:
        assert found["name"].startswith(found["shown"] + ": ")
        assert found["claim"].startswith(found["name"][len(found["shown"]) + 2:].rstrip("…"))


@pytest.mark.parametrize(("page_name", "sentence", "noted"), [
    ("follows.html", BREAKDOWN, "Highlighted as it goes on from an earlier sentence"),
    ("follows.html", HEADCOUNT, None),
    ("repeats.html", REPEATS, "Highlighted for its figures"),
])
def test_a_sentence_matched_for_more_than_its_score_says_so(site, tab, page_name, sentence,
                                                            noted):
    """A sentence highlighted for what the sentence before it said, or for the counts it
    repeats, not for its own score: the card says so above its figures."""
    page = tab(f"{site.url}/{page_name}")
    click_sentence(page, sentence[-30:])
    notes = page.evaluate("""() => [...document.querySelector("recount-card").shadowRoot
        .querySelectorAll("section > p.note")].map((p) => p.textContent)""")
    assert [n.startswith(noted or "") for n in notes] == ([True] if noted else [])


def test_a_card_closes_once_its_sentence_has_left_the_window(site, tab):
    """A card does not stay docked at the window's edge over text it is not about: scrolled
    far from its sentence, it closes; the focus, when it was in the card, goes back to the
    launcher. A pinned card closes too."""
    page = tab(f"{site.url}/long.html")
    state = from_launcher(page)
    assert CONSISTENT[:40] in state["about"] and state["hostFocused"]
    page.evaluate("window.scrollBy(0, 200)")
    page.wait_for_timeout(150)
    assert page.evaluate(STATE) is not None  # its sentence is still in the window
    page.evaluate("window.scrollBy(0, 1500)")
    page.wait_for_function(f"({STATE})() === null", timeout=3000)
    assert page.evaluate("document.activeElement?.tagName") == "RECOUNT-LAUNCHER"
    put_sentence(page, CONFLICT, 400)
    click_sentence(page, CONFLICT)
    for _ in range(10):  # scrolled up in small steps, as a wheel does
        page.evaluate("window.scrollBy(0, -150)")
        page.wait_for_timeout(50)
    page.wait_for_function(f"({STATE})() === null", timeout=3000)


@pytest.mark.parametrize(("name", "title"), [
    ("long.html", "Recount: 2 sentences repeat known claims; 1 conflicts with the sources."),
    ("one.html", "Recount: 1 sentence repeats known claims."),
])
def test_the_toolbar_title_counts_in_words(ext, site, tab, name, title):
    page = tab(f"{site.url}/{name}")
    assert ext.toolbar(page.url, "Title", lambda got: got == title) == title


def luminance(css: str) -> float:
    """WCAG relative luminance of a CSS rgb() colour."""
    channels = [int(v) / 255 for v in re.findall(r"\d+", css)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_dark_focus_ring_stands_out_on_the_card_and_a_dark_page(ext, site):
    """A dark page on a light system: the card and button take the page's scheme."""
    page = ext.context.new_page()
    try:
        page.emulate_media(color_scheme="light")
        page.goto(f"{site.url}/long-dark.html")
        page.wait_for_function("document.documentElement.dataset.recountState === 'done'")
        from_launcher(page)
        page.keyboard.press("Tab")  # a control inside the card, focused from the keyboard
        got = page.evaluate("""() => {
          const root = document.querySelector("recount-card").shadowRoot;
          return { ring: getComputedStyle(root.activeElement).outlineColor,
                   card: getComputedStyle(root.querySelector(".card")).backgroundColor };
        }""")
        for background in (got["card"], "rgb(18, 18, 18)", "rgb(0, 0, 0)"):
            assert contrast(got["ring"], background) >= 3, (got, background)
        page.keyboard.press("Escape")
        ring = page.evaluate("""() => getComputedStyle(document.querySelector("recount-launcher")
          .shadowRoot.activeElement).outlineColor""")
        assert contrast(ring, "rgb(18, 18, 18)") >= 3, ring
        assert luminance(got["card"]) < 0.05
    finally:
        page.close()


@pytest.mark.parametrize(("system", "name", "dark"), [
    ("dark", "long.html", False), ("light", "long-dark.html", True),
    ("dark", "long-dark.html", True), ("light", "long.html", False)])
def test_the_card_and_button_take_the_pages_scheme(ext, site, system, name, dark):
    """Whatever the system's setting, a light page gets a light card and button and a dark
    page dark ones: they read as part of the page."""
    page = ext.context.new_page()
    try:
        page.emulate_media(color_scheme=system)
        page.goto(f"{site.url}/{name}")
        page.wait_for_function("document.documentElement.dataset.recountState === 'done'")
        from_launcher(page)
        got = page.evaluate("""() => [
          getComputedStyle(document.querySelector("recount-card").shadowRoot
            .querySelector(".card")).backgroundColor,
          getComputedStyle(document.querySelector("recount-launcher").shadowRoot
            .querySelector("button")).backgroundColor]""")
        assert [luminance(c) < 0.05 for c in got] == [dark, dark], got
    finally:
        page.close()
