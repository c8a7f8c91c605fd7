"""The matcher's read-only view of the claim store: claims, quantities and known values.

Built once per data version from ``Store.load_corpus()``. Claims imported without curated
figures (a fact-check collection, say) get one quantity derived per figure in their text,
so they yield verdicts too.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..store import Corpus
from ..text.figures import Figure, described, extract_figures, reads_language
from ..text.places import place_at
from ..text.words import DURATION_DAYS, noun_phrase
from .terms import is_number, stem, terms, words


@dataclass
class Known:
    """One source's value for one quantity, as the source wrote it."""

    value: float
    of: float | None
    text: str
    hedge: str | None
    low: float | None
    high: float | None
    unit: str
    quantity_id: str
    claim_id: str
    quote: str
    source: dict[str, Any]
    currency: str | None = None  # ISO 4217, for a sum of money whose currency is known

    @property
    def exact(self) -> bool:
        return self.hedge is None


@dataclass
class Quantity:
    id: str
    description: str
    noun: str | None
    unit: str
    group: str
    heads: frozenset[str]
    noun_terms: frozenset[str]
    #: The counted noun and its aliases as written, for the claim's index document.
    nouns: tuple[str, ...] = ()
    #: Words sentences use for the quantity's population where its claims use others.
    cues: tuple[str, ...] = ()
    #: ISO 4217, for a sum of money whose curated quantity names its currency.
    currency: str | None = None
    #: The period or date an editor says it covers, as written ("2025-01-01/2025-12-31").
    period: str | None = None
    derived: bool = False
    #: Of a quantity derived from an uncurated claim: the words around its figure in the
    #: claim ("lost by ... points in your only statewide race") and the years the claim
    #: names, which tell what it counts when no curator said.
    context: frozenset[str] = frozenset()
    years: frozenset[str] = frozenset()
    #: ...and the times it names relative to when it was said ("last year"; ``times_named``)
    times: frozenset[str] = frozenset()
    #: ...and, when its figure is a change ("rose 17 percent"), which way: "up" or "down"
    #: (``figure_directions``; None: a level)
    direction: str | None = None
    #: ...and the names around the figure ("with China"), which a sentence must share to
    #: speak of the same thing ("$151 billion with the European Union" is another sum).
    names: frozenset[str] = frozenset()
    #: ...and the objects of the prepositions around it ("on trade with China"), which must
    #: not name something else where a sentence uses the same preposition ("with other
    #: countries"; see ``figure_scopes``).
    scopes: dict[str, frozenset[str]] = field(default_factory=dict)
    known: list[Known] = field(default_factory=list)


@dataclass
class ClaimEntry:
    id: str
    text: str
    record: dict[str, Any]
    sources: list[dict[str, Any]]
    quantity_ids: list[str]
    text_terms: frozenset[str]
    doc_terms: list[str]
    #: The words of what was said (text, title, quotes), without the curated descriptions.
    said_terms: frozenset[str]


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def years_named(text: str) -> frozenset[str]:
    """The years a text names ("in 2017", "the 2016 election")."""
    return frozenset(_YEAR.findall(text))


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
#: A month, written as one: a name ("April", "Sept.", or "Jan" with a day after it),
#: capitalized; "May" and "March", which are words too, only with a day or year after them
#: or a word of time before them.
_MONTH = re.compile(
    r"(?:\b(?P<time>in|since|by|until|through|during|of|from|to|last|this|next|early|late"
    r"|mid)[\s-]+)?\b(?P<name>" + "|".join(_MONTH_NAMES)
    + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?:\.|(?=\s+\d)))(?P<date>\s+\d)?",
    re.IGNORECASE)
#: A date as the claims files write it: 2026-11-20.
_ISO_DATE = re.compile(r"\b(?:1[89]|20)\d\d-(0[1-9]|1[0-2])-\d\d\b")


def months_named(text: str) -> frozenset[int]:
    """The months a text names (1 to 12): "in January", "Sept. 4", "April 14", "2027-04-30";
    not "may" or "march", the words."""
    months = {int(m) for m in _ISO_DATE.findall(text)}
    for m in _MONTH.finditer(text):
        name = m.group("name")
        if not name[0].isupper() or (name in ("May", "March") and not (
                m.group("time") or m.group("date"))):
            continue
        months.add(next(i for i, n in enumerate(_MONTH_NAMES, 1)
                        if n.lower().startswith(name.rstrip(".").lower())))
    return frozenset(months)


