"""The API's answers against the schemas that promise them, both ways.

The shared contract files (``shared/schemas``: what the extension and integrators code
against) and the OpenAPI document must validate every real answer, and every field an
answer holds must be declared there: a field the schema does not name is a contract nobody
wrote down, which a client may come to rely on and a refactoring may drop.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from server.paths import SCHEMAS

from .helpers import auth, make_key, put_body

SENTENCES = [
    "New York released criminal illegal aliens responsible for 148 homicides, the "
    "department said.",
    "Since January 20, New York has released nearly 7,000 criminal illegal aliens.",
    "Those released include 29 charged with homicide and 2,509 with assault.",
    "ICE served 4 immigration subpoenas on the New York Department of Corrections.",
    "The weather was fine.",
]


def shared(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _declared(schema: dict[str, Any], root: dict[str, Any]
              ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The properties a schema declares, through its ``allOf``, and the schema of any
    other property (``additionalProperties``), or None when others are not declared."""
    schema = resolve(schema, root)
    properties = dict(schema.get("properties", {}))
    others = schema.get("additionalProperties")
    others = others if isinstance(others, dict) else None
    for branch in schema.get("allOf", []):
        more, more_others = _declared(branch, root)
        properties.update(more)
        others = others or more_others
    return properties, others


def undeclared(schema: dict[str, Any], instance: Any, root: dict[str, Any],
               path: str = "") -> list[str]:
    """Where ``instance`` holds a field ``schema`` does not declare."""
    schema = resolve(schema, root)
    if isinstance(instance, dict):
        properties, others = _declared(schema, root)
        out = []
        for key, value in instance.items():
            field = properties.get(key, others)
            out += [f"{path}.{key}"] if field is None else undeclared(field, value, root,
                                                                      f"{path}.{key}")
        return out
    items = schema.get("items")
    if isinstance(instance, list) and isinstance(items, dict):
        return [where for i, value in enumerate(instance)
                for where in undeclared(items, value, root, f"{path}[{i}]")]
    return []


def assert_follows(schema: dict[str, Any], instance: Any, root: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}"
              for e in Draft202012Validator({**schema, **{k: v for k, v in root.items()
                                                          if k in ("$defs", "components")}}
                                            ).iter_errors(instance)]
    assert errors == []
    assert undeclared(schema, instance, root) == []


def test_match_answers_follow_the_shared_schemas(client):
    request = {"sentences": SENTENCES}
    assert_follows(shared("match-request.schema.json"), request, {})
    response = client.post("/api/v1/match", json=request)
    assert response.status_code == 200
    body = response.get_json()
    assert_follows(shared("match-response.schema.json"), body,
                   shared("match-response.schema.json"))
    # The sweep covered what the schema describes: matches with verdicts, and near misses.
    figures = [f for r in body["results"] for m in r["matches"] for f in m["figures"]]
    assert figures and any(f["known"] for f in figures)
    assert any("follows" in m for r in body["results"] for m in r["matches"])
    assert any(r["related"] for r in body["results"])


def test_page_and_related_answers_use_the_shared_match_shapes(client):
    schema = shared("match-response.schema.json")
    page = client.post("/api/v1/match/page", json={"text": " ".join(SENTENCES)}).get_json()
    matches = [m for s in page["sentences"] for m in s["matches"]]
    assert matches
    for match in matches:
        assert_follows({"$ref": "#/$defs/match"}, match, schema)
    related = client.post("/api/v1/related", json={"sentences": SENTENCES[:1]}).get_json()
    claims = related["results"][0]["claims"]
    assert claims
    for item in claims:
        assert_follows({"$ref": "#/$defs/claim"}, item["claim"], schema)
        for source in item["sources"]:
            assert_follows({"$ref": "#/$defs/source"}, source, schema)


