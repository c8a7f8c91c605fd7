"""The figure engine end to end (text -> index -> rank -> verdict) on a made-up data set with
the demo's shape: two populations with breakdowns, so other-population errors can occur."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from server.engine import Matcher
from server.paths import SCHEMAS
from server.rank.decision import DECISION_FEATURES
from server.rank.weights import UNTITLED_COVER, UNTITLED_MEANING
from server.store import open_store

from .claimsdata import figure as quoted_figure

DATA = Path(__file__).parent / "data" / "harbor-claims.json"


def matcher_for(doc: dict, folder: Path) -> Matcher:
    """A matcher over ``doc``, imported into a new database in ``folder``."""
    store = open_store(str(folder / f"{len(list(folder.iterdir()))}.db"))
    store.import_document(doc)
    corpus = store.load_corpus()
    store.close()
    return Matcher(corpus)


@pytest.fixture(scope="module")
def matcher(tmp_path_factory) -> Matcher:
    return matcher_for(json.loads(DATA.read_text()), tmp_path_factory.mktemp("engine"))


@pytest.fixture(scope="module")
def response_schema() -> dict:
    return json.loads((SCHEMAS / "match-response.schema.json").read_text())


def figures_of(result: dict) -> dict[str, dict]:
    return {f["text"]: f for m in result["matches"] for f in m["figures"]}


@pytest.mark.parametrize(("sentence", "figure", "status", "reason", "known"), [
    # exact and honestly rounded restatements
    ("Inspectors have seized 4,312 shipping containers at the harbor since July 1.",
     "4,312", "consistent", "exact", 4312),
    ("Since July the port authority has seized about 4,300 containers.",
     "about 4,300", "consistent", "rounded", 4312),
    ("Inspectors have seized 4\u202f312 shipping containers at the harbor since July 1.",
     "4\u202f312", "consistent", "exact", 4312),
    ("The harbor authority seized more than 4,000 shipping containers since July.",
     "more than 4,000", "consistent", "rounded", 4312),
    ("Some 1,200 shipping containers are held in quarantine at the harbor right now.",
     "Some 1,200", "consistent", "rounded", 1208),
    # another value for the same quantity
    ("The harbor authority seized 9,000 containers since July.",
     "9,000", "conflicting", "different-value", 4312),
    # a value that belongs to the other population
    ("The containers seized since July held 311 weapons, the authority said.",
     "311", "conflicting", "other-quantity", 57),
    # the ratio claim
    ("Three of the eight piers at the harbor are now inspected by drone, officials said.",
     "Three of the eight", "consistent", "exact", 3),
    ("Half of the eight piers at the harbor are inspected by drone.",
     "Half of the eight", "conflicting", "different-value", 3),
    ("Drones now inspect 37.5% of the eight piers at the harbor.",
     "37.5%", "consistent", "exact", 3),
    ("Half of the harbor's piers are inspected by drone.", "Half", "conflicting",
     "different-value", 3),
    # "12 times" names no counted thing: the number is read against the matched claim
    ("Since July 1 the authority seized shipping containers 4,312 times at the harbor.",
     "4,312", "consistent", "exact", 4312),
])
def test_verdicts(matcher, response_schema, sentence, figure, status, reason, known):
    results = matcher.match([sentence])
    jsonschema.validate({"results": results}, response_schema)
    found = figures_of(results[0])
    assert figure in found, f"no verdict for {figure!r}: {found}"
    verdict = found[figure]
    assert (verdict["status"], verdict["reason"]) == (status, reason), verdict["explanation"]
    assert known in [k["value"] for k in verdict["known"]]
    assert verdict["explanation"]
    start, end = verdict["span"]
    assert sentence[start:end] == figure


def test_other_quantity_names_both_values(matcher):
    [result] = matcher.match(["The containers seized since July held 311 weapons."])
    verdict = figures_of(result)["311"]
    roles = {(k["value"], k["role"]) for k in verdict["known"]}
    assert (57, "same-quantity") in roles and (311, "value-owner") in roles


def test_figures_agreeing_with_one_set_take_that_reading(matcher):
    # Both figures are the quarantine breakdown; "seized" in the sentence must not win.
    [result] = matcher.match(
        ["Containers seized and now in quarantine hold 311 weapons and 95 counterfeit goods."])
    found = figures_of(result)
    assert found["311"]["status"] == found["95"]["status"] == "consistent"


def test_known_values_carry_sources(matcher):
    [result] = matcher.match(["The port has seized 4,312 shipping containers since July 1."])
    verdict = figures_of(result)["4,312"]
    publishers = {k["source"]["publisher"] for k in verdict["known"]}
    assert publishers == {"Harbor Port Authority", "Coast Gazette"}
    primary = verdict["known"][0]
    assert primary["source"]["kind"] == "primary" and primary["text"] == "4,312"


@pytest.mark.parametrize("sentence", [
    "That's not true.",
    "The bakery sold 4,312 loaves of bread.",
    "The harbor festival returns on July 1.",
    "Officials seized 311 kilograms of cheese at the market.",
    "",
])
def test_unrelated_sentences_do_not_match(matcher, sentence):
    [result] = matcher.match([sentence])
    assert result["matches"] == []


def test_results_keep_request_order(matcher):
    sentences = ["That's not true.",
                 "The harbor authority seized 9,000 containers since July.", "Hello."]
    results = matcher.match(sentences)
    assert [r["index"] for r in results] == [0, 1, 2]
    assert [r["text"] for r in results] == sentences
    assert [bool(r["matches"]) for r in results] == [False, True, False]


def test_a_sentence_can_match_several_claims(matcher):
    [result] = matcher.match(["Since July 1 the authority seized 4,312 shipping containers, "
                              "which held 57 weapons and 812 counterfeit goods."])
    ids = {m["claim"]["id"] for m in result["matches"]}
    assert {"seized-count", "seized-contents"} <= ids


def test_dates_are_not_counts(matcher):
    [result] = matcher.match(["Since July 1 the harbor authority has seized 4,312 containers."])
    assert "1" not in figures_of(result)


def _fact_checks(*texts: str) -> dict:
    """A claims file of uncurated fact-checked claims: text and quote only."""
    return {"format": "recount-claims/1",
            "sources": [{"id": "checker", "publisher": "A Fact Checker", "kind": "fact-check"}],
            "claims": [{"id": f"c{i}", "text": text,
                        "quotes": [{"source": "checker", "text": text}]}
                       for i, text in enumerate(texts)]}


def test_a_short_sentence_is_highlighted_only_with_a_figure_of_the_claim(tmp_path):
    matcher = matcher_for(_fact_checks(
        "The state's coal mines reopened and hired 2,000 miners last year."), tmp_path)
    short, with_figure, longer = matcher.match([
        "The coal mines reopened last year.",
        "Coal mines hired 2,000 miners last year.",
        "Our coal mines reopened, and they hired thousands of miners last year across the state.",
    ])
    # Six words and no figure: offered as possibly related, however close, never highlighted.
    assert short["matches"] == []
    assert [r["claim"]["id"] for r in short["related"]] == ["c0"]
    assert short["related"][0]["score"] >= matcher.threshold
    [match] = with_figure["matches"]  # seven words, but "2,000 miners" is the claim's count
    assert [f["status"] for f in match["figures"]] == ["consistent"]
    assert longer["matches"] and not longer["related"]
    related = matcher.related(["The coal mines reopened last year."])[0]["claims"]
    assert related[0]["claim"]["id"] == "c0" and not related[0]["matched"]


def test_a_superlative_hedged_in_one_and_outright_in_the_other_is_only_related(tmp_path):
    matcher = matcher_for(_fact_checks(
        "Lanmere has the highest property tax rate of any county in the region."), tmp_path)
    outright, hedged = matcher.match([
        "Residents know that Lanmere has the highest property tax rate of any county in "
        "the region.",
        "Residents know that Lanmere has one of the highest property tax rates of any "
        "county in the region.",
    ])
    assert [m["claim"]["id"] for m in outright["matches"]] == ["c0"]
    # True wherever the checked claim is false: another claim, offered as related only.
    assert hedged["matches"] == []
    assert [r["claim"]["id"] for r in hedged["related"]] == ["c0"]
    assert hedged["related"][0]["score"] >= matcher.threshold


def test_uncurated_claims_get_derived_quantities(tmp_path):
    doc = _fact_checks("The city planted 12,000 trees along the river.")
    [result] = matcher_for(doc, tmp_path).match(
        ["Officials say the city planted 20,000 trees along the river."])
    verdict = figures_of(result)["20,000"]
    assert verdict["status"] == "conflicting"
    assert [k["value"] for k in verdict["known"]] == [12000]


def test_fact_checks_of_one_statement_all_stay_matches(tmp_path):
    doc = _fact_checks(
        "The city planted 12,000 trees along the river this spring.",
        "Says the city planted 12,000 trees along the river in the spring.")
    [result] = matcher_for(doc, tmp_path).match(
        ["This spring the city planted 12,000 trees along the river, officials say."])
    matches = result["matches"]
    assert {m["claim"]["id"] for m in matches} == {"c0", "c1"}
    # The figure is judged once, against the best-scoring of them.
    judged = [m for m in matches if m["figures"]]
    assert [m["claim"]["id"] for m in judged] == [matches[0]["claim"]["id"]]


def test_a_fact_check_of_another_figure_is_only_related_when_the_figure_is_judged(tmp_path):
    doc = _fact_checks("The city planted 12,000 trees along the river this spring.",
                       "The city spent $4 million planting trees along the river this spring.")
    [result] = matcher_for(doc, tmp_path).match(
        ["This spring the city planted 12,000 trees along the river, officials say."])
    assert [m["claim"]["id"] for m in result["matches"]] == ["c0"]
    assert [r["claim"]["id"] for r in result["related"]] == ["c1"]


def test_only_the_words_the_sources_said_open_the_gate(tmp_path):
    doc = _fact_checks("The Harbor Port Authority seized 4,312 shipping containers.")
    doc["quantities"] = [{"id": "seized", "unit": "count", "noun": "shipping containers",
                          "description": "Cargo boxes confiscated at the waterfront docks"}]
    doc["claims"][0]["figures"] = [{"quantity": "seized", "source": "checker", "value": 4312,
                                    "text": "4,312", "span": [33, 38]}]
    matcher = matcher_for(doc, tmp_path)
    # Only the description's words: no match, even with a figure and the counted noun.
    assert matcher.match(["Cargo confiscated at the waterfront docks filled 90 containers."]
                         )[0]["matches"] == []
    # Two words the source said do open it...
    [said] = matcher.match(["The port authority says it seized 4,000 containers."])
    assert said["matches"]
    # ...and so does one, with a count that repeats the known value with its noun
    # ("shipping" is the one; "containers" is what the figure counts): the pair is weighed
    # by the decision, which a pair sharing one word and a round number never is (it is
    # kept only for words that would say whose count it is, ``Scored.counted``).
    rounded = "Inspectors counted 4,000 shipping containers this year."
    [repeated, kept] = matcher.decide(["Inspectors counted 4,312 shipping containers this "
                                       "year.", rounded], keep=0.0)
    assert repeated.pairs and all(p.scored.score > 0 for p in repeated.pairs)
    assert all(p.scored.score == 0 and p.scored.counted for p in kept.pairs)
    assert matcher.match([rounded])[0] | {"index": 0} == {
        "index": 0, "text": rounded, "matches": [], "related": []}


@pytest.mark.parametrize(("sentence", "figure", "status"), [
    ("25% of the state's children live in poverty.", "25%", "consistent"),
    ("About a quarter of children in the state live in poverty.", "About a quarter",
     "consistent"),
    ("One in three children in the state lives in poverty.", "One in three", "conflicting"),
])
def test_shares_are_judged_against_a_hedged_share(tmp_path, sentence, figure, status):
    doc = _fact_checks("Nearly 1 in 4 children in the state live in poverty.")
    [result] = matcher_for(doc, tmp_path).match([sentence])
    assert figures_of(result)[figure]["status"] == status


def test_a_populations_cues_decide_which_group_a_sentence_speaks_of(tmp_path):
    # "Impounded" is in no claim or description: only a cue can tie it to the containers
    # held in quarantine, whose weapons count is 311, not the seized containers' 57.
    sentence = "Shipping containers impounded at the harbor contain 57 weapons, inspectors found."
    doc = json.loads(DATA.read_text())
    [plain] = matcher_for(doc, tmp_path).match([sentence])
    assert figures_of(plain)["57"]["status"] == "consistent"
    for quantity in doc["quantities"]:
        if quantity["id"] == "held":
            quantity["cues"] = ["impounded"]
    [cued] = matcher_for(doc, tmp_path).match([sentence])
    verdict = figures_of(cued)["57"]
    assert (verdict["status"], verdict["reason"]) == ("conflicting", "other-quantity")
    assert {311, 57} <= {k["value"] for k in verdict["known"]}




def test_a_matched_sentence_without_figures_has_no_verdicts(matcher, response_schema):
    results = matcher.match(["The harbor port authority has seized shipping containers "
                             "since July."])
    jsonschema.validate({"results": results}, response_schema)
    matches = results[0]["matches"]
    assert matches[0]["claim"]["id"] == "seized-count"
    assert all(m["figures"] == [] for m in matches)


def test_scale_words_are_part_of_a_number_not_of_a_topic(tmp_path):
    # "million" is shared, but it only says how large the figures are.
    matcher = matcher_for(_fact_checks("Texas lost 1.2 million jobs during the recession."),
                          tmp_path)
    same, other = matcher.match(["Texas lost 1.2 million jobs in the recession.",
                                 "Texas now has 30 million people."])
    assert [m["claim"]["id"] for m in same["matches"]] == ["c0"]
    assert other["matches"] == []


def test_a_post_is_read_without_its_links_handles_and_signature(tmp_path):
    doc = _fact_checks("Liberals were offended by a World War I memorial and demanded it be "
                       "torn down.", "The city planted 12,000 trees along the river in 2019.")
    matcher = matcher_for(doc, tmp_path)
    clean = "Liberals demand World War I veterans memorial be torn down, 12,000 say."
    noisy = (f"{clean} #o4a https://t.co/qBZGiDA4nG pic.twitter.com/RwkahRkvJE — "
             "Deplorable Mary (@maryqqq) June 1, 2019")
    plain, post = matcher.decide([clean, noisy], keep=0.0)
    assert post.read == clean + " o4a"
    assert [p.scored.claim for p in post.pairs] == [p.scored.claim for p in plain.pairs]
    assert post.pairs[0].probability > 0.5 * plain.pairs[0].probability
    # Figures are still found in the sentence as sent, so their spans point into it.
    [result] = matcher.match([noisy])
    for match in result["matches"]:
        for figure in match["figures"]:
            assert noisy[slice(*figure["span"])] == figure["text"]


def test_an_untitled_fact_check_is_weighed_as_a_titled_one(tmp_path):
    """Its title cosine is put where a title's would be for that text cosine (its text
    would stand for its title, and read nearer than any headline); a titled one's is read."""
    text = "The state's coal mines reopened and hired 2,000 miners last year."
    sentence = "The state's coal mines reopened last year and hired 2,000 miners."
    untitled_doc = _fact_checks(text)
    titled_doc = _fact_checks(text)
    titled_doc["claims"][0]["title"] = "Coal jobs came back, the governor says"
    meaning, title = (DECISION_FEATURES.index(f) for f in ("meaning", "title_meaning"))
    [plain] = matcher_for(untitled_doc, tmp_path).decide([sentence])[0].pairs
    [headed] = matcher_for(titled_doc, tmp_path).decide([sentence])[0].pairs
    low, slope = UNTITLED_MEANING
    assert plain.values[title] == pytest.approx(low + slope * plain.values[meaning])
    assert plain.values[title] < plain.values[meaning]
    assert headed.values[meaning] == pytest.approx(plain.values[meaning])
    assert headed.values[title] != pytest.approx(low + slope * headed.values[meaning])
    # Its cover is scaled as a title would dilute it; an editor's curated claim of the same
    # words (untitled as a rule) is read as it is.
    curated_doc = _fact_checks(text)
    curated_doc["sources"][0]["kind"] = "primary"
    [own] = matcher_for(curated_doc, tmp_path).decide([sentence])[0].pairs
    cover = DECISION_FEATURES.index("cover_claim")
    assert own.values[cover] > 0
    assert plain.values[cover] == pytest.approx(UNTITLED_COVER * own.values[cover])
    assert own.values[title] == pytest.approx(own.values[meaning])


