"""verdict/: which quantity a figure speaks of, and whether it agrees, on small catalogs built
here (the demo's shape is tested end to end in test_engine.py and test_demo_matching.py)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from server.index.catalog import (
    Catalog,
    figure_directions,
    figure_scopes,
    figure_years,
    months_between,
    months_named,
    written_as_names,
)
from server.index.terms import terms
from server.store import Corpus, open_store
from server.text.figures import extract_figures
from server.verdict.compare import judge, precise_amount, written_step
from server.verdict.verdict import Judge

from .claimsdata import figure as quoted_figure


def uncurated(*texts: str) -> Corpus:
    """Fact checks as a collection imports them: text only, no curated figures."""
    source = {"id": "checks", "publisher": "A fact-checker", "kind": "fact-check",
              "title": None, "url": None, "published": None}
    claims = [{"id": f"c{i}", "text": t, "title": None, "quotes": [{"source": "checks",
                                                                   "text": t}],
               "figures": []} for i, t in enumerate(texts)]
    return Corpus(claims, {"checks": source}, {}, 1)


def verdicts(corpus: Corpus, sentence: str, matched: int = 0) -> list[dict[str, Any]]:
    catalog = Catalog(corpus)
    judged = Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), [matched],
        list(range(len(catalog.claims))))
    return [v for _f, _q, v in judged]


def judged(catalog: Catalog, sentence: str, *claims: str) -> list[tuple[Any, Any, Any]]:
    """The figures' quantities and verdicts of a sentence that matched these claims (each
    also a candidate)."""
    matched = [catalog.by_id[c] for c in claims]
    return Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), matched, matched)


@pytest.mark.parametrize(("claim", "sentence", "status"), [
    # The same counted thing, another value: the conflict Recount exists to show.
    ("In your only statewide race, you lost by 20 points.",
     "In your only statewide race, you lost by 25 points.", "conflicting"),
    ("In your only statewide race, you lost by 20 points.",
     "In your only statewide race you lost by 20 points.", "consistent"),
    ("Wisconsin lost 10,000 manufacturing jobs last year.",
     "Wisconsin lost nearly 10,000 manufacturing jobs last year.", "consistent"),
    # A share of the same thing; and the same share, whose agreement says by itself that
    # it is the same thing, however its scope is worded.
    ("The county spent 12% of its budget on roads last year.",
     "The county spent 20% of its budget on roads last year.", "conflicting"),
    ("The county spent 12% of its budget on roads last year.",
     "The county spent 12% of its budget on highways last year.", "consistent"),
    # A change against a change, a level against a level, however said.
    ("Wages rose by 3 percent last year.", "Last year wages were up 5 percent.",
     "conflicting"),
    ("Our economy has grown on average 0.9 percent a year.",
     "Our economy has grown 0.9 percent a year.", "consistent"),
    ("Unemployment rose to 5 percent last year.", "Unemployment was 6 percent last year.",
     "conflicting"),
    # A multiplier against a multiplier.
    ("Black mothers die at three times the rate of white mothers.",
     "Black mothers die at four times the rate of white mothers.", "conflicting"),
    # The same time, in other words, or a time on one side only: compared.
    ("Last year the state lost $40 billion on trade with Mexico.",
     "In the past year the state lost $45 billion on trade with Mexico.", "conflicting"),
    ("Last year the state lost $40 billion on trade with Mexico.",
     "The state lost $45 billion on trade with Mexico.", "conflicting"),
    # The same group named: its figure agrees, as before.
    ("Almost all new income is going to the top 1 percent.",
     "All the new income goes to the top 1 percent.", "consistent"),
    # A name said in another sentence of the claim is not around its figure; a figure
    # that agrees, with no name around it, is the claim's.
    ("Pakistan has 100 nuclear warheads. They will have more than Great Britain soon.",
     "Pakistan has 100 nuclear warheads, and they are building more.", "consistent"),
    ("Pakistan has 100 nuclear warheads. They will have more than Great Britain soon.",
     "Pakistan has 140 nuclear warheads, and they are building more.", "conflicting"),
    ("The United States was paying for 70 percent of NATO.",
     "The United States was paying for 70 percent of it.", "consistent"),
    # A sum of the same thing, by the noun after it.
    ("We have a $500 billion trade deficit with China.",
     "We have an $800 billion trade deficit with China.", "conflicting"),
    # A difference against a difference.
    ("Clinton got 2.9 million more votes than Trump.",
     "In 2016, Hillary Clinton got 3 million more votes than Trump.", "consistent"),
    ("Clinton got 2.9 million more votes than Trump.",
     "Hillary Clinton got 5 million more votes than Trump.", "conflicting"),
    # The same change, said with other words.
    ("Crime fell 20 percent in the city last year.",
     "Crime dropped 20 percent in the city last year.", "consistent"),
    ("Crime fell 20 percent in the city last year.",
     "Last year crime in the city went down 20 percent.", "consistent"),
    # A name, and a word made from it.
    ("One in five children in America lives in poverty.",
     "Twenty percent of American children live in poverty.", "consistent"),
    ("One in five children in America lives in poverty.",
     "Thirty percent of American children live in poverty.", "conflicting"),
    # The same year on both sides, or a year after the figure: compared.
    ("In 1990, 33 million Americans lived in poverty.",
     "In 1990, 36 million Americans lived in poverty.", "conflicting"),
    ("We've lost 70,000 factories since China joined the World Trade Organization.",
     "We've lost 60,000 factories since China joined the World Trade Organization in 2001.",
     "conflicting"),
    # A year when a period began is not another time.
    ("We have created 6 million jobs since the election.",
     "Since I took office in 2017, we have created 7 million new jobs.", "conflicting"),
    # One period said two ways.
    ("Medicare for All would cost $32 trillion over 10 years.",
     "Medicare for All would cost $34 trillion over a decade.", "conflicting"),
])
def test_uncurated_figures_of_the_same_thing_are_judged(claim, sentence, status):
    [verdict] = verdicts(uncurated(claim), sentence)
    assert verdict["status"] == status


@pytest.mark.parametrize(("claim", "sentence"), [
    # Other counted nouns: brothers are not transgender Americans.
    ("15,000 transgender Americans are serving in the military.",
     "All three of my brothers served in the military."),
    # Another period: the claim counts 2017's town halls.
    ("In 2017, I've done 17 town halls.", "I've done 140 town halls now."),
    # A sum of money for another plan: nothing around the figures is shared.
    ("The senator's child care plan would cost $1 trillion.",
     "Medicare for All costs at least $30 trillion over 10 years."),
    # A bare number says nothing of what it counts.
    ("The governor vetoed 12 bills this session.", "The governor said it 40 times."),
    # A sum or a share of another scope: the same words around it, but the objects of the
    # same preposition name something else.
    ("The state lost $40 billion on trade with Mexico last year.",
     "The state lost $90 billion on trade with all its partners last year."),
    ("The county spent 12% of its budget on roads last year.",
     "The county spent 30% of its budget on schools last year."),
    # Another period is another fact: it says when, it counts nothing.
    ("In the last two years this president has added more debt than all the others "
     "combined.",
     "In the last eight years the administration added more debt than all the others "
     "combined."),
    # A count over another period: a night's is not a week's.
    ("Some 300 stray dogs were picked up by the city's shelters overnight.",
     "The shelters picked up 2,000 stray dogs in a single week, the city said."),
    ("The plant releases 40 tons of ash every day.",
     "The plant releases 9,000 tons of ash a year."),
    # A multiplier is no count of what the claim counts.
    ("The county jail holds 968 inmates.",
     "The county jail holds three times as many inmates as the state prison."),
    # A change is not a level, nor a level a change.
    ("The unemployment rate in Ohio is 5 percent.",
     "The unemployment rate in Ohio rose 2 percent last year."),
    ("The state budget grew by $2 billion this year.",
     "The state budget is $45 billion this year."),
    # Another time, each named relative to when it was said.
    ("Last year the state lost $40 billion on trade with Mexico.",
     "This year the state will lose $45 billion on trade with Mexico."),
    # Another group: the figure says whom, it counts nothing.
    ("Almost all new income is going to the top 1 percent.",
     "Wealth is flowing from the middle class to the top 0.1 percent."),
    ("The tax cuts went mostly to the richest 1 percent of households.",
     "The tax cuts went mostly to the richest 20 percent of households."),
    # A sum or a share of another thing, by the noun after it.
    ("The average family will get a $4,000 raise from the tax cut.",
     "The average family got a $2,000 tax cut."),
    # A difference is not a level.
    ("Clinton got 65 million votes in 2016.",
     "Hillary Clinton got 3 million more votes than Trump in 2016."),
    # The same change the other way: the figure agrees, the fact does not.
    ("Crime is down 20 percent in New York City.", "Crime is up 20 percent in New York City."),
    ("Exports rose by 5 percent last year.", "Exports fell by 5 percent last year."),
    # A fact check's other figure, repeated: not a conflict with its first.
    ("Among graduates aged 17 to 20, 36 percent are unemployed. African-American graduates "
     "are unemployed at 51 percent.",
     "Some 51 percent of AfricanAmerican graduates are unemployed."),
    # Another name around the figure, or none around one that disagrees.
    ("Last year we lost $500 billion on trade with China.",
     "Last year we lost $500 billion on trade with Mexico."),
    ("Last year we lost $500 billion on trade with China.",
     "Last year we lost $400 billion on trade with them."),
    # Another year, named where the figure's clause opens; the claim's is the present.
    ("Says 40 million Americans live in poverty.",
     "In 1990, 33 million Americans lived in poverty; now it's 40 million."),
    # A span said as the period of a figure is not another period's.
    ("Texas has added 1.5 million jobs in the last five years.",
     "Texas added 300,000 jobs last year."),
    ("Medicare for All would cost $32 trillion over 10 years.",
     "Medicare for All costs $3.2 trillion a year."),
])
def test_uncurated_figures_of_other_things_get_no_verdict(claim, sentence):
    assert verdicts(uncurated(claim), sentence) == []


#: Other fact checks of a collection, which write "India", "China" and "Obama" inside
#: their sentences as names, as any collection of some size does.
NAMING = ["Exports to India grew last year.", "Trade with India fell.",
          "Tariffs on China rose in May.", "Steel from China is cheaper.",
          "Jobs grew under Obama.", "The plan of President Obama failed."]


@pytest.mark.parametrize(("claim", "sentence", "status"), [
    # A name that opens a sentence is a name when the collection writes it as one.
    ("India has 1.3 billion people.", "China has 1.4 billion people.", None),
    ("India has 1.3 billion people.", "China has 1.3 billion people.", None),
    ("Obama added 10 million jobs.", "Trump added 8 million jobs.", None),
    ("India has 1.3 billion people.", "India has 1.4 billion people.", "conflicting"),
    ("India has 1.3 billion people.", "Today, India has 1.3 billion people.", "consistent"),
    # A word the collection also writes in lower case is no name where it opens one.
    ("Thousands of workers lost 20,000 jobs.", "Workers lost 25,000 jobs.", "conflicting"),
    # A place is a name wherever it is; "New" opening "New rules" is no place.
    ("Wisconsin lost 10,000 manufacturing jobs.", "Ohio lost 12,000 manufacturing jobs.",
     None),
    ("New rules cost 10,000 jobs.", "The rules cost 12,000 jobs.", "conflicting"),
])
def test_names_that_open_a_sentence(claim, sentence, status):
    found = [v["status"] for v in verdicts(uncurated(claim, *NAMING), sentence)]
    assert found == ([status] if status else [])


def test_words_written_as_names():
    names = written_as_names([*NAMING, "The new plan. A plan for the new year.",
                              "New York grew. Growth in New York.", "I said China grew."])
    assert {"india", "china", "obama"} <= names
    assert not names & {"the", "new", "exports", "trade", "jobs", "president"}


@pytest.mark.parametrize(("claim", "sentence", "status"), [
    # Two lower bounds always overlap: "consistent" would say nothing.
    ("Illegal immigration costs state taxpayers over $3 billion every year.",
     "Illegal immigration costs state taxpayers more than $100 billion every year.", None),
    ("The county has fewer than 20 shelters for homeless families.",
     "The county has fewer than 12 shelters for homeless families.", None),
    # The same bound repeated, a bound against a value, opposite bounds: all say something.
    ("Illegal immigration costs state taxpayers over $3 billion every year.",
     "Illegal immigration costs state taxpayers over $3 billion every year.", "consistent"),
    ("Illegal immigration costs state taxpayers $3.2 billion every year.",
     "Illegal immigration costs state taxpayers over $3 billion every year.", "consistent"),
    ("The county has more than 20 shelters for homeless families.",
     "The county has fewer than 12 shelters for homeless families.", "conflicting"),
    # The same bound as a share, written two ways.
    ("More than 6 in 10 senators voted for the plan.",
     "More than 60 of the 100 senators voted for the plan.", "consistent"),
])
def test_two_open_bounds_on_one_side_get_no_verdict(claim, sentence, status):
    found = verdicts(uncurated(claim), sentence)
    assert [v["status"] for v in found] == ([status] if status else [])


@pytest.mark.parametrize(("text", "scopes"), [
    ("The state lost $90 billion on trade with all its partners.",
     {"on": {"trade"}, "with": {"partner"}}),
    ("Our deficit in goods reached $800 billion.", {"in": {"good"}}),
    # A figure's own words are not its scope: "one in four", "for 90 percent".
    ("One in four patients cannot afford insulin.", {}),
    ("The city paid for 90 percent of it.", {}),
    # The period a figure is over: said after it, or before the first figure.
    ("Police stopped 700 cars in a single week on one road.",
     {"period": {"week"}, "on": {"road"}}),
    ("Last year, the port handled 3 million containers.", {"period": {"year"}}),
    ("It costs 5,000 dollars annually.", {"period": {"year"}}),
])
def test_the_scope_of_a_figure(text, scopes):
    [found] = figure_scopes(text, extract_figures(text))
    assert found == scopes


def test_each_figure_has_the_period_said_after_it():
    text = "Drivers paid $12 a day and $50 per week, or about $2,000 annually."
    found = figure_scopes(text, extract_figures(text))
    assert [f.get("period") for f in found] == [{"day"}, {"week"}, {"year"}]


@pytest.mark.parametrize(("text", "period"), [
    ("The plan costs $32 trillion over 10 years.", {"decade"}),
    ("The state added 1.5 million jobs in the last five years.", {"1826 days"}),
    ("The state added 90,000 jobs during the past 12 months.", {"year"}),
    # A duration that is what is counted, not when: no period.
    ("He was fined $5,000 and served 42 months in prison.", None),
    # ...nor one said with a modal verb: when something may be done, not what is counted.
    ("Replacing 1,693 lead lines is a job the town can finish in five years.", None),
    # (A modal before the count is no such verb: "will add 90,000 jobs within two years".)
    ("The state will add 90,000 jobs within two years.", {"730 days"}),
])
def test_a_span_after_a_figure_is_its_period(text, period):
    assert figure_scopes(text, extract_figures(text))[0].get("period") == period


@pytest.mark.parametrize(("claim", "sentence", "status"), [
    # The same period, or none said on one side: the figures are compared.
    ("The plant releases 40 tons of ash every day.",
     "The plant releases 90 tons of ash each day.", "conflicting"),
    ("The plant releases 40 tons of ash every day.",
     "The plant releases 40 tons of ash.", "consistent"),
    # An agreeing figure says by itself that it counts the same thing.
    ("The plant releases 40 tons of ash every day.",
     "The plant released 40 tons of ash last year.", "consistent"),
])
def test_a_period_said_on_one_side_only_or_on_both_alike(claim, sentence, status):
    assert [v["status"] for v in verdicts(uncurated(claim), sentence)] == [status]


def test_a_figure_is_not_judged_against_an_unmatched_fact_check():
    corpus = uncurated("The city hired 300 police officers in 2019.",
                       "The county hired 450 police officers in 2019.")
    # Matched with the first only: the second's 450 is not "another group" of the first.
    [verdict] = verdicts(corpus, "The city hired 450 police officers in 2019.")
    assert verdict["status"] == "conflicting"
    assert verdict["reason"] == "different-value"
    assert {k["claim_id"] for k in verdict["known"]} == {"c0"}


def test_judging_keeps_no_state_between_calls():
    corpus = uncurated("In your only statewide race, you lost by 20 points.")
    catalog = Catalog(corpus)
    shared = Judge(catalog, lambda _t: 1.0)
    before = dict(vars(shared))
    sentence = "In your only statewide race, you lost by 25 points."
    results: list[Any] = []

    def run() -> None:
        for _ in range(20):
            results.append([v["status"] for _f, _q, v in shared.figures(
                sentence, terms(sentence), extract_figures(sentence), [0], [0])])

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert vars(shared).keys() == before.keys()
    assert all(r == ["conflicting"] for r in results)


def figure(text: str):
    [fig] = extract_figures(text)
    return fig


@pytest.mark.parametrize(("text", "expected"), [
    ("$58.1 million", True), ("22.4 percent", True), ("$1.84 billion", True),
    ("$11.87", True), ("$412,600", True),
    ("$500 billion", False), ("5.6 percent", False), ("nearly $100 million", False),
    ("$58 million", False), ("about 22.4 percent", False),
    ("1,234 people", False),  # a count: ``precise``
])
def test_a_precise_amount_is_a_sum_or_share_written_to_three_digits(text, expected):
    assert precise_amount(figure(text)) is expected


@pytest.mark.parametrize(("text", "value", "of", "expected"), [
    ("70% of them", 7, 10, "exact"),
    ("70% of them", 68, 100, "rounded"),  # "70%" is written to the nearest ten
    ("73% of them", 70, 100, None),  # ...but "73%" to the point
    ("20% of them", 16, 100, None),  # to the nearest ten, but a quarter off
    ("two-thirds of the 10", 7, 10, "rounded"),
    ("three-quarters of the 10", 7, 10, "rounded"),
    ("half of the 10", 7, 10, None),  # the nearest half, but 29% off: another claim
    ("eight of the 10", 7, 10, None),  # another count of the same base
    ("seven in ten people", 68, 100, "rounded"),
    ("a third of the 12", 3, 12, None),  # a quarter is not a third
])
def test_shares(text, value, of, expected):
    assert judge(figure(text), value, of) == expected


@pytest.mark.parametrize(("text", "value", "expected"), [
    ("6,947 people", 6947, "exact"),
    ("nearly 7,000 people", 6947, "rounded"),
    ("nearly 7,000 people", 7113, None),  # "nearly" is at most
    ("more than 7,000 people", 7113, "rounded"),
    ("7,000 people", 7113, "rounded"),  # written to the thousand
    ("7,100 people", 7113, "rounded"),
    ("7,150 people", 7113, None),
    ("7,000 people", 6500, "rounded"),  # half a step off, 8% off
    ("150 homicides", 148, "rounded"),
    ("100 homicides", 148, None),  # within half a step, but a third off
    ("20 percent", 16, None),
    ("50 percent", 46, "rounded"),
])
def test_counts(text, value, expected):
    assert judge(figure(text), value, None) == expected


@pytest.mark.parametrize(("text", "value", "expected"), [
    ("more than 2,000 assaults", 2509, "rounded"),  # within one step of the bound's writing
    ("more than 700 assaults", 717, "rounded"),
    ("more than 700 assaults", 2509, None),  # true, but not what "more than 700" tells
    ("more than 3.5 million people", 3_800_000, "rounded"),  # within a fifth of the bound
    ("more than 3.5 million people", 7_000_000, None),
    ("at least 12 calls", 12, "exact"),
    ("at least 12 calls", 30, None),
    ("7,000 or more people", 7113, "rounded"),
    ("7,000 or more people", 9500, None),
    ("fewer than 1,000 people", 12, "rounded"),  # said of a number to say it is small
    ("tens of millions of people", 50_000_000, "rounded"),  # an order of size
    ("thousands of people", 6947, "rounded"),
    ("as many as 700 assaults", 2509, None),  # past an upper bound, as before
])
def test_a_lower_bound_tells_of_a_value_near_it(text, value, expected):
    assert judge(figure(text), value, None) == expected


@pytest.mark.parametrize(("text", "value", "expected"), [
    # A share is relative already: "about" and "nearly" allow a point or so beyond its
    # rounding, not a tenth of it.
    ("about 52 percent", 52.4, "rounded"),
    ("about 53 percent", 52.4, "rounded"),
    ("about 58 percent", 52.4, None),
    ("nearly 47 percent", 46.8, "rounded"),
    ("nearly 47 percent", 43.0, None),
    ("about 60 percent", 56.0, "rounded"),  # as round as ten
    ("about 5.6 percentage points", 5.3, "rounded"),  # small: a tenth of it, as before
    ("about 5.6 percentage points", 4.9, None),
    # a count keeps its tenth
    ("about 58,000 votes", 52_400, "rounded"),
])
def test_a_hedged_share_allows_points_not_a_tenth(text, value, expected):
    assert judge(figure(text), value, None) == expected


@pytest.mark.parametrize(("text", "value", "expected"), [
    # A figure as round as its first digit allows its hedge a little more than a tenth,
    # not a whole step: "roughly 1,000" is no rounding of 1,384, "nearly 2,000" none of
    # 1,384 (1,996 it is).
    ("roughly 1,000 children", 1_384, None),
    ("roughly 1,000 children", 1_080, "rounded"),
    ("nearly 2,000 people", 1_384, None),
    ("nearly 2,000 people", 1_996, "rounded"),
    ("nearly 2,000 people", 1_750, "rounded"),
    ("nearly 100 people", 60, None),
    # rounder written figures keep their step: "about 7,600" for 7,627, "about 7,000"
    ("about 7,600 votes", 7_627, "rounded"),
    ("about 7,000 people", 6_947, "rounded"),
])
def test_a_hedge_reaches_little_beyond_a_tenth(text, value, expected):
    assert judge(figure(text), value, None) == expected


def test_a_lower_bound_on_a_share_stays_open():
    assert judge(figure("at least half of the 10"), 7, 10) == "rounded"
    assert judge(figure("more than 60% of them"), 85, 100) == "rounded"


def test_a_fair_rounding_of_another_groups_value_is_called_that_groups(tmp_path):
    # "more than 900" is not what the 412 released are, and is the 968 held, rounded.
    corpus = curated_release(tmp_path)
    catalog = Catalog(corpus)
    released = catalog.by_id["released-count"]
    for sentence, reason in [
            ("The county released more than 900 inmates held on detainers this year.",
             "other-quantity"),
            ("The county released about 970 inmates held on detainers this year.",
             "other-quantity"),
            ("The county released more than 100 inmates held on detainers this year.",
             "different-value")]:  # far under the 412, and no rounding of the 968
        [(_f, _q, verdict)] = Judge(catalog, lambda _t: 1.0).figures(
            sentence, terms(sentence), extract_figures(sentence), [released], [released])
        assert (verdict["status"], verdict["reason"]) == ("conflicting", reason), sentence


@pytest.mark.parametrize(("text", "step"), [
    ("$6 trillion", 1e12), ("$5.6 trillion", 1e11), ("1.5 million", 1e5), ("$1.2bn", 1e8),
    ("50k", 1e3), ("$500 billion", 1e9), ("20", 1), ("7,000", 1), ("2,000,000", 1),
    ("60 percent", 1),
    ("nearly 7 million", 1),  # a hedge says how round it is: compared as an interval
])
def test_a_source_value_is_as_round_as_written_with_a_scale_word(text, step):
    assert written_step(text) == step


@pytest.mark.parametrize(("claim", "sentence", "reason"), [
    # The checked claim's rounder figure covers the page's more precise one.
    ("We have spent $6 trillion in the Middle East.",
     "We've spent $5.6 trillion in the Middle East.", "rounded"),
    ("The state lost 1.5 million manufacturing jobs since 2000.",
     "The state lost 1.46 million manufacturing jobs since 2000.", "rounded"),
    # ...but not a value beyond the last digit it was written to.
    ("We have spent $6 trillion in the Middle East.",
     "We've spent $6.7 trillion in the Middle East.", "different-value"),
    ("We have spent $6 trillion in the Middle East.",
     "We've spent $7 trillion in the Middle East.", "different-value"),
    # Trailing zeros may be counted, before a scale word too.
    ("Last year we lost $500 billion on trade with China.",
     "Last year we lost $505 billion on trade with China.", "different-value"),
    # A count written in full may mean every zero: 20 does not cover 25, nor 7,000 6,947.
    ("In your only statewide race, you lost by 20 points.",
     "In your only statewide race, you lost by 25 points.", "different-value"),
    ("Wisconsin lost 7,000 manufacturing jobs last year.",
     "Wisconsin lost 6,947 manufacturing jobs last year.", "different-value"),
])
def test_a_source_written_rounder_covers_a_more_precise_figure(claim, sentence, reason):
    [verdict] = verdicts(uncurated(claim), sentence)
    assert verdict["reason"] == reason
    assert verdict["status"] == ("consistent" if reason == "rounded" else "conflicting")
    if reason == "rounded":  # told the right way round
        assert verdict["explanation"].startswith(f"“{verdict['text']}” rounds to the checked")


def test_a_figure_of_an_uncurated_claim_counting_its_noun_twice_is_judged_only_when_clear():
    corpus = uncurated("Black women make only around 63 cents while Native American women "
                       "earn 58 cents for every dollar.")
    sentence = "Black women, 61 cents, Native American women, 58 cents, Latinos, 53 cents."
    found = {v["text"]: v["status"] for v in verdicts(corpus, sentence)}
    # 58 agrees with one of the claim's figures; 53 could be either and agrees with none.
    assert found.get("58") == "consistent"
    assert "53" not in found


@pytest.mark.parametrize(("sentence", "found"), [
    # The figure that agrees is the claim's; the other counts another time.
    ("When you came into office, 32 million people were on food stamps; today 47 million "
     "people are on food stamps.", [("47 million", "consistent")]),
    # Neither agrees: which one the claim speaks of is not clear.
    ("When you came into office, 32 million people were on food stamps; today 52 million "
     "people are on food stamps.", []),
    # The same value said twice is the same figure.
    ("Today 52 million people are on food stamps, 52 million people on food stamps.",
     [("52 million", "conflicting"), ("52 million", "conflicting")]),
])
def test_an_uncurated_claims_figure_is_one_of_the_sentences_figures(sentence, found):
    corpus = uncurated("The U.S. has 47 million people on food stamps.")
    assert [(v["text"], v["status"]) for v in verdicts(corpus, sentence)] == found


def test_a_fact_checks_own_figure_is_called_the_checked_claims_with_its_rating():
    corpus = uncurated("In your only statewide race, you lost by 20 points.")
    corpus.claims[0]["rating"] = "false"
    [same] = verdicts(corpus, "In your only statewide race you lost by 20 points.")
    assert same["status"] == "consistent"
    assert same["explanation"] == "Repeats the checked claim's 20 (A fact-checker; rated “false”)."
    [other] = verdicts(corpus, "In your only statewide race, you lost by 25 points.")
    assert other["explanation"].startswith("The checked claim says 20 (A fact-checker; rated")
    # A source's own count keeps its wording.
    corpus.sources["checks"]["kind"] = "news"
    [news] = verdicts(corpus, "In your only statewide race you lost by 20 points.")
    assert news["explanation"] == "Matches the 20 reported by A fact-checker."


def test_a_claim_in_another_language_gets_no_figures_to_be_judged_against():
    """"2.000" is two thousand in German: the reader knows English separators only, so a
    German fact check's figures are not read at all rather than read as 2.0."""
    corpus = uncurated("Über 2.000 Menschen wurden abgeschoben.")
    corpus.claims[0]["language"] = "de"
    assert Catalog(corpus).claims[0].quantity_ids == []
    assert verdicts(corpus, "Über 2.500 Menschen wurden abgeschoben.") == []


