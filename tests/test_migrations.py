"""Schema migrations (server/store/migrations.py) and the connection settings of each backend.

Like the store tests these run on SQLite and on PostgreSQL (``new_database``, tests/pg.py).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from server.store import Store, open_store
from server.store.migrations import MIGRATIONS, Migration
from server.store.store import CLAIM_COLUMNS

from .claimsdata import COUNTS, claims_doc

LATEST = MIGRATIONS[-1].version
TABLES = {"schema_migrations", "source", "source_cites", "quantity", "claim", "quote", "figure",
          "meta", "feedback", "api_key", "suppression", "text_vector"}


@pytest.fixture
def blank(new_database):
    """A store on an empty database, not yet migrated."""
    store = open_store(new_database(), migrate=False)
    yield store
    store.close()


def tables(store: Store) -> set[str]:
    if store.backend.name == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = ("SELECT table_name AS name FROM information_schema.tables "
               "WHERE table_schema = current_schema()")
    return {r["name"] for r in store._all(sql)}


def recorded(store: Store) -> list[tuple[int, str]]:
    return [(r["version"], r["name"]) for r in
            store._all("SELECT version, name FROM schema_migrations ORDER BY version")]


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert all(m.name and m.statements for m in MIGRATIONS)


def test_migrate_creates_tables_and_records_versions(blank: Store) -> None:
    assert tables(blank) == set()
    assert blank.migrate() == [m.version for m in MIGRATIONS]
    assert tables(blank) == TABLES
    assert recorded(blank) == [(m.version, m.name) for m in MIGRATIONS]
    assert all(r["applied_at"] for r in blank._all("SELECT applied_at FROM schema_migrations"))
    assert blank.schema_version() == LATEST
    assert blank.data_version() == 0


def test_migrate_twice_applies_nothing(blank: Store) -> None:
    blank.migrate()
    before = blank._all("SELECT * FROM schema_migrations ORDER BY version")
    assert blank.migrate() == []
    assert blank._all("SELECT * FROM schema_migrations ORDER BY version") == before


def test_open_store_migrates(new_database) -> None:
    url = new_database()
    for _ in range(2):  # a second open finds the schema current
        store = open_store(url)
        assert store.schema_version() == LATEST
        store.close()


def _put_quantity_v1(self: Store, conn, q) -> None:
    """How the store wrote a quantity at schema version 1 (no ``cues`` column yet)."""
    self._upsert(conn, "quantity", ("id", "description", "noun", "aliases", "unit", "currency",
                                    "grp", "period"),
                 (q["id"], q["description"], q.get("noun"), json.dumps(q.get("aliases", [])),
                  q["unit"], q.get("currency"), q.get("group"), q.get("period")))


def test_version_1_upgrades_to_latest(blank: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("server.store.migrations.MIGRATIONS", MIGRATIONS[:1])
    monkeypatch.setattr(Store, "_put_quantity", _put_quantity_v1)
    # Version 1 had no fact-check fields on claims.
    monkeypatch.setattr("server.store.store.CLAIM_COLUMNS", CLAIM_COLUMNS[:8])
    monkeypatch.setattr("server.store.store.STORE_COLUMNS", ())
    assert blank.migrate() == [1]
    assert blank.schema_version() == 1
    assert "feedback" not in tables(blank)
    blank.import_document(claims_doc())  # version 1 already holds claims

    monkeypatch.undo()
    assert blank.migrate() == list(range(2, LATEST + 1))
    assert blank.schema_version() == LATEST
    assert tables(blank) == TABLES
    assert blank.counts() == COUNTS  # the data survived
    assert all(q["cues"] == [] for q in blank.load_corpus().quantities.values())
    assert blank.create_key("after-upgrade")


def test_failed_migration_applies_nothing(blank: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    blank.migrate()
    broken = Migration(LATEST + 1, "broken", (
        "CREATE TABLE half_done (id TEXT PRIMARY KEY)",
        "THIS IS NOT SQL",
    ))
    monkeypatch.setattr("server.store.migrations.MIGRATIONS", (*MIGRATIONS, broken))
    with pytest.raises(Exception, match="(?i)syntax"):
        blank.migrate()
    assert "half_done" not in tables(blank)
    assert blank.schema_version() == LATEST


@pytest.mark.parametrize(("table", "row"), [
    ("figure", {"quantity_id": "missing"}),
    ("figure", {"claim_id": "missing"}),
    ("quote", {"source_id": "missing"}),
    ("source_cites", {"cited_id": "missing"}),
])
def test_foreign_keys_are_enforced(blank: Store, table: str, row: dict[str, str]) -> None:
    blank.migrate()
    blank.import_document(claims_doc())
    defaults = {
        "figure": {"claim_id": "c-cost", "position": 9, "quantity_id": "program-cost",
                   "source_id": "budget", "value": 1, "unit": "count", "text": "x",
                   "span_start": 0, "span_end": 1},
        "quote": {"claim_id": "c-cost", "source_id": "agency", "position": 9, "text": "x"},
        "source_cites": {"source_id": "budget", "cited_id": "agency"},
    }
    values = {**defaults[table], **row}
    sql = (f"INSERT INTO {table} ({', '.join(values)}) "  # noqa: S608 - names from the table
           f"VALUES ({', '.join('?' for _ in values)})")
    before = blank.counts()
    with pytest.raises(blank.backend.integrity_errors), blank.backend.transaction() as conn:
        conn.execute(blank.backend.sql(sql), tuple(values.values()))
    assert blank.counts() == before


def test_sqlite_file_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "wal.db"))
    try:
        found: list[tuple] = []

        def pragmas() -> None:  # every thread's connection, not only the first
            conn = store.backend.connection()
            found.append((conn.execute("PRAGMA journal_mode").fetchone()[0],
                          conn.execute("PRAGMA foreign_keys").fetchone()[0]))

        pragmas()
        thread = threading.Thread(target=pragmas)
        thread.start()
        thread.join()
        assert found == [("wal", 1), ("wal", 1)]
    finally:
        store.close()
    # WAL is a property of the file: a plain connection sees it too.
    with sqlite3.connect(tmp_path / "wal.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
