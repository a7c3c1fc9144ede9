"""The REST API's router: each app registers its viewsets in its ``api/routes.py``."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from crew.api import routes as crew_routes
from productions.api import routes as production_routes
from productions.api.views import TokenView
from schedules.api import routes as schedule_routes

router = DefaultRouter()
production_routes.register(router)
crew_routes.register(router)
schedule_routes.register(router)

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    *schedule_routes.extra_urlpatterns,
    path("", include(router.urls)),
]
