"""Superlatives said outright or as one of several (``text.superlatives``)."""

from __future__ import annotations

import pytest

from server.text.superlatives import hedged_apart, superlative, superlatives


@pytest.mark.parametrize("word", ["highest", "safest", "biggest", "deadliest", "costliest",
                                  "best", "worst", "latest"])
def test_superlatives_are_read(word):
    assert superlative(word)


@pytest.mark.parametrize("word", ["interest", "forest", "modest", "protest", "honest",
                                  "west", "most", "rest"])
def test_other_est_words_are_not(word):
    assert not superlative(word)


def test_outright_and_hedged_superlatives():
    outright, hedged = superlatives(
        "It is the safest city in the state and one of the most dangerous in the nation, "
        "among the world's largest.")
    assert outright == {"safest"}
    assert hedged == {"most dangerous", "largest"}


@pytest.mark.parametrize(("text", "other"), [
    ("We have one of the highest business tax rates anywhere in the world.",
     "We have the highest tax rate anywhere in the world."),
    ("El Paso is among the safest cities in the country.",
     'El Paso is the "safest city in the United States."'),
    ("the most expensive drug prices", "one of the most expensive drug prices"),
    ("El Paso was one of the U.S. most dangerous cities.", "the most dangerous city"),
])
def test_a_superlative_hedged_in_one_text_only_sets_them_apart(text, other):
    assert hedged_apart(text, other) and hedged_apart(other, text)


@pytest.mark.parametrize(("text", "other"), [
    ("We have the highest tax rate in the world.", "Our tax rate is the highest in the world."),
    ("one of the highest rates", "one of the highest rates anywhere"),
    ("we have one of lowest voter turnouts", "one of the lowest voter turnouts"),
    ("one of the single largest increases", "one of the largest increases in history"),
    ("El Paso was never one of the most dangerous cities",
     "El Paso was one of the U.S. most dangerous cities"),
    ("one of the only major countries", "the only major country"),  # no superlative
    ("one of the interest groups", "the interest groups"),
    ("one of the highest rates", "a rate that nobody pays"),  # not said in the other at all
])
def test_otherwise_they_are_not_set_apart(text, other):
    assert not hedged_apart(text, other)
