"""The OpenAPI document matches the routes, is valid OpenAPI 3.1, and the docs page shows it."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator

from server.paths import SCHEMAS

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def flask_to_openapi(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def routes(app) -> set[tuple[str, str]]:
    return {(flask_to_openapi(rule.rule), method)
            for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
            for method in rule.methods & METHODS}


def documented(doc) -> set[tuple[str, str]]:
    return {(path, method.upper()) for path, item in doc["paths"].items()
            for method in item if method.upper() in METHODS}


@pytest.fixture
def doc(client):
    return client.get("/api/v1/openapi.json").get_json()


def test_every_route_is_documented_and_every_documented_route_exists(app, doc):
    assert routes(app) - documented(doc) == set(), "routes missing from the OpenAPI document"
    assert documented(doc) - routes(app) == set(), "documented operations with no route"


def test_path_parameters_match_the_rules(app, doc):
    for path, item in doc["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        for method, op in item.items():
            if method == "parameters":
                continue
            params = [*item.get("parameters", []), *op.get("parameters", [])]
            assert {p["name"] for p in params if p["in"] == "path"} == names, (path, method)


def test_document_is_valid_openapi_31(doc):
    from schemathesis.specs.openapi.definitions import OPENAPI_31

    assert doc["openapi"].startswith("3.1")
    errors = list(Draft202012Validator(OPENAPI_31).iter_errors(doc))
    assert errors == [], [e.message for e in errors[:5]]


def test_component_schemas_are_valid_and_refs_resolve(doc):
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    refs = set(re.findall(r'"\$ref": "(#[^"]+)"', str(doc).replace("'", '"')))
    for ref in refs:
        node = doc
        for part in ref[2:].split("/"):
            node = node[part]
        assert isinstance(node, dict), ref


def test_examples_match_their_schemas(doc):
    count = 0
    for item in doc["paths"].values():
        for method, op in item.items():
            if method == "parameters":
                continue
            for media in op.get("requestBody", {}).get("content", {}).values():
                if "example" in media:
                    root = {"$ref": media["schema"]["$ref"], "components": doc["components"]}
                    assert list(Draft202012Validator(root).iter_errors(media["example"])) == []
                    count += 1
    assert count >= 3


def test_limits_in_the_document_follow_the_settings(empty_app):
    empty_app.config["MAX_SENTENCES"] = 7
    doc = empty_app.test_client().get("/api/v1/openapi.json").get_json()
    sentences = doc["components"]["schemas"]["MatchRequest"]["properties"]["sentences"]
    assert sentences["maxItems"] == 7


def test_shared_match_schemas_are_embedded(doc):
    schemas = doc["components"]["schemas"]
    if not (SCHEMAS / "match-response.schema.json").exists():
        pytest.skip("shared/schemas/match-response.schema.json is not written yet")
    assert "$defs" in schemas["MatchResponse"] and "$id" not in schemas["MatchResponse"]


def test_secured_operations_document_401(doc):
    for item in doc["paths"].values():
        for method, op in item.items():
            if method != "parameters" and op.get("security"):
                assert "401" in op["responses"]


def test_docs_page_lists_every_operation_without_a_cdn(client, doc):
    response = client.get("/api/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            assert f'id="{op["operationId"]}"' in html
            assert path in html
    assert html.count("curl -s") == sum(1 for _ in documented(doc))
    assert "<script" not in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url
    assert "Authorization: Bearer $RECOUNT_KEY" in html
    with client.get("/static/docs.css") as css:
        assert css.status_code == 200


def test_docs_curl_examples_are_runnable_shell():
    from server.api.docs import curl

    command = curl("PUT", "http://h/api/v1/claims/{claim_id}",
                   {"application/json": {"schema": {"$ref": "#/components/schemas/ClaimPut"}}},
                   True)
    assert command == ("curl -s -X PUT http://h/api/v1/claims/CLAIM_ID -H "
                       '"Authorization: Bearer $RECOUNT_KEY" -H '
                       "'Content-Type: application/json' --data-binary @claimput.json")
    command = curl("POST", "http://h/api/v1/feedback",
                   {"application/json": {"example": {"comment": "it's"}}}, False)
    assert command.endswith("""-d '{"comment": "it'"'"'s"}'""")


def _examples(node):
    """Every example value in a part of the document, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "example":
                yield value
            elif key == "examples" and isinstance(value, dict):
                yield from (v.get("value") for v in value.values() if isinstance(v, dict))
            else:
                yield from _examples(value)
    elif isinstance(node, list):
        for value in node:
            yield from _examples(value)


def _spans(node, sentence=None):
    """(sentence, holder) for every object of an example that has a span: a report's span
    points into its own ``sentence``, a figure's into the ``text`` of the result holding it."""
    if isinstance(node, list):
        for value in node:
            yield from _spans(value, sentence)
    elif isinstance(node, dict):
        if node.get("span") is not None:
            yield node.get("sentence", sentence), node
        elif "sentence" in node or "text" in node:
            sentence = node.get("sentence", node.get("text"))
        for value in node.values():
            yield from _spans(value, sentence)


def test_every_example_span_selects_a_figure_of_its_sentence(doc):
    from server.text.figures import extract_figures

    found = 0
    for example in _examples(doc["paths"]):
        for sentence, item in _spans(example):
            start, end = item["span"]
            figures = {(f.start, f.end): f.text for f in extract_figures(sentence)}
            assert (start, end) in figures, (sentence[start:end], sorted(figures.values()))
            if "text" in item:  # a figure names its text: the span must select it
                assert sentence[start:end] == item["text"]
            found += 1
    assert found >= 1


@pytest.mark.parametrize("path", ["/api/v1/claims", "/api/v1/sources", "/api/v1/feedback"])
def test_paged_lists_use_the_documented_defaults(app, client, doc, path):
    from .helpers import auth, make_key

    params = {p["name"]: p["schema"] for p in doc["paths"][path]["get"]["parameters"]}
    body = client.get(path, headers=auth(make_key(app))).get_json()
    assert body["limit"] == params["limit"]["default"]
    assert body["offset"] == params["offset"]["default"]
    too_many = client.get(f"{path}?limit={params['limit']['maximum'] + 1}",
                          headers=auth(make_key(app, "again")))
    assert too_many.status_code == 400


def test_api_docs_give_the_defaults_and_thresholds_the_server_uses(doc):
    from server.api.schemas import MAX_PAGE_SIZE, PAGE_SIZE
    from server.rank.weights import HIGHLIGHT, SUGGEST

    text = (SCHEMAS.parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    assert text.count(f"`limit` 1-{MAX_PAGE_SIZE}, {PAGE_SIZE} unless given") == 3
    assert f"(`RECOUNT_MATCH_THRESHOLD`, {HIGHLIGHT:g} unless set)" in text
    assert f"The suggestion threshold is {SUGGEST:g} and is not a setting" in text
    match = doc["paths"]["/api/v1/match"]["post"]["description"]
    assert f"match threshold ({HIGHLIGHT:g}," in match
    assert f"suggestion threshold ({SUGGEST:g}," in match
