"""One error shape everywhere: every 4xx and 5xx of every endpoint is a problem document."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest

from server.api.openapi import build_document
from server.settings import load_settings
from server.text.unicode import PROBLEMS

from .helpers import assert_problem, auth, make_key

DOC = build_document(load_settings(environ={}))
EXAMPLE_IDS = {"{claim_id}": "dhs-ny-released-count", "{quantity_id}": "ny-released-count",
               "{feedback_id}": "no-such-report"}


def concrete(path: str) -> str:
    for placeholder, value in EXAMPLE_IDS.items():
        path = path.replace(placeholder, value)
    return path


#: Every documented operation as (METHOD, concrete path, needs a key, takes a body).
OPERATIONS = [
    (method.upper(), concrete(path), bool(op.get("security")), "requestBody" in op)
    for path, item in DOC["paths"].items() for method, op in item.items()
    if method in ("get", "post", "put", "patch", "delete")
]
BODY_OPERATIONS = [op for op in OPERATIONS if op[3]]
#: ...of which these take a JSON object only (POST /import also reads a ClaimReview list).
OBJECT_OPERATIONS = [op for op in BODY_OPERATIONS if op[1] != "/api/v1/import"]
ALL_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
#: Of all operations, these refuse a query parameter they do not declare (all but health).
IGNORING_QUERY = {(method.upper(), concrete(path)) for path, item in DOC["paths"].items()
                  for method, op in item.items()
                  if isinstance(op, dict) and op.get("x-ignores-query")}
STRICT_QUERY_OPERATIONS = [op for op in OPERATIONS if op[:2] not in IGNORING_QUERY]


def ids(operations):
    return [f"{m} {p}" for m, p, *_ in operations]


@pytest.fixture
def key(app):
    return make_key(app)


def send(client, method, path, key=None, **kwargs):
    headers = {**kwargs.pop("headers", {}), **(auth(key) if key else {})}
    return client.open(path, method=method, headers=headers, **kwargs)


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v1/claims/a/b", "/nothing",
                                  "/api/v2/match", "/claims/no-such-claim"])
def test_unknown_paths_are_404(client, path):
    assert_problem(client.get(path), 404)


def test_an_unknown_api_path_says_where_the_endpoints_are_listed(client):
    problem = assert_problem(client.get("/api/v1/docs"), 404)
    named = re.findall(r"/api/[\w/.]*\w", problem["detail"])
    assert named[0] == "/api/v1/docs" and len(named) == 3
    for path in named[1:]:  # the docs page and the OpenAPI document
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("path", sorted({p for _, p, *_ in OPERATIONS}))
def test_wrong_method_is_405_with_allow(client, path):
    allowed = {m for m, p, *_ in OPERATIONS if p == path}
    wrong = sorted(ALL_METHODS - allowed)[0]
    response = client.open(path, method=wrong)
    problem = assert_problem(response, 405)
    assert allowed <= set(response.headers["Allow"].replace(" ", "").split(","))
    # The detail says what to send instead, as the Allow header does.
    assert wrong in problem["detail"] and all(m in problem["detail"] for m in allowed)


@pytest.mark.parametrize(("method", "path", "secured", "_body"), BODY_OPERATIONS,
                         ids=ids(BODY_OPERATIONS))
def test_malformed_json_is_400(client, key, method, path, secured, _body):
    response = send(client, method, path, key if secured else None, data=b'{"sentences": [',
                    content_type="application/json")
    assert assert_problem(response, 400)["title"] == "Malformed JSON"


@pytest.mark.parametrize("raw", [b"NaN", b'{"a": Infinity}', b"[" * 100_000, b"\xff\xfe{",
                                 b'{"n": 1' + b"0" * 5000 + b"}"])
def test_json_python_accepts_but_json_does_not_is_400(client, raw):
    response = client.post("/api/v1/match", data=raw, content_type="application/json")
    assert_problem(response, 400)


@pytest.mark.parametrize(("raw", "told"), [
    (b'{"sentences": ["a",]}', "at line 1, column 20"),  # the "]" after a trailing comma
    (b'{"sentences":\n  ["a" "b"]}', "Expecting ',' delimiter at line 2, column 8"),
    (b"", "it is empty"),
    (b"  \n", "it is empty"),
    (b'{"a": NaN}', "NaN is not JSON"),
    (b'{"n": 1' + b"0" * 5000 + b"}", "a number out of range"),
    (b"[" * 100_000, "nested too deeply"),
])
def test_malformed_json_says_what_and_where(client, raw, told):
    """A client fixing its body by hand needs the place, as a JSON linter gives it."""
    response = client.post("/api/v1/match", data=raw, content_type="application/json")
    detail = assert_problem(response, 400)["detail"]
    assert detail.startswith("The request body is not valid JSON: ") and told in detail


def test_a_json_body_in_another_encoding_is_told_so(client):
    """A Latin-1 or Windows-1252 body: the problem names the encoding, not just "JSON"."""
    response = client.post("/api/v1/match", data='{"sentences": ["Café prices rose 5%."]}'
                           .encode("latin-1"), content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["title"] == "Malformed JSON" and "not UTF-8 text" in problem["detail"]


@pytest.mark.parametrize(("method", "path", "secured", "_body"), OBJECT_OPERATIONS,
                         ids=ids(OBJECT_OPERATIONS))
def test_a_json_array_is_400(client, key, method, path, secured, _body):
    response = send(client, method, path, key if secured else None, json=["not", "an object"])
    assert_problem(response, 400)


def test_a_json_array_to_import_is_read_as_claimreview(client, key):
    response = send(client, "POST", "/api/v1/import", key, json=["not", "an object"])
    problem = assert_problem(response, 422)
    assert problem["errors"] == [{"field": "(file)", "message": "no ClaimReview found"}]


@pytest.mark.parametrize(("method", "path", "secured", "_body"), BODY_OPERATIONS,
                         ids=ids(BODY_OPERATIONS))
def test_wrong_media_type_is_415(client, key, method, path, secured, _body):
    response = send(client, method, path, key if secured else None, data=b"a=1",
                    content_type="application/x-www-form-urlencoded")
    assert_problem(response, 415)


@pytest.mark.parametrize(("method", "path", "secured", "_body"), BODY_OPERATIONS,
                         ids=ids(BODY_OPERATIONS))
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_body_over_the_limit_is_413(tmp_path, method, path, secured, _body, chunked):
    from server.app import create_app

    app = create_app({"DATABASE": str(tmp_path / "db"), "MAX_BODY_BYTES": 1000,
                      "TESTING": True})
    key = make_key(app)
    body = b'{"sentences": ["' + b"a" * 5000 + b'"]}'
    kwargs: dict = {"content_type": "application/json"}
    if chunked:  # no Content-Length: werkzeug reads the stream lazily up to the limit
        kwargs.update(input_stream=io.BytesIO(body), headers={"Transfer-Encoding": "chunked"},
                      environ_overrides={"wsgi.input_terminated": True})
    else:
        kwargs["data"] = body
    response = send(app.test_client(), method, path, key if secured else None, **kwargs)
    assert "1000 bytes" in assert_problem(response, 413)["detail"]
    app.extensions["recount"]["store"].close()


@pytest.mark.parametrize(("method", "path", "secured", "_body"),
                         [op for op in OPERATIONS if op[2]], ids=ids([o for o in OPERATIONS
                                                                     if o[2]]))
def test_missing_key_is_401(client, method, path, secured, _body):
    assert_problem(send(client, method, path, json={}), 401)


#: (body, status, the one field named) for /match; /related answers alike, but for the
#: 1001 sentences, over its own lower cap (see test_api_related).
SENTENCE_ERRORS = [
    ({"sentences": "one string"}, 400, "sentences"),
    ({"sentences": None}, 400, "sentences"),
    ({}, 400, "sentences"),
    ({"sentences": [1, 2]}, 400, "sentences[0]"),
    ({"sentences": ["a", 3]}, 400, "sentences[1]"),
    ({"sentence": ["typo"]}, 400, "sentence"),
    ({"sentences": [], "url": "https://example.org/private"}, 400, "url"),
    ({"sentences": ["a"] * 1001}, 413, "sentences"),
    ({"sentences": ["ok", "a" * 2001]}, 413, "sentences[1]"),
]


@pytest.mark.parametrize(("path", "body", "status", "field"), [
    (path, *case) for path in ("/api/v1/match", "/api/v1/related") for case in SENTENCE_ERRORS
    if path.endswith("/match") or len(case[0].get("sentences") or "") <= 100])
def test_match_validation(client, path, body, status, field):
    problem = assert_problem(client.post(path, json=body), status)
    assert [e["field"] for e in problem["errors"]] == [field]


@pytest.mark.parametrize(("path", "body", "field", "meant"), [
    ("/api/v1/match", {"sentence": ["typo"]}, "sentence", "sentences"),
    ("/api/v1/related", {"sentences": ["a"], "limt": 3}, "limt", "limit"),
    ("/api/v1/feedback", {"sentence": "a", "kind": "wrong-match", "coment": "x"}, "coment",
     "comment"),
    ("/api/v1/match/page", {"htm": "<p>a</p>"}, "htm", "html"),
    ("/api/v1/feedback", {"sentence": "a", "kind": "wrong-match", "url": "x"}, "url", None),
])
def test_a_misspelt_field_is_named_with_the_field_it_may_be(client, path, body, field, meant):
    problem = assert_problem(client.post(path, json=body), 400)
    error = next(e for e in problem["errors"] if e["field"] == field)
    hint = f" (did you mean {meant!r}?)" if meant else ""
    assert error["message"] == "unknown field" + hint


def test_500_shows_no_internals(app, client, monkeypatch, caplog):
    def explode():
        raise RuntimeError("secret internals at /srv/recount.db")

    app.extensions["recount"]["matcher"] = explode
    with caplog.at_level(logging.DEBUG):
        response = client.post("/api/v1/match", json={"sentences": ["a marker sentence"]})
    body = assert_problem(response, 500)
    assert "secret" not in response.get_data(as_text=True)
    assert body["detail"] == "The server could not complete the request."
    assert "secret" not in caplog.text and "marker" not in caplog.text
    assert "unhandled RuntimeError on POST /api/v1/match" in caplog.text


def test_ok_responses_are_not_problems(client):
    response = client.post("/api/v1/match", json={"sentences": []})
    assert response.status_code == 200 and response.mimetype == "application/json"


#: Half of the pair that writes 🎉 ("\ud83c\udf89"): JSON can escape it, no text can hold it.
HALF_AN_EMOJI = b"\\ud83c"


@pytest.mark.parametrize(("method", "path", "secured", "_body"), OBJECT_OPERATIONS,
                         ids=ids(OBJECT_OPERATIONS))
def test_half_a_character_is_400_naming_the_field(client, key, method, path, secured, _body):
    raw = b'{"sentences": ["ok", "New York released 6,947 ' + HALF_AN_EMOJI + b' people."]}'
    response = send(client, method, path, key if secured else None, data=raw,
                    content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["title"] == "Malformed text"
    assert problem["errors"] == [{"field": "sentences[1]",
                                  "message": PROBLEMS["surrogate"]}]


def test_a_whole_emoji_is_text_like_any_other(client):
    raw = b'{"sentences": ["New York released 6,947 \\ud83c\\udf89 criminal illegal aliens."]}'
    response = client.post("/api/v1/match", data=raw, content_type="application/json")
    assert response.status_code == 200
    assert response.get_json()["results"][0]["matches"]


def test_half_a_character_in_an_imported_file_names_the_record(client, key):
    raw = (b'{"format": "recount-claims/1", "sources": [], "quantities": [], "claims": '
           b'[{"id": "c1", "text": "Half ' + HALF_AN_EMOJI + b'", "quotes": []}]}')
    response = send(client, "POST", "/api/v1/import", key, data=raw,
                    content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["errors"][0]["field"] == "claims[0].text"


@pytest.mark.parametrize("path", ["/api/v1/claims?q=a%00b", "/api/v1/claims/a%00b",
                                  "/claims/a%00b", "/api/v1/quantities/a%00b",
                                  "/api/v1/claims?source=x&tag=a%00"])
def test_a_nul_in_the_path_or_query_is_400(client, path):
    """PostgreSQL's text holds no NUL: refused before any view (SQLite would take it, so
    the two stores answer alike)."""
    problem = assert_problem(client.get(path), 400)
    assert problem["title"] == "Malformed text"
    assert problem["errors"][0]["message"] == PROBLEMS["nul"]


def test_a_nul_in_a_body_is_400_naming_the_field(client):
    report = {"sentence": "bad \u0000 text", "kind": "wrong-match", "claim_id": None,
              "span": None}
    problem = assert_problem(client.post("/api/v1/feedback", json=report), 400)
    assert problem["errors"] == [{"field": "sentence", "message": PROBLEMS["nul"]}]


@pytest.mark.parametrize(("method", "path", "secured", "_body"), STRICT_QUERY_OPERATIONS,
                         ids=ids(STRICT_QUERY_OPERATIONS))
def test_an_unknown_query_parameter_is_400_naming_it(app, client, key, method, path,
                                                     secured, _body):
    """A typo in a parameter's name must not be taken as leaving it out."""
    counts = app.extensions["recount"]["store"].counts()
    response = send(client, method, path + "?limit=1&no_such_parameter=1&typo=x",
                    key if secured else None, json={"sentences": []})
    problem = assert_problem(response, 400)
    documented = {p["name"] for p in DOC["paths"][_template(path)][method.lower()]
                  .get("parameters", []) if p["in"] == "query"}
    unknown = [n for n in ("limit", "no_such_parameter", "typo") if n not in documented]
    assert problem["errors"] == [{"field": name, "message": "unknown query parameter"}
                                 for name in unknown]
    assert app.extensions["recount"]["store"].counts() == counts


