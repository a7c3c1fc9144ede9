"""The REST API's router: each app registers its viewsets in its ``api/routes.py``."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from budgets.api import routes as budget_routes
from callsheets.api import routes as callsheet_routes
from casting.api import routes as casting_routes
from collaboration.api import routes as collaboration_routes
from crew.api import routes as crew_routes
from productions.api import routes as production_routes
from productions.api.views import TokenView
from reports.api import routes as report_routes
from schedules.api import routes as schedule_routes
from shots.api import routes as shot_routes
from webhooks.api import routes as webhook_routes

APPS = [
    production_routes,
    crew_routes,
    schedule_routes,
    shot_routes,
    callsheet_routes,
    report_routes,
    budget_routes,
    casting_routes,
    collaboration_routes,
    webhook_routes,
]

router = DefaultRouter()
for app_routes in APPS:
    app_routes.register(router)

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    *(pattern for app_routes in APPS for pattern in app_routes.extra_urlpatterns),
    path("", include(router.urls)),
]
