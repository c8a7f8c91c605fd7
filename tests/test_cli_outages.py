"""What a command says when its database fails under it: one line naming the database, what
went wrong and what to do, never a traceback, and nothing half written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.cli import cli
from server.store import backends, open_store

from .claimsdata import claims_doc, write
from .test_cli import CLEAN_ENV


@pytest.mark.parametrize("command", [["keys", "create", "--name", "editor"],
                                     ["import", "{file}"]], ids=["keys", "import"])
def test_a_database_another_process_keeps_locked_is_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    database = str(tmp_path / "locked.db")
    open_store(database).close()
    claims = write(tmp_path / "claims.json", claims_doc())
    monkeypatch.setattr(backends, "BUSY_TIMEOUT", 0.2)  # SQLite's wait, not 30 s
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # as a long import in another process
    try:
        args = [arg.format(file=claims) for arg in command]
        result = CliRunner(env=CLEAN_ENV).invoke(cli, [*args, "-d", database])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"Error: the database {database!r} failed (database is locked)")
    assert "run the command again" in last
    store = open_store(database)
    try:
        assert (store.counts()["claims"], store.list_keys()) == (0, [])
    finally:
        store.close()