def _template(path: str) -> str:
    for placeholder, value in EXAMPLE_IDS.items():
        path = path.replace(value, placeholder)
    return path


def test_health_ignores_query_parameters(client):
    """A monitor adds its own parameter to get past caches; the health check must still
    say the server is up."""
    assert [op[1] for op in OPERATIONS if op not in STRICT_QUERY_OPERATIONS] == [
        "/api/v1/health"]
    response = client.get("/api/v1/health?_=1700000000&monitor=uptime")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"
    assert "ignored" in DOC["paths"]["/api/v1/health"]["get"]["description"]
    # ...but never text no database could store, as anywhere.
    assert_problem(client.get("/api/v1/health?_=%00"), 400)


def test_a_misspelt_dry_run_writes_nothing(app, client, key):
    counts = app.extensions["recount"]["store"].counts()
    response = send(client, "POST", "/api/v1/import?dry-run=true", key,
                    data=b"claim,publisher,url\nA new claim,Pub,https://pub.example/1\n",
                    content_type="text/csv")
    problem = assert_problem(response, 400)
    assert problem["errors"] == [{"field": "dry-run", "message": "unknown query parameter"}]
    assert "did you mean 'dry_run'" in problem["detail"]
    assert app.extensions["recount"]["store"].counts() == counts


