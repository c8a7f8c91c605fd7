"""A feed imported again keeps what an editor added to its claims (server/store/feeds.py),
on SQLite and on PostgreSQL (``new_database``, tests/pg.py), through the store, the CLI and
the API."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from server import formats
from server.cli import cli
from server.store import Store, open_store
from server.store.feeds import derived, merged

from .helpers import make_key

FEED = Path(__file__).resolve().parent / "data" / "claimreview" / "feed.json"
TEXT = "New York released 7,113 criminal illegal aliens with ICE detainers."
DHS = "ICE said 7,113 criminal illegal aliens with detainers were in New York custody."


def _feed() -> dict[str, Any]:
    return formats.read(FEED).doc


def _feed_claim(doc: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in doc["claims"] if c["text"] == TEXT)


def _curated(claim: dict[str, Any]) -> dict[str, Any]:
    """What an editor PUTs: the feed's claim with tags, as_of, a quote of the department's
    release, and the page's figure counting a curated quantity instead of the made one."""
    review = claim["quotes"][0]["source"]
    start = TEXT.index("7,113")
    figure = {"quantity": "ny-custody-count", "source": review, "value": 7113,
              "unit": "count", "noun": "criminal illegal aliens", "text": "7,113",
              "span": [start, start + 5]}
    at = DHS.index("7,113")
    return {
        "format": "recount-claims/1",
        "sources": [{"id": "dhs-release", "publisher": "DHS", "kind": "primary",
                     "url": "https://dhs.example/release"}],
        "quantities": [{"id": "ny-custody-count", "unit": "count", "group": "ny-custody",
                        "description": "Criminal illegal aliens with detainers in custody",
                        "noun": "criminal illegal aliens"}],
        "claims": [{**{k: v for k, v in claim.items() if k != "figures"},
                    "tags": ["immigration"], "as_of": "2025-06-01",
                    "quotes": [*claim["quotes"], {"source": "dhs-release", "text": DHS}],
                    "figures": [figure, {**figure, "source": "dhs-release",
                                         "span": [at, at + 5]}]}],
    }


@pytest.fixture
def store(new_database):
    store = open_store(new_database())
    store.import_document(_feed(), from_feed=True)
    store.import_document(_curated(_feed_claim(_feed())))  # as PUT /claims/{id} writes it
    yield store
    store.close()


def _stored(store: Store, claim_id: str) -> dict[str, Any]:
    return next(c for c in store.export_document()["claims"] if c["id"] == claim_id)


def test_a_feed_imported_again_keeps_what_an_editor_added(store: Store) -> None:
    claim_id = _feed_claim(_feed())["id"]
    edited = _stored(store, claim_id)
    result = store.import_document(_feed(), from_feed=True)
    assert (result.replaced, result.kept_edits, result.dropped_figures) == (3, 1, 0)
    assert _stored(store, claim_id) == edited
    quantities = {q["id"] for q in store.export_document()["quantities"]}
    # The quantity the feed made for "7,113" counts nothing: the curated one took its place.
    assert "ny-custody-count" in quantities
    assert f"{claim_id}.q0" not in quantities
    # The other claims of the feed, never edited, are the feed's.
    assert result.figures == 1 + 2 + 1


def test_a_claims_file_still_replaces_the_whole_claim(store: Store) -> None:
    """A recount-claims/1 file (or PUT) carries whole claims, editors' fields included."""
    feed = _feed()
    claim_id = _feed_claim(feed)["id"]
    result = store.import_document(feed)
    assert result.kept_edits == 0
    again = _stored(store, claim_id)
    assert "tags" not in again and "as_of" not in again
    assert [q["source"] for q in again["quotes"]] == [f"{claim_id}.review"]
    assert [f["quantity"] for f in again["figures"]] == [f"{claim_id}.q0"]


