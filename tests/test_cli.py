"""The ``recount`` command (server/cli.py): init-db, import, export and serve.

Commands run in-process through click's CliRunner on a temporary SQLite file (``--database``);
``serve`` runs as a real process. The import and export commands are also run against
PostgreSQL in tests/test_postgres.py.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.cli import cli
from server.paths import DEMO_CLAIMS
from server.store import open_store
from server.store.migrations import MIGRATIONS

from .claimsdata import BAD_RECORDS, COUNTS, bad_doc, claims_doc, write
from .conftest import ROOT, LiveServer

#: The schema version a fresh database ends up at.
LATEST = MIGRATIONS[-1].version

#: RECOUNT_* variables of the developer's shell must not leak into these tests.
CLEAN_ENV = {"RECOUNT_DATABASE": None, "RECOUNT_PORT": None, "RECOUNT_HOST": None,
             "RECOUNT_MAX_SENTENCES": None, "RECOUNT_LOAD_DEMO": None}


@pytest.fixture
def cli_runner() -> CliRunner:
    return CliRunner(env=CLEAN_ENV)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    return write(tmp_path / "good.json", claims_doc())


def state(database: str) -> tuple:
    """Everything an import could change, read with a store of our own."""
    store = open_store(database)
    try:
        return store.export_document(), store.counts(), store.data_version()
    finally:
        store.close()


def test_init_db(cli_runner: CliRunner, db: str) -> None:
    for _ in range(2):  # the second run finds the schema current
        result = cli_runner.invoke(cli, ["init-db", "--database", db])
        assert result.exit_code == 0, result.output
        assert result.stdout == f"database ready (sqlite:{db}, schema version {LATEST})\n"
    assert state(db)[1] == dict.fromkeys(COUNTS, 0)


def test_import(cli_runner: CliRunner, db: str, good_file: Path) -> None:
    result = cli_runner.invoke(cli, ["import", str(good_file), "--database", db])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"{good_file}: imported 3 claims (0 replaced), 4 figures, "
                             "3 sources, 3 quantities\n")
    assert state(db)[1] == COUNTS

    again = cli_runner.invoke(cli, ["import", str(good_file), "-d", db])
    assert again.exit_code == 0, again.output
    assert "imported 3 claims (3 replaced)" in again.stdout
    assert state(db)[1] == COUNTS


def test_import_dry_run(cli_runner: CliRunner, db: str, good_file: Path) -> None:
    before = state(db)
    result = cli_runner.invoke(cli, ["import", "--dry-run", str(good_file), "--database", db])
    assert result.exit_code == 0, result.output
    assert "would import 3 claims (0 replaced), 4 figures, 3 sources, 3 quantities" in (
        result.stdout)
    assert state(db) == before


@pytest.mark.parametrize(("change", "record", "field"),
                         [case[1:] for case in BAD_RECORDS], ids=[c[0] for c in BAD_RECORDS])
def test_import_bad_record(cli_runner: CliRunner, db: str, good_file: Path, tmp_path: Path,
                           change, record: str, field: str) -> None:
    assert cli_runner.invoke(cli, ["import", str(good_file), "-d", db]).exit_code == 0
    before = state(db)
    bad = write(tmp_path / "bad.json", bad_doc(change))
    result = cli_runner.invoke(cli, ["import", str(bad), "--database", db])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert any(record in line and field in line for line in lines), result.stderr
    assert f"{bad}: nothing imported" in lines
    assert state(db) == before


def test_import_a_file_in_another_encoding_says_what_to_do(cli_runner: CliRunner, db: str,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("text,publisher\nCafé owners paid 5% more,Checks\n".encode("cp1252"))
    result = cli_runner.invoke(cli, ["import", str(path), "--database", db])
    assert result.exit_code == 1
    assert "not UTF-8 text (byte 18); save it as UTF-8" in result.stderr  # "é", from 0


def test_import_reads_a_gzip_compressed_collection(cli_runner: CliRunner, db: str,
                                                   tmp_path: Path) -> None:
    """A collection as it is often downloaded (claims.jsonl.gz) is read as the file it
    holds; a damaged one is named as such, not as text in another encoding."""
    rows = "".join(json.dumps({"id": f"c{i}", "text": f"The port moved {400 + i} containers.",
                               "title": "Port", "speaker": "Mayor", "truth_label": "False"})
                   + "\n" for i in range(3))
    packed = tmp_path / "checks" / "claims.jsonl.gz"
    packed.parent.mkdir()
    packed.write_bytes(gzip.compress(rows.encode("utf-8")))
    result = cli_runner.invoke(cli, ["import", str(packed), "--database", db])
    assert result.exit_code == 0, result.stderr
    assert "imported 3 claims" in result.stdout
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(packed.read_bytes()[:20])
    result = cli_runner.invoke(cli, ["import", str(cut), "--database", db])
    assert result.exit_code == 1 and "a damaged gzip file" in result.stderr, result.stderr


@pytest.mark.parametrize(("content", "message"), [
    ('{"format": "recount-claims/1", "sources": [', "line 1 column"),
    ("", "the file is empty"),
    (None, "No such file or directory"),
    ('{"format": "recount-claims/1", "claims": []}', "'sources' is a required property"),
    ("[]", "no ClaimReview found"),
    ('{"format": "recount-claims/1", "sources": [], "claims": {}}', "is not of type 'array'"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"@graph": ' * 5000 + "{}" + "}" * 5000, "nested too deeply"),
])
def test_import_unreadable_file(cli_runner: CliRunner, db: str, tmp_path: Path,
                                content: str | None, message: str) -> None:
    path = tmp_path / "broken.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = cli_runner.invoke(cli, ["import", str(path), "--database", db])
    assert result.exit_code == 1
    assert message in result.stderr
    assert "nothing imported" in result.stderr
    assert state(db)[1] == dict.fromkeys(COUNTS, 0)


def test_import_several_files_one_bad(cli_runner: CliRunner, db: str, good_file: Path,
                                      tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.json", bad_doc(BAD_RECORDS[0][1]))
    result = cli_runner.invoke(cli, ["import", str(bad), str(good_file), "--database", db])
    assert result.exit_code == 1  # a file failed...
    assert f"{good_file}: imported 3 claims" in result.stdout  # ...but each stands alone
    assert f"{bad}: nothing imported" in result.stderr
    assert state(db)[1] == COUNTS


def test_import_needs_a_file(cli_runner: CliRunner, db: str) -> None:
    result = cli_runner.invoke(cli, ["import", "--database", db])
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_export_to_stdout_and_file(cli_runner: CliRunner, db: str, good_file: Path,
                                   tmp_path: Path) -> None:
    cli_runner.invoke(cli, ["import", str(good_file), "--database", db])
    to_stdout = cli_runner.invoke(cli, ["export", "--database", db])
    assert to_stdout.exit_code == 0, to_stdout.output
    assert json.loads(to_stdout.stdout) == state(db)[0]

    out = tmp_path / "out.json"
    to_file = cli_runner.invoke(cli, ["export", "-o", str(out), "--database", db])
    assert to_file.exit_code == 0, to_file.output
    assert to_file.stdout == ""
    assert to_file.stderr == f"wrote 3 claims to {out}\n"
    assert out.read_text(encoding="utf-8") == to_stdout.stdout

    clef = cli_runner.invoke(cli, ["export", "--format", "clef", "--database", db])
    assert clef.exit_code == 2 and "'clef' is not one of" in clef.stderr  # an input only

    nowhere = tmp_path / "no-such-folder" / "out.json"
    failed = cli_runner.invoke(cli, ["export", "-o", str(nowhere), "--database", db])
    assert failed.exit_code == 1
    assert failed.stderr == f"Error: cannot write {nowhere}: No such file or directory\n"


def test_round_trip(cli_runner: CliRunner, tmp_path: Path, good_file: Path) -> None:
    first, second = str(tmp_path / "first.db"), str(tmp_path / "second.db")
    exported = tmp_path / "exported.json"
    steps = [["import", str(good_file), "-d", first],
             ["export", "-o", str(exported), "-d", first],
             ["import", str(exported), "-d", second]]
    for args in steps:
        result = cli_runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
    again = cli_runner.invoke(cli, ["export", "-d", second])
    assert again.stdout == exported.read_text(encoding="utf-8")
    assert json.loads(again.stdout)["claims"] == [{"retired_at": None, **c}
                                                   for c in claims_doc()["claims"]]


def test_database_from_environment(tmp_path: Path, good_file: Path) -> None:
    from_env, from_option = str(tmp_path / "env.db"), str(tmp_path / "option.db")
    runner = CliRunner(env={**CLEAN_ENV, "RECOUNT_DATABASE": from_env})
    assert runner.invoke(cli, ["import", str(good_file)]).exit_code == 0
    assert runner.invoke(cli, ["init-db", "--database", from_option]).exit_code == 0
    assert state(from_env)[1] == COUNTS
    assert state(from_option)[1] == dict.fromkeys(COUNTS, 0)  # the option wins


BAD_SETTINGS = [
    ({"RECOUNT_PORT": "abc"}, "RECOUNT_PORT='abc': not a number"),
    ({"RECOUNT_PORT": "70000"}, "RECOUNT_PORT='70000': must be between 0 and 65535"),
    ({"RECOUNT_MAX_SENTENCES": "0"}, "RECOUNT_MAX_SENTENCES='0': must be a positive"),
    ({"RECOUNT_LOAD_DEMO": "maybe"}, "RECOUNT_LOAD_DEMO='maybe': must be true or false"),
]


@pytest.mark.parametrize("command", [["init-db"], ["import", "good.json"], ["export"]])
@pytest.mark.parametrize(("env", "message"), BAD_SETTINGS)
def test_bad_setting(db: str, good_file: Path, command: list[str], env: dict[str, str],
                     message: str) -> None:
    args = [str(good_file) if a == "good.json" else a for a in command]
    result = CliRunner(env={**CLEAN_ENV, **env}).invoke(cli, [*args, "--database", db])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not Path(db).exists()  # nothing was touched


@pytest.mark.parametrize(("env", "message"), BAD_SETTINGS[:1] + BAD_SETTINGS[2:3])
def test_serve_bad_setting(tmp_path: Path, env: dict[str, str], message: str) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("RECOUNT_")}
    proc = subprocess.run([sys.executable, "-m", "server.cli", "serve"], cwd=ROOT,
                          env={**environ, "RECOUNT_DATABASE": str(tmp_path / "s.db"), **env},
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_serve(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "serve.db")
    try:
        with urllib.request.urlopen(server.url + "/api/v1/health", timeout=10) as response:
            assert response.status == 200
            assert json.load(response)["status"] == "ok"
        if DEMO_CLAIMS.exists():  # the demo claims load on first start
            with urllib.request.urlopen(server.url + "/api/v1/claims", timeout=10) as response:
                assert response.status == 200
                body = json.load(response)
            assert body["total"] > 0 and body["items"]
    finally:
        server.stop()
    assert "Recount serving on http://127.0.0.1:" in server.log.read_text()



def test_import_names_a_clef_collections_publisher(cli_runner: CliRunner, db: str,
                                                   tmp_path: Path) -> None:
    clef = Path(__file__).resolve().parent / "data" / "clef-mini" / "claims.jsonl"
    result = cli_runner.invoke(cli, ["import", str(clef), "--publisher", "PolitiFact",
                                     "--database", db])
    assert result.exit_code == 0, result.output
    exported = json.loads(cli_runner.invoke(cli, ["export", "--database", db]).stdout)
    assert {s["publisher"] for s in exported["sources"]} == {"PolitiFact"}
    # "stated on May 2, 2020" is when the claim was made; its relative link goes nowhere
    # without the site it is on.
    jobs = next(c for c in exported["claims"] if c["id"] == "vclaim-1")
    assert jobs["claim_date"] == "2020-05-02" and "url" not in jobs
    bad = cli_runner.invoke(cli, ["import", str(clef), "--base-url", "politifact.com",
                                  "--database", db])
    assert bad.exit_code == 2 and "is not a site's http:// or https:// URL" in bad.stderr
    result = cli_runner.invoke(cli, ["import", str(clef), "--publisher", "PolitiFact",
                                     "--base-url", "https://www.politifact.com",
                                     "--database", db])
    assert result.exit_code == 0 and "(2 replaced)" in result.stdout, result.output
    exported = json.loads(cli_runner.invoke(cli, ["export", "--database", db]).stdout)
    page = "https://www.politifact.com/factchecks/2020/may/04/jobs/"
    assert next(c for c in exported["claims"] if c["id"] == "vclaim-1")["url"] == page
    assert page in {s.get("url") for s in exported["sources"]}
    assert len(exported["claims"]) == 2  # updated, not duplicated


def test_backup_copies_what_a_running_server_has_not_written_to_the_file_yet(
        cli_runner: CliRunner, tmp_path: Path, good_file: Path) -> None:
    database, copy = str(tmp_path / "live.db"), str(tmp_path / "copy.db")
    assert cli_runner.invoke(cli, ["import", str(good_file), "-d", database]).exit_code == 0
    live = open_store(database)  # as a server holds it: what it writes waits in the log
    try:
        claim_id = live.load_corpus().claims[0]["id"]
        live.add_feedback(kind="wrong-match", sentence="A sentence.", claim_id=claim_id,
                          span=None, comment=None)
        assert Path(database + "-wal").stat().st_size > 0
        result = cli_runner.invoke(cli, ["backup", copy, "-d", database])
        assert result.exit_code == 0, result.output
        again = cli_runner.invoke(cli, ["backup", copy, "-d", database])
        assert again.exit_code != 0 and "exists" in again.output
    finally:
        live.close()
    # Closed, the last user leaves nothing in the log: the file alone holds everything.
    wal = Path(database + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    restored = open_store(copy)
    try:
        assert [f["sentence"] for f in restored.list_feedback().items] == ["A sentence."]
        assert restored.counts() == COUNTS
    finally:
        restored.close()


def test_commands_that_only_read_leave_an_older_schema_as_it_is(
        cli_runner: CliRunner, tmp_path: Path, good_file: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    database = str(tmp_path / "older.db")
    with monkeypatch.context() as older:  # a database made by a Recount one schema behind
        older.setattr("server.store.migrations.MIGRATIONS", MIGRATIONS[:-1])
        open_store(database).close()

    def version() -> int:
        store = open_store(database, migrate=False)
        try:
            return store.schema_version()
        finally:
            store.close()
    assert version() == MIGRATIONS[-2].version
    for args in (["export", "-o", str(tmp_path / "x.json")], ["keys", "list"],
                 ["import", "--dry-run", str(good_file)]):
        result = cli_runner.invoke(cli, [*args, "-d", database])
        assert result.exit_code != 0 and "older than this Recount's" in result.output, args
        assert "recount init-db" in result.output
        assert version() == MIGRATIONS[-2].version
    # A copy can be made first, as it is; then init-db upgrades.
    assert cli_runner.invoke(cli, ["backup", str(tmp_path / "copy.db"), "-d", database]
                             ).exit_code == 0
    assert cli_runner.invoke(cli, ["init-db", "-d", database]).exit_code == 0
    assert version() == MIGRATIONS[-1].version
    assert cli_runner.invoke(cli, ["keys", "list", "-d", database]).exit_code == 0


def test_serve_on_port_0_says_the_port_the_system_chose(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOUNT_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", "0", "-d",
         str(tmp_path / "any-port.db")], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        line = next(line for line in process.stderr if "serving on" in line)
        port = int(line.split("http://127.0.0.1:", 1)[1].split()[0])
        assert port != 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health",
                                    timeout=10) as response:
            assert response.status == 200
    finally:
        process.terminate()
        process.communicate(timeout=10)  # and closes its pipe
