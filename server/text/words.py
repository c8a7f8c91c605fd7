"""Vocabulary and word-level rules for figure extraction.

The lists: number words, hedges, and the words that say a number is a date, an age, an
identifier or a vote rather than a count. The rules: reading spelled-out numbers
("one hundred and twenty") and finding the noun phrase a figure counts ("7,113 criminal
illegal aliens in custody" -> "criminal illegal aliens") without a part-of-speech tagger.
Kept apart from ``figures.py`` and ``numbers.py`` so the rules there stay readable and the
vocabulary can grow without touching them. Lists are lower case unless noted; lookups
lower-case first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _split(text: str) -> list[str]:
    # Lists are written as space-separated strings: far easier to read and extend.
    return text.split()


SMALL_NUMBERS: dict[str, int] = {
    word: value
    for value, word in enumerate(_split(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen"
    ))
}
TENS: dict[str, int] = {
    word: 10 * (i + 2)
    for i, word in enumerate(_split("twenty thirty forty fifty sixty seventy eighty ninety"))
}
# Multipliers spelled as words; "dozen" behaves like "hundred" ("two dozen" = 24).
MULTIPLIERS: dict[str, int] = {"hundred": 100, "dozen": 12}
SCALES: dict[str, int] = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Scale suffixes glued to digits ("7k", "$5bn"). Only "k" is trusted without a currency
# sign: "5m" is as often metres as millions.
SUFFIX_SCALES: dict[str, int] = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000,
                                 "b": 1_000_000_000, "tn": 1_000_000_000_000}
# Scale words cut short, read only after a currency sign ("the $33 mil bond", "$4 bln"):
# elsewhere "5 mil" is as likely a thickness.
SHORT_SCALES: dict[str, int] = {"mil": 1_000_000, "mln": 1_000_000, "bil": 1_000_000_000,
                                "bln": 1_000_000_000, "tril": 1_000_000_000_000}

FRACTIONS: dict[str, float] = {
    "half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3,
    "quarter": 1 / 4, "quarters": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5,
    "tenth": 1 / 10, "tenths": 1 / 10,
}
# Vague plurals: "dozens" means at least two dozen; no upper bound is implied.
VAGUE: dict[str, int] = {
    "dozens": 24, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000,
    "billions": 2_000_000_000, "tens of thousands": 20_000, "hundreds of thousands": 200_000,
    "tens of millions": 20_000_000, "hundreds of millions": 200_000_000,
}

# Hedge as written (lower case, single spaces) -> how it bends the interval.
#   approx: symmetric tolerance; below: at most the figure, a little under it;
#   above / at_least: open upwards; at_most: open downwards; exact: as written.
HEDGES: dict[str, str] = {
    **dict.fromkeys(
        ["about", "roughly", "around", "approximately", "approx.", "approx", "some",
         "an estimated", "estimated", "close to", "circa", "an approximate", "~"],
        "approx",
    ),
    **dict.fromkeys(
        ["nearly", "almost", "just under", "just shy of", "just short of", "not quite",
         "close to but under"],
        "below",
    ),
    **dict.fromkeys(
        ["more than", "over", "above", "upwards of", "upward of", "just over", "well over",
         "well above", "in excess of", "north of", "exceeding", "just more than",
         "a little over", "a little more than", "slightly more than", "far more than",
         "well more than"],
        "above",
    ),
    **dict.fromkeys(["at least", "no fewer than", "no less than", "not less than"], "at_least"),
    **dict.fromkeys(
        ["fewer than", "less than", "under", "up to", "as many as", "no more than",
         "not more than", "at most", "just fewer than", "below", "a maximum of"],
        "at_most",
    ),
    **dict.fromkeys(["exactly", "precisely"], "exact"),
}
# After these words "about" names a topic, it does not hedge a number: "talking about 18
# years", "a question about 300 jobs". Verbs that read both ways ("I think about 300 came",
# "we know about 40 cases") are left out: there "about" hedges.
TOPIC_ABOUT = frozenset([
    "talk", "talks", "talked", "talking", "speak", "speaks", "spoke", "speaking", "spoken",
    "care", "cares", "cared", "caring", "worry", "worries", "worried", "worrying", "ask",
    "asks", "asked", "asking", "complain", "complains", "complained", "complaining", "joke",
    "jokes", "joked", "joking", "lie", "lies", "lied", "lying", "forget", "forgets", "forgot",
    "forgotten", "argue", "argues", "argued", "arguing", "story", "stories", "question",
    "questions", "news", "article", "articles", "book", "books", "film", "documentary",
    "debate", "debates", "conversation", "conversations",
])

# Hedges written after the number ("7,000 or more", "7,000-plus").
SUFFIX_HEDGES: dict[str, str] = {
    "or more": "at_least", "or so": "approx", "plus": "at_least",
    "or fewer": "at_most", "or less": "at_most",
}

#: The most "about" and "nearly" allow a share beyond its rounding step, in points: a
#: tenth of a large share would let "about 58 percent" stand for 52.4.
SHARE_SLACK = 1.0


#: The most of its value a figure's rounding lets a hedge reach, beyond the tenth any hedge
#: allows ("nearly 2,000": 1,700 to 2,000, not 1,000 to 2,000).
ROUND_REACH = 0.15


def hedge_interval(
    value: float, granularity: float, category: str | None, *, share: bool = False
) -> tuple[float | None, float | None]:
    """The interval a figure allows, given its hedge category (from HEDGES) and rounding.

    "about" widens both ways by half the rounding step or 10%, whichever is larger; "nearly"
    allows up to one rounding step or 10% below (the step of a figure as round as its tens
    or rounder taken as at most ``ROUND_REACH`` of its value); "more than"/"at least" are open above
    (strictness is not modelled); "up to"/"fewer than" open below; no hedge: as written.
    A ``share`` (a percentage) is already relative: its slack is at most ``SHARE_SLACK``
    points ("about 58 percent" is 57 to 59; "about 60 percent", as round as 10, 55 to 65).
    A value below zero is hedged by its size ("nearly -7%" is -7% or a little less steep,
    "up to -30 degrees" is as cold as -30): the interval of its size, mirrored.
    """
    if value < 0:
        low, high = hedge_interval(-value, granularity, category, share=share)
        return (None if high is None else -high), (None if low is None else -low)
    slack = min(SHARE_SLACK, 0.1 * value) if share else 0.1 * value
    # A figure as round as its first digit ("1,000", "2,000") is not taken to allow a
    # whole step: no one writes "roughly 1,000" for 1,384, nor "nearly 2,000" for 1,384
    # (a figure written to the unit keeps its step: "about 4 years" of three and a half).
    step = granularity if share or granularity < 10 else min(granularity, ROUND_REACH * value)
    if category == "approx":
        spread = max(step / 2, slack)
        return value - spread, value + spread
    if category == "below":
        return value - max(step, slack), value
    if category in ("above", "at_least"):
        return value, None
    if category == "at_most":
        return None, value
    return value, value


CURRENCY_SYMBOLS: dict[str, str] = {"$": "USD", "€": "EUR", "£": "GBP"}
CURRENCY_WORDS: dict[str, str] = {"dollars": "USD", "dollar": "USD", "usd": "USD",
                                  "euros": "EUR", "euro": "EUR", "eur": "EUR", "gbp": "GBP"}
PERCENT_WORDS = ("percentage points", "percentage point", "percent", "per cent", "pct")

_TIME_UNITS = [  # singular, plural, length in days
    ("second", "seconds", 1 / 86_400), ("minute", "minutes", 1 / 1_440),
    ("hour", "hours", 1 / 24), ("day", "days", 1.0), ("week", "weeks", 7.0),
    ("month", "months", 365.25 / 12), ("year", "years", 365.25),
    ("decade", "decades", 3_652.5), ("century", "centuries", 36_525.0)]
#: Time units and their length in days, so "three and a half years" reads as 42 months.
DURATION_DAYS: dict[str, float] = {
    name: days for singular, plural, days in _TIME_UNITS for name in (singular, plural)}
DURATION_UNITS = frozenset(DURATION_DAYS)
#: Singular time unit -> plural: "a year and a half" counts years.
DURATION_PLURAL = {singular: plural for singular, plural, _days in _TIME_UNITS}

# Case-sensitive: news capitalises months, and "may" is usually the verb.
MONTHS = frozenset(_split(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
))

# Capitalised words that introduce an identifier, not a quantity ("Title 42", "Section 8").
IDENTIFIER_WORDS = frozenset(_split(
    "No Nos Number Title Section Sec Rule Article Art Chapter Ch Amendment Page Vol Volume "
    "Issue Route Rte Highway Interstate Flight Room Suite Apt Unit Precinct District Ward "
    "Case Docket Bill Proposition Prop Measure Local Form Level Phase Stage Tier Category "
    "Class Grade Version Channel Fig Figure Table Exhibit Lot Pier Gate Terminal Platform "
    "Track Line Bus Engine Ladder Squad Station Order Code Law Act Resolution Proclamation "
    "Episode Season Part Item Schedule Paragraph Clause Division Region Zone Block Box"
))

# Words around "N-M" or "N to M" that make it a score or a vote, not a range.
TALLY_WORDS = frozenset(_split(
    "won win wins beat beats defeated defeat lost lose loses loss tied tie led leads lead "
    "trailed score scored scores vote votes voted ruled ruling decision margin victory "
    "record split majority game match final"
))

# Words that end a counted noun phrase: function words, pronouns, auxiliaries and the
# commonest verbs that do not end in -ed/-ing.
STOP_WORDS = frozenset(_split(
    # prepositions
    "of in on at by for with from to into onto across since during over under after before "
    "about against between through per within without including like among amid amidst "
    "despite than as upon toward towards via near around behind beyond along alongside "
    "throughout until till inside outside off out up down versus vs "
    # determiners, conjunctions, pronouns
    "the a an this that these those each every all some any no both either neither another "
    "such and or but nor so yet while if because when where whereas although though unless "
    "whether then than he she it they we you i who whom whose which what his her its their "
    "our my your them him us me one ones themselves itself "
    # auxiliaries and common verbs
    "is are was were be been being am have has had do does did will would shall should can "
    "could may might must said says say told tells according got get gets made make makes "
    "came come comes went go goes took take takes left gave give gives found find met "
    "remain remains remained include includes became become becomes saw see seen knew know "
    "thought held hold holds brought bring kept keep paid pay sent send spent spend won "
    "lost fell rose led ran sat stood put set cut hit let shot fled struck sold built "
    "caught fought bought sought meant heard felt wrote need needs want wants seem seems "
    "face faces show shows "
    # adverbs that follow counts
    "not also only just still already currently now there here later ago earlier more less "
    "fewer most least ever never even too very again away back respectively altogether "
    "total combined alone apiece each so-called percent"
))

# Plurals without a final "s"; a counted noun phrase ends at its plural head.
IRREGULAR_PLURALS = frozenset(_split(
    "people children men women police staff personnel feet teeth mice geese cattle data "
    "media criteria youth"
))
# Words ending in -ly that are nouns, not adverbs.
LY_NOUNS = frozenset(_split("family ally assembly anomaly supply rally monopoly belly bully"))

# "one" is a pronoun or an idiom far more often than a count.
ONE_BLOCKERS_BEFORE = frozenset(_split(
    "no any every each the this that which another some at on"
))
ONE_IDIOMS = frozenset(_split("another thing things way point hand side time kind sort"))
# "the second half", "one and a half", "the back half": not the fraction 1/2.
HALF_BLOCKERS_BEFORE = frozenset(_split(
    "the a an first second other one latter former back top bottom lower upper last"
))
# "from 5 to 10", "rose by 5 to 10", "fell 10 to 5": a change between two figures, not a range.
CHANGE_WORDS = frozenset(_split(
    "from by rose fell increased decreased grew dropped climbed jumped declined soared plunged "
    "surged doubled tripled rising falling up down"
))
# Words after which a four-digit number is a year ("in 2012", "since 2019").
YEAR_CONTEXT = frozenset(_split(
    "in since by of from until till through during before after to early late mid fiscal "
    "fy the a an spring summer autumn fall winter year class its their his her our your my "
    "this"
))

# A word of a counted noun phrase, after spaces or a hyphen ("a 10-year sentence").
_NOUN_WORD = re.compile(r"(?:[ \t\u00a0]+|-)([A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z])")


def parse_number_words(text: str) -> tuple[float, int, int]:
    """Value of spelled-out number words, how many characters of ``text`` they cover, and
    for "... and a half" the unit the half is of (1 in "two and a half", a million in "one
    and a half million" and "a million and a half"; 0 without a half)."""
    total = current = 0.0
    last, value, covered, half_of, scale_of_last = "", 0.0, 0, 0, 1
    tokens = [(t.group().lower(), t.end()) for t in re.finditer(r"[A-Za-z]+", text)]
    i = 0
    while i < len(tokens):
        word, end = tokens[i]
        if (word == "and" and [t for t, _ in tokens[i + 1:i + 3]] == ["a", "half"]
                and last in ("small", "tens", "unit", "scale") and not half_of):
            half_of = scale_of_last if last == "scale" else 1
            if last == "scale":
                total += 0.5 * half_of
            else:
                current += 0.5
            value, covered, i = total + current, tokens[i + 2][1], i + 3
            continue
        i += 1
        if word in ("a", "an") and not last:
            current, last = 1, "a"
            continue
        if word == "and":
            if last not in ("hundred", "scale"):
                break
            last = "and"
            continue
        if word in SMALL_NUMBERS or word in TENS:
            small = word in SMALL_NUMBERS
            number = SMALL_NUMBERS[word] if small else TENS[word]
            if last == "tens" and small and 0 < number < 10:
                last = "unit"
            elif last in ("", "hundred", "scale", "and"):
                last = "small" if small else "tens"
            else:
                break
            current += number
        elif word in MULTIPLIERS:
            if last not in ("small", "tens", "unit", "a") or current == 0:
                break
            # "and" may follow "hundred" ("a hundred and five") but not "dozen".
            current, last = current * MULTIPLIERS[word], "hundred" if word == "hundred" else "x"
        elif word in SCALES:
            if last not in ("small", "tens", "unit", "a", "hundred", "x") or current == 0:
                break
            if half_of == 1:  # "one and a half million": the half is of a million
                half_of = SCALES[word]
            total, current, last = total + current * SCALES[word], 0, "scale"
            scale_of_last = SCALES[word]
        else:
            break
        value, covered = total + current, end
    return value, covered, half_of


def noun_phrase(s: str, pos: int) -> tuple[int, int] | None:
    """Span of the counted noun phrase starting after ``pos`` (no tagger: stop words,
    participles, adverbs and a plural head end it; at most four words)."""
    words: list[tuple[int, int]] = []
    while len(words) < 4:
        m = _NOUN_WORD.match(s, pos)
        if not m or _ends_noun_phrase(m.group(1)):
            break
        word = m.group(1).lower()
        if not words and word.endswith(("'s", "’s")) and len(word) > 2:
            pos = m.end()  # a possessive determines the noun: "half of America's cities"
            continue
        if word in _RELATIVE_TIME and words and _period_follows(s, m.end()):
            break  # "one trip last month": the time of the count, not its noun
        if _is_participle(word):
            # Only as a word that modifies a following noun: "1,200 armed men"; after
            # another word, a plural head ("3,285 vacant teaching positions", not "one
            # insurer providing insurance").
            after = _NOUN_WORD.match(s, m.end())
            if not after or _ends_noun_phrase(after.group(1)) or _is_participle(
                    after.group(1).lower()) or (words and not (
                        is_plural(after.group(1).lower())
                        and after.group(1).lower() not in _COUNTED_IN_WORDS)):
                break
        words.append(m.span(1))
        pos = m.end()
        if s[m.start()] == "-":
            break  # "a 10-year sentence", "a 5-member panel": the compound names the unit
        if is_plural(word):
            after = _NOUN_WORD.match(s, pos)
            # A plural ends the phrase unless another plural follows ("drugs offenses").
            if not (after and is_plural(after.group(1).lower())
                    and not _ends_noun_phrase(after.group(1))):
                break
    return (words[0][0], words[-1][1]) if words else None


#: Plural words that are numbers, not heads: "spending billions".
_COUNTED_IN_WORDS = frozenset({"hundreds", "thousands", "millions", "billions", "trillions",
                               "dozens", "tens"})

#: Words that, before a time unit, say when: "last year", "next month", "this week".
_RELATIVE_TIME = frozenset({"last", "next", "this", "past", "previous", "coming"})


def _period_follows(s: str, pos: int) -> bool:
    after = _NOUN_WORD.match(s, pos)
    return after is not None and after.group(1).lower() in DURATION_DAYS


def _ends_noun_phrase(word: str) -> bool:
    lower = word.lower().strip("'’")
    return (lower in STOP_WORDS or lower in SMALL_NUMBERS or lower in TENS
            or word.rstrip(".") in MONTHS
            or (lower.endswith("ly") and len(lower) > 4 and lower not in LY_NOUNS))


def _is_participle(word: str) -> bool:
    return "-" not in word and ((word.endswith("ed") and len(word) > 4)
                                or (word.endswith("ing") and len(word) > 5))


def is_plural(word: str) -> bool:
    """Whether lower-case ``word`` looks like a plural noun ("offenses", "people")."""
    return word in IRREGULAR_PLURALS or (
        len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")))


def alternation(options: Iterable[str]) -> str:
    """A regular-expression alternation of ``options``, longest first (so "just under"
    wins over "under"), where a space in an option matches any run of whitespace."""
    ordered = sorted(options, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, o.split(" "))) for o in ordered)


