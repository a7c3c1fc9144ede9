from crew.api.views import AssignmentViewSet, DepartmentViewSet, PersonViewSet
from productions.api.routes import PRODUCTION


def register(router) -> None:
    router.register(f"{PRODUCTION}/crew", AssignmentViewSet, basename="assignment")
    router.register("people", PersonViewSet, basename="person")
    router.register("departments", DepartmentViewSet, basename="department")


# Plain paths (not viewsets) that live under /api/v1/.
extra_urlpatterns: list = []
