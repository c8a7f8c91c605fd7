"""Short names for the population a quantity counts, for readers.

Quantities of two populations are described alike ("Number of homicides among the crimes
DHS attributes to the people in custody ..." / "... to the people ... released ..."), so the
words that tell them apart are what a reader needs beside each value: the part of one
description the other does not share, led by the noun both count ("people").
"""

from __future__ import annotations

import re

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
