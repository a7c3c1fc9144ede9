"""The callsheets app's part of the API router."""

from callsheets.api.views import urlpatterns as callsheet_urlpatterns

# Plain paths (not viewsets) that live under /api/v1/.
extra_urlpatterns: list = list(callsheet_urlpatterns)


def register(router) -> None:
    """Register the callsheets app's viewsets (none: its paths are plain, above)."""
