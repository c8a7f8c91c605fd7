"""Verdicts: which quantity does each figure of a matched sentence speak of, and does the
figure agree with what the sources reported for it?

The sentence's population is read first. Words that only one group's claims, descriptions
or cues use ("released", "custody", "jailed"; not what a description says it leaves out)
decide, unless said of what did not happen
("rather than releasing them"), those leading up to the figure first, then the whole
sentence ("released ... 148 homicides and 717 assaults" speaks of the
released people, whose figures those are not). When they name no group, or more than one,
the group two or more of its figures agree with wins (148 homicides and 717 assaults are
the custody breakdown); and failing that, a reading under which the figure is right is
preferred, and a figure right for no group it may be gets no verdict: a false alarm on an
honest article is the worst error a reader can see. A figure said over a period its
quantity's description does not name ("30 a day") is not its count either. A
figure of a sentence that names another place than the quantity's texts ("California",
not "New York") counts nothing of it. A figure that disagrees with its
quantity but equals the value of another quantity is flagged as belonging to that one, and
so is one written to the unit that only its hedge lets agree ("about 7,113" released).
Durations are compared in the quantity's time unit ("three and a half years", 42 months).

Which quantities a figure may count at all is decided in ``readings.py``, how its value
compares with theirs in ``compare.py``; here the sentence's reading is chosen and the
verdict said, in the words the card and the claim page show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from wordfreq import zipf_frequency

from ..index.catalog import (
    PERIOD,
    Catalog,
    Known,
    Quantity,
    baselines,
    figure_directions,
    figure_names,
    figure_scopes,
    figure_stretches,
    figure_years,
    months_between,
    months_named,
    periods_named,
    times_named,
    years_named,
)
from ..index.terms import is_number, salience, terms
from ..rank.rank import UNIT_TERMS, figure_stems, unnamed
from ..text.bodies import COMMON_ZIPF
from ..text.figures import Figure
from ..text.places import places, without_places
from ..text.words import HEDGES, SUFFIX_HEDGES, is_plural
from .compare import (
    WITHIN_ROUNDING,
    agreement,
    checked_claim,
    fmt,
    in_units_of,
    ordered,
    precise,
    references,
)
from .labels import population, publisher
from .readings import NOUN_FIT, Reading, Readings, another_thing

#: A word at least this rare in English (``terms.salience``: "aliens" 2.7, "detainers" 3.2;
#: "custody" 2.8 is a group's) speaks of a claim's story, where "report" (1.7) or "included"
#: (1.5) could be any story's (``Judge.tells_whose``).
TOPIC_SALIENCE = 2.5

#: A word written capitalized: a name, or a sentence's first word.
_CAPITALIZED = re.compile(r"\b[A-Z][\w'’-]*")
#: A place named as one: "the city of Halvering", "town of Port Ellery", "Wrenfield County".
_PLACE_NAMED = re.compile(
    r"\b(?:city|town|village|borough|township|county|state)\s+of\s+"
    r"(?P<a>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
    r"|\b(?P<b>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+(?:County|Township|Parish)\b")

#: Words of hedges ("more than 7,000") say how much, not who: never a population cue.
HEDGE_TERMS = frozenset(t for phrase in [*HEDGES, *SUFFIX_HEDGES] for t in terms(phrase))


class Judge(Readings):
    """Figure verdicts over one catalog (the readings of each figure are in ``Readings``)."""

    def __init__(self, catalog: Catalog, idf: Callable[[str], float]) -> None:
        self.catalog = catalog
        self.idf = idf
        # The words of each quantity's description, and of each group's descriptions,
        # cues and claims: what tells one quantity, or one population, from another.
        self._described = {q.id: _words(_EXCLUDED.sub(" ", q.description))
                           for q in catalog.quantities.values()}
        self._dated = {q.id: _years_described(q) for q in catalog.quantities.values()}
        # What a curated quantity's description and the quotes giving its values name:
        # places and years; and the periods its description names.
        curated = self._curated = [q for q in catalog.quantities.values() if not q.derived]
        texts = {q.id: " ".join([q.description, *(k.quote for k in q.known)]) for q in curated}
        self._places = {q.id: places(texts[q.id]) for q in curated}
        self._years = {q.id: self._dated[q.id] | years_named(" ".join(k.quote for k in q.known))
                       for q in curated}
        # ...and the months: those they name, and those from the first date of its claims
        # and sources to the last ("the flood of April 2027", reported into May).
        self._months = {q.id: months_named(texts[q.id]) | months_between(
            [*(k.source.get("published") for k in q.known),
             *(str(catalog.claims[catalog.by_id[k.claim_id]].record.get("as_of") or "")
               .removeprefix("as of ") for k in q.known if k.claim_id in catalog.by_id)])
            for q in curated}
        # (A time its group's cues name is no other period: "next year's" of next year's
        # budget.)
        # A quantity of a fiscal, school or calendar year is of a year: "last year", "a
        # year" are no other period of it.
        self._periods = {q.id: periods_named(" ".join([q.description, *(
            c for o in catalog.groups[q.group] for c in o.cues)]))
            | (frozenset({"year"}) if _A_YEARS.search(q.description) else frozenset())
            for q in curated}
        self._said_terms = {
            group: frozenset().union(*(_claim_terms(catalog, k) for q in qs for k in q.known))
            - HEDGE_TERMS for group, qs in catalog.groups.items()}
        self._quoted_terms = {
            group: frozenset().union(*(_words(k.quote) for q in qs for k in q.known))
            for group, qs in catalog.groups.items()}
        # ...and the names those texts write, places left out: the words by which another
        # sentence of a page may name the story ("Tollingford", "DHS").
        self._written = {
            group: frozenset().union(*(names_written(text, with_places=False)
                                       for q in qs for k in q.known
                                       for text in (k.quote, _claim_text(catalog, k))))
            for group, qs in catalog.groups.items()}
        self._cue_words = {group: _words(*(c for q in qs for c in q.cues))
                           for group, qs in catalog.groups.items()}
        # ...and those written in lower case that no other group's cues have: what the
        # group's people or things are ("children"; not the "Airlines" of "Tarnwick
        # Airlines", a name, nor the "county" of "county seat of Hollisport" where another
        # group is "Wrenfield County").
        lower = {group: _words(*(w for q in qs for c in q.cues for w in c.split()
                                 if not w[:1].isupper()))
                 for group, qs in catalog.groups.items()}
        self._cue_nouns = {group: words - frozenset().union(
            *(self._cue_words[g] for g in lower if g != group and self._cue_words[g]))
            for group, words in lower.items() if words}
        # The names among them: words an editor wrote capitalized and rare in English
        # ("Quarrie", "TBMC", "Brannock"; not "Democrat" or "County"), but for the places
        # the story's editors name ("the city of Halvering", "Wrenfield County") where the
        # group is: a place has other bodies than the story's. A place whose figures the
        # group's quantities are ("property damage in Dunmarsh County") is its name.
        placed = frozenset(t for q in curated for text in [q.description, *q.cues]
                           for m in _PLACE_NAMED.finditer(text)
                           for t in terms(m.group("a") or m.group("b")))
        self._names = {group: frozenset(t for q in qs for c in q.cues
                                        for t in _capitalized_terms(c)
                                        if salience(t) >= TOPIC_SALIENCE)
                       - (placed - frozenset().union(*(self._described[q.id] for q in qs)))
                       for group, qs in catalog.groups.items()}
        # The curated shares of a change ("police spending has grown 13 percent"): no share
        # said as a level is one.
        self._changes = frozenset(q.id for q in curated if q.unit == "percent"
                                  and _A_CHANGE.search(q.description))
        # The words of each curated quantity's nouns that no other of its group uses.
        self._distinct = {q.id: q.noun_terms - frozenset().union(
            *(o.noun_terms for o in catalog.groups[q.group] if o.id != q.id)) for q in curated}
        # A cue of several words is also read as one, as written: "this year's" and "next
        # year's" share every word that says something.
        self._phrases = {_phrase_term(c): _phrase(c) for q in self._curated for c in q.cues
                         if len(c.split()) > 1}
        # ...and those an editor gave it, not its claims' wording ("were involved in").
        self._edited = {group: frozenset().union(*(self._described[q.id] | _words(*q.cues)
                                                   | _phrases_of(q.cues) for q in qs))
                        for group, qs in catalog.groups.items()}
        self._group_terms = {
            group: frozenset().union(self._said_terms[group],
                                     *(self._described[q.id] | _words(*q.cues)
                                       | _phrases_of(q.cues) | q.noun_terms for q in qs))
            - HEDGE_TERMS for group, qs in catalog.groups.items()}
        # The curated quantities each source reports: a figure that belongs to another of
        # them is another group's figure, whether or not that claim was a candidate (one
        # release gives the released people's count and the held people's).
        self._reported: dict[str | None, list[Quantity]] = {}
        for q in catalog.quantities.values():
            if not q.derived:
                for source in {k.source.get("id") for k in q.known} - {None}:
                    self._reported.setdefault(source, []).append(q)

    def figures(self, sentence: str, sentence_terms: Sequence[str], figures: Sequence[Figure],
                matched: Sequence[int], context: Sequence[int]
                ) -> list[tuple[Figure, Quantity, dict[str, Any]]]:
        """Verdicts for the figures of a sentence that matched ``matched`` claims.

        ``context`` are other candidate claims, whose quantities may own a figure's value.
        """
        if not figures:
            return []
        matched_q = _quantities(self.catalog, matched)
        # The matched claims' quantities in order of match: a tie goes to the best match.
        order = {q.id: i for i, q in enumerate(matched_q)}
        # Other candidates' groups that count the same nouns are rival readings: a sentence
        # that matched the custody claims best may still be about the released people.
        # Only curated quantities are rivals: figures derived from two unrelated fact checks
        # are not one population counted twice.
        heads = frozenset().union(*(q.heads for q in matched_q))
        rivals = [q for q in _quantities(self.catalog, context) if not q.derived]
        # In order (the matched claims' groups first), so that ties go the same way in
        # every process: a set's order follows the process's string hashing.
        kin = {q.id: q for m in matched_q for k in m.known
               for q in self._reported.get(k.source.get("id"), ())}
        groups = list(dict.fromkeys([*(q.group for q in matched_q),
                                     *(q.group for q in [*rivals, *kin.values()]
                                       if q.heads & heads)]))
        pool = {q.id: q for g in groups for q in self.catalog.groups.get(g, [])}
        owners = {q.id: q for q in rivals} | kin | pool
        stretches = figure_stretches(sentence, figures)
        scopes = figure_scopes(sentence, figures)
        years = years_named(sentence)
        said = frozenset(sentence_terms)
        names = figure_names(sentence, figures, self.catalog.names)
        here = places(sentence)
        # What the counted people or things did, just after the figure's noun: "Nine
        # people died", "4,785 residents were evacuated".
        leads = [_lead(sentence, f, nxt.start if nxt else len(sentence))
                 for f, nxt in zip(figures, [*figures[1:], None], strict=True)]
        directions = figure_directions(sentence, figures)
        readings = [self._readings(f, list(pool.values()), matched_q, stretch, named, years,
                                   said, here, own_years, _a_rate(sentence, f),
                                   months_named(_clause(sentence, f)),
                                   frozenset(q.id for q in pool.values() if lead and any(
                                       _phrase(n).match(lead) for n in q.nouns)),
                                   direction is not None, _said_to_be(sentence, f))
                    for f, stretch, named, own_years, lead, direction in zip(
                        figures, stretches, names, figure_years(sentence, figures), leads,
                        directions, strict=True)]
        # A noun or alias of some of a figure's readings said before it, in its own clause,
        # says which they are ("won by about 7,600 votes": the margin, not a headcount),
        # or said of what it counts just after it ("Nine people died": the dead).
        starts = [0, *(_after_noun(sentence, f) for f in figures[:-1])]
        readings = [self._called(options, sentence[start:f.start], lead)
                    for options, start, f, lead in zip(readings, starts, figures, leads,
                                                       strict=True)]
        agree = self._agreement(readings)
        # Words said of what did not happen are no cue: "held 7,113 rather than releasing
        # them" speaks of the held people.
        # (Blanked to their length, so the clauses below keep their places.)
        affirmed = _NEGATED.sub(lambda m: " " * len(m.group()), sentence)
        own = self._own(groups)
        affirmed_terms = self._cue_terms(affirmed)
        cues = self._cues(affirmed_terms, own)
        named = self._named(affirmed, own)
        populations = [g for g in groups if self._cue_words.get(g)]
        if len(populations) > 1 and _TOTAL.search(affirmed) and sum(
                1 for g in populations
                if named.get(g) or affirmed_terms & self._cue_nouns.get(g, frozenset())
        ) != 1:
            # A total of several of the groups ("Between them, the two airlines canceled
            # 4,699 flights"; "Corvell and Dunmarsh together reported $283.6 million") is
            # no one group's figure; "In all, Velmora canceled 3,412 flights" is Velmora's,
            # and "In all, 218 adults were hospitalized" the adults' (a group is named by
            # its names or its cues' lower-case words).
            readings = [[r for r in options if r.quantity.group not in populations]
                        for options in readings]
        chosen: list[tuple[Figure, Reading]] = []
        # Each figure's own words first: from the figure before it up to it ("released
        # roughly 7,000 ... and is holding another 7,000").
        # A comparison's baseline, its own stretch ("compared with $48.3 million in
        # Wrenfield County": the county named after it). In each, a group's name first
        # ("Quarrie finished with 64,209 votes to Ravelle's 71,836"), then its other words;
        # before them all, a name said just after the figure with "for" ("about sixty-four
        # thousand for Ravelle").
        clause_start = 0
        for fig, options, baseline in zip(figures, readings, baselines(sentence, figures),
                                          strict=True):
            start, end = baseline or (clause_start, fig.end)
            clause = self._cues(self._cue_terms(affirmed[start:end]), own)
            clause_named = self._named(affirmed[start:end], own)
            clause_start = _after_noun(sentence, fig)
            named_for = _FOR_NAME.match(affirmed, clause_start)
            for_named = self._named(named_for.group(1) if named_for else "", own)
            reading = (_choose(options, agree, order, for_named, clause_named, clause, named,
                               cues) if options else None)
            if reading is not None:
                chosen.append((fig, reading))
        scope = dict(zip(map(id, figures), scopes, strict=True))
        way = dict(zip(map(id, figures), directions, strict=True))
        when = times_named(sentence)

        def judged(fig: Figure, r: Reading) -> bool:
            # A figure read as a quantity it cannot be compared with gets no verdict:
            # reading it as another would be a guess; nor does one that disagrees with an
            # uncurated claim's figure of another fact (``_another_fact``), or is the rest
            # of the whole (``_the_rest``). A figure that agrees says by itself that it
            # counts the same thing, unless it changed the other way ("down 20 percent"
            # against "up 20 percent").
            q = r.quantity
            if not r.informative:
                return False
            if r.status is not None:
                return not (q.derived and way[id(fig)] and q.direction
                            and way[id(fig)] != q.direction)
            return not ((q.derived and _another_fact(sentence, fig, q, scope[id(fig)],
                                                     way[id(fig)] is not None, when))
                        or (not q.derived and (_over_another_period(scope[id(fig)],
                                                                    self._period(q))
                                               or _share_of_what_unsaid(fig, q, said)
                                               or (way[id(fig)] is not None
                                                   and not _A_CHANGE.search(q.description))))
                        or _the_rest(sentence, fig, q))

        return [(fig, r.quantity, self._verdict(fig, r, owners.values()))
                for fig, r in _one_unnamed_per_quantity(chosen) if judged(fig, r)]

    def of_other_things(self, sentence: str, figures: Sequence[Figure], claim: int) -> bool:
        """Whether every figure of the sentence is a sum or percentage said to be (of)
        something (``_said_to_be``) that no quantity of the claim (an editor's: every one
        described) is (``another_thing``): "Velmora Air reported $64.8 million in profit"
        repeats no claim of its refunds, "Less than 40 percent of Tarnwick's tickets are
        sold through travel agents" none of its flights on time; nor is a figure said over
        a period no quantity of the claim is over, in a sentence naming none of its nouns
        ("The utility's annual operating budget is $52.3 million" of a grant; not "New
        York released about 30 ... aliens a day", a rate of the released people's
        count). Any other figure may be what the claim counts
        ("7,311 detainer subjects" of the people in custody, in a noun the editor did not
        give)."""
        qs = _quantities(self.catalog, [claim])
        if not figures or not qs or any(q.derived for q in qs):
            return False
        words = frozenset(terms(sentence))
        for fig, scope in zip(figures, figure_scopes(sentence, figures), strict=True):
            said = _said_to_be(sentence, fig)
            if not (said and all(another_thing(q, said, words, self._described[q.id])
                                 for q in qs)) and not all(
                    _over_another_period(scope, self._period(q)) and not words & q.heads
                    for q in qs):
                return False
        return True

    def tells_whose(self, sentence: str, figures: Sequence[Figure], claim: int, *,
                    rare: float = TOPIC_SALIENCE,
                    page: Callable[[], frozenset[str]] = frozenset) -> bool:
        """Whether the sentence's words, besides places, numbers and the nouns its figures
        count (but for a group's word among them: "bus collisions"), tell whose figures of
        a claim with curated figures it gives: one is used by only one of the groups they
        may be told from (their quantities' descriptions, cues and claims: "in custody",
        "those released"), and one the groups' claims or their sources' quotes share is
        rare in English (``TOPIC_SALIENCE``: "aliens", "detainers", an agency's initials;
        not "report" or "included", nor a curator's word such as "attributes"); and no
        figure is said over
        a period the claim's quantities do not name ("6,947 people were released ... last
        year"). "Police in New York reported 2,509 assaults" names neither group nor story;
        "The prison held 7,113 inmates in custody" a group, not the story. The story may be
        named on the sentence's page instead, by a name the page writes (``page``, read
        when needed: ``page_names``): "The do-not-drink advisory lasted 74 days." in an article on
        Tollingford's water; not when the sentence writes a name of its own that is none
        of the story's ("Across Scotland, 1,216 bus passengers were injured"). Whose
        figure it is, only the sentence says."""
        qs = [q for q in _quantities(self.catalog, [claim]) if not q.derived]
        periods = frozenset().union(*(self._period(q) for q in qs))
        if any(_over_another_period(scope, periods)
               for scope in figure_scopes(sentence, figures)):
            return False
        heads = frozenset().union(*(q.heads for q in qs))
        groups = list(dict.fromkeys([*(q.group for q in qs),
                                     *(q.group for q in self._curated if q.heads & heads)]))
        own = self._own(groups)
        # The nouns the figures count are no cue, but for a group's word among them ("312
        # bus collisions").
        counted = frozenset().union(*(figure_stems(f)[1] for f in figures))
        counted -= frozenset().union(*own.values())
        said = (frozenset(t for t in terms(without_places(sentence)) if not is_number(t))
                - counted - HEDGE_TERMS) | self._said_phrases(sentence)
        # The words the groups' claims share are the story's (with one group, all their
        # words are): the claim's groups and those its sources report, not another story's
        # that counts the same nouns ("children" of a measles season, "immigrants" of
        # detainers).
        told = {q.group for q in qs} | {r.group for q in qs for k in q.known
                                        for r in self._reported.get(k.source.get("id"), ())}
        story = frozenset().union(*(self._said_terms.get(g, frozenset())
                                    | self._quoted_terms.get(g, frozenset())
                                    for g in groups if g in told))
        if len(own) > 1:
            story -= frozenset().union(*own.values())
        # A group's name, written as a name, names the story as well: no other story has a
        # "Quarrie" or a "Brannock Memorial", where any has its "buses" or "in custody".
        names = frozenset().union(*(self._names.get(g, frozenset()) for g in groups
                                    if g in told))
        if not any(said & words for g, words in own.items() if g in told):
            return False
        if _capitalized_terms(sentence) & names or any(salience(t) >= rare
                                                        for t in said & story):
            return True
        if names_written(sentence) - story - names - frozenset().union(
                *(self._group_terms.get(g, frozenset()) for g in groups)):
            return False  # the sentence names something of its own: "Across Scotland"
        # The page names the story by a name of its groups' or one the story's texts write
        # as a name, rare in English (read only now: few sentences get this far).
        return bool(page() & (names | frozenset(
            t for g in groups if g in told for t in self._written.get(g, frozenset())
            if salience(t) >= rare)))

    def _period(self, q: Quantity) -> frozenset[str]:
        """The periods a curated quantity's description names ("per year")."""
        return self._periods.get(q.id, frozenset())

    # -- readings -----------------------------------------------------------------------

    def _agreement(self, readings: list[list[Reading]]) -> dict[str, int]:
        agree: dict[str, int] = {}
        for options in readings:
            for r in options:
                if r.status:
                    agree[r.quantity.group] = agree.get(r.quantity.group, 0) + 1
        return agree

    def _own(self, groups: Sequence[str]) -> dict[str, frozenset[str]]:
        """Per group, the words only it of ``groups`` uses (descriptions, cues, claims), and
        its names (``_names``) no other has for a name: a stand-alone figure's claim that
        names the group ("Quarrie won by 7,627 votes") does not make "Quarrie" its own."""
        own = {}
        for g in groups:
            others = frozenset().union(*(self._group_terms.get(h, frozenset())
                                         for h in groups if h != g))
            named = frozenset().union(*(self._names.get(h, frozenset())
                                        for h in groups if h != g))
            own[g] = ((self._group_terms.get(g, frozenset()) - others)
                      | (self._names.get(g, frozenset()) - named))
        return own

    def _called(self, options: list[Reading], before: str, lead: str = "") -> list[Reading]:
        """The readings of a figure whose quantity has a noun or alias said in ``before``
        (its own clause, up to it), or at the start of its ``lead`` (``_lead``), that not
        every reading's quantity has, if any; else all of them."""
        if len(options) < 2:
            return options
        shared = frozenset.intersection(*(frozenset(n.lower() for n in r.quantity.nouns)
                                          for r in options))
        said = [r for r in options
                if any(n.lower() not in shared and (_phrase(n).search(before)
                                                    or _phrase(n).match(lead))
                       for n in r.quantity.nouns)]
        return said or options

    def _named(self, text: str, own: dict[str, frozenset[str]]) -> dict[str, float]:
        """The groups whose names (``_names``) among their own words (``_own``) a text
        writes as names, each weighing one: a name says whose a figure is before any
        other word does ("Quarrie won nearly 72,000 votes", though "won" is only the
        margin's claim's word)."""
        if not any(self._names.get(g) for g in own):
            return dict.fromkeys(own, 0.0)  # (a fact check's claims have no cues)
        written = _capitalized_terms(text)
        return {g: float(bool(written & self._names.get(g, frozenset()) & words))
                for g, words in own.items()}

    def _cue_terms(self, text: str) -> frozenset[str]:
        """The terms of a text and the cues of several words it says as written."""
        return frozenset(terms(text)) | self._said_phrases(text)

    def _said_phrases(self, text: str) -> frozenset[str]:
        return frozenset(t for t, written in self._phrases.items() if written.search(text))

    def _cues(self, sentence: frozenset[str], own: dict[str, frozenset[str]]
              ) -> dict[str, float]:
        """Weight of the sentence's words that only one group uses (its claims,
        descriptions and cues: ``_own``); a word only of its claims' wording, not one an
        editor gave it ("were involved in", "recorded"), weighs half."""
        return {g: sum(self.idf(t) * (1.0 if t in self._edited[g] else CLAIM_WORDING)
                       for t in sentence & words)
                for g, words in own.items()}

    # -- verdict ------------------------------------------------------------------------

    def _verdict(self, fig: Figure, reading: Reading, owners: Any) -> dict[str, Any]:
        """The verdict on one figure, with one short sentence for the card (``explanation``)
        and the longer account for the claim page (``detail``)."""
        q = reading.quantity
        known = ordered(q.known)
        reference = references(known)
        # The value as the source wrote it, with its unit ("60 percent", "$45 million"); a
        # hedged one quoted ("more than 15"): its value alone says less.
        hedged = bool(reference) and not reference[0].exact
        said = (reference[0].text or fmt(reference[0].value)) if reference else "no value"
        if reference and in_units_of(fig, q) is not fig:
            said += f" {q.noun}"  # "three and a half years" against 42 months: say "months"
        if hedged:
            said = f"“{said}”"
        who = _who(reference[0]) if reference else "no source"
        described = _lower(q.description)
        checked = self._checked(q, reference)
        if checked is not None:
            # The only value is the checked claim's own: agreeing with it says the sentence
            # repeats the claim, not that the figure is right (the rating says that).
            who = f"{who}{checked}"
        # A figure written to the unit ("about 7,113") that only its hedge lets round
        # another group's value is the figure that group's source gave (7,113 held), not a
        # rounding of this one's (6,947 released).
        owner = None
        if not reading.status:
            owner = self._owner(fig, q, owners)
        elif reading.status == "rounded" and precise(fig):
            owner = self._owner(fig, q, owners, exact=True)
        if reading.status and owner is None:
            shown = [self._known(k, "same-quantity") for k in known]
            theirs = f"the checked claim's {said}" if checked is not None else said
            if reading.status == WITHIN_ROUNDING:
                text = f"“{fig.text}” rounds to {theirs} ({who})."
            elif checked is not None:
                text = (f"Repeats the checked claim's {said} ({who})." if reading.status == "exact"
                        else f"“{fig.text}” is a fair rounding of {theirs} ({who}).")
            elif reading.status == "exact":
                text = f"Matches the {said} reported by {who}."
            else:
                text = f"“{fig.text}” is a fair rounding of {said} ({who})."
            reason = "rounded" if reading.status == WITHIN_ROUNDING else reading.status
            return _result(fig, q, "consistent", reason, text, shown,
                           f"{text} The quantity: {described}.", checked is not None)
        if owner is not None:
            ours = population(q.description, owner.description) or described
            theirs = population(owner.description, q.description) or _lower(owner.description)
            shown = [self._known(k, "same-quantity", ours) for k in known]
            shown += [self._known(k, "value-owner", theirs) for k in ordered(owner.known)]
            # The populations are named in each known value; the sentence stays short.
            given = "the checked claim says" if checked is not None else "the sources give"
            text = (f"{fig.text} is another group's figure; for the group this sentence is "
                    f"about, {given} {said}.")
            detail = (f"{fig.text} is the figure for another group: "
                      f"{_lower(owner.description)}. For {ours}, the sources give {said} "
                      f"({who}).")
            return _result(fig, q, "conflicting", "other-quantity", text, shown, detail,
                           checked is not None)
        shown = [self._known(k, "same-quantity") for k in known]
        given = "The checked claim says" if checked is not None else "The sources give"
        return _result(fig, q, "conflicting", "different-value",
                       f"{given} {said} ({who}), not “{fig.text}”.", shown,
                       f"{given} {said} for {described} ({who}); “{fig.text}” does not agree "
                       "with that.", checked is not None)

    def _checked(self, q: Quantity, reference: list[Known]) -> str | None:
        """For a figure of a fact check imported without curated figures (its values are
        what the checked claim said), how the claim was rated ("; rated “false”", or "" when
        the file gave no rating); None for a quantity with a source's own count."""
        if not reference or not checked_claim(q.derived, q.known):
            return None
        index = self.catalog.by_id.get(reference[0].claim_id)
        rating = self.catalog.claims[index].record.get("rating") if index is not None else None
        return f"; rated “{rating}”" if rating else ""

    def _known(self, k: Known, role: str, counts: str | None = None) -> dict[str, Any]:
        """One source's value; ``counts`` names whom it counts when the card must tell
        two groups apart (the sentence's and the one its figure belongs to)."""
        q = self.catalog.quantities[k.quantity_id]
        source = {key: k.source.get(key) for key in ("id", "publisher", "title", "url",
                                                     "published", "kind")}
        return {"value": _plain(k.value), "of": k.of, "text": k.text,
                "quantity": q.description, "quantity_id": q.id, "role": role,
                "group": q.group, "population": counts,
                "quote": k.quote, "claim_id": k.claim_id, "source": source}


#: How many times the weight of another group's words a group's must be to name the figure
#: when the words name both...
OUTWEIGHS = 2.0
#: ...where a word only of a group's claims' wording weighs this much of its idf.
CLAIM_WORDING = 0.5


def _choose(options: list[Reading], agree: dict[str, int], order: dict[str, int],
            *cues: dict[str, float]) -> Reading | None:
    """The reading of a figure: the one group words name (the first of ``cues`` that
    decides), else the group most of the sentence's figures agree with, else a reading
    under which the figure is right (the best-scoring matched claim's first); else, when
    the figure may be more than one group's, None: words name none of them ("ICE arrested
    2,000 ..."), or both ("14,000 released or held"), and a figure that is no group's value
    cannot be said to be wrong for one. Among fact checks' figures alone, the best-scoring
    claim's."""
    if len(options) == 1:
        return options[0]
    if all(r.quantity.derived for r in options):
        # Fact checks' figures, each claim its own group: no words tell populations apart;
        # the figure is read as the best-scoring claim's, which the sentence repeats.
        return min(options, key=lambda r: order.get(r.quantity.id, len(order)))
    for weights in cues:
        named = [r for r in options if weights.get(r.quantity.group, 0.0) > 0]
        said = sorted({r.quantity.group: weights[r.quantity.group] for r in named}.values(),
                      reverse=True)
        if named and (len(said) == 1 or said[0] >= OUTWEIGHS * said[1]):
            # One group named, or one named far more than any other ("Light-rail trains
            # were involved in ...": the trains' words, and the verb of the buses' claim).
            return max(named, key=lambda r: weights[r.quantity.group])
    top_agree = max(agree.get(r.quantity.group, 0) for r in options)
    if top_agree >= 2:
        options = [r for r in options if agree.get(r.quantity.group, 0) == top_agree]
        if len(options) == 1:
            return options[0]
    right = sorted((r for r in options if r.status),
                   key=lambda r: order.get(r.quantity.id, len(order)))
    if right:
        return right[0]
    if len({r.quantity.group for r in options}) > 1:
        return None
    return options[0]


def _after_noun(sentence: str, fig: Figure) -> int:
    """Where the figure's counted noun ends, if it follows the figure ("6,947 detainer
    subjects"), else where the figure does: the noun is the figure's, no cue to the next
    one's group."""
    if fig.noun:
        at = sentence.find(fig.noun, fig.end, fig.end + len(fig.noun) + 3)
        if at >= 0:
            return at + len(fig.noun)
    return fig.end


#: What a sum is, said with "in" just after it: "$64.8 million in refunds", "$7.9 million in
#: lost revenue" (lower-case words: not "in 2027", "in Corvell County", "in neighboring
#: Ashcombe County").
_SUM_IN = re.compile(r"\s+in\s+([a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*){0,2})\b"
                     r"(?!\s+[a-z]*[A-Z0-9])")
#: What a percentage is of, said with "of" just after it, past its owner's name: "40
#: percent of Tarnwick's tickets", "52.4 percent of the scheduled departures".
_SHARE_OF = re.compile(r"\s+of\s+(?:(?:the|its|their|his|her|our|[A-Z][\w.&-]*(?:['’]s?)?)\s+)*"
                       r"([a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*){0,2})\b(?!\s+[a-z]*[A-Z0-9])")


#: What a sum is the cost of, said before it: "Tarnwick's new maintenance hangar at Kestrow
#: will cost $21.1 million", "Replacing the carpet ... will cost the authority nearly $8
#: million" (a lower-case word, then perhaps a name it is at, in or of).
_COSTS = re.compile(r"\b([a-z][a-z'’-]+)(?:\s+(?:at|in|of|for|on)\s+(?:the\s+)?"
                    r"(?:[A-Z][\w'’.-]*\s*)+)?\s+(?:(?:will|would|could|should|may|might|did|"
                    r"does|to)\s+)?costs?(?:\s+(?:the\s+)?[a-z][\w'’-]*){0,2}\s+$")


def _said_to_be(sentence: str, fig: Figure) -> frozenset[str]:
    """The head word of what a sum of money is, said with "in" just after it, or of what a
    percentage is of, said with "of", among the words before the first that says nothing:
    the last plural, else the last ("$64.8 million in profit for the quarter": "profit";
    "$283.6 million in flood damage": "damage"; "40 percent of Ashby's schools closed in
    the storm": "schools"); or, of a sum, what it is said before it to be the cost of ("the
    new hangar will cost $21.1 million": "hangar")."""
    said = (_SUM_IN.match(sentence, fig.end) if fig.unit == "currency"
            else _SHARE_OF.match(sentence, fig.end) if fig.unit == "percent" else None)
    if said is None:
        cost = (_COSTS.search(sentence, max(0, fig.start - 120), fig.start)
                if fig.unit == "currency" else None)
        return _words(cost.group(1)) if cost else frozenset()
    words = []
    for word in said.group(1).split():
        if not terms(word):
            break
        words.append(word)
    plural = [w for w in words if is_plural(w.lower().rstrip("'’"))]
    return _words((plural or words)[-1]) if words else frozenset()


#: Words that make a figure a total of several: "between them", "together", "combined".
_TOTAL = re.compile(r"\b(?:between\s+(?:them|the\s+two)|combined|altogether|all\s+told"
                    r"|in\s+(?:all|total)|together)\b", re.IGNORECASE)


#: A name said just after a figure (or its noun, and the few words that say more of it) as
#: whose it is: "for Ravelle", "for Dunmarsh County", "at Tarnwick", "in Corvell", "(31.8
#: percent) of Quarrendale's", "(83 children) with elevated blood lead in Tollingford".
_FOR_NAME = re.compile(r"\s+(?:(?!(?:than|and|or|but|while|whereas)\b)[a-z][\w-]*\s+){0,4}?"
                       r"(?:for|at|in|of)\s+(?:the\s+)?((?:[A-Z][\w’'-]*\s*){1,4})")


#: Auxiliaries before what the people or things a figure counts did: "were evacuated".
_AUXILIARIES = re.compile(r"\s*(?:(?:were|was|have|has|had|are|is|been|being)\s+){0,2}",
                          re.IGNORECASE)


def _lead(sentence: str, fig: Figure, end: int) -> str:
    """What the people or things a figure counts did, from the verb after its noun (or
    after the figure, when none follows it), past any auxiliaries, up to ``end`` (the next
    figure): "died in the flood" of "Nine people
    died in the flood", "evacuated" of "4,785 residents were evacuated", "hospitalized" of
    "139 were hospitalized". A noun or alias said at its start says what it counts."""
    start = _after_noun(sentence, fig)
    auxiliaries = _AUXILIARIES.match(sentence, start, end)
    return sentence[auxiliaries.end() if auxiliaries else start:end]


#: A word said of what did not happen, with what denies it: "rather than releasing",
#: "instead of being released", "not yet released", "never freed".
_NEGATED = re.compile(
    r"\b(?:rather\s+than|instead\s+of|not(?:\s+yet)?|never|without)\s+"
    r"(?:(?:being|been|be|having|getting)\s+)?[A-Za-z]+", re.IGNORECASE)


#: What a description says its quantity leaves out, to the end of the phrase: "(city buses
#: only, not light rail)", "excluding state prisons", "other than those in custody" (not
#: what it says was not done: "DHS does not say whether ..."). Its words describe another
#: quantity: were they this one's, "light rail" would be the buses' word as much as the
#: trains'.
_EXCLUDED = re.compile(
    r"(?:(?<=[,(])\s*|\b(?:only|but)\s+)not\b[^,;:.()\[\]]*|"
    r"\b(?:excluding|except(?:\s+for)?|other\s+than|apart\s+from|rather\s+than|"
    r"instead\s+of)\b[^,;:.()\[\]]*", re.IGNORECASE)


#: Words before a duration that make it the period a statement speaks of: "in the last
#: eight years", "over the past two decades", "for the next 10 years".
_PERIOD_BEFORE = re.compile(r"\b(?:last|past|previous|next|first|coming)\s+$", re.IGNORECASE)


def _names_a_period(sentence: str, fig: Figure) -> bool:
    """Whether a duration says when rather than how long something took or lasted."""
    return fig.unit == "duration" and bool(
        _PERIOD_BEFORE.search(sentence, max(0, fig.start - 12), fig.start))


#: Words before a figure that make it the name of a group rather than a count: "the top 1
#: percent", "the bottom 90%", "the wealthiest 0.1%", "the poorest fifth".
_GROUP_BEFORE = re.compile(r"\b(?:top|bottom|richest|wealthiest|poorest)\s+$", re.IGNORECASE)


def _names_a_group(sentence: str, fig: Figure) -> bool:
    """Whether a figure names whom a statement is about ("the top 1 percent own ...")."""
    return bool(_GROUP_BEFORE.search(sentence, max(0, fig.start - 12), fig.start))


def _another_fact(sentence: str, fig: Figure, q: Quantity, scope: dict[str, frozenset[str]],
                  change: bool, when: frozenset[str]) -> bool:
    """Whether a figure and an uncurated claim's figure, which no curator said are one
    thing, speak of different facts: another scope ("lost $800 billion on trade with other
    countries" against "$500 billion on trade with China"), a period ("in the last eight
    years" against "in the last two years": it says when), a group ("the top 0.1 percent"
    against "the top 1 percent": it says whom), another time said relative to now ("this
    year" against "last year"), or a change against a level ("rose 2 percent" against "is 5
    percent"), or a year opening its clause that the claim does not name ("In 1990, 33
    million"). ``scope``, ``change`` and ``when`` are the figure's and the sentence's."""
    return (_other_scope(scope, q) or _names_a_period(sentence, fig)
            or _names_a_group(sentence, fig) or _other_time(when, q) or change != (q.direction is not None)
            or _another_year(sentence, fig, q))


#: Words that deny what a share of a whole does: "three of the 10 safest cities refuse to
#: cooperate", "30 percent do not".
_DENIAL = re.compile(r"\b(?:not|never|refuses?|refused|refusing|fails?|failed|failing)\b"
                     r"|n't\b", re.IGNORECASE)


def _the_rest(sentence: str, fig: Figure, q: Quantity) -> bool:
    """Whether a share that disagrees with the quantity's is the rest of the whole, said of
    those who do not: "three of the 10 safest cities refuse to cooperate with ICE" against
    "7 of the 10 ... cooperate", or the other way round (one side denies, the other does
    not). Such a figure gets no verdict: it does not contradict the sources, and is not
    their figure. Only when the sources say it one way: where one quote denies and another
    does not ("above the action level", "failed"), they say one share two ways."""
    whole = {"percent": 100.0, "fraction": 1.0}.get(fig.unit, fig.of)
    denied = {bool(_DENIAL.search(k.quote)) for k in q.known}
    if whole is None or len(denied) != 1 or bool(_DENIAL.search(sentence)) in denied:
        return False
    rest = replace(fig, value=whole - fig.value,
                   low=None if fig.high is None else whole - fig.high,
                   high=None if fig.low is None else whole - fig.low)
    return agreement(rest, q) is not None


#: How far before a figure a year opening its clause is looked for ("In 1990, 33 million").
YEAR_REACH = 40
_CLAUSE_END = re.compile(r"[;.!?]")
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
#: Where a clause ends: a sentence's end or a semicolon, or a comma before a conjunction.
_CLAUSE_BREAK = re.compile(r"[;.!?](?=\s)|,\s+(?:and|but|while|whereas)\b")


def _clause(sentence: str, fig: Figure) -> str:
    """The clause a figure is in: "906,450 of your customers received a letter" of "...,
    and you waited until April to send it" (whose month is not the figure's)."""
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, fig.start)), default=0)
    end = next((m.start() for m in _CLAUSE_BREAK.finditer(sentence, fig.end)),
               len(sentence))
    return sentence[start:end]


