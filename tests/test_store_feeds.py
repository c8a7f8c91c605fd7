"""A feed imported again keeps what an editor added to its claims (server/store/feeds.py),
on SQLite and on PostgreSQL (``new_database``, tests/pg.py), through the store, the CLI and
the API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from server import formats
from server.cli import cli
from server.store import Store, open_store
from server.store.feeds import curated, made_for, with_editors_fields, without

from .helpers import make_key, put_body

HARBOR = Path(__file__).resolve().parent / "data" / "harbor-claims.json"

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


def _feed_rewritten() -> dict[str, Any]:
    """The feed with its record for the curated claim rewritten, and its made quantity
    described anew, as a fact-checker's later version would have them."""
    feed = _feed()
    claim = _feed_claim(feed)
    claim["rating"] = "False"
    for q in feed["quantities"]:
        if made_for(q["id"]) == claim["id"]:
            q["description"] = "rewritten by the feed"
    return feed


def test_a_feed_imported_again_leaves_a_curated_claim_as_it_is(store: Store) -> None:
    claim_id = _feed_claim(_feed())["id"]
    before = store.export_document()
    result = store.import_document(_feed_rewritten(), from_feed=True)
    assert result.kept_edits == [claim_id]
    assert (result.claims, result.replaced) == (2, 2)  # the feed's two other records
    after = store.export_document()
    assert _stored(store, claim_id) == next(c for c in before["claims"] if c["id"] == claim_id)
    # Nor the source and the quantity the feed makes for it.
    assert [s for s in after["sources"] if s["id"] == f"{claim_id}.review"] == [
        s for s in before["sources"] if s["id"] == f"{claim_id}.review"]
    assert "rewritten by the feed" not in json.dumps(after["quantities"])


def test_a_feed_keeps_an_editors_tags_and_date_on_a_claim_it_updates(new_database) -> None:
    store = open_store(new_database())
    try:
        store.import_document(_feed(), from_feed=True)
        claim = _stored(store, _feed_claim(_feed())["id"])
        store.import_document({"format": "recount-claims/1", "sources": [], "claims": [
            {**claim, "tags": ["immigration"], "as_of": "2025-06-01"}]})
        result = store.import_document(_feed_rewritten(), from_feed=True)
        assert result.kept_edits == []
        again = _stored(store, claim["id"])
        assert (again["tags"], again["as_of"], again["rating"]) == (
            ["immigration"], "2025-06-01", "False")
    finally:
        store.close()


def _edit_noun(claim: dict[str, Any], quantity: dict[str, Any]) -> None:
    claim["figures"][0]["noun"] = "criminal aliens"


def _edit_claimant(claim: dict[str, Any], quantity: dict[str, Any]) -> None:
    claim["claimant"] = "A DHS spokesperson"


def _edit_quantity(claim: dict[str, Any], quantity: dict[str, Any]) -> None:
    quantity["description"] = "Criminal aliens New York released despite ICE detainers"


@pytest.mark.parametrize("edit", [_edit_noun, _edit_claimant, _edit_quantity])
def test_a_feed_imported_again_keeps_an_editors_change_to_what_it_wrote(
        new_database, edit) -> None:
    """A figure's noun, a field of the record, the description of the quantity made for
    the claim: an editor's change to what the feed wrote is kept and named, and the feed
    still updates its other claims."""
    store = open_store(new_database())
    try:
        store.import_document(_feed(), from_feed=True)
        exported = store.export_document()
        claim_id = _feed_claim(_feed())["id"]
        claim = _stored(store, claim_id)
        quantity = next(q for q in exported["quantities"] if made_for(q["id"]) == claim_id)
        edit(claim, quantity)
        store.import_document({"format": "recount-claims/1", "sources": [],
                               "quantities": [quantity], "claims": [claim]})
        edited = store.export_document()
        result = store.import_document(_feed_rewritten(), from_feed=True)
        assert result.kept_edits == [claim_id]
        after = store.export_document()
        assert _stored(store, claim_id) == next(c for c in edited["claims"]
                                                if c["id"] == claim_id)
        assert quantity in after["quantities"]
        assert (result.claims, result.replaced) == (2, 2)  # the feed's two other records
    finally:
        store.close()


