"""The public HTTP API under /api/v1/: one blueprint per resource."""

from __future__ import annotations

from flask import Blueprint, Flask

from . import claims, health, match


def register(app: Flask) -> None:
    api = Blueprint("api", __name__, url_prefix="/api/v1")
    for module in (health, claims, match):
        api.register_blueprint(module.bp)
    app.register_blueprint(api)
