"""The public HTTP API under /api/v1/: one blueprint per resource, plus its documentation.

The OpenAPI document (``openapi.py``, served at /api/v1/openapi.json) lists every route
registered here; a test fails when they differ. The docs page is /api/docs.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from . import claims, digest, docs, feedback, health, match, page, params, quantities, sources

RESOURCES = (health, docs, match, page, claims, quantities, sources, feedback, digest)


def register(app: Flask) -> None:
    api = Blueprint("api", __name__, url_prefix="/api/v1")
    # Every operation refuses query parameters the OpenAPI document does not give it.
    api.before_request(params.refuse_unknown_args)
    for module in RESOURCES:
        api.register_blueprint(module.bp)
    app.register_blueprint(api)
    app.register_blueprint(docs.page_bp)
