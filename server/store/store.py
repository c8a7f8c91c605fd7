"""The claim store: sources, quantities, claims and figures, behind one small interface.

Writes go through ``import_document`` (all or nothing, in one transaction) so the CLI, the
API and the tests share one path. Every write bumps ``data_version`` so a running matcher
knows when to rebuild its index.

The queries that read claims back are in ``reads.py``, what editors change besides claims in
``curation.py``, the schema in ``migrations.py`` and the connections in ``backends.py``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..claimsfile import FORMAT, InvalidClaimsFile, check_document, validate
from ..settings import mask_url
from . import feeds, migrations
from .backends import Backend, UnusableDatabase, open_backend
from .curation import now, row_dict
from .feeds import FeedImports
from .reads import Expectation, Reads
from .vectors import StoredVectors

Progress = Callable[[str, int], None]

#: The claim table's columns as a claims file names them (``position`` aside).
CLAIM_COLUMNS = ("id", "text", "title", "claimant", "as_of", "url", "rating", "tags",
                 "language", "claim_date", "appearances", "first_appearance", "rating_value",
                 "best_rating", "worst_rating", "retired_at")
#: The claim table's columns only the store writes, never shown (``feeds.fingerprint``).
STORE_COLUMNS = ("feed_digest",)
#: Columns holding a JSON list.
_LIST_COLUMNS = ("tags", "appearances")


@dataclass
class ImportResult:
    """Counts of what an import wrote (or would write, for a dry run)."""

    sources: int = 0
    quantities: int = 0
    claims: int = 0
    figures: int = 0
    replaced: int = 0
    dry_run: bool = False
    #: Claims an editor changed or curated that a feed's records were not applied to
    #: (``feeds``).
    kept_edits: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Store(FeedImports, StoredVectors, Reads):
    """Claim storage on SQLite or PostgreSQL; see ``open_store``. Its reads are in ``Reads``,
    what editors change besides claims in ``Curation``, the claims' stored vectors in
    ``StoredVectors``."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # -- plumbing -----------------------------------------------------------------------

    def _all(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        conn = self.backend.connection()
        try:
            rows = [row_dict(r) for r in self._q(conn, sql, params).fetchall()]
        except BaseException:
            # PostgreSQL refuses every later statement in a failed transaction. (Inside a
            # write's transaction, ``transaction`` rolls it all back.)
            if self.backend.name == "postgresql" and not self.backend.writing():
                conn.rollback()
            raise
        self._end_read(conn)
        return rows

    def _end_read(self, conn: Any) -> None:
        # psycopg opens a transaction for reads too; end it so the connection is idle. A
        # read inside a write's transaction is part of it (``expected``).
        if self.backend.name == "postgresql" and not self.backend.writing():
            conn.commit()

    def close(self) -> None:
        self.backend.close()

    # -- schema -------------------------------------------------------------------------

    def migrate(self, *, create: bool = True, upgrade: bool = True) -> list[int]:
        """Apply pending migrations in order; returns the versions applied (see
        ``migrations.migrate``: unless ``create``, a database without Recount's schema is
        refused; unless ``upgrade``, one at an older schema)."""
        return migrations.migrate(self.backend, create=create, upgrade=upgrade)

    def schema_version(self) -> int:
        row = self._one("SELECT MAX(version) AS v FROM schema_migrations")
        return int(row["v"] or 0) if row else 0

    def counts(self) -> dict[str, int]:
        out = {}
        for table, key in (("claim", "claims"), ("source", "sources"),
                           ("quantity", "quantities"), ("figure", "figures")):
            row = self._one(f"SELECT COUNT(*) AS n FROM {table}")  # noqa: S608 - fixed names
            out[key] = int(row["n"]) if row else 0
        return out

    def is_empty(self) -> bool:
        return self._one("SELECT 1 AS one FROM claim LIMIT 1") is None

    # -- import / export ----------------------------------------------------------------

    def import_document(self, doc: dict[str, Any], *, dry_run: bool = False,
                        progress: Progress | None = None, name: str = "",
                        from_feed: bool = False, expect: Expectation | None = None
                        ) -> ImportResult:
        """Validate ``doc`` and write it in one transaction: all of it, or nothing (and
        only as ``expect`` allows, when given).

        Records whose id exists are replaced; with ``from_feed`` (``doc`` was made from
        ClaimReview, CSV or CLEF records), not those of a claim an editor changed or
        curated, which stays as it is (``feeds``; ``ImportResult.kept_edits`` names them).
        Raises ``InvalidClaimsFile`` listing every problem, each naming the record and field.
        """
        # Records already stored may be referred to (checked again inside the transaction).
        errors = validate(doc, *self._known_ids())
        if errors:
            raise InvalidClaimsFile(errors, name)
        result = ImportResult(dry_run=dry_run)
        tick = progress or (lambda _kind, _n: None)
        # A dry run is rolled back on purpose; result holds what would have been written.
        with contextlib.suppress(_DryRun):
            self._write_document(doc, result, tick, name, dry_run, from_feed, expect)
        return result

    def _known_ids(self) -> tuple[set[str], set[str]]:
        return ({r["id"] for r in self._all("SELECT id FROM source")},
                {r["id"] for r in self._all("SELECT id FROM quantity")})

    def _write_document(self, doc: dict[str, Any], result: ImportResult, tick: Progress,
                        name: str, dry_run: bool, from_feed: bool,
                        expect: Expectation | None) -> None:
        with self.backend.transaction() as conn:
            self._expected(conn, expect)
            known_sources = {r["id"] for r in map(row_dict, self._q(conn, "SELECT id FROM source"))}
            known_quantities = {
                r["id"] for r in map(row_dict, self._q(conn, "SELECT id FROM quantity"))}
            errors = check_document(doc, known_sources, known_quantities)
            if errors:
                raise InvalidClaimsFile(errors, name)
            if from_feed:
                doc = self._without_edited(conn, doc, result, tick)
            for source in doc.get("sources", []):
                self._put_source(conn, source)
                result.sources += 1
                tick("sources", 1)
            # After every source is stored: a source may cite one listed after it.
            for source in doc.get("sources", []):
                for cited in source.get("cites", []):
                    self._q(conn, "INSERT INTO source_cites (source_id, cited_id) "
                            "VALUES (?, ?)", (source["id"], cited))
            for quantity in doc.get("quantities", []):
                self._put_quantity(conn, quantity)
                result.quantities += 1
                tick("quantities", 1)
            position = int(row_dict(self._q(conn, "SELECT COALESCE(MAX(position), 0) AS p "
                                        "FROM claim").fetchone())["p"])
            for claim in doc.get("claims", []):
                position += 1
                result.replaced += self._put_claim(conn, claim, position)
                result.claims += 1
                result.figures += len(claim.get("figures", []))
                tick("claims", 1)
            self._drop_derived_quantities(conn, (c["id"] for c in doc.get("claims", [])),
                                          (q["id"] for q in doc.get("quantities", [])))
            if from_feed:
                self._note_feed_digests(conn, {c["id"] for c in doc.get("claims", [])})
            self._bump(conn)
            if dry_run:
                raise _DryRun

    def _put_source(self, conn: Any, s: dict[str, Any]) -> None:
        self._q(conn, "DELETE FROM source_cites WHERE source_id = ?", (s["id"],))
        self._upsert(conn, "source", ("id", "publisher", "title", "url", "published", "kind",
                                      "note"),
                     (s["id"], s["publisher"], s.get("title"), s.get("url"), s.get("published"),
                      s["kind"], s.get("note")))

    def _put_quantity(self, conn: Any, q: dict[str, Any]) -> None:
        self._upsert(conn, "quantity", ("id", "description", "noun", "aliases", "cues", "unit",
                                        "currency", "grp", "period"),
                     (q["id"], q["description"], q.get("noun"),
                      json.dumps(q.get("aliases", [])), json.dumps(q.get("cues", [])),
                      q["unit"], q.get("currency"), q.get("group"), q.get("period")))

    def _put_claim(self, conn: Any, c: dict[str, Any], position: int) -> int:
        # The claim's columns as the schema has them (an older one had no retired_at).
        kept = ("position", *(k for k in ("retired_at",) if k in CLAIM_COLUMNS),
                *STORE_COLUMNS)
        existed = self._q(conn, f"SELECT {', '.join(kept)} FROM claim "  # noqa: S608
                          "WHERE id = ?", (c["id"],)).fetchone()
        own: dict[str, Any] = dict.fromkeys(STORE_COLUMNS)
        if existed is not None:
            row = row_dict(existed)
            # Kept through an editor's write: what the feed last wrote is what a change is
            # found against (``feeds.edited``). A feed's own write sets it anew.
            own = {k: row[k] for k in STORE_COLUMNS}
            position = int(row["position"])
            if "retired_at" in row and "retired_at" not in c:
                # Retiring is an editor's decision: a feed imported again (CSV, CLEF,
                # ClaimReview, a file without the field) does not undo it. Only a file that
                # says when, or that the claim is not, retired does.
                c = {**c, "retired_at": row["retired_at"]}
            self._q(conn, "DELETE FROM claim WHERE id = ?", (c["id"],))
        # An export carries the store's own columns (a database moved by export and import).
        own.update((k, c[k]) for k in STORE_COLUMNS if k in c)
        values = [json.dumps(c.get(k, [])) if k in _LIST_COLUMNS else c.get(k)
                  for k in CLAIM_COLUMNS]
        columns = (*CLAIM_COLUMNS, "position", *STORE_COLUMNS)
        marks = ", ".join("?" for _ in columns)
        self._q(conn, f"INSERT INTO claim ({', '.join(columns)}) "  # noqa: S608
                f"VALUES ({marks})", (*values, position, *own.values()))
        for i, quote in enumerate(c["quotes"]):
            self._q(conn, "INSERT INTO quote (claim_id, source_id, position, text) "
                    "VALUES (?, ?, ?, ?)", (c["id"], quote["source"], i, quote["text"]))
        for i, f in enumerate(c.get("figures", [])):
            self._q(conn, "INSERT INTO figure (claim_id, position, quantity_id, source_id, "
                    "value, of_total, hedge, low, high, unit, currency, noun, text, span_start, "
                    "span_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (c["id"], i, f["quantity"], f["source"], _real(f["value"]),
                     _real(f.get("of")), f.get("hedge"), _real(f.get("low")),
                     _real(f.get("high")), f.get("unit", "count"),
                     f.get("currency"), f.get("noun"), f["text"], f["span"][0], f["span"][1]))
        return 1 if existed is not None else 0

    def _upsert(self, conn: Any, table: str, columns: tuple[str, ...],
                values: tuple[Any, ...]) -> None:
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
        self._q(conn, f"INSERT INTO {table} ({names}) VALUES ({marks}) "  # noqa: S608
                f"ON CONFLICT (id) DO UPDATE SET {updates}", values)

    def _drop_derived_quantities(self, conn: Any, claim_ids: Iterable[str],
                                 declared: Iterable[str] = ()) -> None:
        """Remove the quantities made for these claims from their figures (``<claim id>.q<n>``,
        see ``formats.review``) that no figure counts any more, so a review imported again
        with fewer figures, or deleted, leaves none behind. Quantities a file declares
        (``declared``) stay, used or not."""
        claims = set(claim_ids)
        keep = set(declared)
        unused = [row_dict(r)["id"] for r in self._q(
            conn, "SELECT id FROM quantity WHERE id NOT IN (SELECT quantity_id FROM figure)")]
        for quantity_id in unused:
            if feeds.made_for(quantity_id) in claims and quantity_id not in keep:
                self._q(conn, "DELETE FROM quantity WHERE id = ?", (quantity_id,))

    def retire_claim(self, claim_id: str, retired: bool = True, *,
                     expect: Expectation | None = None) -> bool:
        """Retire a claim (kept, shown on its page, never matched) or bring it back.
        False when there is no such claim."""
        with self.backend.transaction() as conn:
            self._expected(conn, expect)
            cur = self._q(conn, "UPDATE claim SET retired_at = ? WHERE id = ?",
                          (now() if retired else None, claim_id))
            if cur.rowcount == 0:
                return False
            self._bump(conn)
        return True

    def delete_claim(self, claim_id: str, *, expect: Expectation | None = None) -> bool:
        """Delete a claim (its figures and the quantities only it gave go with it). False
        when there is no such claim."""
        with self.backend.transaction() as conn:
            self._expected(conn, expect)
            cur = self._q(conn, "DELETE FROM claim WHERE id = ?", (claim_id,))
            deleted = cur.rowcount > 0
            if deleted:
                self._drop_derived_quantities(conn, [claim_id])
                self._bump(conn)
        return deleted

    def export_document(self, name: str | None = None) -> dict[str, Any]:
        """The whole store as a claims file that ``import_document`` reads back unchanged."""
        corpus = self.load_corpus(retired=True)
        doc: dict[str, Any] = {"format": FORMAT}
        if name:
            doc["name"] = name
        doc["sources"] = [_drop_empty(s, keep=("title", "url", "published"))
                          for s in corpus.sources.values()]
        doc["quantities"] = [_drop_empty(q, keep=("noun",))
                             for q in corpus.quantities.values()]
        # What a feed last wrote of each claim goes along (``feeds.fingerprint``).
        digests = {r["id"]: r["feed_digest"] for r in self._all(
            "SELECT id, feed_digest FROM claim WHERE feed_digest IS NOT NULL")}
        doc["claims"] = [_export_claim(c, digests.get(c["id"])) for c in corpus.claims]
        return doc

