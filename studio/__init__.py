"""Wiring only: settings, URLs, the API router, the Celery app, WSGI/ASGI. No app imports
it (tasks use ``celery.shared_task``); it imports the apps to wire them.
"""

from .celery import app as celery_app

__all__ = ("celery_app",)
