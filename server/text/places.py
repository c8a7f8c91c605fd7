"""The places a text names: countries and U.S. states, by the names English news uses.

A figure counts what the claim's figure counts only in the same place: "California
released 3,000 criminal illegal aliens" says nothing of New York's 6,947. Places are read
from the ISO 3166 lists (``pycountry``): every country and every U.S. state, with the
common English names those lists leave out ("Russia", "Britain", "America"). Each place
is a key, an ISO code ("US", "US-NY", "GB"); a state lies within its country, so "New York"
and "the United States" do not tell two places apart. A name matches as written,
capitalised, longest first ("New Mexico" is not "Mexico", "West Virginia" not "Virginia").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pycountry

#: English names the ISO lists do not give, by code.
ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "US", "U.S.A.", "USA", "America", "United States of America",
           "the States"),
    "GB": ("U.K.", "UK", "Britain", "Great Britain", "England", "Scotland", "Wales",
           "Northern Ireland"),
    "RU": ("Russia",),
    "TR": ("Turkey",),
    "CI": ("Ivory Coast",),
    "CD": ("Democratic Republic of the Congo", "DRC"),
    "CZ": ("Czech Republic",),
    "VA": ("Vatican",),
    "US-DC": ("Washington, D.C.", "D.C.", "DC"),
    "US-VI": ("U.S. Virgin Islands",),
}
#: Names of places that are more often something else, or wider than a country ("Chad",
#: "Jordan": people; "Latin America": a region), matched so that no shorter name inside
#: them is ("America"), and read as no place.
NOT_PLACES = ("Chad", "Jordan", "Latin America", "South America", "Central America",
              "North America", "Corporate America", "Middle America", "Main Street America")
#: A name that is two places: the U.S. state and the country; "Washington", the state and
#: the capital (which speeches name for the federal government).
SHARED = {"Georgia": ("US-GA", "GE"), "Washington": ("US-WA", "US-DC")}


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    keys: dict[str, set[str]] = {}

    def add(name: str, key: str) -> None:
        keys.setdefault(name, set()).add(key)

    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None),
                     getattr(country, "official_name", None)):
            if name and "," not in name and "(" not in name:
                add(name, country.alpha_2)
    for state in pycountry.subdivisions.get(country_code="US") or ():
        if "," not in state.name:
            add(state.name, state.code)
    for key, names in ALIASES.items():
        for name in names:
            add(name, key)
    for name in NOT_PLACES:
        keys[name] = set()
    for name, shared in SHARED.items():
        keys[name] = set(shared)
    pattern = re.compile(
        r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(keys, key=len, reverse=True))
        + r")(?!\w)")
    return pattern, {name: frozenset(k) for name, k in keys.items()}


def places(text: str) -> frozenset[str]:
    """The places ``text`` names, as ISO codes ("US-NY", "GB"), the narrowest of those one
    within another: a text that names New York and "the U.S. Department of Homeland
    Security" speaks of New York."""
    pattern, keys = _gazetteer()
    found = frozenset().union(*(keys[m.group(1)] for m in pattern.finditer(text)))
    return frozenset(k for k in found if not any(o.startswith(k + "-") for o in found))


def without_places(text: str) -> str:
    """``text`` with the places' names blanked to their length ("Police in          reported
    ..."), so that what else it says can be read apart."""
    pattern, keys = _gazetteer()
    return pattern.sub(lambda m: " " * len(m.group()) if keys[m.group(1)] else m.group(), text)


def place_at(text: str, at: int) -> bool:
    """Whether a place's name starts at ``at`` in ``text`` ("California has ...": a name,
    though it opens the sentence)."""
    pattern, keys = _gazetteer()
    m = pattern.match(text, at)
    return m is not None and bool(keys[m.group(1)])


def _within(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def elsewhere(said: Iterable[str], claimed: Iterable[str]) -> bool:
    """Whether places a sentence names (``said``) are all other than those a claim names
    (``claimed``): both name some, and none lies within another ("California" against "New
    York"; not "New York City" against "the United States")."""
    said, claimed = list(said), list(claimed)
    return bool(said and claimed) and not any(_within(a, b) for a in said for b in claimed)


#: Words that say a figure is the whole nation's: "nationally", "nationwide", "across the
#: country", "the national average".
_NATIONAL = re.compile(
    r"\b(?:nationally|nationwide|nation-wide|countrywide|(?:across|throughout|inside|all over)"
    r"\s+the\s+(?:country|nation)|national\s+(?:average|total|tally|figures?|rate|data))\b",
    re.IGNORECASE)


def national(text: str) -> bool:
    """Whether the text speaks of the whole nation ("Nationally, 84.6 percent of
    wildfires ...", "at least 2 million criminal aliens now inside the country"): of a
    claim about one county or state's figures, another scope."""
    return bool(_NATIONAL.search(text))