def test_a_feeds_review_source_is_the_feeds_unless_its_claim_was_changed(new_database) -> None:
    """An editor's correction to the review source alone (the edit form's sources) is
    replaced when the feed is imported again; with a change to the claim too, both stay."""
    store = open_store(new_database())
    try:
        store.import_document(_feed(), from_feed=True)
        claim_id = _feed_claim(_feed())["id"]
        review = f"{claim_id}.review"
        exported = store.export_document()
        source = next(s for s in exported["sources"] if s["id"] == review)
        corrected = {**source, "publisher": "Corrected Fact Desk"}
        claim = _stored(store, claim_id)
        store.import_document({"format": "recount-claims/1", "sources": [corrected],
                               "quantities": [], "claims": [claim]})
        assert store.import_document(_feed(), from_feed=True).kept_edits == []
        after = store.export_document()
        assert next(s for s in after["sources"] if s["id"] == review) == source

        store.import_document({"format": "recount-claims/1", "sources": [corrected],
                               "quantities": [], "claims": [{**claim, "claimant": "Edited"}]})
        assert store.import_document(_feed(), from_feed=True).kept_edits == [claim_id]
        after = store.export_document()
        assert next(s for s in after["sources"] if s["id"] == review) == corrected
    finally:
        store.close()


def test_a_claim_written_back_unchanged_is_still_the_feeds(new_database) -> None:
    """A claims file that writes a feed's claim as it is (a backup restored, an editor's
    PUT that changed nothing but tags) leaves it to the feed."""
    store = open_store(new_database())
    try:
        store.import_document(_feed(), from_feed=True)
        store.import_document(store.export_document())
        result = store.import_document(_feed_rewritten(), from_feed=True)
        assert result.kept_edits == []
        assert _stored(store, _feed_claim(_feed())["id"])["rating"] == "False"
        assert "rewritten by the feed" in json.dumps(store.export_document()["quantities"])
    finally:
        store.close()


def test_a_claim_stored_before_digests_is_curated_only_by_what_no_feed_carries(
        new_database) -> None:
    store = open_store(new_database())
    try:
        store.import_document(_feed(), from_feed=True)
        claim = _stored(store, _feed_claim(_feed())["id"])
        claim["claimant"] = "A DHS spokesperson"
        store.import_document({"format": "recount-claims/1", "sources": [], "claims": [claim]})
        with store.backend.transaction() as conn:
            conn.execute("UPDATE claim SET feed_digest = NULL")
        result = store.import_document(_feed_rewritten(), from_feed=True)
        assert result.kept_edits == []
        assert _stored(store, claim["id"])["claimant"] == _feed_claim(_feed())["claimant"]
    finally:
        store.close()


def test_a_database_moved_by_export_and_import_keeps_telling_edits(new_database) -> None:
    store = open_store(new_database())
    moved = open_store(new_database())
    try:
        store.import_document(_feed(), from_feed=True)
        claim = _stored(store, _feed_claim(_feed())["id"])
        store.import_document({"format": "recount-claims/1", "sources": [], "claims": [
            {**claim, "claimant": "A DHS spokesperson"}]})
        moved.import_document(store.export_document())
        assert moved.import_document(_feed_rewritten(), from_feed=True).kept_edits == [
            claim["id"]]
        assert _stored(moved, claim["id"])["claimant"] == "A DHS spokesperson"
    finally:
        store.close()
        moved.close()


def test_an_older_export_imported_again_is_still_the_feeds(new_database) -> None:
    """An export from before the feed's last import, imported back, is not an edit: the
    claim matches the digest it was exported with, and the feed updates it again."""
    store = open_store(new_database())
    try:
        store.import_document(_feed(), from_feed=True)
        older = store.export_document()
        store.import_document(_feed_rewritten(), from_feed=True)
        store.import_document(older)
        assert store.import_document(_feed_rewritten(), from_feed=True).kept_edits == []
        assert _stored(store, _feed_claim(_feed())["id"])["rating"] == "False"
    finally:
        store.close()


