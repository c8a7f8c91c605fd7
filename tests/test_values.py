"""How the reader pages write a value: with its unit, and large ones in a reader's words."""

from __future__ import annotations

import pytest

from server.values import figure_value, in_words

NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "unit", "currency", "noun", "written"), [
    (52, "percent", None, None, "52%"),
    (-3.5, "percent", None, None, "-3.5%"),
    (4250, "percent", None, None, "4,250%"),
    (70e9, "currency", "USD", None, f"$70{NBSP}billion"),
    (1.2e12, "currency", "USD", None, f"$1.2{NBSP}trillion"),
    (500_000, "currency", "USD", None, "$500,000"),
    (2.5, "currency", "USD", None, "$2.50"),
    (-3e6, "currency", "EUR", None, f"-€3{NBSP}million"),
    (1000, "currency", "CHF", None, f"CHF{NBSP}1,000"),
    (5_700_000, "count", None, "people", f"5.7{NBSP}million"),
    (1_234_567, "count", None, None, "1,234,567"),  # a scale word would drop digits
    (6947, "count", None, None, "6,947"),
    (1 / 3, "fraction", None, "people", "1/3"),
    (0.37, "fraction", None, None, "37%"),
    (2, "duration", None, "years", f"2{NBSP}years"),
    (1.2345678901234568e29, "count", None, None, "123,456,789,012,345,680,000,000,000,000"),
])
def test_a_value_is_written_with_its_unit(value, unit, currency, noun, written):
    assert in_words(value, unit, currency, noun) == written


def test_a_part_is_written_with_its_whole():
    assert figure_value({"value": 29, "of": 6947, "unit": "count"}) == "29 of 6,947"
    assert figure_value({"value": 52, "of": None, "unit": "percent"}) == "52%"
