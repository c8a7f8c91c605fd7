"""The engine on the demo claim database with sentences written the way outlets write:
paraphrase, rounding, the other population's figures, and look-alike sentences that must
not match. (These are not the labelled cases in ../shared/eval; those are scored by
tests/test_quality.py.)"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from server.engine import Matcher
from server.index.terms import terms
from server.text.figures import extract_figures


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Matcher:
    from server.demo import load_demo
    from server.store import open_store

    store = open_store(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    if load_demo(store) is None:
        pytest.skip("demo claims file is not part of this checkout")
    matcher = Matcher(store.load_corpus())
    store.close()
    return matcher


def verdicts(matcher: Matcher, sentence: str) -> dict[str, tuple[str, str, list]]:
    [result] = matcher.match([sentence])
    return {f["text"]: (f["status"], f["reason"],
                        [k["value"] for k in f["known"] if k["role"] == "same-quantity"])
            for m in result["matches"] for f in m["figures"]}


@pytest.mark.parametrize(("sentence", "figure", "status", "known"), [
    ("New York freed almost 7,000 criminal illegal immigrants who had ICE detainers since "
     "January 20.", "almost 7,000", "consistent", 6947),
    # suspects of an offence count the offence
    ("New York has freed 6,947 criminal illegal aliens with detainers since January 20, "
     "including 29 homicide suspects.", "29", "consistent", 29),
    # the words of the headcount's noun ("subject to ICE detainers" is the held people's
    # claim's) are no cue to the next figure's group: "freed" is
    ("DHS says New York freed 6,947 detainer subjects who went on to commit 2,509 "
     "assaults.", "2,509", "consistent", 2509),
    # few words in common, but a four-digit figure repeated with its noun
    ("ICE said 6,947 people were freed from city jails despite detainers.", "6,947",
     "consistent", 6947),
    ("DHS says New York released 5,000 criminal illegal aliens with ICE detainers since "
     "Jan. 20.", "5,000", "conflicting", 6947),
    ("DHS said New York released more than 10,000 criminal aliens with detainers.",
     "more than 10,000", "conflicting", 6947),
    ("New York released 6,500-7,000 criminal illegal aliens despite ICE detainers since "
     "January 20.", "6,500-7,000", "consistent", 6947),
    ("New York released 3,000-4,000 criminal illegal aliens despite ICE detainers since "
     "January 20.", "3,000-4,000", "conflicting", 6947),
    ("New York jails currently hold 9,500 immigrants facing ICE detainers, according to DHS.",
     "9,500", "conflicting", 7113),
    ("About 7,100 aliens with detainers are in New York custody.", "About 7,100",
     "consistent", 7113),
    ("Over 2,500 assaults were committed by aliens that New York released, DHS said.",
     "Over 2,500", "consistent", 2509),
    ("Illegal aliens held in New York custody committed 305 robberies, the agency said.",
     "305", "conflicting", 106),
    ("Those in New York custody with detainers have 29 homicides on their records.",
     "29", "conflicting", 148),
    ("70% of the safest cities in the U.S. cooperate with ICE.", "70%", "consistent", 7),
    ("Only 3 of the 10 safest American cities cooperate with ICE.", "3 of the 10",
     "conflicting", 7),
    ("DHS called New York officials 12 times about Miguel-Mora.", "12", "consistent", 12),
    ("ICE sent 14 subpoenas to the New York Department of Corrections.", "14",
     "conflicting", 4),
    ("Miguel-Mora got a five-year prison sentence in 2012.", "five", "conflicting", 42),
    ("In 2012 Miguel-Mora was sentenced to 10 years in prison.", "10", "conflicting", 42),
    # "times" names the 2024 arrests (an alias) among the two arrest counts matched
    ("Miguel-Mora was arrested three times in 2024 and released each time.", "three",
     "conflicting", 2),
    ("DHS called New York City officials 15 times about Gerardo Miguel-Mora.", "15",
     "conflicting", 12),
    # a fraction of the same base is a rounding of the count when it is close
    ("Two-thirds of the 10 safest cities in the U.S. cooperate with ICE.",
     "Two-thirds of the 10", "consistent", 7),
    ("Three-quarters of the 10 safest cities in America cooperate with ICE, DHS said.",
     "Three-quarters of the 10", "consistent", 7),
    ("Half of the 10 safest cities in the U.S. cooperate with ICE.", "Half of the 10",
     "conflicting", 7),
    # a hedged share allows a range of shares
    ("More than 60% of the 10 safest cities in the U.S. cooperate with ICE.",
     "More than 60%", "consistent", 7),
    ("At least half of the 10 safest cities in the U.S. cooperate with ICE, DHS says.",
     "At least half of the 10", "consistent", 7),
    ("More than six of the 10 safest cities in the U.S. cooperate with ICE.",
     "More than six of the 10", "consistent", 7),
    ("Fewer than half of the 10 safest cities in the U.S. cooperate with ICE.",
     "Fewer than half of the 10", "conflicting", 7),
    ("Most of the 10 safest cities in the U.S. cooperate with ICE, DHS says.",
     "Most of the 10", "consistent", 7),
    ("Seven of the nation's 10 safest cities cooperate with ICE, DHS says.",
     "Seven of the nation's 10", "consistent", 7),
    ("DHS says all 10 of the safest cities in the U.S. cooperate with ICE.", "all 10",
     "conflicting", 7),
    # a share of a known count: the count, as written, is what can be checked
    ("DHS says all 7,000 criminal illegal aliens in New York custody have ICE detainers.",
     "all 7,000", "consistent", 7113),
    ("DHS says all 9,000 criminal illegal aliens in New York custody have ICE detainers.",
     "all 9,000", "conflicting", 7113),
    ("DHS says most of the 7,113 criminal illegal aliens in New York custody have violent "
     "records.", "most of the 7,113", "consistent", 7113),
    ("DHS says half of the 9,000 criminal illegal aliens in New York custody have violent "
     "records.", "half of the 9,000", "conflicting", 7113),
    # a share without its base is compared with the known share
    ("Half of America's safest cities cooperate with ICE.", "Half", "conflicting", 7),
    ("A majority of America's safest cities cooperate with ICE, according to DHS.",
     "A majority", "consistent", 7),
    ("Two-thirds of the safest cities in the country cooperate with ICE, DHS says.",
     "Two-thirds", "consistent", 7),
    # the population is told by the quantity's cues ("jailed", "freed", "let go")
    ("Criminal illegal aliens jailed in New York were charged with 148 homicides.", "148",
     "consistent", 148),
    ("Criminal illegal aliens jailed in New York were charged with 29 homicides.", "29",
     "conflicting", 148),
    ("Criminal illegal aliens New York let go were charged with 29 homicides.", "29",
     "consistent", 29),
    ("New York freed criminal illegal aliens charged with 148 homicides, DHS said.", "148",
     "conflicting", 29),
    # ...and each figure first by the words that lead up to it
    ("New York has released roughly 7,000 criminal illegal aliens and is holding another "
     "7,000.", "roughly 7,000", "consistent", 6947),
    ("New York has released roughly 7,000 criminal illegal aliens and is holding another "
     "7,000.", "7,000", "consistent", 7113),
    # A headcount is its own group's however many of the sentence's other figures are the
    # other group's.
    ("New York released 6,947 criminal illegal aliens, including 148 charged with homicide "
     "and 717 with assault.", "6,947", "consistent", 6947),
    ("New York released nearly 7,000 criminal illegal aliens and is holding another 7,113, "
     "including 148 charged with homicide.", "nearly 7,000", "consistent", 6947),
    ("New York released nearly 7,000 criminal illegal aliens and is holding another 7,113, "
     "including 148 charged with homicide.", "148", "consistent", 148),
    # ...and words said of what did not happen name no one
    ("New York held 7,113 criminal aliens rather than releasing them, including 148 charged "
     "with homicide.", "148", "consistent", 148),
    ("Instead of being released, 7,113 criminal illegal aliens remain in New York custody, "
     "148 of them charged with homicide.", "7,113", "consistent", 7113),
])
def test_restatements_are_judged(demo, sentence, figure, status, known):
    found = verdicts(demo, sentence)
    assert figure in found, found
    assert found[figure][0] == status, found[figure]
    assert known in found[figure][2]


@pytest.mark.parametrize(("sentence", "figure", "known", "owner"), [
    ("New York released 6,947 criminal illegal aliens since January 20, including more "
     "than 700 assaults.", "more than 700", 2509, 717),
    ("New York is holding 7,113 criminal illegal aliens, including about 2,500 assaults.",
     "about 2,500", 717, 2509),
    ("Of the 6,947 criminal aliens New York released, 148 were charged with homicide.",
     "148", 29, 148),
    ("New York freed nearly 7,000 criminal aliens, including 2,509 charged with assault and "
     "148 with homicide.", "148", 29, 148),
    # Two figures of the other population are still theirs: the words say whose they are,
    # and the sentence's own headcount stays its own.
    ("New York released criminal illegal aliens responsible for 148 homicides and 717 "
     "assaults.", "148", 29, 148),
    ("New York released criminal illegal aliens responsible for 148 homicides and 717 "
     "assaults.", "717", 2509, 717),
    ("New York released 6,947 criminal illegal aliens, including 148 charged with homicide "
     "and 717 with assault.", "717", 2509, 717),
    ("Since Inauguration Day, New York has freed 6,947 criminal aliens, DHS said, among them "
     "148 with homicide records.", "148", 29, 148),
])
def test_a_rounding_of_the_other_populations_figure_is_called_theirs(demo, sentence, figure,
                                                                     known, owner):
    [result] = demo.match([sentence])
    found = {f["text"]: f for m in result["matches"] for f in m["figures"]}
    assert (found[figure]["status"], found[figure]["reason"]) == ("conflicting",
                                                                  "other-quantity")
    roles = {(k["role"], k["value"]) for k in found[figure]["known"]}
    assert ("same-quantity", known) in roles and ("value-owner", owner) in roles


@pytest.mark.parametrize("sentence", [
    "New York released twice as many criminal illegal aliens as it held, DHS said.",
    "New York released three times more criminal illegal aliens than it held, DHS said.",
])
def test_a_multiplier_is_no_count_of_the_people(demo, sentence):
    assert verdicts(demo, sentence) == {}


@pytest.mark.parametrize("sentence", [
    # Only another year than the quantity's texts name: its figure counts something else.
    "New York City released 2,000 criminal illegal aliens with detainers in 2024.",
    "New York released about 7,000 criminal illegal aliens in 2019.",
])
def test_a_figure_of_another_year_gets_no_verdict(demo, sentence):
    assert verdicts(demo, sentence) == {}


@pytest.mark.parametrize("sentence", [
    # A rate or a part of the period, not the count since January 20.
    "In the first month alone, New York released 700 criminal illegal aliens with ICE "
    "detainers.",
    "New York released about 30 criminal illegal aliens with detainers a day, DHS said.",
    "Every week New York releases more than 130 criminal illegal aliens wanted by ICE.",
    # Neither group named, or both, and the figure neither's value: which one it would
    # contradict is a guess (the second is their sum, perhaps).
    "ICE arrested 2,000 criminal illegal aliens with detainers in New York.",
    "Roughly 14,000 criminal illegal aliens with detainers were released or are held by "
    "New York.",
])
def test_a_figure_of_another_period_or_of_no_one_group_gets_no_verdict(demo, sentence):
    [result] = demo.match([sentence])
    assert result["matches"]
    assert verdicts(demo, sentence) == {}


@pytest.mark.parametrize("sentence", [
    "The New York Knicks released 3 players before the season started.",
    "About 7,000 runners have signed up for the Brooklyn half marathon.",
    "Police in New York made 148 arrests during the protest.",
    "ICE arrested 7,000 people in Texas last month.",
    "More than 7,000 people attended the rally against ICE in Manhattan.",
    "A judge sentenced the man to 42 months for fraud.",
    "Seven of the 10 best pizzerias in the U.S. are in New York.",
    "The state released its new guidelines on immigrant rights last week.",
    "The NYPD reported 717 assaults in the subway system last year.",
    "New York has 62 counties.",
    "The department released 7,113 pages of documents on Friday.",
    "New York released nearly 7,000 balloons at the parade.",
    "About 7,000 people marched in New York against immigration raids.",
    "New York jails released 300 inmates during the pandemic.",
    "Texas now has 30 million people, and New York about 20 million.",
    # shares only words of the curators' descriptions ("prisons") and a generic one
    "The state corrections department holds 33,000 inmates in its prisons.",
    # place, a crime word and an exact value shared, another topic
    "Police in New York reported 2,509 assaults in the subway system.",
    "New York City released its crime statistics showing 148 homicides this year.",
    "ICE released 29 detainees in Texas after a court order.",
    "New York jails held 6,000 inmates last winter.",
    # another place than the claims': no claim about New York is repeated
    "California released 3,000 criminal illegal aliens with ICE detainers last year.",
    "New Jersey is holding 1,200 criminal illegal aliens with active ICE detainers.",
    "Illinois released 6,900 criminal illegal aliens since January 20, according to DHS.",
    # another body than the sources name: a city, a county's sheriff, another agency
    "Kansas City released 6,947 criminal illegal aliens with ICE detainers since January 20.",
    "The Harbor County Sheriff's Office released 6,947 criminal illegal aliens with ICE "
    "detainers since January 20.",
    # a source's exact count with its noun and a group's words, but not the story's
    "The prison held 7,113 inmates in custody last year, officials said.",
    "The report counted 148 homicides in custody across federal prisons.",
    "In Chicago, police say 717 assaults were committed by people released on bail.",
    # two of the sources' counts and a group's word, in another story
    "Buffalo police logged 199 burglaries and 305 robberies while ice jams held the river.",
    "The parole board released 2,509 inmates early, and prosecutors later tied them to 305 "
    "robberies and 29 homicides.",
    # a count of the sources with a group's and the story's words, over another period
    "Officials said 6,947 people were let out of immigration detention on bail last year.",
])
def test_look_alikes_do_not_match(demo, sentence):
    [result] = demo.match([sentence])
    assert result["matches"] == [], [m["claim"]["id"] for m in result["matches"]]


@pytest.mark.parametrize("sentence", [
    # Sentences of a story the claims were curated from, without a figure of their own: near
    # neighbours of several claims, restating none.
    "The detainers require the state to notify federal immigration authorities when "
    "immigrants held in state prisons are due for release.",
    "The DHS release noted the scale of the refusal of New York authorities to detain "
    "criminal illegal aliens.",
    "A 21-year-old Guyanese national was arrested by the NYPD and charged with murder.",
    "Officials urged New York City not to release detainees wanted by ICE.",
])
def test_a_sentence_of_the_story_without_a_figure_does_not_match(demo, sentence):
    [result] = demo.match([sentence])
    assert result["matches"] == [], [m["claim"]["id"] for m in result["matches"]]


HEADCOUNT = ("New York released 6,947 criminal illegal aliens with ICE detainers since "
             "January 20, DHS said.")
BREAKDOWN = "Those released include 29 charged with homicide and 2,509 with assault."


@pytest.mark.parametrize(("sentence", "judged"), [
    # One population's counts said of the other, in words too few to score as a match.
    ("The aliens in custody were charged with 2,509 assaults, DHS said.",
     {"2,509": "other-quantity"}),
    ("DHS says the released immigrants committed 148 homicides.", {"148": "other-quantity"}),
    # ...and their own, with a word of the story.
    ("Jailed immigrants with detainers account for 134 burglaries, according to the agency.",
     {"134": "exact"}),
])
def test_a_sentence_that_repeats_a_sources_exact_counts(demo, sentence, judged):
    [result] = demo.match([sentence])
    assert result["matches"]
    assert all(m["score"] < demo.threshold and m["repeats"] for m in result["matches"])
    assert {f: reason for f, (_, reason, _) in verdicts(demo, sentence).items()} == judged


@pytest.mark.parametrize(("sentence", "judged"), [
    # A count of what an editor described for a group, with another value, in words that
    # name the group and the story: a wrong figure, whatever the score.
    ("DHS counted 58 homicides among those released.", {"58": "different-value"}),
    ("Those freed committed 2,905 assaults, per DHS.", {"2,905": "different-value"}),
])
def test_a_sentence_that_counts_a_sources_quantity_otherwise(demo, sentence, judged):
    [result] = demo.match([sentence])
    assert result["matches"]
    assert all(m["score"] < demo.threshold and m["repeats"] for m in result["matches"])
    assert {f: reason for f, (_, reason, _) in verdicts(demo, sentence).items()} == judged


@pytest.mark.parametrize("sentence", [
    # the noun and the figure, but neither group nor story
    "Police in New York reported 2,900 assaults in the subway system.",
    # another owner of the story's jails
    "Westchester's jails released 6,947 criminal illegal aliens with ICE detainers since "
    "January 20.",
    # the whole nation's count, of a claim about New York's
    "Nationwide, 6,947 criminal illegal aliens with ICE detainers were released since "
    "January 20.",
])
def test_a_count_said_of_no_group_or_of_another_owner_is_no_match(demo, sentence):
    assert demo.match([sentence])[0]["matches"] == []


def test_what_an_office_holder_has_is_the_storys(demo):
    # "Hochul's administration" is no other owner of what New York released.
    sentence = ("Hochul's administration released 6,947 criminal illegal aliens with ICE "
                "detainers since January 20.")
    [(status, reason, known)] = verdicts(demo, sentence).values()
    assert (status, reason, 6947 in known) == ("consistent", "exact", True)


def test_another_storys_words_tell_nothing_of_whose_a_count_is(tmp_path):
    """Beside the demo claims, a measles season's children and adults: "children" is a
    group's word of that story only, and "immigrants" a word of the detainers' story, so a
    sentence with both names neither story's groups."""
    from server.demo import load_demo
    from server.store import open_store

    store = open_store(str(tmp_path / "two.db"))
    if load_demo(store) is None:
        pytest.skip("demo claims file is not part of this checkout")
    quantities, claims = [], []
    for group, cases in [("children", 1_384), ("adults", 612)]:
        text = f"This season {cases:,} {group} had measles, the health department said."
        quantities.append({"id": f"{group}-cases", "description": f"Measles cases among "
                           f"{group} this season.", "noun": "measles cases",
                           "aliases": ["cases", group, "people"], "unit": "count",
                           "group": group, "cues": [group]})
        start = text.index(f"{cases:,}")
        claims.append({"id": f"{group}-season", "text": text,
                       "quotes": [{"source": "health", "text": text}],
                       "figures": [{"quantity": f"{group}-cases", "source": "health",
                                    "value": cases, "text": f"{cases:,}",
                                    "span": [start, start + len(f"{cases:,}")]}]})
    store.import_document({
        "format": "recount-claims/1", "name": "measles",
        "sources": [{"id": "health", "publisher": "State Health Department", "title": None,
                     "url": None, "published": "2026-04-15", "kind": "primary"}],
        "quantities": quantities, "claims": claims})
    matcher = Matcher(store.load_corpus())
    store.close()
    sentence = ("It is extraordinary that of five people standing on this stage two of us "
                "are the children of Cuban immigrants.")
    figures = extract_figures(sentence)
    counting_people = ["dhs-ny-released-count", "dhs-ny-custody-count", "children-season",
                       "adults-season"]
    assert not any(matcher.judge.tells_whose(sentence, figures, matcher.catalog.by_id[c])
                   for c in counting_people)
    assert matcher.match([sentence])[0]["matches"] == []


