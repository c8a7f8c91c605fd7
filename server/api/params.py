"""Request parsing shared by the API views: query strings and JSON bodies.

Every failure raises ``ApiError``, so a client always gets a problem document whose
``errors`` name the field. JSON bodies are checked against the component schemas of the
OpenAPI document (``openapi.py``), so what the docs say is what the server enforces.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterable
from typing import Any

from flask import g, request
from jsonschema import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from ..problems import ApiError
from ..state import recount_state
from ..text.unicode import PROBLEMS, bad_text, text_problem
from ..urls import external_url, previous_offset
from .docs import document, validator
from .openapi import IGNORES_QUERY
from .schemas import MAX_INT, MAX_PAGE_SIZE, PAGE_SIZE

#: Query parameters a next-page link keeps.
FILTERS = ("q", "source", "tag", "status", "retired")
_FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


def refuse_unknown_args() -> None:
    """400 naming every query parameter the operation does not take.

    What an operation takes is what the OpenAPI document declares for it, the one place
    both the docs and this check read: a typo such as ``?dry-run=true`` for ``?dry_run``
    must not quietly do the real thing.
    """
    rule = request.url_rule
    if rule is None or request.method == "OPTIONS":  # no route (404, 405), or a preflight
        return
    method = "GET" if request.method == "HEAD" else request.method
    allowed = query_parameters().get((_openapi_path(rule.rule), method), frozenset())
    if allowed is None:  # the operation ignores its query (``openapi.IGNORES_QUERY``)
        return
    unknown = [name for name in dict.fromkeys(request.args) if name not in allowed]
    if not unknown:
        return
    hints = [repr(name) + did_you_mean(name, allowed) for name in unknown]
    takes = ", ".join(sorted(allowed)) or "none"
    raise ApiError(400, f"Unknown query parameter(s): {', '.join(hints)}. This operation "
                        f"takes: {takes}.", title="Unknown query parameter",
                   errors=[{"field": name, "message": "unknown query parameter"}
                           for name in unknown])


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` naming the known name closest to a misspelt one, or ``""``."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown_fields(names: Iterable[str], known: Iterable[str],
                   path: list[Any] | None = None) -> list[dict[str, str]]:
    """The field errors of a body's unknown fields, each with the known name it may be a
    misspelling of."""
    known = list(known)
    return [{"field": _field(path or [], name), "message": "unknown field"
             + did_you_mean(name, known)} for name in names]


def query_parameters() -> dict[tuple[str, str], frozenset[str] | None]:
    """The query parameters of each operation, keyed by (OpenAPI path, METHOD), None for
    one that ignores its query; read from the document once per app."""
    state = recount_state()
    if "query_parameters" not in state:
        state["query_parameters"] = _declared_query(document())
    return state["query_parameters"]


def _declared_query(doc: dict[str, Any]) -> dict[tuple[str, str], frozenset[str] | None]:
    out: dict[tuple[str, str], frozenset[str] | None] = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            if op.get(IGNORES_QUERY):
                out[(path, method.upper())] = None
                continue
            declared = [*item.get("parameters", []), *op.get("parameters", [])]
            out[(path, method.upper())] = frozenset(p["name"] for p in declared
                                                    if p["in"] == "query")
    return out


def _openapi_path(rule: str) -> str:
    """A Flask rule as an OpenAPI path: ``/claims/<claim_id>`` is ``/claims/{claim_id}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


_WHOLE = re.compile(r"\s*[+-]?[0-9]+\s*")


def int_arg(name: str, default: int, *, minimum: int = 0, maximum: int = MAX_INT) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        # Digits as a URL writes them: Python's int() also takes "1_0" and "١٠".
        if not _WHOLE.fullmatch(raw):
            raise ValueError(raw)
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"'{name}' must be a whole number",
                       errors=[{"field": name, "message": "not a whole number"}]) from None
    if not minimum <= value <= maximum:
        bound = f"between {minimum} and {maximum}"
        raise ApiError(400, f"'{name}' must be {bound}",
                       errors=[{"field": name, "message": f"must be {bound}"}])
    return value