def months_between(dates: Iterable[str | None]) -> frozenset[int]:
    """The months from the first of some ISO dates to the last, both included: the
    months a claim's sources and dates span."""
    points = sorted({(int(d[:4]), int(d[5:7])) for d in dates
                     if d and _ISO_DATE.match(d.strip()[:10])})
    if not points:
        return frozenset()
    (y0, m0), (y1, m1) = points[0], points[-1]
    return frozenset((m0 - 1 + i) % 12 + 1 for i in range(min(12, (y1 - y0) * 12 + m1 - m0 + 1)))


#: Words that make the figure after them a comparison's baseline: "down from $64.8
#: million", "compared with 4.1 percent", "higher than 4.1 percent".
_BASELINE = re.compile(r"\b(?:from|than|compared\s+(?:with|to)|versus|vs\.?)\s*$",
                       re.IGNORECASE)


def baselines(text: str, figures: Sequence[Figure]) -> list[tuple[int, int] | None]:
    """Of each figure that is a comparison's baseline ("down from $64.8 million in the
    current budget"), its stretch of ``text``: from the word that makes it one up to the
    next figure; None for the others."""
    spans: list[tuple[int, int] | None] = []
    for i, fig in enumerate(figures):
        baseline = _BASELINE.search(text, 0, fig.start)
        end = figures[i + 1].start if i + 1 < len(figures) else len(text)
        spans.append((baseline.start(), end) if baseline else None)
    return spans


#: A baseline's time a year back from the figures it is compared with: "863 the year
#: before", "about 40 a year earlier", "the previous year". (In "two years earlier" the
#: span is a figure of its own, which ends the baseline's stretch.)
_YEAR_BEFORE = re.compile(r"\b(?:(?:the|a|one)\s+year\s+(?:before|earlier|prior)"
                          r"|the\s+(?:previous|prior|preceding)\s+year)\b", re.IGNORECASE)


def figure_years(text: str, figures: Sequence[Figure]) -> list[frozenset[str]]:
    """The years each figure is said of: a comparison's baseline, those of its stretch
    (``baselines``), or the year before the others' ("1,247 wildfires in 2025, up from
    863 the year before": 2024); any other, the text's but for those ("$58.1 million in
    2026, down from $64.8 million in the current budget": 2026 is the first figure's
    year, not the second's; "... down from $64.8 million in 2025": 2025 is the second's
    only)."""
    if not _YEAR.search(text):
        return [frozenset()] * len(figures)
    spans = baselines(text, figures)
    rest = text
    for span in spans:
        if span:
            rest = rest[:span[0]] + " " * (span[1] - span[0]) + rest[span[1]:]
    years = years_named(rest)

    def of_baseline(stretch: str) -> frozenset[str]:
        own = years_named(stretch)
        if own or not _YEAR_BEFORE.search(stretch):
            return own
        return frozenset(str(int(y) - 1) for y in years)

    return [of_baseline(text[span[0]:span[1]]) if span else years for span in spans]


#: A time named relative to when it was said: "last year", "this month", "in the past year".
_WHEN = re.compile(r"\b(this|last|past|previous|next|coming)\s+(year|month|week|quarter|decade)\b",
                   re.IGNORECASE)
_SAME_WHEN = {"past": "last", "previous": "last", "coming": "next"}


def times_named(text: str) -> frozenset[str]:
    """The times a text names relative to when it was said, one way each ("in the past
    year" and "last year" are "last year")."""
    return frozenset(f"{_SAME_WHEN.get(a.lower(), a.lower())} {unit.lower()}"
                     for a, unit in _WHEN.findall(text))


#: Words before a figure that make it a change rather than a level: "rose 17 percent", "fell
#: by $2 billion", "are up 12%", "has grown on average 0.9 percent" (not "rose to 5
#: percent": the level it reached; nor "up" after any other verb, whose particle it is:
#: "makes up 23.9 percent", "racked up nearly 400 offenses", "locked up 7,113"); and
#: after it: "a 20% increase", "3 percent higher", "$4,200 less per student", "47 minutes
#: later than".
_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|ris(?:e|es|en|ing)|fell|fall(?:s|en|ing)?|grew|grow(?:s|n|ing)?"
    r"|(?:in|de)creas(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|dropp?(?:s|ed|ing)?"
    r"|jump(?:s|ed|ing)?|climb(?:s|ed|ing)?|surg(?:e|es|ed|ing)|soar(?:s|ed|ing)?"
    r"|plung(?:e|es|ed|ing)|plummet(?:s|ed|ing)?|shr(?:ank|unk|inks?|inking)"
    r"|improv(?:e|es|ed|ing)|worsen(?:s|ed|ing)?"
    r"|(?:is|are|was|were|be|been|being|now|still|went|gone|go(?:es)?|going)\s+up|down)"
    r"\s+(?:(?:by|on|an?|average|of)\s+){0,4}$", re.IGNORECASE)
