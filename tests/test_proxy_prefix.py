"""A server behind a reverse proxy that serves it under a path (``/recount``): every link,
redirect and cookie of the pages and the API carries that path, whether the proxy passes
requests on with it or without it. A real ``recount serve``, spoken to as a proxy would."""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.store import open_store

from .conftest import LiveServer

CLAIM = "dhs-ny-released-crimes"
PUBLIC = "https://facts.example.org/recount"


def fetch(server: LiveServer, method: str, path: str, body: str | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        cookies = response.headers.get_all("Set-Cookie") or []
        return (response.status, {**dict(response.headers), "Set-Cookie": "; ".join(cookies)},
                response.read().decode())
    finally:
        conn.close()


def local_links(html: str) -> set[str]:
    """Every link, form target and stylesheet of a page that points into the site."""
    found = re.findall(r'(?:href|src|action)="([^"#][^"]*)"', html)
    return {link for link in found if not link.startswith(("http://", "https://"))}


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    database = tmp_path_factory.mktemp("proxied") / "recount.db"
    store = open_store(str(database))
    key = store.create_key("editor")
    store.close()
    server = LiveServer(database, env={"RECOUNT_PUBLIC_URL": PUBLIC,
                                       "RECOUNT_TRUSTED_PROXIES": "1"})
    yield server, key
    server.stop()


@pytest.mark.parametrize("passed_on", ["/recount", ""], ids=["with-prefix", "prefix-stripped"])
@pytest.mark.parametrize("page", ["/", f"/claims/{CLAIM}", "/api/docs", "/review"])
def test_pages_link_under_the_public_path(proxied, passed_on: str, page: str) -> None:
    server, _key = proxied
    status, _headers, html = fetch(server, "GET", passed_on + page)
    assert status == 200
    links = local_links(html)
    assert links, html[:300]
    assert all(link.startswith("/recount/") for link in links), sorted(links)
    for link in links & {"/recount/static/style.css", "/recount/api/docs"}:
        assert fetch(server, "GET", link)[0] == 200, link


def test_api_links_and_docs_examples_carry_the_path_once(proxied) -> None:
    server, _key = proxied
    claim = json.loads(fetch(server, "GET", f"/api/v1/claims/{CLAIM}")[2])
    assert claim["url"] == f"{PUBLIC}/claims/{CLAIM}"
    assert claim["api_url"] == f"{PUBLIC}/api/v1/claims/{CLAIM}"
    docs = fetch(server, "GET", "/recount/api/docs")[2]
    assert f"{PUBLIC}/api/v1/match" in docs and "127.0.0.1" not in docs


def test_signing_in_to_review_keeps_the_path(proxied) -> None:
    server, key = proxied
    form = urllib.parse.urlencode({"key": key})
    status, headers, _ = fetch(server, "POST", "/review/sign-in", form,
                               {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 303
    assert urllib.parse.urlsplit(headers["Location"]).path == "/recount/review"
    # The browser sends the cookie back only to the path it sees, /recount/review.
    assert "Path=/recount/review;" in headers["Set-Cookie"] + ";"
    session = headers["Set-Cookie"].split(";", 1)[0]
    page = fetch(server, "GET", "/recount/review", headers={"Cookie": session})[2]
    assert "Sign out" in page


def test_a_proxy_names_the_path_with_x_forwarded_prefix(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "prefix.db", env={"RECOUNT_TRUSTED_PROXIES": "1"})
    try:
        status, _headers, html = fetch(server, "GET", f"/claims/{CLAIM}",
                                       headers={"X-Forwarded-Prefix": "/checks"})
        claim = json.loads(fetch(server, "GET", f"/api/v1/claims/{CLAIM}",
                                 headers={"X-Forwarded-Prefix": "/checks",
                                          "X-Forwarded-Proto": "https",
                                          "Host": "facts.example.org"})[2])
    finally:
        server.stop()
    assert status == 200
    assert all(link.startswith("/checks/") for link in local_links(html))
    assert claim["url"] == f"https://facts.example.org/checks/claims/{CLAIM}"
