"""Claim storage: SQLite by default, PostgreSQL behind the same interface."""

from .curation import Page
from .reads import Corpus
from .store import ImportResult, Store, open_store

__all__ = ["Corpus", "ImportResult", "Page", "Store", "open_store"]