_CHANGE_AFTER = re.compile(
    r"\s*(?:(?:increase|decrease|rise|drop|jump|decline|reduction|growth|cut|hike|higher"
    r"|lower)s?|more|fewer|less"
    # a duration longer or later than another: "47 minutes later on average than Velmora's"
    r"|(?:(?:second|minute|hour|day|week|month|year)s?\s+)?(?:longer|shorter|later|earlier)"
    r"(?=(?:\s+[\w'’]+){0,4}?\s+than\b))\b", re.IGNORECASE)


#: Words of a change that say it went down; the others say up.
_DOWNWARD = re.compile(
    r"^(?:fell|fall|declin|decreas|dropp?|plung|plummet|shr|worsen|down|went\s+down|gone\s+down"
    r"|go(?:es)?\s+down|going\s+down|reduction|cut|lower|fewer|less)", re.IGNORECASE)


def figure_directions(text: str, figures: Sequence[Figure]) -> list[str | None]:
    """For each figure that says by how much something changed ("rose 17 percent", "a $2
    billion cut"), which way: "up" or "down" ("crime is down 20 percent" is not "crime is
    up 20 percent"); None for one that says how much there is ("17 percent", "$40
    billion")."""
    out: list[str | None] = []
    for f in figures:
        before = _CHANGE_BEFORE.search(text, max(0, f.start - 24), f.start)
        after = None if before else _CHANGE_AFTER.match(text, f.end)
        word = before.group().strip() if before else after.group().strip() if after else None
        out.append(None if word is None else "down" if _DOWNWARD.match(word) else "up")
    return out


#: A capitalised word: a name ("China", "Medicare") unless it opens a sentence.
_NAME = re.compile(r"\b[A-Z][A-Za-z]+")
_OPENING = re.compile(r"(?:^|[.!?:…])[\s\"“‘'(\[]*$")


_LOWER = re.compile(r"\b[a-z][a-z]+\b")
#: How much more often a word must be written capitalised inside sentences than in lower
#: case, and how often at least, to be read as a name where it opens a sentence.
NAME_RATIO, NAME_SEEN = 3, 2


def _opens(text: str, at: int) -> bool:
    return bool(_OPENING.search(text[max(0, at - 40):at]))


def written_as_names(texts: Iterable[str]) -> frozenset[str]:
    """The words a collection writes as names, in lower case: capitalised inside sentences
    at least ``NAME_SEEN`` times and more than ``NAME_RATIO`` times as often as in lower
    case ("china", "obama", "medicare"; not "the", "president", "new"). Where one opens a
    sentence, it is still a name ("China has 1.4 billion people")."""
    inside: dict[str, int] = {}
    lower: dict[str, int] = {}
    for text in texts:
        for m in _NAME.finditer(text):
            if not _opens(text, m.start()):
                word = m.group().lower()
                inside[word] = inside.get(word, 0) + 1
        for word in _LOWER.findall(text):
            lower[word] = lower.get(word, 0) + 1
    return frozenset(w for w, n in inside.items()
                     if n >= NAME_SEEN and n > NAME_RATIO * lower.get(w, 0))


def figure_names(text: str, figures: Sequence[Figure], known: Container[str] = frozenset()
                 ) -> list[frozenset[str]]:
    """For each figure, the names in its own stretch of ``text`` (see ``figure_stretches``),
    as terms; "I" and a sentence's opening word are not names, unless ``known`` (see
    ``written_as_names``) has it or it opens a place's name ("Wisconsin lost ...")."""
    out = []
    for a, b in _stretch_bounds(text, figures, own_sentence=True):
        found = " ".join(m.group() for m in _NAME.finditer(text, a, b)
                         if not _opens(text, m.start()) or m.group().lower() in known
                         or place_at(text, m.start()))
        out.append(frozenset(t for t in terms(found) if not is_number(t)))
    return out


