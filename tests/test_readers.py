"""The Flask-free pieces behind what readers see: population labels, the quantity page's
conflicts and chart, wording for unrecorded publishers and dates, and loose search."""

from __future__ import annotations

from itertools import pairwise

import pytest

from server.chart import GAP, NARROW_MIN, WIDE_MIN, chart, label_width
from server.readers import claim_names, conflicts, published
from server.search import search_claims
from server.store import Corpus
from server.verdict.labels import population, publisher

RELEASED = ("Number of homicides among the crimes DHS attributes to the people with an active "
            "ICE detainer whom New York jurisdictions released since January 20, 2025 (DHS does "
            "not say whether these are charges or convictions).")
CUSTODY = ("Number of homicides among the crimes DHS attributes to the people in the custody of "
           "New York jurisdictions (state and local) with an active ICE detainer (DHS does not "
           "say whether these are charges or convictions).")


def test_population_names_what_sets_two_groups_apart():
    assert population(CUSTODY, RELEASED) == ("people in the custody of New York jurisdictions "
                                             "with an active ICE detainer")
    assert population(RELEASED, CUSTODY) == ("people with an active ICE detainer whom New York "
                                             "jurisdictions released since January 20, 2025")
    assert population("Ferries counted.", "Potholes filled.") is None  # nothing shared
    assert population(RELEASED, RELEASED) is None


def _value(text, value, low=None, high=None, publisher_="DHS", when=None, kind="primary"):
    return {"text": text, "value": value, "low": low, "high": high, "of": None,
            "source_record": {"publisher": publisher_, "published": when, "kind": kind}}


def test_conflicts_are_values_that_cannot_both_be_right():
    values = [_value("6,947", 6947, when="2026-02-02"),
              _value("nearly 7,000", 7000, low=6300, high=7000),
              _value("nearly 8,000", 8000, low=7200, high=8000, publisher_="unnamed news site",
                     kind="news")]
    first, second = conflicts([*values, values[2]])  # a repeat says nothing new
    assert first == ("DHS (2026-02-02) gave “6,947” but A news site (name not recorded) "
                     "gave “nearly 8,000”; the two cannot both be right.")
    assert "“nearly 7,000”" in second and "“nearly 8,000”" in second
    assert conflicts(values[:2]) == []


def test_chart_bars_share_one_scale_and_say_what_they_show():
    drawn = chart([_value("50", 50), _value("100", 100, kind="news")], "ferries")
    low, high = drawn.bars
    assert high.height == pytest.approx(2 * low.height)
    assert (low.kind, high.kind) == ("primary", "secondary")
    assert drawn.summary.startswith("2 values of ferries") and "undated" in drawn.summary


def test_many_values_keep_the_page_readable():
    """A quantity tracked over forty releases: forty values that all disagree would be 780
    sentences and forty overlapping labels."""
    values = [_value(f"{1000 + 10 * i:,}", 1000 + 10 * i, when=f"2026-01-{i % 28 + 1:02d}")
              for i in range(40)]
    said = conflicts(values)
    assert len(said) == 11 and said[-1].startswith("And 770 more pairs")
    drawn = chart(values, "releases")
    narrow, wide = ([i for i, b in enumerate(drawn.bars) if layout in b.layouts]
                    for layout in ("narrow", "wide"))
    assert len(drawn.bars) == 40 and "40 values" in drawn.summary
    # Every n-th bar from the first, fewer on a phone, each label's room kept clear.
    assert narrow[0] == wide[0] == 0 and 2 <= len(narrow) < len(wide) < 40
    for shown, chart_px in ((narrow, NARROW_MIN), (wide, WIDE_MIN)):
        assert len({b - a for a, b in pairwise(shown)}) == 1
        room = chart_px * (drawn.bars[shown[1]].label_x - drawn.bars[0].label_x) / 100
        assert room >= max(label_width(b) for b in drawn.bars) + GAP


def test_a_value_under_zero_sits_on_the_axis():
    low, high = chart([_value("-5", -5), _value("10", 10)], "degrees").bars
    assert low.height == 0 and high.height > 0


def test_unrecorded_publishers_and_dates_are_said_plainly():
    assert publisher({"publisher": "unnamed news site", "kind": "news"}) == \
        "A news site (name not recorded)"
    assert publisher({"publisher": "The Epoch Times"}) == "The Epoch Times"
    assert published({"published": None}) == "publication date not recorded"


def test_search_matches_numbers_by_value_and_words_by_alias():
    corpus = Corpus(
        claims=[{"id": "c", "text": "Police recorded 1,204 homicides.", "title": None,
                 "quotes": [], "figures": [{"quantity": "q", "value": 1204.0}]}],
        quantities={"q": {"id": "q", "noun": "homicides", "description": "Homicides.",
                          "aliases": ["murders"]}})
    for query in ("1204", "1,204", "murders", "homicide recorded"):
        assert [c["id"] for c in search_claims(corpus, query)] == ["c"], query
    assert search_claims(corpus, "1205") == []


def test_claims_linked_from_one_table_are_named_apart():
    """Claims are linked by the opening of their text, long enough to tell them apart."""
    opening = "The criminal illegal aliens with an active ICE detainer in the custody of New York "
    corpus = Corpus(claims=[{"id": "a", "text": opening + "as of February are 148."},
                            {"id": "b", "text": opening + "have been charged with 148."},
                            {"id": "c", "text": "Short."}, {"id": "d", "text": "Short."},
                            {"id": "e", "text": "Not linked."}])
    names = claim_names(corpus, {"a", "b", "c", "d"})
    assert names["a"] == opening + "as…" and names["b"] == opening + "have…"
    assert names["c"] == "Short. (c)" and names["d"] == "Short. (d)"
    assert "e" not in names and claim_names(corpus, set()) == {}
