"""Database connections: SQLite (one file, WAL, foreign keys on) or PostgreSQL.

The store writes SQL once with ``?`` placeholders; a backend opens connections and adapts
the placeholder style. Nothing else in Recount knows which database is in use.
"""

from __future__ import annotations

import select
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import Any

from .. import settings
from ..settings import SettingError

#: The key of the PostgreSQL advisory lock migrations hold: servers and commands starting
#: together on one database take turns (any fixed number; this one spells "recount").
MIGRATION_LOCK = 0x7265636F756E74

#: Seconds a SQLite statement waits for another process's write (an import, a backup) to
#: end before it gives up with "database is locked".
BUSY_TIMEOUT = 30.0


class UnusableDatabase(SettingError):
    """A database a command cannot use, and why; the message names the setting (or the
    option) the database came from, ``RECOUNT_DATABASE`` unless told otherwise."""

    def __init__(self, problem: str, advice: str = "", *, fresh: bool = False) -> None:
        self.problem = problem
        self.advice = advice
        #: Nothing is there yet: a command that makes databases would make one here.
        self.fresh = fresh
        super().__init__(self.message())

    def message(self, setting: str = "RECOUNT_DATABASE") -> str:
        advice = f"; {self.advice.format(setting=setting)}" if self.advice else ""
        return f"{setting}: {self.problem}{advice}."


class Backend:
    """What the store needs from a database: connections and a placeholder style."""

    name = "abstract"
    #: Errors raised when a constraint (unique, foreign key, check) is violated.
    integrity_errors: tuple[type[Exception], ...] = ()
    #: Errors raised when the database cannot be reached or read.
    errors: tuple[type[Exception], ...] = ()

    def __init__(self) -> None:
        # One connection per thread, all remembered so close() reaches every thread's.
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    def connect(self) -> Any:
        raise NotImplementedError

    def _stale(self, conn: Any) -> bool:
        """Whether a thread's connection must be replaced before use."""
        return False

    def _closed(self, conn: Any) -> bool:
        return False

    def sql(self, statement: str) -> str:
        return statement

    def tables(self, conn: Any) -> set[str]:
        """The names of the tables Recount would create its own beside."""
        raise NotImplementedError

    def lock_migrations(self, conn: Any) -> None:
        """Hold, until the transaction ends, the lock that makes migrations take turns."""

    def where(self) -> str:
        """The database as an error may name it (never with a password)."""
        return self.describe()

    def unavailable(self, exc: BaseException) -> bool:
        """Whether ``exc`` says the database cannot be reached or read right now (the
        server answers 503), rather than that a statement is wrong (a bug: 500)."""
        return False

    def advice(self, exc: BaseException) -> str:
        """What an operator can do about ``exc``, an error ``unavailable`` accepts."""
        return "run the command again when the database is back"

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        conn = self.connection()
        self._local.writing = True
        try:
            yield conn
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            self._local.writing = False

    def writing(self) -> bool:
        """Whether this thread is inside ``transaction``: its reads then belong to it."""
        return getattr(self._local, "writing", False)

    def lock_claim(self, conn: Any, claim_id: str) -> None:
        """Hold, until the transaction ends, the claim's row against other writers (SQLite's
        transactions hold the whole database already)."""

    def snapshot(self) -> AbstractContextManager[Any]:
        """A connection whose reads all see the database as it was at one moment, while
        others go on writing (a copy of every table must not mix two states)."""
        raise NotImplementedError

    def connection(self) -> Any:
        """This thread's connection, opened on first use (or when stale)."""
        conn = getattr(self._local, "conn", None)
        if conn is None or self._stale(conn):
            if conn is not None:
                with suppress(Exception):  # a dead connection may fail to close: it is gone
                    conn.close()
            conn = self.connect()
            self._local.conn = conn
            with self._lock:
                self._all = [c for c in self._all if not self._closed(c)]
                self._all.append(conn)
        return conn

    def close(self) -> None:
        """Close every thread's connection (an unclosed one holds a file or a server backend)."""
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    def describe(self) -> str:
        return self.name


