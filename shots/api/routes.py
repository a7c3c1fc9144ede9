"""The shots app's part of the API router."""

# Plain paths (not viewsets) that live under /api/v1/.
extra_urlpatterns: list = []


def register(router) -> None:
    """Register the shots app's viewsets."""