def imported(tmp_path, doc: dict[str, Any]) -> Corpus:
    """A claims file's corpus, as a database it is imported into gives it."""
    store = open_store(str(tmp_path / "claims.db"))
    store.import_document(doc)
    try:
        return store.load_corpus()
    finally:
        store.close()


def curated_release(tmp_path, counts: tuple[int, int] = (412, 968)) -> Corpus:
    """One agency release giving two groups' counts (released, held), each its own claim."""
    released = f"The county released {counts[0]:,} inmates held on detainers this year."
    held = f"The county holds {counts[1]:,} inmates with active detainers."
    doc = {
        "format": "recount-claims/1", "name": "one release, two groups",
        "sources": [{"id": "release", "publisher": "County Sheriff", "title": None,
                     "url": None, "published": "2026-03-01", "kind": "primary"}],
        "quantities": [
            {"id": "released", "description": "Inmates with detainers the county released "
             "this year.", "noun": "inmates", "unit": "count", "group": "released"},
            {"id": "held", "description": "Inmates with active detainers the county holds.",
             "noun": "inmates", "unit": "count", "group": "held"}],
        "claims": [
            {"id": "released-count", "text": released,
             "quotes": [{"source": "release", "text": released}],
             "figures": [quoted_figure(released, f"{counts[0]:,}", "released", "release",
                                       counts[0], unit="count", noun="inmates")]},
            {"id": "held-count", "text": held, "quotes": [{"source": "release", "text": held}],
             "figures": [quoted_figure(held, f"{counts[1]:,}", "held", "release", counts[1],
                                       unit="count", noun="inmates")]}],
    }
    return imported(tmp_path, doc)


