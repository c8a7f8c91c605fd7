"""The bodies a text names: agencies, authorities, districts, companies, unions.

A curated figure is one body's: "Corriston Regional Transit buses were involved in 4,618
safety incidents" repeats none of Calder Regional Transit's counts, though every other word
and the figure are the same. A body is read as a run of capitalised words that ends in a
word naming a kind of body ("Tolland Transit Authority", "Calder Memorial Hospital",
"Northgate Metro", "the Department of Homeland Security", "Kansas City"); its name is its
other words ("tolland", "calder memorial", "homeland security", "kansas"). Cities and
counties named without "City" or "County" are left to the score, as places other than
countries and U.S. states are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from wordfreq import zipf_frequency

from .places import elsewhere, places

#: Words that end the name of a body.
KINDS = frozenset({
    "academy", "administration", "agency", "association", "authority", "board", "bureau",
    "city", "college", "commission", "company", "corporation", "corp", "council", "county",
    "court", "department", "district", "elementary", "hospital", "inc", "institute",
    "library", "metro", "office", "police", "school", "schools", "service", "services",
    "sheriff", "system", "transit", "union", "university"
})
#: The kinds of body a place's name may be followed by in lower case: "the Halvering
#: school district", "the Tollingford library" (not "city" or "county": "the Calder city
#: budget" is the city's own).
_LOWER_KINDS = ("school district", "school board", "school", "schools", "library",
                "police", "police department", "fire department", "hospital", "college",
                "university")
#: Titles of office, which end a body's name: "Department of Homeland Security Assistant
#: Secretary Tricia McLaughlin".
TITLES = frozenset({
    "acting", "assistant", "chair", "chairman", "chairwoman", "chief", "commissioner",
    "deputy", "director", "executive", "general", "governor", "head", "inspector",
    "manager", "mayor", "officer", "president", "press", "secretary", "senator",
    "spokesman", "spokesperson", "spokeswoman", "superintendent"
})
#: Words inside a name that say no more than its kind ("Board of Education").
_JOINING = frozenset({"of", "and", "for", "the", "on", "&"})

_CAPITALISED = r"[A-Z][\w’'.&-]*"
#: A run of capitalised words, joined by "of", "and", "for", "the", "on" or "&".
_RUN = re.compile(rf"{_CAPITALISED}(?:\s+(?:(?:of|and|for|the|on|&)\s+)?{_CAPITALISED})*")
_POSSESSIVE = re.compile(r"['’]s?$")


_AFTER_RUN = re.compile(r"\s+(" + "|".join(sorted(_LOWER_KINDS, key=len, reverse=True))
                        + r")\b")


def bodies(text: str) -> tuple[frozenset[str], ...]:
    """The names of the bodies ``text`` names, each as its words (lower case) but for
    the words of its kind: "the Tolland Transit Authority" -> {"tolland"}. A body named
    by its kind alone ("the Department", "Transit") has no name and is left out."""
    return tuple(name for name, _kind in named_bodies(text))


@lru_cache(maxsize=20_000)
def named_bodies(text: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """The bodies ``text`` names, each as its name (``bodies``) and the words of its kind
    ({"transit", "authority"}); a name in capitals followed by a kind in lower case is one
    too ("the Halvering school district": {"halvering"}, {"school", "district"})."""
    found = []
    for run in _RUN.finditer(text):
        words = [_POSSESSIVE.sub("", w).lower().strip(".") for w in run.group().split()]
        kinds = [i for i, w in enumerate(words) if w in KINDS]
        after = _AFTER_RUN.match(text, run.end())
        if not kinds and after and not _POSSESSIVE.search(run.group()) and not (
                _OPENS.match(text, 0, run.start()) and len(words) == 1):
            name = frozenset(w for w in words if w not in _JOINING and w)
            if name:
                found.append((name, frozenset(after.group(1).split())))
            continue
        if not kinds:
            continue
        # The name ends at its last kind ("Calder Regional Transit", not the words after
        # it), or goes on after "of" ("the Department of Homeland Security") up to a title
        # ("... Security Assistant Secretary Tricia McLaughlin"); it starts after an "and"
        # before its kind ("Albany and New York City": New York).
        end = kinds[-1] + 1
        if end < len(words) and words[end] == "of":
            end = next((i for i in range(end, len(words)) if words[i] in TITLES), len(words))
        start = max((i + 1 for i in range(kinds[-1]) if words[i] in ("and", "&")), default=0)
        name = frozenset(w for w in words[start:end]
                         if w not in KINDS and w not in _JOINING and w)
        if name:
            found.append((name, frozenset(words[i] for i in kinds)))
    return tuple(found)


def named_words(texts: Iterable[str]) -> frozenset[str]:
    """The words of texts, lower case, as ``bodies`` reads a name's."""
    return frozenset(_POSSESSIVE.sub("", w).lower().strip(".")
                     for text in texts for w in re.findall(r"[\w’'.&-]+", text))


