"""index/encoder.py (the transformer the match decision reads with) and the claim vectors
stored once per claim text (``engine.claim_meaning``)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time

import numpy as np

from server.index import encoder as encoder_module
from server.index import usable_cores
from server.index.encoder import (
    BLOCK,
    DIMS,
    MODEL,
    MODEL_ID,
    REFERENCE,
    SAME_READING,
    Encoder,
    _shares,
    claim_meaning,
    encoder,
    reading_check,
    text_key,
)
from server.store import open_store


def test_sentences_become_unit_vectors_near_their_paraphrases():
    vectors = encoder().encode(["New York released nearly 7,000 criminal aliens.",
                                "The state let about 6,950 detained immigrants go free.",
                                "Thank you, Senator.", ""])
    assert vectors.shape == (4, DIMS)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    again = encoder().encode(["Thank you, Senator."])
    assert np.allclose(again[0], vectors[2], atol=1e-5)  # same text, same vector


def test_a_text_reads_the_same_whatever_it_is_read_with():
    alone = encoder().encode(["Crime fell by 20% last year."])
    among = encoder().encode(["Thank you.", "Crime fell by 20% last year.",
                              "A much longer sentence about taxes, jobs and the deficit, "
                              "read in the same call as the short ones."])
    assert np.array_equal(alone[0], among[1])


def test_texts_read_on_several_cores_get_the_vectors_one_core_gives_in_their_order():
    # Over a block, so the shares of two blocks and their progress are exercised too.
    texts = [f"In {1990 + n} the county hired {n} teachers" + " and nurses" * (n % 7)
             for n in range(BLOCK + 9)] + ["", "Crime fell."]
    told: list[int] = []
    several = Encoder(workers=2).encode(texts, told.append)
    assert np.array_equal(several, Encoder(workers=1).encode(texts))
    assert sum(told) == len(texts) and len(told) > 2


def test_texts_are_dealt_out_once_each_in_shares_of_about_equal_work():
    sizes = [50, 10, 10, 10, 10, 10, 40, 5]
    shares = _shares(range(len(sizes)), sizes, 2)
    assert sorted(r for share in shares for r in share) == list(range(len(sizes)))
    work = [sum(sizes[r] + 8 for r in share) for share in shares]
    assert max(work) - min(work) <= max(sizes) + 8
    assert _shares(range(1), [3], 2) == [[0]] and _shares(range(0), [], 2) == [[]]


def test_the_transformer_runs_on_the_cores_the_process_may_use(monkeypatch):
    # A container limited to some cores (a cpuset, taskset) sees every core of the machine
    # in os.cpu_count(): one run per core it may not use would only fight over the others.
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert usable_cores() == 1 and Encoder().workers == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 2, 5}, raising=False)
    assert Encoder().workers == 3 and Encoder(workers=2).workers == 2
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)  # macOS, Windows
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert usable_cores() == 4


def test_the_transformer_leaves_the_cores_alone_between_pages():
    # Its threads spinning on after a run would take a core from the next page's matching.
    encoder().encode(["Crime fell by 20% last year."])
    start = time.process_time()
    time.sleep(0.3)
    assert time.process_time() - start < 0.02


def test_the_packaged_model_reads_its_reference_texts_as_recorded():
    # A processor or onnxruntime that computes the products otherwise (saturating int8 sums
    # without VNNI read them at cosines of 0.988-0.996) fails here, whatever the matching.
    least = reading_check(encoder())
    assert least is not None and least >= SAME_READING


def test_a_reading_that_differs_from_the_record_is_logged_once(tmp_path, monkeypatch, caplog):
    recorded = json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert recorded["model_id"] == MODEL_ID  # a new model brings its own record
    assert len(recorded["texts"]) == len(recorded["vectors"]) >= 5
    # The same texts read by another machine: every vector a little turned.
    turned = np.asarray(recorded["vectors"]) + 0.05 * np.roll(recorded["vectors"], 1, axis=1)
    other = tmp_path / "reference.json"
    other.write_text(json.dumps({**recorded, "vectors": turned.tolist()}), encoding="utf-8")
    least = reading_check(encoder(), other)
    assert least is not None and 0.99 < least < SAME_READING
    monkeypatch.setattr(encoder_module, "REFERENCE", other)
    encoder.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="recount"):
            encoder()
            encoder()
    finally:
        encoder.cache_clear()
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1 and "reads text differently on this machine" in warned[0]
    assert f"cosine {least:.4f}" in warned[0]


def test_no_record_for_the_model_is_no_check(tmp_path):
    assert reading_check(encoder(), tmp_path / "absent.json") is None
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({"model_id": "another-model", "texts": ["a"],
                                 "vectors": [[1.0] * DIMS]}), encoding="utf-8")
    assert reading_check(encoder(), stale) is None


def test_the_model_id_names_the_packaged_model_file():
    # Stored claim vectors are keyed by MODEL_ID: a new model file must change it.
    digest = hashlib.sha256(MODEL.read_bytes()).hexdigest()
    assert MODEL_ID.endswith("-" + digest[:8])


def test_a_text_key_names_the_model_and_the_text():
    assert text_key("a") == text_key("a") != text_key("b")


class Counting:
    """The encoder, counting the texts it is asked to read."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def encode(self, texts, progress=None):  # noqa: ANN001 - the encoder's
        self.read += texts
        return encoder().encode(texts, progress)


