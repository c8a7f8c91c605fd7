"""The ``recount`` command: the self-hosting interface.

Every command reads the same settings as the server (``RECOUNT_*`` variables); options given
on the command line win.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import click

from . import formats
from .claimsfile import InvalidClaimsFile
from .formats import EXPORT_FORMATS, FORMATS
from .progress import progress
from .settings import SettingError, load_settings, mask_url
from .settings import database as database_setting
from .store import ImportResult, Store, open_store
from .store.backends import SQLiteBackend, UnusableDatabase


class StartupError(click.ClickException):
    """Why a command (or the server) cannot start, in one line naming the setting, or the
    option, to change."""

    exit_code = 2


#: The options that stand for a setting, as an error names them.
OPTIONS = {"DATABASE": "--database", "HOST": "--host", "PORT": "--port", "LOAD_DEMO": "--demo"}


def _settings(**overrides: Any) -> dict[str, Any]:
    """Every setting, with the options given on the command line winning."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return load_settings(overrides=given, labels=OPTIONS)
    except SettingError as exc:
        raise StartupError(str(exc)) from None


def _refused(exc: SettingError, database: str | None) -> StartupError:
    """``exc`` in one line; a database's problem names what gave the database."""
    if isinstance(exc, UnusableDatabase):
        return StartupError(exc.message(OPTIONS["DATABASE"] if database else
                                        "RECOUNT_DATABASE"))
    return StartupError(str(exc))


#: What a command may do to a database at an older schema: upgrade it (a command that
#: writes), refuse it (one that only reads must not change it), or open it as it is (a
#: backup copies it whatever it holds).
Schema = Literal["upgrade", "current", "as-is"]


def _store(database: str | None, create: bool, dry_run: bool, schema: Schema) -> Store:
    try:
        return open_store(_settings(DATABASE=database)["DATABASE"], create=create,
                          upgrade=schema == "upgrade", migrate=schema != "as-is")
    except UnusableDatabase as exc:
        if dry_run and exc.fresh:
            # Nothing there yet: the file is checked against a new database, as the real
            # import would make, held in memory so that nothing is written.
            return open_store(":memory:")
        raise _refused(exc, database) from None
    except SettingError as exc:
        raise _refused(exc, database) from None


@contextmanager
def _opened(database: str | None, *, create: bool = False, dry_run: bool = False,
            schema: Schema = "upgrade") -> Iterator[Store]:
    """The store for one command, closed when it ends (a PostgreSQL connection is not
    left for the interpreter to collect). Only a command meant to make a database
    (``create``) makes one or gives one Recount's tables; the others refuse a database
    that is not Recount's, so a mistyped path is an error, not an empty export. A
    ``dry_run`` where there is no database yet runs against an empty one in memory; like
    every command that only reads, it refuses an older schema (``schema``)."""
    store = _store(database, create, dry_run, "current" if dry_run else schema)
    try:
        yield store
    except store.backend.errors as exc:
        if not store.backend.unavailable(exc):
            raise  # a wrong statement: a bug, whose traceback says where
        raise click.ClickException(
            f"the database {store.backend.where()} failed ({_first_line(exc)}): "
            f"{store.backend.advice(exc)}. What the command was writing when it failed was "
            "not written.") from None
    finally:
        store.close()


database_option = click.option(
    "--database", "-d", metavar="PATH|URL", default=None,
    help="SQLite file or postgresql:// URL [default: RECOUNT_DATABASE or recount.db].")


@click.group()
@click.version_option(package_name="recount")
def cli() -> None:
    """Recount: serve and curate a database of figure claims."""


@cli.command("init-db")
@database_option
def init_db(database: str | None) -> None:
    """Create the database, or bring its schema up to date."""
    with _opened(database, create=True) as store:
        version = store.schema_version()
        click.echo(f"database ready ({store.backend.describe()}, schema version {version})")


