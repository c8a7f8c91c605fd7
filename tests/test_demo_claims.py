"""Checks on the demo claim database shared/claims/ny-detainers.json.

The file is curated by hand; these tests keep it loadable (it must match the claims-file
JSON Schema) and internally consistent (every id it refers to exists, every figure's span
points at its text inside the quote it belongs to, and every figure's interval agrees with
its hedge).

When the team material (../shared/articles) is beside the repository, it also checks that
every quote appears verbatim in one of the source articles.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from .conftest import team_shared

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "shared" / "schemas" / "claims-file.schema.json"
CLAIMS_PATH = ROOT / "shared" / "claims" / "ny-detainers.json"

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "twice": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a dozen": 12,
    "dozen": 12,
}


def _no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    duplicates = sorted(key for key, n in Counter(keys).items() if n > 1)
    if duplicates:
        raise ValueError(f"duplicate keys in JSON object: {duplicates}")
    return dict(pairs)


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicate_keys)


@pytest.fixture(scope="module")
def schema():
    return _load(SCHEMA_PATH)


@pytest.fixture(scope="module")
def data():
    return _load(CLAIMS_PATH)


def _figures(data):
    for claim in data["claims"]:
        for figure in claim.get("figures", []):
            yield claim, figure


def _quote_for(claim, source_id):
    matches = [q for q in claim["quotes"] if q["source"] == source_id]
    assert len(matches) == 1, (
        f"claim {claim['id']}: expected one quote from {source_id}, found {len(matches)}"
    )
    return matches[0]["text"]


_WORDS = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
_NUMBER = re.compile(rf"(?P<digits>\d[\d,]*(?:\.\d+)?)|\b(?P<word>{_WORDS})\b")


def _numbers(text: str) -> list[float]:
    """The numbers a figure's surface text states, in order ('Seven of the 10' -> [7, 10])."""
    found = []
    for match in _NUMBER.finditer(text.lower()):
        if match["digits"]:
            found.append(float(match["digits"].replace(",", "")))
        else:
            found.append(float(NUMBER_WORDS[match["word"]]))
    return found


# --------------------------------------------------------------------------- schema


def test_schema_is_valid_draft_2020_12(schema):
    Draft202012Validator.check_schema(schema)


def test_file_matches_schema(schema, data):
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors
    )


# --------------------------------------------------------------------------- ids and references


@pytest.mark.parametrize("section", ["sources", "quantities", "claims"])
def test_ids_are_unique(data, section):
    counts = Counter(item["id"] for item in data.get(section, []))
    assert not [i for i, n in counts.items() if n > 1], f"duplicate {section} ids"


def test_referenced_sources_exist(data):
    source_ids = {s["id"] for s in data["sources"]}
    for claim in data["claims"]:
        for quote in claim["quotes"]:
            assert quote["source"] in source_ids, (claim["id"], quote["source"])
    for claim, figure in _figures(data):
        assert figure["source"] in source_ids, (claim["id"], figure["source"])


def test_referenced_quantities_exist(data):
    quantity_ids = {q["id"] for q in data.get("quantities", [])}
    for claim, figure in _figures(data):
        assert figure["quantity"] in quantity_ids, (claim["id"], figure["quantity"])


def test_cites_point_to_primary_sources(data):
    by_id = {s["id"]: s for s in data["sources"]}
    for source in data["sources"]:
        cites = source.get("cites", [])
        if cites:
            assert source["kind"] in ("news", "fact-check"), source["id"]
        assert len(cites) == len(set(cites)), source["id"]
        for cited in cites:
            assert cited in by_id, (source["id"], cited)
            assert by_id[cited]["kind"] == "primary", (source["id"], cited)
            assert cited != source["id"]


def test_every_source_is_used(data):
    used = {q["source"] for c in data["claims"] for q in c["quotes"]}
    used |= {cited for s in data["sources"] for cited in s.get("cites", [])}
    unused = [s["id"] for s in data["sources"] if s["id"] not in used]
    assert not unused, f"sources neither quoted nor cited: {unused}"


def test_every_quantity_is_used(data):
    used = {f["quantity"] for _, f in _figures(data)}
    unused = [q["id"] for q in data.get("quantities", []) if q["id"] not in used]
    assert not unused, f"quantities without figures: {unused}"


def test_one_quote_per_source_per_claim(data):
    for claim in data["claims"]:
        counts = Counter(q["source"] for q in claim["quotes"])
        assert all(n == 1 for n in counts.values()), claim["id"]


def test_quotes_are_trimmed(data):
    for claim in data["claims"]:
        for quote in claim["quotes"]:
            assert quote["text"] == quote["text"].strip(), (claim["id"], quote["source"])


# --------------------------------------------------------------------------- figures


def test_figure_spans_match_their_quote(data):
    for claim, figure in _figures(data):
        quote = _quote_for(claim, figure["source"])
        start, end = figure["span"]
        assert 0 <= start < end <= len(quote), (claim["id"], figure["span"])
        assert quote[start:end] == figure["text"], (
            f"claim {claim['id']}: span {figure['span']} of the {figure['source']} quote is "
            f"{quote[start:end]!r}, not {figure['text']!r}"
        )


