"""A server that takes its time: the extension in headless Chromium against a loopback
server that holds every request open. The reader is told within the one time limit a
check of a page has (the digest and the match requests share it), not after each request
has used up a limit of its own.
"""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.extension_helpers import needs_chromium

pytestmark = needs_chromium

#: The time limit the notice names (seconds), and what a reader may wait beyond it for the
#: worker to start and the notice to be drawn.
LIMIT_S = 20
SLACK_S = 6


class SlowServer:
    """Answers nothing until released: records each request's path, then holds it open."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.release = threading.Event()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def handle_one_request(self) -> None:
                # The browser gives up and closes the connection: nothing to answer.
                with contextlib.suppress(OSError):
                    super().handle_one_request()

            def hold(self) -> None:
                outer.paths.append(self.path)
                outer.release.wait(90)
                self.send_error(503)

            do_GET = do_POST = do_OPTIONS = hold

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def slow_server() -> Iterator[SlowServer]:
    server = SlowServer()
    yield server
    server.stop()


def test_a_slow_server_is_reported_within_one_time_limit(ext, live_server, pages, tab,
                                                         slow_server):
    """The page asks for the digest, then sends its sentences: a server that answers
    neither is reported once the check's one limit has passed, not once per request."""
    ext.configure(serverUrl=slow_server.url)
    try:
        started = time.monotonic()
        page = tab(pages.page("misquoted.html"), state=())
        page.wait_for_function("document.documentElement.dataset.recountState === 'error'",
                               timeout=(LIMIT_S + SLACK_S) * 1000)
        waited = time.monotonic() - started
        assert LIMIT_S - 1 <= waited <= LIMIT_S + SLACK_S, waited
        assert "/api/v1/digest" in slow_server.paths
        notice = page.locator("recount-launcher .notice").inner_text()
        assert "slow to answer" in notice and "cannot be reached" not in notice
        popup = tab(ext.url("popup/popup.html"), state=())
        summary = popup.evaluate("(tabId) => chrome.tabs.sendMessage(tabId, "
                                 "{ type: 'recount/get-summary' })", ext.tab_id(page.url))
        assert summary["ok"] and summary["data"]["error"]["kind"] == "timeout"
        assert f"did not answer within {LIMIT_S} seconds" in summary["data"]["error"]["detail"]
    finally:
        ext.configure(serverUrl=live_server.url)
