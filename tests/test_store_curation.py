"""What editors change in the store (server/store/curation.py) and the fact-check fields of
imported claims, on SQLite and on PostgreSQL (``new_database``, tests/pg.py), including the
background rebuild of the matcher on each."""

from __future__ import annotations

from pathlib import Path

import pytest

from server import formats
from server.serving import MatcherCache
from server.store import Store, open_store
from server.store.curation import sentence_key

CR = Path(__file__).resolve().parent / "data" / "claimreview"


@pytest.fixture
def store(new_database):
    store = open_store(new_database())
    store.import_document(formats.read(CR / "feed.json").doc)
    store.import_document(formats.read(CR / "factcheck-page.html").doc)
    yield store
    store.close()


def test_fact_check_fields_are_stored(store: Store) -> None:
    page = formats.read(CR / "factcheck-page.html").doc["claims"][0]
    stored = next(c for c in store.export_document()["claims"] if c["id"] == page["id"])
    assert stored == {"retired_at": None, **page}


def test_retired_claims_are_kept_but_not_matched(store: Store) -> None:
    claim_id = store.load_corpus().claims[0]["id"]
    version = store.data_version()
    assert store.retire_claim(claim_id)
    assert store.data_version() == version + 1
    assert claim_id not in {c["id"] for c in store.load_corpus().claims}
    exported = {c["id"]: c for c in store.export_document()["claims"]}
    assert exported[claim_id]["retired_at"]
    assert store.retire_claim(claim_id, retired=False)
    assert claim_id in {c["id"] for c in store.load_corpus().claims}
    assert not store.retire_claim("no-such-claim")


def test_a_feed_imported_again_keeps_a_claim_retired(store: Store) -> None:
    feed = formats.read(CR / "feed.json").doc
    claim_id = feed["claims"][0]["id"]
    assert store.retire_claim(claim_id)
    result = store.import_document(formats.read(CR / "feed.json").doc)
    assert result.replaced == len(feed["claims"])
    assert claim_id not in {c["id"] for c in store.load_corpus().claims}
    # An export from before the claim was retired, restored, brings it back: an export
    # says of every claim whether it is retired.
    store.retire_claim(claim_id, retired=False)
    backup = store.export_document()
    assert next(c for c in backup["claims"] if c["id"] == claim_id)["retired_at"] is None
    store.retire_claim(claim_id)
    store.import_document(backup)
    assert claim_id in {c["id"] for c in store.load_corpus().claims}


def test_accepted_wrong_match_reports_suppress(store: Store) -> None:
    claim_id = store.load_corpus().claims[0]["id"]
    wrong = store.add_feedback(kind="wrong-match", sentence="The “Mayor”  said so.",
                               claim_id=claim_id, span=None, comment=None)
    figure = store.add_feedback(kind="wrong-figure", sentence="Other.", claim_id=claim_id,
                                span=None, comment=None)
    assert store.suppressions() == {}
    before = store.versions()
    store.review_feedback(wrong["id"], "accepted")
    store.review_feedback(figure["id"], "accepted")  # a figure report hides nothing
    assert store.suppressions() == {sentence_key('the "mayor" said so.'): {claim_id}}
    assert store.versions() == (before[0], before[1] + 1)  # no index rebuild
    store.review_feedback(wrong["id"], "rejected")
    assert store.suppressions() == {}


def test_a_long_sentence_in_any_script_can_be_suppressed(store: Store) -> None:
    """A report's sentence may be 2,000 characters of Chinese: 6,000 bytes, past what one
    PostgreSQL index entry holds (the suppressions were once keyed by the sentence)."""
    claim_id = store.load_corpus().claims[0]["id"]
    sentence = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(1990)) + "。"
    report = store.add_feedback(kind="wrong-match", sentence=sentence, claim_id=claim_id,
                                span=None, comment=None)
    store.review_feedback(report["id"], "accepted")
    assert store.suppressions() == {sentence_key(sentence): {claim_id}}
    store.review_feedback(report["id"], "rejected")
    assert store.suppressions() == {}


def test_secret_key_is_made_once(store: Store, new_database) -> None:
    secret = store.secret_key()
    assert len(secret) >= 32 and store.secret_key() == secret


def test_claims_are_found_again(store: Store) -> None:
    loaded = formats.read(CR / "feed.json")
    loaded.doc["claims"][0]["id"] = "another-id"  # as if made by another tool
    loaded.doc["claims"][0]["url"] = "https://checks.example.com/reviews/script-claim"
    renames = formats.same_claims(loaded, store.claim_keys())
    assert renames == {"another-id": formats.read(CR / "feed.json").doc["claims"][0]["id"]}


def test_matcher_rebuilt_in_the_background(store: Store) -> None:
    cache = MatcherCache(store)
    first = cache.get().matcher
    store.import_document(formats.read(CR / "list.json").doc)
    assert cache.get().matcher is first
    assert len(cache.wait().catalog.claims) == len(first.catalog.claims) + 2
