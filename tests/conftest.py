"""Fixtures in the flaskr style: an app on a temporary database, its client and CLI runner,
and a real server process on loopback for end-to-end tests (one with an editor's key for
the /review pages); for the browser tests, the repository's files over loopback HTTP and
the unpacked extension in Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.app import create_app

from .extension_helpers import checking_everything, static_server, tabs
from .pg import new_database, postgres_server  # noqa: F401 - fixtures for the store tests

ROOT = Path(__file__).resolve().parent.parent
#: Team material beside the repository; tests that read it skip when it is absent.
TEAM_SHARED = ROOT.parent / "shared"


def team_shared(*parts: str) -> Path:
    path = TEAM_SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def articles() -> list[Path]:
    """The five source articles in the team material (skips when it is absent)."""
    files = sorted(team_shared("articles").glob("*.txt"))
    if not files:
        pytest.skip("no articles in the team material")
    return files


@pytest.fixture
def app(tmp_path: Path):
    app = create_app({"DATABASE": str(tmp_path / "recount.db"), "LOAD_DEMO": True,
                      "TESTING": True})
    yield app
    app.extensions["recount"]["store"].close()


@pytest.fixture
def empty_app(tmp_path: Path):
    app = create_app({"DATABASE": str(tmp_path / "empty.db"), "LOAD_DEMO": False,
                      "TESTING": True})
    yield app
    app.extensions["recount"]["store"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A real ``recount serve`` process on loopback with its own database."""

    def __init__(self, database: Path, env: dict[str, str] | None = None,
                 args: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = database
        self.log = database.with_suffix(".log")
        # The demo claims unless ``env`` says otherwise (``recount serve`` alone serves none).
        environ = {**os.environ, "RECOUNT_DATABASE": str(database), "RECOUNT_LOAD_DEMO": "true",
                   "RECOUNT_PORT": str(self.port), **(env or {})}
        self._log_file = open(self.log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", *args], cwd=ROOT, env=environ,
            stdout=self._log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited:\n" + self.log.read_text())
            try:
                with urllib.request.urlopen(self.url + "/api/v1/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start:\n" + self.log.read_text())

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log_file.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """One real server with the demo database, shared by the end-to-end tests."""
    server = LiveServer(tmp_path_factory.mktemp("live") / "recount.db")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def editor_server(tmp_path_factory):
    """A real server on the demo claims with an editor's key, for the /review page in a
    browser; its own database, as it takes reports and decisions."""
    server = LiveServer(tmp_path_factory.mktemp("review") / "recount.db")
    made = subprocess.run([sys.executable, "-m", "server.cli", "keys", "create", "--name",
                           "editor", "--database", str(server.database)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    server.key = made.stdout.split()[-1]  # type: ignore[attr-defined]
    yield server
    server.stop()


@pytest.fixture(scope="module")
def pages():
    """The repository's files (the saved pages among them) over loopback HTTP."""
    with static_server() as server:
        yield server


@pytest.fixture(scope="module")
def ext(live_server, tmp_path_factory):
    """The unpacked extension in a new Chromium profile, checking every page against the
    live server as it loads."""
    with checking_everything(live_server.url, tmp_path_factory.mktemp("profile")) as extension:
        yield extension


@pytest.fixture
def tab(ext):
    """Opens pages in new tabs and closes them after the test."""
    with tabs(ext) as open_:
        yield open_
