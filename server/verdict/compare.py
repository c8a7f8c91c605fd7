"""Comparing one figure as written with one known value: exact, rounded, or not; and with
a quantity's known values (primary sources' exact figures first, durations in the
quantity's time unit).

The figure's interval comes from its hedge ("nearly 7,000" is at most 7,000); an unhedged
round number is read with the precision it is written in ("7,000" covers 6,500-7,500), as
long as that is close ("100" does not cover 148: ``ROUNDING``). A
source's value written with a scale word is as round as its last digit ("$6 trillion"
covers "$5.6 trillion"); trailing zeros may be counted, so one written in full is exact
("lost by 20 points" does not cover 25).
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

from ..index.catalog import Known, Quantity
from ..text.figures import Figure, extract_figures
from ..text.words import DURATION_DAYS, VAGUE


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


#: Significant digits from which a count written to the unit is precise: "148", "7,113".
PRECISE_DIGITS = 3


def precise(fig: Figure) -> bool:
    """Whether a count is written to the unit with ``PRECISE_DIGITS`` or more: a value a
    source gave, repeated, not one rounded by the writer ("7,000", "29")."""
    return (fig.unit == "count" and fig.of is None and fig.granularity == 1
            and fig.value.is_integer() and abs(fig.value) >= 10 ** (PRECISE_DIGITS - 1))


def precise_amount(fig: Figure) -> bool:
    """Whether a sum of money or a percentage is written, without a hedge, to
    ``PRECISE_DIGITS`` significant digits or more: "$58.1 million", "22.4 percent",
    "$1.84 billion"; not "$500 billion", "5.6 percent" or "nearly $100 million"."""
    return (fig.unit in ("currency", "percent") and fig.of is None and fig.hedge is None
            and fig.granularity > 0
            and abs(fig.value) / fig.granularity >= 10 ** (PRECISE_DIGITS - 1) - 1e-6)


#: A share rounded to a simple fraction stays within this part of itself: "two-thirds"
#: (-4.8%) and "three-quarters" (+7.1%) of 7 in 10 are roundings, "half" (-29%) is not.
SHARE_ROUNDING = 0.10
#: A round figure without a hedge ("7,000", "20 percent") is read with the precision it is
#: written in, and is a fair rounding of a value within half its rounding step and within
#: this part of the value: "7,000" of 6,947 and "70%" of 68%, not "100 homicides" of 148
#: nor "20 percent" of 16 percent (half a step, but a quarter off).
ROUNDING = 0.15


def _rounds(written: float, step: float, value: float) -> bool:
    """Whether a round figure ``written`` to ``step`` fairly rounds ``value``."""
    off = abs(value - written)
    return off <= step / 2 + 1e-9 and off <= ROUNDING * abs(value) + 1e-9


def _rounds_share(fig: Figure, share: float, known: float) -> bool:
    """Whether a share as written ("70%", "three-quarters of the 10") is a fair rounding of
    the known share: a percentage within the precision it is written in ("70%" +-5 points,
    "73%" +-0.5); a fraction k/n the nearest one with its denominator, and close."""
    if fig.unit == "percent":
        return _rounds(fig.value, getattr(fig, "granularity", 1.0) or 1.0, known * 100)
    denominator = next((n for n in range(1, 101) if _close(share * n, round(share * n))), None)
    if denominator is None or round(known * denominator) != round(share * denominator):
        return False
    return abs(share - known) <= SHARE_ROUNDING * known + 1e-12


#: A lower bound ("more than 6,000", "at least 12", "7,000 or more") is how a writer rounds
#: a figure down to a round number: it tells of a value not far past it, not of any value
#: past it. It fairly states a value at most one rounding step of the bound as written past
#: it, or this share of the bound, whichever is more: "more than 2,000" of 2,509 and "more
#: than 700" of 717, not "more than 700" of 2,509 (another population's figure, as often as
#: not) nor "more than 3.5 million" of 7 million. An upper bound ("fewer than 1,000", "less
#: than 1%") is said of a number to say it is small, and stays open below; so does a share,
#: which the whole bounds ("at least half of the 10" of 7), and an order of size ("tens of
#: millions" of 50 million).
BOUND_REACH = 0.20


def _near_bound(fig: Figure, value: float, low: float | None, high: float | None,
                step: float) -> bool:
    """Whether ``value``, inside the figure's interval [``low``, ``high``], is near enough
    to a lower bound alone to be what it states (``BOUND_REACH``; ``step`` is the bound's
    rounding step, in the unit of ``value``)."""
    if low is None or high is not None or fig.low == fig.high or fig.hedge in VAGUE:
        return True  # not a lower bound alone, or an order of size ("tens of millions")
    return abs(value) - abs(low) <= max(step, BOUND_REACH * abs(low)) + 1e-9


#: Units of a figure that states a share without its base: "70%", "half".
SHARES = ("percent", "fraction")


def judge(fig: Figure, value: float, of: float | None) -> str | None:
    """"exact" or "rounded" when the figure honestly states ``value``; None when it does not."""
    # A share without its base ("70%", "half") is compared as a share of the known base.
    whole = {"percent": 100.0, "fraction": 1.0}.get(fig.unit)
    fig_of = whole if whole is not None and of is not None else fig.of
    if fig_of is not None and of is None and whole is None:
        # "most of the 7,113 held", "all 7,000": a share of a count; the count, as written,
        # is what can be checked.
        written = f"{fig_of:.0f}" if float(fig_of).is_integer() else ""
        step = 10.0 ** (len(written) - len(written.rstrip("0"))) if fig_of >= 10 else 1.0
        return judge(replace(fig, value=fig_of, of=None, hedge=None, low=fig_of, high=fig_of,
                             granularity=step), value, None)
    if fig_of is not None or of is not None:
        if fig_of is None or of is None:
            return None
        share, known = fig.value / fig_of, value / of
        # "Seven out of ten" against "70 of 100": same share, different denominators.
        if _close(share, known):
            return "exact"
        if fig.hedge or fig.low != fig.high:
            # "more than 60%", "at least half of the 10": the share the words allow.
            low = None if fig.low is None else fig.low / fig_of
            high = None if fig.high is None else fig.high / fig_of
            inside = (low is None or known >= low - 1e-9) and (high is None or known <= high + 1e-9)
            return "rounded" if inside else None
        if whole is None and _close(fig_of, of) and fig.value.is_integer():
            # "Eight of the ten" against "7 of the 10" is another count, not a rounding;
            # "two-thirds of the 10" (6.67) can only be one.
            return None
        return "rounded" if _rounds_share(fig, share, known) else None
    if _close(fig.value, value):
        return "exact"
    low, high = fig.low, fig.high
    if fig.hedge or low != high:  # hedged, or a range ("6,500-7,000")
        inside = (low is None or value >= low - 1e-9) and (high is None or value <= high + 1e-9)
        step = getattr(fig, "granularity", 1.0) or 1.0
        return "rounded" if inside and _near_bound(fig, value, low, high, step) else None
    granularity = getattr(fig, "granularity", 1.0) or 1.0
    if granularity > 1 and _rounds(fig.value, granularity, value):
        return "rounded"
    return None


def fmt(value: float) -> str:
    """A value as a reader writes it: 6,947 / 8.3 / 0.5."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def duration_factor(fig: Figure, q: Quantity) -> float | None:
    """What turns the figure's time unit into the quantity's (years -> months: 12), or None
    when either is not a duration in a known time unit."""
    if fig.unit != "duration" or q.unit != "duration" or not q.noun:
        return None
    have = DURATION_DAYS.get(fig.head or "")
    want = DURATION_DAYS.get(q.noun.split()[-1].lower())
    return have / want if have and want else None