def test_a_figure_of_another_group_in_the_same_release_is_called_so(tmp_path):
    # Only the released people's claim is a candidate; the figure is the held people's count,
    # which the same release gives.
    corpus = curated_release(tmp_path)
    catalog = Catalog(corpus)
    sentence = "The county released 968 inmates held on detainers this year."
    released = catalog.by_id["released-count"]
    [(_f, _q, verdict)] = Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), [released], [released])
    assert (verdict["status"], verdict["reason"]) == ("conflicting", "other-quantity")
    assert {k["claim_id"] for k in verdict["known"] if k["role"] == "value-owner"} == {
        "held-count"}


@pytest.mark.parametrize(("sentence", "status", "reason"), [
    # A hedge on a count written to the unit does not make another group's count a
    # rounding of this one's: "about 1,262" is the held people's figure.
    ("The county released about 1,262 inmates held on detainers this year.",
     "conflicting", "other-quantity"),
    ("The county released nearly 1,262 inmates held on detainers this year.",
     "conflicting", "other-quantity"),
    # A round figure may be either group's; one written to the unit that no other source
    # gave is a hedged value of this group's.
    ("The county released about 1,250 inmates held on detainers this year.",
     "consistent", "rounded"),
    ("The county released about 1,207 inmates held on detainers this year.",
     "consistent", "rounded"),
    ("The county released 1,204 inmates held on detainers this year.", "consistent", "exact"),
])
def test_a_hedged_count_written_to_the_unit_is_the_group_whose_value_it_is(
        tmp_path, sentence, status, reason):
    catalog = Catalog(curated_release(tmp_path, (1_204, 1_262)))
    released = catalog.by_id["released-count"]
    [(_f, _q, verdict)] = Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), [released], [released])
    assert (verdict["status"], verdict["reason"]) == (status, reason), sentence


def curated_shares(tmp_path) -> Corpus:
    """One utility's report giving two towns' shares of customers who lost power."""
    quantities, claims = [], []
    for town, share in (("Ashby", 38.6), ("Bramwell", 61.3)):
        text = f"In {town}, {share} percent of the utility's customers lost power."
        quantities.append({"id": f"{town}-share", "group": town.lower(),
                           "description": f"Share of the utility's customers in {town} who "
                           "lost power in the storm.", "noun": "customers", "unit": "percent"})
        claims.append({"id": f"{town}-outage", "text": text,
                       "quotes": [{"source": "utility", "text": text}],
                       "figures": [quoted_figure(text, f"{share} percent", f"{town}-share",
                                                 "utility", share, unit="percent")]})
    return imported(tmp_path, {
        "format": "recount-claims/1", "name": "one report, two towns' shares",
        "sources": [{"id": "utility", "publisher": "Utility", "title": None, "url": None,
                     "published": "2026-03-01", "kind": "primary"}],
        "quantities": quantities, "claims": claims})


@pytest.mark.parametrize(("sentence", "status", "reason"), [
    # A share said as a fraction or as "N in M" is compared with a percentage.
    ("Two in five of the utility's customers in Ashby lost power.", "consistent", "rounded"),
    ("Nearly two out of five customers in Ashby lost power.", "consistent", "rounded"),
    ("More than a third of the utility's customers in Ashby lost power.",
     "consistent", "rounded"),
    # ...and is the other town's when it rounds its share, not this one's.
    ("Three in five of the utility's customers in Ashby lost power.",
     "conflicting", "other-quantity"),
    ("Nearly two-thirds of the utility's customers in Ashby lost power.",
     "conflicting", "other-quantity"),
    ("Half of the utility's customers in Ashby lost power.", "conflicting", "different-value"),
])
def test_a_share_said_otherwise_is_compared_with_a_percentage(tmp_path, sentence, status,
                                                              reason):
    catalog = Catalog(curated_shares(tmp_path))
    ashby = catalog.by_id["Ashby-outage"]
    [(_f, _q, verdict)] = Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), [ashby], [ashby])
    assert (verdict["status"], verdict["reason"]) == (status, reason), sentence


@pytest.mark.parametrize(("sentence", "reason"), [
    ("Nearly 40 percent of Ashby's customers lost power in the storm.", "rounded"),
    ("Nearly 40 percent of the utility's Ashby customers lost power.", "rounded"),
    # A percentage of something none of the quantity's words name is not its figure...
    ("Nearly 40 percent of Ashby's schools closed in the storm.", None),
    # ...unless the sentence names its noun elsewhere
    ("Nearly 40 percent of Ashby's households, the utility's customers, lost power.",
     "rounded"),
])
def test_a_percentage_of_another_thing_is_not_the_quantitys(tmp_path, sentence, reason):
    catalog = Catalog(curated_shares(tmp_path))
    ashby = catalog.by_id["Ashby-outage"]
    verdicts = Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), [ashby], [ashby])
    assert [v["reason"] for _f, _q, v in verdicts] == ([reason] if reason else [])


def test_a_sentence_of_other_things_is_told_apart(tmp_path):
    catalog = Catalog(curated_shares(tmp_path))
    judge = Judge(catalog, lambda _t: 1.0)
    ashby = catalog.by_id["Ashby-outage"]
    for sentence, other in [("Nearly 40 percent of Ashby's schools closed in the storm.", True),
                            ("Nearly 40 percent of Ashby's customers lost power.", False),
                            # a figure that names nothing may be anything
                            ("Nearly 40 percent of Ashby's schools closed, and 12 percent "
                             "more.", False)]:
        assert judge.of_other_things(sentence, extract_figures(sentence), ashby) is other