def test_a_feed_that_rewrote_the_text_drops_the_figures_it_moved(store: Store) -> None:
    feed = _feed()
    claim = _feed_claim(feed)
    claim_id = claim["id"]
    rewritten = "Officials say New York released 7,113 criminal illegal aliens with detainers."
    claim["text"] = claim["quotes"][0]["text"] = rewritten
    at = rewritten.index("7,113")
    claim["figures"][0]["span"] = [at, at + 5]
    result = store.import_document(feed, from_feed=True)
    assert (result.kept_edits, result.dropped_figures) == (1, 1)
    stored = _stored(store, claim_id)
    assert stored["text"] == rewritten
    assert stored["tags"] == ["immigration"]
    # The figure in the department's release still reads "7,113" where it points: it stays,
    # beside the feed's own figure for the rewritten text.
    assert sorted((f["source"], f["quantity"]) for f in stored["figures"]) == sorted([
        ("dhs-release", "ny-custody-count"), (f"{claim_id}.review", f"{claim_id}.q0")])


def test_recount_import_says_what_it_kept(tmp_path: Path) -> None:
    db = str(tmp_path / "db.db")
    runner = CliRunner(env={"RECOUNT_DATABASE": None})
    assert runner.invoke(cli, ["import", str(FEED), "-d", db]).exit_code == 0
    curated = tmp_path / "curated.json"
    curated.write_text(json.dumps(_curated(_feed_claim(_feed()))))
    assert runner.invoke(cli, ["import", str(curated), "-d", db]).exit_code == 0
    result = runner.invoke(cli, ["import", str(FEED), "-d", db])
    assert result.exit_code == 0, result.output
    assert "1 replaced claims kept what editors added" in result.stderr
    store = open_store(db)
    try:
        assert _stored(store, _feed_claim(_feed())["id"])["tags"] == ["immigration"]
    finally:
        store.close()


def test_post_import_keeps_what_an_editor_put(app, client) -> None:
    key = make_key(app)
    auth = {"Authorization": f"Bearer {key}"}
    feed = FEED.read_bytes()
    assert client.post("/api/v1/import", data=feed, headers=auth,
                       content_type="application/ld+json").status_code == 201
    claim = _feed_claim(_feed())
    curated = _curated(claim)
    body = {"claim": curated["claims"][0], "sources": curated["sources"],
            "quantities": curated["quantities"]}
    assert client.put(f"/api/v1/claims/{claim['id']}", json=body,
                      headers=auth).status_code == 200
    response = client.post("/api/v1/import", data=feed, headers=auth,
                           content_type="application/ld+json")
    assert response.status_code == 201
    assert (response.get_json()["kept_edits"], response.get_json()["dropped_figures"]) == (1, 0)
    shown = client.get(f"/api/v1/claims/{claim['id']}").get_json()
    assert shown["tags"] == ["immigration"]
    assert {q["source"] for q in shown["quotes"]} == {f"{claim['id']}.review", "dhs-release"}


@pytest.mark.parametrize(("claim_id", "quantity_id", "made"), [
    ("cr-1", "cr-1.q0", True),
    ("cr-1", "cr-1.q12", True),
    ("cr-1", "cr-1.q", False),
    ("cr-1", "cr-1.qx", False),
    ("cr-1", "cr-10.q0", False),
    ("cr-1", "cr-1.q0.extra", False),
    ("cr-1", "ny-custody-count", False),
])
def test_derived_names_the_quantities_made_from_a_review(claim_id, quantity_id, made) -> None:
    assert derived(claim_id, quantity_id) is made


def test_merged_leaves_a_claim_nobody_edited_as_the_feed_has_it() -> None:
    claim = _feed_claim(_feed())
    stored = copy.deepcopy(claim)
    kept = merged(claim, stored)
    assert (kept.claim, kept.edited, kept.dropped, kept.unused) == (claim, False, 0, set())


def test_merged_prefers_the_feeds_tags_when_it_has_them() -> None:
    claim = {**_feed_claim(_feed()), "tags": ["from-feed"]}
    kept = merged(claim, {"tags": ["editor"], "as_of": "2025-06-01", "quotes": claim["quotes"],
                          "figures": []})
    assert kept.claim["tags"] == ["from-feed"]
    assert kept.claim["as_of"] == "2025-06-01"
    assert kept.edited
