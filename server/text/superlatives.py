"""Superlatives said outright or hedged as one among several.

"We have the highest tax rate anywhere in the world" and "We have one of the highest
business tax rates anywhere in the world" share nearly every word, and a fact check of the
first rates a claim the second does not make: the second is true wherever the first is
false. So where one text says a superlative as one of several ("one of the safest cities",
"among the most dangerous") and the other says it outright ("the safest city"), they are
not the same claim (``hedged_apart``).
"""

from __future__ import annotations

import re
from functools import cache

from wordfreq import zipf_frequency

#: Superlatives of no "-est" form.
_IRREGULAR = frozenset({"best", "worst"})
#: A word before an adjective that makes it a superlative ("most dangerous").
_DEGREE = frozenset({"most", "least"})
#: How common (on wordfreq's Zipf scale) the comparative of an "-est" word must be for the
#: word to be read as a superlative: "safer" is, "interer" and "forer" are not, so
#: "interest" and "forest" are not superlatives.
_COMPARATIVE_ZIPF = 2.0

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
#: What says a superlative is one of several, just before it.
#: A word may come between ("one of the single largest", "one of the U.S. most dangerous",
#: "one of the nation's safest"), and the article may be left out ("one of lowest").
_HEDGE = re.compile(r"\b(?:(?:one|some|many|several)\s+of|among)\s+(?:(?:the|our|its|their)\s+)?"
                    r"(?:\S+\s+)?$", re.IGNORECASE)


@cache
def superlative(word: str) -> bool:
    """Whether a (lower-case) word is a superlative adjective or adverb: "best", "worst",
    or an "-est" word whose comparative is a common word ("highest": "higher";
    "deadliest": "deadlier")."""
    if word in _IRREGULAR:
        return True
    if not word.endswith("est") or len(word) < 5:
        return False
    comparatives = [word[:-3] + "er"]
    if word.endswith("iest"):
        comparatives.append(word[:-4] + "ier")
    return max(zipf_frequency(c, "en") for c in comparatives) >= _COMPARATIVE_ZIPF


def superlatives(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The superlatives a text says outright, and those it says only as one of several,
    each as its word ("safest") or, after "most" or "least", both words ("most
    dangerous")."""
    words = list(_WORD.finditer(text))
    outright: set[str] = set()
    hedged: set[str] = set()
    for i, m in enumerate(words):
        word = m.group().lower()
        if word in _DEGREE and i + 1 < len(words):
            key = f"{word} {words[i + 1].group().lower()}"
        elif superlative(word) and not (i and words[i - 1].group().lower() in _DEGREE):
            key = word
        else:
            continue
        before = text[max(0, m.start() - 40):m.start()]
        (hedged if _HEDGE.search(before) else outright).add(key)
    return frozenset(outright), frozenset(hedged)


def hedged_apart(text: str, other: str) -> bool:
    """Whether one of the two texts says a superlative only as one of several that the other
    says outright ("one of the safest cities" against "the safest city in the United
    States"); then they are not the same claim."""
    outright, hedged = superlatives(text)
    other_outright, other_hedged = superlatives(other)
    return bool(hedged & (other_outright - other_hedged)
                or other_hedged & (outright - hedged))
