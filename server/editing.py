"""The review page's claim edit form, without Flask: a claim as form fields, the fields an
editor sent back as the body the claims API's PUT takes, that body's field errors put back
beside their fields, and which of the claim's figures a "wrong figure" report is about.

The form only converts: a number typed as "7,113" becomes 7113, an empty box null. What a
value may be is decided where the API's PUT decides it (the OpenAPI schema, then the claims
file's checks), so a value that is no number is left as the text it was, for the schema to
refuse and name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .claimsfile import units
from .text.figures import extract_figures

#: Figure rows a form may send (a claim's figures, and the blank one for a new figure).
MAX_FIGURES = 500


@dataclass(frozen=True)
class Field:
    """One box of the form: its name in a record, its label, a hint of what it takes,
    and its kind (text, long, number, whole, unit, quantity, source, kind: a source's kind,
    tags: a list typed with commas)."""

    name: str
    label: str
    hint: str = ""
    kind: str = "text"
    required: bool = False


CLAIM_FIELDS = (
    Field("text", "Claim text", "The claim's canonical wording, self-contained.", "long",
          required=True),
    Field("claimant", "Claimant", "Who made the claim."),
    Field("claim_date", "Date the claim was made",
          "YYYY-MM-DD, or YYYY-MM or YYYY when only that is known."),
    Field("url", "Source link", "Where the claim was published or checked: a whole "
          "https:// or http:// address."),
    Field("title", "Title", "Headline of the fact check or release, if any."),
    Field("as_of", "As of", "The date or period the claim speaks for."),
    Field("rating", "Rating", "A fact-checker's rating, if any."),
    Field("tags", "Tags", "Words to file it under, separated by commas (the API's "
          "?tag= finds it by each).", "tags"),
)
FIGURE_FIELDS = (
    Field("value", "Value", "The number, such as 7113 or 7,113 or 0.25.", "number",
          required=True),
    Field("text", "Text in the quote", "The figure exactly as the quote writes it, hedge "
          "included.", required=True),
    Field("span_start", "Starts at", "Character offset of the text in the quote.", "whole",
          required=True),
    Field("span_end", "Ends before", "Offset just past its end.", "whole", required=True),
    Field("quantity", "Quantity", "What it counts.", "quantity", required=True),
    Field("source", "Quote of", "The source whose quote carries it.", "source",
          required=True),
    Field("unit", "Unit", kind="unit", required=True),
    Field("hedge", "Hedge", "nearly, about, more than, … as written."),
    Field("low", "Low", "Lower end of the interval it implies; empty when open.", "number"),
    Field("high", "High", "Upper end; empty when open.", "number"),
    Field("of", "Of", "The whole, for “N of the M”.", "number"),
    Field("noun", "Counted noun"),
    Field("currency", "Currency", "Three capital letters, such as USD."),
)
QUANTITY_FIELDS = (
    Field("description", "Description", "The one thing counted, with its population and "
          "period, in a sentence a reader understands.", "long", required=True),
    Field("noun", "Counted noun"),
    Field("unit", "Unit", kind="unit", required=True),
    Field("period", "Period", "The period or as-of date it covers."),
)
SOURCE_FIELDS = (
    Field("publisher", "Publisher", "Who published it: an agency, an outlet.", required=True),
    Field("title", "Title", "Its headline, if any."),
    Field("url", "Link", "A whole https:// or http:// address; empty when none is known."),
    Field("published", "Published", "YYYY-MM-DD, or YYYY-MM or YYYY when only that is known."),
    Field("kind", "Kind", kind="kind", required=True),
    Field("note", "Note", "Anything a reader should know about this source record, such as "
          "how its date was established.", "long"),
)
#: The kinds of source, as the claims file names them, with what each is.
SOURCE_KINDS = (("primary", "primary: the statement or data release itself"),
                ("news", "news: an article reporting it"),
                ("fact-check", "fact-check: a fact-checker's verdict"))
#: A figure's fields that make a row of the form not blank: the selects always hold one.
_TYPED = tuple(f.name for f in FIGURE_FIELDS if f.kind not in ("quantity", "source", "unit"))
_COMMAS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_WHOLE = re.compile(r"[+-]?\d+")
_RECORD_ID = re.compile(r" \(id '[^']*'\)")
_PATH = re.compile(
    r"^(?:claim\.)?(?:(figures|quantities|sources)\[(\d+)\]\.?)?([a-z_]*)(?:\[(\d)\])?")


def figure_name(row: int, field: str) -> str:
    return f"figure-{row}-{field}"


def quantity_name(row: int, field: str) -> str:
    return f"quantity-{row}-{field}"


def source_name(row: int, field: str) -> str:
    return f"source-{row}-{field}"


def shown(value: Any) -> str:
    """A stored value as a form box shows it: "" for null, a number as Python writes it
    (which reads back as the same number)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def form_values(claim: dict[str, Any]) -> dict[str, str]:
    """Every box of the form for ``claim`` as the store reads it (``Store.get_claim``),
    one blank figure row after its figures."""
    values = {f.name: shown(claim.get(f.name)) for f in CLAIM_FIELDS}
    values["url"] = shown(claim.get("url"))
    for row, figure in enumerate(claim["figures"]):
        values.update(_figure_values(row, figure))
    blank = len(claim["figures"])
    values.update({figure_name(blank, f.name): "" for f in FIGURE_FIELDS})
    values[figure_name(blank, "unit")] = "count"
    values["figures"] = str(blank + 1)
    for row, quantity in enumerate(claim["quantities"]):
        values[quantity_name(row, "id")] = quantity["id"]
        values.update({quantity_name(row, f.name): shown(quantity.get(f.name))
                       for f in QUANTITY_FIELDS})
    for row, source in enumerate(claim["sources"]):
        values[source_name(row, "id")] = source["id"]
        values.update({source_name(row, f.name): shown(source.get(f.name))
                       for f in SOURCE_FIELDS})
    return values