def two_airlines(tmp_path) -> Corpus:
    """Two airlines' flights canceled in one disruption and their shares of flights on
    time, each airline its own group with cues, each figure its own claim."""
    quantities, claims = [], []
    for name, short, cues, count, share in (
            ("Ashby Air", "Ashby", ["the network carrier"], 3_412, 52.4),
            ("Bramwell Airlines", "Bramwell", ["the budget carrier"], 1_287, 37.9)):
        text = f"{name} canceled {count:,} flights during the storm."
        qid = f"{short.lower()}-canceled"
        quantities.append({"id": qid, "group": short.lower(), "noun": "flights",
                           "description": f"Flights {name} canceled during the storm.",
                           "unit": "count", "cues": [name, short, *cues]})
        claims.append({"id": f"{short.lower()}-claim", "text": text,
                       "quotes": [{"source": "regulator", "text": text}],
                       "figures": [quoted_figure(text, f"{count:,}", qid, "regulator", count,
                                                 unit="count", noun="flights")]})
        text = f"During the storm, {share} percent of {name} flights left on time."
        quantities.append({"id": f"{short.lower()}-on-time", "group": short.lower(),
                           "noun": "flights on time", "aliases": ["on time"],
                           "description": f"Share of {name} flights that left on time during "
                           "the storm.", "unit": "percent"})
        claims.append({"id": f"{short.lower()}-punctuality", "text": text,
                       "quotes": [{"source": "regulator", "text": text}],
                       "figures": [quoted_figure(text, f"{share} percent",
                                                 f"{short.lower()}-on-time", "regulator",
                                                 share, unit="percent")]})
    return imported(tmp_path, {
        "format": "recount-claims/1", "name": "one storm, two airlines",
        "sources": [{"id": "regulator", "publisher": "Regulator", "title": None, "url": None,
                     "published": "2026-03-01", "kind": "primary"}],
        "quantities": quantities, "claims": claims})


@pytest.mark.parametrize(("sentence", "judged"), [
    # A total of both groups is neither's figure...
    ("Between them, the two airlines canceled 4,699 flights during the storm.", {}),
    ("Ashby Air and Bramwell Airlines together canceled 4,699 flights during the storm.",
     {}),
    # ...but a total said of one group is that group's.
    ("In all, Bramwell canceled 1,287 flights during the storm.", {"1,287": "exact"}),
    ("In all, the budget carrier canceled 3,412 flights during the storm.",
     {"3,412": "other-quantity"}),
    # The word of a group's name is no noun of what it is: "the two airlines" counts no
    # flights of "Bramwell Airlines".
    ("The two airlines canceled 1,287 flights at Bramwell, the regulator said.",
     {"1,287": "exact"}),
])
def test_a_total_of_several_groups_is_no_one_groups_figure(tmp_path, sentence, judged):
    catalog = Catalog(two_airlines(tmp_path))
    claims = [catalog.by_id["ashby-claim"], catalog.by_id["bramwell-claim"]]
    verdicts = Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), claims, claims)
    assert {f.text: v["reason"] for f, _q, v in verdicts} == judged


@pytest.mark.parametrize(("sentence", "found"), [
    # A name just after a figure with "at", "in" or "of" says whose it is before the words
    # leading up to it ("at Bramwell and" leads up to the second figure).
    ("On-time rates fell to 52.4 percent at Bramwell and 37.9 percent at Ashby.",
     {"52.4 percent": ("bramwell-on-time", "other-quantity"),
      "37.9 percent": ("ashby-on-time", "other-quantity")}),
    ("On-time rates fell to 52.4 percent in Ashby and 37.9 percent in Bramwell.",
     {"52.4 percent": ("ashby-on-time", "exact"),
      "37.9 percent": ("bramwell-on-time", "exact")}),
    # ...or "of" ("37.9 percent of Bramwell's", its noun left out)
    ("Fewer flights left on time: 52.4 percent of Ashby's and 37.9 percent of Bramwell's.",
     {"52.4 percent": ("ashby-on-time", "exact"),
      "37.9 percent": ("bramwell-on-time", "exact")}),
])
def test_a_name_just_after_a_figure_says_whose_it_is(tmp_path, sentence, found):
    assert airlines_read(tmp_path, sentence, "punctuality") == found


@pytest.mark.parametrize(("sentence", "found"), [
    # ...after the few words that say more of what the figure counts
    ("The regulator counted 3,412 flights canceled during the storm at Bramwell and 1,287 "
     "at Ashby.", {"3,412": ("bramwell-canceled", "other-quantity"),
                   "1,287": ("ashby-canceled", "other-quantity")}),
    # ...but not past a comparison: "more than at Bramwell" is not whose it is
    ("Ashby Air canceled 3,412 flights, far more than at Bramwell.",
     {"3,412": ("ashby-canceled", "exact")}),
])
def test_a_name_after_a_figures_words_says_whose_it_is(tmp_path, sentence, found):
    assert airlines_read(tmp_path, sentence, "claim") == found


def airlines_read(tmp_path, sentence: str, kind: str) -> dict[str, tuple[str, str]]:
    """Each figure's quantity and reason, the sentence matched to both airlines' claims
    of ``kind`` ("claim": cancellations; "punctuality")."""
    catalog = Catalog(two_airlines(tmp_path))
    claims = [catalog.by_id[f"ashby-{kind}"], catalog.by_id[f"bramwell-{kind}"]]
    verdicts = Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), claims, claims)
    return {f.text: (q.id, v["reason"]) for f, q, v in verdicts}


def test_a_precise_share_of_a_matched_claims_group_is_read_as_its_quantity(tmp_path):
    # Only the cancellations matched; "52.4%" is exactly the same airline's other figure.
    catalog = Catalog(two_airlines(tmp_path))
    sentence = "Ashby Air, storm week: 3,412 flights canceled. 52.4% on time."
    claim = catalog.by_id["ashby-claim"]
    verdicts = Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), [claim], [claim])
    assert {f.text: (q.id, v["reason"]) for f, q, v in verdicts} == {
        "3,412": ("ashby-canceled", "exact"), "52.4%": ("ashby-on-time", "exact")}


@pytest.mark.parametrize(("claim", "sentence", "judged"), [
    # The rest of the whole, said of those who do not: no contradiction, no verdict.
    ("Seven of the 10 safest cities in the country cooperate with the police.",
     "Only three of the 10 safest cities in the country refuse to cooperate with the police.",
     []),
    ("Sixty percent of voters in the county support the levy.",
     "Forty percent of voters in the county do not support the levy.", []),
    ("Only 10 percent of voters in the county do not support the levy.",
     "Ninety percent of voters in the county support the levy.", []),
    # Another share, denied or not, still disagrees.
    ("Sixty percent of voters in the county support the levy.",
     "Thirty percent of voters in the county do not support the levy.", ["conflicting"]),
    ("Sixty percent of voters in the county support the levy.",
     "Forty percent of voters in the county support the levy.", ["conflicting"]),
    # The source's own words deny too: the figures are of one thing.
    ("Forty percent of voters in the county do not support the levy.",
     "Sixty percent of voters in the county do not support the levy.", ["conflicting"]),
])
def test_a_share_denied_may_be_the_rest_of_the_whole(claim, sentence, judged):
    assert [v["status"] for v in verdicts(uncurated(claim), sentence)] == judged


def lead_samples(tmp_path) -> Corpus:
    """A town's share of tap samples over the lead action level, said by one source as
    "above the action level" and by another as "failed"."""
    report = "In Harwick, 31.8 percent of tap samples were above the lead action level."
    paper = "In Harwick, more than 30 percent of tap samples failed."
    return imported(tmp_path, {
        "format": "recount-claims/1", "name": "one town's lead samples",
        "sources": [{"id": "report", "publisher": "Health Agency", "title": None, "url": None,
                     "published": "2028-10-03", "kind": "primary"},
                    {"id": "paper", "publisher": "Harwick Herald", "title": None, "url": None,
                     "published": "2028-10-05", "kind": "news"}],
        "quantities": [{"id": "harwick-samples", "group": "harwick", "unit": "percent",
                        "noun": "tap samples", "aliases": ["samples", "failed"],
                        "description": "Share of Harwick's tap samples above the lead "
                        "action level."}],
        "claims": [{"id": "harwick-lead", "text": report,
                    "quotes": [{"source": "report", "text": report},
                               {"source": "paper", "text": paper}],
                    "figures": [quoted_figure(report, "31.8 percent", "harwick-samples",
                                              "report", 31.8, unit="percent"),
                                quoted_figure(paper, "more than 30 percent",
                                              "harwick-samples", "paper", 30, unit="percent",
                                              hedge="more than", low=30, high=None)]}]})


@pytest.mark.parametrize(("sentence", "judged"), [
    # One source says the share with a word that denies ("failed"), the other without:
    # the denial does not tell the share from its rest, so another share disagrees.
    ("More than half of Harwick's tap samples were above the lead action level.",
     [("conflicting", "different-value")]),
    ("Nearly a third of Harwick's tap samples failed.", [("consistent", "rounded")]),
])
def test_a_share_the_sources_say_two_ways_is_not_read_as_its_rest(tmp_path, sentence, judged):
    catalog = Catalog(lead_samples(tmp_path))
    claim = catalog.by_id["harwick-lead"]
    verdicts = Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), [claim], [claim])
    assert [(v["status"], v["reason"]) for _f, _q, v in verdicts] == judged


def one_persons_arrests(tmp_path) -> Catalog:
    """One source's two counts of one man's arrests, of two years, in one group."""
    before = "He was arrested and released twice in 2024."
    later = "He was arrested on January 30, 2026, after three arrests earlier that month."
    doc = {
        "format": "recount-claims/1", "name": "one man's arrests",
        "sources": [{"id": "police", "publisher": "City Police", "title": None, "url": None,
                     "published": "2026-02-01", "kind": "primary"}],
        "quantities": [
            {"id": "arrests-2024", "description": "Number of times he was arrested and "
             "released in 2024.", "noun": "times", "unit": "count", "group": "him"},
            {"id": "arrests-2026-01", "description": "Number of his arrests in January 2026 "
             "before January 30.", "noun": "arrests", "unit": "count", "group": "him"}],
        "claims": [
            {"id": "before", "text": before, "quotes": [{"source": "police", "text": before}],
             "figures": [quoted_figure(before, "twice", "arrests-2024", "police", 2)]},
            {"id": "later", "text": later, "quotes": [{"source": "police", "text": later}],
             "figures": [quoted_figure(later, "three", "arrests-2026-01", "police", 3)]}],
    }
    return Catalog(imported(tmp_path, doc))


@pytest.mark.parametrize(("sentence", "quantity", "status"), [
    # "four times" names no counted thing: the year the sentence names says which count
    # it is, before the noun "times" of one of them does.
    ("He was arrested four times in January 2026.", "arrests-2026-01", "conflicting"),
    ("He was arrested three times in January 2026.", "arrests-2026-01", "consistent"),
    ("He was arrested four times in 2024.", "arrests-2024", "conflicting"),
    ("He was arrested twice in 2024.", "arrests-2024", "consistent"),
])
def test_the_year_a_sentence_names_picks_the_count_of_that_year(tmp_path, sentence, quantity,
                                                                 status):
    catalog = one_persons_arrests(tmp_path)
    both = [catalog.by_id["before"], catalog.by_id["later"]]
    [(_f, q, verdict)] = Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), both, both)
    assert (q.id, verdict["status"]) == (quantity, status), sentence


@pytest.mark.parametrize(("claim", "sentence", "reason", "shown"), [
    # The same hedge on the same value is the same figure, not a rounding of it.
    ("The agency has more than 15 field offices.", "The agency has more than 15 field offices.",
     "exact", "“more than 15”"),
    ("The agency has nearly 7,000 staff.", "The agency has nearly 7,000 staff.", "exact",
     "“nearly 7,000”"),
    ("The agency has more than 15 field offices.", "The agency has 16 field offices.",
     "rounded", "“more than 15”"),
])
def test_a_hedged_value_is_shown_as_written(claim, sentence, reason, shown):
    [verdict] = verdicts(uncurated(claim), sentence)
    assert (verdict["status"], verdict["reason"]) == ("consistent", reason)
    assert shown in verdict["explanation"]