def two_budgets(tmp_path) -> Matcher:
    """A town's budgets for two years, one claim each year giving five departments' sums in
    one sentence; the descriptions tell the years apart."""
    departments = [("Public Library", ["library", "libraries"], 58.1, 64.8),
                   ("Road Maintenance", ["roads", "road repairs"], 96.5, 109.7),
                   ("Fire Department", ["fire", "firefighters"], 203.7, 241.9),
                   ("Police Force", ["police"], 412.6, 471.5),
                   ("Larkin Schools", ["schools"], 287.4, 301.2)]
    quantities, claims = [], []
    for year, state, column in [("2025", "adopted", 2), ("2026", "proposed", 3)]:
        text = (f"The {state} {year} budget of Alderton provides "
                + ", ".join(f"${d[column]} million for the {d[0]}" for d in departments) + ".")
        figures = []
        for department in departments:
            noun, aliases, value = department[0], department[1], department[column]
            qid = f"{noun.split()[-1].lower()}-{year}"
            quantities.append({"id": qid, "description": f"Alderton's {state} budget for "
                               f"fiscal year {year}: the {noun}, in US dollars.",
                               "noun": noun, "aliases": aliases, "unit": "currency",
                               "currency": "USD", "group": f"{state}-{year}"})
            figures.append(quoted_figure(text, f"${value} million", qid, "town",
                                         value * 1e6, unit="currency", currency="USD"))
        claims.append({"id": f"budget-{year}", "text": text,
                       "quotes": [{"source": "town", "text": text}], "figures": figures})
    return primary_matcher(tmp_path, "town", "Town of Alderton", quantities, claims)