class SQLiteBackend(Backend):
    """One SQLite file; a connection per thread (sqlite3 connections are not shared)."""

    name = "sqlite"
    integrity_errors = (sqlite3.IntegrityError,)
    errors = (sqlite3.Error,)

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        super().__init__()
        self.path = str(path)
        if self.path == ":memory:":
            return
        if create:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        elif not Path(self.path).exists():
            # sqlite3 would make an empty file (and an export of it would be empty).
            raise UnusableDatabase(f"there is no database at {self.path!r}",
                                   "create one with `recount init-db`, or point {setting} "
                                   "at an existing one", fresh=True)

    def connect(self) -> sqlite3.Connection:
        # Each thread uses only its own connection; check_same_thread=False lets close()
        # (on whichever thread shuts down) close the others' connections too.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None,
                               check_same_thread=False)
        conn.row_factory = sqlite3.Row
        # SQLite's own LOWER() folds ASCII only: a search for "österreich" would miss
        # "Österreich" (the words searched for are lowered by Python).
        conn.create_function("lower", 1, _lower, deterministic=True)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        if self.path != ":memory:":
            _use_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
        # Explicit transactions: BEGIN is issued by transaction() below.
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        self._local.writing = True
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            # SQLite has already rolled back after some errors (a full disk, an I/O error):
            # a ROLLBACK then would fail and hide the error that says what happened.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            self._local.writing = False

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        # A deferred transaction in WAL mode reads one snapshot and takes no write lock.
        conn.execute("BEGIN DEFERRED")
        try:
            yield conn
        finally:
            if conn.in_transaction:  # not after an error SQLite rolled back itself
                conn.execute("ROLLBACK")

    def tables(self, conn: Any) -> set[str]:
        return {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}

    def close(self) -> None:
        # What is still in the write-ahead log goes into the file itself first, so the file
        # alone holds everything once its last user has closed it.
        with self._lock:
            conn = self._all[0] if self._all else None
            if conn is not None and self.path != ":memory:":
                with suppress(sqlite3.Error):  # busy with another process: it checkpoints
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        super().close()

    def backup(self, target: str) -> None:
        """Copy the database, as it is at one moment, into a new SQLite file ``target``
        (SQLite's online backup: safe while servers write; the write-ahead log included)."""
        destination = sqlite3.connect(target)
        try:
            self.connection().backup(destination)
        finally:
            destination.close()

    def where(self) -> str:
        return repr(self.path)

    def unavailable(self, exc: BaseException) -> bool:
        # By SQLite's own error code: cannot open, locked past the timeout, disk I/O,
        # read-only, full, not (or no longer) a database. A wrong statement or a missing
        # table is SQLITE_ERROR, also an OperationalError: a bug (500), not an outage.
        name = getattr(exc, "sqlite_errorname", None)
        return isinstance(exc, sqlite3.DatabaseError) and bool(name) and \
            str(name).startswith(_SQLITE_UNAVAILABLE)

    def advice(self, exc: BaseException) -> str:
        name = str(getattr(exc, "sqlite_errorname", ""))
        for codes, advice in _SQLITE_ADVICE:
            if name.startswith(codes):
                return advice.format(seconds=round(BUSY_TIMEOUT))
        return super().advice(exc)

    def describe(self) -> str:
        return f"sqlite:{self.path}"


#: SQLite's result codes (and their extended forms) that say the file cannot be used now.
_SQLITE_UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR",
                       "SQLITE_READONLY", "SQLITE_FULL", "SQLITE_NOTADB", "SQLITE_CORRUPT",
                       "SQLITE_PROTOCOL", "SQLITE_PERM")


