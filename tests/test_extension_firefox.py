"""The same extension folder in Firefox: a smoke test through WebDriver BiDi.

Firefox ESR (``RECOUNT_FIREFOX``, default /usr/bin/firefox-esr) runs headless with BiDi
enabled; a small Node script (Node's built-in WebSocket) installs ``extension/`` as a
temporary add-on and opens saved pages. BiDi cannot open extension pages or reach the
service worker to change settings, so the test installs a copy whose defaults point at the
live server with automatic checking on; everything else is the extension as shipped.
Skips when Firefox or Node is missing (CI installs only Chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.extension_helpers import EXTENSION, expected_counts, static_server

FIREFOX = Path(os.environ.get("RECOUNT_FIREFOX", "/usr/bin/firefox-esr"))
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    not FIREFOX.exists() or NODE is None,
    reason=f"Firefox ({FIREFOX}) or Node is not installed",
)

#: BiDi client: install the add-on, open each page, report Recount's state on it.
BIDI_SCRIPT = r"""
const [port, extensionPath, pagesJson] = process.argv.slice(-3);
const pages = JSON.parse(pagesJson);
const ws = new WebSocket(`ws://127.0.0.1:${port}/session`);
let next = 0;
const pending = new Map();
ws.onmessage = (event) => {
  const message = JSON.parse(event.data);
  if (pending.has(message.id)) pending.get(message.id)(message);
};
const send = (method, params) => new Promise((resolve, reject) => {
  const id = ++next;
  pending.set(id, (m) => (m.type === "success" ? resolve(m.result) : reject(new Error(m.message))));
  ws.send(JSON.stringify({ id, method, params }));
});
await new Promise((resolve) => (ws.onopen = resolve));
await send("session.new", { capabilities: {} });
await send("webExtension.install", { extensionData: { type: "path", path: extensionPath } });
const context = (await send("browsingContext.getTree", {})).contexts[0].context;
const state = `JSON.stringify({ ...document.documentElement.dataset,
  highlights: Object.fromEntries([...CSS.highlights].map(([k, v]) => [k, v.size])),
  card: Boolean(document.querySelector("recount-card")?.shadowRoot) })`;
const out = {};
for (const url of pages) {
  for (let attempt = 0; ; attempt++) {
    await send("browsingContext.navigate", { context, url, wait: "complete" });
    let value = null;
    for (let i = 0; i < 40; i++) {
      const result = await send("script.evaluate", { expression: state, target: { context },
                                                    awaitPromise: false });
      value = JSON.parse(result.result.value);
      if (value.recountState === "done" || value.recountState === "error") break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // The first load may come before the add-on's background has registered its script.
    if (value.recountState || attempt >= 3) { out[url] = value; break; }
  }
}
console.log(JSON.stringify(out));
await send("session.end", {});
process.exit(0);
"""


def node_args() -> list[str]:
    has_websocket = subprocess.run([NODE, "-e", "process.exit(typeof WebSocket === 'function'"
                                    " ? 0 : 1)"], check=False).returncode == 0
    return [NODE] if has_websocket else [NODE, "--experimental-websocket"]


def firefox_copy(tmp_path: Path, server_url: str) -> Path:
    """The extension with defaults pointing at the test server, automatic checking on."""
    copy = tmp_path / "extension"
    shutil.copytree(EXTENSION, copy)
    settings = copy / "lib" / "settings.js"
    text = settings.read_text(encoding="utf-8")
    patched = (text.replace('DEFAULT_SERVER_URL = "http://127.0.0.1:8000"',
                            f'DEFAULT_SERVER_URL = "{server_url}"')
                   .replace('autoCheck: "off",', 'autoCheck: "all",'))
    assert patched.count(server_url) == 1 and 'autoCheck: "all",' in patched
    settings.write_text(patched, encoding="utf-8")
    return copy


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("Firefox did not open its BiDi port")


def test_firefox_checks_pages(live_server, tmp_path: Path):
    extension = firefox_copy(tmp_path, live_server.url)
    profile = tmp_path / "profile"
    profile.mkdir()
    port = free_port()
    firefox = subprocess.Popen(
        [str(FIREFOX), "--headless", "--no-remote", "--profile", str(profile),
         f"--remote-debugging-port={port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        with static_server() as pages:
            urls = [pages.page("misquoted.html"), pages.page("no-match.html")]
            result = subprocess.run(
                [*node_args(), "--input-type=module", "-e", BIDI_SCRIPT, "--", str(port),
                 str(extension), json.dumps(urls)],
                capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stderr
        states = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        firefox.terminate()
        try:
            firefox.wait(timeout=15)
        except subprocess.TimeoutExpired:
            firefox.kill()
            firefox.wait()
    misquoted, recipe = states[urls[0]], states[urls[1]]
    assert misquoted["recountState"] == "done"
    matches, conflicts = expected_counts(live_server.url, "misquoted.html")
    assert (misquoted["recountMatches"], misquoted["recountConflicts"]) == (str(matches),
                                                                          str(conflicts))
    assert misquoted["highlights"]["recount-conflicting"] == conflicts >= 1
    assert misquoted["highlights"]["recount-consistent"] == matches - conflicts
    assert misquoted["card"]
    assert (recipe["recountState"], recipe["recountMatches"]) == ("done", "0")