def test_a_bare_count_is_the_value_of_its_groups_quantity_it_equals(demo):
    """A count without a noun ("7,113 more"), in a sentence matched to its group's
    breakdown only, is the headcount when it is the headcount's value to the unit."""
    sentence = ("In custody are 7,113 more, including 148 charged with homicide and 717 with "
                "assault, DHS said.")
    breakdown = demo.catalog.by_id["dhs-ny-custody-crimes"]
    judged = demo.judge.figures(sentence, terms(sentence), extract_figures(sentence),
                                [breakdown], [])
    assert {f.text: (v["status"], v["reason"], q.id) for f, q, v in judged} == {
        "7,113": ("consistent", "exact", "ny-custody-count"),
        "148": ("consistent", "exact", "ny-custody-homicides"),
        "717": ("consistent", "exact", "ny-custody-assaults")}


def test_a_value_of_the_same_groups_other_quantity_is_no_other_groups(demo):
    """"150 sexual predatory offenses" of the held people is wrong (260), and no other
    group's figure though it rounds their own weapons offenses (152)."""
    sentence = ("Of the detainees New York continues to hold, 150 committed sexual predatory "
                "offenses and 128 committed weapons offenses, DHS said.")
    assert {f: (status, reason, set(known)) for f, (status, reason, known)
            in verdicts(demo, sentence).items()} == {
        "150": ("conflicting", "different-value", {260}),
        "128": ("conflicting", "different-value", {152})}


