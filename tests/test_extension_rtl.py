"""Right-to-left pages, in Debian's Chromium with the extension and the real server: a
Hebrew page quoting an English sentence that repeats a known claim. Recount's own words
(the card, the floating button) stay left to right and in English for a screen reader's
voice, whatever the page's direction and language; the page's own sentence quoted in the
card keeps its direction and language, and the claim has its own when the server knows it.
Screenshots go to artifacts/.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, LiveServer
from tests.extension_helpers import (
    PAGE,
    StaticServer,
    artifact,
    checking_everything,
    needs_chromium,
    tabs,
)

pytestmark = needs_chromium

SENTENCE = ("Since January 20, New York has released 6,947 criminal illegal aliens, including "
            "148 people charged with homicide, according to the Department of Homeland Security.")
HEBREW = "לפי משרד ביטחון המולדת, ניו יורק שחררה אלפי אנשים."

#: The direction and language of Recount's hosts, of the card's text and the launcher's
#: button, and the quoted sentence's element in the card.
SEEN = """() => {
  const card = document.querySelector("recount-card");
  const launcher = document.querySelector("recount-launcher");
  const quote = card.shadowRoot.querySelector(".about bdi");
  return {
    langs: [card.lang, launcher.lang],
    directions: [card.shadowRoot.querySelector(".card"), card.shadowRoot.querySelector(".verdict"),
                 launcher.shadowRoot.querySelector("button")]
      .map((el) => getComputedStyle(el).direction),
    quote: quote && { text: quote.textContent, lang: quote.lang },
  };
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rtl")
    body = f"<p>{HEBREW}</p><p lang=\"en-GB\" dir=\"ltr\">{SENTENCE}</p>"
    html = PAGE.format(title="ניו יורק", paragraphs=body, style="")
    (folder / "rtl.html").write_text(html.replace('<html lang="en">', '<html lang="he" dir="rtl">'),
                                     encoding="utf-8")
    server = StaticServer(folder)
    yield server
    server.stop()


def test_recounts_words_stay_left_to_right_and_english_on_a_hebrew_page(site, tab):
    page = tab(f"{site.url}/rtl.html")
    assert page.evaluate("document.documentElement.dataset.recountMatches") == "1"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement?.tagName") == "RECOUNT-LAUNCHER"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement?.tagName === 'RECOUNT-CARD'", timeout=5000)
    seen = page.evaluate(SEEN)
    assert seen["langs"] == ["en", "en"]
    assert seen["directions"] == ["ltr", "ltr", "ltr"]
    # The sentence is the page's: set apart from the card's words, in the page's language.
    assert seen["quote"] and SENTENCE.startswith(seen["quote"]["text"].rstrip("…"))
    assert seen["quote"]["lang"] == "en-GB"
    page.screenshot(path=artifact("extension-rtl-page.png"))


CLAIM_LANG = """() => [...document.querySelector("recount-card").shadowRoot
  .querySelectorAll(".claim-text bdi")].map((el) => el.lang)"""


@pytest.fixture(scope="module")
def claims_in_their_language(tmp_path_factory):
    """A server whose claims (the demo's) say their language: English as written in the US."""
    folder = tmp_path_factory.mktemp("claim-language")
    document = json.loads((ROOT / "shared/claims/ny-detainers.json").read_text(encoding="utf-8"))
    for claim in document["claims"]:
        claim["language"] = "en-US"
    (folder / "claims.json").write_text(json.dumps(document), encoding="utf-8")
    database = folder / "recount.db"
    subprocess.run([sys.executable, "-m", "server.cli", "import", str(folder / "claims.json"),
                    "--database", str(database)], cwd=ROOT, check=True, capture_output=True)
    server = LiveServer(database, env={"RECOUNT_LOAD_DEMO": "false"})
    yield server
    server.stop()


def test_the_claim_is_read_in_its_own_language(site, claims_in_their_language,
                                                tmp_path_factory):
    """A claim whose fact check gives its language is marked with it in the card (a screen
    reader picks its voice by it), not with the language of the page's sentence."""
    profile = tmp_path_factory.mktemp("profile-claim-language")
    with checking_everything(claims_in_their_language.url, profile) as ext, tabs(ext) as tab:
        page = tab(f"{site.url}/rtl.html")
        assert page.evaluate("document.documentElement.dataset.recountMatches") == "1"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement?.tagName === 'RECOUNT-CARD'",
                               timeout=5000)
        assert page.evaluate(SEEN)["quote"]["lang"] == "en-GB"
        langs = page.evaluate(CLAIM_LANG)
        assert langs and set(langs) == {"en-US"}
