"""The claim digest (server/index/digest.py) and its twin in the extension (lib/digest.js).

The Python side is tested on its own (tokens, sizes, every claim word present, few false
positives, the endpoint's ETag); then, in real Chromium, the JavaScript module must give the
same tokens, the same hashes and the same membership answers for the same digest, and must
keep the saved recipe page (text that cannot match) entirely on the page.
"""

from __future__ import annotations

import json
import random
import string

import pytest

from server.api.digest import corpus_texts
from server.index.digest import (
    MIN_BITS,
    STOPWORDS,
    bit_indexes,
    build_digest,
    digest_tokens,
    filter_size,
    fnv1a32,
    might_contain,
)
from tests.extension_helpers import launch_browser, needs_chromium, static_server

TOKEN_CASES = [
    ("DHS said 6,947 people were released.", ["dhs", "people", "released"]),
    ("New York’s failure to honor ICE detainers", ["new", "york", "failure", "honor", "ice",
                                                   "detainers"]),
    ("The ＩＣＥ (full-width) and ﬁgures", ["ice", "full", "width", "figures"]),
    ("Café São Paulo 2025 x1 ab_cd 42nd", ["café", "são", "paulo", "42nd"]),
    ("the of and is", []),
]


@pytest.mark.parametrize(("text", "expected"), TOKEN_CASES)
def test_tokens(text, expected):
    assert digest_tokens(text) == expected


def test_fnv1a_reference_values():
    # Published FNV-1a 32-bit test vectors.
    assert fnv1a32(b"") == 0x811C9DC5
    assert fnv1a32(b"a") == 0xE40C292C
    assert fnv1a32(b"foobar") == 0xBF9CF968


@pytest.mark.parametrize("n", [0, 1, 50, 236, 5000])
def test_filter_size(n):
    m, k = filter_size(n)
    assert m % 8 == 0 and m >= MIN_BITS and 1 <= k <= 16
    if n > 200:
        assert m >= n * 9  # about 9.6 bits per token for 1%


def test_digest_holds_every_claim_word_and_few_others(app):
    texts = list(corpus_texts(app.extensions["recount"]["store"].load_corpus()))
    digest = build_digest(texts)
    assert set(digest) == {"version", "m", "k", "n", "bits", "stopwords", "min_shared"}
    assert digest["version"] == 1 and digest["min_shared"] == 2
    assert digest["stopwords"] == list(STOPWORDS)
    tokens = {t for text in texts for t in digest_tokens(text)}
    assert digest["n"] == len(tokens) > 50
    assert all(might_contain(digest, t) for t in tokens)
    rng = random.Random(6)
    strangers = {"".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9)))
                 for _ in range(5000)} - tokens
    false_positives = sum(might_contain(digest, w) for w in strangers)
    assert false_positives / len(strangers) < 0.03


def test_bit_indexes_use_double_hashing():
    h1, h2 = fnv1a32(b"ice"), fnv1a32(b"#ice") | 1
    assert bit_indexes("ice", 1024, 3) == [h1 % 1024, (h1 + h2) % 2**32 % 1024,
                                           (h1 + 2 * h2) % 2**32 % 1024]


def test_endpoint_serves_the_digest_with_an_etag(client):
    first = client.get("/api/v1/digest")
    assert first.status_code == 200
    body = first.get_json()
    assert body["version"] == 1 and body["n"] > 50
    assert might_contain(body, "detainers")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/digest", headers={"If-None-Match": etag})
    assert again.status_code == 304


# --- the same digest in the extension's JavaScript, in Chromium ------------------------------

@pytest.fixture(scope="module")
def js_page():
    with static_server() as server:
        browser = launch_browser()
        page = browser.new_page()
        page.goto(server.page("no-match.html"))
        page.evaluate("""async () => {
          const mods = await Promise.all(["digest", "extract", "sentences"].map(
            (n) => import(`/extension/lib/${n}.js`)));
          window.M = Object.assign({}, ...mods);
        }""")
        yield page
        browser.close()


