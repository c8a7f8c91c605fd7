"""Stored transformer vectors of claim texts, keyed by model and text
(``index.encoder.text_key``), so a claim is read again only when its text changes; mixed
into ``Store``."""

from __future__ import annotations

from collections.abc import Iterable

from .curation import Curation


class StoredVectors(Curation):
    """The ``text_vector`` table."""

    def text_vectors(self, keys: Iterable[str]) -> dict[str, bytes]:
        """Stored vectors of texts by key (``index.encoder.text_key``); absent keys are
        missing from the result."""
        wanted = list(dict.fromkeys(keys))
        out: dict[str, bytes] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for r in self._all(f"SELECT key, vector FROM text_vector WHERE key IN ({marks})",  # noqa: S608 - placeholders only
                               chunk):
                out[r["key"]] = bytes(r["vector"])
        return out

    def put_text_vectors(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """Store text vectors (a key already stored keeps its vector: same key, same text)."""
        # One executemany: psycopg sends the rows without waiting for each answer, where a
        # statement a row waits a network round trip each (40,000 for 20,000 claims).
        with self.backend.transaction() as conn:
            conn.cursor().executemany(
                self.backend.sql("INSERT INTO text_vector (key, vector) VALUES (?, ?) "
                                 "ON CONFLICT (key) DO NOTHING"), list(rows))

    def prune_text_vectors(self, keep: Iterable[str]) -> int:
        """Delete the stored text vectors whose key is not in ``keep`` (texts no claim has
        any more, or vectors of another model); returns how many went."""
        wanted = set(keep)
        stale = [r["key"] for r in self._all("SELECT key FROM text_vector")
                 if r["key"] not in wanted]
        with self.backend.transaction() as conn:
            for start in range(0, len(stale), 500):
                chunk = stale[start:start + 500]
                marks = ", ".join("?" * len(chunk))
                self._q(conn, f"DELETE FROM text_vector WHERE key IN ({marks})",  # noqa: S608 - placeholders only
                        chunk)
        return len(stale)