def _another_year(sentence: str, fig: Figure, q: Quantity) -> bool:
    """Whether the figure's clause, up to it, names a year the claim does not: "In 1990, 33
    million Americans lived in poverty" is not against the checked "40 million ... live in
    poverty" (a claim naming another year is not read at all, ``readings._same_thing``)."""
    clause = _CLAUSE_END.split(sentence[:fig.start])[-1]
    # "Since I took office in 2017, 7 million": when a period began, not another time.
    return bool(years_named(clause[-YEAR_REACH:]) - q.years) and not _SINCE.search(clause)


#: A description of a change, which a figure of a change ("improved by 50 percent") may
#: be: "Growth of ... police spending", "Decline of ...". A curated level is no change.
_A_CHANGE = re.compile(r"\b(?:growth|grew|grown|increase|decrease|decline|change|rise|drop"
                       r"|cut|fell|fallen|gain|loss|difference)\b", re.IGNORECASE)
#: A description of a year's figure: "in fiscal year 2024-25", "the 2024-25 school year".
_A_YEARS = re.compile(r"\b(?:fiscal|school|calendar|academic|tax|budget)\s+year\b",
                      re.IGNORECASE)


def _over_another_period(scope: dict[str, frozenset[str]], period: frozenset[str]) -> bool:
    """Whether a figure is said over a period ("30 a day", "every week", "in the first
    month", "last month") that a curated quantity's description does not name: a rate or a
    part is not the quantity's count ("about 30 a day" against 6,947 since January 20)."""
    said = scope.get(PERIOD)
    return bool(said) and said != period


