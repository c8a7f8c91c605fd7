"""The claim store (server/store): import, export, reads, feedback and API keys.

Every test runs twice through the ``new_database`` fixture (tests/pg.py): on a SQLite file
and on a throwaway PostgreSQL database (skipped, with the reason, when no PostgreSQL server
can be started).
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from server import formats
from server.claimsfile import InvalidClaimsFile
from server.store import Store, open_store

from .claimsdata import BAD_RECORDS, COUNTS, bad_doc, claims_doc


@pytest.fixture
def store(new_database):
    store = open_store(new_database())
    yield store
    store.close()


@pytest.fixture
def filled(store: Store) -> Store:
    """The store with ``claims_doc()`` imported."""
    store.import_document(claims_doc())
    return store


def snapshot(store: Store) -> tuple:
    """Everything an import could change."""
    return store.export_document(), store.counts(), store.data_version()


# -- import -------------------------------------------------------------------------------


def test_a_review_updated_or_deleted_leaves_no_unused_quantity(store: Store,
                                                               tmp_path: Path) -> None:
    store.import_document(claims_doc())
    curated = store.counts()["quantities"]
    review = {"@context": "https://schema.org", "@type": "ClaimReview",
              "url": "https://checks.example.com/reviews/harbor",
              "author": {"@type": "Organization", "name": "Harbor Checks"},
              "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"}}
    path = tmp_path / "review.json"

    def load(text: str) -> None:
        review["claimReviewed"] = text
        path.write_text(json.dumps(review), encoding="utf-8")
        store.import_document(formats.prepared(formats.read(path), store.claim_keys()).doc)

    load("The harbor hired 300 officers and bought 12 boats.")
    assert store.counts()["quantities"] == curated + 2
    load("The harbor hired 300 officers.")  # the same review, one figure fewer
    assert store.counts()["quantities"] == curated + 1
    [claim] = [c for c in store.export_document()["claims"]
               if c["text"].startswith("The harbor")]
    assert store.delete_claim(claim["id"])
    # The curated quantities stay, used or not; the review's are gone with it.
    assert store.counts()["quantities"] == curated


def test_import_counts(store: Store) -> None:
    result = store.import_document(claims_doc())
    assert result.as_dict() == {**COUNTS, "replaced": 0, "kept_edits": [],
                                 "dry_run": False}
    assert store.counts() == COUNTS
    assert store.data_version() == 1
    assert not store.is_empty()


def test_import_reports_progress(store: Store) -> None:
    ticks: list[str] = []
    store.import_document(claims_doc(), progress=lambda kind, n: ticks.extend([kind] * n))
    assert ticks == ["sources"] * 3 + ["quantities"] * 3 + ["claims"] * 3


def test_reimport_replaces(filled: Store) -> None:
    before = filled.export_document()
    result = filled.import_document(claims_doc())
    assert result.replaced == 3
    assert filled.counts() == COUNTS
    assert filled.export_document() == before
    assert filled.data_version() == 2  # a write, even when nothing changed


def test_reimport_changed_claim(filled: Store) -> None:
    doc = claims_doc()
    claim = doc["claims"][0]
    claim["text"] = "The agency released 1,234 people in 2025."
    claim["figures"] = claim["figures"][:1]
    doc["claims"] = [claim]
    assert filled.import_document(doc).replaced == 1
    assert filled.counts() == {**COUNTS, "figures": 3}
    stored = filled.get_claim("c-released")
    assert stored["text"] == claim["text"]
    assert len(stored["figures"]) == 1
    # A replaced claim keeps its place in the curation order.
    assert [c["id"] for c in filled.list_claims().items][0] == "c-released"


def test_import_may_refer_to_stored_records(filled: Store) -> None:
    doc = claims_doc()
    claim = {**doc["claims"][1], "id": "c-convicted-2"}
    result = filled.import_document({"format": "recount-claims/1", "sources": [],
                                     "claims": [claim]})
    assert (result.claims, result.sources, result.quantities) == (1, 0, 0)
    assert filled.get_claim("c-convicted-2")["quantities"][0]["id"] == "released-convicted"


def test_a_source_may_cite_one_listed_after_it(store: Store) -> None:
    doc = claims_doc()
    doc["sources"].reverse()  # ledger (which cites agency) now comes first
    store.import_document(doc)
    assert store.get_source("ledger")["cites"] == ["agency"]


def test_dry_run_writes_nothing(store: Store) -> None:
    before = snapshot(store)
    result = store.import_document(claims_doc(), dry_run=True)
    assert result.as_dict() == {**COUNTS, "replaced": 0, "kept_edits": [],
                                 "dry_run": True}
    assert snapshot(store) == before
    assert store.is_empty()


def test_dry_run_counts_replacements(filled: Store) -> None:
    before = snapshot(filled)
    assert filled.import_document(claims_doc(), dry_run=True).replaced == 3
    assert snapshot(filled) == before


@pytest.mark.parametrize(("change", "record", "field"),
                         [case[1:] for case in BAD_RECORDS], ids=[c[0] for c in BAD_RECORDS])
def test_one_bad_record_changes_nothing(filled: Store, change, record: str, field: str) -> None:
    before = snapshot(filled)
    with pytest.raises(InvalidClaimsFile) as caught:
        filled.import_document(bad_doc(change), name="bad.json")
    assert snapshot(filled) == before
    named = [str(e) for e in caught.value.errors if record in str(e) and field in str(e)]
    assert named, caught.value.errors
    assert str(caught.value).startswith("bad.json: ")


def test_every_problem_is_listed(store: Store) -> None:
    doc = claims_doc()
    doc["claims"][0]["figures"][0]["span"] = [0, 3]
    doc["claims"][2]["figures"][0]["quantity"] = "nope"
    with pytest.raises(InvalidClaimsFile) as caught:
        store.import_document(doc)
    where = [e.where for e in caught.value.errors]
    assert where == ["claims[0] (id 'c-released').figures[0].span",
                     "claims[2] (id 'c-cost').figures[0].quantity"]


@pytest.mark.parametrize("doc", [None, [], "text", {"format": "recount-claims/2",
                                                   "sources": [], "claims": []}])
def test_not_a_claims_file(store: Store, doc) -> None:
    with pytest.raises(InvalidClaimsFile):
        store.import_document(doc)
    assert store.is_empty()


def _fail_in_database(monkeypatch: pytest.MonkeyPatch, doc: dict) -> None:
    """Skip validation so the database's own foreign key rejects the last claim's figure."""
    monkeypatch.setattr("server.store.store.validate", lambda *a: [])
    monkeypatch.setattr("server.store.store.check_document", lambda *a: [])
    doc["claims"][-1]["figures"][0]["quantity"] = "not-stored"


def _fail_in_progress(monkeypatch: pytest.MonkeyPatch, doc: dict) -> None:
    """Not a database error at all: the caller's progress callback raises."""


