"""The benchmarks' stories (benchmarks/story*/) hold claims files a self-hosting group could
import, and sentences labelled for ``benchmarks/outlets.py``: each claims file is valid and
imports whole, and each label's figures are written in its sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.claimsfile import read_file, validate
from server.store import open_store

STORIES = sorted((Path(__file__).resolve().parent.parent / "benchmarks").glob("story*"))
#: The labels ``outlets.py`` reads ("match": a restatement among the decoys, its figures'
#: verdicts not labelled).
LABELS = {"consistent", "rounded", "other-population", "conflicting", "match-no-verdict",
          "no-match", "match"}


@pytest.mark.parametrize("story", STORIES, ids=lambda p: p.name)
def test_a_storys_claims_file_is_valid_and_imports(story: Path, tmp_path) -> None:
    doc = read_file(story / "claims.json")
    assert [str(e) for e in validate(doc)] == []
    store = open_store(str(tmp_path / "story.db"))
    try:
        result = store.import_document(doc, name=story.name)
        assert result.claims == len(doc["claims"])
        assert result.figures == sum(len(c.get("figures", [])) for c in doc["claims"])
    finally:
        store.close()


@pytest.mark.parametrize("story", STORIES, ids=lambda p: p.name)
def test_a_storys_labels_name_figures_its_sentences_write(story: Path) -> None:
    for name in ("sentences.jsonl", "decoys.jsonl"):
        for line in (story / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            label = json.loads(line)
            assert label["expect"] in LABELS, label
            assert all(figure in label["sentence"] for figure in label["figures"] or {}), label
            if name == "decoys.jsonl" and label["expect"] == "no-match":
                assert label["figures"] == {}, label
