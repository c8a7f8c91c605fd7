"""Read the number a candidate figure starts with: digits, number words, a fraction, "most of".

Part of figure extraction: ``figures.py`` finds where a figure may start and reads what
surrounds its number (sign, hedge, range, base, counted noun); this module reads the number
itself ("7,113", or with a typesetter's thin space between the groups, "$1.2bn", "5 million",
"60%", "one hundred and twenty", "two-thirds", "a majority of") into a ``Reading`` with its
value and how round it is as written. A number that is part of something else (a word, a
link, a handle, an ordinal, "287(g)") reads as None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from . import words as w

_NUMBER_WORD = rf"(?:{w.alternation([*w.SMALL_NUMBERS, *w.TENS, *w.MULTIPLIERS, *w.SCALES])})\b"
WORDS = (rf"(?:an?\s+(?=(?:dozen|hundred|thousand|million|billion|trillion)\b))?"
         rf"{_NUMBER_WORD}(?:(?:\s+and\s+|[\s-]+){_NUMBER_WORD}|\s+and\s+a\s+half\b)*")
# Thousands separated by commas, or by the no-break and thin spaces typesetters use
# ("7\u202f113"); a plain space is not read as a separator ("in 2019 300 people").
_GROUP_SPACES = "\u00a0\u202f\u2009"
DIGITS = rf"(?:\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+(?!\d)|\d+(?:,\d{{3}})*)(?:\.\d+)?"
NUMBER_AT = re.compile(rf"(?P<cur>[$€£]\s?)?(?P<digits>{DIGITS})\b|(?P<words>{WORDS})",
                       re.IGNORECASE)
# A token holding these is a link, a handle, a path or a date like "9/11", not a figure.
_LINKISH = re.compile(r"[/@#_\\]|://|www\.|\.(?:com|org|net|gov|edu|io|co|uk|ly|us|tv|info)\b",
                      re.IGNORECASE)
PREV_WORD = re.compile(r"(\S+)\s+$")
_NOT_A_QUANTITY_AFTER = re.compile(r"(?:st|nd|rd|th)\b|\(\w{1,3}\)|['’]s\b|[.,:]\d|\d",
                                   re.IGNORECASE)
_SUFFIX_SCALE = re.compile(rf"(?:{w.alternation(w.SUFFIX_SCALES)})\b", re.IGNORECASE)
_SCALE_WORD = re.compile(rf"(?:\s+|-)(?P<scale>{w.alternation(w.SCALES)})\b", re.IGNORECASE)
_SHORT_SCALE = re.compile(rf"\s*(?P<scale>{w.alternation(w.SHORT_SCALES)})\b", re.IGNORECASE)
_PERCENT = re.compile(rf"\s?%|\s+(?:{w.alternation(w.PERCENT_WORDS)})\b", re.IGNORECASE)
# A plain space between digit groups ("6 947") may be a thousands separator or a gap
# between two numbers.
_SPACE_GROUP_AFTER = re.compile(r" \d{3}(?![\d,.]\d)(?!\d)")
_SPACE_GROUP_BEFORE = re.compile(r"(?<![\d,.])\d{1,3} $")


@dataclass(slots=True)
class Reading:
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


def read_digits(s: str, m: re.Match[str], *, glued_ok: bool = False) -> Reading | None:
    """The number written in digits at ``m`` (a match with ``digits`` and ``cur`` groups),
    with its scale ("5 million", "$1.2bn") and percent sign; None when the digits are part of
    a word, a link, a handle, an ordinal or an identifier. ``glued_ok``: the second number
    of a range or a base, whose separator stands right before it ("5-10")."""
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
    return Reading(start, end, float(number * scale), float(granularity * scale), "digits",
                   currency=currency, percent=bool(percent), scale=scale,
                   metric=glued not in ("", "k") and not currency)


def read_words(s: str, start: int, text: str) -> Reading | None:
    """The spelled-out number ``text`` at ``start`` ("one hundred and twenty"), with a
    percent sign or word after it."""
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
    return Reading(start, percent.end() if percent else end, float(value), granularity, "words",
                   percent=bool(percent))


def read_number(s: str, m: re.Match[str]) -> Reading | None:
    """The second number of a range or a base, matched by NUMBER_AT."""
    if m.group("digits"):
        return read_digits(s, m, glued_ok=True)
    return read_words(s, m.start(), m.group("words"))


#: How round a share said as a fraction is taken to be ("a third", "one in three"): a
#: tenth of the whole.
FRACTION_STEP = 0.1


def read_fraction(s: str, m: re.Match[str]) -> Reading | None:
    """The fraction at ``m`` ("two-thirds", "a quarter", "half"); None for "half-brother",
    "the second half"."""
    text = m.group("frac").lower()
    fraction = w.FRACTIONS[text.replace("-", " ").split()[-1]]
    count = text.split()[0].split("-")[0] if text != "half" else "a"
    if text == "half":
        previous = PREV_WORD.search(s, 0, m.start())
        if s[m.end() : m.end() + 1] == "-" or (
                previous and previous.group(1).lower() in w.HALF_BLOCKERS_BEFORE):
            return None  # "half-brother", "the second half", "one and a half"
    multiple = 1 if count in ("a", "an") else w.SMALL_NUMBERS.get(count, 1)
    return Reading(m.start(), m.end(), multiple * fraction, FRACTION_STEP, "fraction")


def read_most(s: str, m: re.Match[str]) -> Reading | None:
    """"most of", "a majority of": a share of more than half."""
    previous = PREV_WORD.search(s, 0, m.start())
    prev = previous.group(1).lower() if previous else ""
    most = m.group().lower() == "most"
    if most and prev in ("the", "at", "a", "for"):
        return None  # "make the most of", "at most"
    if not most and prev not in ("a", "the"):
        return None  # "a two-thirds majority of", "a slim majority of": not plain
    start = m.start() if most or previous is None else previous.start()
    return Reading(start, m.end(), 0.5, FRACTION_STEP, "fraction", hedge="more than",
                   category=w.HEDGES["more than"])