@pytest.mark.parametrize("fail", [_fail_in_database, _fail_in_progress],
                         ids=["constraint on the second claim", "progress callback raises"])
def test_failure_mid_import_rolls_back(filled: Store, monkeypatch: pytest.MonkeyPatch,
                                       fail) -> None:
    before = snapshot(filled)
    doc = claims_doc()
    # Two claims: a replacement and a new one; the second one fails once the first is written.
    first = {**doc["claims"][0], "text": "Replaced text."}
    first["figures"] = []
    second = {**doc["claims"][1], "id": "c-new"}
    doc["claims"] = [first, second]
    doc["sources"][0]["publisher"] = "Renamed Agency"
    fail(monkeypatch, doc)
    seen: list[str] = []

    def progress(kind: str, n: int) -> None:
        seen.append(kind)
        if fail is _fail_in_progress and seen.count("claims") == 2:
            raise RuntimeError("interrupted")

    with pytest.raises((RuntimeError, *filled.backend.integrity_errors)):
        filled.import_document(doc, progress=progress)
    assert seen.count("claims") >= 1  # the first claim was written before the failure
    assert snapshot(filled) == before
    assert filled.get_claim("c-new") is None
    assert filled.get_source("agency")["publisher"] == "City Agency"


# -- export -------------------------------------------------------------------------------


def test_export_is_the_imported_file(filled: Store) -> None:
    doc = filled.export_document(name="store tests")
    expected = claims_doc()
    assert doc["format"] == expected["format"]
    assert doc["name"] == "store tests"
    assert {s["id"]: s for s in doc["sources"]} == {
        s["id"]: {"title": None, "url": None, "published": None, **s}
        for s in expected["sources"]}
    assert {q["id"]: q for q in doc["quantities"]} == {
        q["id"]: q for q in expected["quantities"]}
    # Curation order, every field; whether a claim is retired is always said (null: not).
    assert doc["claims"] == [{"retired_at": None, **c} for c in expected["claims"]]


