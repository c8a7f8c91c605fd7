"""What one figure of a matched sentence may be read as: the quantities it may count, and the
quantity whose value it is when it is not the one it was read as.

A figure may count a quantity when the units fit (a share against "7 of the 10", the same
currency), its noun names the quantity's (a time unit names any duration) and, for a
curated quantity, its sentence names no other place nor only other years than the
quantity's texts do; a figure of a
claim imported without curated figures, only when the period, the names and the noun (for a
share or a sum, the words around it) are the same. Of one group's quantities the best named
is kept. ``Readings`` is a part of ``Judge`` (``verdict.py``), which chooses one reading per
figure for the whole sentence and says the verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..index.catalog import Quantity
from ..index.terms import terms
from ..rank.rank import figure_stems, noun_fit, unnamed
from ..text.figures import Figure
from ..text.places import elsewhere
from .compare import (
    SHARES,
    agreement,
    duration_factor,
    informative,
    precise,
    precise_amount,
)

#: A curated quantity that is itself a rate says so: "per student", "per $1,000 of assessed
#: value", "for each".
_RATE_DESCRIBED = re.compile(r"\b(?:per|for\s+(?:every|each)|each)\b|/", re.IGNORECASE)

#: Noun fit at which a figure is taken to count a quantity's noun (see rank.noun_fit).
NOUN_FIT = 2.0

#: Words a figure naming no noun (a share, a sum) must share with the words around an
#: uncurated claim's figure to be read as the same quantity.
SHARED_CONTEXT = 2


@dataclass
class Reading:
    """A quantity a figure may count: how well its noun names it, and how the figure
    compares with the quantity's values."""

    quantity: Quantity
    fit: float
    status: str | None  # "exact", "rounded" or None (disagrees)
    described: float = 0.0  # weight of the sentence's words in the quantity's description
    informative: bool = True  # False: the comparison can say nothing (``informative``)