def _figure_values(row: int, figure: dict[str, Any]) -> dict[str, str]:
    values = {figure_name(row, f.name): shown(figure.get(f.name)) for f in FIGURE_FIELDS
              if not f.name.startswith("span_")}
    values[figure_name(row, "span_start")] = shown(figure["span"][0])
    values[figure_name(row, "span_end")] = shown(figure["span"][1])
    # What the value was when the form was made: an exact figure's interval follows it.
    values[figure_name(row, "was")] = shown(figure["value"])
    return values


@dataclass
class Draft:
    """A PUT body made of a form, and which form row each of its figures and quantities
    came from (their errors go beside those rows)."""

    body: dict[str, Any]
    figure_rows: list[int]
    quantity_rows: list[int]
    source_rows: list[int]


def put_body(claim: dict[str, Any], form: Mapping[str, str]) -> Draft:
    """The ``PUT /claims/{id}`` body that writes ``form`` over ``claim`` (as the store reads
    it): the form's claim fields (tags among them), figures, quantities and sources; the
    rest (quotes, whether retired, the quantities' aliases, the sources' citations) as
    ``claim`` has them. A figure row left blank, or marked for removal, is no figure."""
    record = {k: v for k, v in claim.items() if k not in ("figures", "sources", "quantities")}
    for field in CLAIM_FIELDS:
        if field.name in form:
            record[field.name] = _converted(field, form[field.name])
    figures, figure_rows = [], []
    for row in range(_count(form.get("figures"))):
        if form.get(figure_name(row, "remove")) or _blank(form, row):
            continue
        figures.append(_figure(form, row))
        figure_rows.append(row)
    record["figures"] = figures
    quantities, quantity_rows = _edited(form, claim["quantities"], quantity_name,
                                        QUANTITY_FIELDS)
    sources, source_rows = _edited(form, claim["sources"], source_name, SOURCE_FIELDS)
    return Draft({"claim": record, "sources": sources, "quantities": quantities},
                 figure_rows, quantity_rows, source_rows)


def _edited(form: Mapping[str, str], stored: list[dict[str, Any]],
            name: Callable[[int, str], str], fields: tuple[Field, ...]
            ) -> tuple[list[dict[str, Any]], list[int]]:
    """The stored records (quantities, sources) the form has rows for, with the form's
    values in its fields (the others as stored), and the row each came from."""
    known = {r["id"]: r for r in stored}
    records, rows_of = [], []
    for row in _rows_of(form, name):
        record_id = form[name(row, "id")]
        if record_id in known:
            record = dict(known[record_id])
            for field in fields:
                record[field.name] = _converted(field, form.get(name(row, field.name), ""))
            records.append(record)
            rows_of.append(row)
    return records, rows_of


