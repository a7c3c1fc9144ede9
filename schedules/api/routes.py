# Plain paths (not viewsets) that live under /api/v1/, e.g. the stripboard and feeds.
extra_urlpatterns: list = []


def register(router) -> None:
    """Register the schedules app's viewsets."""
