"""Find the figures a sentence asserts: value, hedge, implied interval, unit, counted noun.

Step two of the figure engine. "DHS said nearly 7,000 criminal illegal aliens were released"
gives one ``Figure``: text "nearly 7,000", value 7000, hedge "nearly", interval [6000, 7000],
noun "criminal illegal aliens". The verdict step compares such figures with a claim's.

Numbers that are not quantities are left out: years, dates, clock times, ordinals, ages,
scores and vote tallies, identifiers ("Title 42", "287(g)", "COVID-19"), numbers in URLs,
handles and phone numbers. It is rules over regular expressions, without a tagger, because
it runs on every candidate sentence of every page; the rules favour missing an odd figure
over reporting a date as one.

This module finds where figures may start and reads what surrounds each number (sign, hedge,
range, base, "all", counted noun); ``numbers`` reads the number itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import words as w
from .numbers import (
    DIGITS,
    FRACTION_STEP,
    NUMBER_AT,
    PREV_WORD,
    WORDS,
    Reading,
    read_digits,
    read_fraction,
    read_most,
    read_number,
    read_words,
)

__all__ = ["Figure", "extract_figures"]


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as written in a sentence, and what it claims.

    ``sentence[start:end] == text``; ``text`` includes the hedge ("nearly 7,000") and a
    base ("7 of the 10"). ``low``/``high`` bound the value the words allow (None: open);
    ``granularity`` is how round the number is as written (7,000 -> 1000, 6,947 -> 1);
    ``scale`` the scale word or suffix it was written with ("$6 trillion" -> 1e12, else 1).
    ``unit`` is "count", "percent", "currency" (see ``currency``), "duration" (the counted
    noun is a time unit), "fraction" (a bare "half", "two-thirds of") or "ratio" (a
    multiplier: "twice as many", "three times higher").
    """

    text: str
    start: int
    end: int
    value: float
    unit: str = "count"
    of: float | None = None
    hedge: str | None = None
    low: float | None = None
    high: float | None = None
    granularity: float = 1.0
    currency: str | None = None
    noun: str | None = None
    head: str | None = None
    scale: float = 1.0


# "a year and a half", "half a decade": a duration written with its time unit inside.
_SPAN_UNIT = r"(?:year|decade|month|week|day|hour|century)"
_CANDIDATE = re.compile(
    rf"\b(?P<halfof>half\s+an?\s+(?:{w.alternation([*w.MULTIPLIERS, *w.SCALES])}))\b"
    rf"|\b(?P<span>(?:an?|one)\s+{_SPAN_UNIT}\s+and\s+a\s+half|half\s+an?\s+{_SPAN_UNIT})\b"
    rf"|(?P<cur>(?:US)?[$€£]\s?)?(?P<digits>{DIGITS})"
    rf"|\b(?P<frac>(?:an?|one|two|three|four|five|six|seven|eight|nine)[\s-]+"
    rf"(?:{w.alternation(w.FRACTIONS)})|half)\b"
    rf"|\b(?P<vague>{w.alternation(w.VAGUE)})\b"
    r"|\b(?P<twice>twice)\b"
    # "most of the 10", "a majority of voters": more than half of them
    r"|\b(?P<most>most|majority)(?=\s+of\b)(?!\s+of\s+(?:all|the\s+time)\b)"
    rf"|\b(?P<words>{WORDS})",
    re.IGNORECASE,
)
# Where a candidate figure may start: digits, a currency sign, or a word in _STARTERS.
_TRIGGER = re.compile(r"[$€£]|\d+|[A-Za-z]+")
_STARTERS = frozenset([*w.SMALL_NUMBERS, *w.TENS, *w.VAGUE, "a", "an", "half", "twice", "tens",
                       "us", "most", "majority"])