@needs_chromium
def test_javascript_agrees_with_python(app, js_page):
    texts = list(corpus_texts(app.extensions["recount"]["store"].load_corpus()))
    digest = build_digest(texts)
    samples = texts[:40] + [text for text, _ in TOKEN_CASES] + ["İstanbul ÉCOLE Straße ǅemal"]
    rng = random.Random(7)
    words = sorted({t for text in texts for t in digest_tokens(text)})
    strangers = ["".join(rng.choices(string.ascii_lowercase + "éøß", k=rng.randint(3, 10)))
                 for _ in range(3000)]
    got = js_page.evaluate("""([digestJson, samples, words, strangers]) => {
      const d = new M.Digest(digestJson);
      return {
        tokens: samples.map((s) => M.digestTokens(s, d.stopwords)),
        hashes: words.slice(0, 50).map((w) => M.fnv1a32(w)),
        words: words.map((w) => d.has(w)),
        strangers: strangers.map((w) => d.has(w)),
      };
    }""", [digest, samples, words, strangers])
    assert got["tokens"] == [digest_tokens(s) for s in samples]
    assert got["hashes"] == [fnv1a32(w.encode()) for w in words[:50]]
    assert all(got["words"])  # every claim word tests positive
    assert got["strangers"] == [might_contain(digest, w) for w in strangers]  # same answers
    assert sum(got["strangers"]) / len(strangers) < 0.03  # unrelated words mostly negative


@needs_chromium
def test_recipe_page_has_no_candidates_and_articles_do(app, js_page):
    """With the demo digest, nothing on the saved recipe page is worth sending; most
    sentences with figures on the article pages are."""
    digest = build_digest(corpus_texts(app.extensions["recount"]["store"].load_corpus()))
    got = js_page.evaluate("""async (digestJson) => {
      const d = new M.Digest(digestJson);
      const sentencesOf = (doc) => {
        const { text } = M.extractText(M.findContentRoots(doc));
        return M.splitSentences(text).map((s) => M.cleanSentence(text, s).text);
      };
      const recipe = sentencesOf(document);
      const frame = document.createElement("iframe");
      frame.style.cssText = "width: 1000px; height: 600px";
      const loaded = new Promise((resolve) => frame.addEventListener("load", resolve));
      frame.src = "/shared/fixtures/pages/dhs-mamdani-order.html";
      document.body.append(frame);
      await loaded;
      const story = sentencesOf(frame.contentDocument).filter((s) => M.hasFigure(s));
      frame.remove();
      return { recipe: recipe.filter((s) => M.isCandidate(s, d)), recipeCount: recipe.length,
               story: story.length, storyCandidates: story.filter((s) => M.isCandidate(s, d)).length };
    }""", digest)
    assert got["recipeCount"] >= 5
    assert got["recipe"] == []
    assert got["storyCandidates"] >= 0.8 * got["story"] > 0


def test_digest_is_json_serialisable():
    assert json.loads(json.dumps(build_digest(["Seven of the 10 safest cities"])))["n"] == 3


def test_the_api_docs_describe_the_digest_as_the_code_makes_it():
    """docs/api.md is what a client is written from: its example tokens and its test vector
    must be what the server computes."""
    import re
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    section = text.split("## The digest", 1)[1].split("\n## ", 1)[0]
    example, tokens = re.search(r'`"(In 2025[^"]+)"` gives ((?:`[^`]+`,?\s*(?:and\s*)?)+)',
                                section).groups()
    assert digest_tokens(example) == re.findall(r"`([^`]+)`", tokens)
    h1, h2 = re.search(r'`fnv1a32\("homicides"\)` is `(0x[0-9a-f]+)`,\s*'
                       r'`fnv1a32\("#homicides"\) \| 1` is `(0x[0-9a-f]+)`', section).groups()
    assert int(h1, 16) == fnv1a32(b"homicides")
    assert int(h2, 16) == fnv1a32(b"#homicides") | 1
    m, k, *bits = map(int, re.search(r"`m` = (\d+) and `k` = (\d+) its bits are\s+(\d+), "
                                     r"(\d+)\s+and (\d+)", section).groups())
    assert bit_indexes("homicides", m, k) == bits
    for field in build_digest(["homicides"]):
        assert f"| `{field}` |" in section, field
