"""The API's own documentation: ``/api/v1/openapi.json`` and the ``/api/docs`` page.

The page is rendered on the server from the same OpenAPI document (no CDN, no script): one
section per operation with its parameters, request and response schemas and a curl example.
The document is built once per app from its settings; request validators come from it too.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

from flask import Blueprint, current_app, render_template
from jsonschema import Draft202012Validator
from markupsafe import Markup, escape

from ..state import recount_state
from ..urls import base_url
from .openapi import build_document

bp = Blueprint("docs", __name__)
page_bp = Blueprint("api_docs", __name__)

METHODS = ("get", "post", "put", "patch", "delete")


def document() -> dict[str, Any]:
    """This app's OpenAPI document (built on first use)."""
    state = recount_state()
    if "openapi" not in state:
        state["openapi"] = build_document(current_app.config)
    return state["openapi"]


def validator(schema: str) -> Draft202012Validator:
    """A validator for one component schema, resolving refs within the document."""
    validators = recount_state().setdefault("validators", {})
    if schema not in validators:
        root = {"$ref": f"#/components/schemas/{schema}",
                "components": {"schemas": document()["components"]["schemas"]}}
        validators[schema] = Draft202012Validator(root)
    return validators[schema]


@bp.get("/openapi.json")
def openapi() -> dict[str, Any]:
    return document()


@page_bp.get("/api/docs")
def docs_page() -> str:
    doc = document()
    return render_template("docs.html", info=doc["info"],
                           operations=operations(doc, base_url()),
                           schemas=doc["components"]["schemas"],
                           pretty=lambda value: json.dumps(value, indent=2, ensure_ascii=False),
                           compact=lambda value: json.dumps(value, ensure_ascii=False),
                           code=inline_code)


def inline_code(text: str) -> Markup:
    """Escape ``text`` and show its `backticked` parts as code."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def operations(doc: dict[str, Any], base_url: str) -> list[dict[str, Any]]:
    """Each operation of ``doc`` in document order, ready for the template."""
    out = []
    for path, item in doc["paths"].items():
        shared = item.get("parameters", [])
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {})
            out.append({
                "id": op["operationId"], "method": method.upper(), "path": path,
                "summary": op["summary"], "description": op.get("description", ""),
                "secured": bool(op.get("security")),
                "parameters": [*shared, *op.get("parameters", [])],
                "body": [{"media": media, "schema": spec.get("schema", {}),
                          "example": spec.get("example")} for media, spec in body.items()],
                "responses": [{"status": status,
                               **_response(doc, response)} for status, response
                              in op["responses"].items()],
                "curl": curl(method.upper(), base_url + path, body, bool(op.get("security"))),
            })
    return out


def _response(doc: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in response:
        response = doc["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    content: dict[str, dict[str, Any]] = response.get("content", {})
    first: tuple[str | None, dict[str, Any]] = next(iter(content.items()), (None, {}))
    media, spec = first
    return {"description": response["description"], "media": media,
            "schema": spec.get("schema")}


def schema_name(schema: dict[str, Any] | None) -> str | None:
    """The component a schema refers to, if it is a plain ``$ref``."""
    if schema and "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    return None


def curl(method: str, url: str, body: dict[str, Any], secured: bool) -> str:
    """An example command; path parameters become CLAIM_ID-style placeholders."""
    for part in url.split("/"):
        if part.startswith("{") and part.endswith("}"):
            url = url.replace(part, part[1:-1].upper())
    words = ["curl", "-s"] + (["-X", method] if method not in ("GET", "POST") else [])
    words.append(url)
    if secured:
        words += ["-H", "Authorization: Bearer $RECOUNT_KEY"]
    json_body = body.get("application/json")
    if json_body is not None:
        words += ["-H", "Content-Type: application/json"]
        example = json_body.get("example")
        if example is not None:
            words += ["-d", json.dumps(example, ensure_ascii=False)]
        else:
            words += ["--data-binary", "@" + (schema_name(json_body.get("schema")) or "body")
                      .lower() + ".json"]
    return " ".join(_quote(w) for w in words)


def _quote(word: str) -> str:
    # Keep $RECOUNT_KEY expandable inside the header argument.
    if "$RECOUNT_KEY" in word:
        return '"' + word + '"'
    return shlex.quote(word)