@pytest.mark.parametrize("query", ["limit=2&offset=1&q=homicides&retired=false&tag=x&source=y",
                                   "", "limit=2&limit=3"])
def test_documented_query_parameters_are_taken(client, query):
    assert client.get(f"/api/v1/claims?{query}").status_code == 200


#: Every operation that reads the database (all but the OpenAPI document, and health, which
#: answers its 503 with the health document).
STORE_OPERATIONS = [op for op in OPERATIONS
                    if not op[1].endswith(("/openapi.json", "/health"))]


def _break_database(app, how: str) -> None:
    """Make the app's SQLite file unreadable under it, as a failed disk or a bad restore."""
    store = app.extensions["recount"]["store"]
    path = Path(store.backend.path)
    store.close()  # the next request opens the file again
    for file in path.parent.glob(path.name + "*"):
        file.unlink()
    if how == "not-a-database":
        path.write_bytes(b"not a database " * 500)
    else:  # a directory where the file was: it cannot be opened at all
        path.mkdir()


@pytest.mark.parametrize("how", ["not-a-database", "cannot-open"])
@pytest.mark.parametrize(("method", "path", "secured", "_body"), STORE_OPERATIONS,
                         ids=ids(STORE_OPERATIONS))
def test_an_unreadable_database_is_a_503_problem(app, client, key, method, path, secured,
                                                 _body, how, caplog):
    bodies = {"/api/v1/match/page": {"text": "New York released 6,947 people."},
              "/api/v1/feedback": {"sentence": "New York released 6,947.", "kind": "wrong-match"},
              "/api/v1/claims/dhs-ny-released-count": {"retired": True}}
    body = bodies.get(path, {"sentences": ["New York released 6,947 criminal illegal aliens."]})
    _break_database(app, how)
    with caplog.at_level(logging.WARNING):
        response = send(client, method, path, key if secured else None, json=body)
    assert_problem(response, 503)
    assert response.headers["Retry-After"] == "30"
    assert "database unavailable" in caplog.text and "unhandled" not in caplog.text


