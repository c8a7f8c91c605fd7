"""Safe defaults: rate limits per client, trusted proxies, and CORS for listed origins only."""

from __future__ import annotations

import logging

import pytest

from server.app import create_app
from server.settings import SettingError

from .helpers import assert_problem

MATCH = {"sentences": ["Nothing to see here."]}
FEEDBACK = {"sentence": "x", "kind": "wrong-match"}


@pytest.fixture
def make_app(tmp_path):
    apps = []

    def make(**config):
        app = create_app({"DATABASE": str(tmp_path / f"db{len(apps)}"), "LOAD_DEMO": False,
                          "TESTING": True, **config})
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["recount"]["store"].close()


def test_rate_limit_is_429_with_retry_after(make_app):
    client = make_app(RATE_LIMIT="2 per minute").test_client()
    assert client.post("/api/v1/match", json=MATCH).status_code == 200
    assert client.post("/api/v1/match/page", json={"text": "x"}).status_code == 200
    response = client.post("/api/v1/match", json=MATCH)
    problem = assert_problem(response, 429)
    assert 1 <= int(response.headers["Retry-After"]) <= 61  # the window, rounded up
    assert "2 per 1 minute" in problem["detail"]
    # /match, /match/page and /related share one budget.
    assert_problem(client.post("/api/v1/match/page", json={"text": "x"}), 429)
    assert_problem(client.post("/api/v1/related", json=MATCH), 429)


def test_each_answer_says_what_is_left_of_the_budget(make_app):
    """A client sees its budget before it runs out: the limit, what is left after this
    request and the seconds until the window starts again, on every limited answer."""
    client = make_app(RATE_LIMIT="3 per minute").test_client()
    left = []
    for _ in range(4):
        response = client.post("/api/v1/match", json=MATCH)
        assert response.headers["RateLimit-Limit"] == "3"
        assert 0 <= int(response.headers["RateLimit-Reset"]) <= 61  # the window, rounded up
        left.append((response.status_code, response.headers["RateLimit-Remaining"]))
    assert left == [(200, "2"), (200, "1"), (200, "0"), (429, "0")]
    assert "RateLimit-Limit" not in client.get("/api/v1/claims").headers  # reads: no limit
    assert client.post("/api/v1/feedback", json=FEEDBACK).headers["RateLimit-Remaining"] == "2"


def test_health_docs_and_reads_are_not_limited(make_app):
    client = make_app(RATE_LIMIT="1 per minute").test_client()
    for _ in range(3):
        for path in ("/api/v1/health", "/api/docs", "/api/v1/openapi.json", "/api/v1/claims"):
            assert client.get(path).status_code == 200


def test_feedback_posts_have_their_own_limit(make_app):
    client = make_app(RATE_LIMIT="1 per minute").test_client()
    assert client.post("/api/v1/match", json=MATCH).status_code == 200
    assert client.post("/api/v1/feedback", json=FEEDBACK).status_code == 201
    assert_problem(client.post("/api/v1/feedback", json=FEEDBACK), 429)


def test_limits_are_per_client(make_app):
    client = make_app(RATE_LIMIT="1 per minute").test_client()
    one, two = {"REMOTE_ADDR": "192.0.2.1"}, {"REMOTE_ADDR": "192.0.2.2"}
    assert client.post("/api/v1/match", json=MATCH, environ_base=one).status_code == 200
    assert client.post("/api/v1/match", json=MATCH, environ_base=two).status_code == 200
    assert client.post("/api/v1/match", json=MATCH, environ_base=one).status_code == 429


@pytest.mark.parametrize(("proxies", "second_status"), [(0, 429), (1, 200)])
def test_x_forwarded_for_counts_only_behind_trusted_proxies(make_app, proxies,
                                                            second_status):
    client = make_app(RATE_LIMIT="1 per minute", TRUSTED_PROXIES=proxies).test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = client.post("/api/v1/match", json=MATCH, environ_base=proxy,
                        headers={"X-Forwarded-For": "198.51.100.1"})
    second = client.post("/api/v1/match", json=MATCH, environ_base=proxy,
                         headers={"X-Forwarded-For": "198.51.100.2"})
    assert (first.status_code, second.status_code) == (200, second_status)


def test_empty_rate_limit_disables_it(make_app):
    client = make_app(RATE_LIMIT="").test_client()
    assert all(client.post("/api/v1/match", json=MATCH).status_code == 200 for _ in range(5))


EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"