def _other_time(when: frozenset[str], q: Quantity) -> bool:
    """Whether sentence and claim each name a time relative to when they were said, and
    not the same one: "$505 billion this year" and "$500 billion last year"."""
    return bool(when and q.times and not when & q.times)


def _other_scope(scope: dict[str, frozenset[str]], q: Quantity) -> bool:
    """Whether a preposition around the figure and around the claim's figure has objects
    without a word in common: "with other countries" and "with China", "in trade deficit"
    and "in goods"."""
    return any(objects and not objects & q.scopes.get(p, objects)
               for p, objects in scope.items())


def _one_unnamed_per_quantity(chosen: list[tuple[Figure, Reading]]
                              ) -> list[tuple[Figure, Reading]]:
    """A quantity is judged once per sentence unless nouns tie the figures to it: of
    "$500 billion with China, $75 billion with Japan" only the agreeing one speaks of the
    China figure. An uncurated claim's figure is one value, whatever nouns say: of "32
    million people on food stamps then, 47 million today" against the checked "47 million
    people on food stamps", the one that agrees is the claim's, the other is of another
    time; when none agrees, figures of other values leave unclear which is the claim's,
    and none is judged (the same value said twice is judged twice)."""
    best: dict[str, tuple[Figure, Reading]] = {}
    derived: dict[str, list[tuple[Figure, Reading]]] = {}
    keep = []
    for fig, r in chosen:
        if r.quantity.derived:
            derived.setdefault(r.quantity.id, []).append((fig, r))
            continue
        if r.fit >= NOUN_FIT:
            keep.append((fig, r))
            continue
        held = best.get(r.quantity.id)
        if held is None or (bool(r.status) and not held[1].status):
            best[r.quantity.id] = (fig, r)
    keep += best.values()
    for pairs in derived.values():
        agreeing = [(fig, r) for fig, r in pairs if r.status]
        if agreeing:
            keep += agreeing
        elif len({fig.value for fig, _r in pairs}) == 1:
            keep += pairs
    return sorted(keep, key=lambda pair: pair[0].start)


