"""The reader pages in their details: where a list of claims says a reader is and leads
back from a page past its end, how large figures and a quantity's facts read, and the
headers that keep a cache from mixing a browser's answer with curl's."""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from click.testing import CliRunner
from flask import Flask

from server.app import create_app
from server.cli import cli
from tests.claimsdata import counting_claims

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def buses(empty_app):
    """A client of a database of 1,230 claims, each counting buses."""
    empty_app.extensions["recount"]["store"].import_document(counting_claims(1230, "buses"))
    return empty_app.test_client()


@contextmanager
def _reviewed(tmp_path, review: dict) -> Iterator[Flask]:
    """An app on a database ``recount import`` filled with one ClaimReview."""
    (tmp_path / "review.json").write_text(json.dumps(review), encoding="utf-8")
    db = str(tmp_path / "recount.db")
    assert CliRunner().invoke(cli, ["import", str(tmp_path / "review.json"), "-d", db]
                              ).exit_code == 0
    app = create_app({"DATABASE": db, "LOAD_DEMO": False, "TESTING": True})
    try:
        yield app
    finally:
        app.extensions["recount"]["store"].close()


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_the_list_says_where_a_reader_is_in_numbers_as_written(buses):
    first = buses.get("/").get_data(as_text=True)
    assert "<p>1,230 claims; 1–100 shown</p>" in first
    assert _title(first) == "Known figure claims · Recount"
    page = buses.get("/?q=buses&offset=1100").get_data(as_text=True)
    assert "<p>1,230 claims; 1,101–1,200 shown</p>" in page
    # The tab and the history name the search and the page, not "Recount" for all of them.
    assert _title(page) == "“buses”: search of the figure claims, from 1,101 · Recount"


@pytest.mark.parametrize("offset", [5000, 99999999])
def test_a_page_past_the_end_says_so_and_leads_to_the_last(buses, offset):
    """An old link to page 50 of a list that has since shrunk: the page says there is
    nothing here, and Previous goes to the last page, not to another empty one."""
    html = buses.get(f"/?q=buses&offset={offset}").get_data(as_text=True)
    assert "<p>1,230 claims; this page is past the end of the list</p>" in html
    assert "Claim 0 counted" not in html and "Next" not in html
    previous = re.search(r'href="([^"]*)">‹ Previous', html).group(1).replace("&amp;", "&")
    last = buses.get(previous).get_data(as_text=True)
    assert "1,201–1,230 shown" in last and last.count('<li><a href="/claims/') == 30


def test_a_short_list_past_its_end_leads_back(empty_app):
    """Fewer claims than a page: an offset past them is not a silent empty list."""
    empty_app.extensions["recount"]["store"].import_document(counting_claims(3, "trams"))
    client = empty_app.test_client()
    html = client.get("/?offset=100").get_data(as_text=True)
    assert "this page is past the end of the list" in html
    assert re.search(r'<a href="/">‹ Previous</a>', html)
    assert "<p>3 claims</p>" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/claims/nope", "/quantities/nope", "/no/such/page"])
def test_a_readers_error_page_varies_by_accept(client, path):
    """The same URL is an HTML page for a browser and problem+json for curl: a shared
    cache must key it by Accept."""
    for accept in (BROWSER, "*/*"):
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code == 404 and "Accept" in response.vary


def test_quantity_facts_are_separated_only_between_two(tmp_path):
    """A fact check's own figure has no noun: its facts do not open with a separator."""
    review = {"@context": "https://schema.org", "@type": "ClaimReview",
              "claimReviewed": "The port moved 400 containers.",
              "author": {"@type": "Organization", "name": "Harbor Checks"}}
    with _reviewed(tmp_path, review) as app:
        claim = app.extensions["recount"]["store"].list_claims().items[0]["id"]
        html = app.test_client().get(f"/quantities/{claim}.q0").get_data(as_text=True)
        meta = re.search(r'<p class="meta">(.*?)</p>', html, re.S).group(1)
        assert not re.sub(r"<[^>]+>", "", meta).lstrip().startswith("·")


