"""Recount on PostgreSQL: what differs from SQLite beyond the shared store suite.

The store and migration tests (test_store.py, test_migrations.py) already run on both
backends through ``new_database``; here are the checks that only make sense for a server:
connections left idle and closed, the CLI and the API on a postgresql:// URL, and the same
answers from both backends. All of it uses the throwaway cluster of tests/pg.py and is
skipped, with the reason, when no PostgreSQL server can be started.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.app import create_app
from server.claimsfile import InvalidClaimsFile
from server.cli import cli
from server.store import open_store
from server.store.backends import PostgresBackend, SQLiteBackend, open_backend
from server.store.migrations import MIGRATIONS

from .claimsdata import BAD_RECORDS, COUNTS, bad_doc, claims_doc, write
from .pg import Server

#: The schema version a fresh database ends up at.
LATEST = MIGRATIONS[-1].version


@pytest.fixture
def pg_url(postgres_server: Server):
    url = postgres_server.new_database()
    yield url
    postgres_server.drop(url)


def closed(server: Server, url: str) -> bool:
    """Whether every connection to ``url`` is gone; the server notices a close a moment later."""
    deadline = time.monotonic() + 10
    while server.sessions(url):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.parametrize(("database", "backend"), [
    ("postgresql://user@db.example/recount", PostgresBackend),
    ("postgres://user@db.example/recount", PostgresBackend),
    ("recount.db", SQLiteBackend),
    ("sqlite:///data/recount.db", SQLiteBackend),
])
def test_backend_chosen_by_url(database: str, backend: type) -> None:
    chosen = open_backend(database)  # PostgreSQL connects lazily: no server needed
    assert type(chosen) is backend
    assert "user@" not in chosen.describe()  # never shows credentials


def test_the_cluster_runs(pg_url: str) -> None:
    store = open_store(pg_url)
    try:
        version = store._one("SELECT version() AS v")["v"]
        assert version.startswith("PostgreSQL")
        assert store.backend.describe() == "postgresql"
    finally:
        store.close()


def test_connections_are_left_idle_and_closed(postgres_server: Server, pg_url: str) -> None:
    store = open_store(pg_url)
    store.import_document(claims_doc())
    store.list_claims(q="released")
    store.get_claim("c-released")
    # Reads end their transaction: an "idle in transaction" session would hold a snapshot.
    assert postgres_server.sessions(pg_url) == ["idle"]

    def read() -> None:
        store.get_quantity("released")

    threads = [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert postgres_server.sessions(pg_url) == ["idle"] * 4  # one connection a thread
    store.close()
    assert closed(postgres_server, pg_url)


def test_a_failed_statement_does_not_poison_the_connection(pg_url: str) -> None:
    store = open_store(pg_url)
    try:
        with pytest.raises(Exception, match="no_such_table"):
            store._all("SELECT * FROM no_such_table")
        assert store.counts() == dict.fromkeys(COUNTS, 0)
    finally:
        store.close()


def test_same_answers_as_sqlite(pg_url: str, tmp_path: Path) -> None:
    """The same file gives the same export and the same API responses on both backends."""
    urls = {"sqlite": str(tmp_path / "same.db"), "postgresql": pg_url}
    requests = [("get", "/api/v1/claims?q=released&limit=1", None),
                ("get", "/api/v1/claims/c-released", None),
                ("get", "/api/v1/quantities/released", None),
                ("get", "/api/v1/sources", None),
                ("post", "/api/v1/match",
                 {"sentences": ["Officials say the agency released 1,234 people last year.",
                                "The program cost $2.5 million."]})]
    answers: dict[str, list] = {}
    for backend, url in urls.items():
        app = create_app({"DATABASE": url, "LOAD_DEMO": False, "TESTING": True,
                          "RATE_LIMIT": ""})
        store = app.extensions["recount"]["store"]
        try:
            store.import_document(claims_doc())
            client = app.test_client()
            responses = [getattr(client, method)(path, json=body)
                         for method, path, body in requests]
            assert [r.status_code for r in responses] == [200] * len(requests), backend
            answers[backend] = [store.export_document(), *(r.get_json() for r in responses)]
        finally:
            store.close()
    assert answers["sqlite"][-1]["results"][0]["matches"]  # something to compare
    assert answers["postgresql"] == answers["sqlite"]


def test_cli_on_postgresql(postgres_server: Server, pg_url: str, tmp_path: Path) -> None:
    runner = CliRunner(env={"RECOUNT_DATABASE": None})
    good = write(tmp_path / "good.json", claims_doc())
    exported = tmp_path / "exported.json"

    init = runner.invoke(cli, ["init-db", "--database", pg_url])
    assert init.stdout == f"database ready (postgresql, schema version {LATEST})\n"
    imported = runner.invoke(cli, ["import", str(good), "-d", pg_url])
    assert imported.exit_code == 0, imported.output
    assert "imported 3 claims (0 replaced), 4 figures, 3 sources, 3 quantities" in (
        imported.stdout)
    assert runner.invoke(cli, ["export", "-o", str(exported), "-d", pg_url]).exit_code == 0

    bad = write(tmp_path / "bad.json", bad_doc(BAD_RECORDS[0][1]))
    failed = runner.invoke(cli, ["import", str(bad), "-d", pg_url])
    assert failed.exit_code == 1
    assert "c-released" in failed.stderr and "span" in failed.stderr

    second = postgres_server.new_database()
    try:
        assert runner.invoke(cli, ["import", str(exported), "-d", second]).exit_code == 0
        again = runner.invoke(cli, ["export", "-d", second])
        assert again.stdout == exported.read_text(encoding="utf-8")
    finally:
        postgres_server.drop(second)
    assert closed(postgres_server, pg_url)  # every command closed its connections


def test_validation_error_names_record_on_postgresql(pg_url: str) -> None:
    store = open_store(pg_url)
    try:
        with pytest.raises(InvalidClaimsFile, match="c-convicted"):
            store.import_document(bad_doc(BAD_RECORDS[1][1]))
        assert store.is_empty()
    finally:
        store.close()


def test_a_database_server_out_of_reach_is_a_503_problem(pg_url: str, tmp_path: Path) -> None:
    """As when the PostgreSQL server goes away: every read is a 503, health says so too."""
    from psycopg.conninfo import make_conninfo

    from .conftest import free_port
    from .helpers import assert_problem

    app = create_app({"DATABASE": pg_url, "LOAD_DEMO": False, "TESTING": True})
    store = app.extensions["recount"]["store"]
    try:
        store.import_document(claims_doc())
        client = app.test_client()
        assert client.get("/api/v1/claims/c-released").status_code == 200
        store.close()  # the next request connects again: to a socket nothing listens on
        store.backend.url = make_conninfo(pg_url, host=str(tmp_path), port=str(free_port()))
        response = client.get("/api/v1/claims/c-released")
        assert_problem(response, 503)
        assert response.headers["Retry-After"] == "30"
        assert client.get("/api/v1/health").status_code == 503
    finally:
        store.close()