def test_round_trip_into_a_fresh_database(filled: Store, new_database) -> None:
    exported = filled.export_document()
    with_json = json.loads(json.dumps(exported))  # what goes through a file
    fresh = open_store(new_database())
    try:
        assert fresh.import_document(with_json).as_dict() == {
            **COUNTS, "replaced": 0, "kept_edits": [], "dry_run": False}
        assert fresh.export_document() == exported
    finally:
        fresh.close()


def test_export_empty_store(store: Store) -> None:
    assert store.export_document() == {"format": "recount-claims/1", "sources": [],
                                       "quantities": [], "claims": []}


def test_load_corpus(filled: Store) -> None:
    corpus = filled.load_corpus()
    assert [c["id"] for c in corpus.claims] == ["c-released", "c-convicted", "c-cost"]
    assert set(corpus.sources) == {"agency", "ledger", "budget"}
    assert corpus.sources["ledger"]["cites"] == ["agency"]
    assert corpus.quantities["released"]["aliases"] == ["immigrants", "individuals"]
    assert corpus.version == filled.data_version() == 1


# -- reads --------------------------------------------------------------------------------


@pytest.mark.parametrize(("limit", "offset", "ids"), [
    (20, 0, ["c-released", "c-convicted", "c-cost"]),
    (2, 0, ["c-released", "c-convicted"]),
    (2, 2, ["c-cost"]),
    (1, 1, ["c-convicted"]),
    (5, 3, []),
])
def test_list_claims_pages(filled: Store, limit: int, offset: int, ids: list[str]) -> None:
    page = filled.list_claims(limit=limit, offset=offset)
    assert [c["id"] for c in page.items] == ids
    assert (page.total, page.limit, page.offset) == (3, limit, offset)


@pytest.mark.parametrize(("kwargs", "ids"), [
    ({"q": "released"}, ["c-released", "c-convicted"]),
    ({"q": "RELEASED"}, ["c-released", "c-convicted"]),
    ({"q": "agency people"}, ["c-released"]),  # every word must appear
    ({"q": "figures"}, ["c-released"]),  # in the title
    ({"q": "program"}, ["c-cost"]),
    ({"q": "40%"}, []),  # LIKE wildcards in the words are plain characters
    ({"q": "1_234"}, []),
    ({"q": "nothing like this"}, []),
    ({"q": "releas"}, []),  # whole words: not a part of "released"
    ({"q": "eleased"}, []),
    ({"source": "ledger"}, ["c-released"]),
    ({"source": "agency"}, ["c-released", "c-convicted"]),
    ({"tag": "releases"}, ["c-released", "c-convicted"]),
    ({"tag": "crime"}, ["c-convicted"]),
    ({"tag": "release"}, []),  # whole tags only
    ({"q": "released", "tag": "crime"}, ["c-convicted"]),
])
def test_list_claims_filters(filled: Store, kwargs: dict, ids: list[str]) -> None:
    page = filled.list_claims(**kwargs)
    assert [c["id"] for c in page.items] == ids
    assert page.total == len(ids)


def test_list_claims_search_pages(filled: Store) -> None:
    page = filled.list_claims(q="released", limit=1, offset=1)
    assert [c["id"] for c in page.items] == ["c-convicted"]
    assert page.total == 2


def test_get_claim(filled: Store) -> None:
    claim = filled.get_claim("c-released")
    assert claim["text"] == "The agency released 1,234 people last year."
    assert claim["tags"] == ["releases"]
    assert [q["source"] for q in claim["quotes"]] == ["agency", "ledger"]
    assert [(f["source"], f["value"], f["hedge"]) for f in claim["figures"]] == [
        ("agency", 1234, None), ("ledger", 1300, "nearly")]
    assert claim["figures"][1]["span"] == [19, 31]
    assert [s["id"] for s in claim["sources"]] == ["agency", "ledger"]
    assert claim["sources"][1]["cites"] == ["agency"]
    assert [q["id"] for q in claim["quantities"]] == ["released"]
    assert claim["quantities"][0]["group"] == "released"


def test_get_claim_numbers_keep_their_type(filled: Store) -> None:
    figure = filled.get_claim("c-cost")["figures"][0]
    assert figure["value"] == 2500000 and isinstance(figure["value"], int)
    assert filled.get_claim("c-convicted")["figures"][0]["low"] == 35