def _first_line(exc: BaseException) -> str:
    """A database error in a line: its message's first (drivers add detail below it), or
    its type when it says nothing."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _site_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """``--base-url``: a whole http(s) URL, or a one-line usage error."""
    if value is not None and not formats.site_url(value):
        raise click.BadParameter(f"{value!r} is not a site's http:// or https:// URL, such "
                                 "as https://www.politifact.com")
    return value


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Read the files as this format [default: recognised by content].")
@click.option("--dry-run", is_flag=True, help="Validate and count, write nothing.")
@click.option("--publisher", default=None,
              help="The fact-checker of a CLEF claims.jsonl, which does not name it "
                   "[default: the file's folder name].")
@click.option("--base-url", default=None, callback=_site_url, metavar="URL",
              help="The site a CLEF claims.jsonl's relative links to its fact checks are "
                   "on (https://www.politifact.com) [default: such links are left out].")
@database_option
def import_(files: tuple[str, ...], fmt: str | None, dry_run: bool, publisher: str | None,
            base_url: str | None, database: str | None) -> None:
    """Import claims files: recount-claims/1 JSON, ClaimReview (JSON-LD, or HTML pages
    carrying it), CSV or CLEF claims.jsonl. Each file is validated first and imported
    whole or not at all; a record already stored (same id, same review URL, or the same
    claim text from the same publisher) is updated, not duplicated (keeping an editor's
    tags and as_of), unless an editor has changed its claim since a feed wrote it, or given
    it other sources' quotes or curated figures: that claim stays as the editor left it, and
    is named."""
    failed = False
    # A dry run writes nothing, not even Recount's tables.
    with _opened(database, create=not dry_run, dry_run=dry_run) as store:
        for name in files:
            try:
                result, present = import_file(store, name, fmt, dry_run, publisher,
                                              base_url)
            except InvalidClaimsFile as exc:
                failed = True
                click.echo(f"error: {exc}", err=True)
                click.echo(f"{name}: nothing imported", err=True)
                continue
            verb = "would import" if dry_run else "imported"
            click.echo(f"{name}: {verb} {result.claims} claims ({result.replaced} replaced), "
                       f"{result.figures} figures, {result.sources} sources, "
                       f"{result.quantities} quantities")
            kept = result.kept_edits
            for claim_id in kept[:10]:
                click.echo(f"  {'would keep' if dry_run else 'kept'} claim {claim_id} as "
                           "its editor left it: the feed's record was not applied", err=True)
            if len(kept) > 10:
                click.echo(f"  ... and {len(kept) - 10} more claims kept as their editors left them", err=True)
            for where, claim_id in present[:10]:
                click.echo(f"  already present: {where} is claim {claim_id}", err=True)
            if len(present) > 10:
                click.echo(f"  ... and {len(present) - 10} more already present", err=True)
        if not dry_run:
            read_claims(store)
    if failed:
        sys.exit(1)


def read_claims(store: Store) -> None:
    """Have the transformer read the claims it has not read yet (stored with them), so the
    server does not spend minutes on it when it builds its index."""
    from .index.encoder import claim_meaning, encoder

    claims = store.load_corpus().claims
    with progress(2 * len(claims), "reading claim texts and titles") as bar:
        claim_meaning(claims, encoder(), store, progress=bar.update, prune=True,
                      planned=bar.plan)


def import_file(store: Store, name: str, fmt: str | None, dry_run: bool,
                publisher: str | None = None, base_url: str | None = None
                ) -> tuple[ImportResult, list[tuple[str, str]]]:
    """Import one file with a progress bar; returns the counts and, for a review format,
    the records already stored (where in the file, which claim they update)."""
    loaded = formats.read(name, fmt, publisher=publisher, base_url=base_url)
    keys = store.claim_keys() if loaded.where else []
    loaded = formats.prepared(loaded, keys)
    doc = loaded.doc
    total = sum(len(doc.get(k, [])) for k in ("sources", "quantities", "claims")
                if isinstance(doc.get(k), list)) if isinstance(doc, dict) else 0
    with progress(total, f"{Path(name).name} (sources, quantities and claims)") as bar:
        try:
            result = store.import_document(doc, dry_run=dry_run, name=name,
                                           progress=lambda _kind, n: bar.update(n),
                                           from_feed=loaded.format != "json")
        except InvalidClaimsFile as exc:
            raise formats.located(exc, loaded, name) from None
    present = formats.already_present(loaded, keys, result.kept_edits)
    return result, present


@cli.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="-",
              help="File to write [default: standard output].")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json",
              help="json: every claim, source and quantity (recount-claims/1), which imports "
                   "back as it was; claimreview (a JSON-LD list of ClaimReview) and csv (one "
                   "row per claim): what those formats name, without curated quantities.")
@database_option
def export(output: str, fmt: str, database: str | None) -> None:
    """Write every claim, source and quantity as one file (retired claims included).

    Readers' reports, accepted suppressions and keys stay in the database: `recount
    backup` (or pg_dump) keeps them."""
    with _opened(database, schema="current") as store:
        doc = store.export_document()
    text = formats.export(doc, fmt)
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {len(doc['claims'])} claims to {output}", err=True)


@cli.command("backup")
@click.argument("target", type=click.Path(dir_okay=False))
@database_option
def backup(target: str, database: str | None) -> None:
    """Copy a SQLite database, everything in it (claims, keys, readers' reports,
    suppressions), into a new file TARGET, safely while servers run. Restore by stopping
    the servers and putting the copy in the database's place. (For PostgreSQL, use
    pg_dump.)"""
    if Path(target).exists():
        raise click.ClickException(f"{target} exists; give a new file name")
    with _opened(database, schema="as-is") as store:
        if not isinstance(store.backend, SQLiteBackend):
            raise click.ClickException("this database is PostgreSQL's: back it up with "
                                       "pg_dump (or pg_basebackup)")
        try:
            store.backend.backup(target)
        except sqlite3.Error as exc:
            Path(target).unlink(missing_ok=True)
            raise click.ClickException(f"cannot write {target}: {exc}") from None
        counts = store.counts()
    click.echo(f"backed up {counts['claims']} claims to {target}", err=True)


@cli.command("copy")
@click.argument("target", metavar="TARGET")
@database_option
def copy_(target: str, database: str | None) -> None:
    """Copy everything in the database (claims, keys, readers' reports, suppressions, stored
    claim vectors) into TARGET, a new SQLite file or an empty postgresql:// database: how a
    database moves from SQLite to PostgreSQL, or back. The copy is of one moment; point the
    servers at TARGET once it is done."""
    from .store.copy import copy_database, rows_to_copy

    try:
        target = database_setting(target)
    except ValueError as exc:
        raise StartupError(f"TARGET={mask_url(target)!r}: {exc}") from None
    with _opened(database, schema="current") as source:
        try:
            into = open_store(target, create=True)
        except UnusableDatabase as exc:
            raise StartupError(exc.message("TARGET")) from None
        try:
            with progress(rows_to_copy(source), "copying rows") as bar:
                copied = copy_database(source, into, progress=bar.update)
        except UnusableDatabase as exc:
            raise StartupError(exc.message("TARGET")) from None
        except into.backend.errors as exc:
            raise click.ClickException(f"cannot copy into {into.backend.where()} "
                                       f"({_first_line(exc)}); nothing was written "
                                       "there") from None
        finally:
            into.close()
    click.echo(f"copied {copied['claim']} claims, {copied['api_key']} keys, "
               f"{copied['feedback']} reports and {copied['suppression']} suppressions "
               f"into {into.backend.where()}", err=True)


@cli.command("serve")
@click.option("--host", default=None, help="Address to listen on [default: 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port [default: 8000].")
@click.option("--demo", is_flag=True, default=None,
              help="Load the demo claims if the database is empty (RECOUNT_LOAD_DEMO).")
@database_option
def serve(host: str | None, port: int | None, demo: bool | None,
          database: str | None) -> None:
    """Serve the API, the claim pages and the docs with a production WSGI server
    (waitress). An empty database is served empty (the log says so) unless --demo."""
    from waitress import create_server

    from .app import create_app
    from .http_setup import counters_answer

    settings = _settings(HOST=host, PORT=port, DATABASE=database, LOAD_DEMO=demo)
    logging.basicConfig(level=settings["LOG_LEVEL"],
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        app = create_app({name: settings[name] for name in
                          ("HOST", "PORT", "DATABASE", "LOAD_DEMO")})
    except SettingError as exc:
        raise _refused(exc, database) from None
    store: Store = app.extensions["recount"]["store"]
    if store.is_empty():
        click.echo("The database is empty: nothing will match until claims are imported "
                   "(recount import FILE), or start with --demo for the demo claims.", err=True)
    if settings["RATE_LIMIT"] and not counters_answer(app):
        # Said at start-up, not only at the first request: the operator is watching now.
        click.echo("The rate-limit counters (RECOUNT_RATE_LIMIT_STORAGE) cannot be reached: "
                   "requests are not limited until they can.", err=True)
    try:
        # Behind RECOUNT_TRUSTED_PROXIES proxies, waitress must pass X-Forwarded-For and
        # -Proto on (it drops them by default) for the app's ProxyFix to read the client.
        server = create_server(app, host=settings["HOST"], port=settings["PORT"],
                               threads=settings["THREADS"], ident="recount",
                               clear_untrusted_proxy_headers=not settings["TRUSTED_PROXIES"])
    except (OSError, ValueError) as exc:
        # ValueError: waitress could not resolve the host ("999.1.1.1", an unknown name).
        store.close()
        reason = exc.strerror if isinstance(exc, OSError) else None
        raise StartupError(
            f"cannot listen on {settings['HOST']}:{settings['PORT']} ({reason or exc}); "
            "set RECOUNT_PORT (or --port) to a free port, or RECOUNT_HOST (or --host) to an "
            "address of this machine.") from None
    # Build the index before the first request so it does not pay for it.
    app.extensions["recount"]["matchers"].wait()
    # The port listened on: the one asked for, or the one the system chose for port 0.
    port = getattr(server, "effective_port", settings["PORT"])
    click.echo(f"Recount serving on http://{settings['HOST']}:{port} "
               f"(database {store.backend.where()})", err=True)
    server.run()


@cli.group()
def keys() -> None:
    """Manage API keys for the write endpoints."""


@keys.command("create")
@click.option("--name", required=True, help="Who or what the key is for.")
@database_option
def keys_create(name: str, database: str | None) -> None:
    """Create a key and print it. It is stored hashed: this is the only time it is shown."""
    name = name.strip()  # the name revokes the key: no spaces it would have to be typed with
    if not name:
        raise click.UsageError("--name must name who or what the key is for, not be empty")
    with _opened(database) as store:
        try:
            key = store.create_key(name)
        except store.backend.integrity_errors:
            raise click.UsageError(f"a key named {name!r} already exists") from None
    click.echo(key)


@keys.command("list")
@database_option
def keys_list(database: str | None) -> None:
    """List keys (names and dates; the keys themselves are not stored)."""
    with _opened(database, schema="current") as store:
        rows = store.list_keys()
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked_at"] else "active"
        click.echo(f"{row['id']}  {row['name']}  created {row['created_at']}  {state}")


@keys.command("revoke")
@click.argument("name_or_id")
@database_option
def keys_revoke(name_or_id: str, database: str | None) -> None:
    """Revoke a key by name or id."""
    name_or_id = name_or_id.strip()
    if not name_or_id:
        raise click.UsageError("give the name or the id of the key to revoke")
    with _opened(database) as store:
        revoked = store.revoke_key(name_or_id)
    if not revoked:
        raise click.UsageError(f"no active key named {name_or_id!r}")
    click.echo(f"revoked {name_or_id}")


from .cli_bench import bench  # noqa: E402 - kept beside the command it registers

cli.add_command(bench)


if __name__ == "__main__":
    cli()