def test_cors_only_for_configured_origins(make_app):
    client = make_app(CORS_ORIGINS=f"{EXTENSION},https://reader.example").test_client()
    allowed = client.post("/api/v1/match", json=MATCH, headers={"Origin": EXTENSION})
    assert allowed.headers["Access-Control-Allow-Origin"] == EXTENSION
    other = client.post("/api/v1/match", json=MATCH, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/api/v1/match", headers={
        "Origin": "https://reader.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://reader.example"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_no_cors_by_default(make_app):
    client = make_app().test_client()
    response = client.get("/api/v1/health", headers={"Origin": "https://reader.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("origins", ["*", "https://ok.example,*", "example.org"])
def test_wildcard_or_bad_origins_stop_start_up(make_app, origins):
    with pytest.raises(SettingError, match="CORS_ORIGINS"):
        make_app(CORS_ORIGINS=origins)


def test_workers_share_one_budget_through_redis(make_app):
    from .redis_server import redis_server

    with redis_server() as url:
        # Two app instances stand for two worker processes behind one address.
        first, second = (make_app(RATE_LIMIT="2 per minute", RATE_LIMIT_STORAGE=url)
                         .test_client() for _ in range(2))
        assert first.post("/api/v1/match", json=MATCH).status_code == 200
        assert second.post("/api/v1/match", json=MATCH).status_code == 200
        assert_problem(first.post("/api/v1/match", json=MATCH), 429)
        assert_problem(second.post("/api/v1/match", json=MATCH), 429)


def test_requests_are_served_when_redis_goes_away(make_app, caplog):
    from .redis_server import redis_server

    with redis_server() as url:
        client = make_app(RATE_LIMIT="1 per minute", RATE_LIMIT_STORAGE=url).test_client()
        assert client.post("/api/v1/match", json=MATCH).status_code == 200
        assert_problem(client.post("/api/v1/match", json=MATCH), 429)
    # The counter store is gone: the service answers, unlimited, instead of failing, and
    # the log says so in one line, not in a traceback for every request.
    with caplog.at_level(logging.INFO):
        for _ in range(5):
            assert client.post("/api/v1/match", json=MATCH).status_code == 200
    said = [r for r in caplog.records if r.name == "flask-limiter"]
    assert len(said) == 1, [r.getMessage() for r in said]
    assert said[0].exc_info is None and "\n" not in said[0].getMessage()
    assert "not limited" in said[0].getMessage()


def test_preflights_do_not_use_up_the_budget(make_app):
    """A browser asks before each cross-origin POST (OPTIONS): only the POSTs count."""
    client = make_app(RATE_LIMIT="2 per minute",
                      CORS_ORIGINS="https://reader.example").test_client()
    ask = {"Origin": "https://reader.example", "Access-Control-Request-Method": "POST"}
    for _ in range(3):
        assert client.options("/api/v1/match", headers=ask).status_code == 200
    assert client.post("/api/v1/match", json=MATCH).status_code == 200
    assert client.post("/api/v1/match", json=MATCH).status_code == 200
    assert_problem(client.post("/api/v1/match", json=MATCH), 429)


def test_recount_serve_behind_a_proxy_limits_each_reader(tmp_path):
    """The real server (waitress) passes X-Forwarded-For on when proxies are trusted, so
    each reader behind the proxy has a budget of their own."""
    import json
    import urllib.error
    import urllib.request

    from .conftest import LiveServer

    server = LiveServer(tmp_path / "proxied.db", env={"RECOUNT_RATE_LIMIT": "2 per minute",
                                                      "RECOUNT_TRUSTED_PROXIES": "1"})

    def post(client: str) -> int:
        request = urllib.request.Request(
            server.url + "/api/v1/match", data=json.dumps(MATCH).encode(),
            headers={"Content-Type": "application/json", "X-Forwarded-For": client})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    try:
        assert [post("198.51.100.1") for _ in range(3)] == [200, 200, 429]
        assert post("198.51.100.2") == 200
    finally:
        server.stop()


@pytest.mark.parametrize("origins", [f"{EXTENSION},https://reader.example",
                                     "https://reader.example"], ids=["several", "one"])
def test_cors_headers_need_a_listed_origin_and_vary_on_it(make_app, origins):
    client = make_app(CORS_ORIGINS=origins).test_client()
    listed = origins.split(",")[-1]
    cases = [({}, None), ({"Origin": "https://evil.example"}, None), ({"Origin": listed}, listed)]
    for path in ("/api/v1/claims", "/api/v1/health", "/api/v1/no-such-path"):
        for headers, allowed in cases:
            response = client.get(path, headers=headers)
            assert response.headers.get("Access-Control-Allow-Origin") == allowed, (path, headers)
            assert response.headers.getlist("Vary") == ["Origin"], (path, headers)
    # A revalidated GET still says what it varies on.
    etag = client.get("/api/v1/claims").headers["ETag"]
    cached = client.get("/api/v1/claims", headers={"If-None-Match": etag, "Origin": listed})
    assert cached.status_code == 304 and "Origin" in cached.vary
    assert cached.headers["Access-Control-Allow-Origin"] == listed
    preflight = client.options("/api/v1/match", headers={
        "Origin": listed, "Access-Control-Request-Method": "POST"})
    assert "Origin" in preflight.vary


def test_no_vary_on_origin_without_cors(make_app):
    response = make_app().test_client().get("/api/v1/claims", headers={"Origin": EXTENSION})
    assert "Origin" not in response.vary
