from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from studio import views

urlpatterns = [
    path("accounts/login/", views.ThrottledLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("studio.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its JavaScript as a file, so the docs obey the CSP too.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("healthz/", views.health, name="health"),
    path("readyz/", views.ready, name="ready"),
    # Right after the probes: the whole crew opens its personal call sheets (/c/) at once, and
    # Django tries the patterns in order (each "" include before it is searched in full).
    path("", include("callsheets.urls")),
    path("productions/<slug:slug>/crew/", include("crew.urls")),
    path("", include("schedules.urls")),
    path("", include("shots.urls")),
    path("", include("reports.urls")),
    path("", include("budgets.urls")),
    path("", include("casting.urls")),
    path("", include("collaboration.urls")),
    path("", include("webhooks.urls")),
    path("", include("productions.urls")),
]

handler400 = "studio.views.bad_request"
handler404 = "studio.views.not_found"
handler500 = "studio.views.server_error"
handler403 = "studio.views.forbidden"