class Readings:
    """The readings of a figure; mixed into ``Judge``, which sets these."""

    idf: Callable[[str], float]
    _described: dict[str, frozenset[str]]  # the words of each quantity's description
    _dated: dict[str, frozenset[str]]  # the years each quantity's description names
    _cue_words: dict[str, frozenset[str]]  # the words of each group's cues
    _cue_nouns: dict[str, frozenset[str]]  # ...written in lower case, no other group's
    _distinct: dict[str, frozenset[str]]  # words of a curated quantity's nouns only it uses
    _places: dict[str, frozenset[str]]  # the places each curated quantity's texts name...
    _years: dict[str, frozenset[str]]  # ...and the years
    _months: dict[str, frozenset[int]]  # ...and the months, and those its dates span
    _changes: frozenset[str]  # the curated shares of a change
    _group_terms: dict[str, frozenset[str]]  # the words of each group's texts and nouns

    def _readings(self, fig: Figure, pool: list[Quantity], matched: list[Quantity],
                  stretch: frozenset[str], named: frozenset[str], years: frozenset[str],
                  sentence_terms: frozenset[str], here: frozenset[str],
                  own_years: frozenset[str] | None = None, rate: bool = False,
                  months: frozenset[int] = frozenset(),
                  predicated: frozenset[str] = frozenset(), change: bool = False,
                  said_to_be: frozenset[str] = frozenset()
                  ) -> list[Reading]:
        """The quantities ``fig`` may count; ``stretch`` and ``named`` are the words and
        names of its own stretch of the sentence, ``years``, ``sentence_terms`` and
        ``here`` (its places) the sentence's; ``own_years`` the years it is said of
        (``figure_years``; the sentence's if None), which a curated quantity's must be;
        ``rate``, whether it is a rate per something other than time ("$262 for every
        acre"): only a curated quantity whose description says it is one counts it ("per
        student"), no total; ``months``, the months the sentence names, one of which a
        curated quantity's must be ("killed in a pileup in January" is not of a flood in
        April); ``predicated``, the quantities a noun or alias of which the sentence says of
        what the figure counts, just after it ("Nine people died": those who died);
        ``change``, whether the figure says by how much something changed: only such a
        share is a curated share of a change (``_changes``); ``said_to_be``, the words of what
        a sum or percentage is said to be (of) just after it ("$64.8 million in profit",
        "40 percent of Tarnwick's tickets"), which a curated quantity's nouns or
        description must name (``another_thing``)."""
        if own_years is None:
            own_years = years
        options = []
        statuses: dict[str, str | None] = {}
        # A bare count to the unit, or a sum or share to three digits, that is exactly a
        # value of a matched claim's group counts that quantity ("7,113 held, 148 of them
        # face homicide charges"; "3,412 flights canceled. ... 52.4% on time").
        groups = {m.group for m in matched}

        def status_of(q: Quantity) -> str | None:  # each comparison made once
            if q.id not in statuses:
                statuses[q.id] = agreement(fig, q)
            return statuses[q.id]

        for q in pool:
            if not q.known:
                continue  # every claim reporting it is retired: nothing to compare with
            if not q.derived and (elsewhere(here, self._places[q.id])
                                  or (own_years and not own_years & self._years[q.id])
                                  or (months and self._months[q.id]
                                      and not months & self._months[q.id])):
                # "California released 3,000" counts nothing of New York's, nor "released
                # 2,000 ... in 2024" the count since 2025. (A fact check's figure has its
                # names and years compared in ``_same_thing``.)
                continue
            if not q.derived and rate and not _RATE_DESCRIBED.search(q.description):
                continue  # "$14,503 per student" is no budget
            if q.id in self._changes and not change:
                continue  # "23.9 percent of this year's budget" is no growth since 2020
            if not q.derived and another_thing(q, said_to_be, sentence_terms,
                                               self._described[q.id]):
                continue  # "$64.8 million in profit" is no sum of refunds
            if not _unit_fits(fig, q) or (fig.of is None and fig.unit not in SHARES
                                          and any(k.of for k in q.known)):
                # "eight piers" is not "three of the eight piers".
                continue
            fit = _fit(fig, q)
            if q.id in predicated and fit > 0 and not q.derived:
                # "Nine people died": "people" is a word of "people died", and they died.
                fit = max(fit, NOUN_FIT)
            if not q.derived and self._names_whom(fig, q) and sentence_terms & self._distinct[q.id]:
                # "218 children" with "hospitalized": the noun says whom (a word of the
                # group's cues), the sentence's words what of theirs it counts.
                fit = max(fit, NOUN_FIT + 0.5)
            if q.derived:
                counts_it = q in matched and _same_thing(fig, q, fit, stretch, named, years,
                                                         sentence_terms, status_of(q))
            else:
                counts_it = fit >= NOUN_FIT or (unnamed(fig) and (
                    q in matched or (q.group in groups
                                     and (precise(fig) or precise_amount(fig))
                                     and status_of(q) == "exact")
                    # "... and has paid $8.7 million in compensation": a sum said to be
                    # what a quantity of a matched claim's group is (a share "of" its
                    # patients says what it is of, not what it is)
                    or (fig.unit == "currency" and q.group in groups
                        and bool(said_to_be & q.noun_terms))
                    or self._what_a_matched_one_is(fig, q, matched, sentence_terms))) or (
                    fit > 0 and q in matched and len(matched) == 1)
            if counts_it and q.derived and _repeats_a_sibling(fig, q, pool, status_of):
                continue
            if counts_it:
                described = sum(self.idf(t) for t in
                                (stretch & self._described[q.id])
                                | ((years if q.derived else own_years) & self._dated[q.id]))
                options.append(Reading(q, fit, status_of(q), described, informative(fig, q)))
        if predicated and unnamed(fig):
            # "139 were hospitalized": what the number is of, said just after it.
            options = [r for r in options if r.quantity.id in predicated] or options
        options = _without_ambiguous_uncurated(options)
        if (unnamed(fig) and fig.unit in ("currency", "percent") and len(options) > 1
                and not any(r.quantity.derived for r in options)):
            # A sum or share without a noun is what the sentence says it is, of those it
            # may be ("$412.8 million operating budget": a budget, not the spending per
            # student), in a word not all of them have ("police", not "budget", of the
            # police's share of a budget).
            shared = frozenset.intersection(*(r.quantity.heads for r in options))
            said = ([r for r in options if sentence_terms & (r.quantity.heads - shared)]
                    or [r for r in options if sentence_terms & r.quantity.heads])
            options = said or options
        # ...as is a bare count of the same thing of several groups, when the sentence says
        # what it counts ("139 were hospitalized").
        groups_read = {r.quantity.group for r in options}
        kinds = {(self._kind(r.quantity, groups_read), r.quantity.unit) for r in options}
        one_thing = (not any(r.quantity.derived for r in options) and len(kinds) == 1
                     and (fig.unit in ("currency", "percent")
                          or bool(sentence_terms & next(iter(kinds))[0])))
        if unnamed(fig) and len(options) > 1 and not one_thing:
            # (A sum or share that may be the same thing of several groups is left to the
            # words that name a group, then to the figures' agreement: ``Judge``.)
            # A bare number ("Seven out of ten") is read as the quantity it agrees with, or
            # failing that the one quantity of the year the sentence names ("three times in
            # January 2026", not the 2024 arrests), or the one whose nouns name it ("three
            # times": "times").
            agreeing = [r for r in options if r.status]
            dated = [r for r in options if (years if r.quantity.derived else own_years)
                     & self._dated[r.quantity.id]]
            by_noun = [r for r in options if fig.head and fig.head.lower() in
                       (n.split()[-1].lower() for n in r.quantity.nouns)]
            options = agreeing or next((rs for rs in (dated, by_noun) if len(rs) == 1), [])
        if options:
            best = max(r.fit for r in options)
            # Among one group's quantities keep the best-named (drug vs weapons offenses).
            by_group: dict[str, Reading] = {}
            for r in options:
                if r.fit < best - 1.0 and not unnamed(fig):
                    continue
                held = by_group.get(r.quantity.group)
                if held is None or _preference(r) > _preference(held):
                    by_group[r.quantity.group] = r
            options = list(by_group.values())
        return options

    def _kind(self, q: Quantity, groups: Iterable[str]) -> frozenset[str]:
        """What a quantity counts, told from the same thing of other ``groups``: its heads
        but for the words of its group's cues that no other group uses ("adults" of the
        adults' cases against the children's)."""
        theirs = frozenset().union(*(self._group_terms.get(g, frozenset()) for g in groups
                                     if g != q.group))
        return q.heads - (self._cue_words.get(q.group, frozenset()) - theirs)

    def _what_a_matched_one_is(self, fig: Figure, q: Quantity, matched: list[Quantity],
                               sentence_terms: frozenset[str]) -> bool:
        """Whether a sum, share or count with no noun may be another group's ``q``: a
        matched claim gives the same quantity of its own group (the same unit, and heads but
        for its group's own words: ``_kind``), and the sentence says what it is (a head:
        "Fighting Ashcombe County's wildfires cost $63.7 million", the cost of Wrenfield's
        matched; "Adults made up 1,384 of the measles cases", the children's matched): the
        words then tell whose it is."""
        if fig.unit not in ("currency", "percent", "count") or q.derived:
            return False
        return any(m.group != q.group and m.unit == q.unit and not m.derived
                   and (kind := self._kind(q, [m.group])) == self._kind(m, [q.group])
                   and bool(sentence_terms & kind) for m in matched)

    def _names_whom(self, fig: Figure, q: Quantity) -> bool:
        """Whether the figure's noun is a word of the cues of the quantity's group, written
        in lower case: it says whom it counts ("218 children"), not what of theirs (nor
        is "the two airlines" a count of "Tarnwick Airlines")."""
        head = figure_stems(fig)[0]
        return head is not None and head in self._cue_nouns.get(q.group, frozenset())

    def _owner(self, fig: Figure, q: Quantity, owners: Any, *, exact: bool = False
               ) -> Quantity | None:
        """Another quantity of ``owners`` whose value the figure is (and whose noun it
        names, if it names one): the figure is that group's. Exactly, else (unless
        ``exact``) as a fair rounding of a curated value ("more than 700 assaults" of the
        717 in custody, said of the 2,509 released); with ``exact``, a curated value only.
        Never a rounding of an uncurated claim's value, which no curator said is a sibling
        of the figure's quantity."""
        rounded = None
        for other in owners:
            # Another quantity of the same group is no other group's: a figure that is
            # its value is not called another population's.
            if other.group == q.group or not _unit_fits(fig, other):
                continue
            if not unnamed(fig) and _fit(fig, other) < NOUN_FIT and not (
                    self._names_whom(fig, q) and other.heads & q.heads):
                continue  # ("218 adults" hospitalized: the children's hospitalizations)
            status = agreement(fig, other)
            if status == "exact" and not (exact and other.derived):
                return other
            if exact:
                continue
            if status == "rounded" and rounded is None and not other.derived:
                rounded = other
        return rounded


