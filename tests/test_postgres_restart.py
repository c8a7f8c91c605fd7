"""A PostgreSQL restart under a running app: once the server is back, no request fails.

Each worker thread of a server holds a connection, and the index builder one more; a restart
ends them all. The backend replaces a connection the server has ended before using it
(server/store/backends.py), so neither the next requests nor the next index build see it.
This runs its own throwaway cluster (tests/pg.py) so that restarting it disturbs no other test.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from server.app import create_app

from .claimsdata import claims_doc
from .pg import Cluster, find_bin

WORKERS = 3


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e "
                                          "'.[postgres]')")
    bindir = find_bin()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (apt-get install postgresql)")
    try:
        own = Cluster(bindir, port=5433)
        own.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"could not start a throwaway PostgreSQL cluster: {exc}")
    try:
        yield own
    finally:
        own.stop()


def restart(cluster: Cluster) -> None:
    """As an administrator or a package upgrade does: every session is ended."""
    cluster._run("pg_ctl", "-D", str(cluster.data), "-l", str(cluster.log), "-m", "fast",
                 "-w", "-t", "60", "restart")


def test_a_restart_costs_no_request(cluster: Cluster, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app({"DATABASE": cluster.url("postgres"), "LOAD_DEMO": False,
                      "TESTING": True, "RATE_LIMIT": ""})
    store = app.extensions["recount"]["store"]
    matchers = app.extensions["recount"]["matchers"]
    workers = ThreadPoolExecutor(WORKERS)  # threads that live on, as a WSGI server's do

    def requests() -> list[list[int]]:
        together = threading.Barrier(WORKERS)  # one request a worker, each on its connection

        def one(_: int) -> list[int]:
            together.wait(timeout=30)
            client = app.test_client()
            return [client.get("/api/v1/claims/c-released").status_code,
                    client.post("/api/v1/match", json={"sentences": [
                        "Officials say the agency released 1,234 people last year."]}
                    ).status_code]

        return list(workers.map(one, range(WORKERS)))

    try:
        store.import_document(claims_doc())
        matchers.wait()
        assert requests() == [[200, 200]] * WORKERS
        restart(cluster)
        with caplog.at_level(logging.WARNING, logger="recount"):
            assert requests() == [[200, 200]] * WORKERS
            # The index builder's connection was ended too: a change is indexed all the same.
            assert store.retire_claim("c-cost")
            assert matchers.wait().version == store.data_version()
        assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    finally:
        workers.shutdown()
        store.close()
