"""The extension's pure modules (extension/lib/) in real Chromium, on the saved news pages.

Each test loads a page from shared/fixtures/pages over a loopback HTTP server, imports the
modules as ES modules in the page and evaluates them: text extraction, sentence splitting,
range building, highlights, the candidate filter, messages and settings. The card and the
page checker (content/) are exercised here too, with a fake server in place of the worker.
"""

from __future__ import annotations

import json
import re

import pytest

from server.text.sentences import _BULLETS, split_sentences
from tests.extension_helpers import PAGES, launch_browser, needs_chromium, static_server

pytestmark = needs_chromium

EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
ARTICLE_PAGES = sorted(EXPECTED["pages"])

#: Imports every lib module into `window.M` (merged namespaces) before a test evaluates.
IMPORT_LIB = """async () => {
  const names = ["extract", "sentences", "ranges", "highlight", "digest", "messages", "settings",
                 "figures", "placement"];
  const mods = await Promise.all(names.map((n) => import(`/extension/lib/${n}.js`)));
  window.M = Object.assign({}, ...mods);
}"""


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def server():
    with static_server() as srv:
        yield srv


@pytest.fixture(scope="module")
def browser():
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture
def open_page(browser, server):
    """Opens a saved page with the lib modules loaded as ``window.M``."""
    pages = []

    def open_(name: str):
        page = browser.new_page()
        pages.append(page)
        page.goto(server.page(name))
        page.evaluate(IMPORT_LIB)
        return page

    yield open_
    for page in pages:
        page.close()


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_extraction_reads_the_story_and_skips_furniture(open_page, name):
    page = open_page(name)
    result = page.evaluate("""() => {
      const roots = M.findContentRoots(document);
      const { text, chunks } = M.extractText(roots);
      return { tags: roots.map((root) => root.tagName), text, chunks: chunks.length };
    }""")
    assert result["tags"] == ["ARTICLE"]
    text = squash(result["text"])
    for paragraph in EXPECTED["pages"][name]["paragraphs"]:
        assert squash(paragraph) in text, paragraph
    assert squash(EXPECTED["pages"][name]["headline"]) in text
    for where, furniture in EXPECTED["furniture"].items():
        assert furniture not in text, f"{where} text leaked into the extracted text"


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_chunks_map_offsets_back_to_text_nodes(open_page, name):
    page = open_page(name)
    problems = page.evaluate("""() => {
      const { text, chunks } = M.extractText(M.findContentRoots(document));
      const bad = [];
      let last = -1;
      for (const c of chunks) {
        if (c.start < last) bad.push("overlap");
        if (text.slice(c.start, c.end) !== c.node.data.replace(/\\s/g, " ")) bad.push(c.node.data);
        if (!/\\S/.test(c.node.data)) bad.push("whitespace-only node kept");
        last = c.end;
      }
      return bad;
    }""")
    assert problems == []


