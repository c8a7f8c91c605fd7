"""No page text, sentence, query string or URL in any log line, at any level.

Requests carry a marker in every place a reader's data can be (sentences, page HTML and text,
feedback, query strings, the Referer, a path segment, an error-causing field); the captured
log output, in process at DEBUG and from a real ``recount serve`` process, must not contain it.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

import pytest

from .conftest import LiveServer
from .helpers import auth, make_key

MARKER = "zqxjmarker"
SENTENCE = f"The {MARKER} report said 148 homicides were committed."
HEADERS = {"Referer": f"https://news.example/{MARKER}/article?id={MARKER}",
           "User-Agent": f"browser-{MARKER}"}


def requests_with_markers(key: str) -> list[tuple[str, str, dict | bytes | None, dict]]:
    """(method, path, body, extra headers) of requests carrying the marker."""
    html = f"<html><body><nav>{MARKER}</nav><article><p>{SENTENCE}</p></article></body></html>"
    return [
        ("POST", "/api/v1/match", {"sentences": [SENTENCE, MARKER]}, {}),
        ("POST", f"/api/v1/match?page={MARKER}", {"sentences": [SENTENCE]}, {}),
        ("POST", "/api/v1/match/page", {"html": html}, {}),
        ("POST", "/api/v1/match/page", {"text": SENTENCE}, {}),
        ("POST", "/api/v1/match", {"sentences": [SENTENCE], MARKER: 1}, {}),  # 400
        ("POST", "/api/v1/match", {"sentences": [SENTENCE * 100]}, {}),  # 413
        ("POST", "/api/v1/feedback", {"sentence": SENTENCE, "kind": "wrong-match",
                                      "comment": MARKER}, {}),
        ("POST", "/api/v1/feedback", {"sentence": SENTENCE, "kind": "wrong-match",
                                      "claim_id": MARKER}, {}),  # 422
        ("GET", f"/api/v1/claims?q={MARKER}", None, {}),
        ("GET", f"/api/v1/claims/{MARKER}", None, {}),  # 404
        ("GET", f"/{MARKER}", None, {}),  # 404, no route
        ("GET", f"/claims/{MARKER}", None, {}),
        ("GET", "/api/v1/feedback", None, auth(key)),
        ("PUT", f"/api/v1/claims/{MARKER}", {"claim": {"id": MARKER}}, auth(key)),
        ("GET", f"/api/v1/feedback?status={MARKER}", None, {"X-API-Key": MARKER}),  # 401
    ]


@pytest.fixture
def everything_at_debug(caplog):
    loggers = [logging.getLogger(n) for n in ("werkzeug", "waitress", "flask-limiter", "recount")]
    levels = [logger.level for logger in loggers]
    with caplog.at_level(logging.DEBUG):
        for logger in loggers:
            logger.setLevel(logging.DEBUG)
        yield caplog
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def test_no_reader_data_in_logs_in_process(app, client, everything_at_debug):
    caplog = everything_at_debug
    key = make_key(app)
    for method, path, body, extra in requests_with_markers(key):
        client.open(path, method=method, json=body, headers={**HEADERS, **extra})
    assert MARKER not in caplog.text
    access = [r.getMessage() for r in caplog.records if r.name == "recount.access"]
    assert len(access) == len(requests_with_markers(key))
    assert "POST /api/v1/match 200" in access[0] and "sentences=2" in access[0]
    assert any(line.startswith("GET /api/v1/claims/<claim_id> 404") for line in access)
    assert any(line.startswith("GET (no route) 404") for line in access)
    assert any("matched=" in line and "figures=" in line for line in access)


def test_500_logs_no_reader_data(app, client, caplog):
    def explode():
        raise ValueError(f"could not match {SENTENCE}")

    app.extensions["recount"]["matcher"] = explode
    with caplog.at_level(logging.DEBUG):
        response = client.post("/api/v1/match", json={"sentences": [SENTENCE]})
    assert response.status_code == 500
    assert MARKER not in caplog.text and MARKER not in response.get_data(as_text=True)


@pytest.fixture(scope="module")
def debug_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("privacy") / "recount.db",
                        env={"RECOUNT_LOG_LEVEL": "DEBUG"})
    yield server
    server.stop()


def test_no_reader_data_in_the_served_log(debug_server):
    from server.store import open_store

    store = open_store(str(debug_server.database))
    key = store.create_key("privacy")
    store.close()
    statuses = []
    for method, path, body, extra in requests_with_markers(key):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            debug_server.url + path, data=data, method=method,
            headers={**HEADERS, **extra, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
            error.close()
    assert 200 in statuses and 404 in statuses and 400 in statuses
    log = debug_server.log.read_text(encoding="utf-8", errors="replace")
    assert "recount.access POST /api/v1/match 200" in log  # the log is being written
    assert MARKER not in log
