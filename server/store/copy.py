"""Copying a whole database into another, of either kind: how a group moves its SQLite file
to PostgreSQL (or back) keeping everything, not only what an export carries.

Every row of every table is copied as it is (claims, sources, quantities, keys, readers'
reports, accepted suppressions, stored claim vectors, the secret and versions in ``meta``),
read from one snapshot of the source and written in one transaction into a target that is
empty: a failed copy leaves nothing half written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .backends import UnusableDatabase
from .store import Store

#: Recount's tables, parents before the tables whose rows point to theirs (foreign keys).
TABLES = ("source", "source_cites", "quantity", "claim", "quote", "figure", "feedback",
          "api_key", "suppression", "text_vector", "meta")
#: Rows written per statement.
BATCH = 1000


def copy_database(source: Store, target: Store,
                  progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Copy every row of ``source`` into the empty ``target`` (both at this Recount's
    schema); returns the rows copied per table. ``progress`` is told of each batch."""
    unknown = source.backend.tables(source.backend.connection()) - set(TABLES) \
        - {"schema_migrations"}
    if unknown:  # a table a migration added and this list forgot: it would be lost
        raise RuntimeError(f"copy_database does not know the tables {sorted(unknown)}")
    held = [table for table in TABLES if table != "meta" and _count(target, table)]
    if held:
        raise UnusableDatabase(f"{target.backend.where()} is not empty (it holds rows of "
                               f"{', '.join(held)})", "copy into a new or empty database")
    copied: dict[str, int] = {}
    with source.backend.snapshot() as reading, target.backend.transaction() as writing:
        writing.execute(target.backend.sql("DELETE FROM meta"))  # the source's, instead
        out = writing.cursor()  # executemany is a cursor's in psycopg
        for table in TABLES:
            cursor = reading.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            columns = [d[0] for d in cursor.description]
            insert = target.backend.sql(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - fixed names
                f"VALUES ({', '.join('?' for _ in columns)})")
            copied[table] = 0
            while rows := cursor.fetchmany(BATCH):
                values = [_values(row, columns) for row in rows]
                out.executemany(insert, values)
                copied[table] += len(values)
                if progress is not None:
                    progress(len(values))
    return copied


def rows_to_copy(store: Store) -> int:
    """How many rows ``copy_database`` would copy (for a progress bar)."""
    return sum(_count(store, table) for table in TABLES)


def _count(store: Store, table: str) -> int:
    row = store._one(f"SELECT COUNT(*) AS n FROM {table}")  # noqa: S608 - fixed names
    return int(row["n"]) if row else 0


def _values(row: Any, columns: list[str]) -> tuple[Any, ...]:
    # sqlite3.Row is a sequence; psycopg's rows here are dicts.
    return tuple(row[c] for c in columns) if isinstance(row, dict) else tuple(row)