def test_a_figure_past_float_precision_shows_no_digits_nobody_wrote(empty_app):
    text = "The survey counted 123456789012345678901234567890 grains."
    empty_app.extensions["recount"]["store"].import_document({
        "format": "recount-claims/1",
        "sources": [{"id": "s", "publisher": "Survey", "kind": "primary"}],
        "quantities": [{"id": "grains", "description": "Grains", "unit": "count"}],
        "claims": [{"id": "c", "text": text, "quotes": [{"source": "s", "text": text}],
                    "figures": [{"quantity": "grains", "source": "s",
                                 "value": 123456789012345678901234567890,
                                 "text": "123456789012345678901234567890",
                                 "span": [19, 49]}]}]})
    client = empty_app.test_client()
    for path in ("/claims/c", "/quantities/grains"):
        cell = re.search(r'<td class="num">([^<]*)', client.get(path).get_data(as_text=True))
        assert cell.group(1) == "123,456,789,012,345,680,000,000,000,000", path
    assert client.get("/api/v1/claims/c").get_json()["figures"][0]["value"] == 1.2345678901234568e29


def test_a_value_is_shown_with_its_unit_on_both_pages(empty_app):
    """"52%" is 52 percent, not 52: the Value column writes the unit and the scale, the same
    way on the claim's page as on the quantity's."""
    text = "The city says 52% of its $70 billion budget went to 5.7 million residents."
    figures = [("share", "percent", None, 52, "52%"),
               ("budget", "currency", "USD", 70e9, "$70 billion"),
               ("residents", "count", None, 5.7e6, "5.7 million")]
    empty_app.extensions["recount"]["store"].import_document({
        "format": "recount-claims/1",
        "sources": [{"id": "s", "publisher": "City Hall", "kind": "primary"}],
        "quantities": [{"id": q, "description": f"The {q}", "unit": unit, "currency": cur}
                       for q, unit, cur, *_ in figures],
        "claims": [{"id": "c", "text": text, "quotes": [{"source": "s", "text": text}],
                    "figures": [{"quantity": q, "source": "s", "value": value, "unit": unit,
                                 "currency": cur, "text": written,
                                 "span": [text.index(written), text.index(written) + len(written)]}
                                for q, unit, cur, value, written in figures]}]})
    client = empty_app.test_client()
    expected = ["52%", "$70\u00a0billion", "5.7\u00a0million"]
    cells = re.findall(r'<td class="num">([^<]*)</td>', client.get("/claims/c").get_data(
        as_text=True))
    assert cells == expected
    for (quantity, *_), shown in zip(figures, expected, strict=True):
        html = client.get(f"/quantities/{quantity}").get_data(as_text=True)
        assert re.findall(r'<td class="num">([^<]*)</td>', html) == [shown]


DEFICIT = ("Reagan took the deficit from $70 billion to $175 billion. Bush 41 took it to $300 "
           "billion. Clinton got it to zero. Bush 43 took it from zero to $1.2 trillion. Obama "
           "halved it to $600 billion. Trump's got it back to a trillion.")


def _links(html: str, section: str) -> dict[str, str]:
    """Each quantity link in ``section`` (a regex of where it starts) by its text."""
    part = re.search(section + r".*?</(?:ul|table)>", html, re.S).group(0)
    return {re.sub(r"<[^>]+>", "", text): href for href, text in
            re.findall(r'<a href="(/quantities/[^"]+)">(.*?)</a>', part, re.S)}