def primary_matcher(tmp_path, source: str, publisher: str, quantities: list[dict],
                    claims: list[dict]) -> Matcher:
    """The matcher of a claims file whose one source (``source``) is ``publisher``'s own."""
    doc = {"format": "recount-claims/1", "name": publisher,
           "sources": [{"id": source, "publisher": publisher, "title": None, "url": None,
                        "published": "2026-01-01", "kind": "primary"}],
           "quantities": quantities, "claims": claims}
    return matcher_for(doc, tmp_path)


@pytest.mark.parametrize(("sentence", "figure"), [
    ("Alderton libraries would get $64.8 million under the proposal.", "$64.8 million"),
    ("Road repairs in Alderton would cost $109.7 million under the proposed plan.",
     "$109.7 million"),
    ("Alderton's adopted budget gives its libraries $58.1 million.", "$58.1 million"),
])
def test_a_sum_an_editor_gave_repeated_with_its_words_is_a_match(tmp_path, sentence, figure):
    # A sum written to three digits that an editor gave, with a word of what it pays for
    # around it, is seldom a coincidence: a match whatever its score (a collection this
    # small lifts every score, so none is taken as enough here).
    verdict = repeated(two_budgets(tmp_path), sentence)[figure]
    assert (verdict["status"], verdict["reason"]) == ("consistent", "exact")


