"""Helpers shared by the API tests: the one check of the error shape, and API keys."""

from __future__ import annotations

from typing import Any

from flask import Flask

PROBLEM_KEYS = {"type", "title", "status", "detail", "errors", "instance"}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """``response`` is an RFC 9457 problem document with this status; returns its body."""
    assert response.status_code == status, (response.status_code, response.get_data()[:500])
    assert response.mimetype == "application/problem+json", response.mimetype
    body = response.get_json(force=True)
    assert isinstance(body, dict)
    assert body["status"] == status
    assert isinstance(body["type"], str) and body["type"]
    assert isinstance(body["title"], str) and body["title"]
    assert set(body) <= PROBLEM_KEYS, set(body) - PROBLEM_KEYS
    if "detail" in body:
        assert isinstance(body["detail"], str)
    for error in body.get("errors", []):
        assert set(error) == {"field", "message"}, error
        assert all(isinstance(v, str) and v for v in error.values()), error
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text
    return body


def make_key(app: Flask, name: str = "tests") -> str:
    """A fresh API key in the app's store."""
    return app.extensions["recount"]["store"].create_key(name)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


#: What GET shows of a claim that is not the claims file's claim (``put_body``).
_SHOWN_ONLY = ("url", "api_url", "original_url", "sources", "quantities")


def put_body(shown: dict[str, Any]) -> dict[str, Any]:
    """The ``PUT /claims/{id}`` body docs/api.md says to make of a claim as GET shows it:
    ``url`` and ``api_url`` dropped, ``original_url`` as the claim's ``url``, and the
    sources and quantities beside the claim."""
    claim = {k: v for k, v in shown.items() if k not in _SHOWN_ONLY}
    return {"claim": {**claim, "url": shown["original_url"]}, "sources": shown["sources"],
            "quantities": shown["quantities"]}
