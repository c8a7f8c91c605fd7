"""Places a text names, and when two texts name other places."""

from __future__ import annotations

import pytest

from server.text.places import elsewhere, national, places


@pytest.mark.parametrize(("text", "found"), [
    ("California released 3,000 people.", {"US-CA"}),
    # the longest name first, possessives and compounds
    ("New Mexico and West Virginia", {"US-NM", "US-WV"}),
    ("New York's failure to honor detainers", {"US-NY"}),
    ("the U.S.-Mexico border", {"US", "MX"}),
    ("Texas-sized budgets", {"US-TX"}),
    # the names English news uses beside the ISO lists'
    ("Russia and Turkey", {"RU", "TR"}),
    ("In America, and in Britain", {"US", "GB"}),
    ("Washington, D.C. spends", {"US-DC"}),
    # the narrowest of places one within another
    ("the U.S. Department of Homeland Security said New York released them", {"US-NY"}),
    # words made from names, regions and names that are more often people: no place
    ("American cities and Americans", set()),
    ("Latin America grew", set()),
    ("Chad and Jordan voted", set()),
    ("USAID said", set()),
])
def test_places_a_text_names(text, found):
    assert places(text) == found


@pytest.mark.parametrize(("said", "claimed", "other"), [
    ("California released 3,000.", "New York released 6,947.", True),
    ("New Jersey holds 1,200.", "New York holds 7,113.", True),
    # a place within the other's, or one of several in common: the same place
    ("New York City released 2,000.", "The United States released 6,947.", False),
    ("New York released 6,947, unlike California.", "New York released 6,947.", False),
    # a text that names no place tells nothing
    ("The state released 6,947.", "New York released 6,947.", False),
    ("California released 3,000.", "The state released 6,947.", False),
    # a name that is two places is either
    ("Georgia passed it.", "The United States passed it.", False),
])
def test_other_places(said, claimed, other):
    assert elsewhere(places(said), places(claimed)) is other


@pytest.mark.parametrize(("text", "whole"), [
    ("Nationally, 84.6 percent of wildfires in 2025 were caused by people.", True),
    ("About 85 percent of wildfires nationwide are caused by people.", True),
    ("There are at least 2 million criminal aliens now inside the country.", True),
    ("The national average is 12 percent.", True),
    # a country's cities, a national body: no figure of the whole nation
    ("DHS claims 9 of the 10 safest cities in the country cooperate with ICE.", False),
    ("The National Weather Service counted 41 fires in the county.", False),
])
def test_a_text_that_speaks_of_the_whole_nation(text, whole):
    assert national(text) is whole
