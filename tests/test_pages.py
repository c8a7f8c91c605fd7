"""Server-rendered pages: claims, quantities (chart and table), search and error pages.
They treat every piece of claim data as text (escaped), never as markup."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from server.app import create_app
from server.cli import cli
from tests.claimsdata import counting_claims
from tests.conftest import ROOT
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


def test_a_search_lists_the_claims_most_about_it_first(empty_app):
    """Of the claims holding every word searched for, a claim mostly about the words
    comes before one that names them in passing; ties keep curation order."""
    from server import formats

    rows = [
        "The state budget grew by 4 percent and covers roads; schools; parks; and food "
        "stamps for families in every county of the state.",
        "Food stamps use rose 3 percent.",
        "Food stamps use rose 5 percent.",
        "The program covers 40 million people.",
    ]
    csv = "text,publisher\n" + "".join(f'"{r}",Checker\n' for r in rows)
    empty_app.extensions["recount"]["store"].import_document(formats.load(csv, "csv").doc)
    html = empty_app.test_client().get("/?q=food+stamps").get_data(as_text=True)
    listed = re.findall(r'<li><a href="/claims/[^"]+"[^>]*>([^<]+)</a>', html)
    assert [t[:30] for t in listed] == ["Food stamps use rose 3 percent",
                                        "Food stamps use rose 5 percent",
                                        "The state budget grew by 4 per"]


def test_the_claim_list_is_paged_and_says_when_a_query_cannot_search(empty_app):
    empty_app.extensions["recount"]["store"].import_document(counting_claims(230, "buses"))
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
    bars = svg.findall(f".//{ns}g[@class]")
    bars = [g for g in bars if g.get("class").startswith("bar ")]
    labels = [g.find(f".//{ns}text[@class='value']").text for g in bars]
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
    # Each claim is linked by its words, two claims never by the same words.
    claims = dict(re.findall(r'<a href="/claims/([^"]+)" dir="auto">(.*?)</a>', table))
    assert len(claims) >= 2 and len(set(claims.values())) == len(claims)
    assert all(claim not in name for claim, name in claims.items())
    assert "<p>The sources agree: every value below can be right at once.</p>" in html
    # Curated values are the sources' own: none is said to be a checked claim's.
    assert "<h2>Every source's value</h2>" in html
    assert 'class="checked"' not in html and "checked claim" not in html
    assert ("<figcaption>Solid bars: primary sources; hatched: secondary sources.</figcaption>"
            in html)


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
    link = re.search(r'<a href="/claims/dhs-ny-custody-crimes"[^>]*>(.*?)</a>', row).group(1)
    custody = client.get("/api/v1/claims/dhs-ny-custody-crimes").get_json()["text"]
    assert len(link) >= 20 and custody.startswith(link.rstrip("…"))  # its words, not its id
    assert 'href="/quantities/ny-custody-homicides"' in row
    assert 'href="/quantities/ny-released-homicides"' in html
    assert "/api/v1/quantities/" not in html  # quantity links open pages, not JSON
    figures = re.search(r"<h2>Figures</h2>.*?</table>", html, re.S).group(0)
    assert '<span class="kind primary">primary source</span>' in figures
    assert "checked claim" not in figures and "rated <strong>" not in figures


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


FACT_CHECK = ROOT / "tests" / "data" / "claimreview" / "factcheck-page.html"


def _imported(tmp_path: Path, *files: Path):
    """An app on a database the ``recount import`` command filled from ``files``."""
    db = str(tmp_path / "imported.db")
    result = CliRunner().invoke(cli, ["import", *map(str, files), "-d", db])
    assert result.exit_code == 0, result.output
    return create_app({"DATABASE": db, "LOAD_DEMO": False, "TESTING": True})


def _row(html: str, table: str) -> str:
    return re.search(rf"{table}.*?<tbody>\s*(<tr.*?</tr>)", html, re.S).group(1)


def test_a_fact_checks_own_figure_is_the_checked_claims_with_its_rating(tmp_path):
    """The 70,000 of "No, the city did not release 70,000 detainees" is what the senator
    claimed, rated "Pants on Fire": neither page presents it as the fact-checker's count,
    as the match verdicts do not (``checked_claim``)."""
    app = _imported(tmp_path, FACT_CHECK)
    try:
        client = app.test_client()
        claim = app.extensions["recount"]["store"].list_claims().items[0]["id"]
        verdict = client.post("/api/v1/match", json={"sentences": [
            "The city released 70,000 criminal detainees wanted by ICE since January."]}
        ).get_json()["results"][0]["matches"][0]["figures"][0]
        assert verdict["checked_claim"] and verdict["quantity"]["id"] == f"{claim}.q0"

        said = ('Claimed by <bdi>Sen. Rick Alder</bdi>, rated <strong>“<bdi>Pants on Fire'
                '</bdi>”</strong> by <a href="https://factdesk.example.org/2026/02/10/'
                'city-did-not-release-70000/" rel="noopener noreferrer"><bdi>Harbor Fact Desk'
                '</bdi></a>')
        html = client.get(f"/quantities/{claim}.q0").get_data(as_text=True)
        assert "The sources agree" not in html and "secondary source" not in html
        # The API says the same of the same values.
        body = client.get(f"/api/v1/quantities/{claim}.q0").get_json()
        assert body["checked_claim"] == {"id": claim, "claimant": "Sen. Rick Alder",
                                         "rating": "Pants on Fire"}
        assert [(v["text"], v["checked"]) for v in body["values"]] == [("70,000", True)]
        components = client.get("/api/v1/openapi.json").get_json()["components"]
        schema = {"$ref": "#/components/schemas/QuantityHistory", "components": components}
        assert list(Draft202012Validator(schema).iter_errors(body)) == []
        assert ("<p class=\"checked\">Every value below is what a checked claim said, not a "
                "source's count: c" + said[1:] + ".</p>") in html
        assert "<h2>What the checked claim said</h2>" in html
        row = _row(html, '<table class="values">')
        assert row.startswith('<tr class="checked">') and "<td>“70,000”</td>" in row
        assert said in row and "<td>checked claim</td>" in row
        assert "<td>checked 2026-02-10T09:30:00-05:00</td>" in row
        ns = "{http://www.w3.org/2000/svg}"
        bar = _svg(html).find(f".//{ns}g")
        assert bar.get("class") == "bar checked"
        assert bar.find(f"{ns}title").text.startswith(
            "70,000: claimed by Sen. Rick Alder, rated “Pants on Fire” by Harbor Fact Desk")
        assert "Outlined bars: what a checked claim said" in html and "Solid bars" not in html

        page = client.get(f"/claims/{claim}").get_data(as_text=True)
        row = _row(page, "<h2>Figures</h2>")
        assert said + ' <span class="kind checked">checked claim</span>' in row
        assert "secondary source" not in row
        # Retired, it is still the claim's figure, not the fact-checker's count.
        app.extensions["recount"]["store"].retire_claim(claim, True)
        assert said in client.get(f"/quantities/{claim}.q0").get_data(as_text=True)
    finally:
        app.extensions["recount"]["store"].close()


def test_a_checked_claims_value_is_escaped_and_says_what_was_not_recorded(tmp_path):
    review = {"@context": "https://schema.org", "@type": "ClaimReview",
              "claimReviewed": f"The port moved 400 containers {MARKUP}.",
              "author": {"@type": "Organization", "name": f"Checker {MARKUP}"},
              "itemReviewed": {"@type": "Claim",
                               "author": {"@type": "Person", "name": f"Mayor {MARKUP}"}},
              "reviewRating": {"@type": "Rating", "alternateName": f"False {MARKUP}"}}
    unrated = {"@context": "https://schema.org", "@type": "ClaimReview",
               "claimReviewed": "The port hired 30 pilots.",
               "author": {"@type": "Organization", "name": "Harbor Checks"}}
    files = [tmp_path / "rated.json", tmp_path / "unrated.json"]
    for path, doc in zip(files, [review, unrated], strict=True):
        path.write_text(json.dumps(doc), encoding="utf-8")
    app = _imported(tmp_path, *files)
    try:
        client = app.test_client()
        ids = {c["text"][:13]: c["id"] for c in
               app.extensions["recount"]["store"].list_claims().items}
        for path in (f"/quantities/{ids['The port move']}.q0",
                     f"/claims/{ids['The port move']}"):
            html = client.get(path).get_data(as_text=True)
            assert "<script>" not in html and "<b>bold</b>" not in html
            assert "Claimed by <bdi>Mayor &lt;script&gt;" in html
            assert "rated <strong>“<bdi>False &lt;script&gt;" in html
            assert "by <bdi>Checker &lt;script&gt;" in html  # no link recorded, none made
        _svg(client.get(f"/quantities/{ids['The port move']}.q0").get_data(as_text=True))
        html = client.get(f"/quantities/{ids['The port hire']}.q0").get_data(as_text=True)
        assert ("A checked claim, checked by <bdi>Harbor Checks</bdi> (no rating recorded)"
                in html)
    finally:
        app.extensions["recount"]["store"].close()


def test_a_fact_check_sources_curated_count_is_the_sources(empty_app):
    """A fact-checker's own count, curated as a quantity, is its finding as ever: only a
    claim's own uncurated figures are what the claim said."""
    doc = _doc()
    doc["sources"][0]["kind"] = "fact-check"
    doc["claims"][0]["rating"] = "False"
    empty_app.extensions["recount"]["store"].import_document(doc)
    client = empty_app.test_client()
    html = client.get("/quantities/potholes").get_data(as_text=True)
    assert "<p>The sources agree: every value below can be right at once.</p>" in html
    assert "<td>secondary source (fact-check)</td>" in html
    assert 'class="checked"' not in html and "checked claim" not in html
    assert "checked claim" not in client.get("/claims/c1").get_data(as_text=True)
    body = client.get("/api/v1/quantities/potholes").get_json()
    assert body["checked_claim"] is None and not any(v["checked"] for v in body["values"])

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