class _DryRun(Exception):
    """Raised inside the import transaction to roll a dry run back."""



def _drop_empty(record: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in record.items()
            if k in keep or (v is not None and v != [] and v != "")}


def _export_claim(claim: dict[str, Any], feed_digest: str | None = None) -> dict[str, Any]:
    # retired_at stays, null or not: an export imported again (a backup restored) puts each
    # claim back as it was, retired or not (a file without the field leaves it as it is).
    out = _drop_empty({k: v for k, v in claim.items() if k not in ("quotes", "figures")},
                      keep=("retired_at",))
    out["quotes"] = claim["quotes"]
    if claim["figures"]:
        out["figures"] = [_drop_empty(f) for f in claim["figures"]]
    if feed_digest:
        out["feed_digest"] = feed_digest
    return out


def open_store(database: str, *, migrate: bool = True, create: bool = True,
               upgrade: bool = True) -> Store:
    """A store for a RECOUNT_DATABASE value, migrated to the current schema.

    Unless ``create``, only a database that is already Recount's is opened (a SQLite file
    that does not exist, or a database without Recount's tables, is refused rather than
    made one); unless ``upgrade``, only one at the current schema. A database that cannot
    be opened, read or migrated raises ``UnusableDatabase`` (a ``SettingError``) saying
    which and why."""
    store: Store | None = None
    try:
        store = Store(open_backend(database, create=create))
        store.backend.connection()
        if migrate:
            store.migrate(create=create, upgrade=upgrade)
    except Exception as exc:
        if store is not None:
            store.close()
        unusable = _unusable(exc, store, database)
        if unusable is None:
            raise  # a bug, not the database
        raise unusable from None
    return store


def _unusable(exc: Exception, store: Store | None, database: str) -> UnusableDatabase | None:
    """The message for ``exc`` met while opening ``database``; None when it is not about
    the database."""
    if isinstance(exc, UnusableDatabase):
        return exc
    where = store.backend.where() if store is not None else repr(mask_url(database))
    if isinstance(exc, migrations.MigrationFailed):
        return UnusableDatabase(
            f"cannot bring {where} to schema version {migrations.MIGRATIONS[-1].version} ({exc}); nothing "
            "was changed", "check that {setting}'s user may create tables there")
    if not isinstance(exc, (OSError, *_database_errors(store))):
        return None
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return UnusableDatabase(f"cannot open {where} ({reason})",
                            "point {setting} at a database Recount can read and write")


def _database_errors(store: Store | None) -> tuple[type[Exception], ...]:
    import sqlite3

    return store.backend.errors if store is not None else (sqlite3.Error,)


def _real(value: Any) -> float | None:
    """A figure's number as its column holds it: a whole number past SQLite's 64-bit
    integers (a claim's 30-digit count) is stored as the float it is compared as."""
    return None if value is None else float(value)
