"""Host permissions given back: the options page, in Debian's Chromium with the unpacked
extension, saving narrower settings than before (a site taken off the list, automatic
checking switched off or narrowed from every site, another server) gives back the host
permissions the new settings no longer need, keeps the manifest's own and those still
needed, and keeps the save when giving back fails.

A headless browser cannot answer a permission prompt, so each test first allows the hosts
as a reader does in the browser's extension settings (chrome://extensions, "Site access":
`developerPrivate.addHostPermission`); the browser then grants them, without a prompt,
when Saving asks for them, as it does once the reader has accepted its prompt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.extension_helpers import (
    allow_in_browser,
    checking_everything,
    needs_chromium,
    wait_until,
)

pytestmark = needs_chromium

#: The manifest's own host permission: never given back.
REQUIRED = "http://127.0.0.1/*"
SAVED = "Saved. Open pages are checked again with the server"


def held(ext: Any) -> set[str]:
    """The host permissions the browser grants Recount now."""
    return set(ext.worker.evaluate("chrome.permissions.getAll()")["origins"])


@contextmanager
def options_page(ext: Any, init_script: str | None = None) -> Iterator[Any]:
    page = ext.context.new_page()
    if init_script:
        page.add_init_script(init_script)
    page.goto(ext.url("options/options.html"))
    try:
        yield page
    finally:
        page.close()


def save(page: Any, auto_check: str, sites: str = "", server: str | None = None,
         then: str = SAVED) -> str:
    """Fills the form, clicks Save and returns the status once it contains ``then``."""
    if server is not None:
        page.get_by_label("Recount server URL").fill(server)
    page.locator(f'input[name="autoCheck"][value="{auto_check}"]').check()
    page.locator("#auto-check-sites").fill(sites)
    page.get_by_role("button", name="Save").click()
    status = page.locator("#save-status")
    wait_until(lambda: then in status.inner_text(), message=f"the status to say {then!r}")
    return status.inner_text()


@contextmanager
def checking_all_after(ext: Any) -> Iterator[None]:
    """Puts back the settings the ``ext`` fixture gives (its server, every site) after."""
    served = ext.settings()["serverUrl"]
    try:
        yield
    finally:
        ext.configure(serverUrl=served, autoCheck="all")


def given_back(status: str) -> set[str]:
    """The sites a save's status says Recount gave back."""
    found = re.search(r"gave back its access to (.*?), which it no longer needs", status)
    return set(found.group(1).split(", ")) if found else set()


def test_sites_no_longer_listed_are_given_back(ext):
    sites = ["https://a.example/*", "https://www.a.example/*",
             "https://b.example/*", "https://www.b.example/*"]
    allow_in_browser(ext, sites)
    with options_page(ext) as page, checking_all_after(ext):
        save(page, "listed", "a.example\nb.example")
        assert held(ext) == {REQUIRED, *sites}
        status = save(page, "listed", "a.example", then="which it no longer needs")
        assert given_back(status) == {"b.example", "www.b.example"}
        assert held(ext) == {REQUIRED, "https://a.example/*", "https://www.a.example/*"}
        # Off: every listed site goes, the manifest's own origin (the server's) stays.
        status = save(page, "off", then="which it no longer needs")
        assert given_back(status) == {"a.example", "www.a.example"}
        assert held(ext) == {REQUIRED}
        # Nothing left to give back: the status says only that it saved.
        assert save(page, "off").endswith("from the next page you load.")


def test_the_old_servers_origin_is_given_back(ext, live_server):
    port = live_server.url.rsplit(":", 1)[1]
    allow_in_browser(ext, ["http://localhost/*"])
    with checking_all_after(ext), options_page(ext) as page:
        save(page, "off", server=f"http://localhost:{port}")
        assert held(ext) == {REQUIRED, "http://localhost/*"}
        status = save(page, "off", server=live_server.url, then="which it no longer needs")
        assert given_back(status) == {"localhost"}
        assert held(ext) == {REQUIRED}