SPLITS = [
    ("The U.S. Department of Homeland Security said so. It was late.",
     ["The U.S. Department of Homeland Security said so.", "It was late."]),
    ("ICE on Dec. 1 urged New York to act. Gov. Kathy Hochul declined.",
     ["ICE on Dec. 1 urged New York to act.", "Gov. Kathy Hochul declined."]),
    ("He was deported on Sept. 14, 2012, and returned. Mr. Adams spoke at 5 p.m. on Monday.",
     ["He was deported on Sept. 14, 2012, and returned.", "Mr. Adams spoke at 5 p.m. on Monday."]),
    ("Released since Jan. 20 were 6,947 people. No. 2 on the list is Sen. Smith, e.g. here.",
     ["Released since Jan. 20 were 6,947 people.", "No. 2 on the list is Sen. Smith, e.g. here."]),
    ("Crime is rising in the U.S. The mayor disagrees.",
     ["Crime is rising in the U.S.", "The mayor disagrees."]),
    ("A heading\nThe first sentence. The second one!",
     ["A heading", "The first sentence.", "The second one!"]),
    ("“We are calling on Letitia James,” she said. “It is common sense.”",
     ["“We are calling on Letitia James,” she said.", "“It is common sense.”"]),
    ("He felt ill. The doctor came at 5 p.m. The clinic had 3 beds.",
     ["He felt ill.", "The doctor came at 5 p.m.", "The clinic had 3 beds."]),
    ("John F. Kennedy Airport handled 12 flights. Dr. Lee agreed.",
     ["John F. Kennedy Airport handled 12 flights.", "Dr. Lee agreed."]),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_sentence_splitter_rejoins_abbreviations(open_page, text, expected):
    page = open_page("no-match.html")
    got = page.evaluate(
        "(text) => M.splitSentences(text).map(({start, end}) => text.slice(start, end))", text)
    assert got == expected


#: Sentences that start with a number, which the Unicode rules keep joined to the one before
#: when a lower-case word follows the number, beside the joins that must stay.
NUMBER_SPLITS = [
    ("Thousands were taken from American communities. 7 of the 10 safest cities in the U.S. "
     "cooperate with ICE.",
     ["Thousands were taken from American communities.",
      "7 of the 10 safest cities in the U.S. cooperate with ICE."]),
    ("About 6,947 were released. 148 of them were charged with homicide.",
     ["About 6,947 were released.", "148 of them were charged with homicide."]),
    ("The number rose. 2024 was worse.", ["The number rose.", "2024 was worse."]),
    ("He asked why? 3 officials answered.", ["He asked why?", "3 officials answered."]),
    ("Crime fell (by a lot). 12 cities agreed.", ["Crime fell (by a lot).", "12 cities agreed."]),
    ("Approx. 7 people came. 5 left.", ["Approx. 7 people came.", "5 left."]),
    ("They were 92 yrs. old. 3 of them died.", ["They were 92 yrs. old.", "3 of them died."]),
    # Joins kept: an abbreviation before a number, a decimal, "p.m." before a number.
    ("He was held on Jan. 5 and released. No. 2 on the list is on p. 7 of the report.",
     ["He was held on Jan. 5 and released.", "No. 2 on the list is on p. 7 of the report."]),
    ("See Fig. 3 and Vol. 2 for details. 40 tables follow.",
     ["See Fig. 3 and Vol. 2 for details.", "40 tables follow."]),
    ("The rate was 3.5 percent. 12 people were hurt.",
     ["The rate was 3.5 percent.", "12 people were hurt."]),
    ("It ended at 5 p.m. 40 people stayed.", ["It ended at 5 p.m. 40 people stayed."]),
    ("The rate was 3.5 percent in the U.S. 7 of 10 cities agreed.",
     ["The rate was 3.5 percent in the U.S. 7 of 10 cities agreed."]),
    # A sentence closed by a quotation mark or a bracket; one opening with a sum.
    ('He said "It is over." 500 people cheered.',
     ['He said "It is over."', "500 people cheered."]),
    ("(He said so in a statement.) 40 died.", ["(He said so in a statement.)", "40 died."]),
    ("Prices fell. $5 was the price.", ["Prices fell.", "$5 was the price."]),
    # One opening with a bracket, a sign or a rank before its number.
    ("Crime fell. (148 homicides were counted.)",
     ["Crime fell.", "(148 homicides were counted.)"]),
    ("Growth stalled. -3 percent was the figure.",
     ["Growth stalled.", "-3 percent was the figure."]),
    ("It ranked well. #1 on the list was Ohio.", ["It ranked well.", "#1 on the list was Ohio."]),
    # More abbreviations that take a number.
    ("It was Rt. 9 that closed.", ["It was Rt. 9 that closed."]),
    ("See ex. 3 and the next one.", ["See ex. 3 and the next one."]),
    # A list item's bullet is not part of its sentence.
    ("• 148 people were charged with homicide.", ["148 people were charged with homicide."]),
    ("◦ Crime fell.\n▪ 12 cities agreed.", ["Crime fell.", "12 cities agreed."]),
]


@pytest.mark.parametrize(("text", "expected"), NUMBER_SPLITS)
def test_sentence_splitter_breaks_before_a_number_as_the_server_does(open_page, text,
                                                                     expected):
    page = open_page("no-match.html")
    got = page.evaluate(
        "(text) => M.splitSentences(text).map(({start, end}) => text.slice(start, end))", text)
    assert got == expected
    assert got == [s.text for s in split_sentences(text)]  # the server's splitter agrees


def test_sentence_splitter_strips_the_bullets_the_server_strips(open_page):
    page = open_page("no-match.html")
    assert page.evaluate("M.BULLETS") == _BULLETS


def test_plain_segmenter_splits_after_abbreviations(open_page):
    """Why the fix-up exists: Intl.Segmenter alone breaks after "U.S." and "Gov."."""
    page = open_page("no-match.html")
    pieces = page.evaluate("""() => [...new Intl.Segmenter("en", {granularity: "sentence"})
      .segment("The U.S. Department said so. Gov. Kathy Hochul declined.")].length""")
    assert pieces > 2


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_ranges_cover_exactly_the_sentences(open_page, name):
    page = open_page(name)
    result = page.evaluate("""() => {
      const { text, chunks } = M.extractText(M.findContentRoots(document));
      const spans = M.splitSentences(text);
      const bad = [];
      for (const span of spans) {
        const clean = M.cleanSentence(text, span).text;
        const range = M.rangeFromOffsets(chunks, span.start, span.end);
        const got = range ? range.toString().replace(/\\s+/g, " ").trim() : null;
        if (got !== clean) bad.push([clean, got]);
      }
      return { count: spans.length, bad };
    }""")
    assert result["count"] > 5
    assert result["bad"] == []


def test_known_sentences_are_found_whole(open_page):
    page = open_page("ice-urges-new-york-detainers.html")
    sentences = page.evaluate("""() => {
      const { text } = M.extractText(M.findContentRoots(document));
      return M.splitSentences(text).map((s) => M.cleanSentence(text, s).text);
    }""")
    assert ("ICE alleged that the state has already released about 6,947 criminal illegal "
            "immigrants with active detainers since Jan. 20.") in sentences
    assert ("U.S. Immigration and Customs Enforcement (ICE) on Dec. 1 urged New York state to "
            "honor its detainers for more than 7,000 illegal immigrants currently in custody "
            "for various criminal offenses.") in sentences


def test_figure_span_maps_to_the_figure_in_the_page(open_page):
    """A span in the cleaned sentence maps back through `offsets` to the right DOM text,
    even when the figure sits in its own element."""
    page = open_page("dhs-mamdani-order.html")
    got = page.evaluate("""() => {
      const { text, chunks } = M.extractText(M.findContentRoots(document));
      const out = [];
      for (const span of M.splitSentences(text)) {
        const { text: clean, offsets } = M.cleanSentence(text, span);
        for (const m of clean.matchAll(/\\d[\\d,]*\\d/g)) {
          const s = m.index, e = m.index + m[0].length;
          const r = M.rangeFromOffsets(chunks, offsets[s], offsets[e - 1] + 1);
          out.push([m[0], r && r.toString()]);
        }
      }
      return out;
    }""")
    assert len(got) > 10
    assert all(expected == actual for expected, actual in got), got


def test_highlights_register_by_name_without_touching_the_dom(open_page):
    page = open_page("dhs-mamdani-order.html")
    result = page.evaluate("""() => {
      const before = document.documentElement.outerHTML;
      const { text, chunks } = M.extractText(M.findContentRoots(document));
      const spans = M.splitSentences(text);
      const ranges = spans.slice(0, 4).map((s) => M.rangeFromOffsets(chunks, s.start, s.end));
      M.paintHighlights(document, { consistent: ranges.slice(0, 2), conflicting: ranges.slice(2) });
      const painted = [CSS.highlights.get("recount-consistent").size,
                       CSS.highlights.get("recount-conflicting").size,
                       CSS.highlights.has("recount-figure")];
      const same = document.documentElement.outerHTML === before;
      const r = ranges[0].getClientRects()[0];
      const inside = M.rangeContainsPoint(ranges[0], r.left + 2, r.top + r.height / 2);
      const outside = M.rangeContainsPoint(ranges[0], r.left + 2, r.bottom + 400);
      const caret = M.caretNodeAt(document, r.left + 2, r.top + r.height / 2);
      const near = caret !== null && ranges[0].intersectsNode(caret);
      M.clearHighlights(document);
      return { painted, same, inside, outside, near, left: CSS.highlights.size };
    }""")
    assert result == {"painted": [2, 2, False], "same": True, "inside": True, "outside": False,
                      "near": True, "left": 0}


def test_figure_test_without_a_digest(open_page):
    page = open_page("no-match.html")
    got = page.evaluate("""() => [
      "Nearly 7,000 were released.", "Seven of the 10 safest cities cooperate.",
      "A dozen calls were made.", "The mayor signed an order.", "Twice in 2024 he was held.",
    ].map((s) => [M.hasFigure(s), M.isCandidate(s, null)])""")
    assert got == [[True, True], [True, True], [True, True], [False, False], [True, True]]


def test_messages_refuse_unknown_types(open_page):
    page = open_page("no-match.html")
    got = page.evaluate("""async () => {
      const handlers = { [M.MSG.GET_SUMMARY]: async () => "summary" };
      const ok = await M.dispatch(handlers, { type: M.MSG.GET_SUMMARY });
      let error = null;
      try { await M.dispatch(handlers, { type: "recount/nope" }); } catch (e) { error = e.message; }
      const replies = [];
      const listener = M.messageListener(handlers);
      const open = listener({ type: "recount/nope" }, {}, (r) => replies.push(r));
      const ignored = listener({ type: "someone-else" }, {}, (r) => replies.push(r));
      await new Promise((r) => setTimeout(r, 0));
      const values = Object.values(M.MSG);
      return { ok, error, open, ignored, replies, unique: new Set(values).size === values.length };
    }""")
    assert got["ok"] == "summary"
    assert "Unknown message type" in got["error"]
    assert got["open"] is True and got["ignored"] is False
    assert got["replies"][0]["ok"] is False and got["replies"][0]["error"]["kind"] == "internal"
    assert got["unique"]


def test_settings_defaults_and_permissions(open_page):
    page = open_page("no-match.html")
    got = page.evaluate("""() => ({
      empty: M.withDefaults({}),
      bad: M.withDefaults({ serverUrl: "javascript:alert(1)", autoCheck: "sometimes" }),
      trimmed: M.normaliseServerUrl(" https://recount.example.org/ "),
      sites: M.withDefaults({ autoCheckSites: ["example.org", "http://a.test:8080/x", 3] }).autoCheckSites,
      listed: M.neededOrigins({ serverUrl: "http://127.0.0.1:8000", autoCheck: "listed",
                                autoCheckSites: ["https://news.example"] }),
      all: M.neededOrigins({ serverUrl: "https://r.example", autoCheck: "all", autoCheckSites: [] }),
    })""")
    assert got["empty"] == {"serverUrl": "http://127.0.0.1:8000", "autoCheck": "off",
                            "autoCheckSites": []}
    assert got["bad"]["serverUrl"] == "http://127.0.0.1:8000"
    assert got["bad"]["autoCheck"] == "off"
    assert got["trimmed"] == "https://recount.example.org"
    assert got["sites"] == ["https://example.org", "http://a.test:8080"]
    assert got["listed"] == ["http://127.0.0.1/*", "https://news.example/*",
                             "https://www.news.example/*"]
    assert got["all"] == ["https://r.example/*", "*://*/*"]


@pytest.mark.parametrize(("typed", "expected"), [
    # A host without its scheme is a server reached over https...
    ("recount.example.org", "https://recount.example.org"),
    ("Recount.Example.org:8443/recount/", "https://recount.example.org:8443/recount"),
    ("  recount.example.org/api?x=1  ", "https://recount.example.org/api"),
    ("bücher.example", "https://xn--bcher-kva.example"),
    ("172.32.0.1:8000", "https://172.32.0.1:8000"),
    ("11.0.0.1", "https://11.0.0.1"),
    ("192.169.1.20", "https://192.169.1.20"),
    ("recount.localnews.example", "https://recount.localnews.example"),
    ("[2001:db8::1]:8000", "https://[2001:db8::1]:8000"),
    # ...except on this computer or the local network, where a server answers plain http.
    ("192.168.1.20:8000", "http://192.168.1.20:8000"),
    ("10.0.0.5", "http://10.0.0.5"),
    ("172.16.4.2:8000/recount", "http://172.16.4.2:8000/recount"),
    ("172.31.255.1", "http://172.31.255.1"),
    ("169.254.10.1:8000", "http://169.254.10.1:8000"),
    ("[fd12:3456::1]:8000", "http://[fd12:3456::1]:8000"),
    ("[fe80::1]:8000", "http://[fe80::1]:8000"),
    ("recount.local:8000", "http://recount.local:8000"),
    ("Recount.Home.Arpa", "http://recount.home.arpa"),
    ("recount.internal", "http://recount.internal"),
    ("localhost:8000", "http://localhost:8000"),
    ("LOCALHOST", "http://localhost"),
    ("127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("[::1]:8000/recount", "http://[::1]:8000/recount"),
    # A scheme given is kept.
    ("http://recount.example.org:8000/", "http://recount.example.org:8000"),
    ("https://127.0.0.1:8443", "https://127.0.0.1:8443"),
    # Not a web address at all: refused.
    ("recount", None),
    ("recount:8000", None),
    ("not a url", None),
    ("ftp://recount.example.org", None),
    ("javascript:alert(1)", None),
    ("mailto:editor@recount.example.org", None),
    ("editor@recount.example.org", None),
    ("http//recount.example.org", None),
    ("recount.example.org:99999", None),
    ("", None),
])
def test_a_server_address_typed_without_its_scheme_is_completed(open_page, typed, expected):
    page = open_page("no-match.html")
    assert page.evaluate("(typed) => M.normaliseServerUrl(typed)", typed) == expected


@pytest.mark.parametrize(("outer", "inner", "covers"), [
    ("*://*/*", "https://www.nytimes.com/*", True),
    ("*://*/*", "http://127.0.0.1/*", True),
    ("*://*/*", "*://*/*", True),
    ("https://*/*", "*://*/*", False),
    ("https://nytimes.com/*", "https://www.nytimes.com/*", False),
    ("*://*.nytimes.com/*", "https://www.nytimes.com/*", True),
    ("*://*.nytimes.com/*", "https://nytimes.com/*", True),
    ("*://*.nytimes.com/*", "https://nytimes.com.evil.example/*", False),
    ("http://127.0.0.1/*", "http://127.0.0.1:8000/*", True),
    ("http://127.0.0.1:8000/*", "http://127.0.0.1:9000/*", False),
    ("http://127.0.0.1/*", "https://127.0.0.1/*", False),
    ("<all_urls>", "https://example.org/*", True),
    ("*://*/*", "moz-extension://abc/*", False),
    ("*://*/*", "not a pattern", False),
])
def test_host_pattern_coverage(open_page, outer, inner, covers):
    page = open_page("no-match.html")
    assert page.evaluate("([a, b]) => M.patternCovers(a, b)", [outer, inner]) is covers


@pytest.mark.parametrize(("held", "needed", "expected"), [
    # Narrowed from every site: every site goes, the manifest's own origin stays.
    (["*://*/*", "http://127.0.0.1/*"], ["http://127.0.0.1/*"], ["*://*/*"]),
    # A site taken off the list goes; a site still listed stays, and so does one inside a
    # pattern still needed (every site covers the rest).
    (["http://127.0.0.1/*", "https://a.example/*", "https://b.example/*"],
     ["http://127.0.0.1/*", "https://a.example/*"], ["https://b.example/*"]),
    (["*://*/*", "https://b.example/*"], ["https://r.example/*", "*://*/*"], []),
    # Another server: the old one's origin goes; what the manifest does not list is left.
    (["http://127.0.0.1/*", "https://old.example/*", "moz-extension://abc/*"],
     ["https://new.example/*"], ["https://old.example/*"]),
])
def test_origins_given_back_are_held_and_neither_needed_nor_required(open_page, held, needed,
                                                                      expected):
    page = open_page("no-match.html")
    got = page.evaluate("""([held, needed]) => M.originsToGiveBack({ held, needed,
      required: ["http://127.0.0.1/*"], optional: ["*://*/*"] })""", [held, needed])
    assert got == expected


HOSTILE_MATCH = {
    "claim": {"id": "c1", "text": "<b>claim</b>", "url": "javascript:alert(1)"},
    "score": 0.9,
    "sources": [],
    "figures": [{
        "text": "7,113", "span": [0, 5], "value": 7113, "status": "conflicting",
        "reason": "different-value", "explanation": "<img src=x onerror=alert(1)>",
        "known": [{"value": 6947, "text": "6,947", "quote": "q",
                   "source": {"publisher": "<i>Pub</i>", "published": "2026-02-02",
                              "url": "https://example.org/original", "title": None}}],
    }],
}


def test_card_inserts_server_data_as_text_only(open_page):
    page = open_page("dhs-mamdani-order.html")
    got = page.evaluate("""async (match) => {
      const { Card } = await import("/extension/content/card.js");
      const sent = [];
      const card = new Card(document, { onFeedback: async (r) => sent.push(r), onClose() {}, onStep() {} });
      const range = document.createRange();
      range.selectNodeContents(document.querySelector("article p"));
      card.open({ id: 0, range, text: "7,113 aliens", matches: [match], status: "conflicting",
                  figureRanges: [] }, { index: 0, total: 1, focus: true });
      const host = document.querySelector("recount-card");
      const root = host.shadowRoot;
      const links = [...root.querySelectorAll("a")].map((a) => a.getAttribute("href"));
      const button = [...root.querySelectorAll("button")].find((b) => b.textContent === "Wrong figure");
      button.click();  // a page script's click: sends nothing in the reader's name
      await new Promise((r) => setTimeout(r, 0));
      const forged = sent.length;
      const focused = document.activeElement === host;
      const buttonFont = getComputedStyle(button).fontSize;
      const text = root.textContent;
      window.recountCard = card;
      window.recountSent = sent;
      return { text, links, imgs: root.querySelectorAll("img, i").length, forged, focused,
               bold: [...root.querySelectorAll("b")].map((b) => b.textContent),
               buttonFont, bodyChildren: document.body.querySelectorAll("recount-card").length };
    }""", HOSTILE_MATCH)
    page.locator("recount-card").get_by_role("button", name="Wrong figure").click()
    page.wait_for_function("window.recountSent.length > 0")
    got["sent"] = page.evaluate("window.recountSent")
    got["hidden"] = page.evaluate("""() => {
      window.recountCard.close();
      return getComputedStyle(document.querySelector("recount-card")).display;
    }""")
    assert got["forged"] == 0
    assert "<img src=x onerror=alert(1)>" in got["text"]
    assert "<i>Pub</i>" in got["text"] and "6,947" in got["text"] and "2026-02-02" in got["text"]
    assert got["imgs"] == 0
    assert got["bold"] == ["The sources", "This sentence says"]  # the card's own labels
    assert got["links"] == ["https://example.org/original"]  # the javascript: URL is dropped
    assert got["sent"] == [{"claim_id": "c1", "sentence": "7,113 aliens", "span": [0, 5],
                            "kind": "wrong-figure"}]
    assert got["focused"] and got["hidden"] == "none"
    assert got["buttonFont"] == "12px"  # the page's `button {font-size: 30px !important}` stays out
    assert got["bodyChildren"] == 0  # the card hangs off <html>, not the page's body


ARABIC_MATCH = {
    "claim": {"id": "c3", "text": "أفرجت نيويورك عن ١٤٨ شخصاً متهمين بالقتل.", "url": "/claims/c3",
              "claimant": "وزارة الأمن الداخلي", "rating": "مضلل"},
    "score": 0.9,
    "sources": [],
    "figures": [{
        "text": "١٤٨", "span": [17, 20], "value": 148, "status": "conflicting",
        "reason": "different-value", "explanation": None,
        "known": [{"value": 6947, "text": "٦٩٤٧", "quote": "أفرجت عن ٦٩٤٧ شخصاً.",
                   "source": {"publisher": "الجزيرة", "published": "2026-02-02",
                              "url": "https://example.org/original", "title": None}}],
    }],
}


def test_the_cards_data_keeps_its_own_direction(open_page):
    """An Arabic sentence's card: the figure as the page wrote it and the claim are set
    apart from the card's English labels (a <bdi> in the page's language, as the quoted
    sentence is), and so are the claimant, the rating, the sources' values, publishers and
    quotes, so that none reorders the words around it."""
    page = open_page("dhs-mamdani-order.html")
    got = page.evaluate("""async (match) => {
      const { Card } = await import("/extension/content/card.js");
      const card = new Card(document, { onFeedback: async () => {}, onClose() {}, onStep() {} });
      const p = Object.assign(document.createElement("p"), { lang: "ar", dir: "rtl",
        textContent: "أفرجت نيويورك عن ١٤٨ شخصاً متهمين بالقتل." });
      document.querySelector("article").append(p);
      const range = document.createRange();
      range.selectNodeContents(p);
      card.open({ id: 0, range, text: p.textContent, matches: [match], status: "conflicting",
                  figureRanges: [] }, { index: 0, total: 1, focus: false });
      const root = document.querySelector("recount-card").shadowRoot;
      root.querySelector("details").open = true;
      const seen = (selector) => [...root.querySelectorAll(selector)].map((el) => ({
        tag: el.tagName, text: el.textContent, lang: el.getAttribute("lang"),
        isolated: getComputedStyle(el).unicodeBidi === "isolate",
        direction: getComputedStyle(el).direction }));
      const out = { about: seen(".about bdi"), figure: seen(".figure-head strong > *"),
                    claim: seen(".claim-text > *"), who: seen(".claim-about > *"),
                    values: seen("li .value"), publishers: seen("li .publisher"),
                    quotes: seen("li q"), head: root.querySelector(".figure-head").textContent,
                    claimLine: root.querySelector(".claim-text").textContent };
      card.close();
      return out;
    }""", ARABIC_MATCH)
    claim = ARABIC_MATCH["claim"]
    figure = ARABIC_MATCH["figures"][0]
    in_arabic = {"tag": "BDI", "lang": "ar", "isolated": True}
    assert got["about"] == [{**in_arabic, "text": got["about"][0]["text"], "direction": "rtl"}]
    # Digits alone have no direction of their own: only isolated, in the page's language.
    assert got["figure"] == [{**in_arabic, "text": figure["text"], "direction": "ltr"}]
    assert f"“{figure['text']}”" in got["head"]
    assert got["claim"] == [{**in_arabic, "text": claim["text"], "direction": "rtl"}]
    assert got["claimLine"] == f"Claim: {claim['text']}"
    # Names, ratings and the sources' words: isolated, each in its own direction.
    assert [(w["tag"], w["text"], w["isolated"], w["direction"]) for w in got["who"]] == [
        ("BDI", claim["claimant"], True, "rtl"), ("BDI", claim["rating"], True, "rtl")]
    assert got["values"] and all(v["isolated"] for v in got["values"]), got["values"]
    for found in (got["publishers"], got["quotes"]):
        assert found and all(f["isolated"] and f["direction"] == "rtl" for f in found), found


RATED_MATCH = {
    "claim": {"id": "c2", "text": "Says the <b>senator</b> voted against every bill.",
              "url": "/claims/c2", "claimant": "<i>A rival</i>", "rating": "pants-fire"},
    "score": 0.8,
    "sources": [],
    "figures": [],
}


#: Opens the card for one highlighted sentence with the given matches and item status, and
#: returns its text, headline, label and how many markup elements the data made.
OPEN_CARD = """async ([matches, status]) => {
  const { Card } = await import("/extension/content/card.js");
  const card = new Card(document, { onFeedback: async () => {}, onClose() {}, onStep() {} });
  const range = document.createRange();
  range.selectNodeContents(document.querySelector("article p"));
  card.open({ id: 0, range, text: "He voted against every bill.", matches, status,
              figureRanges: [] }, { index: 0, total: 1, focus: false });
  const root = document.querySelector("recount-card").shadowRoot;
  const out = { text: root.textContent, headline: root.querySelector(".verdict").textContent,
                label: root.querySelector(".card").getAttribute("aria-label"),
                marks: root.querySelectorAll("b, i").length,
                badges: [...root.querySelectorAll(".figure-head")].map((head) => {
                  const badge = head.querySelector(".badge");
                  return { head: head.textContent, color: getComputedStyle(badge).color };
                }),
                agreeing: getComputedStyle(Object.assign(root.appendChild(
                  document.createElement("span")), { className: "badge consistent" })).color };
  card.close();
  return out;
}"""


def open_card(page, match: dict, status: str = "consistent") -> dict:
    return page.evaluate(OPEN_CARD, [[match], status])


def test_card_of_a_claim_repeated_without_figures_calls_nothing_consistent(open_page):
    """A sentence that repeats a fact check's claim, with no figure judged: the card says it
    repeats a checked claim, who said it and how it was rated (it may be false), and never
    that it is consistent with the sources."""
    got = open_card(open_page("dhs-mamdani-order.html"), RATED_MATCH)
    assert got["headline"] == "Repeats a checked claim"
    assert "Consistent" not in got["text"] and "Consistent" not in got["label"]
    assert "Said by <i>A rival</i> · rated “pants-fire”" in got["text"]
    assert "<b>senator</b>" in got["text"] and got["marks"] == 0


def test_card_of_a_known_claim_without_a_fact_check_says_known(open_page):
    match = {**RATED_MATCH, "claim": {**RATED_MATCH["claim"], "rating": None},
             "sources": [{"id": "dhs", "publisher": "DHS", "kind": "primary"}]}
    assert open_card(open_page("dhs-mamdani-order.html"), match)["headline"] == \
        "Repeats a known claim"


def _figure(status: str, checked_claim: bool) -> dict:
    return {"text": "20", "span": [0, 2], "value": 20, "status": status,
            "reason": "exact" if status == "consistent" else "different-value",
            "explanation": "x", "checked_claim": checked_claim,
            "known": [{"value": 20, "text": "20", "quote": "q", "claim_id": "c2",
                       "source": {"publisher": "A fact-checker", "published": None,
                                  "url": None, "title": None, "kind": "fact-check"}}]}


@pytest.mark.parametrize(("status", "checked_claim", "expected"), [
    ("consistent", True, "Repeats a checked claim"),
    ("conflicting", True, "✗ Differs from the checked claim"),
    ("consistent", False, "✓ Consistent with the sources"),
    ("conflicting", False, "✗ Conflicts with the sources"),
])
def test_card_headline_says_what_the_figures_were_judged_against(open_page, status,
                                                                  checked_claim, expected):
    page = open_page("dhs-mamdani-order.html")
    figures = [_figure(status, checked_claim)]
    if status == "conflicting":  # a consistent figure of another kind beside it changes nothing
        figures.append({**_figure("consistent", not checked_claim), "span": [3, 5]})
    match = {**RATED_MATCH, "figures": figures}
    card = open_card(page, match, status)
    assert card["headline"] == expected
    # Each figure's badge says the same: a figure compared only with a checked claim's own
    # repeats that claim (which may be rated false), never a green "matches".
    first = card["badges"][0]
    if checked_claim and status == "consistent":
        assert first["head"].startswith("Repeats a checked claim")
        assert "✓" not in first["head"] and "Matches" not in first["head"]
        assert "same figure" not in first["head"]
        assert first["color"] != card["agreeing"]
    elif checked_claim:
        assert first["head"].endswith("(differs from the checked claim)")
    elif status == "consistent":
        assert first["head"].startswith("✓ Matches") and first["color"] == card["agreeing"]


#: A sentence 60 px high across a 640 x 430 window (a 1280 x 860 window at 200% zoom), the
#: launcher in its bottom right corner.
SENTENCE = {"top": 200, "bottom": 260, "left": 16, "right": 624}
LAUNCHER = {"top": 383, "bottom": 414, "left": 450, "right": 624}


@pytest.mark.parametrize(("anchor", "height", "avoid", "expected"), [
    # Whole below, else whole above, the sentence left clear.
    (SENTENCE, 100, [], {"top": 268, "left": 16, "covers": False}),
    ({**SENTENCE, "top": 300, "bottom": 360}, 250, [], {"top": 42, "left": 16, "covers": False}),
    # Too tall for either side: the larger room, capped, the sentence left clear.
    (SENTENCE, 400, [], {"top": 8, "left": 16, "maxHeight": 184, "covers": False}),
    ({**SENTENCE, "top": 100, "bottom": 160}, 400, [],
     {"top": 168, "left": 16, "maxHeight": 254, "covers": False}),
    # Too little room on both sides: over the sentence, whole in the window when it fits.
    ({**SENTENCE, "top": 120, "bottom": 300}, 300, [],
     {"top": 122, "left": 16, "maxHeight": 414, "covers": True}),
    # The launcher: the card moves aside from its column when the window is wide enough...
    (SENTENCE, 100, [LAUNCHER], {"top": 268, "left": 16, "covers": False}),
    ({**SENTENCE, "left": 300}, 100, [LAUNCHER], {"top": 268, "left": 42, "covers": False}),
    # ... and otherwise stops above it.
    (SENTENCE, 120, [{**LAUNCHER, "left": 16}],
     {"top": 72, "left": 16, "maxHeight": 184, "covers": False}),
    # Level with the sentence's lines (a phone's last line beside the launcher): the card
    # keeps clear of both.
    ({**SENTENCE, "top": 390, "bottom": 470}, 200, [{**LAUNCHER, "top": 375, "left": 16}],
     {"top": 167, "left": 16, "covers": False}),
    # A sentence scrolled out of the window: the card stays in it, at the nearer edge.
    ({**SENTENCE, "top": -300, "bottom": -100}, 600, [],
     {"top": 8, "left": 16, "maxHeight": 414, "covers": False}),
    ({**SENTENCE, "top": 1000, "bottom": 1060}, 100, [],
     {"top": 322, "left": 16, "covers": False}),
])
def test_card_placement_keeps_off_the_sentence_and_the_launcher(open_page, anchor, height,
                                                                  avoid, expected):
    page = open_page("no-match.html")
    got = page.evaluate("""([anchor, height, avoid]) => M.placeCard({ anchor, height, avoid,
      width: 400, viewport: { width: 640, height: 430 } })""", [anchor, height, avoid])
    assert {k: got[k] for k in expected} == expected
    assert got["top"] >= 8 and got["top"] + min(height, got["maxHeight"]) <= 422
    if not got["covers"]:
        card = {"top": got["top"], "bottom": got["top"] + min(height, got["maxHeight"]),
                "left": got["left"], "right": got["left"] + 400}
        for box in [anchor, *avoid]:
            assert (card["bottom"] <= box["top"] or box["bottom"] <= card["top"]
                    or card["right"] <= box["left"] or box["right"] <= card["left"]), box


@pytest.mark.parametrize(("anchor", "height", "side", "expected"), [
    # Grown past the room below: it stays below, capped (it would go above on its own).
    (SENTENCE, 400, "below", {"top": 268, "maxHeight": 154, "side": "below"}),
    (SENTENCE, 400, None, {"top": 8, "maxHeight": 184, "side": "above"}),
    # Above, the page scrolled a little: it stays above while MIN_ROOM is left there...
    ({**SENTENCE, "top": 150, "bottom": 210}, 200, "above",
     {"top": 8, "maxHeight": 134, "side": "above"}),
    ({**SENTENCE, "top": 150, "bottom": 210}, 200, None,
     {"top": 218, "maxHeight": 204, "side": "below"}),
    # ... and goes below when it is not.
    ({**SENTENCE, "top": 100, "bottom": 160}, 200, "above",
     {"top": 168, "maxHeight": 254, "side": "below"}),
    # A card over its sentence chooses again.
    (SENTENCE, 100, "over", {"top": 268, "side": "below"}),
])
def test_card_placed_again_keeps_its_side(open_page, anchor, height, side, expected):
    page = open_page("no-match.html")
    got = page.evaluate("""([anchor, height, side]) => M.placeCard({ anchor, height, side,
      width: 400, viewport: { width: 640, height: 430 } })""", [anchor, height, side])
    assert {k: got[k] for k in expected} == expected
    assert not got["covers"]


def test_scroll_to_reveal_shows_the_sentence_and_the_whole_card(open_page):
    page = open_page("no-match.html")
    got = page.evaluate("""() => [[200, 260, 300], [200, 260, 500], [-40, 20, 200],
                                  [200, 260, 100]].map(([top, bottom, height]) =>
      M.scrollToReveal({ anchor: { top, bottom, left: 16, right: 624 }, height, width: 400,
                         viewport: { width: 640, height: 430 } }))""")
    # Down until the card's end is in; the sentence to the top when both cannot fit (the
    # card gets the most room below it); up to a sentence above the window; nothing when the
    # card already fits below.
    assert got == [146, 192, -48, 0]


def test_checker_sends_candidates_in_batches_and_paints(open_page):
    """The page check with a fake worker: no digest, so sentences with figures are sent;
    a sentence with "7,113" comes back conflicting, "6,947" consistent."""
    page = open_page("dhs-mamdani-order.html")
    got = page.evaluate("""async () => {
      const { PageChecker } = await import("/extension/content/checker.js");
      const batches = [];
      const figure = (text, status) => ({ text, status, span: null, known: [] });
      const request = async (message) => {
        if (message.type === M.MSG.GET_DIGEST) throw new Error("no digest here");
        batches.push(message.sentences);
        return { results: message.sentences.map((text, index) => ({ index, text,
          matches: text.includes("7,113") ? [{ claim: { id: "a" }, figures: [figure("7,113", "conflicting")] }]
                 : text.includes("7 of the 10") ? [{ claim: { id: "b" }, figures: [figure("7", "consistent")] }]
                 : [] })) };
      };
      const updates = [];
      const checker = new PageChecker(document, request, (c) => updates.push(c.state));
      await checker.check();
      const first = { sent: batches.flat(), html: { ...document.documentElement.dataset } };
      await checker.check();  // nothing new: nothing sent
      return { ...first, again: batches.flat().length, updates,
               consistent: CSS.highlights.get("recount-consistent")?.size,
               conflicting: CSS.highlights.get("recount-conflicting")?.size,
               summary: checker.summary() };
    }""")
    assert got["sent"] and all(re.search(r"\d|seven|one|two", s, re.I) for s in got["sent"])
    assert not any("Hidden draft" in s or "9,500" in s for s in got["sent"])
    assert got["again"] == len(got["sent"])
    assert got["html"]["recountState"] == "done"
    assert got["html"]["recountMatches"] == "3"  # one consistent, two conflicting sentences
    assert got["html"]["recountConflicts"] == "2"
    assert (got["consistent"], got["conflicting"]) == (1, 2)
    assert got["updates"][:2] == ["checking", "done"]
    assert [i["status"] for i in got["summary"]["items"]] == ["consistent", "conflicting",
                                                              "conflicting"]


def test_content_root_ignores_teasers_in_furniture(open_page):
    page = open_page("no-match.html")
    got = page.evaluate("""() => {
      const teaser = "A teaser about 7,113 detainers. ".repeat(12);
      const story = "The story itself, about the 6,947 people released. ".repeat(12);
      document.body.replaceChildren();
      document.body.insertAdjacentHTML("beforeend", `
        <section class="related"><article><p>${teaser}</p></article></section>
        <main id="main"><p>${story}</p></main>`);
      const ids = () => M.findContentRoots(document).map((root) => root.id);
      const first = ids();
      document.body.insertAdjacentHTML("beforeend", `<article id="real"><p>${story}</p></article>`);
      return [first, ids()];
    }""")
    assert got == [["main"], ["real"]]


def test_every_story_on_the_page_is_read_in_page_order(open_page):
    """A page that loads the next story below the first: both are read, in page order, a
    quote box inside a story is part of it, and no sentence runs from one into the next."""
    page = open_page("no-match.html")
    got = page.evaluate("""() => {
      const words = (n) => "The council met again on Tuesday evening to talk it over. ".repeat(n);
      document.body.replaceChildren();
      document.body.insertAdjacentHTML("beforeend", `
        <article id="first"><p>${words(5)}The first story ends without a full stop</p>
          <article id="quoted"><p>${words(5)}</p></article></article>
        <div id="feed"><article id="second"><p>The second story starts here. ${words(9)}</p>
        </article></div>`);
      const roots = M.findContentRoots(document);
      const { text } = M.extractText(roots);
      return { ids: roots.map((root) => root.id),
               sentences: M.splitSentences(text).map((s) => text.slice(s.start, s.end)) };
    }""")
    assert got["ids"] == ["first", "second"]
    assert "The first story ends without a full stop" in got["sentences"]
    assert "The second story starts here." in got["sentences"]


def test_server_client_maps_failures(open_page):
    """background/server.js with a fake fetch: problem details, 413, 429 with one short
    retry, and a network failure all become typed failures."""
    page = open_page("no-match.html")
    got = page.evaluate("""async () => {
      const { ServerClient } = await import("/extension/background/server.js");
      const json = (status, body, headers = {}) => new Response(JSON.stringify(body),
        { status, headers: { "Content-Type": "application/problem+json", ...headers } });
      const calls = [];
      const answers = {
        "413": () => json(413, { title: "Too many sentences", detail: "At most 1." }),
        "429": () => json(429, { title: "Too Many Requests" }, { "Retry-After": "3600" }),
        "429-once": () => calls.filter((c) => c === "429-once").length === 1
          ? json(429, { title: "slow down" }, { "Retry-After": "0" })
          : json(200, { results: [] }),
        "down": () => { throw new TypeError("Failed to fetch"); },
        "slow": () => { throw new DOMException("signal timed out", "TimeoutError"); },
        // Addresses that answer, but not as a Recount server: a web site, another API.
        "page": () => new Response("<!doctype html><p>Welcome", { status: 200 }),
        "other-api": () => json(200, { hello: "world" }),
        "missing": () => new Response("<h1>Not Found</h1>", { status: 404 }),
      };
      const outcome = async (name) => {
        const client = new ServerClient(`http://srv/${name}`, async (url, init) => {
          calls.push(name);
          if (init.referrerPolicy !== "no-referrer" || init.credentials !== "omit") throw new Error("leaky");
          return answers[name]();
        });
        try { return { ok: await client.match(["x"]) }; }
        catch (e) { return { failure: e.failure }; }
      };
      const out = {};
      for (const name of Object.keys(answers)) out[name] = await outcome(name);
      const health = new ServerClient("http://srv", async () => answers["other-api"]());
      out.health = await health.health().catch((e) => e.failure);
      out.calls = calls;
      return out;
    }""")
    assert got["413"]["failure"] == {"kind": "too-large", "status": 413, "detail": "At most 1."}
    assert got["429"]["failure"]["kind"] == "rate-limited"
    assert got["429"]["failure"]["retryAfter"] == 3600
    assert got["429-once"] == {"ok": {"results": []}}
    assert got["down"]["failure"]["kind"] == "offline"
    # A server that is up but slow is not called unreachable.
    assert got["slow"]["failure"]["kind"] == "timeout"
    assert "did not answer within 20 seconds" in got["slow"]["failure"]["detail"]
    for name in ("page", "other-api", "missing"):
        failure = got[name]["failure"]
        assert failure["kind"] == "not-recount", name
        assert failure["detail"].startswith(f"No Recount server answers at http://srv/{name} ")
        assert "JSON." not in failure["detail"] and "iterable" not in failure["detail"]
    assert got["health"]["kind"] == "not-recount"
    assert got["calls"].count("429") == 1  # a long Retry-After is not waited for
    assert got["calls"].count("429-once") == 2


def test_server_client_keeps_to_the_checks_deadline(open_page):
    """A request waits only until the check's deadline (never past the time limit, whatever
    a message says), and a short Retry-After is not waited for when it ends after it."""
    page = open_page("no-match.html")
    got = page.evaluate("""async () => {
      const { ServerClient } = await import("/extension/background/server.js");
      const waits = [];
      let calls = 0;
      const client = new ServerClient("http://srv", (url, init) => new Promise((resolve, reject) => {
        calls++;
        const started = performance.now();
        if (url.endsWith("/match")) {
          resolve(new Response(JSON.stringify({ title: "busy" }),
            { status: 429, headers: { "Retry-After": "2" } }));
          return;
        }
        init.signal.addEventListener("abort", () => {
          waits.push(Math.round(performance.now() - started));
          reject(init.signal.reason);
        });
      }));
      const failure = (promise) => promise.then(() => null, (e) => e.failure);
      const late = await failure(client.digest(null, Date.now() + 300));
      const past = await failure(client.digest(null, Date.now() - 1000));
      const busy = await failure(client.match(["x"], Date.now() + 1000));
      return { late, past, busy, waits, calls };
    }""")
    assert got["late"]["kind"] == got["past"]["kind"] == "timeout"
    assert "within 20 seconds" in got["late"]["detail"]
    assert 200 <= got["waits"][0] <= 1500 and got["waits"][1] <= 200
    assert got["busy"]["kind"] == "rate-limited"
    assert got["calls"] == 3  # the 429 is not tried again: its wait ends past the deadline


def test_digest_cache_revalidates_with_the_etag(open_page):
    page = open_page("no-match.html")
    got = page.evaluate("""async () => {
      const { getDigest } = await import("/extension/background/digest-cache.js");
      const store = {};
      const api = { storage: { local: {
        get: async (key) => (key in store ? { [key]: store[key] } : {}),
        set: async (items) => Object.assign(store, items),
      } } };
      const seen = [];
      let answer = { notModified: false, etag: "v1", digest: { n: 1 } };
      const client = { baseUrl: "http://srv", digest: async (etag) => { seen.push(etag); return answer; } };
      let now = 0;
      const clock = () => now;
      const first = await getDigest(api, client, { now: clock });
      now = 1000;
      const cached = await getDigest(api, client, { now: clock });  // fresh: no request
      now = 10 * 60 * 1000;
      answer = { notModified: true };
      const revalidated = await getDigest(api, client, { now: clock });
      now = 30 * 60 * 1000;
      client.digest = async () => { throw new Error("down"); };
      const stale = await getDigest(api, client, { now: clock });
      const other = await getDigest(api, { ...client, baseUrl: "http://other" }, clock);
      return { first, cached, revalidated, stale, other, seen };
    }""")
    assert got["first"] == got["cached"] == got["revalidated"] == got["stale"] == {"n": 1}
    assert got["seen"] == [None, "v1"]
    assert got["other"] is None  # another server's digest is never used


def test_figures_read_conflicts_first_and_merge_known_values(open_page):
    page = open_page("no-match.html")
    got = page.evaluate("""() => {
      const dhs = { id: "a", publisher: "DHS", published: "2026-02-07", kind: "primary" };
      const undated = { id: "b", publisher: "DHS", published: null, kind: "primary" };
      const unnamed = { id: "c", publisher: "unnamed news site", published: null, kind: "news" };
      const quote = "They include 148 homicides.";
      const known = [
        { text: "29", role: "same-quantity", quantity_id: "r", source: undated, quote: "29 homicides" },
        ...[dhs, undated, unnamed].map((source, i) => ({ text: "148", role: "value-owner",
          quantity_id: "c", source, quote: i === 2 ? " they include 148 HOMICIDES " : quote })),
      ];
      const matches = [
        { claim: { id: "ok" }, figures: [{ text: "6,947", span: [0, 5], status: "consistent", reason: "exact" }] },
        { claim: { id: "bad" }, figures: [
          { text: "7", span: [9, 10], status: "consistent", reason: "exact" },
          { text: "148", span: [20, 23], status: "conflicting", reason: "other-quantity" }] },
      ];
      const ordered = M.conflictsFirst(matches);
      return {
        rows: M.mergeKnown(known).map((r) => [r.text, r.role, r.sources.length, r.quotes.length]),
        order: ordered.map((m) => m.claim.id),
        figures: ordered[0].figures.map((f) => f.text),
        untouched: matches[0].claim.id,
        entries: M.figureEntries([...matches, matches[1]]).map((e) => e.text + ":" + e.status),
        names: [dhs, unnamed, {}].map(M.publisherName),
        dates: [dhs, undated].map(M.publishedDate),
        sentences: ["Server down.", "Server down", "Why?"].map(M.asSentence),
      };
    }""")
    assert got["rows"] == [["29", "same-quantity", 1, 1], ["148", "value-owner", 3, 1]]
    assert got["order"] == ["bad", "ok"] and got["figures"] == ["148", "7"]
    assert got["untouched"] == "ok"  # the input keeps its order
    assert got["entries"] == ["148:conflicting", "7:consistent", "6,947:consistent"]
    assert got["names"] == ["DHS", "A news site (name not recorded)", "A source (name not recorded)"]
    assert got["dates"] == ["2026-02-07", "date not recorded"]
    assert got["sentences"] == ["Server down.", "Server down.", "Why?"]


@pytest.mark.parametrize(("counts", "expected"), [
    ((0, 0, 0), "No known claims on this page."),
    ((1, 0, 0), "1 sentence repeats known claims."),
    ((3, 1, 0), "3 sentences repeat known claims; 1 conflicts with the sources."),
    ((3, 0, 2), "3 sentences repeat known claims; 2 differ from a checked claim."),
    ((3, 2, 1), "3 sentences repeat known claims; 2 conflict with the sources; "
                "1 differs from a checked claim."),
])
def test_page_summary_tells_conflicts_from_differences_with_a_checked_claim(open_page, counts,
                                                                             expected):
    page = open_page("no-match.html")
    assert page.evaluate("(counts) => M.pageSummary(...counts)", list(counts)) == expected


def test_figure_spans_count_characters_as_the_server_does(open_page):
    """The server counts a figure's span in characters (code points: an emoji is one); the
    page's text counts UTF-16 units (an emoji is two). Emoji before a figure must not shift
    its highlight, and half an emoji (an unpaired surrogate, as a page that cut one in two
    leaves it) is sent as U+FFFD, which the server can read."""
    sentence = "🇺🇸 Officials 😀 say New York released nearly 8,000 criminal illegal aliens."
    start = sentence.index("nearly 8,000")  # Python counts code points, as the server does
    page = open_page("no-match.html")
    got = page.evaluate("""async ([sentence, span]) => {
      const { PageChecker } = await import("/extension/content/checker.js");
      const article = document.querySelector("article");
      article.replaceChildren();
      for (const text of [sentence, "Broken \\uD83C text: 7,113 people are held in custody."]) {
        const p = document.createElement("p");
        p.textContent = text;
        article.append(p);
      }
      const sent = [];
      const request = async (message) => {
        if (message.type === M.MSG.GET_DIGEST) return null;
        sent.push(...message.sentences);
        return { results: message.sentences.map((text, index) => ({ index, text,
          matches: text.includes("8,000") ? [{ claim: { id: "a" }, figures: [
            { text: "nearly 8,000", status: "conflicting", span, known: [] }] }] : [] })) };
      };
      const checker = new PageChecker(document, request, () => {});
      await checker.check();
      return { sent, wellFormed: sent.map((t) => t.isWellFormed()),
               figure: [...CSS.highlights.get("recount-figure") ?? []].map((r) => r.toString()) };
    }""", [sentence, [start, start + len("nearly 8,000")]])
    assert got["figure"] == ["nearly 8,000"]
    assert all(got["wellFormed"]), got["sent"]
    assert "Broken \ufffd text: 7,113 people are held in custody." in got["sent"]


def test_auto_check_covers_the_pages_its_script_is_registered_for(open_page):
    page = open_page("no-match.html")
    got = page.evaluate("""async () => {
      const { autoChecks } = await import("/extension/background/autocheck.js");
      const listed = { autoCheck: "listed", autoCheckSites: ["https://news.example", "http://127.0.0.1:8000"] };
      const pages = ["https://news.example/a?b#c", "http://news.example/a", "https://other.example/",
                     "http://127.0.0.1:9999/x", "file:///etc/passwd", "not a url", undefined];
      return Object.fromEntries(["off", "all", "listed"].map((mode) => [mode,
        pages.map((url) => autoChecks({ ...listed, autoCheck: mode }, url))]));
    }""")
    assert got == {"off": [False] * 7,
                   "all": [True, True, True, True, False, False, False],
                   "listed": [True, False, False, True, False, False, False]}


def test_checker_tries_again_after_a_failure(open_page):
    """The server is down, then up: the digest is asked for again (a failed load is not
    kept for the page's life), and the check runs again by itself once the pause the
    server asked for is over, sending only then."""
    page = open_page("dhs-mamdani-order.html")
    got = page.evaluate("""async () => {
      const { PageChecker } = await import("/extension/content/checker.js");
      let up = false;
      const asked = { digest: 0, match: 0 };
      const request = async (message) => {
        if (message.type === M.MSG.GET_DIGEST) { asked.digest++; return null; }
        asked.match++;
        if (!up) throw new M.RecountError({ kind: "rate-limited", detail: "busy", retryAfter: 0.3 });
        return { results: message.sentences.map((text, index) => ({ index, text,
          matches: text.includes("7,113") ? [{ claim: { id: "a" }, figures: [] }] : [] })) };
      };
      const states = [];
      const checker = new PageChecker(document, request, (c) => states.push(c.state));
      await checker.check();
      const failed = { state: checker.state, asked: { ...asked } };
      await checker.check({ automatic: true });  // paused: nothing is sent
      const paused = { ...asked };
      up = true;
      await new Promise((resolve) => setTimeout(resolve, 800));
      await checker.running;
      return { failed, paused, asked, state: checker.state, matches: checker.items.length };
    }""")
    assert got["failed"] == {"state": "error", "asked": {"digest": 1, "match": 1}}
    assert got["paused"] == {"digest": 1, "match": 1}
    assert got["state"] == "done" and got["matches"] >= 1
    assert got["asked"]["digest"] >= 2 and got["asked"]["match"] >= 2


@pytest.mark.parametrize("answer", ["matches", "failure"])
def test_a_check_the_page_navigated_away_from_leaves_nothing_behind(open_page, answer):
    """A single-page app moves to another page while a check is waiting for the server
    (`reset`, as the navigation does): what the server then says about the old page is
    not painted or counted, its remaining batches are not sent, and a failure schedules no
    check of the new page, which the reader has not asked for."""
    page = open_page("dhs-mamdani-order.html")
    got = page.evaluate("""async (answer) => {
      const { PageChecker } = await import("/extension/content/checker.js");
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      const batches = [];
      const request = async (message) => {
        if (message.type === M.MSG.GET_DIGEST) return null;
        batches.push(message.sentences.length);
        // Refused as too large at first: the checker sends halves, one at a time.
        if (batches.length === 1) throw new M.RecountError({ kind: "too-large", detail: "big" });
        await held;
        if (answer === "failure") {
          throw new M.RecountError({ kind: "rate-limited", detail: "busy", retryAfter: 0.2 });
        }
        return { results: message.sentences.map((text, index) => ({ index, text,
          matches: [{ claim: { id: "a" }, figures: [] }] })) };
      };
      const states = [];
      const checker = new PageChecker(document, request, (c) => states.push(c.state));
      const done = checker.check();
      while (batches.length < 2) await new Promise((r) => setTimeout(r, 10));
      checker.reset();
      release();
      await done;
      await new Promise((r) => setTimeout(r, 600));  // past the failure's Retry-After
      return { state: checker.state, items: checker.items.length, batches: batches.length,
               painted: CSS.highlights.size, error: checker.error, states };
    }""", answer)
    assert got["state"] == "idle" and got["items"] == 0 and got["painted"] == 0, got
    assert got["error"] is None
    # Neither the old page's other half nor a retry was sent.
    assert got["batches"] == 2
    assert got["states"][-1] == "idle"


def test_only_changes_to_the_readable_text_wake_the_checker(open_page):
    """A clock ticking in the header, a counter in an aside of the story: no new pass over
    the page. A new paragraph in the story, or a new story around it: a pass."""
    page = open_page("no-match.html")
    got = page.evaluate("""async () => {
      const article = document.querySelector("article");
      const clock = document.createElement("div");
      clock.textContent = "12:00:00";
      document.body.prepend(clock);
      const aside = document.createElement("aside");
      aside.textContent = "3 readers now";
      article.append(aside);
      await new Promise((r) => setTimeout(r, 0));
      const roots = M.findContentRoots(document);
      const seen = [];
      const observer = new MutationObserver(() => {});
      observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
      const change = (name, act) => {
        act();
        seen.push([name, observer.takeRecords().some((r) => M.changesReadableText(r, roots))]);
      };
      change("clock", () => { clock.firstChild.data = "12:00:01"; });
      change("aside", () => { aside.firstChild.data = "4 readers now"; });
      change("paragraph", () => { const p = document.createElement("p"); p.textContent = "New."; article.append(p); });
      change("story text", () => { article.querySelector("p").firstChild.data += " More."; });
      change("new story", () => { article.replaceWith(document.createElement("article")); });
      observer.disconnect();
      return Object.fromEntries(seen);
    }""")
    assert got == {"clock": False, "aside": False, "paragraph": True, "story text": True,
                   "new story": True}


def test_a_readers_page_cannot_tell_that_recount_runs(open_page):
    """Outside a test (no `navigator.webdriver`) the checker leaves no trace a page's
    scripts could read on `<html>`; the highlights are still painted."""
    page = open_page("dhs-mamdani-order.html")
    got = page.evaluate("""async () => {
      Object.defineProperty(navigator, "webdriver", { get: () => false });
      const { PageChecker } = await import("/extension/content/checker.js");
      const request = async (message) => {
        if (message.type === M.MSG.GET_DIGEST) return null;
        return { results: message.sentences.map((text, index) => ({ index, text,
          matches: text.includes("7,113") ? [{ claim: { id: "a" }, figures: [] }] : [] })) };
      };
      const checker = new PageChecker(document, request, () => {});
      await checker.check();
      return { state: checker.state, data: { ...document.documentElement.dataset },
               painted: CSS.highlights.get("recount-consistent")?.size ?? 0 };
    }""")
    assert got["state"] == "done" and got["painted"] >= 1
    assert not any(k.startswith("recount") for k in got["data"])


def test_a_failure_repeated_by_each_retry_is_announced_once(open_page):
    """The server stays down and each retry fails the same way: the notice (a live region
    a screen reader reads out) says it once, the button keeps saying the check failed; a
    new failure, or the same one after a check succeeded, is said again."""
    page = open_page("no-match.html")
    got = page.evaluate("""async () => {
      const { Launcher } = await import("/extension/content/launcher.js");
      const launcher = new Launcher(document, { onNext: () => {}, onClose: () => {} });
      launcher.setCounts(2, 0);
      const observer = new MutationObserver(() => {});
      observer.observe(launcher.notice, { childList: true, characterData: true, subtree: true,
                                          attributes: true });
      const said = (act) => { act(); return observer.takeRecords().length > 0; };
      const down = "Recount: the server cannot be reached.";
      return {
        first: said(() => launcher.showNotice(down, true)),
        again: said(() => launcher.showNotice(down, true)),
        button: launcher.button.textContent,
        other: said(() => launcher.showNotice("Recount: the server is busy.", true)),
        afterSuccess: said(() => { launcher.clearError(); launcher.showNotice(down, true); }),
      };
    }""")
    assert got == {"first": True, "again": False, "button": "Recount: check failed (2 sentences "
                   "so far)", "other": True, "afterSuccess": True}


def test_the_popup_says_when_a_check_did_not_finish_even_with_matches(browser, server):
    """Five sentences highlighted, then the server went away: the popup lists them and
    says the check did not finish, as the badge and the page's button do."""
    page = browser.new_page()
    try:
        page.goto(f"{server.url}/extension/popup/popup.html")
        status = page.evaluate("""async () => {
          const { render } = await import("/extension/popup/popup.js");
          render(document, { state: "error", matches: 1, conflicts: 0, related: [],
            error: { kind: "offline", detail: "The Recount server cannot be reached." },
            items: [{ id: 0, sentence: "New York released 6,947 people.", status: "consistent",
                      entries: [], publishers: [] }] }, () => {});
          return document.getElementById("status").textContent;
        }""")
    finally:
        page.close()
    assert status.startswith("1 sentence repeats known claims.")
    assert "did not finish" in status and "try again shortly" in status


def test_the_popups_sentences_keep_their_own_direction(browser, server):
    """A right-to-left sentence in the (English, left-to-right) popup reads right to left,
    in the list of highlighted sentences and in the possibly related one."""
    hebrew = "לפי משרד ביטחון המולדת, ניו יורק שחררה 6,947 אנשים."
    page = browser.new_page()
    try:
        page.goto(f"{server.url}/extension/popup/popup.html")
        got = page.evaluate("""async (sentence) => {
          const { render } = await import("/extension/popup/popup.js");
          render(document, { state: "done", matches: 1, conflicts: 0, error: null,
            related: [{ sentence, claims: [] }],
            items: [{ id: 0, sentence, status: "consistent", entries: [], publishers: [] },
                    { id: 1, sentence: "New York released 6,947 people.", status: "consistent",
                      entries: [], publishers: [] }] }, () => {});
          return [...document.querySelectorAll(".excerpt")]
            .map((el) => [el.textContent.slice(0, 3), getComputedStyle(el).direction]);
        }""", hebrew)
    finally:
        page.close()
    assert got == [[hebrew[:3], "rtl"], ["New", "ltr"], [hebrew[:3], "rtl"]]


def test_the_popup_says_when_part_of_the_page_was_too_long_to_check(browser, server):
    page = browser.new_page()
    try:
        page.goto(f"{server.url}/extension/popup/popup.html")
        status = page.evaluate("""async () => {
          const { render } = await import("/extension/popup/popup.js");
          render(document, { state: "done", matches: 0, conflicts: 0, related: [], items: [],
            error: null, warning: { kind: "too-large", detail: "Sentence 0 is too long." } },
            () => {});
          return document.getElementById("status").textContent;
        }""")
    finally:
        page.close()
    assert status == "No known claims on this page. Part of this page was too long to check."


def test_the_popups_possibly_related_claims_link_only_to_web_pages(browser, server):
    """A claim URL from the server becomes a link only when it is http(s), as in the cards:
    never a ``javascript:`` or ``data:`` link, whatever a self-hosted server sends."""
    page = browser.new_page()
    try:
        page.goto(f"{server.url}/extension/popup/popup.html")
        got = page.evaluate("""async () => {
          const { render } = await import("/extension/popup/popup.js");
          const claim = (text, url) => ({ id: text, text, url });
          render(document, { state: "done", matches: 0, conflicts: 0, items: [], error: null,
            related: [{ sentence: "The port moved 400 containers.", claims: [
              claim("web", "https://recount.example.org/claims/c1"),
              claim("script", "javascript:alert(1)"),
              claim("data", "data:text/html,<b>x</b>"),
              claim("<b>bold</b>", "not a url")] }] }, () => {});
          return [...document.querySelectorAll("#related .related-claim")].map(
            (el) => [el.tagName, el.textContent, el.getAttribute("href")]);
        }""")
    finally:
        page.close()
    assert got == [["A", "web", "https://recount.example.org/claims/c1"],
                   ["SPAN", "script", None], ["SPAN", "data", None],
                   ["SPAN", "<b>bold</b>", None]]


def test_the_popups_possibly_related_claims_keep_their_language(browser, server):
    """A claim the server says is in Spanish is marked so in the English popup (a screen
    reader's voice), its direction from its words; one without a language gets none."""
    page = browser.new_page()
    try:
        page.goto(f"{server.url}/extension/popup/popup.html")
        got = page.evaluate("""async () => {
          const { render } = await import("/extension/popup/popup.js");
          const claim = (text, language) => ({ id: text, text, language,
            url: "https://recount.example.org/claims/" + text.length });
          render(document, { state: "done", matches: 0, conflicts: 0, items: [], error: null,
            related: [{ sentence: "The port moved 400 containers.", claims: [
              claim("El puerto movió 400 contenedores.", "es"), claim("No language.", null)] }] },
            () => {});
          return [...document.querySelectorAll("#related .related-claim")].map(
            (el) => [el.getAttribute("lang"), el.dir]);
        }""")
    finally:
        page.close()
    assert got == [["es", "auto"], [None, "auto"]]


def test_only_plain_http_to_another_computer_is_sent_in_the_clear(open_page):
    page = open_page("no-match.html")
    urls = ["http://127.0.0.1:8000", "http://127.1.2.3", "http://localhost:8000",
            "http://recount.localhost", "http://[::1]:8000", "https://recount.example",
            "http://192.168.1.20:8000", "http://recount.example/prefix", "http://127.0.0.1.nip.io"]
    got = page.evaluate("(urls) => urls.map(M.sentInTheClear)", urls)
    assert got == [False] * 6 + [True] * 3


def test_listed_sites_are_site_names_and_cover_their_www(open_page):
    page = open_page("no-match.html")
    got = page.evaluate("""async () => {
      const { autoChecks } = await import("/extension/background/autocheck.js");
      const typed = ["nytimes.com", "https://www.bbc.co.uk/news/world", "bücher.de",
                     "www.example.com.", "nytimes.com,", "*.bbc.co.uk", "*", "http:/example.net",
                     "localhost", "192.0.2.7:8080"];
      const settings = { autoCheck: "listed", autoCheckSites: ["https://nytimes.com"] };
      return {
        origins: typed.map((t) => M.normaliseOrigin(t)),
        www: autoChecks(settings, "https://www.nytimes.com/2026/story.html"),
        bare: autoChecks(settings, "https://nytimes.com/"),
        other: autoChecks(settings, "https://cooking.nytimes.com/"),
        needed: M.neededOrigins({ serverUrl: "http://127.0.0.1:8000", ...settings }),
      };
    }""")
    assert got["origins"] == ["https://nytimes.com", "https://www.bbc.co.uk",
                              "https://xn--bcher-kva.de", "https://www.example.com",
                              None, None, None, None, "https://localhost",
                              "https://192.0.2.7:8080"]
    assert got["www"] and got["bare"] and not got["other"]
    assert got["needed"] == ["http://127.0.0.1/*", "https://nytimes.com/*",
                             "https://www.nytimes.com/*"]


def test_the_sources_summary_counts_each_value_and_each_source_once(open_page):
    # One value written three ways by three outlets (two of them unnamed): one value, three
    # sources; the rows still show each writing.
    page = open_page("no-match.html")
    got = page.evaluate("""async () => {
      const { sourcesBlock } = await import("/extension/content/known.js");
      const outlet = (id, publisher) => ({ id, publisher, published: null, kind: "news" });
      const known = [["7 of the 10", outlet("a", "DHS")],
                     ["seven out of the ten", outlet("b", "unnamed news site")],
                     ["Seven of the 10", outlet("c", "unnamed news site")]].map(
        ([text, source]) => ({ text, value: 7, of: 10, role: "same-quantity",
                               quantity_id: "q", source }));
      const other = [...known, { text: "6 of the 10", value: 6, of: 10,
                                 role: "same-quantity", quantity_id: "q", source: outlet("a", "DHS") }];
      const summary = (list) =>
        sourcesBlock(document, M.mergeKnown(list)).querySelector("summary").textContent;
      return { one: summary(known), two: summary(other),
               checked: sourcesBlock(document, M.mergeKnown(known.slice(0, 1)), true)
                 .querySelector("summary").textContent,
               rows: sourcesBlock(document, M.mergeKnown(known)).querySelectorAll("li").length };
    }""")
    assert got["one"] == "What the sources counted: 1 value from 3 sources"
    assert got["two"] == "What the sources counted: 2 values from 3 sources"
    assert got["rows"] == 3
    # A fact check's value is what its checked claim said, not something it counted.
    assert got["checked"] == "What the checked claim said: 1 value (1 fact check)"


@pytest.mark.parametrize(("style", "system", "scheme"), [
    ("", "dark", "light"),  # no colour of its own and no dark scheme asked: a white canvas
    ("body { background: #121212; color: #eee; }", "light", "dark"),
    ("html { background: rgb(250, 250, 245); }", "dark", "light"),
    ("html { background: #1e1e1e; } body { background: transparent; }", "light", "dark"),
    ("body { background: rgba(0, 0, 0, 0.2); }", "dark", "light"),  # too faint to count
    ("html { color-scheme: dark; }", "light", "dark"),
    ("html { color-scheme: light dark; }", "dark", None),  # the canvas follows the system
    ("body { background: #777; }", "light", "light"),
])
def test_the_pages_scheme_is_the_background_it_shows(browser, server, style, system, scheme):
    page = browser.new_page(color_scheme=system)
    try:
        page.goto(server.page("no-match.html"))
        got = page.evaluate("""async (style) => {
          const { pageScheme } = await import("/extension/content/dom.js");
          const el = document.createElement("style");
          el.textContent = "html, body { background: none; } " + style;
          document.head.append(el);
          return pageScheme(document);
        }""", style)
    finally:
        page.close()
    assert got == scheme


def test_the_scheme_behind_a_sentence_is_its_boxs(browser, server):
    """A dark box in a light page (a site whose article sits in a dark <main>): the
    scheme behind a sentence in it is dark, the page's outside it light."""
    page = browser.new_page(color_scheme="light")
    try:
        page.goto(server.page("no-match.html"))
        got = page.evaluate("""async () => {
          const { pageScheme } = await import("/extension/content/dom.js");
          document.body.style.background = "#fff";
          const box = document.createElement("main");
          box.style.background = "#101418";
          box.innerHTML = "<p><em>Inside</em> the dark box.</p>";
          document.body.append(box);
          const text = box.querySelector("em").firstChild;
          return [pageScheme(document, text), pageScheme(document, box.querySelector("p")),
                  pageScheme(document), pageScheme(document, document.body)];
        }""")
    finally:
        page.close()
    assert got == ["dark", "dark", "light", "light"]
