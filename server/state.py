"""The per-application objects views use: the store and the matcher.

They live in ``app.extensions["recount"]`` so several apps (tests) never share state.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from .store import Store


def recount_state() -> dict[str, Any]:
    return current_app.extensions["recount"]


def get_store() -> Store:
    return recount_state()["store"]


def get_matcher() -> Any:
    """The figure engine's matcher, rebuilt when the store's data changed."""
    return recount_state()["matcher"]()