def test_an_unnamed_publisher_is_called_what_it_is():
    corpus = uncurated("The city hired 300 police officers in 2019.")
    corpus.sources["checks"].update(publisher="unnamed news site", kind="news")
    [verdict] = verdicts(corpus, "The city hired 300 police officers in 2019.")
    assert "a news site (name not recorded)" in verdict["explanation"]
    assert "unnamed" not in verdict["explanation"] + verdict["detail"]


@pytest.mark.parametrize(("sentence", "status"), [
    ("The city spent €3 billion on the new stadium in 2024.", None),
    ("The city spent £3 billion on the new stadium in 2024.", None),
    ("The city spent 3 billion dollars on the new stadium in 2024.", "consistent"),
    ("The city spent $4 billion on the new stadium in 2024.", "conflicting"),
])
def test_a_sum_in_another_currency_is_not_compared(sentence, status):
    found = verdicts(uncurated("The city spent $3 billion on the new stadium in 2024."),
                     sentence)
    assert [v["status"] for v in found] == ([status] if status else [])


@pytest.mark.parametrize(("sentence", "status"), [
    ("The Acme Fund returned -3.5% to investors in 2023.", "consistent"),
    ("The Acme Fund returned minus 3.5% to investors in 2023.", "consistent"),
    ("The Acme Fund returned 3.5% to investors in 2023.", "conflicting"),
])
def test_a_value_below_zero_keeps_its_sign(sentence, status):
    found = verdicts(uncurated("The Acme Fund returned -3.5% to investors in 2023."), sentence)
    assert [v["status"] for v in found] == [status]


@pytest.mark.parametrize(("claim", "sentence", "shown"), [
    ("Says 60 percent of voters back the plan.", "Says 60% of voters back the plan.",
     "60 percent"),
    ("The city spent $45 million on the stadium.",
     "The city spent 45 million dollars on the stadium.", "$45 million"),
])
def test_the_value_compared_with_is_shown_with_its_unit(claim, sentence, shown):
    [verdict] = verdicts(uncurated(claim), sentence)
    assert f"checked claim's {shown} (" in verdict["explanation"]


@pytest.mark.parametrize(("group", "derived"), [(None, False), ("subpoenas", True)])
def test_a_quantity_is_a_claims_own_figure_only_when_its_file_groups_it_so(tmp_path, group,
                                                                           derived):
    """An editor may give a quantity of no group the id of its one claim; it is still the
    editor's, read with its description, not like a fact check's own figure (a quantity
    whose claims file puts it in a group named after its claim)."""
    text = "ICE served 4 immigration subpoenas on the New York Department of Corrections."
    doc = {
        "format": "recount-claims/1", "name": "one claim",
        "sources": [{"id": "paper", "publisher": "A paper", "title": None, "url": None,
                     "published": "2026-03-01", "kind": "news"}],
        "quantities": [{"id": "subpoenas", "description": "Immigration subpoenas ICE served "
                        "on the New York Department of Corrections.",
                        "noun": "immigration subpoenas", "unit": "count", "group": group}],
        "claims": [{"id": "subpoenas", "text": text,
                    "quotes": [{"source": "paper", "text": text}],
                    "figures": [quoted_figure(text, "4", "subpoenas", "paper", 4,
                                              unit="count", noun="immigration subpoenas")]}],
    }
    corpus = imported(tmp_path, doc)
    assert Catalog(corpus).quantities["subpoenas"].derived is derived
    # Said of the state's department: the editor's quantity is judged; a fact check's
    # figure is not, its claim naming another ("the New York Department").
    found = verdicts(corpus, "ICE served 14 immigration subpoenas on the state Department "
                             "of Corrections.")
    assert [(v["status"], v["reason"]) for v in found] == (
        [] if derived else [("conflicting", "different-value")])


def primary(tmp_path, publisher: str, quantities: list[dict[str, Any]],
            claims: list[dict[str, Any]], published: str = "2026-03-01") -> Catalog:
    """The catalog of a claims file whose one source ("source") is ``publisher``'s own."""
    doc = {"format": "recount-claims/1", "name": publisher,
           "sources": [{"id": "source", "publisher": publisher, "title": None, "url": None,
                        "published": published, "kind": "primary"}],
           "quantities": quantities, "claims": claims}
    return Catalog(imported(tmp_path, doc))


def two_modes(tmp_path) -> Catalog:
    """One agency's counts for its buses and its trains, each group a headcount of
    incidents and its collisions; the descriptions say what each leaves out, the quotes
    call the agency by its initials, which its claims do not, and each claim has a verb
    of its own ("were involved in", "recorded")."""
    return _two_modes(tmp_path, {"bus": ("buses", "light rail", "had"),
                                 "rail": ("light rail", "buses", "had")})


def _two_modes(tmp_path, modes: dict[str, tuple[str, str, str]],
               cues: dict[str, list[str]] | None = None) -> Catalog:
    counts = {"bus": (4_618, 2_047), "rail": (4_382, 312)}
    quantities, claims = [], []
    for mode, (incidents, collisions) in counts.items():
        own, other, verb = modes[mode]
        text = (f"In 2025 the Calder Regional Transit {own} {verb} {incidents:,} safety "
                f"incidents, {collisions:,} of them collisions.")
        quote = f"CRT {own} logged {incidents:,} safety incidents, {collisions:,} collisions."
        quantities += [
            {"id": f"{mode}-incidents", "description": f"Safety incidents of the Calder "
             f"Regional Transit {own} in 2025 ({own} only, not {other}).",
             "noun": "safety incidents", "aliases": ["incidents"], "unit": "count",
             "group": mode, "cues": (cues or {}).get(mode, [])},
            {"id": f"{mode}-collisions", "description": f"Collisions among the safety "
             f"incidents of the Calder Regional Transit {own} in 2025 (not {other}).",
             "noun": "collisions", "unit": "count", "group": mode}]
        claims.append({
            "id": f"{mode}-2025", "text": text, "quotes": [{"source": "source", "text": quote}],
            "figures": [quoted_figure(quote, f"{incidents:,}", f"{mode}-incidents", "source",
                                      incidents),
                        quoted_figure(quote, f"{collisions:,}", f"{mode}-collisions",
                                      "source", collisions)]})
    return primary(tmp_path, "Calder Regional Transit", quantities, claims)


@pytest.mark.parametrize(("sentence", "reason"), [
    # "light rail" is in the buses' description only as what it leaves out: the words
    # name the trains, whose count this is not.
    ("The light-rail system logged 4,618 safety incidents in 2025.", "other-quantity"),
    ("Light-rail trains had 2,047 collisions in 2025.", "other-quantity"),
    ("The buses logged 4,618 safety incidents in 2025.", "exact"),
])
def test_what_a_description_leaves_out_names_another_group(tmp_path, sentence, reason):
    [(_f, _q, verdict)] = judged(two_modes(tmp_path), sentence, "bus-2025", "rail-2025")
    assert verdict["reason"] == reason, sentence


@pytest.mark.parametrize(("sentence", "quantity", "reason"), [
    # the trains' cues, and the buses' claim's verb (half the weight): the cues say whose
    ("Light-rail trains were involved in 2,047 collisions in 2025.", "rail-collisions",
     "other-quantity"),
    ("The buses recorded 312 collisions in 2025.", "bus-collisions", "other-quantity"),
    ("The buses were involved in 2,047 collisions in 2025.", "bus-collisions", "exact"),
])
def test_a_groups_cues_name_it_over_another_claims_wording(tmp_path, sentence, quantity,
                                                          reason):
    catalog = _two_modes(tmp_path, {"bus": ("buses", "light rail", "were involved in"),
                                    "rail": ("light rail", "buses", "recorded")},
                         {"bus": ["buses", "bus"], "rail": ["light rail", "trains"]})
    [(_f, q, verdict)] = judged(catalog, sentence, "bus-2025", "rail-2025")
    assert (q.id, verdict["reason"]) == (quantity, reason), sentence


@pytest.mark.parametrize(("sentence", "found"), [
    # the number the buses' count is compared with counts collisions too, of the trains
    ("The buses had 2,047 collisions in 2025, compared with 213 on the light rail.",
     [("2,047", "bus-collisions", "exact"), ("213", "rail-collisions", "different-value")]),
    ("The buses had 2,047 collisions in 2025, compared with 312 on the light rail.",
     [("2,047", "bus-collisions", "exact"), ("312", "rail-collisions", "exact")]),
    # ...but a count of the year before is of no quantity of 2025
    ("The buses had 2,047 collisions in 2025, up from 312 the year before.",
     [("2,047", "bus-collisions", "exact")]),
])
def test_a_bare_number_compared_with_a_count_is_judged_as_it(tmp_path, sentence, found):
    catalog = _two_modes(tmp_path, {"bus": ("buses", "light rail", "had"),
                                    "rail": ("light rail", "buses", "had")},
                         {"bus": ["buses", "bus"], "rail": ["light rail", "trains"]})
    assert [(f.text, q.id, v["reason"])
            for f, q, v in judged(catalog, sentence, "bus-2025", "rail-2025")] == found


def test_the_story_is_told_in_the_sources_words_too(tmp_path):
    # "CRT" is the sources' word for the agency, not its claims': with a group's word
    # ("buses") it tells whose count the sentence gives; "county" is no word of the story.
    catalog = two_modes(tmp_path)
    judge = Judge(catalog, lambda _t: 1.0)
    for sentence, tells in [("CRT buses had 2,047 collisions in 2025.", True),
                            ("County buses had 2,047 collisions in 2025.", False),
                            # A group's word in the counted noun says whose it is.
                            ("CRT logged 312 light-rail collisions in 2025.", True),
                            ("CRT logged 312 collisions in 2025.", False)]:
        assert judge.tells_whose(sentence, extract_figures(sentence),
                                 catalog.by_id["rail-2025" if "312" in sentence
                                               else "bus-2025"]) is tells, sentence


def test_a_rarer_word_of_the_story_may_be_asked_for(tmp_path):
    # "transit" (2.5 on the salience scale) says a sentence is of the story by default;
    # asked for a rarer word (a sum or share read whatever its value), "Calder" (3.9) does.
    judge = Judge(two_modes(tmp_path), lambda _t: 1.0)
    buses = judge.catalog.by_id["bus-2025"]
    for sentence, default, rarer in [("Transit buses had 2,047 collisions in 2025.", True, False),
                                     ("Calder buses had 2,047 collisions in 2025.", True, True)]:
        figures = extract_figures(sentence)
        assert judge.tells_whose(sentence, figures, buses) is default, sentence
        assert judge.tells_whose(sentence, figures, buses, rare=3.0) is rarer, sentence


def test_a_groups_name_names_the_story(tmp_path):
    # A name an editor gave a group, written as one, is no other story's (where "light
    # rail" is any city's); a place the editors name as one ("the city of Marlow") has
    # bodies of its own.
    catalog = _two_modes(tmp_path, {"bus": ("buses", "light rail", "had"),
                                    "rail": ("light rail", "buses", "had")},
                         {"bus": ["buses"], "rail": ["light rail", "Oxley Line",
                                                     "city of Marlow"]})
    judge = Judge(catalog, lambda _t: 1.0)
    rail = catalog.by_id["rail-2025"]
    for sentence, tells in [("The Oxley Line had 312 collisions in 2025.", True),
                            ("The light rail had 312 collisions in 2025.", False),
                            ("The oxley line had 312 collisions in 2025.", False),
                            ("Marlow's light rail had 312 collisions in 2025.", False)]:
        assert judge.tells_whose(sentence, extract_figures(sentence), rail) is tells, sentence


