"""Ordered schema migrations, recorded in the ``schema_migrations`` table, and ``migrate``.

Each migration is a number, a name and SQL statements written in the subset of SQL that both
SQLite and PostgreSQL accept. Append new migrations; never edit one that has shipped.

``migrate`` looks before it writes: a database already current is only read (a read-only
one serves), one made by a newer Recount or holding another application's tables is
refused, and migrations run under a lock so servers starting together take turns.
"""

from __future__ import annotations

from dataclasses import dataclass

from .backends import Backend, UnusableDatabase
from .curation import now

#: Tables every Recount database has from its first migration on.
RECOUNT_TABLES = frozenset({"schema_migrations", "meta"})


class MigrationFailed(Exception):
    """A migration could not be applied (nothing of it was); the database's own reason."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "claims, sources, quantities, figures",
        (
            """CREATE TABLE source (
                id TEXT PRIMARY KEY,
                publisher TEXT NOT NULL,
                title TEXT,
                url TEXT,
                published TEXT,
                kind TEXT NOT NULL CHECK (kind IN ('primary', 'news', 'fact-check')),
                note TEXT
            )""",
            """CREATE TABLE source_cites (
                source_id TEXT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                cited_id TEXT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                PRIMARY KEY (source_id, cited_id)
            )""",
            """CREATE TABLE quantity (
                id TEXT PRIMARY KEY,
                description TEXT NOT NULL,
                noun TEXT,
                aliases TEXT NOT NULL DEFAULT '[]',
                unit TEXT NOT NULL,
                currency TEXT,
                grp TEXT,
                period TEXT
            )""",
            """CREATE TABLE claim (
                id TEXT PRIMARY KEY,
                text TEXT NOT NULL,
                title TEXT,
                claimant TEXT,
                as_of TEXT,
                url TEXT,
                rating TEXT,
                tags TEXT NOT NULL DEFAULT '[]',
                position INTEGER NOT NULL DEFAULT 0
            )""",
            """CREATE TABLE quote (
                claim_id TEXT NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
                source_id TEXT NOT NULL REFERENCES source(id),
                position INTEGER NOT NULL,
                text TEXT NOT NULL,
                PRIMARY KEY (claim_id, source_id)
            )""",
            """CREATE TABLE figure (
                claim_id TEXT NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                quantity_id TEXT NOT NULL REFERENCES quantity(id),
                source_id TEXT NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                of_total DOUBLE PRECISION,
                hedge TEXT,
                low DOUBLE PRECISION,
                high DOUBLE PRECISION,
                unit TEXT NOT NULL,
                currency TEXT,
                noun TEXT,
                text TEXT NOT NULL,
                span_start INTEGER NOT NULL,
                span_end INTEGER NOT NULL,
                PRIMARY KEY (claim_id, position),
                FOREIGN KEY (claim_id, source_id) REFERENCES quote(claim_id, source_id)
                    ON DELETE CASCADE
            )""",
            "CREATE INDEX figure_quantity ON figure (quantity_id)",
            "CREATE INDEX quote_source ON quote (source_id)",
            """CREATE TABLE meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )""",
            "INSERT INTO meta (key, value) VALUES ('data_version', '0')",
        ),
    ),
    Migration(
        2,
        "reader feedback and API keys",
        (
            """CREATE TABLE feedback (
                id TEXT PRIMARY KEY,
                claim_id TEXT,
                sentence TEXT NOT NULL,
                span_start INTEGER,
                span_end INTEGER,
                kind TEXT NOT NULL,
                comment TEXT,
                status TEXT NOT NULL DEFAULT 'open',
                created_at TEXT NOT NULL,
                reviewed_at TEXT
            )""",
            "CREATE INDEX feedback_status ON feedback (status)",
            """CREATE TABLE api_key (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                hash TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                revoked_at TEXT
            )""",
        ),
    ),
    Migration(
        3,
        "population cues of quantities",
        ("ALTER TABLE quantity ADD COLUMN cues TEXT NOT NULL DEFAULT '[]'",),
    ),
    Migration(
        4,
        "fact-check fields of claims, retired claims, suppressed matches",
        (
            "ALTER TABLE claim ADD COLUMN language TEXT",
            "ALTER TABLE claim ADD COLUMN claim_date TEXT",
            "ALTER TABLE claim ADD COLUMN appearances TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE claim ADD COLUMN first_appearance TEXT",
            "ALTER TABLE claim ADD COLUMN rating_value TEXT",
            "ALTER TABLE claim ADD COLUMN best_rating TEXT",
            "ALTER TABLE claim ADD COLUMN worst_rating TEXT",
            "ALTER TABLE claim ADD COLUMN retired_at TEXT",
            # An accepted "wrong match" report: this claim is not shown for this sentence
            # (its normalised text), on any page.
            """CREATE TABLE suppression (
                claim_id TEXT NOT NULL,
                sentence_key TEXT NOT NULL,
                feedback_id TEXT,
                created_at TEXT NOT NULL,
                PRIMARY KEY (claim_id, sentence_key)
            )""",
            "INSERT INTO meta (key, value) VALUES ('review_version', '0')",
        ),
    ),
    Migration(
        5,
        "transformer vectors of claim texts",
        ("""CREATE TABLE text_vector (
                key TEXT PRIMARY KEY,
                vector BYTEA NOT NULL
            )""",),
    ),
    Migration(
        6,
        "suppressions without the sentence in an index",
        # A report's sentence may be 2,000 characters of Chinese (6,000 bytes), past what
        # one PostgreSQL index entry holds: the table is keyed by claim alone, and the
        # store keeps one row per claim and sentence itself (it deletes before it inserts).
        (
            """CREATE TABLE suppression_new (
                claim_id TEXT NOT NULL,
                sentence_key TEXT NOT NULL,
                feedback_id TEXT,
                created_at TEXT NOT NULL
            )""",
            "INSERT INTO suppression_new (claim_id, sentence_key, feedback_id, created_at) "
            "SELECT claim_id, sentence_key, feedback_id, created_at FROM suppression",
            "DROP TABLE suppression",
            "ALTER TABLE suppression_new RENAME TO suppression",
            "CREATE INDEX suppression_claim ON suppression (claim_id)",
            "CREATE INDEX suppression_feedback ON suppression (feedback_id)",
        ),
    ),
    Migration(
        7,
        "a revoked key's name free for a new key",
        # After a key leaks and is revoked, its holder gets a new key under the same name:
        # names are unique among active keys only.
        (
            """CREATE TABLE api_key_new (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                hash TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                revoked_at TEXT
            )""",
            "INSERT INTO api_key_new (id, name, hash, created_at, revoked_at) "
            "SELECT id, name, hash, created_at, revoked_at FROM api_key",
            "DROP TABLE api_key",
            "ALTER TABLE api_key_new RENAME TO api_key",
            "CREATE UNIQUE INDEX api_key_active_name ON api_key (name) "
            "WHERE revoked_at IS NULL",
        ),
    ),
    Migration(
        8,
        "what a feed last wrote of each claim",
        # A digest of the claim as its feed last wrote it (``feeds.fingerprint``): an
        # editor's change to it since is found, and kept, when the feed is imported again.
        ("ALTER TABLE claim ADD COLUMN feed_digest TEXT",),
    ),
)


def migrate(backend: Backend, *, create: bool = True, upgrade: bool = True) -> list[int]:
    """Apply pending migrations in order; returns the versions applied.

    Unless ``create``, a database without Recount's schema is refused (``UnusableDatabase``)
    rather than given one; unless ``upgrade``, so is one at an older schema (a command that
    only reads must not change it). Errors while applying raise ``MigrationFailed``."""
    latest = MIGRATIONS[-1].version
    tables, done = _state(backend)
    if not done:
        others = sorted(tables - {"schema_migrations"})
        if others:
            shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
            raise UnusableDatabase(
                f"{backend.where()} is not a Recount database (it holds other tables: "
                f"{shown})", "give Recount a database of its own")
        if not create:
            raise UnusableDatabase(f"{backend.where()} is not a Recount database (it is empty)",
                                   "create Recount's tables there with `recount init-db`",
                                   fresh=True)
    _refuse_newer(backend, done, latest)
    if all(m.version in done for m in MIGRATIONS):
        return []
    if not upgrade and done:
        raise UnusableDatabase(
            f"{backend.where()} is at schema version {max(done)}, older than this Recount's "
            f"({latest})", "upgrade it with `recount init-db` (`recount backup` first keeps "
            "a copy the older Recount still reads)")
    try:
        with backend.transaction() as conn:
            # Taken first: a second process waits here, then finds the work done.
            backend.lock_migrations(conn)
            conn.execute(backend.sql("""CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"""))
            done = _versions(backend, conn)
            _refuse_newer(backend, done, latest)
            applied = []
            for migration in MIGRATIONS:
                if migration.version in done:
                    continue
                for statement in migration.statements:
                    conn.execute(backend.sql(statement))
                conn.execute(backend.sql("INSERT INTO schema_migrations (version, name, "
                                         "applied_at) VALUES (?, ?, ?)"),
                             (migration.version, migration.name, now()))
                applied.append(migration.version)
    except backend.errors as exc:
        raise MigrationFailed(_first_line(exc)) from exc
    return applied


def _state(backend: Backend) -> tuple[set[str], set[int]]:
    """The tables beside which Recount's would go, and the migrations recorded (none when
    the database is not Recount's), read without writing."""
    conn = backend.connection()
    try:
        tables = backend.tables(conn)
        done = _versions(backend, conn) if tables >= RECOUNT_TABLES else set()
    finally:
        if backend.name == "postgresql":
            conn.rollback()  # psycopg opened a transaction for the reads: leave it idle
    return tables, done


def _versions(backend: Backend, conn: object) -> set[int]:
    rows = conn.execute(backend.sql("SELECT version FROM schema_migrations"))  # type: ignore[attr-defined]
    return {int(dict(r)["version"]) for r in rows}


def _refuse_newer(backend: Backend, done: set[int], latest: int) -> None:
    if done and max(done) > latest:
        raise UnusableDatabase(
            f"{backend.where()} has schema version {max(done)}, newer than this Recount's "
            f"({latest})", "upgrade Recount to use it")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