#: The lines each table cell of figures takes, for every one taking more than one.
_BROKEN_NUMBERS = """() => [...document.querySelectorAll("td.num")].map((td) => {
  const range = document.createRange();
  range.selectNodeContents(td);
  return [td.innerText, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
}).filter(([, lines]) => lines > 1)"""


@needs_chromium
def test_a_figure_is_never_broken_across_lines(tmp_path):
    """A long figure beside a long quantity description stays on one line: "5,700,0" over
    "00" reads as another number. The table scrolls in its box on a phone instead."""
    from tests.conftest import LiveServer

    description = ("Number of non-citizens living in the country illegally who voted in the "
                   "2008 presidential election, as the study estimated it from its survey")
    text = "Evidence suggests that 5.7 million illegal immigrants voted in the 2008 election."
    doc = {"format": "recount-claims/1",
           "sources": [{"id": "s", "publisher": "Harbor Fact Desk", "kind": "fact-check"}],
           "quantities": [{"id": "voters", "description": description, "unit": "count",
                           "noun": "illegal immigrants"}],
           "claims": [{"id": "c", "text": text, "quotes": [{"source": "s", "text": text}],
                       "figures": [{"quantity": "voters", "source": "s", "value": 5700000,
                                    "text": "5.7 million", "span": [23, 34]}]}]}
    (tmp_path / "claims.json").write_text(json.dumps(doc))
    database = tmp_path / "recount.db"
    imported = CliRunner().invoke(cli, ["import", "--database", str(database),
                                        str(tmp_path / "claims.json")])
    assert imported.exit_code == 0, imported.output
    server = LiveServer(database, env={"RECOUNT_LOAD_DEMO": "false"})
    browser = launch_browser()
    try:
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 800})
            for path in ("/claims/c", "/quantities/voters"):
                page.goto(server.url + path)
                assert page.locator("td.num").first.inner_text() == "5.7\u00a0million"
                assert page.evaluate(_BROKEN_NUMBERS) == [], (width, path)
                assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.close()
    finally:
        browser.close()
        server.stop()