def test_a_sources_exact_count_is_read_past_the_screen(demo):
    """A candidate whose figures repeat a source's exact count is read by the whole
    decision, whatever the cheap screen would say of its few words in common."""
    sentence = "The immigrants New York let go had 305 robberies on their records, DHS said."
    [decided] = demo.decide([sentence])
    [repeated] = [p for p in decided.pairs if p.scored.repeated]
    assert repeated.probability >= demo.threshold
    assert verdicts(demo, sentence) == {"305": ("consistent", "exact", [305])}


@pytest.mark.parametrize(("page", "follows", "repeats"), [
    # Right after the headcount's match, or one sentence later: the breakdown goes on
    # from it, in figures only the sources gave.
    ([HEADCOUNT, BREAKDOWN], 0, False),
    ([HEADCOUNT, "The governor did not comment.", BREAKDOWN], 0, False),
    # Alone, it scores too low to be highlighted, and names no word of the story beside
    # its counts.
    ([BREAKDOWN], None, False),
    # Too far from the match, or in figures a writer rounded, it does not go on from it;
    # but the page names the story ("DHS"), and the sentence the released people: the
    # counts are read as theirs (``repeats``).
    ([HEADCOUNT, "The governor did not comment.", "It rained.", "Nobody left.", BREAKDOWN],
     None, True),
    ([HEADCOUNT, "Those released include nearly 30 charged with homicide and 2,500 with "
                 "assault."], None, True),
])
def test_a_sentence_that_goes_on_from_a_match(demo, page, follows, repeats):
    [*_, result] = demo.match(page)
    if follows is None:
        assert not any("follows" in m for m in result["matches"])
        assert [bool(m.get("repeats")) for m in result["matches"]] == (
            [True] if repeats else [])
        return
    [match] = result["matches"]
    assert match["follows"] == follows
    assert match["score"] < demo.threshold  # its own score: it is a match by what it follows
    assert {(f["text"], f["status"], f["reason"]) for f in match["figures"]} == {
        ("29", "consistent", "exact"), ("2,509", "consistent", "exact")}
    assert match["claim"]["id"] not in {r["claim"]["id"] for r in result["related"]}