def test_a_claim_as_get_shows_it_is_a_claims_file_claim(client):
    """What GET shows, made a PUT body as docs/api.md says, is the claims file's claim,
    sources and quantities, with nothing more."""
    schema = shared("claims-file.schema.json")
    shown = client.get("/api/v1/claims/dhs-ny-released-crimes").get_json()
    body = put_body(shown)
    assert_follows({"$ref": "#/$defs/claim"}, body["claim"], schema)
    for field, name in (("sources", "source"), ("quantities", "quantity")):
        assert body[field]
        for record in body[field]:
            assert_follows({"$ref": f"#/$defs/{name}"}, record, schema)


@pytest.fixture
def doc(client):
    return client.get("/api/v1/openapi.json").get_json()


def answers(app, client) -> list[tuple[str, str, Any]]:
    """(OpenAPI path, method, response) for a call of every operation that answers with a
    body, each with data that makes its answer full (matches, values, reports)."""
    key = auth(make_key(app))
    claim = client.get("/api/v1/claims/dhs-ny-released-count").get_json()
    claims_file = {"format": "recount-claims/1", **put_body(claim),
                   "claims": [put_body(claim)["claim"]]}
    del claims_file["claim"]
    report = {"claim_id": claim["id"], "sentence": SENTENCES[1], "span": [50, 62],
              "kind": "wrong-figure", "comment": "nearly"}
    created = client.post("/api/v1/feedback", json=report)
    calls = [
        ("/health", "get", client.get("/api/v1/health")),
        ("/match", "post", client.post("/api/v1/match", json={"sentences": SENTENCES})),
        ("/related", "post", client.post("/api/v1/related", json={"sentences": SENTENCES})),
        ("/match/page", "post", client.post("/api/v1/match/page",
                                            json={"text": " ".join(SENTENCES)})),
        ("/claims", "get", client.get("/api/v1/claims?limit=100")),
        ("/claims", "post", client.post("/api/v1/claims?dry_run=true", json=claims_file,
                                        headers=key)),
        ("/import", "post", client.post("/api/v1/import?dry_run=true", json=claims_file,
                                        headers=key)),
        ("/claims/{claim_id}", "get", client.get(f"/api/v1/claims/{claim['id']}")),
        ("/claims/{claim_id}", "put", client.put(f"/api/v1/claims/{claim['id']}",
                                                 json=put_body(claim), headers=key)),
        ("/claims/{claim_id}", "patch", client.patch(f"/api/v1/claims/{claim['id']}",
                                                     json={"retired": False}, headers=key)),
        ("/quantities/{quantity_id}", "get", client.get("/api/v1/quantities/ny-released-count")),
        ("/sources", "get", client.get("/api/v1/sources?limit=100")),
        ("/feedback", "post", created),
        ("/feedback", "get", client.get("/api/v1/feedback", headers=key)),
        ("/feedback/{feedback_id}", "patch", client.patch(
            f"/api/v1/feedback/{created.get_json()['id']}", json={"status": "accepted"},
            headers=key)),
        ("/digest", "get", client.get("/api/v1/digest")),
    ]
    return calls


def test_every_answer_has_only_the_fields_the_openapi_document_declares(app, client, doc):
    calls = answers(app, client)
    operations = {(path, method) for path, item in doc["paths"].items()
                  for method in item if method != "parameters"}
    # Every operation answering with a body is called: not DELETE (204, without one), nor
    # the OpenAPI document (test_openapi checks it against the OpenAPI 3.1 schema).
    assert {(f"/api/v1{p}", m) for p, m, _ in calls} == operations - {
        ("/api/v1/claims/{claim_id}", "delete"), ("/api/v1/openapi.json", "get")}
    for path, method, response in calls:
        declared = doc["paths"][f"/api/v1{path}"][method]["responses"]
        assert str(response.status_code) in declared, (path, method, response.status_code)
        schema = declared[str(response.status_code)]["content"]["application/json"]["schema"]
        body = response.get_json()
        assert_follows(schema, body, doc)
        if path == "/match":
            assert any(r["matches"] for r in body["results"])
        if path == "/quantities/{quantity_id}":
            assert body["values"]
