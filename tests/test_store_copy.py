"""``recount copy``: a whole database moved into another, SQLite to PostgreSQL and back,
keeping what an export does not carry (keys, readers' reports, suppressions, stored claim
vectors, the session secret)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from server.cli import cli
from server.demo import load_demo
from server.store import open_store
from server.store.copy import TABLES

from .test_cli import CLEAN_ENV

CLAIM = "dhs-ny-released-crimes"


def fill(database: str) -> None:
    """Something in every table, as a group's database has after a while of use."""
    store = open_store(database)
    try:
        load_demo(store)
        store.create_key("editor")
        store.create_key("leaked")
        store.revoke_key("leaked")
        report = store.add_feedback(kind="wrong-match", sentence="A sentence readers saw.",
                                    claim_id=CLAIM, span=(2, 10), comment="not this one")
        store.review_feedback(report["id"], "accepted")
        store.add_feedback(kind="wrong-figure", sentence="Another one.", claim_id=None,
                           span=None, comment=None)
        store.retire_claim("dhs-ny-custody-crimes")
        store.put_text_vectors([("a claim's text", bytes(range(256)) * 4)])
        store.secret_key()
    finally:
        store.close()


def every_row(database: str) -> dict[str, list[tuple]]:
    store = open_store(database, create=False)
    try:
        return {table: sorted((tuple(row.values()) for row in
                               store._all(f"SELECT * FROM {table}")),  # noqa: S608
                              key=repr) for table in TABLES}
    finally:
        store.close()


def copy(source: str, target: str) -> str:
    result = CliRunner(env=CLEAN_ENV).invoke(cli, ["copy", target, "-d", source])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_database_moves_whole_and_back(new_database, tmp_path: Path) -> None:
    source, back = str(tmp_path / "group.db"), str(tmp_path / "back.db")
    fill(source)
    before = every_row(source)
    assert all(before[table] for table in TABLES), "fill() leaves a table empty"
    target = new_database()
    said = copy(source, target)
    counts = [len(before[t]) for t in ("claim", "api_key", "feedback", "suppression")]
    assert "copied {} claims, {} keys, {} reports and {} suppressions".format(*counts) in said
    assert every_row(target) == before
    copy(target, back)
    assert every_row(back) == before


def test_every_table_is_copied(new_database) -> None:
    # A migration adding a table must add it to TABLES, or a move would lose it.
    store = open_store(new_database())
    try:
        assert store.backend.tables(store.backend.connection()) == \
            {*TABLES, "schema_migrations"}
    finally:
        store.close()


def test_a_database_holding_data_is_not_copied_into(new_database, tmp_path: Path) -> None:
    source, target = str(tmp_path / "group.db"), new_database()
    fill(source)
    store = open_store(target)
    store.create_key("theirs")
    store.close()
    before = every_row(target)
    result = CliRunner(env=CLEAN_ENV).invoke(cli, ["copy", target, "-d", source])
    assert result.exit_code == 2
    assert "is not empty (it holds rows of api_key)" in result.output
    assert every_row(target) == before


@pytest.mark.parametrize(("target", "said"), [
    ("", "TARGET='': is empty"),
    ("mysql://h/db", "mysql:// is not a database Recount opens"),
])
def test_a_target_recount_cannot_open_is_one_line(tmp_path: Path, target: str,
                                                 said: str) -> None:
    source = str(tmp_path / "group.db")
    open_store(source).close()
    result = CliRunner(env=CLEAN_ENV).invoke(cli, ["copy", target, "-d", source])
    assert result.exit_code == 2 and said in result.output
    assert len(result.output.strip().splitlines()) == 1
