"""Find the figures a sentence asserts: value, hedge, implied interval, unit, counted noun.

Step two of the figure engine. "DHS said nearly 7,000 criminal illegal aliens were released"
gives one ``Figure``: text "nearly 7,000", value 7000, hedge "nearly", interval [6000, 7000],
noun "criminal illegal aliens". The verdict step compares such figures with a claim's.

Numbers that are not quantities are left out: years, dates, clock times, ordinals, ages,
scores and vote tallies, identifiers ("Title 42", "287(g)", "COVID-19"), numbers in URLs,
handles and phone numbers. It is rules over regular expressions, without a tagger, because
it runs on every candidate sentence of every page; the rules favour missing an odd figure
over reporting a date as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from . import words as w

__all__ = ["Figure", "extract_figures"]


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as written in a sentence, and what it claims.

    ``sentence[start:end] == text``; ``text`` includes the hedge ("nearly 7,000") and a
    base ("7 of the 10"). ``low``/``high`` bound the value the words allow (None: open);
    ``granularity`` is how round the number is as written (7,000 -> 1000, 6,947 -> 1).
    ``unit`` is "count", "percent", "currency" (see ``currency``), "duration" (the counted
    noun is a time unit) or "fraction" (a bare "half", "two-thirds of").
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


_NUMBER_WORD = rf"(?:{w.alternation([*w.SMALL_NUMBERS, *w.TENS, *w.MULTIPLIERS, *w.SCALES])})\b"
_WORDS = (rf"(?:an?\s+(?=(?:dozen|hundred|thousand|million|billion|trillion)\b))?"
          rf"{_NUMBER_WORD}(?:(?:\s+and\s+|[\s-]+){_NUMBER_WORD}|\s+and\s+a\s+half\b)*")
# Thousands separated by commas, or by the no-break and thin spaces typesetters use
# ("7\u202f113"); a plain space is not read as a separator ("in 2019 300 people").
_GROUP_SPACES = "\u00a0\u202f\u2009"
_DIGITS = rf"(?:\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+(?!\d)|\d+(?:,\d{{3}})*)(?:\.\d+)?"
# "a year and a half", "half a decade": a duration written with its time unit inside.
_SPAN_UNIT = r"(?:year|decade|month|week|day|hour|century)"
_CANDIDATE = re.compile(
    rf"\b(?P<halfof>half\s+an?\s+(?:{w.alternation([*w.MULTIPLIERS, *w.SCALES])}))\b"
    rf"|\b(?P<span>(?:an?|one)\s+{_SPAN_UNIT}\s+and\s+a\s+half|half\s+an?\s+{_SPAN_UNIT})\b"
    rf"|(?P<cur>(?:US)?[$€£]\s?)?(?P<digits>{_DIGITS})"
    rf"|\b(?P<frac>(?:an?|one|two|three|four|five|six|seven|eight|nine)[\s-]+"
    rf"(?:{w.alternation(w.FRACTIONS)})|half)\b"
    rf"|\b(?P<vague>{w.alternation(w.VAGUE)})\b"
    r"|\b(?P<twice>twice)\b"
    # "most of the 10", "a majority of voters": more than half of them
    r"|\b(?P<most>most|majority)(?=\s+of\b)(?!\s+of\s+(?:all|the\s+time)\b)"
    rf"|\b(?P<words>{_WORDS})",
    re.IGNORECASE,
)
_NUMBER_AT = re.compile(rf"(?P<cur>[$€£]\s?)?(?P<digits>{_DIGITS})\b|(?P<words>{_WORDS})",
                        re.IGNORECASE)
# Where a candidate figure may start: digits, a currency sign, or a word in _STARTERS.
_TRIGGER = re.compile(r"[$€£]|\d+|[A-Za-z]+")
_STARTERS = frozenset([*w.SMALL_NUMBERS, *w.TENS, *w.VAGUE, "a", "an", "half", "twice", "tens",
                       "us", "most", "majority"])
# A token holding these is a link, a handle, a path or a date like "9/11", not a figure.
_LINKISH = re.compile(r"[/@#_\\]|://|www\.|\.(?:com|org|net|gov|edu|io|co|uk|ly|us|tv|info)\b",
                      re.IGNORECASE)
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
_PREV_WORD = re.compile(r"(\S+)\s+$")
_TIME_AFTER = re.compile(r"\s*(?:[ap]\.m\b|[ap]m\b|o['’]clock\b)", re.IGNORECASE)
_NOT_A_QUANTITY_AFTER = re.compile(r"(?:st|nd|rd|th)\b|\(\w{1,3}\)|['’]s\b|[.,:]\d|\d",
                                   re.IGNORECASE)
_SUFFIX_SCALE = re.compile(rf"(?:{w.alternation(w.SUFFIX_SCALES)})\b", re.IGNORECASE)
_SCALE_WORD = re.compile(rf"(?:\s+|-)(?P<scale>{w.alternation(w.SCALES)})\b", re.IGNORECASE)
_SHORT_SCALE = re.compile(rf"\s*(?P<scale>{w.alternation(w.SHORT_SCALES)})\b", re.IGNORECASE)
_PERCENT = re.compile(rf"\s?%|\s+(?:{w.alternation(w.PERCENT_WORDS)})\b", re.IGNORECASE)
_RANGE_SEP = re.compile(r"\s*[-–]\s*(?=[$€£]?\d)|\s+(?P<word>to|and)\s+", re.IGNORECASE)
_BASE = re.compile(r"\s+(?:(?:out\s+)?of|(?P<in>in))\s+"
                   # a possessive ("seven of the nation's 10", "of New York's 62 counties")
                   r"(?:(?:the\s+)?(?:[A-Z][\w.]*\s+)?[\w.]+['’]s\s+"
                   r"|(?:the|all|its|their|his|her|those|these|our)\s+)?", re.IGNORECASE)
# "all 10 of the safest cities", "all the 50 states": every one of them.
_ALL_BEFORE = re.compile(r"(?<!not\s)\ball\s+(?:of\s+)?(?:the\s+)?$", re.IGNORECASE)
_OF_DETERMINER = re.compile(r"\s+of(?:\s+(?:the|all|its|their|his|her|those|these|our))?\b",
                            re.IGNORECASE)
_SUFFIX_HEDGE = re.compile(r"\s*(?P<h>\+|-plus\b)|\s+(?P<w>or\s+(?:more|so|fewer|less)|plus)\b",
                           re.IGNORECASE)
# A minus sign (or the word) right before a number: "-3.5%", "−6,947", "minus 2 degrees";
# not a hyphen inside a word or a range ("COVID-19", "10-20"), nor a margin ("plus or minus
# 4 points"). ("Negative" is as often a test result: "tested negative 3 times".)
_SIGN_BEFORE = re.compile(r"(?:(?<![\w.,%)\]])[-−‒]|(?<![\w-])(?<!plus or )(?<!plus-or-)"
                          r"minus\s+)$", re.IGNORECASE)
# A plain space between digit groups ("6 947") may be a thousands separator or a gap
# between two numbers.
_SPACE_GROUP_AFTER = re.compile(r" \d{3}(?![\d,.]\d)(?!\d)")
_SPACE_GROUP_BEFORE = re.compile(r"(?<![\d,.])\d{1,3} $")
_LIST_MARKER = re.compile(r"[.)]\s")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_START = re.compile(r"[\s\"“‘'(\[•*–—-]*$")


@dataclass(slots=True)
class _Reading:
    """A figure under construction while its surroundings are examined."""

    start: int
    end: int
    value: float
    granularity: float
    kind: str  # digits | words | fraction | vague | twice | span
    currency: str | None = None
    percent: bool = False
    scale: float = 1
    metric: bool = False  # "5m" without a currency sign: metres unless people are counted
    hedge: str | None = None
    category: str | None = None
    low: float | None = None
    high: float | None = None
    of: float | None = None


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


def _share_nouns(s: str, figures: list[Figure]) -> list[Figure]:
    """"18 and 20 years", "10 or 15 people": a bare number shares the next one's noun."""
    for i in range(len(figures) - 2, -1, -1):
        fig, nxt = figures[i], figures[i + 1]
        if (fig.noun is None and nxt.noun and fig.unit == "count" and fig.of is None
                and _COORDINATION.match(s, fig.end, nxt.start)):
            figures[i] = replace(fig, noun=nxt.noun, head=nxt.head, unit=nxt.unit)
    return figures