def test_a_place_whose_figures_a_group_counts_is_its_name(tmp_path):
    # The groups are the counties: the editors name each by its place, whose figures
    # their quantities are ("the wildfires in Ashby County"), and the name says the story
    # as "Oxley Line" does above; "the county" says neither.
    catalog = two_counties(tmp_path, {"ashby": ["Ashby County", "Ashby"],
                                      "wren": ["Wren County", "Wren"]})
    judge = Judge(catalog, lambda _t: 1.0)
    for sentence, claim, tells in [
            ("Ashby County put its cost at $61.2 million.", "ashby-2025", True),
            ("Wren put its cost at $48.3 million.", "wren-2025", True),
            ("The county put its cost at $61.2 million.", "ashby-2025", False)]:
        assert judge.tells_whose(sentence, extract_figures(sentence),
                                 catalog.by_id[claim]) is tells, sentence


def two_budget_years(tmp_path) -> Catalog:
    """A city's police and fire shares of its budget in two years, each year a group (its
    cues "this year's" and "next year's"), one claim each; and a council member's growth
    of police spending since 2020, a share of a change, alone."""
    quantities, claims = [], []
    for year, cue, police, fire in [("2025", "this year's", 22.4, 11.1),
                                    ("2026", "next year's", 23.9, 12.3)]:
        text = (f"The police get {police} percent of the city's {year} budget, the fire "
                f"department {fire} percent.")
        for what, noun, aliases in [("police", "police", ["police spending"]),
                                    ("fire", "fire department", ["fire spending"])]:
            quantities.append({
                "id": f"{what}-{year}", "description": f"Share of the city's budget for fiscal year "
                f"{year} that goes to the {noun}, in percent.", "noun": noun,
                "aliases": [*aliases, "share of the budget"], "unit": "percent",
                "group": year, "cues": [cue] if what == "police" else []})
        claims.append(quoted_claim(f"budget-{year}", text,
                                   (f"{police} percent", f"police-{year}", police, PERCENT),
                                   (f"{fire} percent", f"fire-{year}", fire, PERCENT)))
    text = "Police spending has grown 14.2 percent since 2020, a council member says."
    quantities.append({"id": "police-growth", "description": "Growth of the city's police "
                       "spending from 2020 to 2026, in percent.", "noun": "police spending",
                       "aliases": ["police budget", "spending on police"], "unit": "percent"})
    claims.append(quoted_claim("growth", text, ("14.2 percent", "police-growth", 14.2,
                                                PERCENT)))
    return primary(tmp_path, "The City", quantities, claims)


#: A figure in percent, as a claims file records it.
PERCENT = {"unit": "percent"}


@pytest.mark.parametrize(("sentence", "matched", "found"), [
    # A share without a noun is of what the sentence names that not every reading's
    # quantity is ("police", not "budget"), and no share of a change said as a level: the
    # words then say whose it is, though it is the other year's value.
    ("Police spending makes up 23.9 percent of this year's budget.", "budget-2026",
     [("23.9 percent", "police-2025", "other-quantity")]),
    # ...and the police's growth, not the fire department's share
    ("Police spending has grown 13 percent since 2020.", "growth",
     [("13 percent", "police-growth", "different-value")]),
])
def test_a_share_is_of_what_the_sentence_names_and_a_level_no_change(tmp_path, sentence,
                                                                      matched, found):
    # (every claim matched, the best first)
    others = sorted({"budget-2026", "budget-2025", "growth"} - {matched})
    assert [(f.text, q.id, v["reason"]) for f, q, v in judged(
        two_budget_years(tmp_path), sentence, matched, *others)] == found


def two_candidates(tmp_path) -> Catalog:
    """Two candidates' votes, each a group whose cues are the candidate's name and role,
    and the winner's margin, a stand-alone figure whose claim and description name them
    both."""
    quantities, claims = [], []
    for name, role, votes in [("Ames", "the incumbent", 71_836),
                              ("Brook", "the challenger", 64_209)]:
        group = name.lower()
        text = f"{name} received {votes:,} votes for county executive."
        quantities.append({"id": f"{group}-votes", "description": f"Votes cast for {name} "
                           "for county executive in 2026.", "noun": "votes", "unit": "count",
                           "group": group, "cues": [name, role]})
        claims.append(quoted_claim(group, text, (f"{votes:,}", f"{group}-votes", votes, {})))
    text = "Ames won the race for county executive by 7,627 votes over Brook."
    quantities.append({"id": "margin", "description": "The margin in votes by which Ames, "
                       "the winner, led Brook for county executive in 2026.", "noun": "votes",
                       "aliases": ["won by", "margin"], "unit": "count"})
    claims.append(quoted_claim("margin", text, ("7,627", "margin", 7_627, {})))
    return primary(tmp_path, "Board of Elections", quantities, claims)


def test_a_group_an_editor_gave_cues_is_curated_though_named_after_its_claim(tmp_path):
    # ("ames" is the claim and the group: as a fact-check import names a claim's own
    # figures, which it never gives cues.)
    catalog = two_candidates(tmp_path)
    assert not any(catalog.quantities[q].derived for q in ("ames-votes", "brook-votes"))


@pytest.mark.parametrize(("sentence", "found"), [
    # A group's name is its own, though the margin's claim and description name it too,
    # and it says whose a figure is before the margin's words do: the other candidate's
    # count, said of this one.
    ("Ames, the race's winner, won 64,209 votes.",
     [("64,209", "ames-votes", "other-quantity")]),
    ("Ames, the race's winner, won nearly 72,000 votes.",
     [("nearly 72,000", "ames-votes", "rounded")]),
    # What the margin is called, said before the figure, says it is the margin.
    ("Ames won by about 7,600 votes.", [("about 7,600", "margin", "rounded")]),
    # A score told with "to": the bare number counts votes too, the other candidate's.
    ("Ames finished with 64,209 votes to Brook's 71,836.",
     [("64,209", "ames-votes", "other-quantity"), ("71,836", "brook-votes", "other-quantity")]),
    ("Ames finished with 71,836 votes to Brook's 64,209.",
     [("71,836", "ames-votes", "exact"), ("64,209", "brook-votes", "exact")]),
    # A name just after the figure, with "for", says whose it is first.
    ("Roughly 72,000 votes for Ames, about 64,000 for Brook.",
     [("Roughly 72,000", "ames-votes", "rounded"), ("about 64,000", "brook-votes", "rounded")]),
])
def test_a_name_and_what_a_figure_is_called_say_which_it_is(tmp_path, sentence, found):
    catalog = two_candidates(tmp_path)
    assert [(f.text, q.id, v["reason"])
            for f, q, v in judged(catalog, sentence, "ames", "brook", "margin")] == found


def test_a_count_of_the_times_a_deed_was_done_is_a_count_of_that_deed(tmp_path):
    # The description names the deed after "times"; the sentence, before it.
    catalog = one_persons_arrests(tmp_path)
    assert "arrest" in catalog.quantities["arrests-2024"].heads
    [(_f, q, _v)] = judged(catalog, "He was arrested twice in 2024.", "before", "later")
    assert q.id == "arrests-2024"


def one_claim(tmp_path, text: str, written: str, value: float, quantity: dict[str, Any],
              **figure: Any) -> Catalog:
    """One primary source's claim ("claim") of one figure of one curated quantity."""
    return primary(tmp_path, "The Agency", [quantity], [
        {"id": "claim", "text": text, "quotes": [{"source": "source", "text": text}],
         "figures": [quoted_figure(text, written, quantity["id"], "source", value, **figure)]}])


@pytest.mark.parametrize(("sentence", "reason"), [
    ("The median wait was 3 hours and 7 minutes.", "exact"),
    ("The median wait was about 3 hours.", "rounded"),
    ("The median wait was 3 hours and 47 minutes.", "different-value"),
])
def test_a_duration_in_two_units_is_compared_in_the_quantitys(tmp_path, sentence, reason):
    [(_f, q, verdict)] = median_wait_verdicts(tmp_path, sentence)
    assert (q.id, verdict["reason"]) == ("wait", reason)


def median_wait_verdicts(tmp_path, sentence: str) -> list[tuple[Any, Any, Any]]:
    """The figures' quantities and verdicts of a sentence that matched one claim of a
    hospital's median emergency wait, a duration in minutes."""
    text = "The hospital's median emergency wait in 2025 was 187 minutes."
    catalog = one_claim(tmp_path, text, "187", 187,
                        {"id": "wait", "description": "Median wait in the hospital's "
                         "emergency department in 2025, in minutes.", "noun": "minutes",
                         "aliases": ["median wait"], "unit": "duration", "group": "wait"})
    return Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), [0], [0])


@pytest.mark.parametrize(("sentence", "reasons"), [
    ("The median wait was 4 hours.", ["different-value"]),
    # a duration, whose noun is only its unit, in a sentence saying nothing of the wait
    ("The hospital moved 412 patients out in 4 hours.", []),
])
def test_a_duration_is_compared_only_when_said_of_what_it_times(tmp_path, sentence, reasons):
    found = median_wait_verdicts(tmp_path, sentence)
    assert [verdict["reason"] for _f, _q, verdict in found] == reasons


def test_a_noun_an_editor_goes_on_about_is_counted_by_its_head(tmp_path):
    # "assaults on drivers" counts assaults, which "assaulted 173 times" and "173 assaults"
    # count; "173 drivers" still names it by its last word, as any noun phrase.
    text = "Drivers were assaulted 173 times in 2025, the agency said."
    catalog = one_claim(tmp_path, text, "173", 173,
                        {"id": "assaults", "description": "Assaults on the agency's bus "
                         "drivers in 2025.", "noun": "assaults on drivers", "unit": "count",
                         "group": "drivers"})
    assert {"assault", "driver"} <= catalog.quantities["assaults"].heads
    judge = Judge(catalog, lambda _t: 1.0)
    for sentence in ["The agency's drivers were assaulted 173 times in 2025.",
                     "The agency counted 173 assaults on its drivers in 2025."]:
        [(_f, q, verdict)] = judge.figures(sentence, terms(sentence), extract_figures(sentence),
                                           [0], [0])
        assert (q.id, verdict["reason"]) == ("assaults", "exact"), sentence


def two_years(tmp_path, *, dated: bool = False, by_period: bool = False) -> Catalog:
    """A city's teachers this year and next, told apart by cues of several words whose
    every word that says something is shared ("this year's", "next year's"); ``dated``
    says in each description on which day its budget was adopted or proposed, and with
    ``by_period`` the year is the period's, not the description's."""
    quantities, claims = [], []
    for year, count, when, state, day in [
            ("2025", 11_208, "this year", "adopted", "2024-12-10"),
            ("2026", 11_530, "next year", "proposed", "2025-10-14")]:
        text = f"The city budget{'' if by_period else f' for {year}'} pays for {count:,} teachers."
        budget = "this budget" if by_period else f"the city budget for fiscal year {year}"
        quantities.append({"id": f"teachers-{year}", "description": f"Teachers {budget} "
                           f"pays for{f', {state} on {day}' if dated else ''}.",
                           "noun": "teachers", "unit": "count", "group": year,
                           "cues": [f"{when}'s", when, state],
                           "period": f"{year}-01-01/{year}-12-31 ({state} {day})"})
        claims.append({"id": f"budget-{year}", "text": text,
                       "quotes": [{"source": "source", "text": text}],
                       "figures": [quoted_figure(text, f"{count:,}", f"teachers-{year}", "source",
                                                 count)]})
    return primary(tmp_path, "City of Larkfield", quantities, claims)