def test_a_column_a_later_recount_adds_is_not_an_edit(new_database) -> None:
    store = open_store(new_database())
    try:
        store.import_document(_feed(), from_feed=True)
        with store.backend.transaction() as conn:
            conn.execute("ALTER TABLE claim ADD COLUMN reviewed_by TEXT")
            conn.execute("ALTER TABLE quantity ADD COLUMN note TEXT")
        assert store.import_document(_feed(), from_feed=True).kept_edits == []
    finally:
        store.close()


def test_feed_digests_are_not_shown(app, client) -> None:
    key = make_key(app)
    assert client.post("/api/v1/import", data=FEED.read_bytes(), content_type="application/ld+json",
                       headers={"Authorization": f"Bearer {key}"}).status_code == 201
    claim_id = _feed_claim(_feed())["id"]
    for path in (f"/api/v1/claims/{claim_id}", "/api/v1/claims", f"/claims/{claim_id}"):
        response = client.get(path)
        assert response.status_code == 200
        assert b"feed_digest" not in response.data


def test_a_dry_run_names_the_curated_claims_too(store: Store) -> None:
    claim_id = _feed_claim(_feed())["id"]
    result = store.import_document(_feed(), from_feed=True, dry_run=True)
    assert result.kept_edits == [claim_id]


def test_a_claims_file_still_replaces_the_whole_claim(store: Store) -> None:
    """A recount-claims/1 file (or PUT) carries whole claims, editors' fields included."""
    feed = _feed()
    claim_id = _feed_claim(feed)["id"]
    assert store.import_document(feed).kept_edits == []
    again = _stored(store, claim_id)
    assert "tags" not in again and "as_of" not in again
    assert [q["source"] for q in again["quotes"]] == [f"{claim_id}.review"]
    assert [f["quantity"] for f in again["figures"]] == [f"{claim_id}.q0"]


def test_curated_claims_exported_as_a_feed_and_imported_again_are_not_doubled(
        new_database, tmp_path: Path) -> None:
    """The curated claims of a claims file, exported as ClaimReview and imported into the
    same database, are found again and left as they are: no second source, quote or
    figure for the same words."""
    store = open_store(new_database())
    try:
        store.import_document(formats.read(HARBOR).doc)
        before = store.export_document()
        feed = tmp_path / "feed.json"
        feed.write_text(formats.export(before, "claimreview"))
        loaded = formats.prepared(formats.read(feed), store.claim_keys())
        result = store.import_document(loaded.doc, from_feed=True)
        assert sorted(result.kept_edits) == sorted(
            c["id"] for c in before["claims"] if curated(c["id"], c))
        assert store.export_document() == before
    finally:
        store.close()


def test_recount_import_names_what_it_kept(tmp_path: Path) -> None:
    db = str(tmp_path / "db.db")
    runner = CliRunner(env={"RECOUNT_DATABASE": None})
    assert runner.invoke(cli, ["import", str(FEED), "-d", db]).exit_code == 0
    curated_file = tmp_path / "curated.json"
    curated_file.write_text(json.dumps(_curated(_feed_claim(_feed()))))
    assert runner.invoke(cli, ["import", str(curated_file), "-d", db]).exit_code == 0
    claim_id = _feed_claim(_feed())["id"]
    dry = runner.invoke(cli, ["import", "--dry-run", str(FEED), "-d", db])
    assert f"would keep claim {claim_id} as its editor left it" in dry.stderr
    result = runner.invoke(cli, ["import", str(FEED), "-d", db])
    assert result.exit_code == 0, result.output
    assert f"kept claim {claim_id} as its editor left it" in result.stderr
    assert f"is claim {claim_id}" not in result.stderr  # not "already present": not updated
    store = open_store(db)
    try:
        assert _stored(store, claim_id)["tags"] == ["immigration"]
    finally:
        store.close()


def test_post_import_names_what_an_editor_put(app, client) -> None:
    key = make_key(app)
    auth = {"Authorization": f"Bearer {key}"}
    feed = FEED.read_bytes()
    assert client.post("/api/v1/import", data=feed, headers=auth,
                       content_type="application/ld+json").status_code == 201
    claim = _feed_claim(_feed())
    curated_doc = _curated(claim)
    body = {"claim": curated_doc["claims"][0], "sources": curated_doc["sources"],
            "quantities": curated_doc["quantities"]}
    assert client.put(f"/api/v1/claims/{claim['id']}", json=body,
                      headers=auth).status_code == 200
    response = client.post("/api/v1/import", data=feed, headers=auth,
                           content_type="application/ld+json")
    assert response.status_code == 201
    assert response.get_json()["kept_edits"] == [claim["id"]]
    shown = client.get(f"/api/v1/claims/{claim['id']}").get_json()
    assert shown["tags"] == ["immigration"]
    assert {q["source"] for q in shown["quotes"]} == {f"{claim['id']}.review", "dhs-release"}