def _read(s: str, m: re.Match[str]) -> tuple[Figure | None, int]:
    """Read the candidate ``m``; returns the figure (or None) and where reading stopped."""
    kind = m.lastgroup or ""
    if kind == "digits":
        phone = _PHONE.match(s, m.start("digits"))
        if phone:
            return None, phone.end()
        r = _digits(s, m)
    elif kind == "words":
        r = _words(s, m.start(), m.group("words"))
    elif kind == "halfof":  # "half a million": an amount, not a share
        scale = {**w.MULTIPLIERS, **w.SCALES}[m.group("halfof").split()[-1].lower()]
        r = _Reading(m.start(), m.end(), scale / 2, max(1, scale / 10), "words", scale=scale)
    elif kind == "span":
        half = m.group("span")[:4].lower() == "half"
        r = _Reading(m.start(), m.end(), 0.5 if half else 1.5, 0.5, "span")
    elif kind == "frac":
        r = _fraction(s, m)
    elif kind == "most":
        r = _most(s, m)
    elif kind == "vague":
        value = w.VAGUE[_SPACE.sub(" ", m.group().lower())]
        r = _Reading(m.start(), m.end(), float(value), value / 2, "vague",
                     hedge=_SPACE.sub(" ", m.group().lower()), low=float(value))
    else:
        r = _Reading(m.start(), m.end(), 2.0, 1.0, "twice")
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
    noun_span = w.noun_phrase(s, noun_from) if r.kind not in ("twice", "span") else None
    noun = s[noun_span[0] : noun_span[1]] if noun_span else None
    if r.kind == "span":  # the time unit is inside the figure: "a year and a half"
        unit = re.search(_SPAN_UNIT, s[r.start : r.end], re.IGNORECASE)
        noun = w.DURATION_PLURAL[unit.group().lower()] if unit else None
    if noun_span and noun and noun.lower() in w.CURRENCY_WORDS and not r.percent:
        r.currency, r.end, noun = w.CURRENCY_WORDS[noun.lower()], noun_span[1], None
    if _rejected_by_noun(s, r, before, noun):
        return None, r.end
    offence = None
    if noun_span and noun:
        charged = w.CHARGED_WITH.match(s, noun_span[1])
        if charged:  # "people charged with homicide": the phrase, and the offence as head
            offence = (" ".join(s[noun_span[0]:charged.end()].split()), charged.group(1).lower())
    return _figure(s, r, start, noun, offence), r.end