#: Prepositions whose objects say whose, or of what, a sum or a share is: "$500 billion
#: on trade with China", "a deficit in goods". ("to" is left out: it is as often a verb's,
#: "refused to honor".)
SCOPE_PREPOSITIONS = frozenset({"with", "in", "on", "for", "from", "against", "among",
                                "between"})
#: Words after a preposition searched for its object's head: the first word that says
#: something ("with other countries": countries; "in goods reached": goods).
SCOPE_WORDS = 3
_SCOPE = re.compile(
    r"\b(" + "|".join(sorted(SCOPE_PREPOSITIONS)) + r")\s+(?=([^,.;:!?…()\"“”]+))", re.I)


#: The period a count or a sum is over, by the words that say it ("in a single week",
#: "per year", "annually", "overnight"): the same number of people a night and a week are
#: not one figure. A year named outright ("in 2017") is read apart (``years_named``).
_PERIOD_UNITS = {"hour": "hour", "day": "day", "night": "night", "week": "week",
                 "weekend": "weekend", "month": "month", "quarter": "quarter", "year": "year",
                 "decade": "decade"}
#: Periods by their length in days: "10 years" is "decade".
_PERIOD_DAYS = {**{unit: DURATION_DAYS[unit] for unit in ("day", "week", "month", "year",
                                                          "decade")},
                "quarter": DURATION_DAYS["year"] / 4}
#: Words before a duration that make it the period of the figure before it: "$32 trillion
#: over 10 years", "1.5 million jobs in the last five years".
_OVER_BEFORE = re.compile(
    r"\b(?:over|in|during|within)\s+(?:the\s+)?(?:(?:last|past|next|first|coming)\s+)?$",
    re.IGNORECASE)
#: A modal verb between a count and a span says when something may be done, not what the
#: count is over: "Replacing 1,693 lead lines is a job this town can finish in five years".
#: (Lower case only: "May" is a month.)
_MODAL = re.compile(r"\b(?:can|could|will|would|shall|should|may|might|must)\b|['’]ll\b")
_PERIOD_WORDS = {"hourly": "hour", "daily": "day", "overnight": "night", "nightly": "night",
                 "weekly": "week", "monthly": "month", "quarterly": "quarter",
                 "annually": "year", "yearly": "year", "annual": "year"}
_PERIOD = re.compile(
    r"\b(?:(?:a|an|per|each|every|one|last|this|next|past|first)\s+(?:single\s+)?"
    r"(" + "|".join(_PERIOD_UNITS) + r")|(" + "|".join(_PERIOD_WORDS) + r"))\b", re.I)
#: The key of the period among a figure's scopes...
PERIOD = "period"
#: ...and of what a sum or a share is of, by the noun after it ("a $2,000 tax cut").
NAMED = "named"


def _named_after(text: str, fig: Figure) -> str | None:
    """The head of the noun right after a sum or a share ("$2,000 tax cut": cut), as a
    term; None for a count (its noun is read with it) or when no noun follows."""
    if fig.unit not in ("currency", "percent"):
        return None
    span = noun_phrase(text, fig.end)
    found = [t for t in terms(text[span[0]:span[1]]) if not is_number(t)] if span else []
    return found[-1] if found else None


def figure_scopes(text: str, figures: Sequence[Figure]) -> list[dict[str, frozenset[str]]]:
    """For each figure, the objects of the scope prepositions in its own stretch of
    ``text`` (see ``figure_stretches``), as terms by preposition: "lost $800 billion on
    trade with other countries" -> {"on": {trade}, "with": {countri}}; and the periods it
    is over, under ``PERIOD``: "7,000 migrants in a single week" -> {"period": {week}};
    and for a sum or a share, which count no noun, what the noun after it names, under
    ``NAMED``: "a $2,000 tax cut" -> {"named": {cut}}, "a $4,000 raise" -> {rais}."""
    spans = [(f.start, f.end) for f in figures]
    periods = _periods(text, figures)
    out = []
    for n, (a, b) in enumerate(_stretch_bounds(text, figures, own_sentence=True)):
        scopes: dict[str, set[str]] = {PERIOD: periods[n]} if periods[n] else {}
        what = _named_after(text, figures[n])
        if what:
            scopes[NAMED] = {what}
        for m in _SCOPE.finditer(text, a, b):
            if any(s <= m.start(1) < e or s <= m.start(2) < e for s, e in spans):
                continue  # part of a figure ("one in four"), or a figure as object ("for 90%")
            if _PERIOD.match(text, m.start(2)):
                continue  # "in a single week": a period, read as one
            for word in m.group(2).split()[:SCOPE_WORDS]:
                if word.lower() in SCOPE_PREPOSITIONS or word[0].isdigit() or word[0] in "$€£":
                    break
                found = [t for t in terms(word) if not is_number(t)]
                if found:
                    scopes.setdefault(m.group(1).lower(), set()).add(found[0])
                    break
        out.append({p: frozenset(objects) for p, objects in scopes.items()})
    return out