def test_a_failure_to_give_back_keeps_the_save_and_says_so(ext):
    allow_in_browser(ext, ["https://c.example/*", "https://www.c.example/*"])
    # The browser refusing to give a permission back (fault injected: Chromium has no way
    # to make it fail on its own).
    refuse = "chrome.permissions.remove = () => Promise.reject(new Error('removal blocked'));"
    with checking_all_after(ext):
        with options_page(ext) as page:
            save(page, "listed", "c.example")
        with options_page(ext, refuse) as page:
            status = save(page, "off", then="could not give back")
            assert status.startswith(SAVED)
            assert "its access to c.example, www.c.example (removal blocked)" in status
            assert "browser's extension settings" in status
            assert ext.settings()["autoCheck"] == "off"
            assert "https://c.example/*" in held(ext)
        with options_page(ext) as page:  # the next save gives it back
            save(page, "off", then="which it no longer needs")
            assert held(ext) == {REQUIRED}


def test_every_site_is_given_back_and_what_is_still_needed_kept(live_server, tmp_path: Path):
    """From every site to one listed site, with a server on localhost: Chrome gives back,
    with every site, every pattern inside it; what the settings still need is asked for
    again at once, and the browser grants it without a prompt (the reader allowed it)."""
    port = live_server.url.rsplit(":", 1)[1]
    server = f"http://localhost:{port}"
    # Its own browser: Chrome also takes the manifest's own origin along until it next
    # starts the extension, which the other tests' server needs.
    with checking_everything(live_server.url, tmp_path / "profile") as ext:
        allow_in_browser(ext, ["*://*/*", "http://localhost/*"])
        with options_page(ext) as page:
            save(page, "all", server=server)
            assert {"*://*/*", "http://localhost/*"} <= held(ext)
            status = save(page, "listed", "a.example", server=server,
                          then="which it no longer needs")
            assert given_back(status) == {"every site"}
            assert "Save again" not in status
            now = held(ext)
            assert "*://*/*" not in now
            assert {"http://localhost/*", "https://a.example/*",
                    "https://www.a.example/*"} <= now
            assert ext.settings()["autoCheckSites"] == ["https://a.example"]


def test_every_site_given_back_keeps_the_default_server_or_asks_for_it(live_server,
                                                                       tmp_path: Path):
    """From every site to off with the default server (on 127.0.0.1): every site is given
    back; Chrome takes the manifest's own origin along with it, and the reader is asked at
    once to allow the server again (a prompt this headless browser leaves unanswered)."""
    with checking_everything(live_server.url, tmp_path / "profile") as ext:
        allow_in_browser(ext, ["*://*/*"])
        with options_page(ext) as page:
            save(page, "all")
            assert "*://*/*" in held(ext)
            status = save(page, "off", then="which it no longer needs")
            assert given_back(status) == {"every site"}
            assert "*://*/*" not in held(ext)
            asked = status.endswith("The browser took its access to 127.0.0.1 with it: "
                                    "allow it again when the browser asks.")
            assert REQUIRED in held(ext) or asked, status
            assert ext.settings()["autoCheck"] == "off"


def test_a_server_reached_over_plain_http_elsewhere_is_saved_with_a_warning(ext):
    """Sentences sent over plain http to another computer can be read on the way: saving
    such a server says so (the reader may mean it, on a home network); https, or http on
    this computer, says nothing of it."""
    allow_in_browser(ext, ["http://192.0.2.7/*", "https://recount.example/*"])
    warning = "Sentences travel unencrypted to http://192.0.2.7:8000"
    with checking_all_after(ext), options_page(ext) as page:
        status = save(page, "off", server="http://192.0.2.7:8000/", then=warning)
        assert status.startswith(SAVED) and "https://" in status
        assert ext.settings()["serverUrl"] == "http://192.0.2.7:8000"
        for server in ("https://recount.example", "http://127.0.0.1:8000"):
            status = save(page, "off", server=server)
            assert "unencrypted" not in status, server