def _digits(s: str, m: re.Match[str], *, glued_ok: bool = False) -> _Reading | None:
    start, end = m.start(), m.end()
    if start and not glued_ok and (s[start - 1].isalnum() or s[start - 1] in "_@#/\\.,:§'’&"
                  or (s[start - 1] in "-–" and start > 1 and s[start - 2].isalnum())):
        return None  # inside a word, code or handle: "COVID-19", "F-35", "'90s", "v1.2"; or
        # a number written another way: "1,2 million" (a decimal comma)
    digits = m.group("digits")
    if not glued_ok and (
            # "6 947": thousands set apart by a plain space, or two numbers? Neither group
            # is read.
            (digits.isdigit() and len(digits) <= 3 and _SPACE_GROUP_AFTER.match(s, end))
            or (digits.isdigit() and len(digits) == 3
                and _SPACE_GROUP_BEFORE.search(s, max(0, start - 5), start))):
        return None
    if not glued_ok:
        left, right = start, end
        while left and not s[left - 1].isspace():
            left -= 1
        while right < len(s) and not s[right].isspace():
            right += 1
        if _LINKISH.search(s, left, right):
            return None  # "pic.twitter.com/TdExn120KP", "9/11", "24/7", "@user1"
    written = re.sub(f"[,{_GROUP_SPACES}]", "", m.group("digits"))
    currency = w.CURRENCY_SYMBOLS[m.group("cur").strip()[-1]] if m.group("cur") else None
    if _NOT_A_QUANTITY_AFTER.match(s, end):
        return None  # ordinal, "287(g)", "1990's", "1.2.3"
    scale = 1
    suffix = _SUFFIX_SCALE.match(s, end)
    glued = suffix.group().lower() if suffix else ""
    if suffix and (currency or glued != "b"):
        scale, end = w.SUFFIX_SCALES[glued], suffix.end()
    elif end < len(s) and s[end].isalpha():
        return None  # "120KP", "5G", "1990s", "32BJ"
    word = _SCALE_WORD.match(s, end) if scale == 1 else None
    if word:
        scale, end = w.SCALES[word.group("scale").lower()], word.end()
    elif scale == 1 and currency and (short := _SHORT_SCALE.match(s, end)):
        scale, end = w.SHORT_SCALES[short.group("scale").lower()], short.end()
    percent = _PERCENT.match(s, end)
    if percent:
        end = percent.end()
    number = Decimal(written)
    if "." in written:
        granularity = Decimal(10) ** -len(written.partition(".")[2])
    else:
        trailing = len(written) - len(written.rstrip("0"))
        granularity = Decimal(10) ** (trailing if trailing < len(written) else 0)
    return _Reading(start, end, float(number * scale), float(granularity * scale), "digits",
                    currency=currency, percent=bool(percent), scale=scale,
                    metric=glued not in ("", "k") and not currency)