def periods_named(text: str) -> frozenset[str]:
    """The periods a text names ("a day", "per year", "annually", "last month"), by unit."""
    return frozenset(_PERIOD_UNITS.get(u.lower()) or _PERIOD_WORDS[u.lower()]
                     for m in _PERIOD.finditer(text) for u in [m.group(1) or m.group(2)])


def _periods(text: str, figures: Sequence[Figure]) -> list[set[str]]:
    """The periods said around each figure: a period belongs to the figure before it
    ("$100 a day and $600 a week"), or to the first figure when none is ("Last year, $375
    billion"); one inside a figure is the figure's own ("one year"), and a duration said
    as a span ("over 10 years", "in the last five years") is the period of the figure
    before it. Periods of whole days are named by their length ("a decade", "10 years")."""
    spans = [(f.start, f.end) for f in figures]
    periods: list[set[str]] = [set() for _ in spans]
    for m in _PERIOD.finditer(text):
        if not spans or any(s < m.end() and m.start() < e for s, e in spans):
            continue
        before = [n for n, (_, e) in enumerate(spans) if e <= m.start()]
        unit = (m.group(1) or m.group(2)).lower()
        periods[before[-1] if before else 0].add(_PERIOD_UNITS.get(unit) or _PERIOD_WORDS[unit])
    for n, f in enumerate(figures[1:], start=1):
        days = DURATION_DAYS.get((f.head or "").lower())
        if f.unit == "duration" and days and f.of is None and (
                f.hedge == "over" or (f.low == f.high and _OVER_BEFORE.search(
                    text, max(0, f.start - 30), f.start))) and not _MODAL.search(
                    text, figures[n - 1].end, f.start):
            periods[n - 1].add(_period_name(f.value * days))
    return periods


def _period_name(days: float) -> str:
    """A span's name as a period: a unit's when it is one ("10 years": "decade"), else
    its length in days."""
    named = [name for name, length in _PERIOD_DAYS.items() if abs(length - days) < 0.5]
    return named[0] if named else f"{days:.0f} days"


def figure_stretches(text: str, figures: Sequence[Figure]) -> list[frozenset[str]]:
    """Each figure's own stretch of ``text``, as terms without numbers: from the figure
    before it to the one after ("sentenced to 42 months in prison, with" / "10 years of
    post-release supervision")."""
    return [frozenset(t for t in terms(text[a:b]) if not is_number(t))
            for a, b in _stretch_bounds(text, figures)]


def _stretch_bounds(text: str, figures: Sequence[Figure], *, own_sentence: bool = False
                    ) -> list[tuple[int, int]]:
    """Where each figure's own stretch of ``text`` starts and ends: from the end of the
    figure before it to the start of the one after (none without figures); with
    ``own_sentence``, within the figure's sentence (a claim quoting two sentences names
    "Great Britain" in the second, not around "100 nuclear warheads" in the first)."""
    if not figures:
        return []
    starts = [0, *(f.end for f in figures[:-1])]
    ends = [*(f.start for f in figures[1:]), len(text)]
    if own_sentence:
        breaks = [m.end() for m in _SENTENCE_END.finditer(text)]
        starts = [max([a, *(e for e in breaks if e <= f.start)])
                  for a, f in zip(starts, figures, strict=True)]
        ends = [min([b, *(e for e in breaks if e >= f.end)])
                for b, f in zip(ends, figures, strict=True)]
    return list(zip(starts, ends, strict=True))


#: Where a sentence ends inside a text: a stop, its closing quotes, and the space after it.
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘'(\[]*[A-Z])")


