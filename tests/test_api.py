"""The read endpoints: health, claims, sources, quantities, digest; ETags and 304s."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server import formats
from server.api import digest as digest_api
from server.paths import SCHEMAS

from .helpers import assert_problem, auth, make_key

FACTCHECK_PAGE = Path(__file__).parent / "data" / "claimreview" / "factcheck-page.html"

SENTENCE = ("New York released criminal illegal aliens responsible for 148 homicides, "
            "the department said.")


def test_health_counts_only(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["claims"] > 0
    assert set(body) == {"status", "version", "claims"}  # never settings or the DB location


def test_health_unavailable_when_the_database_fails(app, client, monkeypatch):
    store = app.extensions["recount"]["store"]

    def broken():
        raise RuntimeError("disk gone: /secret/path.db")

    monkeypatch.setattr(store, "counts", broken)
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert "secret" not in response.get_data(as_text=True)


def test_claims_list_paginates_with_next_links(client):
    first = client.get("/api/v1/claims?limit=5").get_json()
    assert first["limit"] == 5 and first["offset"] == 0 and len(first["items"]) == 5
    assert first["total"] > 5
    assert "offset=5" in first["next"] and "limit=5" in first["next"]
    second = client.get(first["next"].replace("http://localhost", "")).get_json()
    assert second["offset"] == 5
    assert {c["id"] for c in first["items"]}.isdisjoint(c["id"] for c in second["items"])
    last = client.get(f"/api/v1/claims?limit=5&offset={first['total'] - 1}").get_json()
    assert len(last["items"]) == 1 and last["next"] is None
    past = client.get(f"/api/v1/claims?offset={first['total'] + 10}")
    assert past.status_code == 200
    body = past.get_json()
    assert body | {"offset": 0, "previous": None} == {
        "items": [], "total": first["total"], "limit": 20, "offset": 0, "next": None,
        "previous": None}


def test_claims_pages_link_back_to_the_page_before(client):
    total = client.get("/api/v1/claims?limit=1").get_json()["total"]
    assert client.get("/api/v1/claims?limit=5").get_json()["previous"] is None

    def before(query: str) -> dict:
        link = client.get(f"/api/v1/claims?{query}").get_json()["previous"]
        assert link.startswith("http://localhost/api/v1/claims?")
        return client.get(link.replace("http://localhost", "")).get_json()

    page = before("limit=5&offset=7&q=the")  # keeps the search; never before the first
    assert (page["offset"], page["limit"]) == (2, 5) and "q=the" in page["next"]
    assert before("limit=5&offset=3")["offset"] == 0
    # Past the end, the page before is the last one that has claims.
    last = before(f"limit=5&offset={total + 50}")
    assert last["items"] and last["next"] is None and last["offset"] % 5 == 0


@pytest.mark.parametrize(("query", "expected"), [
    ("q=homicides", "dhs-ny-released-crimes"),
    ("q=MIGUEL+mora", "dhs-miguel-mora-phone-calls"),
    ("source=opinion-ice-goes-to-war-with-nyc", "ice-nydoc-subpoenas-2020"),
    ("tag=released", "dhs-ny-released-count"),
])
def test_claims_search_and_filters(client, query, expected):
    body = client.get(f"/api/v1/claims?{query}&limit=100").get_json()
    ids = [c["id"] for c in body["items"]]
    assert expected in ids
    assert body["total"] == len(ids)


def test_claims_search_keeps_filters_in_next_link(client):
    body = client.get("/api/v1/claims?q=new+york&limit=1").get_json()
    assert body["total"] > 1
    assert "q=new+york" in body["next"]


def test_claims_search_without_hits(client):
    body = client.get("/api/v1/claims?q=zzzznothing").get_json()
    assert body == {"items": [], "total": 0, "limit": 20, "offset": 0, "next": None,
                    "previous": None}


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=x", "offset=-1",
                                   "offset=1.5", "limit=1_0", "offset=%D9%A1"])
def test_claims_bad_paging_is_400(client, query):
    body = assert_problem(client.get(f"/api/v1/claims?{query}"), 400)
    assert body["errors"][0]["field"] in ("limit", "offset")


def test_claim_detail(client):
    body = client.get("/api/v1/claims/dhs-ny-released-crimes").get_json()
    assert body["id"] == "dhs-ny-released-crimes"
    assert body["url"].endswith("/claims/dhs-ny-released-crimes")
    assert body["quotes"] and body["figures"] and body["sources"] and body["quantities"]
    assert {s["id"] for s in body["sources"]} == {q["source"] for q in body["quotes"]}


def test_claim_detail_shows_every_field_a_claims_file_gives(app, client):
    """All a claims file (or a PUT body) may give of a claim is shown, so what GET shows can
    be put back whole: its ``url`` as ``original_url``, never the store's ``feed_digest``."""
    record = formats.read(FACTCHECK_PAGE).doc["claims"][0]
    assert client.post("/api/v1/import", data=FACTCHECK_PAGE.read_bytes(),
                       headers=auth(make_key(app)),
                       content_type="text/html").status_code == 201
    shown = client.get(f"/api/v1/claims/{record['id']}").get_json()
    schema = json.loads((SCHEMAS / "claims-file.schema.json").read_text(encoding="utf-8"))
    fields = set(schema["$defs"]["claim"]["properties"]) - {"url", "feed_digest"}
    assert fields <= set(shown) and "feed_digest" not in shown
    assert shown["original_url"] == record["url"]
    for field in fields - {"figures"}:
        empty = [] if schema["$defs"]["claim"]["properties"][field].get("type") == "array" \
            else None
        assert shown[field] == record.get(field, empty), field
    assert [{k: v for k, v in f.items() if v is not None} for f in shown["figures"]] \
        == record["figures"]
    # The page gives these, and an editor's PUT of what GET showed must not drop them.
    assert shown["rating_value"] == "1" and shown["appearances"]


