"""The API through a real ``recount serve`` (waitress): limits hold over a real socket."""

from __future__ import annotations

import http.client
import json

import pytest

from .conftest import LiveServer

BIG = b'{"sentences": ["' + b"a" * 5000 + b'"]}'


@pytest.fixture(scope="module")
def small_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("live-limits") / "recount.db",
                        env={"RECOUNT_MAX_BODY_BYTES": "1000", "RECOUNT_LOAD_DEMO": "false"})
    yield server
    server.stop()


def post(server: LiveServer, body, chunked: bool) -> tuple[int, str, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        if chunked:
            pieces = (body[i:i + 400] for i in range(0, len(body), 400))
            connection.request("POST", "/api/v1/match", body=pieces, encode_chunked=True,
                               headers={"Content-Type": "application/json"})
        else:
            connection.request("POST", "/api/v1/match", body=body,
                               headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_body_over_the_limit_is_a_413_problem(small_server, chunked):
    status, media, body = post(small_server, BIG, chunked)
    assert (status, media) == (413, "application/problem+json")
    assert body["status"] == 413 and "1000 bytes" in body["detail"]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_body_under_the_limit_is_served(small_server, chunked):
    status, _media, body = post(small_server, b'{"sentences": ["abc"]}', chunked)
    assert status == 200 and body["results"][0]["text"] == "abc"
