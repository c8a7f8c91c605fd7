"""A throwaway PostgreSQL cluster for the tests, and a ``new_database`` fixture that gives a
test fresh empty databases on each backend (SQLite, then PostgreSQL), so one store test suite
runs on both.

The cluster is started once per session from the server binaries on this machine (``initdb``,
``pg_ctl`` in PATH or ``/usr/lib/postgresql/<version>/bin``; Debian: ``apt-get install
postgresql``) in a temporary directory, listens only on a Unix socket, and is stopped at the
end. PostgreSQL refuses to run as root, so under root it runs as the ``postgres`` user (or
``nobody``). Tests that need it are skipped, with the reason, when it cannot be started.
``RECOUNT_TEST_POSTGRES_URL`` points the tests at an existing database instead (each test
then creates and drops a schema of its own there).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

#: Names the fixture accepts; the store and migration tests run once for each.
BACKENDS = ("sqlite", "postgresql")


def find_bin() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``: PATH first, then Debian's layout."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda p: int(re.sub(r"\D", "", p.parts[-3]) or 0), reverse=True)
    return versions[0].parent if versions else None


def _run_as() -> str | None:
    """The user to run the server as: ourselves, or an unprivileged account under root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root and there is no 'postgres' or 'nobody' user to run "
                       "the PostgreSQL server as (it refuses to run as root)")


class Cluster:
    """A PostgreSQL cluster in a temporary directory, reached over a Unix socket."""

    def __init__(self, bindir: Path, root: Path | None = None, port: int = 5432) -> None:
        self.bindir = bindir
        self.port = port  # only names the socket file: there is no TCP listener
        self.user = _run_as()
        # Short path: a Unix socket path must fit in about 100 characters.
        self.root = root or Path(tempfile.mkdtemp(prefix="recount-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@/{dbname}?host={quote(str(self.root))}&port={self.port}"

    def _run(self, *args: str) -> None:
        # cwd: the server user may not be allowed into ours (a checkout under /root).
        proc = subprocess.run([str(self.bindir / args[0]), *args[1:]], user=self.user,
                              cwd=self.root, capture_output=True, text=True, timeout=120,
                              check=False)
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed ({proc.returncode}):\n"
                               f"{proc.stdout}{proc.stderr}{log}")

    def start(self) -> None:
        (self.root / "owner.pid").write_text(str(os.getpid()))
        if self.user:
            shutil.chown(self.root, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--locale=C.UTF-8", "--encoding=UTF8", "--no-sync")
        # fsync off: the cluster is thrown away, and the tests run several times faster.
        options = (f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "60", "start")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def reap_stale_clusters(bindir: Path) -> None:
    """Stop clusters left by test runs that were killed before their teardown ran."""
    for root in Path(tempfile.gettempdir()).glob("recount-pg-*"):
        try:
            owner = int((root / "owner.pid").read_text())
            os.kill(owner, 0)
            continue  # its test run is still going
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue  # not ours to judge (no owner file yet, or someone else's process)
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            Cluster(bindir, root).stop()


class Server:
    """What the tests get: fresh empty databases on a running PostgreSQL server.

    Each "database" is a schema of its own in one server database, reached through a URL
    whose connections use that schema only (``search_path``): creating and dropping a schema
    takes microseconds where a database takes a tenth of a second. The URL also sets
    ``application_name`` to the schema, so a test can find its own connections.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._names = itertools.count(1)

    def _admin(self):
        import psycopg

        return psycopg.connect(self.url, autocommit=True)

    def new_database(self) -> str:
        """A fresh empty database; its postgresql:// URL."""
        name = f"recount_test_{os.getpid()}_{next(self._names)}"
        with self._admin() as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            conn.execute(f"CREATE SCHEMA {name}")
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}options=-csearch_path%3D{name}&application_name={name}"

    @staticmethod
    def name(url: str) -> str:
        return url.rsplit("application_name=", 1)[1]

    def drop(self, url: str) -> None:
        with self._admin() as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {self.name(url)} CASCADE")

    def sessions(self, url: str) -> list[str]:
        """States (``idle``, ``active``...) of the open connections to ``url``."""
        with self._admin() as conn:
            rows = conn.execute("SELECT state FROM pg_stat_activity "
                                "WHERE application_name = %s", (self.name(url),)).fetchall()
        return sorted(r[0] for r in rows)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A PostgreSQL server for the session, or a skip saying why there is none."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install -e '.[postgres]')")
    external = os.environ.get("RECOUNT_TEST_POSTGRES_URL")
    if external:
        yield Server(external)
        return
    bindir = find_bin()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) in PATH or "
                    "/usr/lib/postgresql/*/bin; install them with: apt-get install postgresql")
    reap_stale_clusters(bindir)
    try:
        cluster = Cluster(bindir)
    except RuntimeError as exc:
        pytest.skip(str(exc))
    try:
        cluster.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        cluster.stop()
        pytest.skip(f"could not start a throwaway PostgreSQL cluster: {exc}")
    try:
        yield Server(cluster.url("postgres"))
    finally:
        cluster.stop()


@pytest.fixture(params=BACKENDS)
def new_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Makes fresh empty databases: SQLite files, then (second run) PostgreSQL schemas.

    Returns a function; each call gives a new database's path or postgresql:// URL.
    """
    made: list[str] = []
    server: Server | None = None
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres_server")

    def make() -> str:
        url = server.new_database() if server else str(tmp_path / f"db{len(made) + 1}.db")
        made.append(url)
        return url

    yield make
    if server:
        for url in made:
            server.drop(url)
