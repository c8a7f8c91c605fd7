"""server.text.extract: the article body of an HTML page, one line per block."""

from __future__ import annotations

import pytest

from server.text.extract import extract_text


def test_keeps_the_article_and_drops_furniture():
    html = """<html><head><title>Title</title><style>p {color: red}</style>
    <script>var figures = "1,234 tracked";</script></head><body>
    <header><div class="logo">Paper</div></header>
    <nav class="menu"><ul><li>Home</li><li>Politics</li></ul></nav>
    <div id="ad-top" class="ad">Buy 3 get 1 free</div>
    <main><article>
      <h1>Port seizes 4,000 containers</h1>
      <p class="byline">By A. Writer</p>
      <p>The port authority said it seized <b>4,000</b> containers since July.<br>
         Officials gave no further detail.</p>
      <figure><img src="x.png"><figcaption>Containers at the dock.</figcaption></figure>
      <div class="sponsored-content">Sponsored: 20 best cruises</div>
      <div role="complementary">Related figures</div>
      <ul><li>First point</li><li>Second point</li></ul>
      <!-- an editor's note with 99 hidden figures -->
      <span hidden>hidden 5</span><div aria-hidden="true">icon 6</div>
      <p style="display: none">invisible 7</p>
      <noscript>Enable JavaScript for 8 features</noscript>
    </article></main>
    <aside><h2>Most read</h2><p>12 things</p></aside>
    <div id="comments"><p>Reader: it was 5,000!</p></div>
    <div class="disqus_thread">More comments</div>
    <form><input value="search 9"></form>
    <footer><p>© 2026 Paper</p></footer></body></html>"""
    assert extract_text(html).split("\n") == [
        "Port seizes 4,000 containers",
        "By A. Writer",
        "The port authority said it seized 4,000 containers since July.",
        "Officials gave no further detail.",
        "Containers at the dock.",
        "First point",
        "Second point",
    ]


def test_largest_article_wins():
    html = ("<body><article><p>Teaser.</p></article>"
            "<article><p>The real story is longer than the teaser.</p>"
            "<p>It has two paragraphs.</p></article></body>")
    assert extract_text(html) == "The real story is longer than the teaser.\nIt has two paragraphs."


def test_every_story_is_read_in_page_order_once():
    """A page that loads the next story as the reader scrolls: both stories, in order, the
    one inside the other's not twice, a teaser card not at all (as the extension reads it)."""
    first = "<p>" + "The port moved 400 containers last week, the authority said. " * 4 + "</p>"
    second = "<p>" + "The council counted 60 potholes on Main Street in March. " * 4 + "</p>"
    html = (f"<body><article>{first}<article>{first}</article></article>"
            "<section><article><p>Teaser: read more.</p></article></section>"
            f"<div itemprop='articleBody'>{second}</div></body>")
    text = extract_text(html)
    assert text.count("The port moved") == 8 and text.count("The council counted") == 4
    assert text.index("The port") < text.index("The council") and "Teaser" not in text
    assert text.split("\n")[-1].startswith("The council")  # a story starts a line


def test_body_when_there_is_no_article():
    html = "<body><div><p>One.</p><p>Two   words\n here.</p></div><footer>x</footer></body>"
    assert extract_text(html) == "One.\nTwo words here."


@pytest.mark.parametrize(("html", "text"), [
    ("", ""), ("plain text", "plain text"), ("<p>a</p><p>b</p>", "a\nb"),
    ("<div>unclosed <p>para", "unclosed\npara"),
    ("<p>x &amp; y &lt; z</p>", "x & y < z"),
    ("<table><tr><td>Cell 1</td><td>Cell 2</td></tr></table>", "Cell 1\nCell 2"),
    ("<p>The shadow adviser addressed it.</p>", "The shadow adviser addressed it."),
    ("<div class='loader'>Loading 3 items</div>", "Loading 3 items"),
    ("<p>One<br>two<br/>three</p>", "One\ntwo\nthree"),
    ("<p>in <b>bold</b> and <a href='#'>a link</a>, one line</p>", "in bold and a link, one line"),
    ("<div>before<p>inside</p>after</div>", "before\ninside\nafter"),
    ("<p>x<!-- a comment --> y</p>", "x y"),
])
def test_small_inputs(html, text):
    assert extract_text(html) == text


def test_nested_furniture_is_removed_once():
    html = "<header><nav><nav>deep</nav></nav></header><p>Body.</p>"
    assert extract_text(html) == "Body."


@pytest.mark.parametrize("tag", ["div", "article", "p", "section"])
def test_a_page_nested_deeper_than_any_recursion(tag):
    """A page built to be slow: 50,000 nested blocks (each level once; changing the tree per
    block, or recursing, would take minutes or stop at Python's stack)."""
    depth = 50_000
    html = f"<{tag}>" * depth + "New York released 6,947 people." + f"</{tag}>" * depth
    assert extract_text(html) == "New York released 6,947 people."