def in_units_of(fig: Figure, q: Quantity) -> Figure:
    """The figure in the quantity's time unit ("three and a half years" as 42 months)."""
    factor = duration_factor(fig, q)
    if factor is None or factor == 1.0:
        return fig
    return replace(fig, value=fig.value * factor, granularity=fig.granularity * factor,
                   low=None if fig.low is None else fig.low * factor,
                   high=None if fig.high is None else fig.high * factor)


#: The agreement of a figure more precise than a source's rounder value that covers it:
#: "$5.6 trillion" for "$6 trillion" (a "rounded" reason, told the other way round).
WITHIN_ROUNDING = "within-rounding"


def agreement(fig: Figure, q: Quantity) -> str | None:
    """"exact", "rounded" (the figure fairly rounds a source's value or lies within its
    hedge), WITHIN_ROUNDING, or None when no source's value agrees."""
    fig = in_units_of(fig, q)
    reference = references(ordered(q.known))
    results = [judge(fig, k.value, _base_of(fig, k)) if k.exact else _overlap(fig, k)
               for k in reference]
    if "exact" in results:
        return "exact"
    if "rounded" in results:
        return "rounded"
    return WITHIN_ROUNDING if any(_within_rounding(fig, k) for k in reference) else None


def _base_of(fig: Figure, k: Known) -> float | None:
    """What a source's value is of, to compare the figure with: its own base ("7 of the
    10"), or 100 for a percentage when the figure is a share said otherwise ("two in
    five", "nearly two-thirds" against "38.6 percent")."""
    if k.of is None and k.unit == "percent" and (fig.unit == "fraction" or (
            fig.unit == "count" and fig.of is not None)):
        return 100.0
    return k.of