def test_figures_do_not_overlap(data):
    for claim in data["claims"]:
        by_source: dict[str, list[tuple[int, int]]] = {}
        for figure in claim.get("figures", []):
            by_source.setdefault(figure["source"], []).append(tuple(figure["span"]))
        for spans in by_source.values():
            spans.sort()
            for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
                assert end <= start, (claim["id"], spans)


def test_figure_units_match_quantities(data):
    units = {q["id"]: q["unit"] for q in data.get("quantities", [])}
    for claim, figure in _figures(data):
        if "unit" in figure:
            assert figure["unit"] == units[figure["quantity"]], (claim["id"], figure["quantity"])


def test_figure_values_and_intervals(data):
    for claim, figure in _figures(data):
        where = f"claim {claim['id']}, figure {figure['text']!r} ({figure['source']})"
        value, low, high = figure["value"], figure.get("low"), figure.get("high")
        for name, number in (("value", value), ("low", low), ("high", high)):
            if number is not None:
                assert isinstance(number, int | float) and not isinstance(number, bool), where
                assert number >= 0, f"{where}: negative {name}"
        if low is not None:
            assert low <= value, f"{where}: low {low} > value {value}"
        if high is not None:
            assert value <= high, f"{where}: value {value} > high {high}"
        if figure.get("of") is not None:
            assert 0 <= value <= figure["of"], where

        hedge = figure.get("hedge")
        if hedge is not None:
            assert hedge == hedge.lower() == hedge.strip(), f"{where}: hedge not lower-case"
            assert figure["text"].lower().startswith(hedge), f"{where}: hedge not in text"
        if hedge in ("more than", "over", "at least"):
            assert low == value and high is None, f"{where}: open interval expected"
        elif hedge in ("nearly", "almost", "just under"):
            assert high == value, f"{where}: high should equal value"
            assert low is not None and 0.8 * value <= low < value, f"{where}: low ~ value-10%"
        elif hedge in ("about", "around", "roughly", "approximately"):
            assert low is not None and high is not None, where
            assert 0.9 * value <= low <= value <= high <= 1.1 * value, where
        elif hedge is None:
            assert low in (None, value) and high in (None, value), f"{where}: unhedged interval"


def test_figure_text_states_its_value(data):
    for claim, figure in _figures(data):
        stated = _numbers(figure["text"])
        assert stated, f"claim {claim['id']}: no number in {figure['text']!r}"
        assert stated[0] == figure["value"], (claim["id"], figure["text"], figure["value"])
        if figure.get("of") is not None:
            assert len(stated) == 2, (claim["id"], figure["text"])
            assert stated[1] == figure["of"], (claim["id"], figure["text"], figure["of"])


# --------------------------------------------------------------------------- content

RELEASED = {
    "ny-released-count": 6947,
    "ny-released-homicides": 29,
    "ny-released-assaults": 2509,
    "ny-released-burglaries": 199,
    "ny-released-robberies": 305,
    "ny-released-dangerous-drugs-offenses": 392,
    "ny-released-weapons-offenses": 300,
    "ny-released-sexual-predatory-offenses": 207,
}
CUSTODY = {
    "ny-custody-count": 7113,
    "ny-custody-homicides": 148,
    "ny-custody-assaults": 717,
    "ny-custody-burglaries": 134,
    "ny-custody-robberies": 106,
    "ny-custody-dangerous-drugs-offenses": 235,
    "ny-custody-weapons-offenses": 152,
    "ny-custody-sexual-predatory-offenses": 260,
}


@pytest.mark.parametrize(
    ("group", "expected"), [("ny-released", RELEASED), ("ny-custody", CUSTODY)]
)
def test_dhs_populations_keep_their_own_breakdowns(data, group, expected):
    quantities = {q["id"]: q for q in data["quantities"]}
    members = {qid for qid, q in quantities.items() if q.get("group") == group}
    assert members == set(expected)
    primary = {s["id"] for s in data["sources"] if s["kind"] == "primary"}
    for qid, value in expected.items():
        exact = [
            f["value"]
            for _, f in _figures(data)
            if f["quantity"] == qid and f["source"] in primary and f.get("hedge") is None
        ]
        assert exact, f"no exact primary figure for {qid}"
        assert set(exact) == {value}, (qid, exact)


def test_released_and_custody_are_separate_claims(data):
    for claim in data["claims"]:
        groups = {
            q["group"]
            for q in data["quantities"]
            if q["id"] in {f["quantity"] for f in claim.get("figures", [])}
        }
        assert not {"ny-released", "ny-custody"} <= groups, claim["id"]


def test_headcount_quantities_have_nouns_and_aliases(data):
    for quantity in data["quantities"]:
        if quantity.get("group") in ("ny-released", "ny-custody"):
            assert quantity.get("noun"), quantity["id"]
            assert quantity.get("aliases"), quantity["id"]


# --------------------------------------------------------------------------- optional


def test_quotes_are_verbatim_in_articles(data):
    folder = team_shared("articles")
    articles = [p.read_text(encoding="utf-8") for p in folder.glob("*.txt")]
    assert articles, f"no *.txt in {folder}"
    for claim in data["claims"]:
        for quote in claim["quotes"]:
            assert any(quote["text"] in text for text in articles), (claim["id"], quote["source"])
