"""CLEF CheckThat! claim collections (``claims.jsonl``), the layout the benchmarks use.

One JSON object a line: ``id`` and ``text``, optionally ``title``, ``speaker`` (the
claimant) and ``truth_label`` (the rating). The fact-checker is named after the file's
folder (``clef2021-task2b-en/claims.jsonl`` -> ``clef2021-task2b-en``); ``date`` and ``url``
are free text and relative links there, so they are not kept.
"""

from __future__ import annotations

import json
import re

from ..claimsfile import FileError, InvalidClaimsFile
from .review import Review

_ID = re.compile(r"[^A-Za-z0-9._:-]")


def read(text: str, publisher: str) -> list[Review]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidClaimsFile([FileError(f"line {n} column {exc.colno}",
                                               exc.msg)]) from None
        if not isinstance(row, dict) or "id" not in row:
            raise InvalidClaimsFile([FileError(f"line {n}: id", "missing")])

        def field(name: str, row: dict = row) -> str | None:
            value = row.get(name)
            return str(value).strip() or None if value is not None else None

        out.append(Review(text=field("text") or "", publisher=publisher,
                          id=_ID.sub("-", str(row["id"])), title=field("title"),
                          claimant=field("speaker"), rating=field("truth_label"),
                          where=f"line {n} (id {row['id']!r})"))
    return out
