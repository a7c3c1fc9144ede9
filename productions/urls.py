from django.urls import path

from productions import views

app_name = "productions"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("productions/new/", views.ProductionCreateView.as_view(), name="create"),
    path("productions/<slug:slug>/", views.ProductionDetailView.as_view(), name="detail"),
    path("productions/<slug:slug>/edit/", views.ProductionEditView.as_view(), name="edit"),
    path("productions/<slug:slug>/delete/", views.ProductionDeleteView.as_view(), name="delete"),
    path("productions/<slug:slug>/members/", views.MembersView.as_view(), name="members"),
    path(
        "productions/<slug:slug>/members/<int:pk>/",
        views.MemberChangeView.as_view(),
        name="member_change",
    ),
]