def _same_thing(fig: Figure, q: Quantity, fit: float, stretch: frozenset[str],
                named: frozenset[str], years: frozenset[str], sentence: frozenset[str],
                status: str | None) -> bool:
    """Whether a figure counts what a figure of an uncurated claim counts: the same period
    (a claim that names a year speaks of that year: "17 town halls in 2017" says nothing of
    "140 town halls now"), the names around the claim's figure in the sentence (unless the
    figure agrees and names nothing around it: "of it" for "of NATO"), and the
    same counted noun ("lost by 25 points" against "lost by
    20 points"; "three brothers" is not "15,000 transgender Americans"), or, for a share,
    a sum of money or a multiplier, which name no noun, the same words around it ("$30
    trillion over 10 years" for one plan is not "$1 trillion" for another)."""
    if q.years and not q.years & years:
        return False
    if q.names and not _names_one(q.names, sentence) and (named or status is None):
        # "with China" is not "with the European Union"; a figure that agrees, named by
        # nothing around it ("those two countries", "of it"), is the claim's.
        return False
    shares = (fig.unit in SHARES or fig.of is not None) and (
        q.unit in SHARES or any(k.of for k in q.known))
    if shares or fig.unit == q.unit == "currency" or fig.unit == q.unit == "ratio":
        # A share, a sum or a multiplier names no counted noun of its own ("25% of the
        # state's children" against "1 in 4 children", "three times the rate of white
        # mothers"): the words around it say what it is of.
        return len(stretch & q.context) >= SHARED_CONTEXT
    return figure_stems(fig)[0] is not None and fit >= NOUN_FIT