@pytest.mark.parametrize("sentence", [
    # the same sum, of nothing the quantity is
    "Alderton's pension fund reported a $64.8 million investment gain in 2026.",
    # what it pays for, with a sum written round or hedged
    "Alderton libraries would get $65 million under the proposal.",
    "Alderton libraries would get about $64.8 million under the proposal.",
])
def test_a_sum_is_no_repeat_without_its_words_or_its_digits(tmp_path, sentence):
    matcher = two_budgets(tmp_path)
    [decided] = matcher.decide([sentence], keep=0.0)
    assert not any(p.scored.repeated for p in decided.pairs)
    matcher.threshold = 1.0
    if "pension" in sentence:
        assert matcher.match([sentence])[0]["matches"] == []


@pytest.mark.parametrize(("sentence", "figure", "reason"), [
    # A sum of what an editor described, round, hedged or wrong, in words that name the
    # story ("Alderton") and whose it is ("the proposal"): read for them, as a count is.
    ("Alderton libraries would get $65 million under the proposal.", "$65 million",
     "rounded"),
    ("Alderton libraries would get about $64.8 million under the proposal.",
     "about $64.8 million", "exact"),
    ("Alderton libraries would get $61.2 million under the proposal.", "$61.2 million",
     "different-value"),
])
def test_a_sum_of_what_an_editor_described_is_read_for_whose_it_is(tmp_path, sentence,
                                                                   figure, reason):
    matcher = two_budgets(tmp_path)
    assert repeated(matcher, sentence)[figure]["reason"] == reason
    # ...not without a word of the story
    unnamed = sentence.replace("Alderton libraries", "Libraries")
    assert matcher.match([unnamed])[0]["matches"] == []


