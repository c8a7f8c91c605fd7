"""The application factory. Nothing happens at import time; ``create_app`` builds an app.

Settings: built-in defaults, then ``RECOUNT_*`` environment variables, then the ``config``
argument (tests pass it). A bad setting stops start-up with a message naming it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import problems
from .settings import load_settings
from .store import open_store

log = logging.getLogger("recount")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build a Recount app; ``config`` overrides settings (keys as in ``SETTINGS``)."""
    app = Flask(__name__)
    settings = load_settings(overrides=config)
    app.config.update(settings)
    app.config["MAX_CONTENT_LENGTH"] = settings["MAX_BODY_BYTES"]
    app.json.sort_keys = False  # keep the documented field order in responses
    if settings["PUBLIC_URL"]:
        from urllib.parse import urlsplit

        parts = urlsplit(settings["PUBLIC_URL"])
        app.config["PREFERRED_URL_SCHEME"] = parts.scheme or "http"

    logging.getLogger("recount").setLevel(settings["LOG_LEVEL"])
    store = open_store(settings["DATABASE"])
    if settings["LOAD_DEMO"] and store.is_empty():
        from .demo import load_demo

        load_demo(store)

    from .engine import MatcherCache

    matchers = MatcherCache(store, threshold=settings["MATCH_THRESHOLD"])
    app.extensions["recount"] = {"store": store, "matcher": matchers.get}

    problems.register(app)
    from . import api, pages

    api.register(app)
    pages.register(app)
    return app