#: Letters a name and a word must share from their start to be one name: "America" and
#: "American", "Israel" and "Israeli".
NAME_STEM = 5


def _names_one(names: frozenset[str], words: frozenset[str]) -> bool:
    """Whether the words name one of ``names`` (terms), or a word made from one: "American
    children" names "America"."""
    return bool(names & words) or any(
        len(n) >= NAME_STEM and len(w) >= NAME_STEM and (w.startswith(n) or n.startswith(w))
        for n in names for w in words)


def _repeats_a_sibling(fig: Figure, q: Quantity, pool: list[Quantity],
                       status_of: Callable[[Quantity], str | None]) -> bool:
    """Whether a figure that disagrees with an uncurated claim's figure repeats another
    figure of the same claim exactly ("51 percent" of the claim's "36 percent of them
    ... to the tune of 51 percent"): it is that figure, said with other words around it,
    and not a conflict with its sibling. ``status_of`` compares the figure with a
    quantity (``agreement``)."""
    return status_of(q) is None and any(
        other.group == q.group and other is not q and _unit_fits(fig, other)
        and status_of(other) == "exact" for other in pool)


def _without_ambiguous_uncurated(options: list[Reading]) -> list[Reading]:
    """Drop the readings of an uncurated claim that counts the figure's noun more than once
    when the figure agrees with none of them: "Latinos, 53 cents" against "Black women make
    around 63 cents while Native American women earn 58 cents" could be any, so none is
    judged (no curator said which words tell them apart)."""
    by_group: dict[str, list[Reading]] = {}
    for r in options:
        if r.quantity.derived:
            by_group.setdefault(r.quantity.group, []).append(r)
    unclear = {g for g, rs in by_group.items() if len(rs) > 1 and not any(r.status for r in rs)}
    return [r for r in options if r.quantity.group not in unclear or not r.quantity.derived]


def _preference(r: Reading) -> tuple[float, ...]:
    """Within one group: a curated quantity is picked by its noun (drug vs weapons offenses),
    then by its description (years in prison vs years of supervision); the figures derived
    from one uncurated claim, by agreement first."""
    if r.quantity.derived:
        return (bool(r.status), r.fit)
    return (r.fit, r.described, bool(r.status))


def _unit_fits(fig: Figure, q: Quantity) -> bool:
    if fig.unit == "ratio":
        return q.unit == "ratio"  # "twice as many" counts nothing
    if fig.unit in SHARES and q.known and all(k.of for k in q.known):
        return True  # "70%" or "half" against "7 of the 10"
    if q.unit == "percent" and (fig.unit == "fraction" or (fig.unit == "count"
                                                          and fig.of is not None)):
        return True  # "two in five" or "nearly two-thirds" against "38.6 percent"
    if fig.currency and q.unit == "currency":
        # Euros are not dollars: a sum in another currency than every known one is not
        # compared (an unknown currency on either side is).
        named = {k.currency for k in q.known if k.currency}
        if named and fig.currency not in named:
            return False
    unit = fig.unit if fig.unit != "ratio" else "count"
    q_unit = q.unit if q.unit != "ratio" else "count"
    return unit == q_unit


def another_thing(q: Quantity, said_to_be: frozenset[str], sentence: frozenset[str],
                  described: frozenset[str]) -> bool:
    """Whether a sum or percentage said to be (of) something ("$64.8 million in profit",
    "40 percent of Tarnwick's tickets": ``said_to_be``) is not the quantity: those words
    are none of its nouns' or description's, and the sentence names none of its nouns
    elsewhere ("gives the libraries $64.8 million in funding" is the libraries' budget, in
    a word the editor did not give). "Cost" is the verb that ties a sum to what it is
    the cost of, no name of the sum: "the new wastewater plant will cost $24.9 million" is
    the plant's, whatever quantity an editor called a cost."""
    return bool(said_to_be) and not said_to_be & (q.noun_terms | described) and not (
        (sentence - _COST_TERMS) & q.heads)


_COST_TERMS = frozenset(terms("cost costs"))


def _fit(fig: Figure, q: Quantity) -> float:
    """How well the figure's noun names the quantity; a time unit names any duration."""
    fit = noun_fit(fig, q.heads, q.noun_terms)
    return NOUN_FIT if not fit and duration_factor(fig, q) is not None else fit