_PHONE = re.compile(r"(?:\d{1,3}[\s.-])?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b")
_HEDGE_BEFORE = re.compile(rf"(?<!\w)(?P<h>{w.alternation(w.HEDGES)})\s*$", re.IGNORECASE)
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_YEAR_SPAN = re.compile(rf"(?:{_YEAR.pattern})\s*(?:[-–—]|\s(?:to|through|and)\s)\s*"
                        rf"(?:{_YEAR.pattern})", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"(?<!\w)between\s+$", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(rf"(?<!\w)(?:{w.alternation(w.CHANGE_WORDS)})\s+$", re.IGNORECASE)
_MONTH = w.alternation(w.MONTHS)
_MONTH_BEFORE = re.compile(rf"(?<!\w)(?:{_MONTH})\.?\s+$")  # case-sensitive on purpose
_MONTH_AFTER = re.compile(rf"\s+(?:of\s+)?(?:{_MONTH})\b")
_AGE_BEFORE = re.compile(r"(?<!\w)(?:aged?|ages|age\s+of)\s+$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"[-–\s]+(?:year|yr|month|week|day)s?[-–\s]+old\b", re.IGNORECASE)
#: An age bounding the people before it: "children under 18", "adults over 65", "those
#: younger than 5".
_AGE_BOUND_BEFORE = re.compile(
    r"(?<!\w)(?:children|kids|people|adults|students|teens|teenagers|youths?|patients"
    r"|residents|those|anyone|everyone|men|women|boys|girls|persons|individuals|infants"
    r"|babies|seniors|drivers|workers)\s+(?:under|over|younger\s+than|older\s+than"
    r"|below|above)\s+$", re.IGNORECASE)
_TIME_AFTER = re.compile(r"\s*(?:[ap]\.m\b|[ap]m\b|o['’]clock\b)", re.IGNORECASE)
_RANGE_SEP = re.compile(r"\s*[-–]\s*(?=[$€£]?\d)|\s+(?P<word>to|and)\s+", re.IGNORECASE)
_BASE = re.compile(r"\s+(?:(?:out\s+)?of|(?P<in>in))\s+"
                   # a possessive ("seven of the nation's 10", "of New York's 62 counties")
                   r"(?:(?:the\s+)?(?:[A-Z][\w.]*\s+)?[\w.]+['’]s\s+"
                   r"|(?:the|all|its|their|his|her|those|these|our)\s+)?", re.IGNORECASE)
# "all 10 of the safest cities", "all the 50 states": every one of them.
_ALL_BEFORE = re.compile(r"(?<!not\s)\ball\s+(?:of\s+)?(?:the\s+)?$", re.IGNORECASE)
_OF_DETERMINER = re.compile(r"\s+of(?:\s+(?:the|all|its|their|his|her|those|these|our|your"
                            r"|my))?\b", re.IGNORECASE)
#: Some of a whole a count is of, named after it: "906,450 of your customers", "2,000 of
#: the state's teachers" (a base is read first: "7 of the 10"; "the first 100 of the
#: year" is no count of years).
_OF_PARTITIVE = re.compile(r"\s+of\s+(?:the|its|their|his|her|those|these|our|your|my)"
                           r"(?=\s+[A-Za-z])(?!\s+(?:year|month|week|day|decade|century)s?\b)",
                           re.IGNORECASE)
_SUFFIX_HEDGE = re.compile(r"\s*(?P<h>\+|-plus\b)|\s+(?P<w>or\s+(?:more|so|fewer|less)|plus)\b",
                           re.IGNORECASE)
# A minus sign (or the word) right before a number: "-3.5%", "−6,947", "minus 2 degrees";
# not a hyphen inside a word or a range ("COVID-19", "10-20"), nor a margin ("plus or minus
# 4 points"). ("Negative" is as often a test result: "tested negative 3 times".)
_SIGN_BEFORE = re.compile(r"(?:(?<![\w.,%)\]])[-−‒]|(?<![\w-])(?<!plus or )(?<!plus-or-)"
                          r"minus\s+)$", re.IGNORECASE)
_LIST_MARKER = re.compile(r"[.)]\s")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_START = re.compile(r"[\s\"“‘'(\[•*–—-]*$")


def described(fig: Figure, claim: str, limit: int = 120) -> str:
    """What an uncurated claim's figure counts, in words: its noun and the claim, cut at a
    word with "…" past ``limit`` characters (never in the middle of a number)."""
    text = " ".join(claim.split())
    if len(text) > limit:
        cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
        text = cut.rstrip(" ,;:") + "…"
    return f"{fig.noun or 'figure'} in the claim: {text}"


def reads_language(language: str | None) -> bool:
    """Whether figures are read in text of this language (a BCP 47 tag or a name; unknown
    counts as English). The reader knows English number words and separators only: in
    Spanish or German "2.500" is 2,500, which it would read as 2.5, so a claim in another
    language gets no figures rather than wrong ones."""
    if not language:
        return True
    tag = language.strip().lower().replace("_", "-").split("-")[0]
    return tag in ("", "en", "eng", "english")


def extract_figures(sentence: str) -> list[Figure]:
    """The figures ``sentence`` asserts, in order of appearance."""
    figures: list[Figure] = []
    consumed = 0
    # Anchored matches at likely starts: scanning the whole sentence with _CANDIDATE's long
    # alternation would cost several times more.
    for trigger in _TRIGGER.finditer(sentence):
        start = trigger.start()
        if start < consumed or (sentence[start].isalpha()
                                and trigger.group().lower() not in _STARTERS):
            continue
        match = _CANDIDATE.match(sentence, start)
        if match is None:
            continue
        figure, end = _read(sentence, match)
        consumed = max(end, start + 1)
        if figure is not None:
            figures.append(figure)
    return _share_nouns(sentence, figures)


_COORDINATION = re.compile(r"\s*(?:,|and|or|,\s*and|,\s*or)\s*$")


#: After a bare number, the offence of an elided "charged with": "2,509 charged with assault
#: and 148 with homicide".
_ELIDED_OFFENCE = re.compile(r"\s+(with|of|for)\s+(?:an?\s+)?([A-Za-z][A-Za-z-]+)")
#: A "charged with assault" phrase as its verb and preposition.
_VERB_OF_OFFENCE = re.compile(r"(.*?)\b(with|of|for)\s+(?:an?\s+)?[A-Za-z][A-Za-z-]+$",
                              re.IGNORECASE)


#: Between a counted figure and a bare number it is compared with: its noun and a few words
#: of its own ("1,036 structures in 2025, compared with 214 in ...", "58 vacancies, up
#: from about 40"), no other clause; or its noun and "to", as a score is told ("64,209
#: votes to Ravelle's 71,836"); the other number's owner may be said before it.
_COMPARED_WITH = re.compile(r"(?:(?:\s+[^\W\d]+(?:['’-][^\W\d]+)*|\s+\d{4}){0,6},?\s+"
                            r"(?:compared\s+(?:with|to)|as\s+against|against|versus|vs\.?"
                            r"|(?:up|down)\s+from)"
                            r"|(?:\s+[^\W\d]+(?:['’-][^\W\d]+)*){1,3}\s+to)"
                            r"\s+(?:the\s+)?(?:[^\W\d]+['’]s\s+|(?:his|her|its|their)\s+)?$",
                            re.IGNORECASE)


#: A name, then a bare number, after a counted figure's clause: its verb and noun left
#: out ("Corvell reported 4,785 evacuations, Dunmarsh 9,420", "lost 1,146 homes and
#: Corvell 2,318"). The name is capitalized, the number ends its clause.
_NAME = r"[A-Z][\w'’.&-]*(?:\s+(?:of\s+)?[A-Z][\w'’.&-]*){0,2}"
_GAPPED = re.compile(r"(?:\s+[^\W\d]+(?:['’-][^\W\d]+)*){0,6}(?:\s*[,;]|,?\s+and)\s+"
                     rf"(?:the\s+)?{_NAME},?\s+$")
#: The same place word, then a name, on both sides: "1,146 homes damaged in Dunmarsh,
#: 2,318 in Corvell".
_GAPPED_PLACE = re.compile(r"(?:\s+[^\W\d]+(?:['’-][^\W\d]+)*){0,4}?\s+(?P<at>in|at|for)\s+"
                           rf"(?:the\s+)?{_NAME}(?:\s*[,;]|,?\s+and)\s+$")
#: The same preposition before a counted figure and, after a name, before a bare number:
#: "went public after 41 days and Halvard after 67".
_GAPPED_AFTER = re.compile(r"(?:\s+[^\W\d]+(?:['’-][^\W\d]+)*){0,3}?(?:\s*[,;]|,?\s+and)\s+"
                           rf"(?:the\s+)?{_NAME},?\s+(?P<at>after|within|in|for|by|with)\s+$")
_CLAUSE_ENDS = re.compile(r"\s*(?:[.;:!?)]|,|$)")


def _gapped(s: str, before: Figure, fig: Figure) -> bool:
    """Whether ``fig`` is a bare number whose verb and noun are ``before``'s, left out
    after a name (``_GAPPED``, ``_GAPPED_PLACE``, ``_GAPPED_AFTER``)."""
    if _GAPPED.fullmatch(s, before.end, fig.start):
        return bool(_CLAUSE_ENDS.match(s, fig.end))
    place = _GAPPED_PLACE.fullmatch(s, before.end, fig.start)
    if place is not None:
        return re.match(rf"\s+{place.group('at')}\s+(?:the\s+)?{_NAME}",
                        s[fig.end:]) is not None
    after = _GAPPED_AFTER.fullmatch(s, before.end, fig.start)
    return (after is not None and bool(_CLAUSE_ENDS.match(s, fig.end))
            and re.search(rf"\b{after.group('at')}\s+$", s[:before.start]) is not None)


def _share_nouns(s: str, figures: list[Figure]) -> list[Figure]:
    """"18 and 20 years", "10 or 15 people": a bare number shares the next one's noun;
    "1,036 structures, compared with 214": the one's before it is compared with, and
    "4,785 evacuations, Dunmarsh 9,420" the one's whose verb and noun it leaves out;
    "2,509 charged with assault and 148 with homicide": the verb of the one before."""
    for i in range(len(figures) - 2, -1, -1):
        fig, nxt = figures[i], figures[i + 1]
        if (fig.noun is None and nxt.noun and fig.unit == "count" and fig.of is None
                and _COORDINATION.match(s, fig.end, nxt.start)):
            figures[i] = replace(fig, noun=nxt.noun, head=nxt.head, unit=nxt.unit)
    for i in range(1, len(figures)):
        before, fig = figures[i - 1], figures[i]
        if (fig.noun is None and before.noun and fig.unit == "count"
                and before.unit in ("count", "duration")
                and fig.of is None and before.of is None
                and (_COMPARED_WITH.fullmatch(s, before.end, fig.start)
                     or _gapped(s, before, fig))):
            # (a duration's too: "after 41 days and Halvard after 67")
            figures[i] = replace(fig, noun=before.noun, head=before.head, unit=before.unit)
    for i in range(1, len(figures)):
        figures[i] = _elided_offence(s, figures[i - 1], figures[i]) or figures[i]
    return figures


_JOINED = re.compile(r"(?:,|\band|\bor)\s*$")


#: A comparative after a number that a noun follows: "3 million more votes", "2,000 fewer
#: teachers" (not "more than": a hedge of what follows).
_COMPARATIVE = re.compile(r"\s+(?:more|fewer)\b(?!\s+than\b)", re.IGNORECASE)
#: A number standing for some of the people named before it: "148 of them", "29 of whom".
_OF_THEM = re.compile(r"\s+of\s+(?:them|those|whom)\b", re.IGNORECASE)


def _elided_offence(s: str, before: Figure, fig: Figure) -> Figure | None:
    """``fig`` counting the offence after it with the verb of ``before`` ("2,509 charged
    with assault and 148 with homicide": "charged with homicide"), or None."""
    elided = _ELIDED_OFFENCE.match(s, fig.end)
    if not (elided and fig.noun is None and fig.unit == "count" and fig.of is None
            and before.noun and _JOINED.search(s, before.end, fig.start)):
        return None
    padded = f" {before.noun}"
    charged = w.CHARGED_WITH.search(padded)
    if charged is None or charged.group(1).lower() != before.head:
        return None
    verb = _VERB_OF_OFFENCE.match(charged.group().strip())
    if verb is None or verb.group(2).lower() != elided.group(1).lower():
        return None
    noun = " ".join([padded[:charged.start()].strip(), verb.group(1).strip(), elided.group(1),
                     elided.group(2)]).strip()
    return replace(fig, noun=noun, head=elided.group(2).lower())


def _read(s: str, m: re.Match[str]) -> tuple[Figure | None, int]:
    """Read the candidate ``m``; returns the figure (or None) and where reading stopped."""
    kind = m.lastgroup or ""
    if kind == "digits":
        phone = _PHONE.match(s, m.start("digits"))
        if phone:
            return None, phone.end()
        r = read_digits(s, m)
    elif kind == "words":
        r = read_words(s, m.start(), m.group("words"))
    elif kind == "halfof":  # "half a million": an amount, not a share
        scale = {**w.MULTIPLIERS, **w.SCALES}[m.group("halfof").split()[-1].lower()]
        r = Reading(m.start(), m.end(), scale / 2, max(1, scale / 10), "words", scale=scale)
    elif kind == "span":
        half = m.group("span")[:4].lower() == "half"
        r = Reading(m.start(), m.end(), 0.5 if half else 1.5, 0.5, "span")
    elif kind == "frac":
        r = read_fraction(s, m)
    elif kind == "most":
        r = read_most(s, m)
    elif kind == "vague":
        value = w.VAGUE[_SPACE.sub(" ", m.group().lower())]
        r = Reading(m.start(), m.end(), float(value), value / 2, "vague",
                    hedge=_SPACE.sub(" ", m.group().lower()), low=float(value))
    else:
        r = Reading(m.start(), m.end(), 2.0, 1.0, "twice")
    if r is None:
        return None, m.end()
    if r.kind in ("digits", "words") and (
            sign := _SIGN_BEFORE.search(s, max(0, r.start - 9), r.start)):
        r.value, r.start = -r.value, sign.start()
    before = s[max(0, r.start - 40) : r.start]
    if r.kind in ("digits", "words") and _not_a_quantity(s, r, before):
        return None, r.end
    hedge = _HEDGE_BEFORE.search(before) if r.kind != "vague" else None
    if hedge and hedge.group("h").lower() == "about" and (
            host := _LAST_WORD.search(before, 0, hedge.start("h"))) and \
            host.group(1).lower() in w.TOPIC_ABOUT:
        hedge = None
    start = r.start
    if hedge:
        r.hedge = _SPACE.sub(" ", hedge.group("h").lower())
        r.category = w.HEDGES[r.hedge]
        start = r.start - len(before) + hedge.start("h")
    if r.kind in ("digits", "words") and not (r.percent or r.currency) and r.scale == 1:
        _compound(s, r)
    if r.kind in ("digits", "words") and not r.percent:
        ranged = _range(s, r, before)
        if ranged == -1:
            return None, r.end
        if ranged is not None:
            start = min(start, ranged)
    if r.kind in ("digits", "words", "fraction") and r.high is None and not r.percent:
        _base(s, r)
    every = None
    if (r.kind in ("digits", "words") and r.of is None and r.hedge is None and r.high is None
            and not (r.percent or r.currency) and (every := _ALL_BEFORE.search(before))):
        r.of = r.value
        start = r.start - len(before) + every.start()
    if r.kind == "fraction" and r.of is None and not s.startswith(("half", "Half"), r.start) \
            and not _OF_DETERMINER.match(s, r.end):
        return None, r.end  # "a third time", "a quarter century": ordinals, not fractions
    suffix = _SUFFIX_HEDGE.match(s, r.end)
    if suffix and r.kind in ("digits", "words") and r.high is None:
        written = _SPACE.sub(" ", (suffix.group("h") or suffix.group("w")).lower())
        r.end = suffix.end()
        if r.hedge is None:  # a hedge written before the number wins
            r.hedge = "plus" if written in ("+", "-plus") else written
            r.category = w.SUFFIX_HEDGES[r.hedge]
    noun_from = r.end
    if (r.kind in ("fraction", "vague") and r.of is None) or every:
        of = _OF_DETERMINER.match(s, r.end)
        noun_from = of.end() if of else r.end
    elif r.kind in ("digits", "words") and not r.percent:
        # "3 million more votes": a difference in votes (the catalog reads it as a change).
        more = _COMPARATIVE.match(s, r.end)
        # ("one of the worst" is no count of the worst)
        of = (_OF_PARTITIVE.match(s, r.end)
              if not more and r.of is None and not r.currency and r.value != 1 else None)
        noun_from = more.end() if more else of.end() if of else r.end
    noun_span = w.noun_phrase(s, noun_from) if r.kind not in ("twice", "span") else None
    noun = s[noun_span[0] : noun_span[1]] if noun_span else None
    if r.kind == "span":  # the time unit is inside the figure: "a year and a half"
        unit = _TIME_UNIT.search(s, r.start, r.end)
        noun = w.DURATION_PLURAL[_time_unit(unit.group())] if unit else None
    if noun_span and noun and noun.lower() in w.CURRENCY_WORDS and not r.percent:
        r.currency, r.end, noun = w.CURRENCY_WORDS[noun.lower()], noun_span[1], None
    if _rejected_by_noun(s, r, before, noun):
        return None, r.end
    offence = None
    if (noun_span and noun) or (noun_span is None and r.kind in ("digits", "words")):
        # "people charged with homicide", "148 were charged with homicide", "148 of them
        # accused of homicide": the phrase, and the offence as head.
        after = noun_span[1] if noun_span else r.end
        partitive = None if noun_span else _OF_THEM.match(s, after)
        if partitive:
            after = partitive.end()
        charged = w.CHARGED_WITH.match(s, after) or (
            None if noun_span else w.WITH_RECORD.match(s, after))  # "40 people with records"
        if charged:
            offence = (" ".join(s[noun_span[0] if noun_span else after:charged.end(1)].split()),
                       charged.group(1).lower())
        elif noun and (agents := w.OFFENDERS.fullmatch(" ".join(noun.split()))):
            offence = ((f"{agents['offence']} offenses", "offenses")
                       if agents["role"].lower() == "offenders"
                       else (agents["offence"], agents["head"].lower()))
        elif (noun and noun.lower() == "times" and not _multiplies(s, r, "times")
              and (done := _DONE_BEFORE.search(s, 0, start))):
            offence = (done.group(1), done.group(1).lower())
    return _figure(s, r, start, noun, offence), r.end


#: A time unit as written, abbreviated or not ("hours", "hrs", "min").
_TIME_UNIT = re.compile(r"\b(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?"
                        r"|months?|years?|yrs?|decades?|century|centuries)\b", re.IGNORECASE)
_ABBREVIATED = {"hr": "hour", "hrs": "hour", "min": "minute", "mins": "minute",
                "sec": "second", "secs": "second", "yr": "year", "yrs": "year",
                "centuries": "century"}
#: After a number, a time unit and another number: "3 hours and 7 minutes", "three hours,
#: seven minutes", "3 hrs 7 min", "2 years and 6 months".
_COMPOUND_FIRST = re.compile(rf"\s*(?P<unit>{_TIME_UNIT.pattern})\.?,?\s+(?:and\s+)?",
                             re.IGNORECASE)
_COMPOUND_SECOND = re.compile(rf"\s*(?P<unit>{_TIME_UNIT.pattern})", re.IGNORECASE)


def _time_unit(word: str) -> str:
    """The singular of a time unit as written: "hrs" -> "hour", "minutes" -> "minute"."""
    word = word.lower()
    return _ABBREVIATED.get(word) or (word[:-1] if word.endswith("s") else word)


def _compound(s: str, r: Reading) -> None:
    """Fold a duration written in two units into ``r``, as one figure in the first
    ("3 hours and 7 minutes": 3.12 hours, as precise as a minute), its time unit inside it."""
    first = _COMPOUND_FIRST.match(s, r.end)
    second = NUMBER_AT.match(s, first.end()) if first else None
    other = read_number(s, second) if first and second and not second.group("cur") else None
    after = _COMPOUND_SECOND.match(s, other.end) if other and other.scale == 1 else None
    if not (first and other and after):
        return
    big = w.DURATION_DAYS[_time_unit(first.group("unit"))]
    ratio = w.DURATION_DAYS[_time_unit(after.group("unit"))] / big
    if not (ratio < 1 and other.value * ratio < 1):
        return  # "3 hours and 2 days", "2 hours and 90 minutes": no one duration
    r.value += other.value * ratio
    r.granularity = other.granularity * ratio
    r.end, r.kind = after.end(), "span"


def _not_a_quantity(s: str, r: Reading, before: str) -> bool:
    """Dates, times, ages, identifiers and list markers, judged before anything else."""
    if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(s, r.end):
        return True
    if (_TIME_AFTER.match(s, r.end) or _AGE_AFTER.match(s, r.end) or _AGE_BEFORE.search(before)
            or (_AGE_BOUND_BEFORE.search(before) and r.value <= 120)):
        return True
    previous = PREV_WORD.search(before)
    if previous:
        word = previous.group(1)
        bare = word.rstrip(".").lstrip("\"“‘'([")
        if bare in w.IDENTIFIER_WORDS and (bare != "No" or word.endswith(".")) or word == "§":
            return True
        # "Smith, 45, said": a bare number between commas after a name is an age.
        if (word.endswith(",") and word[:1].isupper() and s[r.end : r.end + 1] == ","
                and r.kind == "digits" and r.value <= 120 and not r.currency):
            return True
    # "1. First item": a list marker, not a count.
    return bool(_SENTENCE_START.match(before) and _LIST_MARKER.match(s, r.end)
                and r.kind == "digits")


#: The smaller of two numbers set against each other below which they are a score or a
#: tally, which asserts nothing ("won 112-104", "voted 215 to 213"); from it on, or as
#: sums, each is a figure ("71,836 to 64,209 votes", "$612,800 to $471,300").
TALLY_LIMIT = 1000


def _range(s: str, r: Reading, before: str) -> int | None:
    """Fold "5-10", "5 to 10", "between 5 and 10" into ``r``.

    Returns the new start when the text grows to the left ("between"), else None; -1 when
    the pair is a score, a vote or a span of years (``r.end`` then covers both numbers).
    """
    sep = _RANGE_SEP.match(s, r.end)
    if not sep:
        return None
    between = _BETWEEN_BEFORE.search(before)
    word = (sep.group("word") or "").lower()
    if ((word == "and" and not between) or (word == "to" and between)
            or (word == "to" and _CHANGE_BEFORE.search(before))):
        return None  # "7 and 10" is a list; "from 5 to 10" is a change: two figures
    # ("between 10-20" is a range, as "between 10 and 20" is)
    second = NUMBER_AT.match(s, sep.end())
    other = read_number(s, second) if second and (word or r.kind == "digits") else None
    if other is None:
        return None
    # Score and vote words within three words before or two after: "won 3-1", "52-48 vote".
    near = {x.lower() for x in _WORD.findall(before)[-3:]}
    near |= {x.lower() for x in _WORD.findall(s, other.end, other.end + 30)[:2]}
    first_text = s[r.start : r.end]
    if not word and first_text.isdigit() and len(first_text) == 4:
        r.end = other.end
        return -1  # "2019-20": a span of years
    if (word and _YEAR.fullmatch(first_text) and not near & w.TALLY_WORDS
            and not _YEAR.fullmatch(s[other.start : other.end])):
        return None  # "sentenced in 2012 to 42 months": a year, then another figure
    if other.scale != 1 and r.scale == 1:
        # "5 to 10 million": the scale written once applies to both ends.
        r.value, r.granularity = r.value * other.scale, r.granularity * other.scale
        r.scale = other.scale
    if other.value <= r.value and not word and sep.group().strip() != sep.group():
        return None  # "7,000 – 6,947": a spaced dash between two figures is an aside
    if other.value <= r.value and (r.currency or other.currency
                                   or other.value >= TALLY_LIMIT):
        return None  # "outspent him $612,800 to $471,300": two figures set side by side
    if near & w.TALLY_WORDS or other.value <= r.value:
        r.end = other.end
        return -1  # "112-104", "a 52-48 vote", "voted 7 to 2"
    r.low, r.high, r.end = r.value, other.value, other.end
    r.currency, r.percent = r.currency or other.currency, other.percent
    if between:
        r.hedge, r.category = "between", "range"
        return r.start - len(before) + between.start()
    r.category = "range"
    return None


def _base(s: str, r: Reading) -> None:
    """Fold a base into ``r``: "7 of the 10", "seven out of the ten", "one in five"."""
    link = _BASE.match(s, r.end)
    if not link:
        return
    second = NUMBER_AT.match(s, link.end())
    other = read_number(s, second) if second and not second.group("cur") else None
    if second is None or other is None or other.percent or other.scale != 1:
        return
    count = r.value * other.value if r.kind == "fraction" else r.value
    year_like = link.group("in") and other.kind == "digits" and other.value >= 1000
    if year_like or other.value < count or (link.group("in") and other.value == count):
        return
    r.value, r.of, r.end, r.granularity = count, other.value, other.end, 1.0
    if second.group().lower().startswith(("a ", "an ")):
        r.of = None  # "a quarter of a million" is an amount, not a share of a group
    r.kind = "digits" if r.kind == "fraction" else r.kind


def _rejected_by_noun(s: str, r: Reading, before: str, noun: str | None) -> bool:
    """Rules that need the noun: years, "one" as a pronoun, bare identifiers."""
    text = s[r.start : r.end]
    counts_plural = noun is not None and w.is_plural(noun.split()[-1].lower())
    if r.metric and not counts_plural:
        return True  # "a 5m wall"; but "7m people" is seven million
    previous = PREV_WORD.search(before)
    prev = previous.group(1).lower().strip(",.;:“\"(") if previous else ""
    year_like = text.isdigit() and len(text) == 4 and 1000 <= r.value <= 2100
    possessive = prev.endswith(("'s", "’s", "s'", "s’"))
    words = noun.split() if noun else []
    modifies = (len(words) > 1 and words[0].isalpha() and not w.is_plural(words[0].lower())
                and 1900 <= r.value <= 2100)
    if (year_like and r.hedge is None and r.of is None and r.high is None
            and (not counts_plural or prev in w.YEAR_CONTEXT or possessive or modifies)):
        # "in 2012", "the 2024 election", "the county's 2025 fires", "the proposed 2026
        # budget cuts" (a year before a compound noun); but "2000 prisoners were freed"
        return True
    if _YEAR_SPAN.fullmatch(text) and (not counts_plural or prev in w.YEAR_CONTEXT):
        return True  # "from 2019 to 2020"; but "between 1900 and 2000 people"
    if r.kind == "words" and text.lower() == "one" and r.of is None:
        head = noun.split()[0].lower() if noun else ""
        if noun is None or prev in w.ONE_BLOCKERS_BEFORE or head in w.ONE_IDIOMS:
            return True  # "no one", "one of the", "one thing"
    if (r.kind == "digits" and not counts_plural and r.of is None and r.hedge is None
            and not (r.percent or r.currency or r.scale != 1) and previous
            and "," not in text):
        word = previous.group(1)
        earlier = s[: r.start - len(before) + previous.start()]
        # "Windows 10", "the Apollo 11 crew": a name and a bare number mid-sentence, not
        # followed by things counted in the plural, is a model or a mission, not a count
        # (no model is written with a thousands separator: "beat Ravelle 71,836 to ...").
        if word[:1].isupper() and word.isalpha() and not _SENTENCE_START.match(earlier):
            return True
    return False


#: What follows a number that multiplies rather than counts: "twice as many", "three times
#: higher", "four times the national rate", "almost three times per capita what they
#: spend". ("Twelve times to hand him over", "twice a year": how often, a count.)
_COMPARED = (r"(?:as\s+(?:many|much)\b|as\s+[a-z]+\s+as\b|that\s+of\b|per\s+capita\b"
             r"|(?:more|less|fewer|higher|lower|larger|bigger|greater|smaller|faster|slower"
             r"|the|what)\b)")
_TIMES_COMPARED = re.compile(rf"\s*times\s+{_COMPARED}", re.IGNORECASE)
_TWICE_COMPARED = re.compile(rf"\s+{_COMPARED}", re.IGNORECASE)


#: The deed done a number of times: "were assaulted 96 times", "was arrested three times".
#: Such a count counts the deed ("96 assaults", "three arrests"): the verb becomes the
#: counted noun's head, whose stem is the noun's.
_DONE_BEFORE = re.compile(r"\b([A-Za-z]{3,}ed)\s+$")


def _multiplies(s: str, r: Reading, head: str | None) -> bool:
    """Whether the number is a multiplier ("twice as many", "three times higher")."""
    if r.kind == "twice":
        return bool(_TWICE_COMPARED.match(s, r.end))
    return head == "times" and bool(_TIMES_COMPARED.match(s, r.end))


def _figure(s: str, r: Reading, start: int, noun: str | None,
            offence: tuple[str, str] | None = None) -> Figure:
    unit = "percent" if r.percent else "currency" if r.currency else "count"
    head = noun.split()[-1].lower().strip("'’") if noun else None
    if offence:
        noun, head = offence
    if unit != "count":
        noun = head = None
    elif head in w.DURATION_UNITS:
        unit = "duration"
    elif _multiplies(s, r, head):
        unit = "ratio"
    elif r.kind == "fraction" and r.of is None:
        unit = "fraction"
    low, high = r.low, r.high
    if r.category != "range" and r.kind != "vague" and r.of and unit == "count":
        # A hedged count of a base is a hedged share, as "about a third" is: "about one in
        # three" is a third give or take a twentieth, not anything from a half to one and
        # a half of three.
        low, high = w.hedge_interval(r.value / r.of, FRACTION_STEP, r.category)
        low, high = (None if low is None else low * r.of), (None if high is None
                                                            else high * r.of)
    elif r.category != "range" and r.kind != "vague":
        low, high = w.hedge_interval(r.value, r.granularity, r.category,
                                     share=unit == "percent")
    return Figure(s[start : r.end], start, r.end, r.value, unit, r.of, r.hedge, low, high,
                  r.granularity, r.currency, noun, head, float(r.scale))