def _uncurated(text: str, quantities: list[Quantity], known: Container[str]) -> None:
    """Mark one claim's stored figures as uncurated, with the words around each in the
    claim's text and the years it names (``known``: see ``figure_names``)."""
    figures = extract_figures(text)
    stretch = dict(zip((f.text for f in figures), figure_stretches(text, figures), strict=True))
    names = dict(zip((f.text for f in figures), figure_names(text, figures, known), strict=True))
    scopes = dict(zip((f.text for f in figures), figure_scopes(text, figures), strict=True))
    ways = dict(zip((f.text for f in figures), figure_directions(text, figures), strict=True))
    years, times = years_named(text), times_named(text)
    everything = frozenset(t for t in terms(text) if not is_number(t))
    for q in quantities:
        q.derived, q.years, q.times = True, years, times
        q.context = next((stretch[k.text] for k in q.known if k.text in stretch), everything)
        q.names = next((names[k.text] for k in q.known if k.text in names), frozenset())
        q.scopes = next((scopes[k.text] for k in q.known if k.text in scopes), {})
        q.direction = next((ways[k.text] for k in q.known if k.text in ways), None)


#: "Number of times he was arrested and released": what a count of times counts, as a
#: sentence says it ("arrested four times", ``figures``).
_DEEDS = re.compile(r"\btimes\b(?:\s+[A-Za-z]+){0,3}?\s+(?:was|were|is|are|been|got)\s+"
                    r"([A-Za-z]+ed)(?:\s+(?:and|or)\s+([A-Za-z]+ed))?", re.IGNORECASE)


def _deeds(description: str) -> list[str]:
    """The deeds a quantity's description says it counts the times of."""
    return [d for m in _DEEDS.finditer(description) for d in m.groups() if d]


#: The prepositions after which an editor's noun goes on about its head: "assaults on
#: operators" counts assaults, "deaths of children" deaths.
_POSTMODIFIED = re.compile(r"\s(?:on|of|against|in|at|to|by|with|for|from|among)\s",
                           re.IGNORECASE)


def _noun_stems(phrases: list[str], *, postmodified: bool = False
                ) -> tuple[frozenset[str], frozenset[str]]:
    """The head stems and all stems of noun phrases: each phrase's last word, and with
    ``postmodified`` the last word before a preposition too ("assaults on operators":
    "assault" and "oper")."""
    heads, all_terms = set(), set()
    for phrase in phrases:
        tokens = [stem(w) for w in words(phrase) if not w[0].isdigit()]
        if tokens:
            heads.add(tokens[-1])
            all_terms.update(tokens)
        before = _POSTMODIFIED.split(phrase, maxsplit=1)
        if postmodified and len(before) > 1 and (
                first := [stem(w) for w in words(before[0]) if not w[0].isdigit()]):
            heads.add(first[-1])
    return frozenset(heads), frozenset(all_terms)


def claims_own(group: str, claim_ids: Container[str], figure_claims: Iterable[str],
               cued: bool = False) -> bool:
    """Whether a group of quantities is one claim's own figures, as an import from a
    fact-check collection stores them: the group is named after a claim (one of
    ``claim_ids``) and every figure of its quantities is that claim's (``figure_claims``
    are the claims of those figures), and no editor gave it cues (``cued``), which no
    import writes. Nobody said what they count, so they are read like the quantities
    derived from a claim without figures."""
    return not cued and group in claim_ids and all(c == group for c in figure_claims)


def known_value(figure: dict[str, Any], claim_id: str, quote: str, source: dict[str, Any],
                currency: str | None = None) -> Known:
    """A figure as a claims file (or the store) records it, as one source's known value;
    ``currency`` is the quantity's, for a figure that names none."""
    return Known(float(figure["value"]), figure.get("of"), figure["text"], figure.get("hedge"),
                 figure.get("low"), figure.get("high"), figure.get("unit") or "count",
                 figure["quantity"], claim_id, quote, source, figure.get("currency") or currency)


def public_source(source: dict[str, Any]) -> dict[str, Any]:
    return {"id": source["id"], "publisher": source["publisher"], "title": source.get("title"),
            "url": source.get("url"), "published": source.get("published"),
            "kind": source["kind"]}