def test_post_import_keeps_what_an_editor_changed_through_put(app, client) -> None:
    auth = {"Authorization": f"Bearer {make_key(app)}"}
    feed = FEED.read_bytes()
    assert client.post("/api/v1/import", data=feed, headers=auth,
                       content_type="application/ld+json").status_code == 201
    claim_id = _feed_claim(_feed())["id"]
    body = put_body(client.get(f"/api/v1/claims/{claim_id}").get_json())
    assert client.put(f"/api/v1/claims/{claim_id}", json=body,
                      headers=auth).status_code == 200
    assert client.post("/api/v1/import", data=feed, headers=auth,
                       content_type="application/ld+json").get_json()["kept_edits"] == []
    body["claim"]["figures"][0]["noun"] = "criminal aliens"
    assert client.put(f"/api/v1/claims/{claim_id}", json=body,
                      headers=auth).status_code == 200
    response = client.post("/api/v1/import", data=feed, headers=auth,
                           content_type="application/ld+json")
    assert response.get_json()["kept_edits"] == [claim_id]
    again = client.get(f"/api/v1/claims/{claim_id}").get_json()
    assert again["figures"][0]["noun"] == "criminal aliens"


@pytest.mark.parametrize(("quantity_id", "claim_id"), [
    ("cr-1.q0", "cr-1"),
    ("cr-1.q12", "cr-1"),
    ("a.q.q3", "a.q"),
    ("cr-1.q", None),
    ("cr-1.qx", None),
    (".q0", None),
    ("ny-custody-count", None),
])
def test_made_for_names_the_claim_a_feed_made_a_quantity_for(quantity_id, claim_id) -> None:
    assert made_for(quantity_id) == claim_id


@pytest.mark.parametrize(("stored", "is_curated"), [
    ({"quotes": [{"source": "c.review"}], "figures": [{"quantity": "c.q0"}]}, False),
    ({"tags": [], "as_of": None, "quotes": [{"source": "c.review"}], "figures": []}, False),
    # tags and as_of are kept on a claim a feed updates (``with_editors_fields``)
    ({"tags": ["x"], "quotes": [{"source": "c.review"}], "figures": []}, False),
    ({"as_of": "2025-01-01", "quotes": [{"source": "c.review"}], "figures": []}, False),
    ({"quotes": [{"source": "c.review"}, {"source": "dhs"}], "figures": []}, True),
    ({"quotes": [{"source": "c.review"}], "figures": [{"quantity": "ny-count"}]}, True),
    # another claim's made quantity is not this one's
    ({"quotes": [{"source": "c.review"}], "figures": [{"quantity": "d.q0"}]}, True),
])
def test_curated_is_what_no_feed_carries(stored, is_curated) -> None:
    assert curated("c", stored) is is_curated


def test_without_leaves_out_a_claim_and_what_was_made_for_it() -> None:
    feed = _feed()
    claim_id = _feed_claim(feed)["id"]
    out = without(feed, {claim_id})
    assert claim_id not in {c["id"] for c in out["claims"]}
    assert f"{claim_id}.review" not in {s["id"] for s in out["sources"]}
    assert all(made_for(q["id"]) != claim_id for q in out["quantities"])
    assert len(out["claims"]) == len(feed["claims"]) - 1
    assert without(feed, set()) is feed


def test_with_editors_fields_fills_only_what_the_record_leaves_out() -> None:
    record = {"id": "c", "text": "x", "tags": ["feed"]}
    stored = {"tags": ["editor"], "as_of": "2025-06-01"}
    assert with_editors_fields(record, stored) == {**record, "as_of": "2025-06-01"}
    assert with_editors_fields(record, {}) is record
