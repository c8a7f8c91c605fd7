"""The demo claim database: shared/claims/ny-detainers.json, loaded into an empty store."""

from __future__ import annotations

import logging

from .claimsfile import read_file
from .paths import DEMO_CLAIMS
from .store import ImportResult, Store

log = logging.getLogger("recount")


def load_demo(store: Store) -> ImportResult | None:
    """Import the demo claims; returns None when the file is not part of this install."""
    if not DEMO_CLAIMS.exists():
        log.warning("demo claims not found; starting with an empty database")
        return None
    result = store.import_document(read_file(DEMO_CLAIMS), name=DEMO_CLAIMS.name)
    log.info("loaded demo claims: %d claims, %d figures", result.claims, result.figures)
    return result