def _count(raw: str | None) -> int:
    return min(int(raw), MAX_FIGURES) if raw and raw.isdigit() else 0


def _blank(form: Mapping[str, str], row: int) -> bool:
    return not any(form.get(figure_name(row, name), "").strip() for name in _TYPED)


def _figure(form: Mapping[str, str], row: int) -> dict[str, Any]:
    raw = {f.name: form.get(figure_name(row, f.name), "") for f in FIGURE_FIELDS}
    figure = {f.name: _converted(f, raw[f.name]) for f in FIGURE_FIELDS
              if not f.name.startswith("span_")}
    figure["span"] = [_converted(f, raw[f.name]) for f in FIGURE_FIELDS
                      if f.name.startswith("span_")]
    was = form.get(figure_name(row, "was"), "").strip()
    if was and raw["low"].strip() == raw["high"].strip() == was != raw["value"].strip():
        # An exact figure (its interval the one value) given another value: the interval
        # is that value's, not the old one's left behind.
        figure["low"] = figure["high"] = figure["value"]
    return figure


def _converted(field: Field, raw: str) -> Any:
    """A box's text as the body's value: numbers as numbers (a thousands comma allowed),
    an empty box null (or "" where the field is required, for the schema to name)."""
    text = raw.replace("\r\n", "\n").strip()
    if field.kind == "tags":  # each once, in the order given
        return list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
    if field.kind in ("number", "whole"):
        return _number(text, whole=field.kind == "whole")
    if not text:
        return "" if field.required and field.kind in ("text", "long") else None
    return text


def _number(text: str, *, whole: bool) -> Any:
    if not text:
        return None
    plain = text.replace(",", "") if _COMMAS.fullmatch(text) else text
    if _WHOLE.fullmatch(plain) and abs(int(plain)) < 2**63:
        return int(plain)
    if whole:
        return text
    try:
        value = float(plain)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


