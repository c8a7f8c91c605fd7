"""Claim data in and out: every format ``recount import`` reads and ``recount export`` writes.

Formats: ``json`` (the project's ``recount-claims/1``), ``claimreview`` (schema.org
ClaimReview JSON-LD, or an HTML page carrying it), ``csv`` (see ``csvfile``) and ``clef``
(``claims.jsonl``). ``read`` recognises a file by its content and turns it into a claims-file
document; ``same_claims`` finds the records a store already holds so they are updated, not
duplicated; ``export`` writes a store's document in any of the formats.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..claimsfile import FORMAT, TOO_DEEP, FileError, InvalidClaimsFile
from ..store.curation import claim_text_key
from . import claimreview, clef, csvfile
from .review import Review, check, document, reviews_of

FORMATS = ("json", "claimreview", "csv", "clef")
#: ...and those a store can be written as (a CLEF collection is a benchmark's input).
EXPORT_FORMATS = ("json", "claimreview", "csv")


@dataclass
class Loaded:
    """A file read for import: its document, its format, and where each claim came from."""

    doc: dict[str, Any]
    format: str
    #: Claim index -> the record's place in the file (for error messages).
    where: list[str] = field(default_factory=list)


def detect(text: str) -> str:
    """The format of a file's content (see ``FORMATS``)."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head:
        raise InvalidClaimsFile([FileError("(file)", "the file is empty")])
    if head.startswith("<"):
        return "claimreview"
    if head.startswith(("{", "[")):
        try:
            data = json.loads(head, strict=False)
        except json.JSONDecodeError as exc:
            # One object per line reads as "Extra data" after the first.
            if exc.msg == "Extra data" and head.startswith("{"):
                return "clef"
            data = None
        return json_kind(data) if data is not None else _json_kind(head)
    first = head.splitlines()[0] if head else ""
    if "text" in (c.strip().strip('"').strip().lower() for c in first.split(",")):
        return "csv"
    raise InvalidClaimsFile([FileError("(file)", "not a format recount reads: expected "
                                       "recount-claims/1 JSON, ClaimReview JSON-LD or HTML, "
                                       "CSV with a header, or claims.jsonl")])


def json_kind(data: Any) -> str:
    """The format of a parsed JSON file: the project's own, ClaimReview JSON-LD, or a CLEF
    collection of one claim (one line: ``id`` and ``text``, no ``@type``)."""
    if isinstance(data, dict) and (data.get("format") == FORMAT or "claims" in data):
        return "json"
    if (isinstance(data, dict) and {"id", "text"} <= data.keys()
            and not any(k.startswith("@") for k in data)):
        return "clef"
    return "claimreview"


def _json_kind(head: str) -> str:
    # Broken JSON: report it as the format it most looks like.
    return "json" if f'"{FORMAT}"' in head[:200] else "claimreview"


def site_url(value: str) -> bool:
    """Whether ``value`` can be the site a CLEF collection's relative links are on: a whole
    http(s) URL with a host."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and value.strip() == value


#: The first bytes of a gzip file: ``read`` reads one as the file it holds.
GZIP_MAGIC = b"\x1f\x8b"


def read(path: str | Path, fmt: str | None = None, *, publisher: str | None = None,
         base_url: str | None = None) -> Loaded:
    """Read a file in ``fmt`` (recognised by content when None) as a claims document, gzip
    compressed or not; ``publisher`` names a CLEF collection's fact-checker (else its
    folder's name does) and ``base_url`` the site its relative links are on.

    Raises ``InvalidClaimsFile`` naming the record and field of every problem found in the
    records themselves (the document is validated again by the store before import).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
        if data.startswith(GZIP_MAGIC):  # a collection as it is often downloaded
            data = gzip.decompress(data)
        text = data.decode("utf-8")
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        if isinstance(exc, UnicodeDecodeError):
            reason = (f"not UTF-8 text (byte {exc.start}); save it as UTF-8 and import "
                      "it again")
        elif isinstance(exc, OSError) and exc.strerror:
            reason = exc.strerror
        else:  # gzip's own errors: a cut-short or damaged file
            reason = f"a damaged gzip file ({exc}); download or compress it again"
        raise InvalidClaimsFile([FileError(str(path), reason)]) from None
    # A CLEF collection's fact-checker is named after its folder unless the caller says.
    return load(text, fmt, name=str(path), publisher=publisher or path.resolve().parent.name,
                base_url=base_url)


def load(text: str, fmt: str | None = None, *, name: str = "(body)",
         publisher: str | None = None, base_url: str | None = None) -> Loaded:
    """``read`` for text at hand (a request body): ``name`` is what errors call it;
    ``publisher`` names the fact-checker of a CLEF collection, which does not say it, and
    ``base_url`` the site its relative links are on."""
    # A byte-order mark (Notepad, Excel) is not part of the text.
    text = text.removeprefix("\ufeff")
    try:
        fmt = fmt or detect(text)
        if fmt == "json":
            return Loaded(_project_json(text), fmt)
        if fmt == "claimreview":
            reviews = (claimreview.from_html(text) if text.lstrip("\ufeff \t\r\n")
                       .startswith("<") else claimreview.from_json(text))
            if not reviews:
                raise InvalidClaimsFile([FileError("(file)", "no ClaimReview found")])
        elif fmt == "csv":
            reviews = csvfile.read(text)
        else:
            if not publisher:
                raise InvalidClaimsFile([FileError(
                    "(file)", "a CLEF claims.jsonl does not name its fact-checker: say which "
                    "(?publisher= on POST /api/v1/import, --publisher on recount import)")])
            reviews = clef.read(text, publisher, base_url)
    except InvalidClaimsFile as exc:
        raise InvalidClaimsFile(exc.errors, name) from None
    except RecursionError:
        # Brackets or @graph nodes nested deeper than any feed writes them (and than
        # Python's stack): a malformed file, not a server error.
        raise InvalidClaimsFile([FileError("(file)", TOO_DEEP)], name) from None
    names = claimreview.NAMES if fmt == "claimreview" else None
    errors = [e for r in reviews for e in check(r, names)]
    if errors:
        raise InvalidClaimsFile(errors, name)
    reviews = _last_of_each(reviews)
    return Loaded(document(reviews), fmt, [r.where for r in reviews])


