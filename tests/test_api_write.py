"""The write endpoints: API keys, importing and editing claims, feedback and its review."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import assert_problem, auth, make_key, put_body

HARBOR = json.loads((Path(__file__).parent / "data" / "harbor-claims.json").read_text())

#: (method, path, JSON body) of every endpoint that needs a key.
SECURED = [
    ("post", "/api/v1/claims", HARBOR),
    ("post", "/api/v1/import", HARBOR),
    ("put", "/api/v1/claims/x", {"claim": {}}),
    ("delete", "/api/v1/claims/dhs-ny-released-count", None),
    ("get", "/api/v1/feedback", None),
    ("patch", "/api/v1/feedback/x", {"status": "accepted"}),
]


@pytest.fixture
def key(app):
    return make_key(app)


@pytest.mark.parametrize(("method", "path", "body"), SECURED)
@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer rk_wrong"}, {"X-API-Key": "rk_wrong"},
    {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "},
], ids=["none", "bad-bearer", "bad-x-api-key", "basic", "empty-bearer"])
def test_write_endpoints_need_a_valid_key(app, client, method, path, body, headers):
    counts = app.extensions["recount"]["store"].counts()
    response = getattr(client, method)(path, json=body, headers=headers)
    problem = assert_problem(response, 401)
    assert "API key" in problem["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert app.extensions["recount"]["store"].counts() == counts


def test_a_revoked_key_gets_401(app, client, key):
    assert client.get("/api/v1/feedback", headers=auth(key)).status_code == 200
    assert app.extensions["recount"]["store"].revoke_key("tests")
    assert_problem(client.get("/api/v1/feedback", headers=auth(key)), 401)


def test_x_api_key_header_works(client, key):
    assert client.get("/api/v1/feedback", headers={"X-API-Key": key}).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/claims", "/api/v1/import"])
def test_import_a_claims_file(client, key, path):
    response = client.post(path, json=HARBOR, headers=auth(key))
    assert response.status_code == 201
    assert response.get_json() == {"sources": len(HARBOR["sources"]),
                                   "quantities": len(HARBOR["quantities"]),
                                   "claims": len(HARBOR["claims"]),
                                   "figures": sum(len(c.get("figures", []))
                                                  for c in HARBOR["claims"]),
                                   "replaced": 0, "kept_edits": [],
                                   "dry_run": False,
                                   **({"format": "json", "already_present": []}
                                      if path.endswith("/import") else {})}
    claim_id = HARBOR["claims"][0]["id"]
    assert client.get(f"/api/v1/claims/{claim_id}").status_code == 200


def test_import_dry_run_writes_nothing(client, key):
    response = client.post("/api/v1/import?dry_run=true", json=HARBOR, headers=auth(key))
    assert response.status_code == 200 and response.get_json()["dry_run"] is True
    assert response.get_json()["claims"] == len(HARBOR["claims"])
    assert_problem(client.get(f"/api/v1/claims/{HARBOR['claims'][0]['id']}"), 404)
    assert_problem(client.post("/api/v1/import?dry_run=maybe", json=HARBOR,
                               headers=auth(key)), 400)


def test_an_invalid_file_is_422_naming_record_and_field(client, key):
    doc = copy.deepcopy(HARBOR)
    doc["claims"][0]["figures"][0]["span"] = [0, 1]
    doc["claims"][1]["quotes"][0]["source"] = "no-such-source"
    response = client.post("/api/v1/claims", json=doc, headers=auth(key))
    problem = assert_problem(response, 422)
    fields = [e["field"] for e in problem["errors"]]
    first, second = doc["claims"][0]["id"], doc["claims"][1]["id"]
    assert any(f.startswith(f"claims[0] (id '{first}').figures[0].span") for f in fields)
    assert any(f.startswith(f"claims[1] (id '{second}').quotes[0].source") for f in fields)
    assert_problem(client.get(f"/api/v1/claims/{first}"), 404)  # all or nothing


CR = Path(__file__).parent / "data" / "claimreview"


@pytest.mark.parametrize(("name", "media_type", "fmt", "claims"), [
    ("feed.json", "application/json", "claimreview", 3),
    ("list.json", "application/ld+json", "claimreview", None),
    ("two-reviews.html", "text/html", "claimreview", 2),
    ("reviews.csv", "text/csv", "csv", 2),
])
def test_import_reads_every_format_the_cli_reads(client, key, name, media_type, fmt, claims):
    body = (CR / name).read_bytes()
    response = client.post("/api/v1/import", data=body, content_type=media_type,
                           headers=auth(key))
    assert response.status_code == 201, response.get_json()
    result = response.get_json()
    assert result["format"] == fmt and result["already_present"] == []
    assert result["claims"] == claims if claims else result["claims"] >= 1
    listed = client.get("/api/v1/claims?limit=100").get_json()["items"]
    assert len(listed) == 18 + result["claims"]  # the demo's and the new ones
    # The same file again updates those claims, and says which record updated which.
    again = client.post("/api/v1/import", data=body, content_type=media_type,
                        headers=auth(key)).get_json()
    assert again["replaced"] == result["claims"]
    assert len(again["already_present"]) == result["claims"]
    assert client.get("/api/v1/claims?limit=100").get_json()["total"] == len(listed)


@pytest.mark.parametrize(("query", "body", "media_type", "fmt"), [
    ("?format=json", (Path(__file__).parent.parent / "shared" / "claims" / "ny-detainers.json").read_bytes(),
     "text/plain", "json"),
    ("?format=csv", (CR / "reviews.csv").read_bytes(), "application/json", "csv"),
])
def test_a_format_in_the_query_wins_over_the_media_type(client, key, query, body,
                                                        media_type, fmt):
    response = client.post(f"/api/v1/import{query}&dry_run=true", data=body,
                           content_type=media_type, headers=auth(key))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["format"] == fmt


def test_import_a_clef_collection_names_its_publisher(client, key):
    body = (Path(__file__).parent / "data" / "clef-mini" / "claims.jsonl").read_bytes()
    problem = assert_problem(client.post("/api/v1/import?format=clef", data=body,
                                         content_type="text/plain", headers=auth(key)), 422)
    assert "fact-checker" in problem["errors"][0]["message"]
    assert "?publisher=" in problem["errors"][0]["message"]
    response = client.post("/api/v1/import?publisher=Mini%20Checks", data=body,
                           content_type="application/x-ndjson", headers=auth(key))
    assert response.status_code == 201 and response.get_json()["format"] == "clef"
    claim = client.get("/api/v1/claims/vclaim-1").get_json()
    assert claim["claimant"] == "Governor" and claim["claim_date"] == "2020-05-02"
    assert {s["publisher"] for s in claim["sources"]} == {"Mini Checks"}
    assert claim["original_url"] is None  # a link relative to a site nobody named
    problem = assert_problem(client.post("/api/v1/import?publisher=Mini%20Checks&base_url=x",
                                         data=body, content_type="application/x-ndjson",
                                         headers=auth(key)), 400)
    assert problem["errors"] == [{"field": "base_url", "message": "not an http(s) URL"}]
    response = client.post("/api/v1/import?publisher=Mini%20Checks"
                           "&base_url=https://checks.example.org", data=body,
                           content_type="application/x-ndjson", headers=auth(key))
    assert response.status_code == 201
    claim = client.get("/api/v1/claims/vclaim-1").get_json()
    assert claim["original_url"] == "https://checks.example.org/factchecks/2020/may/04/jobs/"


def test_import_of_a_review_file_is_checked_whole(client, key):
    counts = client.get("/api/v1/claims").get_json()["total"]
    problem = assert_problem(client.post(
        "/api/v1/import", data=(CR / "missing-claim.json").read_bytes(),
        content_type="application/ld+json", headers=auth(key)), 422)
    fields = [e["field"] for e in problem["errors"]]
    assert "ClaimReview at @graph[1]: claimReviewed" in fields
    assert "ClaimReview at @graph[1]: datePublished" in fields
    assert client.get("/api/v1/claims").get_json()["total"] == counts  # all or nothing
    dry = client.post("/api/v1/import?dry_run=true", data=(CR / "reviews.csv").read_bytes(),
                      content_type="text/csv", headers=auth(key))
    assert dry.status_code == 200 and dry.get_json()["dry_run"] is True
    assert client.get("/api/v1/claims").get_json()["total"] == counts


DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(("query", "body", "media_type", "status", "says"), [
    ("", b"text,publisher\nA claim,Pub\n", "image/png", 415, "text/csv"),
    ("", b"text,publisher\nA claim,Pub\n", "image/png", 415, "text/plain to have the format"),
    ("?format=xml", b"<x/>", "text/plain", 400, "'format' must be one of json, claimreview"),
    ("?format=", b"<x/>", "text/plain", 400, "'format' must be one of"),
    ("?publisher=", b'{"claim": "x"}', "application/x-ndjson", 400, "must not be empty"),
    ("", b"\xff\xfe not text", "text/csv", 400, "UTF-8"),
    ("", b"hello, world", "text/plain", 422, "not a format recount reads"),
    # Nested deeper than Python's stack, as JSON-LD, in a page, or as CLEF lines.
    ("", DEEP, "application/ld+json", 422, "nested too deeply"),
    ("", b'<script type="application/ld+json">' + DEEP + b"</script>", "text/html", 422,
     "nested too deeply"),
    ("", b'{"@graph": ' * 5000 + b"{}" + b"}" * 5000, "application/ld+json", 422,
     "nested too deeply"),
    ("?format=clef&publisher=X", DEEP, "application/x-ndjson", 422, "nested too deeply"),
])
def test_import_says_what_it_cannot_read(client, key, query, body, media_type, status, says):
    response = client.post(f"/api/v1/import{query}", data=body, content_type=media_type,
                           headers=auth(key))
    problem = assert_problem(response, status)
    assert says in json.dumps(problem)


def test_a_schema_error_is_422_too(client, key):
    problem = assert_problem(client.post("/api/v1/claims", json={"format": "other"},
                                         headers=auth(key)), 422)
    assert problem["errors"]


def test_put_creates_then_replaces_a_claim(client, key):
    store_claim = copy.deepcopy(HARBOR["claims"][0])
    body = {"claim": store_claim, "sources": HARBOR["sources"],
            "quantities": HARBOR["quantities"]}
    path = f"/api/v1/claims/{store_claim['id']}"
    created = client.put(path, json=body, headers=auth(key))
    assert created.status_code == 201
    assert created.headers["Location"].endswith(path)
    assert created.get_json()["text"] == store_claim["text"]
    store_claim["text"] = "A new wording of the claim."
    replaced = client.put(path, json={"claim": store_claim}, headers=auth(key))
    assert replaced.status_code == 200
    assert client.get(path).get_json()["text"] == "A new wording of the claim."


def test_put_takes_the_sources_as_the_api_shows_them(client, key):
    """A source's fields as GET shows them (an absent note is null) are a valid body."""
    claim = copy.deepcopy(HARBOR["claims"][0])
    path = f"/api/v1/claims/{claim['id']}"
    assert client.put(path, json={"claim": claim, "sources": HARBOR["sources"],
                                  "quantities": HARBOR["quantities"]},
                      headers=auth(key)).status_code == 201
    shown = client.get(path).get_json()["sources"]
    assert any(s["note"] is None for s in shown)
    assert client.put(path, json={"claim": claim, "sources": shown},
                      headers=auth(key)).status_code == 200


