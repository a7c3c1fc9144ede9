"""The reports app's part of the API router."""

from productions.api.routes import PRODUCTION
from reports.api import views

# Plain paths (not viewsets) that live under /api/v1/.
extra_urlpatterns: list = []


def register(router) -> None:
    """Register the reports app's viewsets."""
    router.register(f"{PRODUCTION}/reports", views.ReportViewSet, basename="report")
    router.register(f"{PRODUCTION}/dprs", views.DprViewSet, basename="dpr")
