"""A small valid claims file built in code, and bad variants of it, for the store and CLI tests.

Built here rather than read from shared/claims/ so the tests do not move when the demo data
does. Figure spans are computed from the quotes, so the document is valid by construction.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

AGENCY_QUOTE = "The agency said it released 1,234 people last year, about 40 percent with convictions."
PAPER_QUOTE = "Officials released nearly 1,300 people in 2025, the Daily Ledger reported."
LEDGER_QUOTE = "The release program cost $2.5 million, according to budget records."


def figure(quote: str, text: str, quantity: str, source: str, value: float,
           **extra: Any) -> dict[str, Any]:
    start = quote.index(text)
    return {"quantity": quantity, "source": source, "value": value, **extra,
            "text": text, "span": [start, start + len(text)]}


def claims_doc() -> dict[str, Any]:
    """Three sources (one undated), three quantities, three claims with four figures."""
    return copy.deepcopy({
        "format": "recount-claims/1",
        "name": "store tests",
        "sources": [
            {"id": "agency", "publisher": "City Agency", "title": "Annual release report",
             "url": "https://example.org/agency/2025", "published": "2026-01-10",
             "kind": "primary"},
            {"id": "ledger", "publisher": "Daily Ledger", "title": "Hundreds released",
             "url": None, "published": "2026-01-12", "kind": "news", "cites": ["agency"]},
            {"id": "budget", "publisher": "unnamed budget blog", "title": None, "url": None,
             "published": None, "kind": "news", "note": "No date on the page."},
        ],
        "quantities": [
            {"id": "released", "description": "People the agency released in 2025",
             "noun": "people", "aliases": ["immigrants", "individuals"], "unit": "count",
             "group": "released", "period": "2025"},
            {"id": "released-convicted", "description": "Share of them with convictions",
             "noun": "convictions", "unit": "percent", "group": "released"},
            {"id": "program-cost", "description": "Cost of the release program in 2025",
             "noun": None, "unit": "currency", "currency": "USD"},
        ],
        "claims": [
            {"id": "c-released", "text": "The agency released 1,234 people last year.",
             "title": "Agency release figures", "claimant": "City Agency", "as_of": "2025",
             "url": "https://example.org/agency/2025", "tags": ["releases"],
             "quotes": [{"source": "agency", "text": AGENCY_QUOTE},
                        {"source": "ledger", "text": PAPER_QUOTE}],
             "figures": [
                 figure(AGENCY_QUOTE, "1,234", "released", "agency", 1234, unit="count",
                        noun="people"),
                 figure(PAPER_QUOTE, "nearly 1,300", "released", "ledger", 1300,
                        hedge="nearly", low=1170, high=1300, unit="count", noun="people"),
             ]},
            {"id": "c-convicted", "text": "About 40 percent of the people released had "
             "convictions.", "tags": ["releases", "crime"], "rating": "Half true",
             "quotes": [{"source": "agency", "text": AGENCY_QUOTE}],
             "figures": [figure(AGENCY_QUOTE, "about 40 percent", "released-convicted",
                                "agency", 40, hedge="about", low=35, high=45, unit="percent")]},
            {"id": "c-cost", "text": "The release program cost $2.5 million.",
             "tags": ["budget"],
             "quotes": [{"source": "budget", "text": LEDGER_QUOTE}],
             "figures": [figure(LEDGER_QUOTE, "$2.5 million", "program-cost", "budget",
                                2500000.0, unit="currency", currency="USD")]},
        ],
    })


#: What importing ``claims_doc()`` writes.
COUNTS = {"claims": 3, "sources": 3, "quantities": 3, "figures": 4}


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to one field, by a dotted path with list indexes: ``claims.0.figures.0.span``."""
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]

    def change(doc: dict[str, Any]) -> None:
        node: Any = doc
        for part in parents:
            node = node[part]
        if value is _DELETE:
            del node[last]
        else:
            node[last] = value

    return change


_DELETE = object()

#: One bad record each: (case id, change, the record id and the field an error must name).
BAD_RECORDS = [
    ("span does not match text", _set("claims.0.figures.0.span", [0, 5]), "c-released", "span"),
    ("unknown quantity", _set("claims.1.figures.0.quantity", "nope"), "c-convicted",
     "quantity"),
    ("value of the wrong type", _set("claims.1.figures.0.value", "forty"), "c-convicted",
     "value"),
    ("quote from an unknown source", _set("claims.2.quotes.0.source", "ghost"), "c-cost",
     "source"),
    ("figure without a quote from its source", _set("claims.1.figures.0.source", "ledger"),
     "c-convicted", "source"),
    ("kind not in the list", _set("sources.1.kind", "blog"), "ledger", "kind"),
    ("cites an unknown source", _set("sources.1.cites", ["nobody"]), "ledger", "cites"),
    ("cites a source twice", _set("sources.1.cites", ["agency", "agency"]), "ledger",
     "cites"),
    ("required field missing", _set("quantities.0.unit", _DELETE), "released", "unit"),
    ("duplicate id", _set("claims.2.id", "c-released"), "c-released", "id"),
    ("low above high", _set("claims.1.figures.0.low", 50), "c-convicted", "low"),
    ("bad url", _set("claims.0.url", "ftp://example.org"), "c-released", "url"),
    # Half of an emoji's surrogate pair, as JSON can escape it: no database can store it.
    ("half a character", _set("claims.2.text", "A wall \ud83c"), "c-cost", "text"),
    # PostgreSQL's text holds no NUL; SQLite would, so a file is refused by both.
    ("a NUL character", _set("sources.1.title", "Ledger\x00"), "ledger", "title"),
    ("an id ending in a line break", _set("claims.2.id", "c-cost\n"), "c-cost", "id"),
]


def bad_doc(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    doc = claims_doc()
    change(doc)
    return doc


def write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


def counting_claims(count: int, noun: str) -> dict[str, Any]:
    """``count`` claims, "Claim <i> counted <100 + i> <noun>.", as a checked CSV gives them:
    enough for a list of several pages."""
    from server import formats

    rows = "\n".join(f"Claim {i} counted {100 + i} {noun}.,Checker" for i in range(count))
    return formats.load(f"text,publisher\n{rows}\n", "csv").doc
