"""Which database a command opens, makes or refuses (server/store/migrations.py ``migrate``,
``open_store`` and the CLI's ``--database``), on SQLite and PostgreSQL (``new_database``).

Only the commands meant to make a database (init-db, import, serve) give one Recount's
tables; the others refuse a database that is not Recount's. Migrations take turns, a newer
schema is refused, and a database URL is never shown with its password.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.cli import cli
from server.settings import mask_url
from server.store import open_store
from server.store.backends import UnusableDatabase
from server.store.migrations import MIGRATIONS, Migration

from .claimsdata import claims_doc, write
from .test_migrations import tables

LATEST = MIGRATIONS[-1].version


def recount(*args: str, env: dict[str, str | None] | None = None):
    return CliRunner(env={"RECOUNT_DATABASE": None, **(env or {})}).invoke(cli, list(args))


def with_table(url: str, table: str) -> str:
    """``url``'s database holding one table of another application."""
    store = open_store(url, migrate=False)
    try:
        with store.backend.transaction() as conn:
            conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")
    finally:
        store.close()
    return url


def table_names(url: str) -> set[str]:
    store = open_store(url, migrate=False)
    try:
        return tables(store)
    finally:
        store.close()


def open_together(url: str, how_many: int = 4) -> list[BaseException]:
    """Open ``url`` from several threads at the same moment; what each raised."""
    start = threading.Barrier(how_many)
    failures: list[BaseException] = []

    def open_it() -> None:
        start.wait()
        try:
            open_store(url).close()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            failures.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(how_many)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_servers_starting_together_take_turns_migrating(new_database) -> None:
    """Several processes opening one fresh database at once: each finds it ready, and
    every migration is applied once."""
    for _ in range(3):
        url = new_database()
        assert open_together(url) == []
        store = open_store(url)
        try:
            versions = [r["version"] for r in store._all("SELECT version FROM schema_migrations")]
        finally:
            store.close()
        assert sorted(versions) == [m.version for m in MIGRATIONS]