def page_args() -> tuple[int, int]:
    """``limit`` and ``offset`` of a list, as the OpenAPI document declares them."""
    return (int_arg("limit", PAGE_SIZE, minimum=1, maximum=MAX_PAGE_SIZE),
            int_arg("offset", 0))


def bool_arg(name: str, default: bool = False) -> bool:
    raw = request.args.get(name)
    if raw is None:
        return default
    value = _FLAGS.get(raw.strip().lower())
    if value is None:
        raise ApiError(400, f"'{name}' must be true or false",
                       errors=[{"field": name, "message": "must be true or false"}])
    return value


def text_arg(name: str) -> str | None:
    """A query parameter that names something, so cannot be empty (``minLength`` 1 in the
    OpenAPI document); None when absent."""
    raw = request.args.get(name)
    if raw == "":
        raise ApiError(400, f"'{name}' must not be empty: leave it out instead.",
                       errors=[{"field": name, "message": "must not be empty"}])
    return raw


def choice_arg(name: str, choices: tuple[str, ...]) -> str | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if raw not in choices:
        message = "must be one of " + ", ".join(choices)
        raise ApiError(400, f"'{name}' {message}", errors=[{"field": name, "message": message}])
    return raw


def json_body() -> dict[str, Any]:
    """The request body as a JSON object (415 if not JSON, 400 if malformed or not an object).

    Reading the body may raise werkzeug's 413 when it is over MAX_CONTENT_LENGTH; that passes
    through to the problem handler.
    """
    if not request.is_json:
        raise ApiError(415, "Send the request body as application/json.")
    body = json_value()
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.",
                       errors=[{"field": "(body)", "message": "must be an object"}])
    return body


def json_value() -> Any:
    """The request body parsed as JSON, strictly (400 if malformed): no NaN or Infinity, no
    numbers beyond what a double or a 64-bit integer holds, no nesting past the stack, no
    half characters in its text. Parsed once a request."""
    if "json_value" not in g:
        try:
            value = json.loads(body_bytes(), parse_constant=_no_constant, parse_float=_float,
                               parse_int=_int)
        except UnicodeDecodeError as exc:
            # JSON is UTF-8 (RFC 8259); a Latin-1 or Windows-1252 body fails here.
            raise _malformed_json(f"not UTF-8 text (byte {exc.start}); send it encoded as "
                                  "UTF-8") from None
        except json.JSONDecodeError as exc:
            # json's message names what it expected and where, never the body's text.
            where = ("it is empty" if not exc.doc.strip() else
                     f"{exc.msg} at line {exc.lineno}, column {exc.colno}")
            raise _malformed_json(where) from None
        except _NotJson as exc:
            raise _malformed_json(str(exc)) from None
        except RecursionError:  # nesting deeper than Python's stack, e.g. 100,000 brackets
            raise _malformed_json("nested too deeply") from None
        found = bad_text(value)
        if found is not None:
            raise _malformed_text(_field(found[0]), found[1])
        g.json_value = value
    return g.json_value


class _NotJson(ValueError):
    """What Python's parser takes and JSON does not; its text is the problem's reason."""


def _malformed_json(reason: str) -> ApiError:
    return ApiError(400, f"The request body is not valid JSON: {reason}.",
                    title="Malformed JSON")


def storable_text(text: str) -> str:
    """``text`` (a raw body, decoded) if a database can store it and the engine read it;
    else the 400 a JSON body with such text gets."""
    problem = text_problem(text)
    if problem is not None:
        raise _malformed_text("(body)", problem)
    return text


def _malformed_text(where: str, problem: str) -> ApiError:
    message = PROBLEMS[problem]
    return ApiError(400, f"The text at {where} {message}: it cannot be stored or read.",
                    title="Malformed text", errors=[{"field": where, "message": message}])