#: Words right after a figure (and its noun) that make it a rate of something other than
#: time: "$262 for every acre", "$3.10 a gallon", "12 per 100,000 residents". (A rate over
#: time, "a year", is a period: ``_over_another_period``.)
_RATE = re.compile(
    r"\s+(?:per|for\s+(?:every|each)|each|an?)\s+(?!(?:single\s+)?(?:hour|day|night|week|"
    r"weekend|month|quarter|year|decade|century)s?\b)[\w$]", re.IGNORECASE)


def _a_rate(sentence: str, fig: Figure) -> bool:
    """Whether the figure is a rate per something other than time ("about $262 for every
    acre that burned"): only a quantity described as a rate counts it
    (``Readings._readings``)."""
    return bool(_RATE.match(sentence, _after_noun(sentence, fig)))


def _share_of_what_unsaid(fig: Figure, q: Quantity, said: frozenset[str]) -> bool:
    """Whether a share with no noun is compared with a curated share in a sentence that
    says no word of what that share is of: "hospitalized at a higher rate, about 23
    percent" is no wrong value of the share unvaccinated; or a duration, whose noun is only
    its unit, with a curated duration in a sentence that says no other word of its nouns:
    "moved 9,420 people out of harm's way in less than three days" is no time taken to
    restore power."""
    if q.unit == "duration" and fig.unit == "duration":
        what = q.noun_terms - UNIT_TERMS
        return bool(what) and not said & what
    return (q.unit == "percent" and fig.unit == "percent" and unnamed(fig)
            and bool(q.noun_terms) and not said & q.noun_terms)