def test_get_missing(filled: Store) -> None:
    assert filled.get_claim("nope") is None
    assert filled.get_quantity("nope") is None
    assert filled.get_source("nope") is None


def test_group_claims_names_the_claims_with_a_figure_of_the_group(filled: Store) -> None:
    assert filled.group_claims("released") == {"c-released", "c-convicted"}
    filled.retire_claim("c-released", True)  # a retired claim's figures are still its own
    assert filled.group_claims("released") == {"c-released", "c-convicted"}
    assert filled.group_claims("c-cost") == set()  # its quantity has no group


def test_group_cued_says_whether_an_editor_gave_a_group_cues(store: Store) -> None:
    doc = claims_doc()
    store.import_document(doc)
    assert store.group_cued("released") is False
    doc["quantities"][0]["cues"] = ["those released"]
    store.import_document(doc)
    assert store.group_cued("released") is True

def test_get_quantity_lists_every_source(filled: Store) -> None:
    quantity = filled.get_quantity("released")
    assert quantity["description"] == "People the agency released in 2025"
    assert quantity["aliases"] == ["immigrants", "individuals"]
    values = [(v["source"], v["value"], v["claim"], v["source_record"]["publisher"])
              for v in quantity["values"]]
    assert values == [("agency", 1234, "c-released", "City Agency"),  # oldest source first
                      ("ledger", 1300, "c-released", "Daily Ledger")]


def test_list_sources(filled: Store) -> None:
    page = filled.list_sources()
    # Newest first; a source without a date last, on every backend.
    assert [(s["id"], s["claims"]) for s in page.items] == [
        ("ledger", 1), ("agency", 2), ("budget", 1)]
    assert page.total == 3
    assert [s["id"] for s in filled.list_sources(limit=1, offset=2).items] == ["budget"]


def test_delete_claim(filled: Store) -> None:
    assert filled.delete_claim("c-cost") is True
    assert filled.delete_claim("c-cost") is False
    assert filled.counts() == {**COUNTS, "claims": 2, "figures": 3}
    assert filled.data_version() == 2


# -- feedback -----------------------------------------------------------------------------


def test_feedback(store: Store) -> None:
    first = store.add_feedback(kind="wrong-match", sentence="They released 1,300 people.",
                               claim_id="c-released", span=(14, 19), comment="different year")
    second = store.add_feedback(kind="missed", sentence="Costs were $3 million.",
                                claim_id=None, span=None, comment=None)
    assert first["status"] == "open" and first["span_start"] == 14
    listed = store.list_feedback()
    assert listed.total == 2
    assert {f["id"] for f in listed.items} == {first["id"], second["id"]}

    reviewed = store.review_feedback(first["id"], "accepted")
    assert reviewed["status"] == "accepted" and reviewed["reviewed_at"]
    assert [f["id"] for f in store.list_feedback(status="open").items] == [second["id"]]
    assert [f["id"] for f in store.list_feedback(status="accepted").items] == [first["id"]]
    assert store.review_feedback("nope", "accepted") is None
    assert store.list_feedback(limit=1).total == 2
    assert len(store.list_feedback(limit=1).items) == 1


# -- API keys -----------------------------------------------------------------------------


def test_api_keys(store: Store) -> None:
    key = store.create_key("curator")
    other = store.create_key("robot")
    assert key != other and key.startswith("rk_")
    assert store.check_key(key) and store.check_key(other)
    assert not store.check_key(key + "x")
    assert not store.check_key("")
    assert [k["name"] for k in store.list_keys()] == ["curator", "robot"]
    assert all(set(k) == {"id", "name", "created_at", "revoked_at"} for k in store.list_keys())

    assert store.revoke_key("curator") is True
    assert not store.check_key(key)
    assert store.check_key(other)
    assert store.revoke_key("curator") is False  # already revoked
    robot_id = next(k["id"] for k in store.list_keys() if k["name"] == "robot")
    assert store.revoke_key(robot_id) is True
    assert not store.check_key(other)


def test_key_names_are_unique(store: Store) -> None:
    store.create_key("curator")
    with pytest.raises(store.backend.integrity_errors):
        store.create_key("curator")
    assert len(store.list_keys()) == 1


