"""WCAG 2.1 A and AA checks with axe-core on every page a reader or an editor sees: the
server's pages (claim list and search, a claim, a quantity, an error page, the API docs),
the editors' pages (sign-in, the reports, the claim edit form, refused and not), each in
the light and dark colour schemes and at a phone's width; and the extension's options page,
its popup and a page with a highlighted sentence and its card open.

axe-core's script (``node_modules/axe-core``, installed by ``npm ci``, which ``make test``
runs) is evaluated in each page by Playwright, in Debian's headless Chromium: nothing is
fetched. A violation fails the test with its rule, the elements at fault and what the rule
asks for.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.extension_helpers import (
    BOXES,
    ROOT,
    StaticServer,
    launch_browser,
    needs_chromium,
    write_page,
)
from tests.test_review import _post, _sign_in

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
needs_axe = pytest.mark.skipif(
    not AXE.exists(),
    reason=f"axe-core not found at {AXE.relative_to(ROOT)} (run `npm ci`; `make test` does)",
)
pytestmark = [needs_chromium, needs_axe]

#: The rules axe-core tags as WCAG 2.0 and 2.1, levels A and AA.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 860}
#: Colour scheme and window size of each way a page is looked at.
VARIANTS = {
    "light": ("light", DESKTOP),
    "dark": ("dark", DESKTOP),
    "phone": ("light", {"width": 390, "height": 844}),
}

#: axe-core's violations, and the shadow hosts (the extension's card and launcher) whose
#: contents it checked and found sound: proof that it looked inside them.
RUN = """async (tags) => {
  const { violations, passes } = await axe.run(document, {
    runOnly: { type: "tag", values: tags } });
  const hosts = passes.flatMap((p) => p.nodes).map((n) => n.target[0])
    .filter((t) => Array.isArray(t)).map((t) => t[0]);
  return { hosts: [...new Set(hosts)].sort(), violations: violations.map((v) => ({
    id: v.id, help: v.help, impact: v.impact,
    nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })) })) };
}"""

CLAIM = "dhs-ny-released-crimes"
SENTENCE = "Officials said 6,947 people were released, and 29 of them had homicide records."
CONFLICT = ("Since January 20, New York has released 6,947 criminal illegal aliens, including "
            "148 people charged with homicide, according to the Department of Homeland Security.")
CONSISTENT = ("There are currently 7,113 aliens in custody across the state of New York with an "
              "active detainer.")
FILLER = " ".join(["Lorem ipsum dolor sit amet, consectetur adipiscing elit."] * 6)


def check(page: Any) -> dict[str, Any]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now (``RUN``)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # Evaluated, not added as a <script>: the extension's pages have a content security
        # policy that refuses inline scripts.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN, TAGS)


def assert_accessible(page: Any, what: str) -> list[str]:
    """Fails with each violation's rule, elements and help; returns the shadow hosts whose
    contents were checked."""
    result = check(page)
    found = result["violations"]
    lines = [f"{len(found)} WCAG violation(s) on {what}:"]
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {' '.join(node['summary'].split())}")
    assert not found, "\n".join(lines)
    return result["hosts"]


def _get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def browser():
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(params=list(VARIANTS))
def window(request, browser):
    """A new browser context in one colour scheme and window size; closed afterwards."""
    scheme, viewport = VARIANTS[request.param]
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    yield context
    context.close()


def _reader_paths(url: str) -> dict[str, str]:
    quantity = _get(f"{url}/api/v1/claims/{CLAIM}")["quantities"][0]["id"]
    return {"claim list": "/", "search": "/?q=homicides", "claim": f"/claims/{CLAIM}",
            "quantity": f"/quantities/{quantity}", "not found": "/claims/no-such-claim",
            "API docs": "/api/docs"}


@pytest.mark.parametrize("name", ["claim list", "search", "claim", "quantity", "not found",
                                  "API docs"])
def test_reader_pages(live_server, window, name):
    page = window.new_page()
    page.goto(live_server.url + _reader_paths(live_server.url)[name])
    assert_accessible(page, name)


@pytest.fixture(scope="module")
def report(editor_server) -> str:
    """A wrong-figure report (so the reports list marks a figure), its id."""
    start = SENTENCE.index("29")
    return _post(editor_server.url + "/api/v1/feedback", {
        "claim_id": CLAIM, "sentence": SENTENCE, "span": [start, start + 2],
        "kind": "wrong-figure", "comment": "29 is the released people's"})["id"]


@pytest.mark.parametrize("name", ["sign-in", "sign-in refused", "reports", "edit form",
                                  "edit refused"])
def test_editor_pages(editor_server, report, window, name):
    url = editor_server.url
    page = window.new_page()
    page.goto(url + "/review")
    if name == "sign-in refused":
        page.get_by_label("API key").fill("rk_wrong")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert page.get_by_role("alert").count() == 1
    elif name != "sign-in":
        _sign_in(page, editor_server)
    if name.startswith("edit"):
        page.goto(f"{url}/review/claims/{CLAIM}/edit?report={report}")
    if name == "edit refused":
        page.locator("#f-claim_date").fill("2 Feb 2026")
        with page.expect_navigation():
            page.get_by_role("button", name="Save the claim").click()
        assert page.locator("[aria-invalid=true]").count() == 1
    assert_accessible(page, name)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A plain page with a conflicting and a consistent sentence among others."""
    folder = tmp_path_factory.mktemp("a11y-site")
    write_page(folder, "page.html", "Detainers: the numbers",
               [FILLER, CONSISTENT, FILLER, CONFLICT, FILLER])
    # The card takes the page's scheme: the dark card is checked on a dark page.
    write_page(folder, "page-dark.html", "Detainers: the numbers",
               [FILLER, CONSISTENT, FILLER, CONFLICT, FILLER],
               style="html { color-scheme: dark; } body { background: #121212; color: #e8e8e8; }")
    server = StaticServer(folder)
    yield server
    server.stop()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_extension_options_page(ext, tab, scheme):
    page = tab(ext.url("options/options.html"), state=())
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function("document.getElementById('server-url').value !== ''")
    assert_accessible(page, f"the options page ({scheme})")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_extension_popup(ext, site, tab, scheme):
    """The popup listing a page's sentences (rendered as the toolbar button's popup would,
    for the page's tab)."""
    article = tab(f"{site.url}/page.html")
    popup = tab(ext.url("popup/popup.html"), state=())
    popup.emulate_media(color_scheme=scheme)
    popup.set_viewport_size({"width": 400, "height": 600})
    summary = popup.evaluate("""async (tabId) => {
      const { render } = await import("./popup.js");
      const reply = await chrome.runtime.sendMessage({ type: "recount/check-tab", tabId });
      for (const id of ["conflicts", "differs", "matched", "related", "sources"]) {
        document.getElementById(id).replaceChildren();
      }
      render(document, reply.data, () => {});
      return reply.data;
    }""", ext.tab_id(article.url))
    assert summary["matches"] == 2 and summary["conflicts"] == 1, summary
    assert popup.locator("#conflicts li").count() == 1
    assert_accessible(popup, f"the popup ({scheme})")


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_page_with_its_card_open(ext, site, tab, variant):
    """The launcher, a highlighted sentence and its card (clicked open), on a page that is
    itself accessible, so what is found is the extension's."""
    scheme, viewport = VARIANTS[variant]
    page = ext.context.new_page()
    try:
        page.set_viewport_size(viewport)
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{site.url}/{'page-dark' if scheme == 'dark' else 'page'}.html")
        page.wait_for_function("document.documentElement.dataset.recountState === 'done'")
        page.evaluate("(text) => [...document.querySelectorAll('p')].find((p) => "
                      "p.textContent.includes(text)).scrollIntoView({ block: 'center' })",
                      CONFLICT)
        box = page.evaluate(BOXES, CONFLICT)["sentence"]
        page.mouse.click(box["left"] + 4, box["top"] + 6)
        page.wait_for_function("""() => {
          const host = document.querySelector("recount-card");
          return host && getComputedStyle(host).display !== "none"; }""", timeout=5000)
        hosts = assert_accessible(page, f"a page with its card open ({variant})")
        assert hosts == ["recount-card", "recount-launcher"], hosts
        schemes = page.evaluate("""() => ["recount-card", "recount-launcher"].map(
          (tag) => document.querySelector(tag).dataset.scheme)""")
        assert schemes == [scheme, scheme]
    finally:
        page.close()