def another_body(sentence: str, known: frozenset[str]) -> bool:
    """Whether the sentence names a body whose name has a word none of ``known`` (the words
    of a claim's texts and sources) is, or whose kind none of them is: it speaks of another
    body than the claim's ("Corriston Regional Transit" of Calder Regional Transit's
    counts; "the Halvering school district" or "Tollingford Elementary" of a hospital's or
    a town's, by its name)."""
    return any(name - known or not kind & known for name, kind in named_bodies(sentence))


#: A possessive after a run of capitalised words, and the words after it: "Kessler Valley's
#: streetcar line", "Neighboring Ashford's council".
_OWNER = re.compile(rf"({_CAPITALISED}(?:\s+(?:(?:of|and|for|the|on|&)\s+)?{_CAPITALISED})*)"
                    r"['’]s\s+((?:[a-z][\w-]*\s*){1,3})")
#: Capitalised words that own nothing by themselves: days, months, times, articles.
_NOT_OWNERS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "today", "yesterday", "tomorrow", "this", "last",
    "next", "year", "week", "month", "the", "a", "an"})


#: Nothing but opening quotes before a position: the start of a sentence.
_OPENS = re.compile(r"[\s\"“‘'(\[]*$")
#: How common (Zipf frequency in English) a capitalised word opening a sentence must be to
#: be read as an ordinary word, not a name: "Ask", "Neighboring" (3.9); not "Kessler" (3.2).
COMMON_ZIPF = 3.5

#: What a person holding an office has: "Hochul's office", "Trump's administration".
_OFFICES = frozenset({"administration", "office", "campaign", "government", "aides", "staff",
                      "spokesman", "spokeswoman", "spokesperson", "allies", "critics",
                      "supporters", "press"})


def another_owner(sentence: str, known: frozenset[str], claimed: Iterable[str] = ()) -> bool:
    """Whether the sentence gives something the claim's texts speak of (a word of
    ``known`` in lower case after the possessive) to an owner with a name none of ``known``
    is: "Kessler Valley's streetcar line struck 41 pedestrians" is not Calder's streetcar
    line; "Trump's DHS" owns a body the claim names (capitalised: no common noun after it),
    "Hochul's office" nothing the claim speaks of. An owner that is a place (a country or a
    U.S. state) is another unless it lies within one of the places the claim names
    (``claimed``) or they within it: "Canada's public health agency" of a claim that names
    none, not "America's safest cities" of one about New York."""
    claimed = list(claimed)
    for found in _OWNER.finditer(sentence):
        owner, owned = found.groups()
        first, _, rest = owner.partition(" ")
        if rest and _OPENS.match(sentence, 0, found.start()) and zipf_frequency(
                first.lower(), "en") >= COMMON_ZIPF:
            owner = rest  # a common word opening the sentence: "Ask Tarrow Bay's patients"
        said = [w.lower() for w in owned.split()]
        if said[0] in _OFFICES or not any(w in known for w in said):
            continue
        if where := places(owner):
            if not claimed or elsewhere(where, claimed):
                return True
            continue
        name = {w for w in (_POSSESSIVE.sub("", w).lower().strip(".") for w in owner.split())
                if w and w not in _JOINING and w not in _NOT_OWNERS and w not in KINDS
                and w not in TITLES}
        if name - known:
            return True
    return False
