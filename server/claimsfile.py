"""The claims file format (``recount-claims/1``): reading and validating before import.

Validation runs in two passes so an error always names the record and the field: the JSON
Schema in ``shared/schemas/claims-file.schema.json`` checks shapes, then ``check_document``
checks what a schema cannot (references between records, spans that point at the figure's text).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from .paths import SCHEMAS
from .text.unicode import PROBLEMS, bad_text

FORMAT = "recount-claims/1"


@dataclass(frozen=True)
class FileError:
    """One problem in a claims file: where (a JSON path with the record id) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class InvalidClaimsFile(ValueError):
    """A claims file that cannot be imported; ``errors`` lists every problem found."""

    def __init__(self, errors: list[FileError], name: str = "") -> None:
        self.errors = errors
        head = f"{name}: " if name else ""
        shown = "\n  ".join(str(e) for e in errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{head}{len(errors)} problem(s):\n  {shown}{more}")


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads((SCHEMAS / "claims-file.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def units() -> tuple[str, ...]:
    """The units a figure or a quantity may have, as the schema lists them."""
    return tuple(_validator().schema["$defs"]["figure"]["properties"]["unit"]["enum"])


#: What a file nested deeper than Python's stack is told.
TOO_DEEP = "nested too deeply to read (arrays or objects inside each other)"


def read_file(path: str | Path) -> dict[str, Any]:
    """Parse a claims file, turning JSON syntax errors into an ``InvalidClaimsFile``."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark is not text
    except OSError as exc:
        raise InvalidClaimsFile([FileError(str(path), exc.strerror or str(exc))]) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidClaimsFile(
            [FileError(f"line {exc.lineno} column {exc.colno}", exc.msg)], str(path)
        ) from None
    except RecursionError:
        raise InvalidClaimsFile([FileError("(file)", TOO_DEEP)], str(path)) from None
    return doc


def _record_path(doc: Any, path: list[str | int]) -> str:
    """Render a JSON path, naming records by id: ``claims[3] (id 'x').figures[0].span``."""
    out = ""
    node = doc
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" (id {node['id']!r})"
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(file)"


def validate(doc: Any, known_sources: set[str] | None = None,
             known_quantities: set[str] | None = None) -> list[FileError]:
    """Every problem in ``doc``; an empty list means it can be imported.

    ``known_sources`` / ``known_quantities``: ids already stored, which ``doc`` may refer to.
    """
    broken = bad_text(doc)
    if broken is not None:
        return [FileError(_record_path(doc, broken[0]), PROBLEMS[broken[1]])]
    errors = [
        FileError(_record_path(doc, list(err.absolute_path)), err.message)
        for err in sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.path)))
    ]
    if errors:
        return errors
    return check_document(doc, known_sources, known_quantities)


def check_document(doc: dict[str, Any], known_sources: set[str] | None = None,
                   known_quantities: set[str] | None = None) -> list[FileError]:
    """Checks beyond the schema: unique ids, references, and figure spans.

    ``known_sources`` / ``known_quantities`` are ids already in the store, which a file may
    refer to without repeating them.
    """
    errors: list[FileError] = []
    sources = _unique_ids(doc, "sources", errors)
    quantities = _unique_ids(doc, "quantities", errors)
    _unique_ids(doc, "claims", errors)
    sources |= known_sources or set()
    quantities |= known_quantities or set()
    for i, source in enumerate(doc.get("sources", [])):
        for j, cited in enumerate(source.get("cites", [])):
            if cited not in sources:
                errors.append(FileError(_record_path(doc, ["sources", i, "cites", j]),
                                        f"unknown source {cited!r}"))
            if cited in source["cites"][:j]:
                errors.append(FileError(_record_path(doc, ["sources", i, "cites", j]),
                                        f"{cited!r} is cited twice"))
    for i, claim in enumerate(doc.get("claims", [])):
        quotes: dict[str, str] = {}
        for j, quote in enumerate(claim["quotes"]):
            where = _record_path(doc, ["claims", i, "quotes", j, "source"])
            if quote["source"] not in sources:
                errors.append(FileError(where, f"unknown source {quote['source']!r}"))
            if quote["source"] in quotes:
                errors.append(FileError(where, f"second quote from {quote['source']!r}"))
            quotes[quote["source"]] = quote["text"]
        for j, fig in enumerate(claim.get("figures", [])):
            base: list[str | int] = ["claims", i, "figures", j]
            if fig["quantity"] not in quantities:
                errors.append(FileError(_record_path(doc, [*base, "quantity"]),
                                        f"unknown quantity {fig['quantity']!r}"))
            quote = quotes.get(fig["source"])
            if quote is None:
                errors.append(FileError(_record_path(doc, [*base, "source"]),
                                        f"the claim has no quote from {fig['source']!r}"))
                continue
            # JSON Schema's "integer" admits 12.0; slicing needs an int.
            start, end = (int(x) for x in fig["span"])
            if quote[start:end] != fig["text"]:
                errors.append(FileError(
                    _record_path(doc, [*base, "span"]),
                    f"[{start}, {end}] of the quote from {fig['source']!r} is "
                    f"{quote[start:end]!r}, not {fig['text']!r}",
                ))
            low, high = fig.get("low"), fig.get("high")
            if low is not None and high is not None and low > high:
                errors.append(FileError(_record_path(doc, [*base, "low"]),
                                        f"low {low} is above high {high}"))
    return errors


def _unique_ids(doc: dict[str, Any], key: str, errors: list[FileError]) -> set[str]:
    seen: set[str] = set()
    for i, record in enumerate(doc.get(key, [])):
        if record["id"] in seen:
            errors.append(FileError(_record_path(doc, [key, i, "id"]),
                                    f"duplicate id {record['id']!r}"))
        elif not _id_pattern().fullmatch(record["id"]):
            # The schema's pattern ends in "$", which Python's re (unlike JSON Schema's
            # ECMAScript) also matches before a final line break: "c1\n" would pass.
            errors.append(FileError(_record_path(doc, [key, i, "id"]),
                                    f"{record['id']!r} ends with a line break"))
        seen.add(record["id"])
    return seen


@lru_cache(maxsize=1)
def _id_pattern() -> re.Pattern[str]:
    return re.compile(_validator().schema["$defs"]["id"]["pattern"])