@pytest.mark.parametrize(("sentence", "highlighted"), [
    ("The town's 2025 budget gave the Alderton public libraries $58.1 million, the town "
     "said in its annual report.", True),
    # another year than any the claims, their quantities and sources name
    ("The town's 2019 budget gave the Alderton public libraries $58.1 million, the town "
     "said in its annual report.", False),
    ("In 2019, the town's budget gave the Alderton public libraries $58.1 million, the "
     "town said in its annual report.", False),
    # ...but for a comparison's baseline, or a year things are compared since
    ("The town's budget gives the Alderton public libraries $64.8 million in 2026, up from "
     "$58.1 million in 2019, the town said in its annual report.", True),
    ("The town's budget gives the Alderton public libraries $64.8 million, the most since "
     "2019, the town said in its annual report.", True),
])
def test_a_sentence_of_another_year_repeats_no_claim_of_a_curated_story(tmp_path, sentence,
                                                                        highlighted):
    # Every pair would pass the threshold: only the years decide.
    matcher = two_budgets(tmp_path)
    matcher.threshold = 0.0
    [result] = matcher.match([sentence])
    assert bool(result["matches"]) is highlighted


@pytest.mark.parametrize(("sentence", "highlighted"), [
    ("Alderton's proposed budget provides $64.8 million in funding for its libraries in "
     "2026.", True),
    # the same sum, said to be something no quantity of the claim is
    ("Alderton's proposed budget leaves $64.8 million in reserves in 2026.", False),
    # (what it is, by its head word, not the word before it)
    ("Alderton's proposed budget leaves $64.8 million in budget reserves in 2026.", False),
    # ...or what it is said before it to be the cost of
    ("Alderton's new parking garage will cost $64.8 million, the town said in 2026.", False),
    ("Alderton's public libraries will cost $64.8 million under the 2026 proposal.", True),
    # ...but with a figure that may be anything
    ("Alderton's proposed budget leaves $64.8 million in reserves, and $2.1 million more, "
     "in 2026.", True),
    ("Alderton's proposed budget leaves $64.8 million in reserves and 210 vacancies in 2026.",
     True),
])
def test_a_sentence_whose_figures_are_all_other_things_repeats_no_curated_claim(
        tmp_path, sentence, highlighted):
    # Every pair would pass the threshold: only what the figures are said to be decides.
    matcher = two_budgets(tmp_path)
    matcher.threshold = 0.0
    assert bool(matcher.match([sentence])[0]["matches"]) is highlighted