#: A day written as an editor records one ("adopted on 2024-12-10", "reported 2025-12-01"):
#: when something was done or said, not the time the quantity counts.
_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _years_described(q: Quantity) -> frozenset[str]:
    """The years a quantity's description names, but for those of the days it dates
    things by ("the budget for fiscal year 2025, adopted on 2024-12-10" counts 2025's),
    and those of the period it covers, before any aside ("2025-01-01/2025-12-31 (adopted
    2024-12-10)")."""
    period = (q.period or "").split("(")[0]
    return years_named(_DAY.sub(" ", q.description)) | years_named(period)


def _phrases_of(cues: Sequence[str]) -> frozenset[str]:
    """The terms of cues of several words, each read as one."""
    return frozenset(_phrase_term(c) for c in cues if len(c.split()) > 1)


def _phrase_term(cue: str) -> str:
    """A cue of several words as one term (no word's term has a space)."""
    return " ".join(cue.lower().replace("’", "'").split())


@lru_cache(maxsize=8192)
def _phrase(cue: str) -> re.Pattern[str]:
    """Where a text says a cue as written, whatever its case, spaces and apostrophes."""
    pieces = [re.escape(w).replace("'", "['’]") for w in cue.replace("’", "'").split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(pieces) + r"(?!\w)", re.IGNORECASE)


