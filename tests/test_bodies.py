"""text/bodies: the bodies a text names, and whether a sentence names one a claim never does."""

from __future__ import annotations

import pytest

from server.text.bodies import another_body, bodies, named_words


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
