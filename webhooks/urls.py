from django.urls import path

from webhooks import views

app_name = "webhooks"

HOOKS = "productions/<slug:slug>/webhooks/"

urlpatterns = [
    path(HOOKS, views.WebhooksView.as_view(), name="webhooks"),
    path(f"{HOOKS}<int:pk>/", views.WebhookDetailView.as_view(), name="webhook_detail"),
    path(f"{HOOKS}<int:pk>/delete/", views.WebhookDeleteView.as_view(), name="webhook_delete"),
    path(
        f"{HOOKS}<int:pk>/deliveries/<int:delivery>/resend/",
        views.WebhookResendView.as_view(),
        name="webhook_resend",
    ),
]
