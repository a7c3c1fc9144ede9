"""The webhooks app's part of the API router."""

from productions.api.routes import PRODUCTION
from webhooks.api import views

# Plain paths (not viewsets) that live under /api/v1/.
extra_urlpatterns: list = []


def register(router) -> None:
    """Register the webhooks app's viewsets."""
    router.register(f"{PRODUCTION}/webhooks", views.WebhookViewSet, basename="webhook")