def test_keys_are_stored_hashed(store: Store, tmp_path: Path) -> None:
    key = store.create_key("curator")
    rows = store._all("SELECT * FROM api_key")
    assert len(rows) == 1
    assert key not in json.dumps(rows)
    assert len(rows[0]["hash"]) == 64
    if store.backend.name == "sqlite":
        store.close()  # checkpoint the WAL so the file holds everything
        files = list(Path(store.backend.path).parent.glob(Path(store.backend.path).name + "*"))
        data = b"".join(f.read_bytes() for f in files)
        assert rows[0]["hash"].encode() in data  # we are looking in the right place
        assert key.encode() not in data


def test_text_vectors_no_claim_reads_are_pruned(store):
    store.put_text_vectors([("k1", b"\x01"), ("k2", b"\x02"), ("k3", b"\x03")])
    assert store.prune_text_vectors(["k2", "k9"]) == 2
    assert store.text_vectors(["k1", "k2", "k3"]) == {"k2": b"\x02"}
    assert store.prune_text_vectors(["k2"]) == 0


def test_text_vectors_round_trip_and_keep_the_first_stored(store):
    first, other = bytes(range(16)), bytes(reversed(range(16)))
    assert store.text_vectors(["k1", "k2"]) == {}
    store.put_text_vectors([("k1", first)])
    store.put_text_vectors([("k1", other), ("k2", other)])  # same key, same text
    assert store.text_vectors(["k1", "k2", "k3", "k1"]) == {"k1": first, "k2": other}
    many = [(f"key-{i}", bytes([i % 256]) * 8) for i in range(1200)]  # more than a batch
    store.put_text_vectors(many)
    assert store.text_vectors(k for k, _v in many) == dict(many)


def test_searching_claims_ignores_case_beyond_ascii(store: Store) -> None:
    doc = claims_doc()
    first = doc["claims"][0]
    first["text"] += " Österreich, ÇA, ΣΕΛΊΔΑ."  # spans stay true: words added at the end
    store.import_document(doc)
    for q in ("österreich", "ÖSTERREICH", "ça", "σελίδα", "ΣΕΛΊΔΑ released"):
        assert [c["id"] for c in store.list_claims(q=q).items] == [first["id"]], q
    assert store.list_claims(q="österreichs").total == 0


class _Refused(Exception):
    pass


def _unless_text_is(text: str):
    """An expectation check: the claim's text is still ``text``."""
    def check(claim):
        if claim is None or claim["text"] != text:
            raise _Refused(claim and claim["text"])
    return check


def _with_text(text: str) -> dict:
    doc = claims_doc()
    doc["claims"][0]["text"] = doc["claims"][0]["text"].replace("last year", text)
    return doc


def test_a_write_expecting_a_claim_as_read_is_refused_once_it_changed(filled: Store) -> None:
    claim_id = claims_doc()["claims"][0]["id"]
    read = filled.get_claim(claim_id)["text"]
    before = snapshot(filled)
    for write in (lambda e: filled.import_document(_with_text("in 2025"), expect=e),
                  lambda e: filled.retire_claim(claim_id, expect=e),
                  lambda e: filled.delete_claim(claim_id, expect=e)):
        with pytest.raises(_Refused):
            write((claim_id, _unless_text_is("some other text")))
        assert snapshot(filled) == before  # nothing written
    filled.import_document(_with_text("in 2025"), expect=(claim_id, _unless_text_is(read)))
    assert "in 2025" in filled.get_claim(claim_id)["text"]


def test_two_writes_on_one_read_of_a_claim_the_second_waits_and_is_refused(
        filled: Store) -> None:
    # Both editors read the claim; the first one's write holds its transaction open while
    # the second one's starts: the second's check must see the first's change.
    claim_id = claims_doc()["claims"][0]["id"]
    read = filled.get_claim(claim_id)["text"]
    inside, go_on = threading.Event(), threading.Event()

    def first_check(claim):
        _unless_text_is(read)(claim)
        inside.set()
        assert go_on.wait(10)

    first = threading.Thread(target=filled.import_document, args=(_with_text("first"),),
                             kwargs={"expect": (claim_id, first_check)})
    first.start()
    assert inside.wait(10)
    outcome: list[object] = []

    def second() -> None:
        try:
            filled.import_document(_with_text("second"),
                                   expect=(claim_id, _unless_text_is(read)))
            outcome.append("written")
        except _Refused as refused:
            outcome.append(refused)

    other = threading.Thread(target=second)
    other.start()
    time.sleep(0.3)
    assert not outcome  # waiting for the first write's transaction
    go_on.set()
    first.join(10)
    other.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], _Refused), outcome
    assert "first" in filled.get_claim(claim_id)["text"]