#: What an operator can do, by SQLite's result code.
_SQLITE_ADVICE = (
    (("SQLITE_BUSY", "SQLITE_LOCKED"),
     "another process (an import, a backup) kept it busy for over {seconds} s; run the "
     "command again when that is done"),
    (("SQLITE_FULL",), "the disk is full; free some space and run the command again"),
    (("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN"),
     "this user cannot write the file or its folder; check their owner and permissions"),
    (("SQLITE_IOERR", "SQLITE_CORRUPT", "SQLITE_NOTADB"),
     "the file cannot be read or written as it should; check the disk, and put a backup "
     "in its place if this goes on"),
)


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode (kept by the file: once is enough). The switch needs the
    file to itself and SQLite does not wait for it (no busy handler), so processes opening
    a new file together would fail at once ("database is locked"): they retry."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return  # switched (or, where WAL cannot be, left as it was, as SQLite does)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class PostgresBackend(Backend):
    """A PostgreSQL server through psycopg 3 (install the ``postgres`` extra)."""

    name = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError:  # pragma: no cover - depends on the install
            raise UnusableDatabase(
                "a PostgreSQL URL, but psycopg is not installed",
                "install it into Recount's environment: .venv/bin/pip install -e "
                "'.[postgres]' in the checkout") from None
        self._psycopg = psycopg
        self._row = dict_row
        self._idle = psycopg.pq.TransactionStatus.IDLE
        self.url = url
        self.integrity_errors = (psycopg.IntegrityError,)
        self.errors = (psycopg.Error,)
        super().__init__()

    def connect(self) -> Any:
        return self._psycopg.connect(self.url, row_factory=self._row)

    def _stale(self, conn: Any) -> bool:
        if conn.closed or conn.broken:
            return True
        # An idle connection has nothing to read unless the server ended it (a restart, an
        # administrator): its last words and end of file wait in the socket. Found here, a
        # new connection is made before the request uses the dead one and fails.
        try:
            poller = select.poll()  # not select(): a busy server may have fds past 1024
            poller.register(conn.fileno(), select.POLLIN)
            readable = poller.poll(0)
        except (OSError, ValueError, self._psycopg.Error):
            return True
        return bool(readable) and conn.info.transaction_status == self._idle

    def tables(self, conn: Any) -> set[str]:
        return {r["table_name"] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()")}

    def lock_migrations(self, conn: Any) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))

    @contextmanager
    def snapshot(self) -> Iterator[Any]:
        conn = self.connection()
        conn.rollback()  # psycopg may hold a transaction from an earlier read: end it
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            yield conn
        finally:
            conn.rollback()

    def where(self) -> str:
        return repr(settings.mask_url(self.url))

    def _closed(self, conn: Any) -> bool:
        return bool(conn.closed)

    def unavailable(self, exc: BaseException) -> bool:
        # Refused or lost connections, a server shutting down, too many clients.
        return isinstance(exc, self._psycopg.OperationalError)

    def advice(self, exc: BaseException) -> str:
        return ("the server could not be reached or ended the connection; run the command "
                "again when it is back")

    def lock_claim(self, conn: Any, claim_id: str) -> None:
        conn.execute("SELECT id FROM claim WHERE id = %s FOR UPDATE", (claim_id,))

    def sql(self, statement: str) -> str:
        # Only placeholders differ in the SQL the store writes; no literal contains '?'.
        return statement.replace("?", "%s")

    def describe(self) -> str:
        return "postgresql"


def _lower(text: str | None) -> str | None:
    return text.lower() if isinstance(text, str) else text


def open_backend(database: str, *, create: bool = True) -> Backend:
    """A backend for a RECOUNT_DATABASE value: a file path or a postgresql:// URL.

    Unless ``create``, a SQLite file that does not exist is refused, not made."""
    # "postgresql+psycopg://...", "mysql://...", "": not a file name to create.
    database = settings.database(database)
    if database.lower().startswith(("postgresql://", "postgres://")):
        return PostgresBackend(database)
    if database.lower().startswith("sqlite:///"):
        database = database[len("sqlite:///") :]
    return SQLiteBackend(database, create=create)