def field_errors(errors: Iterable[Mapping[str, str]], draft: Draft,
                 labels: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """The API's field errors (``claim.figures[2].value``, ``quantities[0].unit``) keyed by
    the form's box names (``figure-3-value`` when the third figure sent came from row 3),
    each message in the form's words. One no box shows is keyed "" (said above the form)."""
    out: dict[str, list[str]] = {}
    for error in errors:
        name = _box(_RECORD_ID.sub("", error["field"]), draft)
        out.setdefault(name, []).append(_message(name, error["message"]))
    return out


def _box(path: str, draft: Draft) -> str:
    found = _PATH.match(path)
    if found is None or not path.startswith(("claim", "quantities", "sources")):
        return ""
    kind, index, field, item = found.groups()
    if kind == "figures":
        row = draft.figure_rows[int(index)] if int(index) < len(draft.figure_rows) else -1
        if field == "span":
            field = "span_end" if item == "1" else "span_start"
        known = {f.name for f in FIGURE_FIELDS}
        return figure_name(row, field) if row >= 0 and field in known else ""
    records = {"quantities": (draft.quantity_rows, QUANTITY_FIELDS, quantity_name),
               "sources": (draft.source_rows, SOURCE_FIELDS, source_name)}
    if kind in records:
        taken, fields, name = records[kind]
        row = taken[int(index)] if int(index) < len(taken) else -1
        return name(row, field) if row >= 0 and field in {f.name for f in fields} else ""
    return field if field in {f.name for f in CLAIM_FIELDS} else ""


def _message(name: str, message: str) -> str:
    """The API's message as the form says it: a pattern by what it takes, not its regex."""
    field = field_of(name)
    if message.startswith("must match") or "is not valid under any" in message:
        return f"not written as it should be. {field.hint}" if field and field.hint else message
    if message.startswith("must be of type"):
        if "number" in message:
            return "must be a number"
        return "must be a whole number" if "integer" in message else "required"
    if message.startswith("shorter than 1 "):
        return "required"
    return message


def field_of(name: str) -> Field | None:
    """The field a box of the form is (``figure-2-value``: the figures' value)."""
    kind, _, field = name.rpartition("-")
    fields = {"": CLAIM_FIELDS, "figure": FIGURE_FIELDS, "quantity": QUANTITY_FIELDS,
              "source": SOURCE_FIELDS}.get(kind.partition("-")[0], ())
    return next((f for f in fields if f.name == field), None)


def differences(form: Mapping[str, str], now: Mapping[str, str]) -> dict[str, str]:
    """The boxes where the claim as stored now (``form_values`` of it) differs from what
    the form holds, with the value now: shown beside each when an edit came too late."""
    return {name: value for name, value in now.items()
            if name in form and form[name].strip() != value.strip()
            and not name.endswith("-was") and name != "figures"}


def flagged_figures(claim: dict[str, Any], sentence: str, span: tuple[int, int] | None,
                    matches: Iterable[Mapping[str, Any]]) -> set[int]:
    """The claim's figures a "wrong figure" report is about: those the card compared the
    flagged figure with (``matches``, the match results for the report's sentence), else
    those of the flagged figure's value."""
    if span is None:
        return set()
    start, end = span
    compared: set[tuple[str, float]] = set()
    values: set[float] = set()
    for match in matches:
        for figure in match.get("figures", []):
            if figure["span"][0] < end and start < figure["span"][1]:
                values.add(float(figure["value"]))
                compared |= {(k["quantity_id"], float(k["value"])) for k in figure["known"]
                             if k.get("claim_id") == claim["id"] and "quantity_id" in k}
    rows = {i for i, f in enumerate(claim["figures"])
            if (f["quantity"], float(f["value"])) in compared}
    if rows:
        return rows
    values |= {f.value for f in extract_figures(sentence) if f.start < end and start < f.end}
    return {i for i, f in enumerate(claim["figures"]) if float(f["value"]) in values}


def rows(values: Mapping[str, str]) -> range:
    """The figure rows a form holds (``form_values``, or a form sent back)."""
    return range(_count(values.get("figures")))


def quantity_rows_of(values: Mapping[str, str]) -> list[int]:
    """The quantity rows a form holds, in order."""
    return _rows_of(values, quantity_name)


def source_rows_of(values: Mapping[str, str]) -> list[int]:
    """The source rows a form holds, in order."""
    return _rows_of(values, source_name)


def _rows_of(values: Mapping[str, str], name: Callable[[int, str], str]) -> list[int]:
    out: list[int] = []
    while name(len(out), "id") in values and len(out) < MAX_FIGURES:
        out.append(len(out))
    return out


def choices(claim: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """The options of the form's lists (value, text): units, the claim's quantities, the
    sources it quotes and the kinds of source."""
    return {"unit": [(u, u) for u in units()], "kind": list(SOURCE_KINDS),
            "quantity": [(q["id"], f"{q['id']}: {cut(q['description'], 70)}")
                         for q in claim["quantities"]],
            "source": [(s["id"], f"{s['publisher']} ({s['id']})") for s in claim["sources"]]}


def cut(text: str, size: int) -> str:
    """``text`` as its first ``size`` characters, with "…" when that is not all of it."""
    return text[:size] + ("…" if len(text) > size else "")


def quoted(claim: dict[str, Any], values: Mapping[str, str], row: int) -> tuple[str, str, str]:
    """The quote a figure row points into, cut at its span (before, the span, after), so
    the form shows what the offsets mark; the whole quote before it when they mark
    nothing in it, ("", "", "") for a source the claim has no quote from."""
    quote = next((q["text"] for q in claim["quotes"]
                  if q["source"] == values.get(figure_name(row, "source"))), "")
    start, end = (_number(values.get(figure_name(row, name), "").strip(), whole=True)
                  for name in ("span_start", "span_end"))
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(quote):
        return quote[:start], quote[start:end], quote[end:]
    return quote, "", ""


def box_label(name: str) -> str:
    """A box's name as the list of problems above the form says it ("Figure 2: Value")."""
    field = field_of(name)
    if field is None:
        return "The claim"
    kind, _, rest = name.partition("-")
    if kind in ("figure", "quantity", "source"):
        return f"{kind.capitalize()} {int(rest.partition('-')[0]) + 1}: {field.label}"
    return field.label