def test_unknown_claim_and_quantity_are_404(client):
    assert_problem(client.get("/api/v1/claims/nope"), 404)
    assert_problem(client.get("/api/v1/quantities/nope"), 404)


def test_quantity_has_every_source_value_oldest_first(client):
    body = client.get("/api/v1/quantities/ny-released-count").get_json()
    assert body["id"] == "ny-released-count" and body["unit"] == "count"
    dates = [v["source_record"]["published"] for v in body["values"]]
    known = [d for d in dates if d]
    assert len(dates) >= 2 and known == sorted(known)
    assert all(v["quantity"] == "ny-released-count" for v in body["values"])
    # Curated: every value is a source's count, none a checked claim's.
    assert body["checked_claim"] is None and not any(v["checked"] for v in body["values"])


def test_sources_paginated(client):
    body = client.get("/api/v1/sources?limit=3").get_json()
    assert body["total"] >= 9 and len(body["items"]) == 3 and body["next"]
    assert all(isinstance(s["claims"], int) for s in body["items"])


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/claims?limit=2",
                                  "/api/v1/claims/dhs-ny-released-count",
                                  "/api/v1/quantities/ny-released-count", "/api/v1/sources",
                                  "/api/v1/openapi.json", "/api/docs"])
def test_get_responses_have_etags_and_answer_304(client, path):
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.head(path, headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/claims?limit=2",
                                  "/api/v1/claims/dhs-ny-released-count",
                                  "/api/v1/quantities/ny-released-count", "/api/v1/sources",
                                  "/api/v1/openapi.json", "/api/v1/digest", "/api/docs"])
def test_public_reads_may_be_kept_but_are_revalidated(client, path):
    first = client.get(path)
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("header", ["Authorization", "X-API-Key"])
def test_what_a_key_reads_is_kept_by_no_cache_shared_or_not(app, client, header):
    # Readers' reported sentences: a shared cache keyed by URL must never hand them to
    # the next client, and the built-in rules of caches skip Authorization only.
    key = make_key(app)
    client.post("/api/v1/feedback", json={"sentence": SENTENCE, "kind": "wrong-match"})
    value = f"Bearer {key}" if header == "Authorization" else key
    response = client.get("/api/v1/feedback", headers={header: value})
    assert response.status_code == 200 and response.get_json()["total"] == 1
    assert response.headers["Cache-Control"] == "private, no-store"


def test_etag_changes_when_the_data_changes(app, client):
    before = client.get("/api/v1/claims?limit=100").headers["ETag"]
    app.extensions["recount"]["store"].delete_claim("dhs-ny-released-crimes")
    after = client.get("/api/v1/claims?limit=100", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


class CountingBuilder:
    def __init__(self):
        self.calls = 0
        self.texts: list[str] = []

    def __call__(self, texts):
        self.calls += 1
        self.texts = list(texts)
        return {"texts": len(self.texts)}


def test_digest_is_cached_per_data_version_with_etag(app, client, monkeypatch):
    builder = CountingBuilder()
    monkeypatch.setattr(digest_api, "load_builder", lambda: builder)
    first = client.get("/api/v1/digest")
    assert first.status_code == 200 and first.get_json()["texts"]
    assert builder.calls == 1
    assert any("148 homicides" in t for t in builder.texts)  # quotes
    assert "criminal illegal aliens" in builder.texts  # quantity nouns
    etag = first.headers["ETag"]
    assert client.get("/api/v1/digest", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/api/v1/digest").status_code == 200
    assert builder.calls == 1
    app.extensions["recount"]["store"].delete_claim("dhs-ny-released-crimes")
    after = client.get("/api/v1/digest", headers={"If-None-Match": etag})
    assert after.status_code == 200 and builder.calls == 2


def test_digest_without_a_builder_is_a_503_problem(client, monkeypatch):
    monkeypatch.setattr(digest_api, "load_builder", lambda: None)
    assert_problem(client.get("/api/v1/digest"), 503)


def test_digest_with_the_real_builder(client):
    if digest_api.load_builder() is None:
        pytest.skip("server.index.digest is not written yet")
    from server.index.digest import might_contain

    response = client.get("/api/v1/digest")
    assert response.status_code == 200
    digest = response.get_json()
    assert might_contain(digest, "homicides") and might_contain(digest, "detainers")
