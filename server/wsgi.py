"""The module-level app for WSGI servers: ``waitress-serve server.wsgi:app`` or gunicorn."""

from .app import create_app

app = create_app()
