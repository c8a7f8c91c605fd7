"""How the reader pages write a figure's value: with its unit and in the words a reader
uses for a large one ("52%", "$70 billion", "5.7 million", "2 years", "1/3"), one way on
the claim page and the quantity page alike. Flask-free."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

#: Scale words a large value is written with, largest first.
SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))
#: Currencies written with their sign before the amount; others get their ISO code.
SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
#: Fractions written as such ("1/3", "3/4") up to this denominator; finer ones as percents.
MAX_DENOMINATOR = 12
#: Between a number and its scale word or unit, so a narrow column never splits them.
NBSP = "\u00a0"


def number(value: Any) -> str:
    """1234.0 -> "1,234"; 0.25 -> "0.25"; 1.2345678901234568e+29 ->
    "123,456,789,012,345,680,000,000,000,000" (only the digits the stored value holds, not
    the float's binary noise)."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    v = float(value) or 0.0  # -0.0 reads as 0
    if not math.isfinite(v):
        return str(v)
    return f"{Decimal(repr(v)):,f}".removesuffix(".0") if v.is_integer() else f"{v:,}"


def amount(value: Any) -> str:
    """A number as a reader writes it: 5,700,000 -> "5.7 million", 70,000,000,000 -> "70
    billion"; a scale word only where it keeps every digit (1,234,567 stays as it is) and
    reads shorter (not "123,456,789,012,345,680 trillion")."""
    v = float(value)
    for size, word in SCALES:
        if abs(v) < size:
            continue
        short = v / size
        if abs(short) < 1000 and math.isclose(short, round(short, 3), rel_tol=1e-12):
            return f"{number(round(short, 3))}{NBSP}{word}"
        break
    return number(value)


def _fraction(value: float) -> str:
    near = Fraction(value).limit_denominator(MAX_DENOMINATOR)
    if near.denominator > 1 and math.isclose(float(near), value, rel_tol=1e-9):
        return f"{near.numerator}/{near.denominator}"
    return f"{number(round(value * 100, 1))}%"


def _money(value: float, currency: str | None) -> str:
    # Cents where the amount has them ("$2.50"), none where it has not ("$500").
    digits = amount(abs(value)) if value.is_integer() or abs(value) >= 1000 \
        else f"{abs(value):,.2f}"
    sign = "-" if value < 0 else ""
    code = currency or ""
    if code in SIGNS:
        return f"{sign}{SIGNS[code]}{digits}"
    return f"{sign}{code}{NBSP}{digits}" if code else f"{sign}{digits}"


def in_words(value: Any, unit: str | None = None, currency: str | None = None,
             noun: str | None = None) -> str:
    """One value with its unit: "52%", "$70 billion", "1/3", "2 years", "6,947"."""
    if value is None:
        return ""
    v = float(value)
    if not math.isfinite(v):
        return number(v)
    if unit == "percent":
        return f"{number(value)}%"
    if unit == "currency":
        return _money(v, currency)
    if unit == "fraction":
        return _fraction(v)
    if unit == "duration" and noun:
        return f"{amount(value)}{NBSP}{noun}"
    return amount(value)


def figure_value(figure: dict[str, Any]) -> str:
    """A stored figure's value (a claim's figure, or a value on a quantity's page) as the
    reader pages write it, with the whole it is part of: "29 of 6,947", "$150 million"."""
    unit, currency, noun = figure.get("unit"), figure.get("currency"), figure.get("noun")
    said = in_words(figure.get("value"), unit, currency, noun)
    if figure.get("of") is not None:
        return f"{said} of {in_words(figure['of'], unit, currency, noun)}"
    return said