def test_claim_texts_are_read_once_and_stored(tmp_path):
    store = open_store(str(tmp_path / "v.db"))
    claims = [{"text": "The city hired 300 officers.", "title": "Hiring"},
              {"text": "Crime fell by 20%.", "title": None},
              {"text": "The city hired 300 officers.", "title": "Another headline"}]
    counting = Counting()
    texts, titles = claim_meaning(claims, counting, store)
    assert sorted(counting.read) == sorted({"The city hired 300 officers.", "Hiring",
                                            "Crime fell by 20%.", "Another headline"})
    # A claim without a title stands for its own title.
    assert np.allclose(titles[1], texts[1])
    later = Counting()
    stored_texts, stored_titles = claim_meaning(claims, later, store)
    assert later.read == []
    assert np.allclose(stored_texts, texts, atol=1e-3)  # stored as float16
    assert np.allclose(stored_titles, titles, atol=1e-3)
    store.close()


def test_vectors_no_claim_reads_any_more_are_dropped_when_asked(tmp_path):
    store = open_store(str(tmp_path / "v.db"))
    before = [{"text": "The city hired 300 officers.", "title": "Hiring"}]
    claim_meaning(before, Counting(), store)
    after = [{"text": "The city hired 350 officers.", "title": "Hiring"}]  # edited
    claim_meaning(after, Counting(), store)  # a partial view keeps what it does not read
    assert store.text_vectors([text_key("The city hired 300 officers.")])
    claim_meaning(after, Counting(), store, prune=True)
    assert not store.text_vectors([text_key("The city hired 300 officers.")])
    again = Counting()
    claim_meaning(after, again, store, prune=True)
    assert again.read == []  # what the claims read stays
    store.close()


def test_reading_many_claim_texts_logs_how_far_it_is(caplog):
    # A server that reads its claims at start-up (vectors of another model, say) is silent
    # for minutes otherwise.
    claims = [{"id": str(n), "text": f"The county hired {n} teachers in {1990 + n % 30}."}
              for n in range(120)]
    with caplog.at_level(logging.INFO, logger="recount"):
        claim_meaning(claims, encoder())
    steps = [r.getMessage() for r in caplog.records if r.getMessage().startswith("read ")]
    # A claim's title is its text: 120 texts, told a tenth at a time as the cores finish
    # (a batch that finishes late may carry the count past two tenths at once: one line).
    assert steps[-1] == "read 120 of 120 claim texts (100%)" and len(steps) >= 5
    read = [re.fullmatch(r"read (\d+) of 120 claim texts \((\d+)%\)", s) for s in steps]
    tenths = [int(m[2]) for m in read]
    assert tenths == sorted(set(tenths))
    assert all(int(m[1]) * 10 // 120 * 10 == int(m[2]) for m in read)
