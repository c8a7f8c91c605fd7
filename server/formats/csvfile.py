"""Fact checks as CSV: one row per claim, with a header naming the columns.

The header is ``review.FIELDS`` (``text`` is the one column a file must have; the others
may be left out or empty): ``id, text, publisher, claimant, claim_date, first_appearance,
appearances, review_url, review_date, title, rating, rating_value, best_rating,
worst_rating, language``. ``appearances`` holds URLs separated by spaces. A column the
header does not know stops the import (a misspelt column would otherwise be lost).

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" as a formula, and a claims
feed is text from elsewhere: ``write`` puts an apostrophe before such a cell (a spreadsheet
shows what follows as text) unless it is a plain number, and ``read`` takes one leading
apostrophe off such a cell again, so files go round unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from ..claimsfile import FileError, InvalidClaimsFile
from .review import FIELDS, UNNAMED, Review

#: What a spreadsheet reads as the start of a formula (OWASP, "CSV injection")...
FORMULA = ("=", "+", "-", "@")
#: ...except in a plain number, which can only be a number ("-1", "+2.5").
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def read(text: str) -> list[Review]:
    """The rows of a CSV file as reviews (row numbers count the header as row 1)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    # Column names as a spreadsheet may write them: "Text", "Publisher ".
    header = [h.strip().lower() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in FIELDS]
    if "text" not in header or unknown:
        why = "; ".join([*([f"unknown column(s) {', '.join(map(repr, unknown))}"]
                           if unknown else []),
                         *(["no 'text' column (the claim's text, required)"]
                           if "text" not in header else [])])
        raise InvalidClaimsFile([FileError("header (row 1)", f"{why}; the columns are "
                                           f"{', '.join(FIELDS)}")])
    reader.fieldnames = header
    out = []
    for n, row in enumerate(reader, 2):
        if None in row:
            raise InvalidClaimsFile([FileError(f"row {n}", "more cells than columns")])
        cells = {k: _unguarded((v or "").strip()) for k, v in row.items()}
        values: dict[str, Any] = {k: v or None for k, v in cells.items()}
        values["text"] = cells["text"]
        values["publisher"] = values.get("publisher") or UNNAMED
        values["appearances"] = (cells.get("appearances") or "").split()
        out.append(Review(where=f"row {n}", **values))
    return out


def write(reviews: list[Review]) -> str:
    """Reviews as CSV that ``read`` reads back unchanged."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in reviews:
        row = {k: getattr(r, k) for k in FIELDS}
        row["appearances"] = " ".join(r.appearances)
        writer.writerow({k: _guarded(v) if isinstance(v, str) else v for k, v in row.items()})
    return out.getvalue()


def _formula(cell: str) -> bool:
    """Whether a spreadsheet would run ``cell``, read without its leading apostrophes
    (an apostrophe before a guarded cell is guarded in turn: "'=1" goes out as "''=1")."""
    bare = cell.lstrip("'")
    return bare.startswith(FORMULA) and not NUMBER.fullmatch(bare)


def _guarded(cell: str) -> str:
    return "'" + cell if _formula(cell) else cell


def _unguarded(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _formula(cell) else cell
