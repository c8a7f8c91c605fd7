"""The reader pages as a reader sees them in Chromium: at a phone's width and a desktop's,
in light and dark colours and on paper, words stay whole and every text can be read against
its background (WCAG AA contrast); printed, a source link gives its address."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from server.cli import cli
from tests.claimsdata import claims_doc
from tests.conftest import LiveServer
from tests.extension_helpers import launch_browser, needs_chromium

#: Pages a reader reaches from a card, and the API docs a developer reads.
READER_PAGES = ["/", "/claims/dhs-ny-released-crimes", "/quantities/ny-released-count",
                "/quantities/ny-released-homicides", "/api/docs"]

#: Each word in a table cell drawn on more than one line ("Homela" over "nd"), with the
#: lines it takes. A word is what lies between spaces and hyphens (a claim id may break at
#: its hyphens); one wider than the window may break, as nothing else fits it.
_BROKEN_WORDS = """() => {
  const broken = [];
  for (const td of document.querySelectorAll("td")) {
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (const m of node.textContent.matchAll(/[^\\s\\-\\u2010-\\u2014]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const lines = new Set(rects.map((r) => Math.round(r.top))).size;
        const width = range.getBoundingClientRect().width;
        if (lines > 1 && width < innerWidth / 2) broken.push([m[0], lines]);
      }
    }
  }
  return broken;
}"""

#: Each text drawn with less than WCAG AA contrast against what lies behind it (4.5:1, or
#: 3:1 for large text), with its ratio; opacity and translucent colours are blended in.
_LOW_CONTRAST = """() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const over = (fg, bg) => [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const dark = matchMedia("(prefers-color-scheme: dark)").matches;
  const behind = (el) => {
    let layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) layers.push(c);
      if (c && c[3] === 1) break;
    }
    let bg = dark ? [18, 18, 18] : [255, 255, 255];  // Chromium's canvas in each scheme
    for (const layer of layers.reverse()) bg = over(layer, bg);
    return bg;
  };
  const low = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    const el = text.parentElement;
    // An SVG's title and desc are its text alternative, never drawn.
    if (!text.textContent.trim() || el.closest("title, desc") || !el.getClientRects().length)
      continue;
    const style = getComputedStyle(el);
    const fg = parse(el instanceof SVGElement ? style.fill : style.color);
    let opacity = fg[3];
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const bg = behind(el);
    const [a, b] = [luminance(over([...fg.slice(0, 3), opacity], bg)), luminance(bg)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    // SVG text is drawn at the scale its SVG is shown at.
    const scale = el instanceof SVGElement ? el.getScreenCTM().a : 1;
    const size = parseFloat(style.fontSize) * scale;
    const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5))
      low.push([text.textContent.trim().slice(0, 30), el.tagName, Math.round(ratio * 100) / 100]);
  }
  return low;
}"""


@pytest.fixture(scope="module")
def browser():
    browser = launch_browser()
    yield browser
    browser.close()


@needs_chromium
@pytest.mark.parametrize("width", [390, 800, 1280])
def test_words_in_tables_stay_whole(live_server, browser, width):
    """"U.S. Department of Homeland Security" on a phone is not "Depart / ment of Homela /
    nd": a table too wide for the window scrolls in its own box instead."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        for path in READER_PAGES[1:4]:
            page.goto(live_server.url + path)
            assert page.locator("td").count() > 0
            assert page.evaluate(_BROKEN_WORDS) == [], (width, path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.close()


@needs_chromium
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_has_aa_contrast(live_server, browser, scheme):
    page = browser.new_page(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    try:
        for path in READER_PAGES:
            page.goto(live_server.url + path)
            assert page.evaluate(_LOW_CONTRAST) == [], (scheme, path)
    finally:
        page.close()


#: For each link: its text, whether it leaves the site (it opens without a referrer) and
#: what the print stylesheet writes after it.
_LINKS_PRINTED = """() => [...document.querySelectorAll("a")].filter((a) => a.getClientRects().length)
  .map((a) => [a.textContent.trim(), a.href, (a.rel || "").includes("noreferrer"),
               getComputedStyle(a, "::after").content])"""

#: Controls and navigation a reader sees on screen, each with whether it is drawn.
_CONTROLS = """() => [...document.querySelectorAll("header nav, form, nav.pages")]
  .map((el) => [el.tagName, el.getClientRects().length > 0])"""


@pytest.fixture(scope="module")
def sourced(tmp_path_factory):
    """A server of claims whose sources have addresses (the demo's have none)."""
    folder = tmp_path_factory.mktemp("sourced")
    (folder / "claims.json").write_text(json.dumps(claims_doc()), encoding="utf-8")
    imported = CliRunner().invoke(cli, ["import", "--database", str(folder / "recount.db"),
                                        str(folder / "claims.json")])
    assert imported.exit_code == 0, imported.output
    server = LiveServer(folder / "recount.db")
    yield server
    server.stop()


@needs_chromium
@pytest.mark.parametrize("path", ["/claims/c-released", "/quantities/released",
                                  "/?q=released"])
def test_a_printed_page_shows_where_its_sources_are(sourced, browser, path):
    """Paper cannot follow a link: a source's address is printed after it, while links
    within the site (navigation) and the controls are left off, and each table fits the
    page whole rather than cut off in its scroll box."""
    page = browser.new_page(viewport={"width": 700, "height": 1000}, color_scheme="dark")
    try:
        page.goto(sourced.url + path)
        on_screen = page.evaluate(_CONTROLS)
        assert on_screen and all(drawn for _, drawn in on_screen)
        page.emulate_media(media="print")
        assert not any(drawn for _, drawn in page.evaluate(_CONTROLS))
        links = page.evaluate(_LINKS_PRINTED)
        leaving = [(href, after) for _, href, out, after in links if out]
        if path.startswith("/claims/"):
            assert len(leaving) >= 2  # the claim's link, its sources
        for href, after in leaving:
            assert after == f'" <{href}>"'
        assert all(after in ("none", "normal") for _, _, out, after in links if not out)
        for box in page.locator(".scroll").all():
            assert box.evaluate("(el) => el.scrollWidth <= el.clientWidth"), path
        assert page.evaluate(_BROKEN_WORDS) == [], path
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
        assert page.evaluate(_LOW_CONTRAST) == [], path
    finally:
        page.close()