def prepared(loaded: Loaded, store_keys: list[dict[str, Any]]) -> Loaded:
    """``loaded`` with the claims a store already holds (``Store.claim_keys``) given their
    stored ids, so that importing it updates them (see ``same_claims``)."""
    return rename(loaded, same_claims(loaded, store_keys))


def already_present(loaded: Loaded, store_keys: list[dict[str, Any]],
                    kept: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(place in the file, claim id) of each record of a ``prepared`` review file that
    updates a claim the store holds (not one ``kept`` as its editor left it)."""
    if not loaded.where:  # the project's own JSON: ids are the file's
        return []
    stored = {c["id"] for c in store_keys} - set(kept)
    return [(where, claim["id"]) for where, claim in zip(loaded.where, loaded.doc["claims"],
                                                         strict=False)
            if claim["id"] in stored]


def _project_json(text: str) -> dict[str, Any]:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidClaimsFile([FileError(f"line {exc.lineno} column {exc.colno}",
                                           exc.msg)]) from None


def _last_of_each(reviews: list[Review]) -> list[Review]:
    """One review per claim: a file listing the same review twice keeps the last."""
    from .review import claim_id

    by_id: dict[str, Review] = {}
    for r in reviews:
        by_id.pop(claim_id(r), None)
        by_id[claim_id(r)] = r
    return list(by_id.values())


def same_claims(loaded: Loaded, stored: list[dict[str, Any]]) -> dict[str, str]:
    """Claims of a review file a store already holds under another id: the same review URL,
    or the same claim text (normalised) from the same publisher. Returns new id -> stored
    id; ``rename`` applies it, so the import updates those claims."""
    if loaded.format == "json":
        return {}
    by_url = {u: s["id"] for s in stored for u in s["urls"]}
    by_text = {(claim_text_key(s["text"]), p): s["id"] for s in stored for p in s["publishers"]}
    ids = {s["id"] for s in stored}
    sources = {s["id"]: s for s in loaded.doc["sources"]}
    out = {}
    for claim in loaded.doc["claims"]:
        if claim["id"] in ids:
            continue
        source = sources[claim["quotes"][0]["source"]]
        found = (by_url.get(claim.get("url") or "")
                 or by_text.get((claim_text_key(claim["text"]), source["publisher"])))
        if found:
            out[claim["id"]] = found
    return out


def rename(loaded: Loaded, renames: dict[str, str]) -> Loaded:
    """The document with claims (and the records named after them) given their stored ids."""
    if not renames:
        return loaded

    def new(record_id: str) -> str:
        # Records made for a claim are named after it: "<claim>.review", "<claim>.q0".
        if record_id in renames:
            return renames[record_id]
        head, dot, tail = record_id.rpartition(".")
        return renames[head] + dot + tail if head in renames else record_id

    doc = json.loads(json.dumps(loaded.doc))
    for source in doc["sources"]:
        source["id"] = new(source["id"])
    for quantity in doc.get("quantities", []):
        quantity["id"], quantity["group"] = new(quantity["id"]), new(quantity["group"])
    for claim in doc["claims"]:
        claim["id"] = new(claim["id"])
        for record in (*claim["quotes"], *claim.get("figures", [])):
            record["source"] = new(record["source"])
            if "quantity" in record:
                record["quantity"] = new(record["quantity"])
    return Loaded(doc, loaded.format, loaded.where)


def located(exc: InvalidClaimsFile, loaded: Loaded, name: str) -> InvalidClaimsFile:
    """The store's errors about a converted file, each naming the record in the file."""
    errors = []
    for error in exc.errors:
        where = error.where
        for i, place in enumerate(loaded.where):
            prefix = f"claims[{i}]"
            if where == prefix or where.startswith((prefix + ".", prefix + " ")):
                where = f"{place} ({where})"
                break
        errors.append(FileError(where, error.message))
    return InvalidClaimsFile(errors, name)


def export(doc: dict[str, Any], fmt: str) -> str:
    """A store's document (``Store.export_document``) as a file in ``fmt``."""
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    reviews = reviews_of(doc)
    if fmt == "csv":
        return csvfile.write(reviews)
    if fmt == "claimreview":
        return json.dumps(claimreview.to_jsonld(reviews), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"cannot export {fmt!r}")


__all__ = ["EXPORT_FORMATS", "FORMATS", "Loaded", "already_present", "detect", "export", "json_kind", "load",
           "located", "prepared", "read", "rename", "same_claims"]
