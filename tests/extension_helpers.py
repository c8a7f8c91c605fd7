"""Shared pieces of the browser tests: Debian's Chromium driven by Playwright, a static
server for the repository's files (the extension's modules and the saved pages), and a
persistent browser context with the unpacked extension loaded.

Chromium is launched from ``RECOUNT_CHROMIUM`` (default ``/usr/bin/chromium``); tests that
need it skip with a clear reason when it is missing (``make test`` installs it).
"""

from __future__ import annotations

import atexit
import functools
import http.server
import json
import os
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
PAGES = ROOT / "shared" / "fixtures" / "pages"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path(os.environ.get("RECOUNT_CHROMIUM", "/usr/bin/chromium"))

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"Chromium not found at {CHROMIUM} (install Debian's chromium; `make test` does)",
)

#: Flags for a quiet, self-contained headless Chromium.
BASE_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps",
]

_playwright: Any = None

#: A plain news-like page: a headline and paragraphs in an <article>, after a navigation bar.
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body {{ font: 18px/1.6 Georgia, serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }}
{style}</style></head><body><nav><a href="#a">Home</a> <a href="#b">World</a></nav>
<article><h1>{title}</h1>{paragraphs}</article></body></html>"""
#: The boxes of the highlighted sentence holding `text` and of the launcher.
BOXES = """(text) => {
  const range = ["recount-conflicting", "recount-consistent", "recount-conflicting-next",
                 "recount-consistent-next"].flatMap((n) => [...(CSS.highlights.get(n) ?? [])])
    .find((r) => r.toString().includes(text));
  return { sentence: range.getBoundingClientRect().toJSON(),
           launcher: document.querySelector("recount-launcher").getBoundingClientRect().toJSON() };
}"""
#: What each saved page holds: its headline and paragraphs, and the furniture around them.
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


def match_sentences(server_url: str, sentences: list[str]) -> list[dict[str, Any]]:
    """The server's results for these sentences (the expectation for what a page shows)."""
    request = urllib.request.Request(
        server_url + "/api/v1/match", data=json.dumps({"sentences": sentences}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["results"]


def expected_counts(server_url: str, page: str, max_chars: int | None = None) -> tuple[int, int]:
    """(highlighted, conflicting) sentences the server's verdicts give a saved page whose
    paragraphs are one sentence each (misquoted.html), optionally only the short ones."""
    story = EXPECTED["pages"][page]
    sentences = [s for s in [story["headline"], *story["paragraphs"]]
                 if max_chars is None or len(s) <= max_chars]
    matched = [r for r in match_sentences(server_url, sentences) if r["matches"]]
    # A figure that differs only from what a checked claim said is not a conflict with the
    # sources (the card and the counts say it differs from the checked claim).
    conflicting = [r for r in matched if any(
        f["status"] == "conflicting" and not f["checked_claim"]
        for m in r["matches"] for f in m["figures"])]
    return len(matched), len(conflicting)


def playwright() -> Any:
    """One Playwright driver per test process (the sync API allows only one), stopped at exit."""
    global _playwright
    if _playwright is None:
        from playwright.sync_api import sync_playwright

        _playwright = sync_playwright().start()
        atexit.register(_playwright.stop)
    return _playwright


def launch_browser() -> Any:
    """A plain headless Chromium (no extension), for the pure-module tests."""
    return playwright().chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                        args=BASE_ARGS)


def launch_with_extension(user_data_dir: Path) -> tuple[Any, Any, str]:
    """A persistent context with the unpacked extension; returns (context, worker, id)."""
    ext = str(EXTENSION)
    context = playwright().chromium.launch_persistent_context(
        str(user_data_dir), executable_path=str(CHROMIUM), headless=True,
        args=[*BASE_ARGS, f"--disable-extensions-except={ext}", f"--load-extension={ext}"],
        viewport={"width": 1280, "height": 860})
    workers = context.service_workers
    worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=15000)
    extension_id = worker.url.split("/")[2]
    return context, worker, extension_id


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class StaticServer:
    """The repository's files over HTTP on loopback (ES modules need http, not file:)."""

    def __init__(self, root: Path = ROOT) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def page(self, name: str) -> str:
        """URL of a saved page in shared/fixtures/pages."""
        return f"{self.url}/shared/fixtures/pages/{name}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@contextmanager
def static_server() -> Iterator[StaticServer]:
    server = StaticServer()
    try:
        yield server
    finally:
        server.stop()