def two_outages(tmp_path) -> Matcher:
    """Two counties' homes damaged and days without power in one flood, each figure its
    own claim; the editor gave each group's cues (its county, its board) to its homes."""
    quantities, claims = [], []
    for county, other, homes, days in [("Ashby", "Wren", 2_318, 6), ("Wren", "Ashby", 1_146, 13)]:
        group = county.lower()
        quantities += [
            {"id": f"{group}-homes", "description": f"Homes damaged in {county} County by the "
             f"Quill River flood of April 2027 ({county} County only, not {other} County).",
             "noun": "homes", "aliases": ["homes damaged"], "unit": "count", "group": group,
             "cues": [f"{county} County", county, f"{county} County Board of Supervisors"]},
            {"id": f"{group}-days", "description": f"Days until power was restored to every "
             f"customer in {county} County after the Quill River flood of April 2027 ({county} "
             f"County only, not {other} County).", "noun": "days",
             "aliases": ["to restore power", "restored", "power back"], "unit": "duration",
             "group": group}]
        for kind, text, written, value, extra in [
                ("homes", f"The Quill River flood damaged {homes:,} homes in {county} County.",
                 f"{homes:,}", homes, {"unit": "count"}),
                ("days", f"Power was restored to all of {county} County {days} days after the "
                 "Quill River flood.", f"{days} days", days, {"unit": "duration",
                                                             "noun": "days"})]:
            claims.append({"id": f"{group}-{kind}", "text": text,
                           "quotes": [{"source": "utility", "text": text}],
                           "figures": [quoted_figure(text, written, f"{group}-{kind}",
                                                     "utility", value, **extra)]})
    return primary_matcher(tmp_path, "utility", "Quill Power", quantities, claims)


