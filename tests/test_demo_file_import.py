"""The demo claims file (shared/claims/ny-detainers.json) goes through the store whole.

test_demo_claims.py checks the file's content; this checks that the store takes it: it
imports cleanly into a fresh database on each backend and survives export -> import.
Skipped while the file is absent.
"""

from __future__ import annotations

import json

import pytest

from server.claimsfile import read_file, validate
from server.paths import DEMO_CLAIMS
from server.store import open_store


@pytest.fixture
def demo() -> dict:
    if not DEMO_CLAIMS.exists():
        pytest.skip(f"{DEMO_CLAIMS} is not there yet")
    return read_file(DEMO_CLAIMS)


def test_demo_file_is_valid(demo: dict) -> None:
    assert [str(e) for e in validate(demo)] == []


def test_demo_file_imports_and_round_trips(demo: dict, new_database) -> None:
    first, second = open_store(new_database()), open_store(new_database())
    try:
        result = first.import_document(demo, name=DEMO_CLAIMS.name)
        assert (result.claims, result.sources, result.quantities) == (
            len(demo["claims"]), len(demo["sources"]), len(demo.get("quantities", [])))
        assert result.figures == sum(len(c.get("figures", [])) for c in demo["claims"])
        assert first.counts() == {"claims": result.claims, "sources": result.sources,
                                  "quantities": result.quantities, "figures": result.figures}

        exported = json.loads(json.dumps(first.export_document()))
        assert [c["id"] for c in exported["claims"]] == [c["id"] for c in demo["claims"]]
        second.import_document(exported)
        assert second.export_document() == exported
    finally:
        first.close()
        second.close()
