"""The article text of an HTML page: the body a reader reads, without the page's furniture.

Used by ``POST /api/v1/match/page`` before sentences are split. Drops scripts, styles,
navigation, headers, footers, asides, forms, comments (HTML comments and comment sections),
ads and hidden elements, then keeps the main article (``<article>``, ``<main>``,
``role=main`` or ``itemprop=articleBody``; the largest when there are several; else the body).
Each block element (paragraph, heading, list item, ...) becomes one line, so sentence
splitting never joins two blocks. No Flask here.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import NavigableString

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
_WORD = re.compile(r"[a-z0-9]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MAIN_SELECTORS = ("article", "main", "[role=main]", "[itemprop=articleBody]")


def extract_text(html: str) -> str:
    """The article text of ``html``: one line per block, whitespace collapsed."""
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        tag.decompose()
    root = _main(soup)
    for br in root.find_all("br"):
        br.replace_with(_BREAK)
    for block in root.find_all(BLOCK_TAGS):
        block.insert_before(_BREAK)
        block.append(_BREAK)
    # Newlines in the source are only whitespace; lines come from the blocks.
    lines = (" ".join(part.split()) for part in root.get_text().split(_BREAK))
    return "\n".join(line for line in lines if line)


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


def _main(soup: BeautifulSoup) -> Tag:
    """The element holding the article: the largest main-content candidate, else the body."""
    candidates = [tag for selector in _MAIN_SELECTORS for tag in soup.select(selector)]
    if candidates:
        return max(candidates, key=_text_length)
    return soup.body or soup


def _text_length(tag: Tag) -> int:
    return sum(len(s) for s in tag.find_all(string=True) if isinstance(s, NavigableString))