def test_a_wrong_statement_is_a_500_not_an_outage(app, client, caplog):
    # A table missing under the server (a bad restore, a bug): SQLite says so with an
    # OperationalError too, but it is no reason to tell clients to come back later.
    store = app.extensions["recount"]["store"]
    with store.backend.transaction() as conn:
        conn.execute("ALTER TABLE source RENAME TO source_gone")
    response = client.get("/api/v1/sources")
    assert_problem(response, 500)
    assert "Retry-After" not in response.headers


def test_health_answers_an_unreadable_database_with_its_own_document(app, client):
    _break_database(app, "not-a-database")
    response = client.get("/api/v1/health")
    assert response.status_code == 503 and response.mimetype == "application/json"
    assert response.get_json()["status"] == "unavailable"
    documented = DOC["paths"]["/api/v1/health"]["get"]["responses"]["503"]
    assert list(documented["content"]) == ["application/json"]


def test_a_full_disk_is_a_503_problem_and_writes_nothing(app, client, key):
    # SQLite rolls a transaction back itself when the disk fills; a ROLLBACK after that
    # fails ("no transaction is active") and would hide the error that says what happened.
    from .claimsdata import claims_doc

    before = client.get("/api/v1/claims").get_json()
    conn = app.extensions["recount"]["store"].backend.connection()  # the request's thread
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: a full disk
    doc = claims_doc()
    doc["sources"][0]["note"] = "more than the file has room for " * 5000
    response = send(client, "POST", "/api/v1/import", key, json=doc)
    assert_problem(response, 503)
    assert response.headers["Retry-After"] == "30"
    assert client.get("/api/v1/claims").get_json() == before
