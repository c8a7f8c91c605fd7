"""The per-application objects views use: the store, the matcher, and the claims as the
reader pages read them.

They live in ``app.extensions["recount"]`` so several apps (tests) never share state.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import current_app

from .search import SearchIndex
from .store import Corpus, Store


def recount_state() -> dict[str, Any]:
    return current_app.extensions["recount"]


def get_store() -> Store:
    return recount_state()["store"]


def get_matcher() -> Any:
    """The figure engine's matcher, rebuilt when the store's data changed."""
    return recount_state()["matcher"]()


def get_corpus() -> tuple[Corpus, SearchIndex]:
    """Every claim with its search terms, read once per data version: the reader pages
    would otherwise read the whole database on every request (seconds for 20,000 claims).

    After a change, the request that finds it reads the claims again; the requests that
    come while it does are answered from the claims as they were, not kept waiting."""
    state = recount_state()
    version = get_store().data_version()
    cached = state.get("corpus")
    if cached is not None and cached[0].version == version:
        return cached
    lock = state.setdefault("corpus_lock", threading.Lock())
    if cached is not None and not lock.acquire(blocking=False):
        return cached  # another request is reading the new claims
    if cached is None:
        lock.acquire()
    try:
        cached = state.get("corpus")
        if cached is None or cached[0].version != version:
            corpus = get_store().load_corpus()
            cached = (corpus, SearchIndex(corpus))
            state["corpus"] = cached
    finally:
        lock.release()
    return cached
