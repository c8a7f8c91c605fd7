"""CLEF CheckThat! claim collections (``claims.jsonl``), the layout the benchmarks use.

One JSON object a line: ``id`` and ``text``, optionally ``title``, ``speaker`` (the
claimant), ``truth_label`` (the rating), ``date`` and ``url``. The fact-checker is named
after the file's folder (``clef2021-task2b-en/claims.jsonl`` -> ``clef2021-task2b-en``)
unless the caller names it. ``date`` is the fact-checker's line on when the claim was made
("stated on October 22, 2019 in a campaign mailer."): its date becomes the claim's. ``url``
is the fact check's page, often a link relative to the fact-checker's site
("/factchecks/2019/oct/30/..."): kept when it is a whole http(s) URL, or when the caller
says which site the links are on (``base_url``), else left out. A ``truth_label`` written
as a page slug ("pants-fire", "mostly-true") becomes the rating's name as readers know it.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from ..claimsfile import FileError, InvalidClaimsFile
from .review import Review

_ID = re.compile(r"[^A-Za-z0-9._:-]")
_STATED = re.compile(r"\bstated on ([A-Z][a-z]+ \d{1,2}, \d{4})\b")
#: Ratings whose slug does not say their name: PolitiFact's, whose fact checks the CLEF
#: collections of debates hold ("barely-true" has been "Mostly False" since 2011).
_RATINGS = {"barely-true": "Mostly False", "pants-fire": "Pants on Fire"}
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def read(text: str, publisher: str, base_url: str | None = None) -> list[Review]:
    """The collection's claims as reviews by ``publisher``; ``base_url`` is the site its
    relative ``url`` links are on."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidClaimsFile([FileError(f"line {n} column {exc.colno}",
                                               exc.msg)]) from None
        if not isinstance(row, dict) or "id" not in row:
            raise InvalidClaimsFile([FileError(f"line {n}: id", "missing")])

        def field(name: str, row: dict = row) -> str | None:
            value = row.get(name)
            return str(value).strip() or None if value is not None else None

        out.append(Review(text=field("text") or "", publisher=publisher,
                          id=_ID.sub("-", str(row["id"])), title=field("title"),
                          claimant=field("speaker"), rating=_rating(field("truth_label")),
                          claim_date=_stated(field("date")),
                          review_url=_page(field("url"), base_url),
                          where=f"line {n} (id {row['id']!r})"))
    return out


def _rating(label: str | None) -> str | None:
    """The rating's name: "half-true" is "Half True", "false" "False"; a label written
    otherwise stays as it is."""
    if label is None or not _SLUG.fullmatch(label):
        return label
    return _RATINGS.get(label) or re.sub(r"[-_]", " ", label).title()


def _stated(line: str | None) -> str | None:
    """The ISO date of a "stated on October 22, 2019 in ..." line (None without one)."""
    found = _STATED.search(line or "")
    if not found:
        return None
    try:
        return datetime.strptime(found.group(1), "%B %d, %Y").date().isoformat()
    except ValueError:  # not a month's name, or no such day
        return None


def _page(url: str | None, base_url: str | None) -> str | None:
    """The fact check's page as a whole URL, or None when it cannot be made one."""
    if not url:
        return None
    if urlsplit(url).scheme in ("http", "https"):
        return url
    return urljoin(base_url, url) if base_url and url.startswith("/") else None