@pytest.mark.parametrize(("sentence", "figure", "reason"), [
    # A duration of what an editor described, whatever its value, with a word of what it
    # is beside its unit ("restored") and a name of the story: read for whose it is.
    ("Power was fully restored across Ashby County after nine days.", "nine",
     "different-value"),
    ("Power was fully restored across Ashby County after 13 days.", "13", "other-quantity"),
    # A body of the group's, named in cues the editor gave the group's other quantity.
    ("Nearly two weeks to restore power is too long, said the chairman of the Wren County "
     "Board of Supervisors.", "Nearly two", "rounded"),
])
def test_a_duration_of_what_an_editor_described_is_read_for_whose_it_is(tmp_path, sentence,
                                                                       figure, reason):
    assert repeated(two_outages(tmp_path), sentence)[figure]["reason"] == reason


def test_a_difference_of_durations_is_no_duration_an_editor_gave(tmp_path):
    matcher = two_outages(tmp_path)
    matcher.threshold = 0.0
    # 7 days is how much longer Wren waited (13 against 6), not how long either did.
    [result] = matcher.match(["Power was restored to all of Wren County 7 days later than "
                              "to Ashby County after the Quill River flood."])
    assert result["matches"] and not any(m["figures"] for m in result["matches"])
    [result] = matcher.match(["Power was restored to all of Wren County 7 days after the "
                              "Quill River flood."])
    assert [f["reason"] for m in result["matches"] for f in m["figures"]] == [
        "different-value"]


def repeated(matcher: Matcher, sentence: str) -> dict[str, dict]:
    """The figure verdicts of a sentence's one match, which must be a match by what its
    figures repeat or count (``repeats``), no score being taken as enough."""
    matcher.threshold = 1.0
    [result] = matcher.match([sentence])
    assert [m["repeats"] for m in result["matches"]] == [True]
    return figures_of(result)


def two_budgets_of_one_agency(tmp_path) -> Matcher:
    """A transit agency's operating budgets for its buses and its light rail in one year,
    one claim each; the groups' cues are the modes."""
    quantities, claims = [], []
    for mode, cue, value in [("bus", "buses", 48.3), ("rail", "light rail", 31.6)]:
        text = f"In 2025 Calder Regional Transit spent ${value} million on its {cue}."
        quantities.append({"id": f"{mode}-budget", "description": f"Operating budget of "
                           f"Calder Regional Transit's {cue} in 2025, in US dollars.",
                           "noun": "operating budget", "aliases": ["spent"],
                           "unit": "currency", "currency": "USD", "group": mode,
                           "cues": [cue]})
        claims.append({"id": f"{mode}-2025", "text": text,
                       "quotes": [{"source": "agency", "text": text}],
                       "figures": [quoted_figure(text, f"${value} million", f"{mode}-budget",
                                                 "agency", value * 1e6, unit="currency",
                                                 currency="USD")]})
    return primary_matcher(tmp_path, "agency", "Calder Regional Transit", quantities, claims)


@pytest.mark.parametrize(("sentence", "reason"), [
    # a sum of what an editor described, whatever its value, with a rare word of the story
    ("Calder spent $52 million on its buses in 2025.", "different-value"),
    # ...not with one said of many stories ("transit", which a repeated value or a count
    # with its noun would do with)
    ("Transit agencies spent $52 million on buses in 2025.", None),
])
def test_a_sum_read_whatever_its_value_needs_a_rare_word_of_the_story(tmp_path, sentence,
                                                                      reason):
    matcher = two_budgets_of_one_agency(tmp_path)
    matcher.threshold = 1.0
    [result] = matcher.match([sentence])
    if reason is None:
        assert result["matches"] == []
    else:
        assert figures_of(result)["$52 million"]["reason"] == reason


def two_towns_lead(tmp_path) -> Matcher:
    """Two towns' shares of tap samples over the lead action level and the cost of
    replacing their lead lines, each town a group with cues, each town's figures one claim."""
    quantities, claims = [], []
    for town, other, share, cost in [("Harwick", "Lessby", 14.2, 52.3),
                                     ("Lessby", "Harwick", 31.8, 24.9)]:
        group = town.lower()
        quantities += [
            {"id": f"{group}-samples", "group": group, "unit": "percent",
             "noun": "tap samples", "aliases": ["samples", "above the action level"],
             "description": f"Share of {town}'s tap samples above the lead action level "
             f"({town} only, not {other}).", "cues": [town, f"{town}'s"]},
            {"id": f"{group}-cost", "group": group, "unit": "currency", "currency": "USD",
             "noun": "cost of replacing the lead lines", "aliases": ["cost", "replacing"],
             "description": f"Estimated cost of replacing {town}'s lead service lines "
             f"({town} only, not {other})."}]
        text = (f"In {town}, {share} percent of tap samples were above the lead action "
                f"level, and replacing its lead lines will cost ${cost} million.")
        claims.append({"id": f"{group}-lead", "text": text,
                       "quotes": [{"source": "agency", "text": text}],
                       "figures": [quoted_figure(text, f"{share} percent", f"{group}-samples",
                                                 "agency", share, unit="percent"),
                                   quoted_figure(text, f"${cost} million", f"{group}-cost",
                                                 "agency", cost * 1e6, unit="currency",
                                                 currency="USD")]})
    return primary_matcher(tmp_path, "agency", "State Health Agency", quantities, claims)


