"""The call sheet's pages, in the ``callsheets`` namespace.

The personal pages live at the site's root under ``/c/``, short enough for a text message;
the service worker is served from there too, so its scope covers them.
"""

from django.urls import path

from callsheets import views

app_name = "callsheets"

BASE = "productions/<slug:slug>/callsheets/"
SHEET = f"{BASE}<int:pk>/"

sheet_urlpatterns = [
    path(BASE, views.CallSheetListView.as_view(), name="callsheet_list"),
    path(f"{BASE}generate/", views.CallSheetGenerateView.as_view(), name="callsheet_generate"),
    path(SHEET, views.CallSheetDetailView.as_view(), name="callsheet_detail"),
    path(f"{SHEET}edit/", views.CallSheetEditView.as_view(), name="callsheet_edit"),
    path(f"{SHEET}cast/", views.CallSheetCastView.as_view(), name="callsheet_cast"),
    path(f"{SHEET}crew/", views.CallSheetCrewView.as_view(), name="callsheet_crew"),
    path(f"{SHEET}publish/", views.CallSheetPublishView.as_view(), name="callsheet_publish"),
    path(f"{SHEET}pdf/", views.CallSheetPdfView.as_view(), name="callsheet_pdf"),
    path(f"{SHEET}confirm/", views.CallSheetConfirmView.as_view(), name="callsheet_confirm"),
    path(f"{SHEET}deliveries/", views.DeliveriesView.as_view(), name="callsheet_deliveries"),
    path(
        f"{SHEET}deliveries/live/",
        views.DeliveriesLiveView.as_view(),
        name="callsheet_deliveries_live",
    ),
    path(
        f"{SHEET}deliveries/<int:delivery>/resend/",
        views.DeliveryResendView.as_view(),
        name="callsheet_resend",
    ),
    path(
        f"{SHEET}deliveries/<int:delivery>/revoke/",
        views.LinkRevokeView.as_view(),
        name="callsheet_revoke",
    ),
]

# First: the whole crew opens these at once, and Django tries the patterns in order.
personal_urlpatterns = [
    path("c/sw.js", views.service_worker, name="callsheet_sw"),
    path("c/<str:token>/", views.personal_page, name="callsheet_personal"),
    path("c/<str:token>/confirm/", views.personal_confirm, name="callsheet_personal_confirm"),
    path("c/<str:token>/call.ics", views.personal_ics, name="callsheet_personal_ics"),
    path("c/<str:token>/pdf/", views.personal_pdf, name="callsheet_personal_pdf"),
]

urlpatterns = personal_urlpatterns + sheet_urlpatterns
