"""The application factory. Nothing happens at import time; ``create_app`` builds an app.

Settings: built-in defaults, then ``RECOUNT_*`` environment variables, then the ``config``
argument (tests pass it). A bad setting stops start-up with a message naming it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from . import http_setup, logging_setup, problems
from .settings import load_settings
from .store import Store, open_store

log = logging.getLogger("recount")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build a Recount app; ``config`` overrides settings (keys as in ``SETTINGS``)."""
    app = Flask(__name__)
    settings = load_settings(overrides=config)
    app.config.update(settings)
    app.config["MAX_CONTENT_LENGTH"] = settings["MAX_BODY_BYTES"]
    if isinstance(app.json, DefaultJSONProvider):  # always: Flask's default provider
        app.json.sort_keys = False  # keep the documented field order in responses

    logging.getLogger("recount").setLevel(settings["LOG_LEVEL"])
    store = open_store(settings["DATABASE"])
    try:
        _build(app, store, settings)
    except BaseException:
        store.close()  # a bad setting found late must not leave the database open
        raise
    return app


def _build(app: Flask, store: Store, settings: dict[str, Any]) -> None:
    """Fill the app in: demo claims, the matcher, error handlers, HTTP policy, blueprints."""
    if settings["LOAD_DEMO"] and store.is_empty():
        from .demo import load_demo

        load_demo(store)

    from .index.vectors import sentence_vectors
    from .serving import MatcherCache

    matchers = MatcherCache(store, threshold=settings["MATCH_THRESHOLD"],
                            vectors=sentence_vectors(settings["VECTORS"]))
    app.extensions["recount"] = {"store": store, "matcher": matchers.get,
                                 "matchers": matchers}
    # The review page's session cookie is signed with this secret.
    app.secret_key = settings["SECRET_KEY"] or store.secret_key()

    # The access line is registered first so it runs last and logs the final status.
    logging_setup.register(app)
    problems.register(app)
    http_setup.register(app, settings)
    from . import api, pages, review

    api.register(app)
    pages.register(app)
    review.register(app, settings["PUBLIC_URL"])