def test_put_refuses_a_claims_own_page_as_its_url(client, key):
    """GET shows ``url`` (the claim's page here) and ``original_url``: copying the first
    back would make the claim link to itself, and lose where it was published."""
    claim = {**copy.deepcopy(HARBOR["claims"][0]), "url": "https://example.org/checks/1"}
    path = f"/api/v1/claims/{claim['id']}"
    assert client.put(path, json={"claim": claim, "sources": HARBOR["sources"],
                                  "quantities": HARBOR["quantities"]},
                      headers=auth(key)).status_code == 201
    shown = client.get(path).get_json()
    problem = assert_problem(client.put(path, json={"claim": {**claim, "url": shown["url"]}},
                                        headers=auth(key)), 422)
    assert problem["errors"] == [{"field": "claim.url",
                                  "message": "is the claim's own page here; give its "
                                             "original_url"}]
    assert client.get(path).get_json()["original_url"] == "https://example.org/checks/1"
    assert client.put(path, json={"claim": {**claim, "url": shown["original_url"]}},
                      headers=auth(key)).status_code == 200


def _put_back(app, client, key, claim_id: str) -> dict:
    """PUT a claim back as GET shows it (docs/api.md's recipe); nothing may change."""
    store = app.extensions["recount"]["store"]
    path = f"/api/v1/claims/{claim_id}"
    before = store.export_document()
    shown = client.get(path).get_json()
    response = client.put(path, json=put_body(shown), headers=auth(key))
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == shown
    assert client.get(path).get_json() == shown
    assert store.export_document() == before  # the feed's digest and every record
    return shown