def _within_rounding(fig: Figure, k: Known) -> bool:
    """Whether a source's value written with a scale word, as round as its last digit,
    covers the figure, written more precisely: "$6 trillion" covers "$5.6 trillion"."""
    if not k.exact or k.of is not None or fig.of is not None or fig.unit in SHARES:
        return False
    step = written_step(k.text)
    if step <= fig.granularity or fig.low != fig.high:
        return False
    return abs(fig.value - k.value) <= step / 2 + 1e-9 * step


@lru_cache(maxsize=4096)
def written_step(text: str) -> float:
    """How round a source's value is as written: its last digit's place when it is written
    with a scale word or suffix ("$6 trillion": a trillion, "1.5 million": 100,000, "$500
    billion": a billion); 1 when written in full. Trailing zeros may be counted ("20
    points", "7,000", the "500" of "$500 billion"), so they never make it rounder."""
    figures = extract_figures(text)
    if len(figures) != 1 or figures[0].scale == 1 or figures[0].low != figures[0].high:
        return 1.0
    return min(figures[0].granularity, figures[0].scale)


def informative(fig: Figure, q: Quantity) -> bool:
    """Whether comparing the figure with the quantity's values can say anything: two bounds
    open on the same side ("more than 60 years" against "more than 100 years", "over $100
    billion" against "over $3 billion") always overlap, whatever they count, so agreeing
    with them proves nothing; the same bound repeated does. A figure whose every reference
    is another such bound gets no verdict."""
    fig = in_units_of(fig, q)
    side = _open_side(fig.low, fig.high)
    if side is None:
        return True
    bound = _as_share(fig.low if side == "above" else fig.high, fig.of, fig.unit)
    for k in references(ordered(q.known)):
        low, high = _bounds(k)
        if k.exact or _open_side(low, high) != side:
            return True
        if _close(bound, _as_share(low if side == "above" else high, k.of, k.unit)):
            return True  # the same bound repeated ("more than 15 years")
    return False


def _as_share(value: float | None, of: float | None, unit: str) -> float:
    """A bound as written, as a share when it is one ("more than 6 in 10", "more than
    60%": 0.6), so the same bound written two ways is one bound."""
    if value is None:
        return math.nan
    if unit == "percent":
        return value / 100.0
    return value / of if of else value


def _open_side(low: float | None, high: float | None) -> str | None:
    """"above" for a lower bound alone ("more than 60"), "below" for an upper bound alone
    ("fewer than 20", "nearly 7,000" is not: it has both)."""
    if low is not None and high is None:
        return "above"
    if high is not None and low is None:
        return "below"
    return None


def _bounds(k: Known) -> tuple[float | None, float | None]:
    """The interval a known value as written allows (a hedge without bounds: open)."""
    return k.low if k.low is not None else (None if k.hedge else k.value), k.high


def _overlap(fig: Figure, k: Known) -> str | None:
    """A hedged known value ("more than 15 years") agrees with any figure it overlaps, and
    is the same figure as the same hedge on the same value."""
    of = _base_of(fig, k)
    if of is not None and (fig.of is not None or fig.unit in SHARES):
        # shares: "about a quarter" for "nearly 1 in 4", "two in five" for "about 40%"
        return judge(fig, k.value, of)
    if (fig.of is None) != (k.of is None):
        return None
    low, high = _bounds(k)
    if _same_bound(fig.low, low) and _same_bound(fig.high, high):
        return "exact"
    fig_low = fig.low if fig.low is not None else float("-inf")
    fig_high = fig.high if fig.high is not None else float("inf")
    if (high is None or fig_low <= high) and (low is None or fig_high >= low):
        return "rounded"
    return None


def _same_bound(a: float | None, b: float | None) -> bool:
    return a is None and b is None or a is not None and b is not None and _close(a, b)


def ordered(known: list[Known]) -> list[Known]:
    """Primary sources first, exact values before hedged ones, then by date; one entry per
    (source, value as written)."""
    seen, out = set(), []
    for k in sorted(known, key=lambda k: (k.source.get("kind") != "primary", not k.exact,
                                          k.source.get("published") or "9999", k.text)):
        key = (k.source.get("id"), k.text, k.value)
        if key not in seen:
            seen.add(key)
            out.append(k)
    return out


def references(known: list[Known]) -> list[Known]:
    """The values to judge against: exact primary figures, else any exact figure."""
    for keep in (lambda k: k.exact and k.source.get("kind") == "primary",
                 lambda k: k.exact, lambda k: True):
        chosen = [k for k in known if keep(k)]
        if chosen:
            return chosen
    return []


def checked_claim(derived: bool, known: list[Known]) -> bool:
    """Whether a quantity's values are only what a fact-checked claim itself said: the
    quantity is an uncurated claim's own figure (``derived``), and the values it is judged
    against are all a fact check's. Agreeing with such a value says that a sentence repeats
    the claim, not that the figure is right: the claim's rating says that."""
    reference = references(ordered(known))
    return derived and bool(reference) and all(
        k.source.get("kind") == "fact-check" for k in reference)
