"""Claim storage: SQLite by default, PostgreSQL behind the same interface."""

from .store import Corpus, ImportResult, Page, Store, open_store

__all__ = ["Corpus", "ImportResult", "Page", "Store", "open_store"]