def body_bytes() -> bytes:
    """The raw body; over MAX_CONTENT_LENGTH it is a 413, also when it arrives chunked.

    werkzeug checks Content-Length up front, but a streamed body (no Content-Length) is
    read up to the limit and quietly cut there; one more byte tells whether there was more.
    """
    data = request.get_data(cache=True)
    limit = request.max_content_length
    if (limit is not None and request.content_length is None and len(data) >= limit
            and request.environ["wsgi.input"].read(1)):
        raise RequestEntityTooLarge()
    return data


def _no_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not JSON")  # NaN and Infinity: Python accepts them, JSON does not


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 would come back out as Infinity, which is not JSON
        raise _NotJson("a number out of range")
    return value


def _int(text: str) -> int | float:
    # Beyond 64 bits a database cannot store an integer; JSON promises no more than 2**53.
    try:
        value = int(text)
    except ValueError:  # over Python's 4300 digits
        raise _NotJson("a number out of range") from None
    return value if -(2**63) <= value < 2**63 else _float(text)


def checked_body(schema: str) -> dict[str, Any]:
    """The JSON body, validated against the OpenAPI component ``schema`` (400 listing fields)."""
    return check(json_body(), schema)


def check(body: dict[str, Any], schema: str) -> dict[str, Any]:
    """``body``, if it matches the OpenAPI component ``schema``; else a 400 listing fields."""
    errors = field_errors(body, schema)
    if errors:
        raise ApiError(400, "The request body does not match the documented schema.",
                       title="Invalid request body", errors=errors)
    return body


def field_errors(instance: Any, schema: str) -> list[dict[str, str]]:
    """Field-level errors for ``instance`` against a component schema, in field order."""
    out: list[dict[str, str]] = []
    for error in sorted(validator(schema).iter_errors(instance), key=lambda e: list(map(str, e.path))):
        out.extend(_describe(error))
    return out


def _field(path: list[Any], name: str | None = None) -> str:
    text = ""
    for part in [*path, *([name] if name else [])]:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(body)"


def _describe(error: ValidationError) -> list[dict[str, str]]:
    """Messages of our own: jsonschema's quote the offending value, which may be a whole page."""
    path, kind, expected = list(error.absolute_path), error.validator, error.validator_value
    instance = error.instance
    if kind == "required":
        missing = [n for n in expected if isinstance(instance, dict) and n not in instance]
        return [{"field": _field(path, n), "message": "required"} for n in missing]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in known) if isinstance(instance, dict) else []
        return unknown_fields(extra, known, path)
    return [{"field": _field(path), "message": _message(kind, expected, error.message)}]


def _message(kind: str, expected: Any, fallback: str) -> str:
    match kind:
        case "type":
            return f"must be of type {_types(expected)}"
        case "enum":
            return "must be one of " + ", ".join(map(str, expected))
        case "const":
            return f"must be {expected!r}"
        case "maxLength":
            return f"longer than {expected} characters"
        case "minLength":
            return f"shorter than {expected} character(s)"
        case "maxItems":
            return f"more than {expected} items"
        case "minItems":
            return f"fewer than {expected} items"
        case "minimum":
            return f"must be at least {expected}"
        case "maximum":
            return f"must be at most {expected}"
        case "minProperties":
            return f"needs at least {expected} field(s)"
        case "maxProperties":
            return f"allows at most {expected} field(s)"
        case "pattern":
            return f"must match {expected}"
    return fallback[:200]


def _types(expected: Any) -> str:
    return " or ".join(expected) if isinstance(expected, list) else str(expected)


def page_links(page: Any) -> dict[str, str | None]:
    """``next`` and ``previous``: the URLs of the pages after and before ``page`` (a store
    ``Page``), keeping the other arguments. Past the end, the one before is the last page."""
    after = page.offset + page.limit
    before = previous_offset(page.offset, page.limit, page.total)
    return {"next": _page_url(page.limit, after) if after < page.total else None,
            "previous": _page_url(page.limit, before) if page.offset else None}


def _page_url(limit: int, offset: int) -> str:
    # Only the filters we know: other names could collide with url_for's own arguments.
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k in FILTERS}
    args.update(limit=limit, offset=offset)
    return external_url(request.endpoint or "", **args)
