"""The REST API's router: every app registers its viewsets here, under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from crew.api.views import AssignmentViewSet, DepartmentViewSet, PersonViewSet
from productions.api.views import MembershipViewSet, ProductionViewSet, TokenView

router = DefaultRouter()
router.register("productions", ProductionViewSet, basename="production")
router.register(r"productions/(?P<slug>[-\w]+)/members", MembershipViewSet, basename="member")
router.register(r"productions/(?P<slug>[-\w]+)/crew", AssignmentViewSet, basename="assignment")
router.register("people", PersonViewSet, basename="person")
router.register("departments", DepartmentViewSet, basename="department")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("", include(router.urls)),
]
