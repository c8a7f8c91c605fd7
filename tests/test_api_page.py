"""POST /api/v1/match/page: article extraction, sentence offsets, matches and the summary."""

from __future__ import annotations

import pytest

from .conftest import ROOT
from .helpers import assert_problem

MATCHING = ("New York released criminal illegal aliens responsible for 148 homicides, "
            "the department said.")
PAGE = f"""<!doctype html><html><head><title>News</title>
<script>track("{MATCHING}")</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header><h1 class="site">The Daily Example</h1></header>
<div class="ad-banner">Save 50% today only!</div>
<article><h1>Detainers in New York</h1>
<p>{MATCHING}</p><p>The weather was mild on Tuesday.</p>
<!-- <p>{MATCHING}</p> -->
</article>
<aside>Most read: 10 stories</aside>
<section class="comments"><p>{MATCHING}</p></section>
<footer>© 2026</footer></body></html>"""


def check_offsets(body):
    for i, s in enumerate(body["sentences"]):
        assert s["index"] == i
        assert body["text"][s["start"]:s["end"]] == s["text"]


def test_page_html_keeps_only_the_article(client):
    response = client.post("/api/v1/match/page", json={"html": PAGE})
    assert response.status_code == 200
    body = response.get_json()
    assert body["text"] == (f"Detainers in New York\n{MATCHING}\n"
                            "The weather was mild on Tuesday.")
    check_offsets(body)
    summary = body["summary"]
    assert summary["sentences"] == 3 and summary["skipped"] == 0
    matched = [s for s in body["sentences"] if s["matches"]]
    assert MATCHING in [s["text"] for s in matched]
    assert not body["sentences"][2]["matches"]  # the weather
    assert summary["matched"] == len(matched)
    matches = [m for s in matched for m in s["matches"]]
    assert summary["figures"] == sum(len(m["figures"]) for m in matches) >= 1
    assert sum(summary["by_status"].values()) == summary["figures"]
    assert set(summary["by_status"]) >= {"consistent", "conflicting"}
    assert set(summary["by_source"]) == {s["publisher"] for m in matches for s in m["sources"]}


def test_the_summary_counts_matches_by_publisher_not_their_reports(client):
    """A match citing two of one publisher's releases counts once for that publisher."""
    page = (ROOT / "shared" / "fixtures" / "pages" / "misquoted.html").read_bytes()
    body = client.post("/api/v1/match/page", data=page, content_type="text/html").get_json()
    matches = [m for s in body["sentences"] for m in s["matches"]]
    assert any(len({s["id"] for s in m["sources"]})
               > len({s["publisher"] for s in m["sources"]}) for m in matches)
    assert body["summary"]["by_source"] == {
        publisher: sum(any(s["publisher"] == publisher for s in m["sources"])
                       for m in matches)
        for publisher in {s["publisher"] for m in matches for s in m["sources"]}}


@pytest.mark.parametrize(("kwargs"), [
    {"json": {"text": f"Intro line.\n{MATCHING} More text here."}},
    {"data": f"Intro line.\n{MATCHING} More text here.", "content_type": "text/plain"},
    {"data": f"<p>Intro line.</p><p>{MATCHING} More text here.</p>",
     "content_type": "text/html; charset=utf-8"},
])
def test_page_body_forms(client, kwargs):
    body = client.post("/api/v1/match/page", **kwargs).get_json()
    check_offsets(body)
    assert [s["text"] for s in body["sentences"]] == ["Intro line.", MATCHING, "More text here."]
    assert body["summary"]["matched"] == 1


def test_page_empty_text(client):
    body = client.post("/api/v1/match/page", json={"text": ""}).get_json()
    assert body["sentences"] == [] and body["summary"]["sentences"] == 0


def test_page_long_sentences_are_skipped_not_refused(empty_app):
    empty_app.config["MAX_SENTENCE_CHARS"] = 50
    client = empty_app.test_client()
    body = client.post("/api/v1/match/page", json={"text": "Short one.\n" + "x" * 80}).get_json()
    assert body["summary"]["sentences"] == 2 and body["summary"]["skipped"] == 1
    assert body["sentences"][1]["matches"] == []


def test_page_with_too_many_sentences_is_413(empty_app):
    empty_app.config["MAX_SENTENCES"] = 3
    client = empty_app.test_client()
    text = "\n".join(f"Sentence {i}." for i in range(4))
    problem = assert_problem(client.post("/api/v1/match/page", json={"text": text}), 413)
    assert "4 sentences" in problem["detail"] and "in parts" in problem["detail"]


@pytest.mark.parametrize(("body", "field"), [
    ({}, "(body)"), ({"html": "a", "text": "b"}, "(body)"), ({"text": 5}, "text"),
    ({"url": "https://example.org"}, "url"),
])
def test_page_bad_json(client, body, field):
    problem = assert_problem(client.post("/api/v1/match/page", json=body), 400)
    assert field in [e["field"] for e in problem["errors"]]


def test_page_other_media_types_are_415(client):
    assert_problem(client.post("/api/v1/match/page", data=b"%PDF",
                               content_type="application/pdf"), 415)


@pytest.mark.parametrize(("charset", "mimetype"), [("windows-1252", "text/html"),
                                                   ("iso-8859-1", "text/plain"),
                                                   ("utf-16", "text/plain")])
def test_page_bytes_are_read_in_their_declared_charset(client, charset, mimetype):
    text = "The release said “nearly 7,000” people: café, naïve, 5½ million."
    if charset == "iso-8859-1":
        text = text.replace("“", '"').replace("”", '"')  # Latin-1 has no curly quotes
    data = (f"<p>{text}</p>" if mimetype == "text/html" else text).encode(charset)
    body = client.post("/api/v1/match/page", data=data,
                       content_type=f"{mimetype}; charset={charset}").get_json()
    assert body["text"] == text


def test_page_in_an_unknown_charset_is_415(client):
    problem = assert_problem(client.post("/api/v1/match/page", data=b"<p>x</p>",
                                         content_type="text/html; charset=klingon"), 415)
    assert "klingon" in problem["detail"]


@pytest.mark.parametrize(("data", "content_type"), [
    (b"<p>a\x00b</p>", "text/html"), (b"a\x00b", "text/plain"),
    ("a\x00b".encode("utf-16"), "text/plain; charset=utf-16"),
    (b'{"text": "a\\u0000b"}', "application/json"),
], ids=["html", "text", "utf-16", "json"])
def test_a_nul_in_a_page_is_400_in_every_body_form(client, data, content_type):
    from server.text.unicode import PROBLEMS

    problem = assert_problem(client.post("/api/v1/match/page", data=data,
                                         content_type=content_type), 400)
    assert problem["title"] == "Malformed text"
    field = "text" if content_type == "application/json" else "(body)"
    assert problem["errors"] == [{"field": field, "message": PROBLEMS["nul"]}]


@pytest.mark.parametrize("mimetype", ["text/html", "text/plain"])
def test_bytes_not_in_the_charset_are_read_as_replacement_characters(client, mimetype):
    """As a browser shows such a page: the rest of it is still checked."""
    data = b"Caf\xe9 prices rose. " + MATCHING.encode()
    if mimetype == "text/html":
        data = b"<p>" + data + b"</p>"
    response = client.post("/api/v1/match/page", data=data,
                           content_type=f"{mimetype}; charset=utf-8")
    assert response.status_code == 200
    body = response.get_json()
    assert body["text"].startswith("Caf\ufffd prices rose.")
    check_offsets(body)
    assert body["summary"]["matched"] == 1
