"""The article text of an HTML page: the body a reader reads, without the page's furniture.

Used by ``POST /api/v1/match/page`` before sentences are split. Drops scripts, styles,
navigation, headers, footers, asides, forms, comments (HTML comments and comment sections),
ads and hidden elements, then keeps the page's stories: every ``<article>`` or
``itemprop=articleBody`` with text enough to be one (``STORY_MIN``), in page order, none
read twice (a page that loads the next story as the reader scrolls has several; the
extension reads the same ones); else the largest of those and ``<main>`` / ``role=main``;
else the body.
Each block element (paragraph, heading, list item, ...) becomes one line, so sentence
splitting never joins two blocks. No Flask here.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import CData, NavigableString

__all__ = ["extract_text"]

#: Elements that never hold article text.
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
             "canvas", "nav", "header", "footer", "aside", "form", "button", "input", "select",
             "textarea", "dialog", "menu", "head", "title", "meta", "link")
#: ARIA roles of page furniture.
DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu",
              "menubar", "dialog", "alert", "alertdialog", "toolbar"}
#: Words in a class or id that mark ads, comment sections and other furniture.
DROP_WORDS = {"ad", "ads", "adv", "advert", "advertisement", "advertising", "sponsor",
              "sponsored", "promo", "promoted", "comment", "comments", "disqus", "sidebar",
              "share", "sharing", "social", "newsletter", "subscribe", "related", "recommended",
              "cookie", "cookies", "consent", "popup", "modal", "breadcrumb", "breadcrumbs",
              "outbrain", "taboola", "paywall", "masthead", "byline-share"}
#: Elements whose text is its own line.
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre",
              "figcaption", "caption", "td", "th", "tr", "div", "section", "article", "main",
              "table", "ul", "ol", "dl", "figure", "address", "summary", "details", "hr")

#: Marks a block boundary while the text is gathered (a private-use character).
_BREAK = "\ue000"
#: Marks, on the walk's stack, where a block's content ends.
_BLOCK_END = object()
#: Strings that are text (``get_text``'s default): not comments, doctypes or declarations.
_TEXT_TYPES = (NavigableString, CData)
_WORD = re.compile(r"[a-z0-9]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MAIN_SELECTORS = ("article", "main", "[role=main]", "[itemprop=articleBody]")
#: An ``<article>`` or ``itemprop=articleBody`` holds a story when it holds this many
#: characters of text (a teaser or a card holds fewer).
STORY_MIN = 200


def extract_text(html: str) -> str:
    """The article text of ``html``: one line per block, whitespace collapsed."""
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        tag.decompose()
    text = _BREAK.join(_text(root) for root in _roots(soup))
    # Newlines in the source are only whitespace; lines come from the blocks.
    lines = (" ".join(part.split()) for part in text.split(_BREAK))
    return "\n".join(line for line in lines if line)


def _text(root: Tag) -> str:
    """The text under ``root`` with ``_BREAK`` around every block and for every ``<br>``.

    One walk with a stack of its own, never touching the tree: changing the tree per block
    costs a walk of the block's subtree each time (quadratic in the nesting of a page
    built to be slow), and Python's recursion would stop at a few thousand levels."""
    pieces: list[str] = []
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if node is _BLOCK_END:
            pieces.append(_BREAK)
        elif isinstance(node, Tag):
            if node.name == "br":
                pieces.append(_BREAK)
                continue
            if node.name in BLOCK_TAGS:
                pieces.append(_BREAK)
                stack.append(_BLOCK_END)
            stack.extend(reversed(node.contents))
        elif type(node) in _TEXT_TYPES:
            pieces.append(str(node))
    return "".join(pieces)


def _is_furniture(tag: Tag) -> bool:
    if tag.name in ("html", "body") or tag.attrs is None:
        return False
    if _attr(tag, "role").strip().lower() in DROP_ROLES:
        return True
    if tag.has_attr("hidden") or _attr(tag, "aria-hidden").strip().lower() == "true":
        return True
    if _HIDDEN_STYLE.search(_attr(tag, "style")):
        return True
    names = " ".join([*tag.get_attribute_list("class"), _attr(tag, "id")]).lower()
    return bool(DROP_WORDS.intersection(_WORD.findall(names)))


def _attr(tag: Tag, name: str) -> str:
    """Attribute ``name`` of ``tag`` as one string: "" when absent, a list's items joined."""
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def _roots(soup: BeautifulSoup) -> list[Tag]:
    """The elements holding the page's text, in page order: its stories (the outermost
    story elements with ``STORY_MIN`` characters of text), else the largest main-content
    candidate, else the body."""
    length = _text_lengths(soup)
    # One walk in page order that does not go into a story: a page nested thousands of
    # stories deep costs no more than a flat one.
    stories: list[Tag] = []
    stack: list[Tag] = [soup]
    while stack:
        tag = stack.pop()
        if _is_story(tag) and length[id(tag)] >= STORY_MIN:
            stories.append(tag)
        else:
            stack.extend(reversed([c for c in tag.contents if isinstance(c, Tag)]))
    if stories:
        return stories
    candidates = [tag for selector in _MAIN_SELECTORS for tag in soup.select(selector)]
    if candidates:
        return [max(candidates, key=lambda tag: length[id(tag)])]
    return [soup.body or soup]


def _is_story(tag: Tag) -> bool:
    return tag.name == "article" or "articlebody" in _attr(tag, "itemprop").lower().split()


def _text_lengths(soup: BeautifulSoup) -> dict[int, int]:
    """The length of the text under each element (by ``id``), its whitespace runs counted
    as one space each, in one walk of the tree."""
    length: dict[int, int] = {}
    stack: list[tuple[Tag, bool]] = [(soup, False)]
    while stack:
        tag, done = stack.pop()
        if done:
            length[id(tag)] = sum(length[id(c)] if isinstance(c, Tag)
                                  else len(" ".join(str(c).split())) for c in tag.contents)
            continue
        stack.append((tag, True))
        stack.extend((child, False) for child in tag.contents if isinstance(child, Tag))
    return length