def _words(s: str, start: int, text: str) -> _Reading | None:
    value, covered, half_of = w.parse_number_words(text)
    if not covered:
        return None
    end = start + covered
    if half_of:  # "one and a half million": as round as its half
        granularity = float(half_of) / 2
    else:
        digits = str(int(value))
        trailing = len(digits) - len(digits.rstrip("0"))
        granularity = float(10**trailing) if value else 1.0
    percent = _PERCENT.match(s, end)
    return _Reading(start, percent.end() if percent else end, float(value), granularity, "words",
                    percent=bool(percent))


def _number(s: str, m: re.Match[str]) -> _Reading | None:
    """The second number of a range or a base, matched by _NUMBER_AT."""
    if m.group("digits"):
        return _digits(s, m, glued_ok=True)
    return _words(s, m.start(), m.group("words"))


def _fraction(s: str, m: re.Match[str]) -> _Reading | None:
    text = m.group("frac").lower()
    fraction = w.FRACTIONS[text.replace("-", " ").split()[-1]]
    count = text.split()[0].split("-")[0] if text != "half" else "a"
    if text == "half":
        previous = _PREV_WORD.search(s, 0, m.start())
        if s[m.end() : m.end() + 1] == "-" or (
                previous and previous.group(1).lower() in w.HALF_BLOCKERS_BEFORE):
            return None  # "half-brother", "the second half", "one and a half"
    multiple = 1 if count in ("a", "an") else w.SMALL_NUMBERS.get(count, 1)
    return _Reading(m.start(), m.end(), multiple * fraction, 0.1, "fraction")


def _most(s: str, m: re.Match[str]) -> _Reading | None:
    """"most of", "a majority of": a share of more than half."""
    previous = _PREV_WORD.search(s, 0, m.start())
    prev = previous.group(1).lower() if previous else ""
    most = m.group().lower() == "most"
    if most and prev in ("the", "at", "a", "for"):
        return None  # "make the most of", "at most"
    if not most and prev not in ("a", "the"):
        return None  # "a two-thirds majority of", "a slim majority of": not plain
    start = m.start() if most or previous is None else previous.start()
    return _Reading(start, m.end(), 0.5, 0.1, "fraction", hedge="more than",
                    category=w.HEDGES["more than"])