@pytest.mark.parametrize(("sentence", "quantity", "reason"), [
    ("Next year's budget pays for 11,208 teachers.", "teachers-2026", "other-quantity"),
    ("This year's budget pays for 11,208 teachers.", "teachers-2025", "exact"),
    ("Next year’s budget pays for 11,530 teachers.", "teachers-2026", "exact"),
])
def test_a_cue_of_several_words_is_read_as_written(tmp_path, sentence, quantity, reason):
    [(_f, q, verdict)] = judged(two_years(tmp_path), sentence, "budget-2025", "budget-2026")
    assert (q.id, verdict["reason"]) == (quantity, reason), sentence


@pytest.mark.parametrize("by_period", [False, True])
def test_the_day_an_editor_dates_a_quantity_by_is_not_its_year(tmp_path, by_period):
    # Adopted on a day of 2024, the 2025 budget counts 2025's teachers: a sentence of
    # 2024 gives another year's count, no conflict with this one. The year is the
    # description's, or the period's.
    catalog = two_years(tmp_path, dated=True, by_period=by_period)
    years = ("budget-2025", "budget-2026")
    assert judged(catalog, "In 2024 the adopted budget paid for 10,950 teachers.", *years) == []
    [(_f, q, verdict)] = judged(catalog, "In 2025 the adopted budget paid for 10,950 teachers.",
                                *years)
    assert (q.id, verdict["status"]) == ("teachers-2025", "conflicting")


@pytest.mark.parametrize(("sentence", "found"), [
    # the year said with the first figure is not its baseline's
    ("The budget pays for 11,530 teachers in 2026, up from 11,208 this year.",
     [("11,530", "teachers-2026", "exact"), ("11,208", "teachers-2025", "exact")]),
    ("The budget pays for 11,530 teachers in 2026, compared with 11,208 this year.",
     [("11,530", "teachers-2026", "exact"), ("11,208", "teachers-2025", "exact")]),
    # ...and one said with the baseline is
    ("The budget pays for 11,530 teachers, up from 11,208 in 2024.",
     [("11,530", "teachers-2026", "exact")]),
    # without a baseline, the sentence's year is every figure's
    ("In 2026 the budget pays for 11,530 teachers and 11,208 aides.",
     [("11,530", "teachers-2026", "exact")]),
])
def test_a_comparisons_baseline_is_not_of_the_year_said_before_it(tmp_path, sentence, found):
    catalog = two_years(tmp_path)
    assert [(f.text, q.id, v["reason"])
            for f, q, v in judged(catalog, sentence, "budget-2025", "budget-2026")] == found


@pytest.mark.parametrize(("text", "years"), [
    ("$58.1 million in 2026, down from $64.8 million in the current budget",
     [{"2026"}, set()]),
    ("$58.1 million in 2026, down from $64.8 million in 2025", [{"2026"}, {"2025"}]),
    ("In 2026, $58.1 million and $64.8 million", [{"2026"}, {"2026"}]),
    ("In 2026, more than $58.1 million", [{"2026"}]),  # a hedge, not a baseline
    ("$58.1 million, down from $64.8 million", [set(), set()]),
    # a baseline a year before the others
    ("1,247 wildfires in 2025, up from 863 the year before", [{"2025"}, {"2024"}]),
    ("In 2026 $58.1 million, down from $64.8 million the previous year",
     [{"2026"}, {"2025"}]),
    ("$58.1 million, down from $64.8 million a year earlier", [set(), set()]),
])
def test_the_years_each_figure_is_said_of(text, years):
    assert figure_years(text, extract_figures(text)) == years


@pytest.mark.parametrize(("text", "months"), [
    ("Seven people were killed in a pileup in Dunmarsh County in January.", {1}),
    ("In the June primary, she took 83 percent.", {6}),
    ("since Jan. 20, 6,947 released; by Sept. 4 more", {1, 9}),
    ("since Jan 20, 6,947 released; by Sep 4 more", {1, 9}),
    # an abbreviation without its dot is a month only with a day after it
    ("Dec and Jan, who live on Oct Street", set()),
    ("The report of 2027-04-30, out on April 30", {4}),
    ("In May, 5 more; by mid-March, 3", {5, 3}),
    # "may" and "march", the words, even capitalized
    ("May I say they march on? March on!", set()),
])
def test_the_months_a_text_names(text, months):
    assert months_named(text) == months


def test_the_months_dates_span():
    assert months_between(["2027-04-22", "2027-05-11", None, ""]) == {4, 5}
    assert months_between(["2024-12-10", "2025-02-01"]) == {12, 1, 2}
    assert months_between(["2020-01-01", "2026-01-01"]) == set(range(1, 13))
    assert months_between([]) == set()


@pytest.mark.parametrize(("sentence", "found"), [
    ("Seven people died in the flood in April.", [("Seven", "deaths", "exact")]),
    ("Nine people died in the flood, the governor said in May.",
     [("Nine", "deaths", "different-value")]),
    # another month than the flood's and its reports': another event
    ("Seven people were killed in a pileup on Route 9 in January.", []),
    # ...but a month of another clause is not the figure's
    ("Seven people died in the flood, and the river rose again in January.",
     [("Seven", "deaths", "exact")]),
])
def test_a_figure_of_another_month_is_not_the_quantitys(tmp_path, sentence, found):
    text = "The Quill River flood of April 2027 killed seven people, the state reported."
    catalog = primary(tmp_path, "The State", [{
        "id": "deaths", "description": "People killed in the Quill River flood of April "
        "2027.", "noun": "people", "aliases": ["died", "killed", "deaths"],
        "unit": "count"}], [quoted_claim("claim", text, ("seven", "deaths", 7, {}))],
        published="2027-05-02")
    assert [(f.text, q.id, v["reason"])
            for f, q, v in judged(catalog, sentence, "claim")] == found


def one_flood(tmp_path) -> Catalog:
    """Two counties' residents evacuated in one flood, each county a group named by its
    place, and the flood's toll, a stand-alone claim of two quantities that count people
    too: those who died and those in shelters at the peak, told apart by what they did."""
    quantities, claims = [], []
    for county, other, evacuated in [("Ashby", "Wren", 9_420), ("Wren", "Ashby", 4_785)]:
        group = county.lower()
        text = f"The Quill River flood of April 2027 forced {evacuated:,} residents of {county} " \
               "County from their homes."
        quantities.append({"id": f"{group}-evacuated", "description": f"Residents of {county} "
                           f"County evacuated in the Quill River flood of April 2027 ({county} "
                           f"County only, not {other} County).", "noun": "residents",
                           "aliases": ["people", "evacuated", "evacuees"], "unit": "count",
                           "group": group, "cues": [f"{county} County", county]})
        claims.append(quoted_claim(f"{group}-2027", text,
                                   (f"{evacuated:,}", f"{group}-evacuated", evacuated, {})))
    text = ("The Quill River flood of April 2027 killed seven people, and 3,164 people were "
            "staying in shelters at its peak.")
    quantities += [
        {"id": "deaths", "description": "People killed in the Quill River flood of April 2027.",
         "noun": "people died", "aliases": ["died", "killed", "deaths"], "unit": "count"},
        {"id": "sheltered", "description": "People staying in shelters at the peak of the "
         "Quill River flood of April 2027.", "noun": "people",
         "aliases": ["staying in shelters", "sleeping in shelters", "in shelters"],
         "unit": "count"}]
    claims.append(quoted_claim("toll", text, ("seven", "deaths", 7, {}),
                               ("3,164", "sheltered", 3_164, {})))
    return primary(tmp_path, "The State", quantities, claims, published="2027-05-02")


def test_a_stand_alone_quantitys_own_nouns_say_whose_a_figure_is(tmp_path):
    # "sleeping" is only the sheltered people's word (an alias): with "flood", a word of
    # the story, the sentence tells whose its 3,164 people are, as a group's cue would.
    catalog = one_flood(tmp_path)
    judge = Judge(catalog, lambda _t: 1.0)
    for sentence, tells in [
            ("At the height of the flood, 3,164 people were sleeping in emergency shelters.",
             True),
            ("At the height of the flood, 3,164 people were waiting.", False)]:
        assert judge.tells_whose(sentence, extract_figures(sentence),
                                 catalog.by_id["toll"]) is tells, sentence


@pytest.mark.parametrize(("sentence", "found"), [
    # what the people counted did, just after them, says what they are
    ("Seven people died in the flood.", [("Seven", "deaths", "exact")]),
    ("Nine people died in the flood, the governor said.",
     [("Nine", "deaths", "different-value")]),
    ("Nine people were killed in the flood.", [("Nine", "deaths", "different-value")]),
    # ...not a word said later, of something else
    ("Nine people were rescued by boat, though the flood killed others.", []),
    # ...nor of what the figure's noun says is something else
    ("Nine dogs were killed in the flood.", []),
])
def test_what_the_counted_did_says_what_they_count(tmp_path, sentence, found):
    assert [(f.text, q.id, v["reason"])
            for f, q, v in judged(one_flood(tmp_path), sentence, "toll")] == found


def two_age_groups(tmp_path) -> Catalog:
    """Children's and adults' measles cases and hospitalizations in one season, each age
    group a group whose cues and nouns name it ("children", "adult cases"); one claim of
    each group's cases, one of its hospitalizations."""
    quantities, claims = [], []
    for group, cue, other, cases, hospitalized in [("children", "children", "adults", 1_384, 218),
                                                   ("adults", "adults", "children", 612, 139)]:
        quantities += [
            {"id": f"{group}-cases", "description": f"Measles cases among {group} in the "
             f"valley in the 2025-26 season (not {other}).", "noun": "cases",
             "aliases": ["measles cases", f"{group[:-1] if group == 'adults' else 'child'} "
                         "cases"], "unit": "count", "group": group, "cues": [cue]},
            {"id": f"{group}-hospitalized", "description": f"{group.capitalize()} with measles "
             f"hospitalized in the valley in the 2025-26 season (not {other}).",
             "noun": "hospitalizations", "aliases": ["hospitalized"], "unit": "count",
             "group": group}]
        claims += [
            quoted_claim(f"{group}-cases", f"The valley counted {cases:,} measles cases among "
                         f"{group} this season.", (f"{cases:,}", f"{group}-cases", cases, {})),
            quoted_claim(f"{group}-hospitalized", f"{hospitalized} {group} with measles were "
                         "hospitalized this season.",
                         (f"{hospitalized}", f"{group}-hospitalized", hospitalized, {}))]
    return primary(tmp_path, "State Health Department", quantities, claims)


@pytest.mark.parametrize(("sentence", "matched", "found"), [
    # A bare count said of what it is ("were hospitalized", "of the measles cases") may be
    # another group's: the words say whose.
    ("Among the 1,384 children with measles, 139 were hospitalized.", "children-hospitalized",
     [("1,384", "children-cases", "exact"),
      ("139", "children-hospitalized", "other-quantity")]),
    ("Adults made up 1,384 of the valley's measles cases.", "children-cases",
     [("1,384", "adults-cases", "other-quantity")]),
])
def test_a_bare_count_of_what_a_group_counts_is_read_for_whose_it_is(tmp_path, sentence,
                                                                     matched, found):
    others = sorted({"children-cases", "children-hospitalized", "adults-cases",
                     "adults-hospitalized"} - {matched})
    assert read_as(two_age_groups(tmp_path), sentence, matched, *others) == found