def page_names(sentences: Iterable[str]) -> frozenset[str]:
    """The names the sentences of a page write, places left out (``names_written``): those
    by which the page may name a story (``Judge.tells_whose``)."""
    return frozenset().union(*(names_written(s, with_places=False) for s in sentences))


#: What comes before a capitalized word that opens a sentence (or a quote), within a few
#: characters.
_OPENING = re.compile(r"(?:^|[.!?]\s+|[\"“‘(\[]\s*)$")


def names_written(text: str, *, with_places: bool = True) -> frozenset[str]:
    """The terms of the names a text writes: its capitalized words, but for a common word
    opening a sentence or a quote ("Tollingford", "DHS", "Redwing"; not "The", "Across", nor
    "Drew" opening a sentence); without ``with_places``, places left out ("New York")."""
    if not with_places:
        text = without_places(text)
    return frozenset(t for m in _CAPITALIZED.finditer(text)
                     if not (_OPENING.search(text, max(0, m.start() - 8), m.start())
                             and zipf_frequency(m.group().lower(), "en") >= COMMON_ZIPF)
                     for t in terms(m.group()) if not is_number(t))


def _capitalized_terms(text: str) -> frozenset[str]:
    """The terms of the words a text writes capitalized (``_CAPITALIZED``)."""
    return frozenset(terms(" ".join(_CAPITALIZED.findall(text))))