def test_a_fact_checks_figures_are_named_by_their_words_not_ids(tmp_path):
    """An imported fact check's eight figures share the claim's text as their description
    and the claim's id as their group: their pages and links name each by its words in the
    claim, and the claim by its claimant and a link, never by that id."""
    review = {"@context": "https://schema.org", "@type": "ClaimReview",
              "claimReviewed": DEFICIT, "author": {"@type": "Organization", "name": "Checker"},
              "itemReviewed": {"@type": "Claim",
                               "author": {"@type": "Person", "name": "A columnist"}}}
    with _reviewed(tmp_path, review) as app:
        client = app.test_client()
        claim = app.extensions["recount"]["store"].get_claim(
            app.extensions["recount"]["store"].list_claims().items[0]["id"])
        quantities = [f["quantity"] for f in claim["figures"]]
        assert len(quantities) == 8
        figures = _links(client.get(f"/claims/{claim['id']}").get_data(as_text=True),
                         "<h2>Figures</h2>")
        assert len(figures) == 8 and sorted(figures.values()) == sorted(
            f"/quantities/{q}" for q in quantities)
        assert "…Clinton got it to zero. Bush 43 took it…" in figures
        html = client.get(f"/quantities/{quantities[3]}").get_data(as_text=True)
        shown = re.sub(r'href="[^"]*"|<p class="meta">As data:.*?</p>', "", html, flags=re.S)
        assert claim["id"] not in shown  # the group is the claim, not its id
        assert ('The figure “<span dir="auto">…Clinton got it to <strong>zero</strong>. Bush '
                '43 took it…</span>” of <a href="/claims/' + claim["id"] + '">the claim by '
                '<bdi>A columnist</bdi></a>.') in html
        assert "<title>“zero”, " in html
        siblings = _links(html, "<h2>The claim&#39;s other figures</h2>")
        assert len(siblings) == 7 and f"/quantities/{quantities[3]}" not in siblings.values()
        assert "…43 took it from zero to $1.2 trillion. Obama…" in siblings
        assert "…got it back to a trillion." in siblings
        # A figure the claim no longer has (a card made before an edit may link to it)
        # leads to the claim; another claim's, or none's, is not found.
        gone = f"{claim['id']}.q99"
        moved = client.get(f"/quantities/{gone}")
        assert moved.status_code == 302
        assert moved.headers["Location"] == f"/claims/{claim['id']}"
        assert client.get("/quantities/no-such-claim.q1").status_code == 404
        assert client.get("/quantities/no-such-quantity").status_code == 404


def test_a_clef_claims_page_gives_its_date_and_reads_plainly(tmp_path):
    """A CLEF record's "stated on October 22, 2019" is when the claim was made: its page
    says so. The tab's title stops at a word, and the quote's citation nests no brackets."""
    record = {"id": "vclaim-1", "speaker": "A columnist", "truth_label": "barely-true",
              "date": "stated on October 22, 2019 in a post:",
              "title": "Exaggerated post about the budget",
              "text": ("Says the mayor \"spent $150M of the city's money on a stadium nobody "
                       "asked for\" and hired 20% more staff."),
              "url": "/factchecks/2019/oct/28/budget/"}
    (tmp_path / "claims.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = str(tmp_path / "recount.db")
    assert CliRunner().invoke(cli, ["import", str(tmp_path / "claims.jsonl"), "-d", db,
                                    "--publisher", "PolitiFact"]).exit_code == 0
    app = create_app({"DATABASE": db, "LOAD_DEMO": False, "TESTING": True})
    try:
        html = app.test_client().get("/claims/vclaim-1").get_data(as_text=True)
        assert '<span class="fact">Claimed by <bdi>A columnist</bdi> on 2019-10-22</span>' in html
        shown = html_lib.unescape(_title(html)).removesuffix("… · Recount")
        assert record["text"].startswith(shown + " ") and len(shown) <= 80
        cite = re.search(r'<p class="cite">(.*?)</p>', html, re.S).group(1)
        assert "((" not in cite and "))" not in cite
        assert "secondary source (fact-check)" in cite
    finally:
        app.extensions["recount"]["store"].close()