def test_each_figure_of_a_sentence_of_both_groups_is_its_groups(demo):
    """A sentence that goes on from the headcount's with both groups' figures: each is
    compared with its own group's, whichever claims were its candidates (the source that
    gives one group's figures gives the other's)."""
    [_, result] = demo.match([HEADCOUNT, "The state released 6,947 people with detainers; "
                              "another 7,113 remain in custody, 148 of them charged with "
                              "homicide and 717 with assault."])
    found = {f["text"]: (f["status"], f["reason"]) for m in result["matches"]
             for f in m["figures"]}
    assert found == dict.fromkeys(["6,947", "7,113", "148", "717"], ("consistent", "exact"))


@pytest.mark.parametrize(("sentence", "figure", "value", "status", "known", "said"), [
    # The sources count the prison term in months and the supervision in years.
    ("Miguel-Mora was sentenced to three and a half years in prison in 2012.",
     "three and a half", 3.5, ("consistent", "exact"), 42, "42 months"),
    ("Miguel-Mora was sentenced to about 4 years in prison in 2012.",
     "about 4", 4, ("consistent", "rounded"), 42, "42 months"),
    ("Miguel-Mora was given 120 months of post-release supervision in 2012.",
     "120", 120, ("consistent", "exact"), 10, "10 years"),
    ("Gerardo Miguel-Mora's rap sheet goes back a decade and a half.",
     "a decade and a half", 1.5, ("consistent", "rounded"), 15, "15 years"),
])
def test_durations_are_compared_in_the_quantitys_time_unit(demo, sentence, figure, value,
                                                           status, known, said):
    [result] = demo.match([sentence])
    [verdict] = [f for m in result["matches"] for f in m["figures"] if f["text"] == figure]
    assert (verdict["status"], verdict["reason"]) == status
    assert verdict["value"] == value  # the figure keeps its own unit; the comparison converts
    assert known in [k["value"] for k in verdict["known"]]
    assert said in verdict["explanation"]