def _not_a_quantity(s: str, r: _Reading, before: str) -> bool:
    """Dates, times, ages, identifiers and list markers, judged before anything else."""
    if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(s, r.end):
        return True
    if _TIME_AFTER.match(s, r.end) or _AGE_AFTER.match(s, r.end) or _AGE_BEFORE.search(before):
        return True
    previous = _PREV_WORD.search(before)
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


def _range(s: str, r: _Reading, before: str) -> int | None:
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
    second = _NUMBER_AT.match(s, sep.end())
    other = _number(s, second) if second and (word or r.kind == "digits") else None
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
    if other.value <= r.value and not word and sep.group().strip() != sep.group():
        return None  # "7,000 – 6,947": a spaced dash between two figures is an aside
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


def _base(s: str, r: _Reading) -> None:
    """Fold a base into ``r``: "7 of the 10", "seven out of the ten", "one in five"."""
    link = _BASE.match(s, r.end)
    if not link:
        return
    second = _NUMBER_AT.match(s, link.end())
    other = _number(s, second) if second and not second.group("cur") else None
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


def _rejected_by_noun(s: str, r: _Reading, before: str, noun: str | None) -> bool:
    """Rules that need the noun: years, "one" as a pronoun, bare identifiers."""
    text = s[r.start : r.end]
    counts_plural = noun is not None and w.is_plural(noun.split()[-1].lower())
    if r.metric and not counts_plural:
        return True  # "a 5m wall"; but "7m people" is seven million
    previous = _PREV_WORD.search(before)
    prev = previous.group(1).lower().strip(",.;:“\"(") if previous else ""
    year_like = text.isdigit() and len(text) == 4 and 1000 <= r.value <= 2100
    if (year_like and r.hedge is None and r.of is None and r.high is None
            and (not counts_plural or prev in w.YEAR_CONTEXT)):
        return True  # "in 2012", "the 2024 election"; but "2000 prisoners were freed"
    if _YEAR_SPAN.fullmatch(text) and (not counts_plural or prev in w.YEAR_CONTEXT):
        return True  # "from 2019 to 2020"; but "between 1900 and 2000 people"
    if r.kind == "words" and text.lower() == "one" and r.of is None:
        head = noun.split()[0].lower() if noun else ""
        if noun is None or prev in w.ONE_BLOCKERS_BEFORE or head in w.ONE_IDIOMS:
            return True  # "no one", "one of the", "one thing"
    if (r.kind == "digits" and not counts_plural and r.of is None and r.hedge is None
            and not (r.percent or r.currency or r.scale != 1) and previous):
        word = previous.group(1)
        earlier = s[: r.start - len(before) + previous.start()]
        # "Windows 10", "the Apollo 11 crew": a name and a bare number mid-sentence, not
        # followed by things counted in the plural, is a model or a mission, not a count.
        if word[:1].isupper() and word.isalpha() and not _SENTENCE_START.match(earlier):
            return True
    return False


def _figure(s: str, r: _Reading, start: int, noun: str | None,
            offence: tuple[str, str] | None = None) -> Figure:
    unit = "percent" if r.percent else "currency" if r.currency else "count"
    head = noun.split()[-1].lower().strip("'’") if noun else None
    if offence:
        noun, head = offence
    if unit != "count":
        noun = head = None
    elif head in w.DURATION_UNITS:
        unit = "duration"
    elif r.kind == "fraction" and r.of is None:
        unit = "fraction"
    low, high = r.low, r.high
    if r.category != "range" and r.kind != "vague":
        low, high = w.hedge_interval(r.value, r.granularity, r.category)
    return Figure(s[start : r.end], start, r.end, r.value, unit, r.of, r.hedge, low, high,
                  r.granularity, r.currency, noun, head)
