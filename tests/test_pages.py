"""Server-rendered pages: claims, quantities (chart and table), search and error pages.
They treat every piece of claim data as text (escaped), never as markup."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from tests.extension_helpers import launch_browser, needs_chromium

MARKUP = '<script>alert("x")</script><b>bold</b>'


def _doc():
    text = f"The council counted 42 potholes {MARKUP}."
    return {"format": "recount-claims/1",
            "sources": [{"id": "src", "publisher": f"Gazette {MARKUP}", "kind": "news",
                         "url": "https://example.org/a", "published": "2026-01-02"}],
            "quantities": [{"id": "potholes", "description": f"Potholes counted {MARKUP}",
                            "unit": "count", "noun": "potholes", "aliases": [MARKUP]}],
            "claims": [{"id": "c1", "text": text, "quotes": [{"source": "src", "text": text}],
                        "figures": [{"quantity": "potholes", "source": "src", "value": 42,
                                     "text": "42", "span": [20, 22]}]}]}


def test_claim_page_escapes_claim_text(empty_app):
    empty_app.extensions["recount"]["store"].import_document(_doc())
    page = empty_app.test_client().get("/claims/c1")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;" in html
    assert "42" in html and "https://example.org/a" in html and "2026-01-02" in html


def test_index_lists_claims_and_searches(client):
    html = client.get("/").get_data(as_text=True)
    assert "6,947" in html
    assert "6,947" not in client.get("/?q=subpoenas").get_data(as_text=True)


def test_the_claim_list_is_paged_and_says_when_a_query_cannot_search(empty_app):
    text = "\n".join(f"Claim {i} counted {100 + i} buses.,Checker" for i in range(230))
    from server import formats

    empty_app.extensions["recount"]["store"].import_document(
        formats.load(f"text,publisher\n{text}\n", "csv").doc)
    client = empty_app.test_client()
    first = client.get("/").get_data(as_text=True)
    assert "230 claims; 1–100 shown" in first and "offset=100" in first
    assert "Previous" not in first
    last = client.get("/?offset=200").get_data(as_text=True)
    assert "201–230 shown" in last and "Next" not in last and "Claim 229 counted" in last
    assert "offset=100" in last  # back a page
    shown = {m for page in (0, 100, 200)
             for m in re.findall(r"Claim (\d+) counted",
                                 client.get(f"/?offset={page}").get_data(as_text=True))}
    assert shown == {str(i) for i in range(230)}
    nothing = client.get("/?q=the+of").get_data(as_text=True)
    assert "has no word to search by" in nothing and "Claim 0 counted" not in nothing
    assert "Claim 0 counted" in client.get("/?offset=nonsense").get_data(as_text=True)


def test_unknown_claim_page_is_404(client):
    assert client.get("/claims/no-such-claim").status_code == 404


def test_public_url_sets_links_in_responses(tmp_path):
    from server.app import create_app

    app = create_app({"DATABASE": str(tmp_path / "p.db"), "LOAD_DEMO": True,
                      "PUBLIC_URL": "https://recount.example.org/"})
    claims = app.test_client().get("/api/v1/claims?limit=1").get_json()
    assert claims["items"][0]["url"].startswith("https://recount.example.org/claims/")
    app.extensions["recount"]["store"].close()


def _svg(html: str) -> ElementTree.Element:
    return ElementTree.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))


def test_quantity_page_escapes_every_field(empty_app):
    empty_app.extensions["recount"]["store"].import_document(_doc())
    page = empty_app.test_client().get("/quantities/potholes", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert html.count("&lt;script&gt;") >= 3  # description, alias, publisher
    _svg(html)  # the escaped text still leaves well-formed SVG


def test_quantity_page_charts_and_tabulates_the_same_values(client):
    html = client.get("/quantities/ny-released-count").get_data(as_text=True)
    svg = _svg(html)
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "chart-title chart-desc"
    assert svg.find(f"{ns}title").text and "table" in svg.find(f"{ns}desc").text
    bars = svg.findall(f".//{ns}g")
    labels = [g.find(f"{ns}text[@class='value']").text for g in bars]
    table = re.search(r'<table class="values">.*?</table>', html, re.S).group(0)
    written = re.findall(r"<td>“(.*?)”</td>", table)
    assert labels == written and len(labels) >= 3
    kinds = {g.get("class").split()[-1] for g in bars}
    assert kinds == {"primary", "secondary"}
    # Placeholders are not shown as publishers; unknown dates are said plainly.
    assert "unnamed news site" not in html
    assert "publication date not recorded" in table and "2026-02-07" in table
    # Links to the other group's count and to the same group's other figures.
    assert "/quantities/ny-custody-count" in html and "/quantities/ny-released-homicides" in html
    assert "The sources agree" in html


def test_quantity_page_explains_a_conflict(empty_app):
    doc = _doc()
    doc["sources"].append({"id": "src2", "publisher": "Herald", "kind": "primary",
                           "published": "2026-02-01"})
    doc["claims"].append({"id": "c2", "text": "The council counted 60 potholes.",
                          "quotes": [{"source": "src2", "text": "The council counted 60 potholes."}],
                          "figures": [{"quantity": "potholes", "source": "src2", "value": 60,
                                       "text": "60", "span": [20, 22]}]})
    empty_app.extensions["recount"]["store"].import_document(doc)
    html = empty_app.test_client().get("/quantities/potholes").get_data(as_text=True)
    sentence = re.search(r'<ul class="conflicts"><li>(.*?)</li>', html).group(1)
    assert "“42”" in sentence and "“60”" in sentence and "Herald (2026-02-01)" in sentence


def test_claim_page_links_the_other_groups_figure(client):
    """A reader arriving from the card of "148 people charged with homicide" (released people)
    finds the 148, whose group it is, and the custody claim."""
    html = client.get("/claims/dhs-ny-released-crimes").get_data(as_text=True)
    others = re.search(r'<table class="others">.*?</table>', html, re.S).group(0)
    row = next(r for r in re.findall(r"<tr>.*?</tr>", others, re.S) if ">homicides<" in r)
    assert "<strong>148</strong>" in row and "custody" in row
    assert 'href="/claims/dhs-ny-custody-crimes"' in row
    assert 'href="/quantities/ny-custody-homicides"' in row
    assert 'href="/quantities/ny-released-homicides"' in html
    assert "/api/v1/quantities/" not in html  # quantity links open pages, not JSON


def test_imported_fact_checks_are_not_each_others_other_populations(empty_app):
    """Fact checks imported from a feed each count "people"; nobody said whom, so their
    pages list no "other population" (once every claim's page listed every other claim's
    figure, and took minutes on a large collection)."""
    from server import formats

    rows = "\n".join(f"Town {i} officials said {1000 + i} people lost their homes.,Checker"
                     for i in range(30))
    loaded = formats.load(f"text,publisher\n{rows}\n", "csv")
    store = empty_app.extensions["recount"]["store"]
    store.import_document(loaded.doc)
    claim = loaded.doc["claims"][0]["id"]
    html = empty_app.test_client().get(f"/claims/{claim}").get_data(as_text=True)
    assert "1,000" in html or "1000" in html
    assert '<table class="others">' not in html
    assert "Town 7 officials" not in html


@pytest.mark.parametrize(("query", "finds"), [
    ("6947", "dhs-ny-released-count"),
    ("7000 released", "dhs-ny-released-count"),
    ("murders", "dhs-ny-custody-crimes"),
    ("murders released", "dhs-ny-released-crimes"),
    ("Homicide", "dhs-ny-released-crimes"),
])
def test_search_by_value_stem_and_alias(client, query, finds):
    html = client.get("/", query_string={"q": query}).get_data(as_text=True)
    assert f'href="/claims/{finds}"' in html


def test_search_needs_every_term(client):
    html = client.get("/", query_string={"q": "6947 subpoenas"}).get_data(as_text=True)
    assert "<p>0 claims</p>" in html


@pytest.mark.parametrize("path", ["/claims/no-such-claim", "/quantities/nope", "/no/such/page"])
def test_browsers_get_html_error_pages(client, path):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get(path, headers={"Accept": browser})
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "<h1>Not Found</h1>" in page.get_data(as_text=True)
    plain = client.get(path, headers={"Accept": "*/*"})
    assert plain.status_code == 404 and plain.mimetype == "application/problem+json"


def test_error_page_escapes_the_path(client):
    page = client.get("/claims/<script>x", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "<script>" not in page.get_data(as_text=True)


def test_api_keeps_problem_json_for_browsers(client):
    page = client.get("/api/v1/claims/nope", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.mimetype == "application/problem+json"


def test_index_reads_the_claims_once_per_change(empty_app):
    client = empty_app.test_client()
    store = empty_app.extensions["recount"]["store"]
    assert "council counted" not in client.get("/?q=potholes").get_data(as_text=True)
    read = empty_app.extensions["recount"].get("corpus")
    assert client.get("/").status_code == 200
    assert empty_app.extensions["recount"]["corpus"] is read  # nothing changed: not read again
    store.import_document(_doc())
    html = client.get("/?q=potholes").get_data(as_text=True)
    assert "The council counted 42 potholes" in html
    assert empty_app.extensions["recount"]["corpus"] is not read


def test_a_claim_page_says_it_is_retired_shows_its_title_and_its_language(empty_app):
    doc = {"format": "recount-claims/1",
           "sources": [{"id": "s", "publisher": "مرصد التحقق", "kind": "fact-check",
                        "published": "2026-01-05"}],
           "quantities": [],
           "claims": [{"id": "ar", "text": "قالت الوزارة إن 300 مدرسة أغلقت.",
                       "title": "تدقيق: إغلاق المدارس", "language": "ar",
                       "quotes": [{"source": "s", "text": "قالت الوزارة إن 300 مدرسة أغلقت."}]}]}
    store = empty_app.extensions["recount"]["store"]
    store.import_document(doc)
    store.retire_claim("ar", True)
    html = empty_app.test_client().get("/claims/ar").get_data(as_text=True)
    assert '<h1 lang="ar" dir="auto">' in html and "تدقيق: إغلاق المدارس" in html
    assert "Retired on" in html and "no longer matched" in html
    assert "<bdi>مرصد التحقق</bdi>" in html  # the date beside it stays in its own order


@needs_chromium
@pytest.mark.parametrize("path", ["/claims/dhs-ny-released-crimes",
                                  "/quantities/ny-released-homicides", "/"])
def test_pages_fit_a_phone_width_window(live_server, path):
    """A reader who follows a card's link on a phone: nothing runs off the side (a wide
    table scrolls in its own box)."""
    browser = launch_browser()
    try:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        browser.close()


def test_readers_are_not_kept_waiting_while_the_claims_are_read_again(empty_app, monkeypatch):
    """After an import, one request reads the claims again (seconds on a large database);
    the pages asked for meanwhile are served from the claims as they were."""
    import threading

    client = empty_app.test_client()
    client.get("/")  # the claims as they are now
    store = empty_app.extensions["recount"]["store"]
    store.import_document(_doc())
    reading, release = threading.Event(), threading.Event()
    load = store.load_corpus

    def slow_load():
        reading.set()
        release.wait(10)
        return load()

    monkeypatch.setattr(store, "load_corpus", slow_load)
    first = threading.Thread(target=lambda: client.get("/?q=potholes"))
    first.start()
    assert reading.wait(10)
    meanwhile = client.get("/?q=potholes").get_data(as_text=True)  # not blocked
    assert "The council counted" not in meanwhile
    release.set()
    first.join(10)
    assert "The council counted" in client.get("/?q=potholes").get_data(as_text=True)