def test_a_claim_from_a_feed_put_back_as_get_shows_it_is_unchanged(app, client, key):
    """Nothing a fact check's page gave is lost, and the claim is still the feed's: the
    page imported again updates it, rather than keeping it as an editor's."""
    page = (CR / "factcheck-page.html").read_bytes()
    imported = client.post("/api/v1/import", data=page, content_type="text/html",
                           headers=auth(key))
    assert imported.status_code == 201
    claim_id = client.get("/api/v1/claims?q=detainees+streets").get_json()["items"][0]["id"]
    shown = _put_back(app, client, key, claim_id)
    assert shown["rating_value"] and shown["appearances"] and shown["claim_date"]
    again = client.post("/api/v1/import", data=page, content_type="text/html",
                        headers=auth(key)).get_json()
    assert again["kept_edits"] == []
    assert [p["claim"] for p in again["already_present"]] == [claim_id]


def test_a_curated_claim_put_back_as_get_shows_it_is_unchanged(app, client, key):
    """A claim quoting several sources, which cite others, with tags and a retirement."""
    claim_id = "dhs-ny-custody-count"
    assert client.patch(f"/api/v1/claims/{claim_id}", json={"retired": True},
                        headers=auth(key)).status_code == 200
    shown = _put_back(app, client, key, claim_id)
    assert len(shown["sources"]) > 1 and any(s["cites"] for s in shown["sources"])
    assert shown["tags"] and shown["retired_at"]


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_the_jq_line_in_the_docs_makes_the_put_body(client):
    docs = (Path(__file__).parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    program = re.search(r"\| jq '([^']+)'", docs)
    assert program, "docs/api.md has no jq line"
    shown = client.get("/api/v1/claims/dhs-ny-custody-count").get_json()
    made = subprocess.run(["jq", program.group(1)], input=json.dumps(shown), text=True,
                          capture_output=True, check=True).stdout
    assert json.loads(made) == put_body(shown)


def test_a_write_made_on_an_old_copy_is_refused_not_lost(client, key):
    """Two editors read a claim; one retires it; the other's PUT of the copy read before,
    sent with that copy's ETag, is refused and changes nothing (it would bring the claim
    back). Read again, the claim carries the ETag the retirement answered with."""
    path = "/api/v1/claims/dhs-ny-custody-count"
    read = client.get(path)
    first, shown = read.headers["ETag"], read.get_json()
    retired = client.patch(path, json={"retired": True},
                           headers={**auth(key), "If-Match": first})
    assert retired.status_code == 200 and retired.headers["ETag"] != first
    old_copy = put_body({**shown, "claimant": "Another editor"})
    stale = client.put(path, json=old_copy, headers={**auth(key), "If-Match": first})
    assert "has changed since" in assert_problem(stale, 412)["detail"]
    again = client.get(path)
    assert again.get_json()["retired_at"] and again.get_json()["claimant"] != "Another editor"
    assert again.headers["ETag"] == retired.headers["ETag"]
    # Made on what GET shows now, with its ETag, the change goes in and says its new ETag.
    fresh = put_body({**again.get_json(), "claimant": "Another editor"})
    done = client.put(path, json=fresh, headers={**auth(key), "If-Match": again.headers["ETag"]})
    assert done.status_code == 200 and done.get_json()["retired_at"]
    assert done.headers["ETag"] == client.get(path).headers["ETag"]
    assert_problem(client.delete(path, headers={**auth(key), "If-Match": first}), 412)
    assert client.get(path).status_code == 200
    # "*": only a claim that exists; without If-Match a write goes in as it always has.
    assert_problem(client.put("/api/v1/claims/nope", json=put_body({**shown, "id": "nope"}),
                              headers={**auth(key), "If-Match": "*"}), 412)
    assert client.get("/api/v1/claims/nope").status_code == 404
    assert client.delete(path, headers={**auth(key), "If-Match": "*"}).status_code == 204


def test_put_needs_the_path_id_and_valid_references(client, key):
    claim = copy.deepcopy(HARBOR["claims"][0])
    problem = assert_problem(client.put("/api/v1/claims/other-id", json={"claim": claim},
                                        headers=auth(key)), 422)
    assert problem["errors"] == [{"field": "claim.id", "message": "differs from the path"}]
    # No sources in the body and none in the store yet: the quote's source is unknown.
    problem = assert_problem(client.put(f"/api/v1/claims/{claim['id']}",
                                        json={"claim": claim}, headers=auth(key)), 422)
    assert all(e["field"].startswith("claim") for e in problem["errors"])
    problem = assert_problem(client.put(f"/api/v1/claims/{claim['id']}",
                                        json={"claim": claim, "extra": 1},
                                        headers=auth(key)), 400)
    assert problem["errors"] == [{"field": "extra", "message": "unknown field"}]


def test_delete_a_claim(client, key):
    path = "/api/v1/claims/dhs-ny-released-count"
    response = client.delete(path, headers=auth(key))
    assert response.status_code == 204 and response.get_data() == b""
    assert_problem(client.get(path), 404)
    assert_problem(client.delete(path, headers=auth(key)), 404)


FEEDBACK = {"claim_id": "dhs-ny-released-crimes",
            "sentence": "They were responsible for 148 homicides.", "span": [27, 30],
            "kind": "wrong-figure", "comment": "The source says 148."}


def test_feedback_is_recorded_and_reviewed(client, key):
    created = client.post("/api/v1/feedback", json=FEEDBACK)
    assert created.status_code == 201
    item = created.get_json()
    assert item["status"] == "open" and set(item) == {"id", "status"}
    listed = client.get("/api/v1/feedback?status=open", headers=auth(key)).get_json()
    assert listed["total"] == 1
    stored = listed["items"][0]
    assert stored["span"] == [27, 30] and stored["sentence"] == FEEDBACK["sentence"]
    reviewed = client.patch(f"/api/v1/feedback/{item['id']}", json={"status": "accepted"},
                            headers=auth(key))
    assert reviewed.status_code == 200
    assert reviewed.get_json()["status"] == "accepted" and reviewed.get_json()["reviewed_at"]
    assert client.get("/api/v1/feedback?status=open", headers=auth(key)).get_json()[
        "total"] == 0
    assert_problem(client.patch("/api/v1/feedback/nope", json={"status": "rejected"},
                                headers=auth(key)), 404)
    assert_problem(client.patch(f"/api/v1/feedback/{item['id']}", json={"status": "done"},
                                headers=auth(key)), 400)
    assert_problem(client.get("/api/v1/feedback?status=done", headers=auth(key)), 400)


def test_feedback_minimal_report(client):
    response = client.post("/api/v1/feedback", json={"sentence": "x", "kind": "wrong-match"})
    assert response.status_code == 201


@pytest.mark.parametrize(("change", "status", "field"), [
    ({"claim_id": "no-such-claim"}, 422, "claim_id"),
    ({"span": [5, 100]}, 422, "span"),
    ({"span": [5, 5]}, 422, "span"),
    ({"span": [1]}, 400, "span"),
    ({"span": [-1, 3]}, 400, "span[0]"),
    ({"kind": "typo"}, 400, "kind"),
    ({"sentence": ""}, 400, "sentence"),
    ({"sentence": 5}, 400, "sentence"),
    ({"comment": "x" * 2001}, 400, "comment"),
    ({"url": "https://example.org/article"}, 400, "url"),
])
def test_feedback_validation(client, change, status, field):
    problem = assert_problem(client.post("/api/v1/feedback", json={**FEEDBACK, **change}),
                             status)
    assert field in [e["field"] for e in problem["errors"]]


@pytest.mark.parametrize(("change", "said"), [
    ({"claim_id": "no-such-claim"}, "refers to a claim that does not exist"),
    ({"span": [5, 100]}, "marks a part of the sentence it does not have"),
    ({"claim_id": "no-such-claim", "span": [5, 100]},
     "refers to a claim that does not exist, and marks a part of the sentence"),
])
def test_a_refused_report_says_what_is_wrong_with_it(client, change, said):
    problem = assert_problem(client.post("/api/v1/feedback", json={**FEEDBACK, **change}), 422)
    assert said in problem["detail"]


def test_feedback_missing_fields(client):
    problem = assert_problem(client.post("/api/v1/feedback", json={}), 400)
    assert {e["field"] for e in problem["errors"]} == {"sentence", "kind"}


def test_import_documents_every_media_type_it_reads(client):
    from server.api.claims import _DETECTED, MEDIA_FORMATS

    body = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/import"]["post"][
        "requestBody"]
    assert set(body["content"]) == {*MEDIA_FORMATS, *_DETECTED}
