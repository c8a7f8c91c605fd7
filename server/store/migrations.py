"""Ordered schema migrations, recorded in the ``schema_migrations`` table.

Each migration is a number, a name and SQL statements written in the subset of SQL that both
SQLite and PostgreSQL accept. Append new migrations; never edit one that has shipped.
"""

from __future__ import annotations

from dataclasses import dataclass


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
)