def two_counties(tmp_path, cues: dict[str, list[str]] | None = None) -> Catalog:
    """Two counties' cost of fighting fires and share of fires people started in one year,
    each county its own claim of its own two figures, the nouns and aliases the same;
    ``cues`` of each county's cost, if any."""
    quantities, claims = [], []
    for county, other, cost, share in [("Ashby", "Wren", 48.3, 84.6),
                                       ("Wren", "Ashby", 63.7, 71.9)]:
        text = (f"Fighting the 2025 wildfires in {county} County cost ${cost} million, and "
                f"{share} percent of them were caused by people.")
        group = county.lower()
        quantities += [
            {"id": f"{group}-cost", "description": f"Cost of fighting the wildfires in "
             f"{county} County in 2025 ({county} County only, not {other} County), in US "
             "dollars.", "noun": "firefighting costs", "aliases": ["cost of fighting the fires"],
             "unit": "currency", "currency": "USD", "group": group,
             "cues": (cues or {}).get(group, [])},
            {"id": f"{group}-share", "description": f"Share of the wildfires in {county} "
             f"County in 2025 that people caused ({county} County only, not {other} County), "
             "in percent.", "noun": "human-caused", "aliases": ["caused by people",
                                                               "started by people"],
             "unit": "percent", "group": group}]
        claims.append(quoted_claim(f"{group}-2025", text,
                                   (f"${cost} million", f"{group}-cost", cost * 1e6, DOLLARS),
                                   (f"{share} percent", f"{group}-share", share,
                                    {"unit": "percent"})))
    return primary(tmp_path, "State Fire Service", quantities, claims)


#: A figure in US dollars, as a claims file records it.
DOLLARS = {"unit": "currency", "currency": "USD"}


def quoted_claim(claim_id: str, text: str, *figures: tuple[str, str, float, dict[str, Any]]
                 ) -> dict[str, Any]:
    """A claim its one source ("source") said in its own words, with its figures: each as
    written, its quantity, its value and the rest of its record."""
    return {"id": claim_id, "text": text, "quotes": [{"source": "source", "text": text}],
            "figures": [quoted_figure(text, written, quantity, "source", value, **extra)
                        for written, quantity, value, extra in figures]}


def read_as(catalog: Catalog, sentence: str, matched: str, *candidates: str
            ) -> list[tuple[str, str, str]]:
    """Each figure of a sentence that matched one claim (the others only candidates): as
    written, the quantity it is read as, and the verdict's reason."""
    claims = [catalog.by_id[c] for c in (matched, *candidates)]
    return [(f.text, q.id, v["reason"]) for f, q, v in Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), claims[:1], claims)]


@pytest.mark.parametrize(("sentence", "found"), [
    # the other county's sum and share, said of this one, with only the other's claim
    # matched: the words say whose they are
    ("Fighting Ashby County's wildfires cost $63.7 million in 2025.",
     [("$63.7 million", "ashby-cost", "other-quantity")]),
    ("In Ashby County, 71.9 percent of the wildfires were started by people.",
     [("71.9 percent", "ashby-share", "other-quantity")]),
    # a comparison's baseline is named after it
    ("Ashby County spent $63.7 million fighting fires in 2025, compared with $48.3 million "
     "in Wren County.", [("$63.7 million", "ashby-cost", "other-quantity"),
                         ("$48.3 million", "wren-cost", "other-quantity")]),
    # a rate is no total
    ("Fighting the fires cost Ashby County about $262 for every acre that burned.", []),
])
def test_a_sum_or_share_is_the_groups_its_words_name(tmp_path, sentence, found):
    assert read_as(two_counties(tmp_path), sentence, "wren-2025", "ashby-2025") == found


def two_districts(tmp_path) -> Catalog:
    """Two school districts' operating budgets for a fiscal year and their spending per
    student, each district one claim of its two sums."""
    quantities, claims = [], []
    for district, other, budget, per in [("Lark", "Quill", 412.8, 14_503),
                                         ("Quill", "Lark", 171.6, 18_701)]:
        text = (f"{district} schools had an operating budget of ${budget} million in fiscal "
                f"year 2024-25, or ${per:,} per student.")
        group = district.lower()
        quantities += [
            {"id": f"{group}-budget", "description": f"Operating budget of {district} "
             f"schools in fiscal year 2024-25 ({district} only, not {other}), in US dollars.",
             "noun": "operating budget", "aliases": ["budget", "spent"], "unit": "currency",
             "currency": "USD", "group": group, "cues": [district]},
            {"id": f"{group}-per-student", "description": f"Operating spending per student "
             f"of {district} schools in fiscal year 2024-25 ({district} only, not {other}), "
             "in US dollars per student.", "noun": "per student",
             "aliases": ["per pupil", "spending per student"], "unit": "currency",
             "currency": "USD", "group": group}]
        claims.append(quoted_claim(f"{group}-2024-25", text,
                                   (f"${budget} million", f"{group}-budget", budget * 1e6,
                                    DOLLARS),
                                   (f"${per:,}", f"{group}-per-student", per, DOLLARS)))
    return primary(tmp_path, "State Department of Education", quantities, claims)


@pytest.mark.parametrize(("sentence", "found"), [
    # a rate is a rate's, a total a total's: then the words say whose
    ("Quill spends $14,503 per student, the state says.",
     [("$14,503", "quill-per-student", "other-quantity")]),
    ("Quill ran a $412.8 million operating budget, the state says.",
     [("$412.8 million", "quill-budget", "other-quantity")]),
    # "last year" is no other period of a fiscal year's budget
    ("Quill ran a $412.8 million operating budget last year.",
     [("$412.8 million", "quill-budget", "other-quantity")]),
    # a change is no level an editor gave
    ("Quill's operating budget rose by $412.8 million.", []),
    ("Quill's spending per student improved by $14,503.", []),
])
def test_a_rate_or_a_total_then_whose(tmp_path, sentence, found):
    assert read_as(two_districts(tmp_path), sentence, "quill-2024-25", "lark-2024-25") == found


@pytest.mark.parametrize(("text", "ways"), [
    ("The graduation rate improved by 5 percent, absences worsened by 2 percent.",
     ["up", "down"]),
    ("Police spending has grown 13 percent since 2020.", ["up"]),
    ("The graduation rate was 81.3 percent.", [None]),
    ("Lark spends about $4,200 less per student than Quill does.", ["down"]),
    ("He paid $400 or less.", [None]),
    ("Police spending makes up 23.9 percent of the budget.", [None]),
    ("Sales are up 12 percent; prices went up 3 percent.", ["up", "up"]),
    ("They racked up nearly 400 offenses and locked up 7,113.", [None, None]),
    # a duration longer or later than another
    ("Its flights left 47 minutes later on average than Ashby's.", ["up"]),
    ("Power came back 7 days later in Dunmarsh than in Corvell.", ["up"]),
    ("Two days later, power returned.", [None]),
])
def test_which_way_a_figure_of_a_change_goes(text, ways):
    assert figure_directions(text, extract_figures(text)) == ways


def two_ages(tmp_path) -> Catalog:
    """A season's measles cases and hospitalizations of children and of adults; the cases'
    aliases include the people they count ("children"), as editors write them, and each
    group's cues are its people."""
    quantities, claims = [], []
    for group, cases, stays in [("children", 1_384, 218), ("adults", 612, 139)]:
        text = f"This season {cases:,} {group} had measles and {stays} were hospitalized."
        quantities += [
            {"id": f"{group}-cases", "description": f"Measles cases among {group} this "
             "season.", "noun": "measles cases", "aliases": ["cases", group],
             "unit": "count", "group": group, "cues": [group]},
            {"id": f"{group}-stays", "description": f"Hospitalizations of {group} with "
             "measles this season.", "noun": "hospitalizations",
             "aliases": ["hospitalized", f"{group} hospitalized"], "unit": "count",
             "group": group}]
        claims.append({"id": f"{group}-season", "text": text,
                       "quotes": [{"source": "source", "text": text}],
                       "figures": [quoted_figure(text, f"{cases:,}", f"{group}-cases",
                                                 "source", cases),
                                   quoted_figure(text, f"{stays}", f"{group}-stays", "source",
                                                 stays)]})
    return primary(tmp_path, "State Health Department", quantities, claims)


@pytest.mark.parametrize(("sentence", "quantity", "reason"), [
    # The noun says whom ("children"), the words what of theirs: hospitalizations.
    ("Measles sent 218 children to the hospital this season.", "children-stays", "exact"),
    ("This season 281 children were hospitalized with measles.", "children-stays",
     "different-value"),
    ("This season 218 adults were hospitalized with measles.", "adults-stays",
     "other-quantity"),
    ("This season 1,384 children had measles.", "children-cases", "exact"),
])
def test_a_count_of_people_counts_what_the_sentence_says_of_them(tmp_path, sentence,
                                                                   quantity, reason):
    [(_f, q, verdict)] = judged(two_ages(tmp_path), sentence, "children-season",
                                "adults-season")
    assert (q.id, verdict["reason"]) == (quantity, reason), sentence


def test_a_share_is_judged_only_when_the_sentence_says_what_it_is_of(tmp_path):
    text = "Of the children with measles, 87 percent were unvaccinated."
    catalog = one_claim(tmp_path, text, "87 percent", 87,
                        {"id": "unvaccinated", "description": "Share of the children with "
                         "measles this season who had no dose of vaccine.",
                         "noun": "unvaccinated", "aliases": ["not vaccinated"],
                         "unit": "percent", "group": "children"}, unit="percent")
    # Another share of the same children: what it is of is not the claim's.
    assert judged(catalog, "Of the children with measles, 23 percent were hospitalized.",
                  "claim") == []
    [(_f, _q, verdict)] = judged(
        catalog, "Of the children with measles, 78 percent were unvaccinated.", "claim")
    assert verdict["status"] == "conflicting"


def two_chains(tmp_path) -> Catalog:
    """Two chains' customers notified and compensation paid after one breach, each chain a
    group, each figure its own claim."""
    quantities, claims = [], []
    for chain, other, customers, paid in [("Ashby", "Bramwell", 1_384, 12.4),
                                          ("Bramwell", "Ashby", 906, 8.7)]:
        group = chain.lower()
        quantities += [
            {"id": f"{group}-customers", "group": group, "unit": "count",
             "noun": "customers", "cues": [chain],
             "description": f"{chain} customers notified ({chain} only, not {other})."},
            {"id": f"{group}-paid", "group": group, "unit": "currency", "currency": "USD",
             "noun": "compensation", "aliases": ["paid"],
             "description": f"Compensation {chain} paid ({chain} only, not {other})."}]
        for kind, text, written, value, extra in [
                ("customers", f"{chain} notified {customers:,} customers.", f"{customers:,}",
                 customers, {"unit": "count"}),
                ("paid", f"{chain} paid ${paid} million in compensation.", f"${paid} million",
                 paid * 1e6, {"unit": "currency", "currency": "USD"})]:
            claims.append({"id": f"{group}-{kind}", "text": text,
                           "quotes": [{"source": "regulator", "text": text}],
                           "figures": [quoted_figure(text, written, f"{group}-{kind}",
                                                     "regulator", value, **extra)]})
    return Catalog(imported(tmp_path, {
        "format": "recount-claims/1", "name": "one breach, two chains",
        "sources": [{"id": "regulator", "publisher": "Regulator", "title": None, "url": None,
                     "published": "2029-09-18", "kind": "primary"}],
        "quantities": quantities, "claims": claims}))


def test_a_sum_said_to_be_what_a_matched_groups_quantity_is_is_read_as_it(tmp_path):
    # Only the customers claim matched; "$8.7 million in compensation" is a sum of what the
    # same chain's other quantity is, and the other chain's value.
    catalog = two_chains(tmp_path)
    claim = catalog.by_id["ashby-customers"]
    sentence = "Ashby notified 1,384 customers and has paid $8.7 million in compensation."
    verdicts = Judge(catalog, lambda _t: 1.0).figures(
        sentence, terms(sentence), extract_figures(sentence), [claim], [claim])
    assert {f.text: (q.id, v["reason"]) for f, q, v in verdicts} == {
        "1,384": ("ashby-customers", "exact"), "$8.7 million": ("ashby-paid", "other-quantity")}