def wait_until(predicate: Any, timeout: float = 10.0, interval: float = 0.1,
               message: str = "condition") -> Any:
    """Polls ``predicate`` until it returns something truthy; fails after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(interval)


@contextmanager
def tabs(ext: LoadedExtension) -> Iterator[Any]:
    """A function that opens pages in new tabs (see ``LoadedExtension.open``); the tabs are
    closed on leaving."""
    opened = []

    def open_(url: str, **kwargs: Any) -> Any:
        page = ext.open(url, **kwargs)
        opened.append(page)
        return page

    try:
        yield open_
    finally:
        for page in opened:
            if not page.is_closed():
                page.close()


def artifact(name: str) -> Path:
    """A path under artifacts/ (git-ignored) for screenshots the tests leave behind."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


class LoadedExtension:
    """The unpacked extension in a persistent Chromium profile, with helpers for tests."""

    def __init__(self, user_data_dir: Path) -> None:
        self.context, self._worker, self.id = launch_with_extension(user_data_dir)

    @property
    def worker(self) -> Any:
        """The extension's service worker (a new one if Chromium restarted it)."""
        for worker in reversed(self.context.service_workers):
            if self.id in worker.url:
                return worker
        return self.context.wait_for_event("serviceworker", timeout=15000)

    def url(self, path: str) -> str:
        return f"chrome-extension://{self.id}/{path}"

    def settings(self) -> dict[str, Any]:
        return self.worker.evaluate("chrome.storage.local.get(['serverUrl', 'autoCheck', "
                                    "'autoCheckSites'])")

    def configure(self, **settings: Any) -> None:
        """Stores settings as the options page would, then waits until automatic checking
        is registered accordingly (settings apply from the next page load)."""
        self.worker.evaluate("(s) => chrome.storage.local.set(s)", settings)
        mode = settings.get("autoCheck")
        if mode in ("off", "all"):
            want = [] if mode == "off" else [["*://*/*"]]
            wait_until(lambda: self.worker.evaluate(
                "chrome.scripting.getRegisteredContentScripts()"
                ".then((scripts) => scripts.map((s) => s.matches))") == want,
                message=f"automatic checking to be {mode}")

    def open(self, url: str, state: tuple[str, ...] = ("done", "error")) -> Any:
        """Opens a page in a new tab and waits for Recount to finish checking it."""
        page = self.context.new_page()
        page.goto(url)
        if state:
            page.wait_for_function(
                "(states) => states.includes(document.documentElement.dataset.recountState)",
                arg=list(state), timeout=20000)
        return page

    def tab_id(self, url: str) -> int:
        return self.worker.evaluate(
            "(url) => chrome.tabs.query({url}).then((tabs) => tabs[0].id)", url)

    def toolbar(self, url: str, what: str, settled: Any, timeout: float = 5.0) -> str:
        """The toolbar button's ``what`` ("Title" or "BadgeText") for the tab showing ``url``
        once ``settled(value)`` holds, or its last value after ``timeout`` s: the background
        sets it when the page's message arrives, a moment after the page shows its state."""
        tab_id = self.tab_id(url)
        deadline = time.monotonic() + timeout
        while True:
            value = self.worker.evaluate(
                f"(tabId) => chrome.action.get{what}({{tabId}})", tab_id)
            if settled(value) or time.monotonic() > deadline:
                return value
            time.sleep(0.1)

    def close(self) -> None:
        self.context.close()


@contextmanager
def checking_everything(server_url: str, profile: Path) -> Iterator[LoadedExtension]:
    """The extension in a new profile, pointed at ``server_url`` and checking every page
    as it loads; closed afterwards."""
    extension = LoadedExtension(profile)
    extension.configure(serverUrl=server_url, autoCheck="all")
    try:
        yield extension
    finally:
        extension.close()


def allow_in_browser(ext: LoadedExtension, origins: list[str]) -> None:
    """Allows hosts for Recount as a reader does in the browser's extension settings."""
    page = ext.context.new_page()
    try:
        page.goto("chrome://extensions")
        page.evaluate("""([id, origins]) => Promise.all(origins.map((origin) =>
          chrome.developerPrivate.addHostPermission(id, origin)))""", [ext.id, origins])
    finally:
        page.close()


def write_page(folder: Path, name: str, title: str, paragraphs: list[str],
               style: str = "") -> str:
    """Writes a plain page (``PAGE``) of ``paragraphs`` into ``folder``; returns its name."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    (folder / name).write_text(PAGE.format(title=title, paragraphs=body, style=style),
                               encoding="utf-8")
    return name