#: Builds the demo claims and a fact check of one of their figures in a new database and
#: prints the verdicts on a sentence several claims could own: argv database, sentence.
SAME_ANSWER = """
import json, sys
from server.demo import load_demo
from server.engine import Matcher
from server.store import open_store
store = open_store(sys.argv[1])
if store.is_empty():
    load_demo(store)
    store.import_document({"format": "recount-claims/1", "name": "one fact check",
        "sources": [{"id": "desk", "publisher": "Harbor Fact Desk", "kind": "fact-check",
                     "title": None, "url": None, "published": "2026-02-10"}],
        "quantities": [], "claims": [{"id": "desk-check", "text": sys.argv[3],
                                      "quotes": [{"source": "desk", "text": sys.argv[3]}],
                                      "figures": []}]})
[result] = Matcher(store.load_corpus()).match([sys.argv[2]])
print(json.dumps([(m["claim"]["id"], [(f["status"], f["reason"], f["known"][0]["text"])
                                      for f in m["figures"]]) for m in result["matches"]]))
"""


def test_every_process_gives_the_same_answer(tmp_path):
    # A tie between groups of quantities once went by the process's string hashing.
    database = tmp_path / "demo.db"
    answers = set()
    for seed in ("0", "1", "4"):
        run = subprocess.run(
            [sys.executable, "-c", SAME_ANSWER, str(database),
             "New York released 71,130 criminal illegal aliens with ICE detainers in 2025.",
             "New York released 7,113 criminal illegal aliens with ICE detainers in 2025."],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed})
        answers.add(run.stdout)
    assert len(answers) == 1, answers