#: "148 people charged with homicide", "30 inmates convicted of assault": a count of those
#: charged with, convicted of or wanted for an offence counts the offence as well (one per
#: person), and reports use the two interchangeably; the offence becomes the counted noun's
#: head. The verbs say the counted things are people, whatever noun names them.
CHARGED_WITH = re.compile(
    r"\s+(?:(?:were|are|was|have\s+been|had\s+been)\s+)?(?:charged\s+with|convicted\s+of|"
    r"accused\s+of|arrested\s+for|wanted\s+for|responsible\s+for|guilty\s+of)\s+"
    r"(?:an?\s+)?([A-Za-z][A-Za-z-]+)")
#: "717 assault offenders", "29 homicide suspects": a count of those who committed, or are
#: suspected of, an offence named before the noun counts the offence too; "offenders"
#: become "offenses" ("235 dangerous drugs offenders": "dangerous drugs offenses");
#: "suspects" and "convicts" leave the offence as the counted noun ("homicide").
OFFENDERS = re.compile(r"(?P<offence>(?:[A-Za-z][A-Za-z-]*\s+)*?(?P<head>[A-Za-z][A-Za-z-]*))"
                       r"\s+(?P<role>offenders|suspects|convicts)", re.IGNORECASE)
#: "148 with homicide charges", "30 with assault convictions": the same, said of a bare
#: number with the record of the offence ("40 people with criminal records" counts people).
WITH_RECORD = re.compile(
    r"\s+with\s+(?:prior\s+|previous\s+|past\s+)?([A-Za-z][A-Za-z-]+)\s+"
    r"(?:charges?|convictions?|records?|arrests?|histor(?:y|ies))\b")