@pytest.mark.parametrize(("sentence", "figure", "reason"), [
    # A share said as a fraction of a noun a percentage counts, with a name of the story:
    # read for whose it is, whatever its score, as a percentage would be.
    ("Almost a third of Lessby's tap samples were above the action level.",
     "Almost a third", "rounded"),
    ("Nearly a third of Harwick's tap samples were above the action level.",
     "Nearly a third", "other-quantity"),
    ("More than half of Lessby's tap samples were above the action level.",
     "More than half", "different-value"),
])
def test_a_share_said_as_a_fraction_is_read_for_whose_it_is(tmp_path, sentence, figure,
                                                            reason):
    assert repeated(two_towns_lead(tmp_path), sentence)[figure]["reason"] == reason


@pytest.mark.parametrize(("sentence", "highlighted"), [
    ("Replacing Harwick's lead lines will cost $24.9 million, the agency said.", True),
    # "cost" ties the sum to what it is the cost of; it names no quantity by itself
    ("Harwick's new wastewater plant will cost $24.9 million, the agency said.", False),
    # a sum over a period no quantity of the claim is over, in words naming none of its
    # nouns, is another sum...
    ("Harwick's water utility runs on $24.9 million a year, the agency said of its lead "
     "crisis.", False),
    # ...but with them, it may be a rate of the claim's (no verdict: not its figure)
    ("Replacing Harwick's lead lines will cost $24.9 million a year, the agency said.", True),
])
def test_a_sum_said_to_be_the_cost_of_another_thing_is_not_a_curated_cost(
        tmp_path, sentence, highlighted):
    matcher = two_towns_lead(tmp_path)
    matcher.threshold = 0.0  # every pair would pass: only what the sum is decides
    assert bool(matcher.match([sentence])[0]["matches"]) is highlighted


def one_advisory(tmp_path) -> Matcher:
    """A stand-alone figure (no group): how long a town's do-not-drink advisory lasted."""
    text = "The Harwick Water Company's do-not-drink advisory for Harwick lasted 47 days."
    quantities = [{"id": "advisory-days", "unit": "duration", "noun": "days",
                   "aliases": ["do-not-drink advisory", "advisory"],
                   "description": "Length of the do-not-drink advisory the Harwick Water "
                   "Company issued for Harwick in May 2028, in days."}]
    claims = [{"id": "advisory", "text": text, "quotes": [{"source": "utility", "text": text}],
               "figures": [quoted_figure(text, "47 days", "advisory-days", "utility", 47,
                                         unit="duration", noun="days")]}]
    return primary_matcher(tmp_path, "utility", "Harwick Water Company", quantities, claims)


_QUEUED = "Harwick residents queued for bottled water at the fire station."


@pytest.mark.parametrize(("page", "sentence", "reason"), [
    # Alone, the sentence names no story: any town's advisory could have lasted 74 days.
    ([], "The do-not-drink advisory lasted 74 days.", None),
    # On a page that names the story, it is the story's advisory, and wrong.
    ([_QUEUED], "The do-not-drink advisory lasted 74 days.", "different-value"),
    # ...unless the sentence names something of its own that the story does not.
    ([_QUEUED], "In Lessby, the do-not-drink advisory lasted 74 days.", None),
])
def test_a_page_may_name_the_story_a_sentence_does_not(tmp_path, page, sentence, reason):
    matcher = one_advisory(tmp_path)
    matcher.threshold = 1.0  # no score is enough: only what the figure repeats decides
    result = matcher.match([*page, sentence])[-1]
    if reason is None:
        assert result["matches"] == []
    else:
        assert figures_of(result)["74"]["reason"] == reason
        assert [m["repeats"] for m in result["matches"]] == [True]
