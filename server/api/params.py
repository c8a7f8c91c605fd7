"""Query-string parsing shared by the API views, with problem+json errors."""

from __future__ import annotations

from flask import request

from ..problems import ApiError


def int_arg(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"'{name}' must be a whole number",
                       errors=[{"field": name, "message": "not a whole number"}]) from None
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise ApiError(400, f"'{name}' must be {bound}",
                       errors=[{"field": name, "message": f"must be {bound}"}])
    return value


def page_args(default_limit: int = 20, max_limit: int = 100) -> tuple[int, int]:
    return (int_arg("limit", default_limit, minimum=1, maximum=max_limit),
            int_arg("offset", 0, minimum=0))
