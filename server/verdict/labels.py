"""Short names for the population a quantity counts, for readers.

Quantities of two populations are described alike ("Number of homicides among the crimes
DHS attributes to the people in custody ..." / "... to the people ... released ..."), so the
words that tell them apart are what a reader needs beside each value: the part of one
description the other does not share, led by the noun both count ("people").
"""

from __future__ import annotations

import re
from typing import Any

#: Asides in descriptions ("(state and local)", "(DHS does not say ...)") say how, not who.
_ASIDE = re.compile(r"\s*\([^()]*\)")


def _words(text: str) -> list[str]:
    return _ASIDE.sub("", text).rstrip(". ").split()


def population(description: str, other: str) -> str | None:
    """The words of ``description`` that ``other`` lacks, with the word before them:
    "people in the custody of New York jurisdictions with an active ICE detainer". None when
    the two descriptions share neither beginning nor end (nothing to set them apart by)."""
    mine, theirs = _words(description), _words(other)
    start = 0
    while start < min(len(mine), len(theirs)) and mine[start] == theirs[start]:
        start += 1
    end = 0
    while (end < min(len(mine), len(theirs)) - start
           and mine[len(mine) - 1 - end] == theirs[len(theirs) - 1 - end]):
        end += 1
    middle = mine[start:len(mine) - end]
    if not middle or (start == 0 and end == 0):
        return None
    lead = mine[start - 1:start] if start else []
    return " ".join([*lead, *middle]).strip(",;: ")


#: Publisher placeholders a claims file uses when the material did not name it.
_UNNAMED = re.compile(r"^\s*(unnamed|unknown)\b", re.IGNORECASE)


def publisher(source: dict[str, Any] | None, *, opening: bool = True) -> str:
    """The publisher's name, or a plain statement that it was not recorded ("A news site
    (name not recorded)"; ``opening=False`` for the middle of a sentence: "a news site")."""
    name = (source or {}).get("publisher") or ""
    if not name or _UNNAMED.match(name):
        kind = (source or {}).get("kind")
        what = {"news": "A news site", "fact-check": "A fact-checker"}.get(kind or "", "A source")
        return f"{what if opening else what[0].lower() + what[1:]} (name not recorded)"
    return str(name)
