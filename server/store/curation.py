"""What editors change besides claims: reader reports, the matches they suppress, retired
claims, API keys and the secret that signs the review page's session cookie.

``Curation`` is a part of ``Store`` (it uses the store's query helpers); it lives here to keep
each module readable on a screen or two. An accepted "wrong match" report suppresses that
claim for that sentence everywhere: the sentence is kept as ``sentence_key`` (see below), so
the same sentence on another page is covered too.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .backends import Backend

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-"})


def sentence_key(sentence: str) -> str:
    """A sentence as suppressions know it: Unicode-normalised, case-folded, typographic
    quotes and dashes made plain, runs of spaces made one, ends trimmed. The same sentence
    copied onto another page (other quotes, a line break) has the same key."""
    text = unicodedata.normalize("NFKC", sentence).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


def claim_text_key(text: str) -> str:
    """A claim's text for finding the same claim again: ``sentence_key`` without the
    punctuation around it (one publisher quotes it, another does not)."""
    return sentence_key(text).strip(" \"'.!?")


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def row_dict(row: Any) -> dict[str, Any]:
    return dict(row) if row is not None else {}


def hash_key(key: str) -> str:
    # Keys are 256-bit random tokens, so a plain SHA-256 is enough (no dictionary to guess).
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class Curation:
    """Reports, suppressions, retired claims, keys; mixed into ``Store``."""

    backend: Backend

    def _q(self, conn: Any, sql: str, params: Iterable[Any] = ()) -> Any:
        return conn.execute(self.backend.sql(sql), tuple(params))

    def _all(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _one(self, sql: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def _bump(self, conn: Any, key: str = "data_version") -> None:
        self._q(conn, "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) "
                "WHERE key = ?", (key,))

    def versions(self) -> tuple[int, int]:
        """The data version and the review version, read together (once per request)."""
        rows = {r["key"]: int(r["value"]) for r in self._all(
            "SELECT key, value FROM meta WHERE key IN ('data_version', 'review_version')")}
        return rows.get("data_version", 0), rows.get("review_version", 0)

    def review_version(self) -> int:
        """Bumped by every change to the suppressions (the index need not be rebuilt)."""
        row = self._one("SELECT value FROM meta WHERE key = 'review_version'")
        return int(row["value"]) if row else 0

    # -- feedback -----------------------------------------------------------------------

    def add_feedback(self, *, kind: str, sentence: str, claim_id: str | None,
                     span: tuple[int, int] | None, comment: str | None) -> dict[str, Any]:
        item = {"id": uuid.uuid4().hex, "claim_id": claim_id, "sentence": sentence,
                "span_start": span[0] if span else None, "span_end": span[1] if span else None,
                "kind": kind, "comment": comment, "status": "open", "created_at": now(),
                "reviewed_at": None}
        with self.backend.transaction() as conn:
            self._q(conn, "INSERT INTO feedback (id, claim_id, sentence, span_start, span_end, "
                    "kind, comment, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [item[k] for k in ("id", "claim_id", "sentence", "span_start", "span_end",
                                       "kind", "comment", "status", "created_at")])
        return item

    def list_feedback(self, *, status: str | None = None, limit: int = 100,
                      offset: int = 0) -> Page:
        clause, params = ("WHERE status = ?", [status]) if status else ("", [])
        total = self._one(f"SELECT COUNT(*) AS n FROM feedback {clause}", params)  # noqa: S608
        rows = self._all(f"SELECT * FROM feedback {clause} "  # noqa: S608
                         "ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                         [*params, limit, offset])
        return Page(rows, int(total["n"]) if total else 0, limit, offset)

    def get_feedback(self, feedback_id: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM feedback WHERE id = ?", (feedback_id,))

    def review_feedback(self, feedback_id: str, status: str) -> dict[str, Any] | None:
        """Set a report's status. Accepting a "wrong match" report about a claim suppresses
        that claim for that sentence; any other status lifts the suppression it made."""
        with self.backend.transaction() as conn:
            row = row_dict(self._q(conn, "SELECT * FROM feedback WHERE id = ?",
                                   (feedback_id,)).fetchone())
            if not row:
                return None
            self._q(conn, "UPDATE feedback SET status = ?, reviewed_at = ? WHERE id = ?",
                    (status, now(), feedback_id))
            if row["kind"] == "wrong-match" and row["claim_id"]:
                self._q(conn, "DELETE FROM suppression WHERE feedback_id = ?", (feedback_id,))
                if status == "accepted":
                    key = sentence_key(row["sentence"])
                    self._q(conn, "DELETE FROM suppression WHERE claim_id = ? AND "
                            "sentence_key = ?", (row["claim_id"], key))
                    self._q(conn, "INSERT INTO suppression (claim_id, sentence_key, "
                            "feedback_id, created_at) VALUES (?, ?, ?, ?)",
                            (row["claim_id"], key, feedback_id, now()))
                self._bump(conn, "review_version")
        return self.get_feedback(feedback_id)

    def suppressions(self) -> dict[str, frozenset[str]]:
        """Sentence key -> the claims never to be shown for that sentence."""
        out: dict[str, set[str]] = {}
        for row in self._all("SELECT claim_id, sentence_key FROM suppression"):
            out.setdefault(row["sentence_key"], set()).add(row["claim_id"])
        return {k: frozenset(v) for k, v in out.items()}

    # -- retiring -----------------------------------------------------------------------

    # -- API keys -----------------------------------------------------------------------

    def create_key(self, name: str) -> str:
        """A new API key; only its hash is stored, so this is the one time it is seen."""
        if not name.strip():
            raise ValueError("a key needs a name (who or what it is for)")
        key = "rk_" + secrets.token_urlsafe(32)
        with self.backend.transaction() as conn:
            self._q(conn, "INSERT INTO api_key (id, name, hash, created_at) VALUES (?, ?, ?, ?)",
                    (uuid.uuid4().hex[:12], name, hash_key(key), now()))
        return key

    def list_keys(self) -> list[dict[str, Any]]:
        return self._all("SELECT id, name, created_at, revoked_at FROM api_key "
                         "ORDER BY created_at, name")

    def revoke_key(self, name_or_id: str) -> bool:
        with self.backend.transaction() as conn:
            cur = self._q(conn, "UPDATE api_key SET revoked_at = ? WHERE (name = ? OR id = ?) "
                          "AND revoked_at IS NULL", (now(), name_or_id, name_or_id))
            return cur.rowcount > 0

    def check_key(self, key: str) -> bool:
        return self.check_key_hash(hash_key(key))

    def check_key_hash(self, digest: str) -> bool:
        """Whether an active key has this hash (the review page's session keeps the hash)."""
        row = self._one("SELECT id FROM api_key WHERE hash = ? AND revoked_at IS NULL",
                        (digest,))
        return row is not None

    def secret_key(self) -> str:
        """The secret signing session cookies when no SECRET_KEY is set: made once and kept
        in the database, so every worker and every restart shares it."""
        row = self._one("SELECT value FROM meta WHERE key = 'secret_key'")
        if row:
            return str(row["value"])
        with self.backend.transaction() as conn:
            self._q(conn, "INSERT INTO meta (key, value) VALUES ('secret_key', ?) "
                    "ON CONFLICT (key) DO NOTHING", (secrets.token_hex(32),))
        row = self._one("SELECT value FROM meta WHERE key = 'secret_key'")
        assert row is not None  # just written, by this or another worker
        return str(row["value"])

    # -- finding a claim again ------------------------------------------------------------

    def claim_keys(self) -> list[dict[str, Any]]:
        """Per stored claim: its id, text, review URL and fact-check publishers, for
        recognising a record imported again (see ``formats.dedupe``)."""
        rows = self._all("SELECT c.id, c.text, c.url, s.publisher, s.url AS source_url "
                         "FROM claim c LEFT JOIN quote q ON q.claim_id = c.id "
                         "LEFT JOIN source s ON s.id = q.source_id AND s.kind = 'fact-check' "
                         "ORDER BY c.position, c.id")
        out: dict[str, dict[str, Any]] = {}
        for r in rows:
            entry = out.setdefault(r["id"], {"id": r["id"], "text": r["text"],
                                             "urls": set(), "publishers": set()})
            for url in (r["url"], r["source_url"]):
                if url:
                    entry["urls"].add(url)
            if r["publisher"]:
                entry["publishers"].add(r["publisher"])
        return list(out.values())