def _words(*texts: str) -> frozenset[str]:
    """The terms of ``texts`` that say something: no numbers, no hedges."""
    return frozenset(t for text in texts for t in terms(text) if not is_number(t)) - HEDGE_TERMS


def _claim_text(catalog: Catalog, k: Known) -> str:
    """The text of the claim a known value is of ("" if it is gone)."""
    index = catalog.by_id.get(k.claim_id)
    return "" if index is None else catalog.claims[index].text


def _claim_terms(catalog: Catalog, k: Known) -> list[str]:
    """Words of the claim itself (not its headline, which is about a whole article)."""
    index = catalog.by_id.get(k.claim_id)
    if index is None:
        return []
    return [t for t in terms(catalog.claims[index].text) if not is_number(t)]


def _quantities(catalog: Catalog, claims: Sequence[int]) -> list[Quantity]:
    seen: dict[str, Quantity] = {}
    for i in claims:
        for qid in catalog.claims[i].quantity_ids:
            seen.setdefault(qid, catalog.quantities[qid])
    return list(seen.values())


def _who(k: Known) -> str:
    when = k.source.get("published")
    name = publisher(k.source, opening=False)
    return f"{name}, {when}" if when else name


def _lower(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _result(fig: Figure, q: Quantity, status: str, reason: str, explanation: str,
            known: list[dict[str, Any]], detail: str, checked_claim: bool) -> dict[str, Any]:
    return {"text": fig.text, "span": [fig.start, fig.end], "value": _plain(fig.value),
            "of": fig.of, "hedge": fig.hedge, "noun": fig.noun, "status": status,
            "reason": reason, "explanation": explanation, "detail": detail,
            "quantity": {"id": q.id, "description": q.description}, "known": known,
            "checked_claim": checked_claim}