class Catalog:
    """Claims in index order, their quantities, and the quantities of each group."""

    def __init__(self, corpus: Corpus) -> None:
        self.version = corpus.version
        self.sources = {sid: public_source(s) for sid, s in corpus.sources.items()}
        self.quantities: dict[str, Quantity] = {}
        for q in corpus.quantities.values():
            nouns = tuple(n for n in [q["noun"] or "", *q["aliases"]] if n)
            heads, noun_terms = _noun_stems([*nouns, *_deeds(q["description"])],
                                            postmodified=True)
            self.quantities[q["id"]] = Quantity(
                q["id"], q["description"], q["noun"], q["unit"], q["group"] or q["id"],
                heads, noun_terms, nouns, tuple(q.get("cues") or ()), q.get("currency"),
                period=q.get("period"))
        #: The words the claims write as names (``written_as_names``).
        self.names = written_as_names(
            t for record in corpus.claims
            for t in [record["text"], *(q["text"] for q in record["quotes"])])
        self.claims: list[ClaimEntry] = []
        for record in corpus.claims:
            self.claims.append(self._entry(record))
        self.groups: dict[str, list[Quantity]] = {}
        for quantity in self.quantities.values():
            self.groups.setdefault(quantity.group, []).append(quantity)
        self.by_id = {c.id: i for i, c in enumerate(self.claims)}
        # Only a group a claims file names can be named after a claim: a quantity without
        # one is in a group of its own id, which an editor may have given its claim too.
        named = {q["group"] for q in corpus.quantities.values() if q["group"]}
        for group, quantities in self.groups.items():
            if group in named and not any(q.derived for q in quantities) and claims_own(
                    group, self.by_id, (k.claim_id for q in quantities for k in q.known),
                    any(q.cues for q in quantities)):
                _uncurated(self.claims[self.by_id[group]].text, quantities, self.names)

    def _entry(self, record: dict[str, Any]) -> ClaimEntry:
        quotes = {q["source"]: q["text"] for q in record["quotes"]}
        figures = record["figures"] or self._derive(record)
        quantity_ids: list[str] = []
        for f in figures:
            quantity = self.quantities[f["quantity"]]
            quantity.known.append(known_value(
                f, record["id"], quotes.get(f["source"], record["text"]),
                self.sources.get(f["source"], {"publisher": f["source"]}), quantity.currency))
            if quantity.id not in quantity_ids:
                quantity_ids.append(quantity.id)
        doc = [record["text"], record.get("title") or "", *quotes.values()]
        for qid in quantity_ids:
            q = self.quantities[qid]
            if not q.derived:
                doc.append(q.description)
            doc.extend(q.nouns)
        sources = [self.sources[s] for s in quotes if s in self.sources]
        text_terms = frozenset(terms(record["text"] + " " + (record.get("title") or "")))
        # Most quotes repeat the text: then one set serves both.
        other_quotes = [terms(q) for q in quotes.values() if q != record["text"]]
        said_terms = text_terms.union(*other_quotes) if other_quotes else text_terms
        return ClaimEntry(record["id"], record["text"], record, sources, quantity_ids,
                          text_terms, terms(" ".join(doc)), said_terms)

    def _derive(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        """One quantity per figure of an uncurated claim's text, attributed to its sources."""
        source = record["quotes"][0]["source"] if record["quotes"] else None
        quote = record["quotes"][0]["text"] if record["quotes"] else record["text"]
        derived = []
        figures = extract_figures(quote) if reads_language(record.get("language")) else []
        stretches = figure_stretches(quote, figures)
        names = figure_names(quote, figures, self.names)
        scopes = figure_scopes(quote, figures)
        ways = figure_directions(quote, figures)
        years, times = years_named(record["text"]), times_named(record["text"])
        for n, (fig, stretch, named, scope, way) in enumerate(
                zip(figures, stretches, names, scopes, ways, strict=True)):
            qid = f"{record['id']}#{n}"
            heads, noun_terms = _noun_stems([fig.noun or ""])
            self.quantities[qid] = Quantity(
                qid, described(fig, record["text"]),
                fig.noun, fig.unit, record["id"], heads, noun_terms,
                (fig.noun,) if fig.noun else (), derived=True, context=stretch, years=years,
                times=times, names=named, scopes=scope, direction=way)
            derived.append({"quantity": qid, "source": source, "value": fig.value,
                            "of": fig.of, "text": fig.text, "hedge": fig.hedge,
                            "low": fig.low, "high": fig.high, "unit": fig.unit,
                            "currency": fig.currency})
        return derived