def test_a_failed_migration_is_not_called_a_bad_url(new_database,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    url = new_database()
    open_store(url).close()
    broken = Migration(LATEST + 1, "broken", ("THIS IS NOT SQL",))
    monkeypatch.setattr("server.store.migrations.MIGRATIONS", (*MIGRATIONS, broken))
    with pytest.raises(UnusableDatabase) as raised:
        open_store(url)
    message = str(raised.value)
    assert f"cannot bring {mask_url(url)!r} to schema " in message
    assert "syntax" in message.lower() and "cannot open" not in message


def test_a_newer_schema_is_refused(new_database) -> None:
    url = new_database()
    store = open_store(url)
    try:
        with store.backend.transaction() as conn:
            conn.execute(store.backend.sql("INSERT INTO schema_migrations (version, name, "
                                           "applied_at) VALUES (?, 'from the future', 'x')"),
                         (LATEST + 1,))
    finally:
        store.close()
    for command in (["init-db"], ["export"], ["keys", "list"]):
        result = recount(*command, "-d", url)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith("Error: --database: ")
        assert (f"has schema version {LATEST + 1}, newer than this Recount's ({LATEST}); "
                "upgrade Recount to use it.") in result.stderr
        assert "database ready" not in result.output
    with pytest.raises(UnusableDatabase, match="RECOUNT_DATABASE: .* upgrade Recount"):
        open_store(url)


@pytest.mark.parametrize("command", [["export"], ["keys", "list"], ["keys", "revoke", "x"],
                                     ["keys", "create", "--name", "x"]])
def test_commands_that_only_read_or_change_refuse_a_database_not_recounts(
        new_database, tmp_path: Path, command: list[str]) -> None:
    claims = str(write(tmp_path / "claims.json", claims_doc()))
    args = [claims if a == "FILE" else a for a in command]
    empty = new_database()
    if "://" in empty:
        open_store(empty, migrate=False).close()  # an empty PostgreSQL database
    for url, why in ((with_table(new_database(), "accounts"), "it holds other tables: accounts"),
                     (empty, "it is empty")):
        before = table_names(url)
        result = recount(*args, "-d", url)
        assert result.exit_code == 2, (command, result.output)
        assert f"is not a Recount database ({why})" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert table_names(url) == before  # not turned into a Recount database


def test_a_sqlite_file_that_is_not_there_is_not_made(tmp_path: Path) -> None:
    typo = tmp_path / "typo" / "recnt.db"
    for command in (["export"], ["keys", "list"]):
        result = recount(*command, "-d", str(typo))
        assert result.exit_code == 2, result.output
        assert result.stdout == ""  # no empty claims file for a backup script to keep
        assert result.stderr == (f"Error: --database: there is no database at {str(typo)!r}; "
                                 "create one with `recount init-db`, or point --database at an "
                                 "existing one.\n")
    from_env = recount("export", env={"RECOUNT_DATABASE": str(typo)})
    assert from_env.exit_code == 2 and "point RECOUNT_DATABASE at" in from_env.stderr
    assert not typo.parent.exists()


def test_a_dry_run_makes_no_database(new_database, tmp_path: Path) -> None:
    """It checks a file against what is there; where nothing is, against an empty database
    it does not make."""
    claims = str(write(tmp_path / "claims.json", claims_doc()))
    missing = str(tmp_path / "nothing-here" / "recount.db")
    empty = new_database()
    if "://" in empty:
        open_store(empty, migrate=False).close()  # an empty PostgreSQL database
    for url in (missing, empty):
        result = recount("import", "--dry-run", claims, "-d", url)
        assert result.exit_code == 0, result.output
        assert "would import 3 claims" in result.stdout
    assert not Path(missing).parent.exists()
    assert table_names(empty) == set()
    other = with_table(new_database(), "accounts")
    refused = recount("import", "--dry-run", claims, "-d", other)
    assert refused.exit_code == 2
    assert "is not a Recount database (it holds other tables: accounts)" in refused.stderr
    assert table_names(other) == {"accounts"}


def test_making_commands_refuse_another_applications_database(new_database) -> None:
    url = with_table(new_database(), "source")  # a name Recount's tables use
    result = recount("init-db", "-d", url)
    assert result.exit_code == 2
    assert "is not a Recount database (it holds other tables: source); give Recount a " \
           "database of its own." in result.stderr
    assert table_names(url) == {"source"}


def test_making_commands_make_the_database(new_database, tmp_path: Path) -> None:
    claims = str(write(tmp_path / "claims.json", claims_doc()))
    first, second = new_database(), new_database()
    assert recount("init-db", "-d", first).exit_code == 0
    assert recount("export", "-d", first).exit_code == 0
    assert recount("import", claims, "-d", second).exit_code == 0
    assert "claim" in table_names(second)


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://admin:hunter2@db/recount", "postgresql://admin:***@db/recount"),
    ("postgresql+psycopg://admin:hunter2@db:5432/recount",
     "postgresql+psycopg://admin:***@db:5432/recount"),
    ("postgresql://admin:hun@ter/2@db/recount", "postgresql://admin:***@db/recount"),
    ("postgresql://db/recount?user=admin&password=hunter2&sslmode=require",
     "postgresql://db/recount?user=admin&password=***&sslmode=require"),
    ("postgresql://admin@db/recount", "postgresql://admin@db/recount"),
    ("recount.db", "recount.db"),
])
def test_a_database_url_is_shown_without_its_password(url: str, shown: str) -> None:
    assert mask_url(url) == shown


@pytest.mark.parametrize(("how", "named"), [("env", "RECOUNT_DATABASE"),
                                            ("option", "--database")])
def test_an_unsupported_url_is_refused_without_its_password(how: str, named: str) -> None:
    url = "postgresql+psycopg://admin:hunter2@db/recount"
    env = {"RECOUNT_DATABASE": url} if how == "env" else {}
    for command in (["serve"], ["init-db"], ["export"]):
        args = [*command, "-d", url] if how == "option" else command
        result = recount(*args, env=env)
        assert result.exit_code == 2
        assert "hunter2" not in result.output
        assert result.stderr.startswith(f"Error: {named}='postgresql+psycopg://admin:***@db/")
        assert "postgresql+psycopg:// is not a database Recount opens (use postgresql://)" in (
            result.stderr)


def test_a_server_out_of_reach_is_named_without_its_password() -> None:
    url = "postgresql://admin:hunter2@127.0.0.1:1/recount?connect_timeout=5"
    with pytest.raises(UnusableDatabase) as raised:
        open_store(url)
    assert "hunter2" not in str(raised.value)
    assert str(raised.value).startswith("RECOUNT_DATABASE: cannot open "
                                        "'postgresql://admin:***@127.0.0.1:1/recount")
