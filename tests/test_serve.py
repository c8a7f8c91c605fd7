"""Starting a server (``recount serve``, ``make run``) and keeping it answering while its
claims change (server/serving.py).

A server starts on the database it is given: empty unless --demo; a busy port, an unreadable
database or a bad setting stops it with one line naming the setting to change.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from server import formats
from server.serving import MatcherCache
from server.store import open_store

from .conftest import ROOT, LiveServer

CR = Path(__file__).resolve().parent / "data" / "claimreview"


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.mark.parametrize(("env", "args", "demo"), [
    ({"RECOUNT_LOAD_DEMO": "false"}, (), False),
    ({"RECOUNT_LOAD_DEMO": "false"}, ("--demo",), True),
])
def test_serve_loads_the_demo_only_when_asked(tmp_path: Path, env: dict, args: tuple,
                                              demo: bool) -> None:
    server = LiveServer(tmp_path / "s.db", env=env, args=args)
    try:
        claims = _get(server.url + "/api/v1/health")["claims"]
    finally:
        server.stop()
    log = server.log.read_text()
    assert (claims > 0) is demo
    assert ("The database is empty" in log) is not demo


def _serve(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("RECOUNT_")}
    return subprocess.run([sys.executable, "-m", "server.cli", "serve"], cwd=ROOT,
                          env={**environ, "RECOUNT_DATABASE": str(tmp_path / "s.db"), **env},
                          capture_output=True, text=True, timeout=120, check=False)


def _one_line(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines()
             if line.strip() and "The database is empty" not in line]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_a_busy_port_stops_start_up_with_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = _one_line(_serve(tmp_path, {"RECOUNT_PORT": str(port)}))
    assert f"cannot listen on 127.0.0.1:{port}" in line and "RECOUNT_PORT" in line


@pytest.mark.parametrize("host", ["999.1.1.1", "nosuchhost.invalid"])
def test_a_host_that_is_no_address_stops_start_up_with_one_line(tmp_path: Path,
                                                                 host: str) -> None:
    line = _one_line(_serve(tmp_path, {"RECOUNT_HOST": host, "RECOUNT_PORT": "0"}))
    assert f"cannot listen on {host}:0" in line and "RECOUNT_HOST" in line


@pytest.mark.parametrize("make", [
    lambda path: path.write_bytes(b"this is not a database file " * 100),
    lambda path: path.mkdir(),
], ids=["not-a-database", "a-folder"])
def test_an_unreadable_database_stops_start_up_with_one_line(tmp_path: Path, make) -> None:
    make(tmp_path / "s.db")
    line = _one_line(_serve(tmp_path, {}))
    assert line.startswith("Error: RECOUNT_DATABASE: cannot open")


def test_a_bad_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    line = _one_line(_serve(tmp_path, {"RECOUNT_SECRET_KEY": "short"}))
    assert line.startswith("Error: RECOUNT_SECRET_KEY=(5 characters, not shown): "
                           "must be at least 32")


def _make(*args: str) -> str:
    return subprocess.run(["make", "-n", "-B", *args], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout


def test_make_run_installs_serving_only_and_make_test_everything() -> None:
    run = _make("run")
    assert "pip install --quiet -e .\n" in run and "[test" not in run
    assert "recount serve --demo" in run
    assert "pip install --quiet -e '.[test,postgres,redis]'" in _make("test")


def test_the_old_index_answers_until_the_new_one_is_ready(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "db"))
    try:
        store.import_document(formats.read(CR / "list.json").doc)
        cache = MatcherCache(store)
        before = cache.get()
        assert len(before.catalog.claims) == 2
        store.import_document(formats.read(CR / "feed.json").doc)
        # The first request after the write is answered by the old index...
        assert cache.get().matcher is before.matcher
        # ...and once the new one is built, by it.
        assert len(cache.wait().catalog.claims) == 5
        assert len(cache.get().catalog.claims) == 5
    finally:
        store.close()


def test_a_failed_rebuild_keeps_the_old_index(tmp_path: Path, monkeypatch, caplog) -> None:
    store = open_store(str(tmp_path / "db"))
    try:
        store.import_document(formats.read(CR / "list.json").doc)
        cache = MatcherCache(store)
        before = cache.get().matcher
        store.import_document(formats.read(CR / "feed.json").doc)

        def broken(**_kwargs):
            raise OSError("disk gone")

        monkeypatch.setattr(store, "load_corpus", broken)
        cache.get()
        assert cache.wait() is before
        assert "rebuilding the claim index failed" in caplog.text
    finally:
        store.close()


def test_an_empty_database_says_so(empty_app) -> None:
    client = empty_app.test_client()
    assert client.get("/api/v1/health").get_json()["claims"] == 0
    assert "claim database is empty" in client.get("/").text


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("storage", ["memory://", "redis://127.0.0.1:{port}"])
def test_unreachable_rate_limit_counters_are_said_at_start_up(tmp_path: Path,
                                                              storage: str) -> None:
    url = storage.format(port=_closed_port())
    server = LiveServer(tmp_path / "s.db", env={"RECOUNT_RATE_LIMIT_STORAGE": url,
                                                "RECOUNT_RATE_LIMIT": "100 per minute"})
    try:
        # Served all the same, unlimited.
        assert _get(server.url + "/api/v1/health")["claims"] > 0
    finally:
        server.stop()
    said = "rate-limit counters (RECOUNT_RATE_LIMIT_STORAGE) cannot be reached"
    assert (said in server.log.read_text()) is url.startswith("redis")
