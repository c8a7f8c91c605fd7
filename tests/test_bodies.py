"""text/bodies: the bodies a text names, and whether a sentence names one a claim never does."""

from __future__ import annotations

import pytest

from server.text.bodies import another_body, another_owner, bodies, named_bodies, named_words


@pytest.mark.parametrize(("text", "names"), [
    ("The Tolland Transit Authority said its buses were involved.", [{"tolland"}]),
    ("Corriston Regional Transit (CRT) buses", [{"corriston", "regional"}]),
    ("Nurses at Calder Memorial Hospital's triage desks", [{"calder", "memorial"}]),
    ("Kansas City released 300 people.", [{"kansas"}]),
    ("The Lakeport Employees' Retirement System reported",
     [{"lakeport", "employees", "retirement"}]),
    # a name that goes on after "of", up to a title of office
    ("Department of Homeland Security Assistant Secretary Tricia McLaughlin said",
     [{"homeland", "security"}]),
    # two names joined by "and": the body is the one its kind ends
    ("sanctuary policies in Albany and New York City", [{"new", "york"}]),
    # no kind of body, or a kind alone: no body
    ("Governor Hochul and Mayor Mamdani", []),
    ("The Department said so.", []),
    ("U.S. Immigration and Customs Enforcement", []),
])
def test_bodies(text, names):
    assert [set(n) for n in bodies(text)] == names


def test_a_body_is_another_when_a_word_of_its_name_is_unknown():
    known = named_words(["Calder Regional Transit buses were involved in 4,618 incidents.",
                         "Calder Regional Transit"])
    assert not another_body("Calder Regional Transit's buses had 4,618 incidents.", known)
    assert not another_body("The agency's buses had 4,618 incidents.", known)
    assert another_body("Corriston Regional Transit's buses had 4,618 incidents.", known)
    assert another_body("Calder Unified School District buses had 173 assaults.", known)


@pytest.mark.parametrize(("text", "found"), [
    # a name in capitals, its kind in lower case after it
    ("The Halvering school district ended 2025 with 213 vacancies.",
     [({"halvering"}, {"school", "district"})]),
    ("the Port Ellery school district's deficit", [({"port", "ellery"}, {"school", "district"})]),
    ("Tollingford Elementary enrolls 83 children.", [({"tollingford"}, {"elementary"})]),
    ("Calder Regional Transit buses", [({"calder", "regional"}, {"transit"})]),
    # a possessive owns what follows it: "Calder's police" is no body named "Calder police"
    ("Calder's police reported 41 thefts.", []),
])
def test_named_bodies_have_kinds(text, found):
    assert [(set(n), set(k)) for n, k in named_bodies(text)] == found


def test_a_body_is_another_when_no_word_of_its_kind_is_known():
    # The town's own name, but a kind of body its claims never speak of.
    known = named_words(["In Tollingford, 57 children had elevated blood-lead levels.",
                         "Tollingford Water Department"])
    assert another_body("Tollingford Elementary enrolls 83 children.", known)
    assert another_body("The Tollingford school district enrolls 83 children.", known)
    assert not another_body("The Tollingford Water Department counted 83 children.", known)


@pytest.mark.parametrize(("sentence", "another"), [
    # an owner the story never names, of something it speaks of
    ("Kessler Valley's streetcar line struck 41 pedestrians.", True),
    ("Neighboring Ashford's council adopted a budget.", True),
    # the story's own owner, or one that owns nothing the story speaks of
    ("Calder's light rail struck 41 pedestrians.", False),
    ("Gov. Kathy Hochul's office disputed the count.", False),
    # what a person holding an office has is no other body's
    ("Mayor Voss's administration said the streetcar line struck 41 pedestrians.", False),
    # a body the claim names, owned: no common noun after the possessive
    ("Trump's DHS said the streetcar line struck 41 pedestrians.", False),
    # days and months own nothing
    ("Thursday's report says the streetcar line struck 41 pedestrians.", False),
    # a common word opening the sentence is no part of the owner's name
    ("Ask Calder's streetcar line riders: it struck 41 pedestrians.", False),
    ("Across Kessler's streetcar line, 41 pedestrians were struck.", True),
])
def test_an_owner_the_story_never_names(sentence, another):
    known = named_words(["Calder Regional Transit's streetcar line struck 41 pedestrians.",
                         "DHS", "The council adopted a budget."])
    assert another_owner(sentence, known) is another


@pytest.mark.parametrize(("sentence", "claimed", "another"), [
    # a place: another unless it lies within one the claim names, or they within it
    ("Canada's health agency counted 41 pedestrians struck.", [], True),
    ("Canada's health agency counted 41 pedestrians struck.", ["US"], True),
    ("America's streetcar lines struck 41 pedestrians.", ["US-NY"], False),
])
def test_an_owner_that_is_a_place(sentence, claimed, another):
    known = named_words(["The streetcar line struck 41 pedestrians, the health agency said."])
    assert another_owner(sentence, known, claimed) is another
