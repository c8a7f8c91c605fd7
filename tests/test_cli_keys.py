"""``recount keys``: a key is shown once, stored hashed, listed, and revoked (then 401).

Kept apart from tests/test_cli.py (the other commands) so the two can change independently.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from server.app import create_app
from server.cli import cli
from server.store import open_store

from .helpers import assert_problem


@pytest.fixture
def database(tmp_path):
    path = str(tmp_path / "keys.db")
    assert recount(path, "init-db").exit_code == 0  # keys are kept in a Recount database
    return path


def recount(database: str, *args: str):
    return CliRunner(env={"RECOUNT_DATABASE": None}).invoke(cli, [*args, "--database",
                                                                  database])


def test_keys_create_list_revoke(database):
    created = recount(database, "keys", "create", "--name", "editor")
    assert created.exit_code == 0, created.output
    key = created.output.strip()
    assert re.fullmatch(r"rk_[A-Za-z0-9_-]{40,}", key)

    store = open_store(database)
    rows = store.backend.connection().execute("SELECT * FROM api_key").fetchall()
    assert key not in str([tuple(row) for row in rows])  # only a hash is kept
    assert store.check_key(key)
    store.close()

    listed = recount(database, "keys", "list")
    assert listed.exit_code == 0 and "editor" in listed.output and "active" in listed.output
    assert key not in listed.output

    revoked = recount(database, "keys", "revoke", "editor")
    assert revoked.exit_code == 0 and "revoked editor" in revoked.output
    assert "revoked 20" in recount(database, "keys", "list").output


def test_keys_errors(database):
    assert recount(database, "keys", "create", "--name", "editor").exit_code == 0
    duplicate = recount(database, "keys", "create", "--name", "editor")
    assert duplicate.exit_code == 2 and "already exists" in duplicate.output
    unknown = recount(database, "keys", "revoke", "nobody")
    assert unknown.exit_code == 2 and "no active key" in unknown.output


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_name_is_refused(database, blank):
    created = recount(database, "keys", "create", "--name", blank)
    assert created.exit_code == 2 and "--name must name who or what" in created.output
    assert recount(database, "keys", "create", "--name", "editor").exit_code == 0
    revoked = recount(database, "keys", "revoke", blank)
    assert revoked.exit_code == 2 and "the name or the id of the key" in revoked.output
    store = open_store(database)
    try:
        assert [(k["name"], k["revoked_at"]) for k in store.list_keys()] == [("editor", None)]
        with pytest.raises(ValueError, match="a key needs a name"):
            store.create_key(blank)
    finally:
        store.close()


def test_a_keys_name_is_kept_without_spaces_around_it(database):
    assert recount(database, "keys", "create", "--name", " editor ").exit_code == 0
    assert recount(database, "keys", "revoke", "editor").exit_code == 0


def test_a_revoked_keys_name_is_free_again(database):
    """A key leaked: it is revoked, and its holder gets a new one under the same name."""
    old = recount(database, "keys", "create", "--name", "editor").output.strip()
    assert recount(database, "keys", "revoke", "editor").exit_code == 0
    created = recount(database, "keys", "create", "--name", "editor")
    assert created.exit_code == 0, created.output
    new = created.output.strip()
    store = open_store(database)
    assert store.check_key(new) and not store.check_key(old)
    assert sorted((k["name"], bool(k["revoked_at"])) for k in store.list_keys()) == [
        ("editor", False), ("editor", True)]
    assert recount(database, "keys", "create", "--name", "editor").exit_code == 2
    assert recount(database, "keys", "revoke", "editor").exit_code == 0
    assert not store.check_key(new)
    store.close()


def test_a_cli_key_opens_the_write_endpoints_until_revoked(database):
    key = recount(database, "keys", "create", "--name", "curator").output.strip()
    app = create_app({"DATABASE": database, "LOAD_DEMO": False, "TESTING": True})
    client = app.test_client()
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/feedback", headers=headers).status_code == 200
    assert recount(database, "keys", "revoke", "curator").exit_code == 0
    assert_problem(client.get("/api/v1/feedback", headers=headers), 401)
    app.extensions["recount"]["store"].close()
